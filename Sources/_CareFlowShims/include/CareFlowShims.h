// Small C helpers for the engine's hot loop (not API).
#ifndef CAREFLOW_SHIMS_H
#define CAREFLOW_SHIMS_H

/// Asks the CPU to fetch the cache line at `p` for writing. Never faults.
static inline void cf_prefetch_write(const void *p) { __builtin_prefetch(p, 1, 3); }

/// Atomically exchanges two paths (Linux renameat2 RENAME_EXCHANGE; both
/// must exist). Returns 0, or -1 with errno set (ENOSYS/EINVAL where the
/// kernel or file system cannot do it). Used to publish an output folder.
int cf_rename_exchange(const char *a, const char *b);

#endif
