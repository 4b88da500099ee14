// Small C helpers for the engine's hot loop (not API).
#ifndef CAREFLOW_SHIMS_H
#define CAREFLOW_SHIMS_H

/// Asks the CPU to fetch the cache line at `p` for writing. Never faults.
static inline void cf_prefetch_write(const void *p) { __builtin_prefetch(p, 1, 3); }

#endif
