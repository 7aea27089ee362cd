/*
 * redis-clock-shim: an LD_PRELOAD library that lets a test set redis-server's wall clock.
 *
 * Why: the time differential family (test/differential/harness/time-runner.ts) needs a real redis-server
 * and tsredis to agree on the absolute time, so that TTL replies compare exactly and keys expire at the
 * same step on both. Debian's libfaketime aborts redis-server at start-up (its initialisation resolves the
 * real functions with dlsym, which allocates, and jemalloc's own start-up reads the clock: a recursion).
 *
 * What Redis 7.0 reads the wall clock with (src/server.c ustime/mstime, updateCachedTime, the TIME
 * command; src/util.c; lookups compare expiry times with server.mstime or mstime()): gettimeofday.
 * time() appears in a few places (logging, daylight saving). CLOCK_REALTIME via clock_gettime is
 * covered for completeness. The monotonic clock (src/monotonic.c: TSC or CLOCK_MONOTONIC, behind ae's
 * timers and the cron) is deliberately left alone, so the event loop and serverCron keep running.
 *
 * The time comes from a file named by REDIS_CLOCK_SHIM_FILE: 8 bytes, a little-endian signed 64-bit
 * count of milliseconds since the Unix epoch. 0 (or no file, or the variable unset) means the real
 * clock. The file is opened and mmapped on first use; nothing here allocates or calls dlsym: the real
 * clock is read with the clock_gettime system call.
 *
 * Build: gcc -shared -fPIC -O2 -o redis-clock-shim.so redis-clock-shim.c
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <stdint.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>

/* The mapped 8 bytes once the file has been opened; shim_unusable when it never can be (no variable, mmap failed). */
static volatile int64_t *shared_ms = NULL;
static int shim_unusable = 0;

static const volatile int64_t *clock_file(void) {
    if (shared_ms != NULL) return shared_ms;
    if (shim_unusable) return NULL;
    /* getenv reads environ without allocating. */
    const char *path = getenv("REDIS_CLOCK_SHIM_FILE");
    if (path == NULL || path[0] == '\0') {
        shim_unusable = 1;
        return NULL;
    }
    int fd = (int)syscall(SYS_openat, AT_FDCWD, path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        /* Missing file: use the real clock, and try again on the next read (the test may create it later). */
        return NULL;
    }
    void *map = mmap(NULL, sizeof(int64_t), PROT_READ, MAP_SHARED, fd, 0);
    syscall(SYS_close, fd);
    if (map == MAP_FAILED) {
        shim_unusable = 1;
        return NULL;
    }
    shared_ms = (volatile int64_t *)map;
    return shared_ms;
}

/* The test's time in ms, or 0 for the real clock. */
static int64_t fake_ms(void) {
    const volatile int64_t *p = clock_file();
    return p == NULL ? 0 : *p;
}

static int real_clock_gettime(clockid_t id, struct timespec *ts) {
    return (int)syscall(SYS_clock_gettime, id, ts);
}

int clock_gettime(clockid_t id, struct timespec *ts) {
    if (id == CLOCK_REALTIME || id == CLOCK_REALTIME_COARSE) {
        int64_t ms = fake_ms();
        if (ms != 0) {
            ts->tv_sec = (time_t)(ms / 1000);
            ts->tv_nsec = (long)(ms % 1000) * 1000000L;
            return 0;
        }
    }
    return real_clock_gettime(id, ts);
}

int gettimeofday(struct timeval *restrict tv, void *restrict tz) {
    /* tv is declared nonnull by glibc, and Redis always passes one; tz is obsolete and ignored. */
    (void)tz;
    int64_t ms = fake_ms();
    if (ms != 0) {
        tv->tv_sec = (time_t)(ms / 1000);
        tv->tv_usec = (suseconds_t)(ms % 1000) * 1000;
        return 0;
    }
    struct timespec ts;
    int rc = real_clock_gettime(CLOCK_REALTIME, &ts);
    if (rc != 0) return rc;
    tv->tv_sec = ts.tv_sec;
    tv->tv_usec = (suseconds_t)(ts.tv_nsec / 1000);
    return 0;
}

time_t time(time_t *out) {
    int64_t ms = fake_ms();
    time_t now;
    if (ms != 0) {
        now = (time_t)(ms / 1000);
    } else {
        struct timespec ts;
        real_clock_gettime(CLOCK_REALTIME, &ts);
        now = ts.tv_sec;
    }
    if (out != NULL) *out = now;
    return now;
}
