// Small C helpers for the engine's hot loop (not API).
#ifndef CAREFLOW_SHIMS_H
#define CAREFLOW_SHIMS_H

/// Asks the CPU to fetch the cache line at `p` for writing. Never faults.
static inline void cf_prefetch_write(const void *p) { __builtin_prefetch(p, 1, 3); }

/// A flag one thread sets and others poll (relaxed: a late read only delays
/// a stop by one poll).
static inline int cf_flag_load(const int *p) { return __atomic_load_n(p, __ATOMIC_RELAXED); }
static inline void cf_flag_store(int *p, int v) { __atomic_store_n(p, v, __ATOMIC_RELAXED); }

#endif
