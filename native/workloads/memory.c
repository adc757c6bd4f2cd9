/*
 * ferry-memory - a memory-dirtying workload that proves its memory survives a
 * migration intact.
 *
 *   ferry-memory [--mib 64] [--dirty-pages-per-sec 256] [--hot-percent 100]
 *                [--log /var/log/memory.log] [--interval-ms 100]
 *
 * It maps N MiB of private anonymous memory (never shared memory: CRIU does
 * not pre-copy shared mappings) and gives every page a generation number. A
 * page's content is a pure function of (page index, generation), so a page
 * that is corrupted, zeroed, or stale (an older generation, e.g. a pre-copy
 * round that was never updated) no longer matches and is caught by verify().
 *
 * Every interval it dirties a slice of pages (a cursor walks through the hot
 * pages, the first --hot-percent of them, and wraps around): bump the page's
 * generation and rewrite the whole page.
 *
 * A verification pass of every page runs on SIGUSR1. When the wall-clock gap
 * between two ticks shows the process was frozen (e.g. checkpointed and
 * restored somewhere else), it verifies the hot pages by itself: with the
 * default 100 % that is all its memory (the worst case for post-copy, where
 * every page must arrive first), with 10 % the part a typical program uses.
 */
#define _GNU_SOURCE
#include "common.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#define USAGE "ferry-memory [--mib N] [--dirty-pages-per-sec N] [--hot-percent N] [--log FILE] [--interval-ms N]"

/* A gap longer than this many intervals means we were frozen. */
#define GAP_FACTOR 5

static uint8_t *arena;          /* the N MiB being dirtied and checked */
static uint64_t *generations;   /* one generation per page, also private anonymous */
static size_t page_size;
static size_t page_count;
static size_t hot_count;        /* the first hot_count pages are dirtied and checked after a gap */
static size_t words_per_page;
static uint64_t dirtied_total;  /* pages rewritten since start; see verify() */

/*
 * A 64-bit mixing function (the SplitMix64 finalizer constants): a bijection
 * that scatters every input bit over the whole output, so neighbouring pages,
 * generations and words all get unrelated-looking values.
 */
static inline uint64_t mix64(uint64_t x)
{
    x ^= x >> 30;
    x *= 0xbf58476d1ce4e5b9ULL;
    x ^= x >> 27;
    x *= 0x94d049bb133111ebULL;
    x ^= x >> 31;
    return x;
}

#define GOLDEN 0x9e3779b97f4a7c15ULL  /* odd constant used to spread counters */

/* The per-page starting value, unique to (page index, generation). */
static inline uint64_t page_seed(size_t page, uint64_t generation)
{
    return mix64((uint64_t)page * GOLDEN + mix64(generation ^ 0x5fe7a11a5ec0ffeeULL));
}

/* The expected content of 64-bit word `word` of a page with seed `seed`. */
static inline uint64_t word_value(uint64_t seed, size_t word)
{
    return mix64(seed + (uint64_t)word * GOLDEN);
}

static inline uint64_t *page_words(size_t page)
{
    return (uint64_t *)(arena + page * page_size);
}

/* (Re)writes a whole page for its current generation. */
static void fill_page(size_t page)
{
    uint64_t *w = page_words(page);
    uint64_t seed = page_seed(page, generations[page]);
    for (size_t i = 0; i < words_per_page; i++)
        w[i] = word_value(seed, i);
}

/*
 * Checks the first `checked` pages against their generations, and the sum of
 * all generations against the number of pages dirtied (all pages start at
 * generation 1 and each dirtying adds 1). The second check catches a page of
 * the generation array itself going stale together with the data page it
 * describes. Returns how long the pass took, in milliseconds.
 */
static int64_t verify(int log, size_t checked)
{
    int64_t t0 = ferry_mono_ns();
    size_t bad_pages = 0, first_page = 0, first_word = 0;
    uint64_t first_gen = 0, expected = 0, actual = 0;
    uint64_t gen_sum = 0;

    for (size_t p = 0; p < page_count; p++)
        gen_sum += generations[p];
    for (size_t p = 0; p < checked; p++) {
        const uint64_t *w = page_words(p);
        uint64_t seed = page_seed(p, generations[p]);
        for (size_t i = 0; i < words_per_page; i++) {
            uint64_t want = word_value(seed, i);
            if (w[i] == want)
                continue;
            if (bad_pages == 0) {
                first_page = p;
                first_word = i;
                first_gen = generations[p];
                expected = want;
                actual = w[i];
            }
            bad_pages++;
            break; /* one bad word is enough for this page */
        }
    }

    int64_t ms = (ferry_mono_ns() - t0) / 1000000;
    if (ms < 0)
        ms = 0;

    if (bad_pages > 0)
        ferry_log(log, "verify FAIL page=%zu gen=%llu word=%zu expected=0x%016llx actual=0x%016llx"
                       " bad_pages=%zu pages=%zu ms=%lld",
                  first_page, (unsigned long long)first_gen, first_word,
                  (unsigned long long)expected, (unsigned long long)actual, bad_pages,
                  checked, (long long)ms);
    else if (gen_sum != (uint64_t)page_count + dirtied_total)
        ferry_log(log, "verify FAIL gensum=%llu expected=%llu pages=%zu ms=%lld",
                  (unsigned long long)gen_sum,
                  (unsigned long long)((uint64_t)page_count + dirtied_total), checked,
                  (long long)ms);
    else
        ferry_log(log, "verify ok pages=%zu ms=%lld", checked, (long long)ms);
    return ms;
}

static void *map_private(size_t bytes, const char *what)
{
    void *p = mmap(NULL, bytes, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (p == MAP_FAILED) {
        fprintf(stderr, "ferry-memory: cannot map %zu bytes for %s: %s\n", bytes, what,
                strerror(errno));
        exit(1);
    }
    /*
     * Keep the mapping on small pages: CRIU tracks dirty memory per page
     * table entry, and a transparent huge page would turn each dirtied 4 KiB
     * page into a dirtied 2 MiB one, making the real dirty rate differ from
     * the one asked for. Best effort; failure is harmless.
     */
    madvise(p, bytes, MADV_NOHUGEPAGE);
    return p;
}

int main(int argc, char **argv)
{
    const char *log_path = "/var/log/memory.log";
    int64_t mib = 64, dirty_per_sec = 256, interval_ms = 100, hot_percent = 100;
    const struct ferry_opt opts[] = {
        {"mib", FERRY_OPT_INT, &mib, 1, 1048576, 0},
        {"dirty-pages-per-sec", FERRY_OPT_INT, &dirty_per_sec, 0, 10000000, 0},
        {"hot-percent", FERRY_OPT_INT, &hot_percent, 1, 100, 0},
        {"log", FERRY_OPT_STR, &log_path, 0, 0, 0},
        {"interval-ms", FERRY_OPT_INT, &interval_ms, 1, 3600000, 0},
    };
    ferry_parse_args(argc, argv, opts, sizeof opts / sizeof opts[0], USAGE);

    int log = ferry_log_open("ferry-memory", log_path);
    ferry_signals_init(1);

    long ps = sysconf(_SC_PAGESIZE);
    page_size = ps > 0 ? (size_t)ps : 4096;
    size_t bytes = (size_t)mib << 20;
    page_count = bytes / page_size;
    words_per_page = page_size / sizeof(uint64_t);
    hot_count = page_count * (size_t)hot_percent / 100;
    if (hot_count == 0)
        hot_count = 1;

    arena = map_private(page_count * page_size, "the pages");
    generations = map_private(page_count * sizeof(uint64_t), "the generations");

    /* Touch everything now so the RSS really is N MiB: generation 1 for all. */
    for (size_t p = 0; p < page_count; p++) {
        generations[p] = 1;
        fill_page(p);
    }

    int64_t last_tick_ms = ferry_now_ms();
    ferry_log(log, "start %d %lld mib=%lld pages=%zu hot=%zu", (int)getpid(), (long long)last_tick_ms,
              (long long)mib, page_count, hot_count);

    int64_t seq = 0;
    int64_t dirty_carry = 0;  /* remainder of pages-per-tick, in 1/1000 pages */
    int64_t self_ms = 0;      /* time spent verifying since the last tick */
    int64_t left_ms = interval_ms;
    size_t cursor = 0;

    for (;;) {
        left_ms = ferry_sleep_ms(left_ms);
        if (ferry_stop_requested)
            break;
        if (ferry_usr1_requested) {
            ferry_usr1_requested = 0;
            self_ms += verify(log, page_count);
        }
        if (left_ms > 0)
            continue; /* SIGUSR1 woke us early: sleep out the rest of the interval */
        left_ms = interval_ms;

        /*
         * Were we frozen? Compare the wall clock with the previous tick, not
         * counting time we spent verifying ourselves. Check the memory as it
         * was restored, before this tick rewrites part of it.
         */
        int64_t gap = ferry_now_ms() - last_tick_ms;
        if (gap - self_ms > GAP_FACTOR * interval_ms) {
            ferry_log(log, "gap %lld", (long long)gap);
            verify(log, hot_count);
        }

        /* Dirty rate * interval pages per tick; the fraction carries over. */
        dirty_carry += dirty_per_sec * interval_ms;
        int64_t n = dirty_carry / 1000;
        dirty_carry %= 1000;
        for (int64_t k = 0; k < n; k++) {
            generations[cursor]++;
            fill_page(cursor);
            dirtied_total++;
            cursor = cursor + 1 == hot_count ? 0 : cursor + 1;
        }

        seq++;
        last_tick_ms = ferry_now_ms();
        self_ms = 0;
        ferry_log(log, "tick %lld %lld dirtied=%llu", (long long)seq, (long long)last_tick_ms,
                  (unsigned long long)dirtied_total);
    }

    ferry_log(log, "stop %d %lld ticks=%lld dirtied=%llu", (int)getpid(),
              (long long)ferry_now_ms(), (long long)seq, (unsigned long long)dirtied_total);
    return 0;
}
