/*
 * ferry-tcp-server - a line-echo server whose established connections must
 * survive a live migration.
 *
 *   ferry-tcp-server [--port 7000] [--log /var/log/tcp-server.log]
 *
 * Listens on 0.0.0.0:port (IPv4). For every line L received on a connection it
 * replies "ok <n> <L>\n", n counting the lines of that connection from 1. A
 * line ends at '\n'; one '\r' before it is dropped. Partial lines are kept
 * until the rest arrives. Single-threaded, one ppoll() loop, at most
 * MAX_CLIENTS connections at a time.
 *
 * Flow control: a connection's replies go to an output buffer. While that
 * buffer is too full for another reply, the connection's input is not read,
 * so a client that does not read its replies slows down only itself.
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

#define USAGE "ferry-tcp-server [--port N] [--log FILE]"

#define MAX_CLIENTS 64
#define IN_CAP 4096           /* longest accepted line: IN_CAP - 1 bytes + '\n' */
#define REPLY_OVERHEAD 32     /* "ok " + up to 20 digits + " " + "\n", rounded up */
#define OUT_CAP (2 * IN_CAP)  /* always room for at least one maximal reply */
#define ACCEPTS_PER_ROUND 16  /* bounds the accept loop; the rest wait a round */

struct conn {
    int fd;              /* -1: slot free */
    int eof;             /* the peer will send nothing more */
    char peer[32];       /* "a.b.c.d:port" */
    unsigned long long lines;
    size_t in_len;
    size_t out_len;
    char in[IN_CAP];
    char out[OUT_CAP];
};

static struct conn conns[MAX_CLIENTS];
static unsigned long long total_lines; /* over all connections, ever */
static int log_fd = -1;

static void format_peer(const struct sockaddr_in *sa, char *buf, size_t cap)
{
    char ip[INET_ADDRSTRLEN] = "?";
    inet_ntop(AF_INET, &sa->sin_addr, ip, sizeof ip);
    snprintf(buf, cap, "%s:%u", ip, (unsigned)ntohs(sa->sin_port));
}

static void conn_close(struct conn *c)
{
    ferry_log(log_fd, "close %s lines=%llu", c->peer, c->lines);
    close(c->fd);
    c->fd = -1;
}

/* Answers the complete lines in c->in while the replies fit in c->out. */
static void answer_lines(struct conn *c)
{
    size_t off = 0;
    while (off < c->in_len) {
        char *line = c->in + off;
        char *nl = memchr(line, '\n', c->in_len - off);
        if (!nl)
            break; /* partial line: wait for the rest */
        size_t len = (size_t)(nl - line);
        if (OUT_CAP - c->out_len < len + REPLY_OVERHEAD)
            break; /* no room for the reply: wait until the client reads */

        size_t text = len;
        if (text > 0 && line[text - 1] == '\r')
            text--;
        c->lines++;
        total_lines++;
        int head = snprintf(c->out + c->out_len, OUT_CAP - c->out_len, "ok %llu ", c->lines);
        c->out_len += (size_t)head;
        memcpy(c->out + c->out_len, line, text);
        c->out_len += text;
        c->out[c->out_len++] = '\n';
        off += len + 1;
    }
    memmove(c->in, c->in + off, c->in_len - off);
    c->in_len -= off;
}

/* Sends what it can of c->out. Returns -1 if the connection failed. */
static int flush_out(struct conn *c)
{
    while (c->out_len > 0) {
        ssize_t n = send(c->fd, c->out, c->out_len, MSG_NOSIGNAL | MSG_DONTWAIT);
        if (n < 0) {
            if (errno == EAGAIN || errno == EWOULDBLOCK)
                return 0; /* socket buffer full: POLLOUT tells us when to go on */
            if (errno == EINTR)
                continue;
            return -1;
        }
        memmove(c->out, c->out + n, c->out_len - (size_t)n);
        c->out_len -= (size_t)n;
    }
    return 0;
}

/* Reads available input (one recv per round keeps connections fair). */
static int read_in(struct conn *c)
{
    ssize_t n = recv(c->fd, c->in + c->in_len, IN_CAP - c->in_len, MSG_DONTWAIT);
    if (n > 0) {
        c->in_len += (size_t)n;
        return 0;
    }
    if (n == 0) {
        c->eof = 1;
        return 0;
    }
    if (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR)
        return 0;
    return -1;
}

/* Handles one connection's poll result; closes it when it is done or broken. */
static void service(struct conn *c, short revents)
{
    if ((revents & (POLLIN | POLLHUP | POLLERR)) && !c->eof && c->in_len < IN_CAP) {
        if (read_in(c) < 0) {
            conn_close(c);
            return;
        }
    }

    /* Answer and send until no more progress is possible right now. */
    for (;;) {
        size_t before = c->in_len;
        answer_lines(c);
        if (flush_out(c) < 0) {
            conn_close(c);
            return;
        }
        if (c->in_len == before || c->out_len > 0)
            break;
    }

    int has_line = memchr(c->in, '\n', c->in_len) != NULL;
    if (!has_line && c->in_len == IN_CAP) {
        ferry_log(log_fd, "error %s line-too-long", c->peer);
        conn_close(c);
        return;
    }
    /* After EOF a trailing partial line can never complete: it is dropped. */
    if (c->eof && !has_line && c->out_len == 0)
        conn_close(c);
}

static void accept_clients(int listener)
{
    for (int i = 0; i < ACCEPTS_PER_ROUND; i++) {
        struct sockaddr_in sa;
        socklen_t sl = sizeof sa;
        int fd = accept4(listener, (struct sockaddr *)&sa, &sl, SOCK_NONBLOCK | SOCK_CLOEXEC);
        if (fd < 0)
            return; /* EAGAIN (nothing pending) or a transient error */

        char peer[32];
        format_peer(&sa, peer, sizeof peer);

        struct conn *c = NULL;
        for (int k = 0; k < MAX_CLIENTS && !c; k++)
            if (conns[k].fd < 0)
                c = &conns[k];
        if (!c) {
            ferry_log(log_fd, "reject %s full", peer);
            close(fd);
            continue;
        }

        int one = 1;
        setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
        c->fd = fd;
        c->eof = 0;
        c->lines = 0;
        c->in_len = 0;
        c->out_len = 0;
        memcpy(c->peer, peer, sizeof peer);
        ferry_log(log_fd, "accept %s", c->peer);
    }
}

static int listen_on(int port)
{
    int fd = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    if (fd < 0) {
        fprintf(stderr, "ferry-tcp-server: socket: %s\n", strerror(errno));
        exit(1);
    }
    int one = 1;
    setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);

    struct sockaddr_in sa;
    memset(&sa, 0, sizeof sa);
    sa.sin_family = AF_INET;
    sa.sin_addr.s_addr = htonl(INADDR_ANY);
    sa.sin_port = htons((uint16_t)port);
    if (bind(fd, (struct sockaddr *)&sa, sizeof sa) < 0 || listen(fd, MAX_CLIENTS) < 0) {
        fprintf(stderr, "ferry-tcp-server: cannot listen on 0.0.0.0:%d: %s\n", port,
                strerror(errno));
        exit(1);
    }
    return fd;
}

int main(int argc, char **argv)
{
    const char *log_path = "/var/log/tcp-server.log";
    int64_t port = 7000;
    const struct ferry_opt opts[] = {
        {"port", FERRY_OPT_INT, &port, 1, 65535, 0},
        {"log", FERRY_OPT_STR, &log_path, 0, 0, 0},
    };
    ferry_parse_args(argc, argv, opts, sizeof opts / sizeof opts[0], USAGE);

    log_fd = ferry_log_open("ferry-tcp-server", log_path);
    int listener = listen_on((int)port);
    ferry_signals_init(0);

    for (int k = 0; k < MAX_CLIENTS; k++)
        conns[k].fd = -1;

    ferry_log(log_fd, "start %d %lld port=%d", (int)getpid(), (long long)ferry_now_ms(),
              (int)port);

    /* pfd[0] is the listener; pfd[1 + k] belongs to conns[slot[k]]. */
    struct pollfd pfd[1 + MAX_CLIENTS];
    int slot[MAX_CLIENTS];

    while (!ferry_stop_requested) {
        nfds_t n = 0;
        pfd[n].fd = listener;
        pfd[n].events = POLLIN;
        pfd[n].revents = 0;
        n++;
        for (int k = 0; k < MAX_CLIENTS; k++) {
            struct conn *c = &conns[k];
            if (c->fd < 0)
                continue;
            short ev = 0;
            if (!c->eof && c->in_len < IN_CAP)
                ev |= POLLIN;
            if (c->out_len > 0)
                ev |= POLLOUT;
            slot[n - 1] = k;
            pfd[n].fd = c->fd;
            pfd[n].events = ev;
            pfd[n].revents = 0;
            n++;
        }

        /* No time limit needed: SIGTERM interrupts the wait (see common.h). */
        if (ferry_ppoll(pfd, n, NULL) < 0)
            continue; /* EINTR: the loop condition looks at the stop flag */

        for (nfds_t i = 1; i < n; i++)
            if (pfd[i].revents)
                service(&conns[slot[i - 1]], pfd[i].revents);
        if (pfd[0].revents & POLLIN)
            accept_clients(listener);
    }

    int open_clients = 0;
    for (int k = 0; k < MAX_CLIENTS; k++) {
        if (conns[k].fd >= 0) {
            open_clients++;
            conn_close(&conns[k]);
        }
    }
    close(listener);
    ferry_log(log_fd, "stop %d %lld clients=%d lines=%llu", (int)getpid(),
              (long long)ferry_now_ms(), open_clients, total_lines);
    return 0;
}
