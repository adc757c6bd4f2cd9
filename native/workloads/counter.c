/*
 * ferry-counter - the simplest live-migration witness.
 *
 *   ferry-counter [--log /var/log/counter.log] [--interval-ms 100]
 *
 * Appends "start <pid> <realtime_ms>" once, then "tick <seq> <realtime_ms>"
 * every interval with seq = 1, 2, 3, ... After a migration the log must show
 * exactly one start line, contiguous seqs, and a largest gap between
 * consecutive stamps close to the freeze time.
 *
 * The sleep is relative ("interval-ms after each tick"), not an absolute
 * schedule, so a process thawed after a long freeze writes one tick and then
 * carries on at its normal pace instead of bursting catch-up ticks.
 */
#define _GNU_SOURCE
#include "common.h"

#include <unistd.h>

#define USAGE "ferry-counter [--log FILE] [--interval-ms N]"

int main(int argc, char **argv)
{
    const char *log_path = "/var/log/counter.log";
    int64_t interval_ms = 100;
    const struct ferry_opt opts[] = {
        {"log", FERRY_OPT_STR, &log_path, 0, 0, 0},
        {"interval-ms", FERRY_OPT_INT, &interval_ms, 1, 3600000, 0},
    };
    ferry_parse_args(argc, argv, opts, sizeof opts / sizeof opts[0], USAGE);

    int log = ferry_log_open("ferry-counter", log_path);
    ferry_signals_init(0);

    ferry_log(log, "start %d %lld", (int)getpid(), (long long)ferry_now_ms());

    int64_t seq = 0;
    while (!ferry_stop_requested) {
        ferry_sleep_ms(interval_ms); /* returns early only on SIGTERM/SIGINT */
        if (ferry_stop_requested)
            break;
        seq++;
        ferry_log(log, "tick %lld %lld", (long long)seq, (long long)ferry_now_ms());
    }

    ferry_log(log, "stop %d %lld ticks=%lld", (int)getpid(), (long long)ferry_now_ms(),
              (long long)seq);
    return 0;
}
