/*
 * common.c - clocks, signals, logging and argument parsing shared by the
 * Ferry workloads. See common.h for the rationale.
 */
#define _GNU_SOURCE
#include "common.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

/* ---- clocks ------------------------------------------------------------- */

int64_t ferry_now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

int64_t ferry_mono_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

void ferry_timer_start(ferry_timer *t, int64_t ms)
{
    t->start_ns = ferry_mono_ns();
    t->length_ns = ms < 0 ? 0 : ms * 1000000;
}

int64_t ferry_timer_left_ns(ferry_timer *t)
{
    int64_t now = ferry_mono_ns();
    int64_t elapsed = now - t->start_ns;
    if (elapsed < 0) {
        /* The clock went backwards (restored on another host without a time
         * namespace): measure again from here rather than wait for hours. */
        t->start_ns = now;
        elapsed = 0;
    }
    return elapsed >= t->length_ns ? 0 : t->length_ns - elapsed;
}

/* ---- signals ------------------------------------------------------------ */

volatile sig_atomic_t ferry_stop_requested;
volatile sig_atomic_t ferry_usr1_requested;

/* The signal mask used while waiting: the original one, handled signals open. */
static sigset_t wait_mask;

static void on_stop(int sig)
{
    (void)sig;
    ferry_stop_requested = 1;
}

static void on_usr1(int sig)
{
    (void)sig;
    ferry_usr1_requested = 1;
}

static void install(int sig, void (*handler)(int))
{
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = handler;
    sigemptyset(&sa.sa_mask);
    sa.sa_flags = 0; /* no SA_RESTART: a signal must end the wait it interrupts */
    sigaction(sig, &sa, NULL);
}

void ferry_signals_init(int want_usr1)
{
    sigset_t handled;

    signal(SIGPIPE, SIG_IGN);
    install(SIGTERM, on_stop);
    install(SIGINT, on_stop);

    sigemptyset(&handled);
    sigaddset(&handled, SIGTERM);
    sigaddset(&handled, SIGINT);
    if (want_usr1) {
        install(SIGUSR1, on_usr1);
        sigaddset(&handled, SIGUSR1);
    }

    /* Block the handled signals from now on; open them only inside ppoll. */
    sigprocmask(SIG_BLOCK, &handled, &wait_mask);
    sigdelset(&wait_mask, SIGTERM);
    sigdelset(&wait_mask, SIGINT);
    if (want_usr1)
        sigdelset(&wait_mask, SIGUSR1);
}

int ferry_ppoll(struct pollfd *fds, nfds_t nfds, ferry_timer *timer)
{
    struct timespec ts, *tsp = NULL;
    if (timer) {
        int64_t left = ferry_timer_left_ns(timer);
        ts.tv_sec = (time_t)(left / 1000000000);
        ts.tv_nsec = (long)(left % 1000000000);
        tsp = &ts;
    }
    return ppoll(fds, nfds, tsp, &wait_mask);
}

int64_t ferry_sleep_ms(int64_t ms)
{
    ferry_timer t;
    ferry_timer_start(&t, ms);
    for (;;) {
        int64_t left = ferry_timer_left_ns(&t);
        if (left == 0)
            return 0;
        if (ferry_stop_requested || ferry_usr1_requested)
            return (left + 999999) / 1000000; /* round up: never report 0 */
        ferry_ppoll(NULL, 0, &t);
    }
}

/* ---- logging ------------------------------------------------------------ */

/* mkdir -p of everything before the last '/'; errors surface in open(). */
static void make_parent_dirs(const char *path)
{
    char dir[PATH_MAX];
    size_t len = strlen(path);
    if (len >= sizeof dir)
        return;
    memcpy(dir, path, len + 1);
    for (char *p = dir + 1; *p; p++) {
        if (*p != '/')
            continue;
        *p = '\0';
        mkdir(dir, 0755);
        *p = '/';
    }
}

int ferry_log_open(const char *prog, const char *path)
{
    make_parent_dirs(path);
    int fd = open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0644);
    if (fd < 0) {
        fprintf(stderr, "%s: cannot open log %s: %s\n", prog, path, strerror(errno));
        exit(1);
    }
    return fd;
}

void ferry_log(int fd, const char *fmt, ...)
{
    char line[FERRY_LOG_LINE_MAX];
    va_list ap;
    int n;

    if (fd < 0)
        return;
    va_start(ap, fmt);
    n = vsnprintf(line, sizeof line, fmt, ap);
    va_end(ap);
    if (n < 0)
        return;
    if ((size_t)n > sizeof line - 1)
        n = (int)(sizeof line - 1); /* truncated: keep room for the newline */
    line[n] = '\n';

    /* One write(2) per line: with O_APPEND the kernel never tears it. */
    ssize_t r;
    do {
        r = write(fd, line, (size_t)n + 1);
    } while (r < 0 && errno == EINTR);
}

/* ---- arguments ---------------------------------------------------------- */

static void usage_error(const char *usage, const char *fmt, ...)
    __attribute__((format(printf, 2, 3), noreturn));

static void usage_error(const char *usage, const char *fmt, ...)
{
    char problem[256];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(problem, sizeof problem, fmt, ap);
    va_end(ap);
    /* The usage starts with the program name: use it as the message prefix. */
    int prog_len = (int)strcspn(usage, " ");
    fprintf(stderr, "%.*s: %s; usage: %s\n", prog_len, usage, problem, usage);
    exit(2);
}

#define FERRY_MAX_OPTS 16

void ferry_parse_args(int argc, char **argv, const struct ferry_opt *opts,
                      size_t nopts, const char *usage)
{
    int given[FERRY_MAX_OPTS] = {0};

    if (nopts > FERRY_MAX_OPTS)
        usage_error(usage, "internal error: too many options");

    for (int i = 1; i < argc; i++) {
        const char *arg = argv[i];

        if (strcmp(arg, "-h") == 0 || strcmp(arg, "--help") == 0) {
            printf("usage: %s\n", usage);
            exit(0);
        }
        if (strncmp(arg, "--", 2) != 0 || arg[2] == '\0')
            usage_error(usage, "unexpected argument '%s'", arg);

        /* Split "--name=value" or take the value from the next argument. */
        const char *name = arg + 2;
        const char *eq = strchr(name, '=');
        size_t name_len = eq ? (size_t)(eq - name) : strlen(name);

        size_t k;
        for (k = 0; k < nopts; k++)
            if (strlen(opts[k].name) == name_len && strncmp(opts[k].name, name, name_len) == 0)
                break;
        if (k == nopts)
            usage_error(usage, "unknown option '%s'", arg);

        const char *value;
        if (eq) {
            value = eq + 1;
        } else {
            if (i + 1 >= argc || strncmp(argv[i + 1], "--", 2) == 0)
                usage_error(usage, "option '--%s' needs a value", opts[k].name);
            value = argv[++i];
        }
        if (*value == '\0')
            usage_error(usage, "option '--%s' needs a value", opts[k].name);

        if (opts[k].type == FERRY_OPT_INT) {
            char *end;
            errno = 0;
            long long v = strtoll(value, &end, 10);
            if (errno != 0 || *end != '\0' || v < opts[k].min || v > opts[k].max)
                usage_error(usage, "option '--%s' wants an integer in [%lld, %lld], not '%s'",
                            opts[k].name, (long long)opts[k].min, (long long)opts[k].max, value);
            *(int64_t *)opts[k].dest = (int64_t)v;
        } else {
            *(const char **)opts[k].dest = value;
        }
        given[k] = 1;
    }

    for (size_t k = 0; k < nopts; k++)
        if (opts[k].required && !given[k])
            usage_error(usage, "option '--%s' is required", opts[k].name);
}
