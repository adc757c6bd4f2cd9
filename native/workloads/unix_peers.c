/*
 * ferry-unix-peers - unix sockets as a container holds them, for the
 * pre-flight's look at what CRIU cannot move.
 *
 *   ferry-unix-peers [--own PATH] [--connect PATH] [--log FILE] [--interval-ms 100]
 *
 * --own PATH: listens on PATH, forks a helper that connects to it, accepts
 * that connection, and makes a socketpair with the helper. Every interval the
 * main process sends one byte over the accepted connection and one over the
 * socketpair; the helper echoes both. Each round trip that comes back logs
 * "ok <seq> <realtime_ms>"; one that fails logs "fail <seq> <what>". Both ends of
 * everything are inside the container, so CRIU can move all of it.
 *
 * --connect PATH: connects to PATH (retrying for up to 30 s while it does not
 * exist yet) and holds the connection open, logging "connected <realtime_ms>".
 * A listener outside the container makes this the socket CRIU cannot move
 * ("External socket is used").
 *
 * The helper ends when the socketpair reads end-of-file, so it never outlives
 * the main process.
 */
#define _GNU_SOURCE
#include "common.h"

#include <errno.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>

#define USAGE "ferry-unix-peers [--own PATH] [--connect PATH] [--log FILE] [--interval-ms N]"
/* How long --connect waits for its listener to appear, and how long an echo may take. */
#define CONNECT_WAIT_MS 30000
#define ECHO_WAIT_MS 2000

static int unix_address(const char *path, struct sockaddr_un *a)
{
    memset(a, 0, sizeof *a);
    a->sun_family = AF_UNIX;
    if (strlen(path) >= sizeof a->sun_path)
        return -1;
    strcpy(a->sun_path, path);
    return 0;
}

static int connect_to(const char *path, int64_t wait_ms)
{
    struct sockaddr_un a;
    if (unix_address(path, &a) < 0)
        return -1;
    ferry_timer t;
    ferry_timer_start(&t, wait_ms);
    for (;;) {
        int s = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
        if (s < 0)
            return -1;
        if (connect(s, (struct sockaddr *)&a, sizeof a) == 0)
            return s;
        close(s);
        if (ferry_timer_left_ns(&t) == 0 || ferry_stop_requested)
            return -1;
        ferry_sleep_ms(100);
    }
}

/* The helper: echoes every byte on both of its sockets until either ends. */
static void echo_forever(int a, int b)
{
    struct pollfd fds[2] = {{.fd = a, .events = POLLIN}, {.fd = b, .events = POLLIN}};
    for (;;) {
        if (ferry_ppoll(fds, 2, NULL) < 0) {
            if (errno == EINTR && !ferry_stop_requested)
                continue;
            return;
        }
        for (int i = 0; i < 2; i++) {
            if (!(fds[i].revents & (POLLIN | POLLHUP | POLLERR)))
                continue;
            char c;
            if (read(fds[i].fd, &c, 1) != 1 || write(fds[i].fd, &c, 1) != 1)
                return;
        }
    }
}

/* Sends one byte on s and waits for it to come back. */
static int round_trip(int s)
{
    char c = 'p';
    if (write(s, &c, 1) != 1)
        return -1;
    struct pollfd p = {.fd = s, .events = POLLIN};
    ferry_timer t;
    ferry_timer_start(&t, ECHO_WAIT_MS);
    while (ferry_ppoll(&p, 1, &t) < 0) {
        if (errno != EINTR || ferry_stop_requested)
            return -1;
    }
    return (p.revents & POLLIN) && read(s, &c, 1) == 1 && c == 'p' ? 0 : -1;
}

int main(int argc, char **argv)
{
    const char *own = "";
    const char *external = "";
    const char *log_path = "/var/log/unix-peers.log";
    int64_t interval_ms = 100;
    const struct ferry_opt opts[] = {
        {"own", FERRY_OPT_STR, &own, 0, 0, 0},
        {"connect", FERRY_OPT_STR, &external, 0, 0, 0},
        {"log", FERRY_OPT_STR, &log_path, 0, 0, 0},
        {"interval-ms", FERRY_OPT_INT, &interval_ms, 1, 3600000, 0},
    };
    ferry_parse_args(argc, argv, opts, sizeof opts / sizeof opts[0], USAGE);

    int log = ferry_log_open("ferry-unix-peers", log_path);
    ferry_signals_init(0);
    ferry_log(log, "start %d %lld", (int)getpid(), (long long)ferry_now_ms());

    int conn = -1, pair = -1;
    if (*own) {
        struct sockaddr_un a;
        int l = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
        int sv[2];
        if (unix_address(own, &a) < 0 || l < 0 || (unlink(own) < 0 && errno != ENOENT) ||
            bind(l, (struct sockaddr *)&a, sizeof a) < 0 || listen(l, 16) < 0 ||
            socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv) < 0) {
            ferry_log(log, "fail 0 cannot listen on %s: %s", own, strerror(errno));
            return 1;
        }
        pid_t helper = fork();
        if (helper < 0) {
            ferry_log(log, "fail 0 cannot fork: %s", strerror(errno));
            return 1;
        }
        if (helper == 0) {
            close(sv[0]);
            close(l);
            int c = connect_to(own, ECHO_WAIT_MS);
            if (c >= 0)
                echo_forever(c, sv[1]);
            _exit(0);
        }
        close(sv[1]);
        pair = sv[0];
        conn = accept4(l, NULL, NULL, SOCK_CLOEXEC);
        if (conn < 0) {
            ferry_log(log, "fail 0 cannot accept: %s", strerror(errno));
            return 1;
        }
        /* The listener stays open: a container's own listening socket is something CRIU moves. */
        ferry_log(log, "own %s %lld", own, (long long)ferry_now_ms());
    }
    int ext = -1;
    if (*external) {
        ext = connect_to(external, CONNECT_WAIT_MS);
        if (ext < 0) {
            ferry_log(log, "fail 0 cannot connect to %s: %s", external, strerror(errno));
            return 1;
        }
        ferry_log(log, "connected %s %lld", external, (long long)ferry_now_ms());
    }

    int64_t seq = 0;
    while (!ferry_stop_requested) {
        ferry_sleep_ms(interval_ms);
        if (ferry_stop_requested || conn < 0)
            continue;
        seq++;
        if (round_trip(conn) < 0)
            ferry_log(log, "fail %lld connection", (long long)seq);
        else if (round_trip(pair) < 0)
            ferry_log(log, "fail %lld socketpair", (long long)seq);
        else
            ferry_log(log, "ok %lld %lld", (long long)seq, (long long)ferry_now_ms());
    }
    if (pair >= 0) {
        close(pair);
        wait(NULL);
    }
    ferry_log(log, "stop %d %lld rounds=%lld", (int)getpid(), (long long)ferry_now_ms(), (long long)seq);
    (void)ext;
    return 0;
}
