/*
 * ferry-http-load - what clients of a web server see while it migrates.
 *
 *   ferry-http-load --host A.B.C.D [--port 80] [--path /small] [--interval-ms 50]
 *                   [--seconds 60] [--timeout-ms 20000] [--log FILE]
 *                   [--download /big --out FILE [--rate-kib 100]]
 *
 * Opens a new connection every interval (a new one also while earlier ones still wait, up to 256
 * at a time), sends "GET PATH HTTP/1.0", reads the whole answer and checks its status is 200. One
 * line per request, written when it ends:
 *
 *   req <seq> <start_ms> <end_ms> ok <bytes>
 *   req <seq> <start_ms> <end_ms> FAIL <reason>
 *
 * With --download, one more connection fetches that path over its whole length, read at most
 * --rate-kib KiB a second, its body written to --out; when it ends:
 *
 *   download <start_ms> <end_ms> ok <bytes> max_gap_ms=<longest wait between two reads that gave data>
 *   download <start_ms> <end_ms> FAIL <reason> <bytes>
 *
 * It stops starting requests after --seconds, or at SIGTERM (the download then reads at full speed), waits
 * for those under way (each bounded by --timeout-ms) and for the download, then prints one line on stdout
 * and exits 0 if nothing failed:
 *
 *   load done sent=<n> ok=<n> failed=<n> max_ms=<longest request> download=<ok|failed|none>
 */
#define _GNU_SOURCE
#include "common.h"

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#define USAGE                                                                                           \
    "ferry-http-load --host A.B.C.D [--port 80] [--path /small] [--interval-ms 50] [--seconds 60] "   \
    "[--timeout-ms 20000] [--log FILE] [--download PATH --out FILE [--rate-kib 100]]"
#define MAX_OPEN 256
#define HEAD_MAX 64

struct request {
    int fd;                 /* -1: slot free */
    int64_t seq, start_ms;
    int sent;               /* the GET is written */
    int64_t bytes;          /* bytes of the answer so far */
    char head[HEAD_MAX];    /* its first bytes, for the status line */
    ferry_timer deadline;
};

struct download {
    int fd, sent, in_body, done, failed;
    int64_t start_ms, bytes, body, last_data_ms, max_gap_ms, budget, last_refill_ms;
    int out;
    char tail[4];           /* the last bytes of the head, to find its end across reads */
    ferry_timer deadline;
};

static struct sockaddr_in server;
static const char *path = "/small";
static const char *download_path = NULL;

static int open_connection(void)
{
    int fd = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    if (fd < 0)
        return -1;
    if (connect(fd, (struct sockaddr *)&server, sizeof server) < 0 && errno != EINPROGRESS) {
        close(fd);
        return -1;
    }
    return fd;
}

/* Sends the whole GET; the connection is new, so its buffer takes the few bytes at once. */
static int send_get(int fd, const char *p)
{
    char get[512];
    int n = snprintf(get, sizeof get, "GET %s HTTP/1.0\r\nHost: ferry\r\n\r\n", p);
    int err = 0;
    socklen_t len = sizeof err;
    if (getsockopt(fd, SOL_SOCKET, SO_ERROR, &err, &len) < 0 || err != 0) {
        errno = err ? err : errno;
        return -1;
    }
    return write(fd, get, (size_t)n) == n ? 0 : -1;
}

static int status_ok(const char *head)
{
    return strncmp(head, "HTTP/1.", 7) == 0 && strncmp(head + 8, " 200", 4) == 0;
}

static void finish_request(int log, struct request *r, const char *fail, int *failed, int64_t *ok, int64_t *max_ms)
{
    int64_t end = ferry_now_ms();
    if (fail == NULL && !status_ok(r->head))
        fail = "status not 200";
    if (fail == NULL) {
        ferry_log(log, "req %lld %lld %lld ok %lld", (long long)r->seq, (long long)r->start_ms, (long long)end, (long long)r->bytes);
        (*ok)++;
    } else {
        ferry_log(log, "req %lld %lld %lld FAIL %s", (long long)r->seq, (long long)r->start_ms, (long long)end, fail);
        (*failed)++;
    }
    if (end - r->start_ms > *max_ms)
        *max_ms = end - r->start_ms;
    close(r->fd);
    r->fd = -1;
}

/* One step of a request whose socket is ready. */
static void step_request(int log, struct request *r, short revents, int *failed, int64_t *ok, int64_t *max_ms)
{
    if (!r->sent) {
        if (!(revents & (POLLOUT | POLLERR | POLLHUP)))
            return;
        if (send_get(r->fd, path) < 0) {
            finish_request(log, r, strerror(errno), failed, ok, max_ms);
            return;
        }
        r->sent = 1;
        return;
    }
    char buf[4096];
    ssize_t n = read(r->fd, buf, sizeof buf);
    if (n > 0) {
        if (r->bytes < HEAD_MAX - 1) {
            size_t take = (size_t)n < (size_t)(HEAD_MAX - 1 - r->bytes) ? (size_t)n : (size_t)(HEAD_MAX - 1 - r->bytes);
            memcpy(r->head + r->bytes, buf, take);
        }
        r->bytes += n;
    } else if (n == 0) {
        finish_request(log, r, r->bytes > 0 ? NULL : "closed before any answer", failed, ok, max_ms);
    } else if (errno != EAGAIN && errno != EINTR) {
        finish_request(log, r, strerror(errno), failed, ok, max_ms);
    }
}

static void end_download(int log, struct download *d, const char *fail)
{
    int64_t end = ferry_now_ms();
    if (fail == NULL)
        ferry_log(log, "download %lld %lld ok %lld max_gap_ms=%lld", (long long)d->start_ms, (long long)end, (long long)d->body,
                  (long long)d->max_gap_ms);
    else
        ferry_log(log, "download %lld %lld FAIL %s %lld", (long long)d->start_ms, (long long)end, fail, (long long)d->body);
    d->failed = fail != NULL;
    d->done = 1;
    close(d->fd);
    d->fd = -1;
}

/* Writes the part of buf that is body, finding the end of the head ("\r\n\r\n") across reads. */
static int take_download(struct download *d, const char *buf, ssize_t n)
{
    ssize_t i = 0;
    while (!d->in_body && i < n) {
        memmove(d->tail, d->tail + 1, 3);
        d->tail[3] = buf[i++];
        if (memcmp(d->tail, "\r\n\r\n", 4) == 0)
            d->in_body = 1;
    }
    if (d->in_body && i < n) {
        if (write(d->out, buf + i, (size_t)(n - i)) != n - i)
            return -1;
        d->body += n - i;
    }
    return 0;
}

/* The bytes the download may read now: --rate-kib a second, at most a tenth of a second's worth saved up. */
static void refill(struct download *d, int64_t rate_bytes)
{
    int64_t now = ferry_now_ms();
    if (now > d->last_refill_ms) {
        d->budget += (now - d->last_refill_ms) * rate_bytes / 1000;
        if (d->budget > rate_bytes / 10 + 4096)
            d->budget = rate_bytes / 10 + 4096;
        d->last_refill_ms = now;
    }
}

static void step_download(int log, struct download *d, short revents)
{
    if (!d->sent) {
        if (!(revents & (POLLOUT | POLLERR | POLLHUP)))
            return;
        if (send_get(d->fd, download_path) < 0) {
            end_download(log, d, strerror(errno));
            return;
        }
        d->sent = 1;
        return;
    }
    int64_t now = ferry_now_ms();
    if (d->budget <= 0)
        return;
    char buf[65536];
    size_t want = d->budget < (int64_t)sizeof buf ? (size_t)d->budget : sizeof buf;
    ssize_t n = read(d->fd, buf, want);
    if (n > 0) {
        if (d->last_data_ms && now - d->last_data_ms > d->max_gap_ms)
            d->max_gap_ms = now - d->last_data_ms;
        d->last_data_ms = now;
        d->budget -= n;
        d->bytes += n;
        if (take_download(d, buf, n) < 0)
            end_download(log, d, "cannot write the output file");
    } else if (n == 0) {
        end_download(log, d, d->in_body ? NULL : "closed before the body");
    } else if (errno != EAGAIN && errno != EINTR) {
        end_download(log, d, strerror(errno));
    }
}

int main(int argc, char **argv)
{
    const char *host = NULL, *log_path = "/dev/null", *out_path = NULL;
    int64_t port = 80, interval_ms = 50, seconds = 60, timeout_ms = 20000, rate_kib = 100;
    const struct ferry_opt opts[] = {
        {"host", FERRY_OPT_STR, &host, 0, 0, 1},
        {"port", FERRY_OPT_INT, &port, 1, 65535, 0},
        {"path", FERRY_OPT_STR, &path, 0, 0, 0},
        {"interval-ms", FERRY_OPT_INT, &interval_ms, 1, 60000, 0},
        {"seconds", FERRY_OPT_INT, &seconds, 1, 3600, 0},
        {"timeout-ms", FERRY_OPT_INT, &timeout_ms, 100, 600000, 0},
        {"log", FERRY_OPT_STR, &log_path, 0, 0, 0},
        {"download", FERRY_OPT_STR, &download_path, 0, 0, 0},
        {"out", FERRY_OPT_STR, &out_path, 0, 0, 0},
        {"rate-kib", FERRY_OPT_INT, &rate_kib, 1, 1048576, 0},
    };
    ferry_parse_args(argc, argv, opts, sizeof opts / sizeof opts[0], USAGE);
    memset(&server, 0, sizeof server);
    server.sin_family = AF_INET;
    server.sin_port = htons((uint16_t)port);
    if (inet_pton(AF_INET, host, &server.sin_addr) != 1) {
        fprintf(stderr, "ferry-http-load: --host %s is not an IPv4 address; usage: %s\n", host, USAGE);
        return 2;
    }
    if ((download_path == NULL) != (out_path == NULL)) {
        fprintf(stderr, "ferry-http-load: --download and --out go together; usage: %s\n", USAGE);
        return 2;
    }
    int log = ferry_log_open("ferry-http-load", log_path);
    ferry_signals_init(0);

    static struct request reqs[MAX_OPEN];
    for (int i = 0; i < MAX_OPEN; i++)
        reqs[i].fd = -1;
    struct download d = {.fd = -1, .out = -1, .done = 1};
    int64_t rate_bytes = rate_kib * 1024;
    if (download_path != NULL) {
        d.out = open(out_path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
        d.fd = d.out < 0 ? -1 : open_connection();
        if (d.fd < 0) {
            fprintf(stderr, "ferry-http-load: cannot start the download: %s\n", strerror(errno));
            return 1;
        }
        d.done = 0;
        d.start_ms = d.last_refill_ms = ferry_now_ms();
        ferry_timer_start(&d.deadline, seconds * 1000 + timeout_ms * 10);
    }

    ferry_timer run, next;
    ferry_timer_start(&run, seconds * 1000);
    ferry_timer_start(&next, 0);
    int64_t seq = 0, ok = 0, max_ms = 0;
    int failed = 0, starting = 1;
    for (;;) {
        if (starting && (ferry_timer_left_ns(&run) == 0 || ferry_stop_requested))
            starting = 0;
        if (ferry_stop_requested)
            rate_bytes = 1 << 30;
        if (starting && ferry_timer_left_ns(&next) == 0) {
            ferry_timer_start(&next, interval_ms);
            int slot = -1;
            for (int i = 0; i < MAX_OPEN && slot < 0; i++)
                if (reqs[i].fd < 0)
                    slot = i;
            seq++;
            if (slot < 0) {
                ferry_log(log, "req %lld %lld %lld FAIL too many requests waiting", (long long)seq, (long long)ferry_now_ms(),
                          (long long)ferry_now_ms());
                failed++;
            } else {
                struct request *r = &reqs[slot];
                memset(r, 0, sizeof *r);
                r->seq = seq;
                r->start_ms = ferry_now_ms();
                r->fd = open_connection();
                ferry_timer_start(&r->deadline, timeout_ms);
                if (r->fd < 0) {
                    ferry_log(log, "req %lld %lld %lld FAIL connect: %s", (long long)seq, (long long)r->start_ms,
                              (long long)ferry_now_ms(), strerror(errno));
                    failed++;
                }
            }
        }
        struct pollfd pfd[MAX_OPEN + 1];
        int idx[MAX_OPEN + 1], n = 0, open_reqs = 0;
        for (int i = 0; i < MAX_OPEN; i++) {
            struct request *r = &reqs[i];
            if (r->fd < 0)
                continue;
            if (ferry_timer_left_ns(&r->deadline) == 0) {
                finish_request(log, r, "timed out", &failed, &ok, &max_ms);
                continue;
            }
            pfd[n] = (struct pollfd){.fd = r->fd, .events = r->sent ? POLLIN : POLLOUT};
            idx[n++] = i;
            open_reqs++;
        }
        if (!d.done && ferry_timer_left_ns(&d.deadline) == 0)
            end_download(log, &d, "timed out");
        if (!d.done) {
            refill(&d, rate_bytes);
            if (!d.sent || d.budget > 0) {
                pfd[n] = (struct pollfd){.fd = d.fd, .events = d.sent ? POLLIN : POLLOUT};
                idx[n++] = -1;
            }
        }
        if (!starting && open_reqs == 0 && d.done)
            break;
        ferry_timer tick;
        ferry_timer_start(&tick, 10);
        if (ferry_ppoll(pfd, (nfds_t)n, &tick) < 0 && errno != EINTR)
            break;
        for (int k = 0; k < n; k++) {
            if (idx[k] < 0) {
                if (pfd[k].revents)
                    step_download(log, &d, pfd[k].revents);
            } else if (pfd[k].revents) {
                step_request(log, &reqs[idx[k]], pfd[k].revents, &failed, &ok, &max_ms);
            }
        }
    }
    if (d.out >= 0)
        close(d.out);
    const char *dl = download_path == NULL ? "none" : (d.done && !d.failed ? "ok" : "failed");
    printf("load done sent=%lld ok=%lld failed=%d max_ms=%lld download=%s\n", (long long)seq, (long long)ok, failed, (long long)max_ms, dl);
    return failed == 0 && strcmp(dl, "failed") != 0 ? 0 : 1;
}
