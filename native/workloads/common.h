/*
 * common.h - helpers shared by Ferry's container workloads.
 *
 * The workloads run inside busybox runc containers and get live-migrated with
 * CRIU. Everything here is written with that in mind:
 *
 *   - Timestamps are CLOCK_REALTIME milliseconds since the epoch. CRIU restores
 *     CLOCK_MONOTONIC (through a time namespace), which hides part of a freeze;
 *     the wall clock is the truth. Monotonic time is only used for *durations*
 *     (sleeps, timeouts), and always defensively (see ferry_timer).
 *   - Logs are files inside the container. Each line is produced by exactly one
 *     write(2) on an O_APPEND descriptor, so lines are never torn or interleaved.
 *   - Signals (SIGTERM, SIGINT and optionally SIGUSR1) are blocked at all times
 *     except while waiting in ppoll(2). Handlers only set flags; the main loops
 *     act on them. This makes waits race-free: a SIGTERM can never slip in
 *     between "check the flag" and "go to sleep".
 */
#ifndef FERRY_COMMON_H
#define FERRY_COMMON_H

#include <poll.h>
#include <signal.h>
#include <stddef.h>
#include <stdint.h>

/* ---- clocks ------------------------------------------------------------- */

/* Wall-clock time: CLOCK_REALTIME in milliseconds since the epoch. */
int64_t ferry_now_ms(void);

/* CLOCK_MONOTONIC in nanoseconds; only for measuring durations. */
int64_t ferry_mono_ns(void);

/*
 * A countdown of a fixed length, measured on CLOCK_MONOTONIC.
 *
 * After a CRIU restore on another host the monotonic clock may jump. A jump
 * forwards simply ends the countdown early (never more than once: callers
 * restart their timers after each step). A jump backwards would otherwise make
 * the countdown last for hours; the timer notices it and restarts its
 * reference point, so a countdown never lasts much longer than its length.
 */
typedef struct {
    int64_t start_ns;   /* reference point on CLOCK_MONOTONIC */
    int64_t length_ns;  /* total length of the countdown */
} ferry_timer;

void ferry_timer_start(ferry_timer *t, int64_t ms);

/* Nanoseconds left, 0 once expired. */
int64_t ferry_timer_left_ns(ferry_timer *t);

/* ---- signals ------------------------------------------------------------ */

/* Set by the SIGTERM / SIGINT handler. */
extern volatile sig_atomic_t ferry_stop_requested;

/* Set by the SIGUSR1 handler (only installed when asked for). */
extern volatile sig_atomic_t ferry_usr1_requested;

/*
 * Installs the flag-setting handlers, ignores SIGPIPE (write errors are
 * reported as EPIPE instead) and blocks the handled signals. They are only
 * delivered inside ferry_ppoll() / ferry_sleep().
 */
void ferry_signals_init(int want_usr1);

/*
 * ppoll(2) with the handled signals unblocked for the duration of the wait.
 * timer == NULL waits without a time limit. Returns like ppoll: -1/EINTR when
 * a handled signal arrived.
 */
int ferry_ppoll(struct pollfd *fds, nfds_t nfds, ferry_timer *timer);

/*
 * Relative sleep of `ms` milliseconds. Returns 0 when the whole time passed,
 * or the milliseconds still left (>= 1) when a signal flag (stop or usr1) cut
 * it short.
 */
int64_t ferry_sleep_ms(int64_t ms);

/* ---- logging ------------------------------------------------------------ */

/*
 * Opens (creating parent directories and the file as needed) a log for
 * appending. On failure prints a one-line message to stderr and exits 1:
 * this only happens at startup, before the process goes quiet.
 */
int ferry_log_open(const char *prog, const char *path);

/*
 * Formats one line (a '\n' is appended) and writes it with a single write(2).
 * Lines longer than FERRY_LOG_LINE_MAX are truncated but stay one line.
 * fd < 0 is a no-op, so optional logs need no checks at the call sites.
 */
#define FERRY_LOG_LINE_MAX 1024
void ferry_log(int fd, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* ---- arguments ---------------------------------------------------------- */

enum ferry_opt_type { FERRY_OPT_INT, FERRY_OPT_STR };

/* One `--name value` option. Integers are range checked. */
struct ferry_opt {
    const char *name;         /* without the leading "--" */
    enum ferry_opt_type type;
    void *dest;               /* int64_t * or const char ** */
    int64_t min, max;         /* inclusive bounds for FERRY_OPT_INT */
    int required;             /* non-zero: must be given */
};

/*
 * Parses `--name value` (also `--name=value`). Unknown options, missing or bad
 * values, and positional arguments print "<problem>; usage: <usage>" as one
 * line on stderr and exit 2. `-h` / `--help` prints the usage on stdout and
 * exits 0. Options not given keep the default already in *dest.
 */
void ferry_parse_args(int argc, char **argv, const struct ferry_opt *opts,
                      size_t nopts, const char *usage);

#endif /* FERRY_COMMON_H */
