// Small C helpers for the engine's hot loop and for publishing outputs (not API).
#ifndef CAREFLOW_SHIMS_H
#define CAREFLOW_SHIMS_H

/// Asks the CPU to fetch the cache line at `p` for writing. Never faults.
static inline void cf_prefetch_write(const void *p) { __builtin_prefetch(p, 1, 3); }

/// `x` truncated toward zero, for a value the caller has already put in
/// range (|x| < 2^63, not NaN): one instruction, without Swift's checks.
static inline long cf_truncate(double x) { return (long)x; }

#ifdef __linux__
#include <errno.h>
#include <fcntl.h>
#include <sys/syscall.h>
#include <unistd.h>
#endif

/// Atomically exchanges two paths (Linux renameat2 RENAME_EXCHANGE; both
/// must exist). Returns 0, or -1 with errno set (ENOSYS/EINVAL where the
/// kernel or file system cannot do it). Used to publish an output folder.
/// Static inline like the rest: a compiled C unit's DWARF 5 debug info
/// stops valgrind 3.19 (the project's instruction counter) from loading.
static inline int cf_rename_exchange(const char *a, const char *b) {
#if defined(__linux__) && defined(SYS_renameat2)
    return (int)syscall(SYS_renameat2, AT_FDCWD, a, AT_FDCWD, b, 2 /* RENAME_EXCHANGE */);
#else
    (void)a; (void)b;
    errno = ENOSYS;
    return -1;
#endif
}

/// A flag one thread sets and others poll (relaxed: a late read only delays
/// a stop by one poll).
static inline int cf_flag_load(const int *p) { return __atomic_load_n(p, __ATOMIC_RELAXED); }
static inline void cf_flag_store(int *p, int v) { __atomic_store_n(p, v, __ATOMIC_RELAXED); }

#endif
