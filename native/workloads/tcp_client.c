/*
 * ferry-tcp-client - drives ferry-tcp-server across a migration and checks
 * that the one TCP connection it opened keeps working.
 *
 *   ferry-tcp-client --host IPV4 [--port 7000] [--count 100]
 *                    [--interval-ms 100] [--timeout-ms 30000] [--log FILE]
 *
 * Connects once, then for i = 1..count sends "ping <i>\n" and waits for
 * exactly "ok <i> ping <i>\n", sleeping interval-ms after each reply. Every
 * wait (connect, send, reply) is bounded by timeout-ms, so the whole run is
 * bounded by count and time. It never reconnects: success means every reply
 * came back correct on the SAME connection.
 *
 * The result is one line on stdout (and in the log, if any):
 *   client done sent=<n> ok=<n> maxgap_ms=<g> errors=0          exit 0
 *   client FAIL sent=<n> ok=<n> maxgap_ms=<g> errors=1 reason=... exit 1
 * maxgap_ms is the largest wall-clock gap between two consecutive replies.
 */
#define _GNU_SOURCE
#include "common.h"

#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#define USAGE "ferry-tcp-client --host IPV4 [--port N] [--count N] [--interval-ms N]" \
              " [--timeout-ms N] [--log FILE]"

static int log_fd = -1;
static int64_t timeout_ms = 30000;

/* Progress, reported in the final line. */
static long long sent, ok;
static long long max_gap_ms;

/* Outcome of one bounded step. */
enum step { STEP_OK, STEP_STOP, STEP_FAIL };

/* Why a step failed; filled in by the failing step. */
static const char *fail_reason = "";
static int fail_errno;
static char fail_got[128]; /* a wrong reply, made printable */

static enum step fail(const char *reason, int err)
{
    fail_reason = reason;
    fail_errno = err;
    return STEP_FAIL;
}

/* Waits for `events` on fd within one timeout. */
static enum step wait_for(int fd, short events, ferry_timer *t)
{
    for (;;) {
        if (ferry_stop_requested)
            return STEP_STOP;
        if (ferry_timer_left_ns(t) == 0)
            return fail("timeout", 0);
        struct pollfd p = {.fd = fd, .events = events, .revents = 0};
        int r = ferry_ppoll(&p, 1, t);
        if (r > 0)
            return STEP_OK; /* ready, or an error the next call will report */
        if (r < 0 && errno != EINTR)
            return fail("io", errno);
    }
}

static enum step connect_to(const struct sockaddr_in *sa, int *out_fd)
{
    int fd = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    if (fd < 0)
        return fail("connect", errno);
    *out_fd = fd;
    if (connect(fd, (const struct sockaddr *)sa, sizeof *sa) == 0)
        return STEP_OK;
    if (errno != EINPROGRESS)
        return fail("connect", errno);

    ferry_timer t;
    ferry_timer_start(&t, timeout_ms);
    enum step s = wait_for(fd, POLLOUT, &t);
    if (s == STEP_FAIL && strcmp(fail_reason, "timeout") == 0)
        return fail("connect", ETIMEDOUT);
    if (s != STEP_OK)
        return s;

    int err = 0;
    socklen_t len = sizeof err;
    getsockopt(fd, SOL_SOCKET, SO_ERROR, &err, &len);
    if (err != 0)
        return fail("connect", err);

    int one = 1;
    setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    return STEP_OK;
}

static enum step send_all(int fd, const char *buf, size_t len)
{
    ferry_timer t;
    ferry_timer_start(&t, timeout_ms);
    while (len > 0) {
        ssize_t n = send(fd, buf, len, MSG_NOSIGNAL | MSG_DONTWAIT);
        if (n > 0) {
            buf += n;
            len -= (size_t)n;
            continue;
        }
        if (n < 0 && errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR)
            return fail(errno == ECONNRESET || errno == EPIPE ? "reset" : "io", errno);
        enum step s = wait_for(fd, POLLOUT, &t);
        if (s != STEP_OK)
            return s;
    }
    return STEP_OK;
}

/* Bytes received but not yet consumed as a line. */
static char rbuf[256];
static size_t rlen;

/* Keeps a copy of a wrong reply for the FAIL line, with odd bytes as '?'. */
static void remember_got(const char *s, size_t len)
{
    size_t n = len < sizeof fail_got - 1 ? len : sizeof fail_got - 1;
    for (size_t i = 0; i < n; i++)
        fail_got[i] = (s[i] >= 0x20 && s[i] < 0x7f && s[i] != '"') ? s[i] : '?';
    fail_got[n] = '\0';
}

/* Reads one '\n'-terminated line (returned without the '\n') within one timeout. */
static enum step read_line(int fd, char *line, size_t cap)
{
    ferry_timer t;
    ferry_timer_start(&t, timeout_ms);
    for (;;) {
        char *nl = memchr(rbuf, '\n', rlen);
        if (nl) {
            size_t len = (size_t)(nl - rbuf);
            if (len >= cap) {
                remember_got(rbuf, len);
                return fail("bad-reply", 0);
            }
            memcpy(line, rbuf, len);
            line[len] = '\0';
            memmove(rbuf, nl + 1, rlen - len - 1);
            rlen -= len + 1;
            return STEP_OK;
        }
        if (rlen == sizeof rbuf) {
            remember_got(rbuf, rlen);
            return fail("bad-reply", 0); /* far longer than any valid reply */
        }

        ssize_t n = recv(fd, rbuf + rlen, sizeof rbuf - rlen, MSG_DONTWAIT);
        if (n > 0) {
            rlen += (size_t)n;
            continue;
        }
        if (n == 0) {
            if (rlen > 0)
                remember_got(rbuf, rlen);
            return fail("eof", 0);
        }
        if (errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR)
            return fail(errno == ECONNRESET ? "reset" : "io", errno);
        enum step s = wait_for(fd, POLLIN, &t);
        if (s != STEP_OK)
            return s;
    }
}

/* Writes the final line to stdout and the log, then exits. */
static void finish(enum step s, long long ping)
{
    char line[FERRY_LOG_LINE_MAX];
    int code = 0;

    if (s == STEP_STOP) {
        snprintf(line, sizeof line, "stop %d %lld sent=%lld ok=%lld maxgap_ms=%lld",
                 (int)getpid(), (long long)ferry_now_ms(), sent, ok, max_gap_ms);
    } else if (s == STEP_OK) {
        snprintf(line, sizeof line, "client done sent=%lld ok=%lld maxgap_ms=%lld errors=0",
                 sent, ok, max_gap_ms);
    } else {
        int len = snprintf(line, sizeof line,
                           "client FAIL sent=%lld ok=%lld maxgap_ms=%lld errors=1 reason=%s ping=%lld",
                           sent, ok, max_gap_ms, fail_reason, ping);
        if (fail_errno && len > 0 && (size_t)len < sizeof line)
            len += snprintf(line + len, sizeof line - (size_t)len, " errno=%s",
                            strerrorname_np(fail_errno) ? strerrorname_np(fail_errno) : "?");
        if (fail_got[0] && len > 0 && (size_t)len < sizeof line)
            snprintf(line + len, sizeof line - (size_t)len, " got=\"%s\"", fail_got);
        code = 1;
    }
    ferry_log(STDOUT_FILENO, "%s", line);
    ferry_log(log_fd, "%s", line);
    exit(code);
}

int main(int argc, char **argv)
{
    const char *host = NULL, *log_path = NULL;
    int64_t port = 7000, count = 100, interval_ms = 100;
    const struct ferry_opt opts[] = {
        {"host", FERRY_OPT_STR, &host, 0, 0, 1},
        {"port", FERRY_OPT_INT, &port, 1, 65535, 0},
        {"count", FERRY_OPT_INT, &count, 1, 100000000, 0},
        {"interval-ms", FERRY_OPT_INT, &interval_ms, 0, 3600000, 0},
        {"timeout-ms", FERRY_OPT_INT, &timeout_ms, 1, 86400000, 0},
        {"log", FERRY_OPT_STR, &log_path, 0, 0, 0},
    };
    ferry_parse_args(argc, argv, opts, sizeof opts / sizeof opts[0], USAGE);

    struct sockaddr_in sa;
    memset(&sa, 0, sizeof sa);
    sa.sin_family = AF_INET;
    sa.sin_port = htons((uint16_t)port);
    if (inet_pton(AF_INET, host, &sa.sin_addr) != 1) {
        fprintf(stderr, "ferry-tcp-client: '%s' is not an IPv4 address; usage: %s\n", host, USAGE);
        return 2;
    }

    if (log_path)
        log_fd = ferry_log_open("ferry-tcp-client", log_path);
    ferry_signals_init(0);

    int fd = -1;
    enum step s = connect_to(&sa, &fd);
    if (s != STEP_OK)
        finish(s, 0);
    ferry_log(log_fd, "start %d %lld peer=%s:%lld", (int)getpid(), (long long)ferry_now_ms(),
              host, (long long)port);

    int64_t last_reply_ms = 0;
    for (long long i = 1; i <= count; i++) {
        if (i > 1 && ferry_sleep_ms(interval_ms) > 0)
            finish(STEP_STOP, i); /* only SIGTERM/SIGINT cut the sleep short */

        char msg[64], want[80], got[128];
        int len = snprintf(msg, sizeof msg, "ping %lld\n", i);
        if ((s = send_all(fd, msg, (size_t)len)) != STEP_OK)
            finish(s, i);
        sent++;

        if ((s = read_line(fd, got, sizeof got)) != STEP_OK)
            finish(s, i);
        snprintf(want, sizeof want, "ok %lld ping %lld", i, i);
        if (strcmp(got, want) != 0) {
            remember_got(got, strlen(got));
            finish(fail("bad-reply", 0), i);
        }

        int64_t now = ferry_now_ms();
        if (ok > 0 && now - last_reply_ms > max_gap_ms)
            max_gap_ms = now - last_reply_ms;
        last_reply_ms = now;
        ok++;
        ferry_log(log_fd, "reply %lld %lld", i, (long long)now);
    }

    close(fd);
    finish(STEP_OK, count);
    return 0;
}
