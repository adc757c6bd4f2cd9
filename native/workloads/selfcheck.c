/*
 * ferry-selfcheck - a container that checks its own kernel objects survive a migration.
 *
 *   ferry-selfcheck [--log /var/log/selfcheck.log] [--interval-ms 100] [--port 7000]
 *
 * Made for a container with a network namespace of its own (plain `runc spec`), whose only
 * interface is lo. At start it opens:
 *   - a TCP listener on 127.0.0.1:PORT and one connection to it, kept open (established);
 *   - two UDP sockets on 127.0.0.1 (ports PORT+1 and PORT+2);
 *   - a pipe;
 *   - a timerfd firing every 10 ms.
 * Every interval it uses each of them once: a byte each way over the established connection,
 * a new connection to the listener (accepted and closed), a datagram from one UDP socket to the
 * other, a byte through the pipe, and the timer's expiry count. It then appends one line:
 *
 *   tick <seq> <realtime_ms> ok
 *   tick <seq> <realtime_ms> FAIL <what>: <error>
 *
 * A "start <pid> <realtime_ms>" line comes first. After a migration the log must show one start
 * line, contiguous seqs, and only "ok" lines on the destination.
 */
#define _GNU_SOURCE
#include "common.h"

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/timerfd.h>
#include <unistd.h>

#define USAGE "ferry-selfcheck [--log FILE] [--interval-ms N] [--port N]"
#define WAIT_MS 5000

static struct sockaddr_in loopback(int port)
{
    struct sockaddr_in a;
    memset(&a, 0, sizeof a);
    a.sin_family = AF_INET;
    a.sin_port = htons((uint16_t)port);
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    return a;
}

/* Waits (bounded) until fd is readable; 0 when it is, -1 with errno set otherwise. */
static int wait_readable(int fd)
{
    struct pollfd p = {.fd = fd, .events = POLLIN};
    ferry_timer t;
    ferry_timer_start(&t, WAIT_MS);
    for (;;) {
        int n = ferry_ppoll(&p, 1, &t);
        if (n > 0)
            return 0;
        if (n == 0) {
            errno = ETIMEDOUT;
            return -1;
        }
        if (errno != EINTR || ferry_stop_requested)
            return -1;
    }
}

/* Reads exactly one byte and checks it. */
static int read_byte(int fd, char want)
{
    char c;
    if (wait_readable(fd) < 0)
        return -1;
    ssize_t n = read(fd, &c, 1);
    if (n == 1 && c == want)
        return 0;
    if (n >= 0)
        errno = n == 0 ? ECONNRESET : EPROTO;
    return -1;
}

static int send_byte(int fd, char c)
{
    return write(fd, &c, 1) == 1 ? 0 : -1;
}

static int listen_on(int port)
{
    struct sockaddr_in a = loopback(port);
    int one = 1, fd = socket(AF_INET, SOCK_STREAM, 0);
    if (fd < 0 || setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one) < 0 ||
        bind(fd, (struct sockaddr *)&a, sizeof a) < 0 || listen(fd, 16) < 0)
        return -1;
    return fd;
}

static int connect_to(int port)
{
    struct sockaddr_in a = loopback(port);
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    if (fd < 0 || connect(fd, (struct sockaddr *)&a, sizeof a) < 0) {
        if (fd >= 0)
            close(fd);
        return -1;
    }
    return fd;
}

static int accept_one(int listener)
{
    if (wait_readable(listener) < 0)
        return -1;
    return accept(listener, NULL, NULL);
}

static int udp_on(int port)
{
    struct sockaddr_in a = loopback(port);
    int fd = socket(AF_INET, SOCK_DGRAM, 0);
    if (fd < 0 || bind(fd, (struct sockaddr *)&a, sizeof a) < 0)
        return -1;
    return fd;
}

struct objects {
    int listener, client, server, udp_a, udp_b, pipe_r, pipe_w, timer;
    int port;
};

/* One round; returns NULL when all passed, or what failed (errno says why). */
static const char *round_once(struct objects *o, char tag)
{
    if (send_byte(o->client, tag) < 0 || read_byte(o->server, tag) < 0)
        return "tcp established (client to server)";
    if (send_byte(o->server, tag) < 0 || read_byte(o->client, tag) < 0)
        return "tcp established (server to client)";

    int fresh = connect_to(o->port);
    if (fresh < 0)
        return "tcp listener (connect)";
    int taken = accept_one(o->listener);
    close(fresh);
    if (taken < 0)
        return "tcp listener (accept)";
    close(taken);

    struct sockaddr_in b = loopback(o->port + 2);
    if (sendto(o->udp_a, &tag, 1, 0, (struct sockaddr *)&b, sizeof b) != 1 || read_byte(o->udp_b, tag) < 0)
        return "udp";

    if (send_byte(o->pipe_w, tag) < 0 || read_byte(o->pipe_r, tag) < 0)
        return "pipe";

    uint64_t expirations = 0;
    if (wait_readable(o->timer) < 0 || read(o->timer, &expirations, sizeof expirations) != sizeof expirations)
        return "timer";
    if (expirations == 0) {
        errno = EPROTO;
        return "timer";
    }
    return NULL;
}

int main(int argc, char **argv)
{
    const char *log_path = "/var/log/selfcheck.log";
    int64_t interval_ms = 100, port = 7000;
    const struct ferry_opt opts[] = {
        {"log", FERRY_OPT_STR, &log_path, 0, 0, 0},
        {"interval-ms", FERRY_OPT_INT, &interval_ms, 1, 3600000, 0},
        {"port", FERRY_OPT_INT, &port, 1, 65000, 0},
    };
    ferry_parse_args(argc, argv, opts, sizeof opts / sizeof opts[0], USAGE);

    int log = ferry_log_open("ferry-selfcheck", log_path);
    ferry_signals_init(0);

    struct objects o = {.port = (int)port};
    int fds[2];
    struct itimerspec every = {.it_interval = {0, 10 * 1000000}, .it_value = {0, 10 * 1000000}};
    o.listener = listen_on(o.port);
    o.client = o.listener < 0 ? -1 : connect_to(o.port);
    o.server = o.client < 0 ? -1 : accept_one(o.listener);
    o.udp_a = udp_on(o.port + 1);
    o.udp_b = udp_on(o.port + 2);
    o.timer = timerfd_create(CLOCK_MONOTONIC, TFD_NONBLOCK);
    if (o.server < 0 || o.udp_a < 0 || o.udp_b < 0 || o.timer < 0 || pipe2(fds, O_NONBLOCK) < 0 ||
        timerfd_settime(o.timer, 0, &every, NULL) < 0) {
        ferry_log(log, "setup failed: %s", strerror(errno));
        fprintf(stderr, "ferry-selfcheck: setup failed: %s\n", strerror(errno));
        return 1;
    }
    o.pipe_r = fds[0];
    o.pipe_w = fds[1];

    ferry_log(log, "start %d %lld", (int)getpid(), (long long)ferry_now_ms());
    int64_t seq = 0;
    while (!ferry_stop_requested) {
        ferry_sleep_ms(interval_ms);
        if (ferry_stop_requested)
            break;
        seq++;
        const char *failed = round_once(&o, (char)('a' + seq % 26));
        if (failed == NULL)
            ferry_log(log, "tick %lld %lld ok", (long long)seq, (long long)ferry_now_ms());
        else
            ferry_log(log, "tick %lld %lld FAIL %s: %s", (long long)seq, (long long)ferry_now_ms(), failed, strerror(errno));
    }
    ferry_log(log, "stop %d %lld checks=%lld", (int)getpid(), (long long)ferry_now_ms(), (long long)seq);
    return 0;
}
