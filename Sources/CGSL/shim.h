// The one header through which CareFlow sees GNU GSL.
//
// Swift 6 rejects GSL's global `gsl_rng_type *` variables (shared mutable
// state), so each generator type we use is wrapped in a static inline
// function. Everything else is declared by GSL's own headers.
#ifndef CAREFLOW_CGSL_SHIM_H
#define CAREFLOW_CGSL_SHIM_H

#if !__has_include(<gsl/gsl_rng.h>)
#error "GNU GSL headers not found: install them with `apt-get install -y libgsl-dev pkg-config` (Debian/Ubuntu)"
#endif

#include <stdint.h>
// GSL's own inline versions of gsl_rng_get, gsl_rng_uniform and
// gsl_rng_uniform_pos (gsl_inline.h): a draw is then one indirect call to
// the generator, not a call into libgsl that makes it. Same functions, same
// values; libgsl still provides the out-of-line definitions.
#ifndef HAVE_INLINE
#define HAVE_INLINE 1
#endif
#include <gsl/gsl_errno.h>
#include <gsl/gsl_rng.h>
#include <gsl/gsl_randist.h>
#include <gsl/gsl_cdf.h>
#include <gsl/gsl_sf_gamma.h>
#include <gsl/gsl_sf_psi.h>
#include <gsl/gsl_version.h>

/// The generator behind every CareFlow stream (see RandomStream.swift for why).
static inline const gsl_rng_type *cf_rng_type_taus2(void) { return gsl_rng_taus2; }

/// Allocates a taus2 generator; NULL when out of memory.
static inline gsl_rng *cf_rng_alloc_taus2(void) { return gsl_rng_alloc(gsl_rng_taus2); }

/// Seeds a taus2 generator from 96 bits rather than the 32 that gsl_rng_set
/// takes, so that streams derived by hashing do not collide (a 32-bit seed
/// space collides with probability ~25% among 50,000 streams).
/// The state layout is GSL's taus_state_t (three unsigned longs, each used
/// modulo 2^32), unchanged since GSL 1.0. The components must exceed 1, 7 and
/// 15 (L'Ecuyer 1996); the generator is then warmed up as gsl_rng_set does.
static inline void cf_rng_seed_taus2(gsl_rng *r, uint32_t a, uint32_t b, uint32_t c) {
    typedef struct { unsigned long int s1, s2, s3; } cf_taus_state_t;
    cf_taus_state_t *s = (cf_taus_state_t *)r->state;
    s->s1 = (a < 2u) ? a + 2u : a;
    s->s2 = (b < 8u) ? b + 8u : b;
    s->s3 = (c < 16u) ? c + 16u : c;
    for (int i = 0; i < 6; i++) gsl_rng_get(r);
}

/// GSL's default error handler aborts the process; CareFlow checks
/// parameters itself and must never abort on user data.
static inline void cf_gsl_errors_off(void) { gsl_set_error_handler_off(); }

static inline const char *cf_gsl_version(void) { return GSL_VERSION; }

#endif
