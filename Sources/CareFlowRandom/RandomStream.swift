import CGSL
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// One independent source of random numbers: a handle on a GSL generator.
///
/// Generator: GSL's `taus2`, L'Ecuyer's maximally equidistributed combined
/// Tausworthe generator (Math. Comp. 65, 1996). Chosen over `mt19937` and
/// `ranlxd2` because
/// - quality: it passes the Diehard and SmallCrush batteries, with period
///   2^88, far beyond any replication we run;
/// - speed: GSL's documentation lists it among the fastest simulation-quality
///   generators (about as fast as mt19937, several times faster than ranlux);
/// - state size: 24 bytes against mt19937's 2.5 KB. A scenario has one stream
///   per source of randomness (dozens), times one set per replication in
///   flight, so small states keep every stream in cache.
/// Seeds are 96 bits (see `StreamSeed`), written straight into the state.
///
/// `RandomStream` is a non-owning handle (a trivial value, no reference
/// counting in the hot loop); the `StreamSet` that made it owns the memory
/// and must outlive it.
public struct RandomStream {
    @usableFromInline let rng: UnsafeMutablePointer<gsl_rng>

    init(rng: UnsafeMutablePointer<gsl_rng>) { self.rng = rng }

    // The draws are @inlinable so that the engine's loop calls GSL's
    // generator directly rather than through a Swift wrapper per draw (the
    // GSL functions themselves are inline with HAVE_INLINE, see shim.h).

    /// Uniform on [0, 1).
    @inlinable @inline(__always) public func uniform() -> Double { gsl_rng_uniform(rng) }

    /// Uniform on (0, 1): never exactly 0.
    @inlinable @inline(__always) public func uniformPositive() -> Double { gsl_rng_uniform_pos(rng) }

    /// Exponential with the given mean, by exact inversion: `-mean * log(u)`
    /// with `u` uniform on (0, 1) from GSL (`gsl_rng_uniform_pos`).
    ///
    /// Performance: `gsl_ran_exponential` computes `-mean * log1p(-u)`, the
    /// same inversion applied to 1 - u (the same distribution), but `log1p`
    /// costs about four times `log` (9.1 ns against 2.3 ns on this project's
    /// machine; 23.5% of B1). The sample path differs from GSL's sampler,
    /// the distribution does not: P(-m log U > x) = P(U < e^(-x/m)) = e^(-x/m).
    /// u > 0 keeps the result finite; the largest value is -m log(2^-32),
    /// about 22.2 m, as with GSL's own sampler.
    @inlinable @inline(__always) public func exponential(mean: Double) -> Double {
        -mean * log(gsl_rng_uniform_pos(rng))
    }

    /// The next raw 32-bit output.
    @inlinable @inline(__always) public func nextUInt32() -> UInt32 { UInt32(truncatingIfNeeded: gsl_rng_get(rng)) }
}

/// A set of streams for one replication: owns the GSL generators.
public final class StreamSet {
    public let seed: UInt64
    public let replication: Int
    private var owned: [UnsafeMutablePointer<gsl_rng>] = []

    public init(seed: UInt64, replication: Int) {
        GSL.setUp()
        self.seed = seed
        self.replication = replication
    }

    deinit { for r in owned { gsl_rng_free(r) } }

    /// A stream whose state depends only on (seed, replication, name): the
    /// same name gives the same sequence in every scenario, which is what
    /// common random numbers need.
    public func stream(named name: String) -> RandomStream {
        let key = StreamSeed.derive(seed: seed, replication: UInt64(replication), name: name)
        guard let r = cf_rng_alloc_taus2() else {
            // Allocation of 24 bytes failed: the process is out of memory.
            preconditionFailure("out of memory allocating a random stream")
        }
        cf_rng_seed_taus2(r, key.0, key.1, key.2)
        owned.append(r)
        return RandomStream(rng: r)
    }
}

/// Deterministic seed derivation.
public enum StreamSeed {
    /// FNV-1a, 64 bit, of the UTF-8 bytes of `name`.
    public static func hash(_ name: String) -> UInt64 {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        for b in name.utf8 {
            h ^= UInt64(b)
            h = h &* 0x0000_0100_0000_01b3
        }
        return h
    }

    /// SplitMix64 finaliser (Steele, Lea & Flood 2014): a bijective mixer.
    @inline(__always) public static func mix(_ x: UInt64) -> UInt64 {
        var z = x &+ 0x9e37_79b9_7f4a_7c15
        z = (z ^ (z >> 30)) &* 0xbf58_476d_1ce4_e5b9
        z = (z ^ (z >> 27)) &* 0x94d0_49bb_1331_11eb
        return z ^ (z >> 31)
    }

    /// Three 32-bit words for a taus2 state from (seed, replication, name).
    public static func derive(seed: UInt64, replication: UInt64, name: String) -> (UInt32, UInt32, UInt32) {
        let a = mix(seed ^ mix(replication ^ mix(hash(name))))
        let b = mix(a ^ 0x5851_f42d_4c95_7f2d)
        return (UInt32(truncatingIfNeeded: a), UInt32(truncatingIfNeeded: a >> 32), UInt32(truncatingIfNeeded: b))
    }
}

/// Process-wide GSL set-up and the few GSL numerics used above this module.
public enum GSL {
    private static let once: Void = { cf_gsl_errors_off() }()

    /// Switches GSL's abort-on-error handler off (idempotent, thread-safe).
    public static func setUp() { _ = once }

    /// The GSL version CareFlow runs against, e.g. "2.7.1".
    public static var version: String { String(cString: cf_gsl_version()) }

    /// Quantile of Student's t distribution (`gsl_cdf_tdist_Pinv`).
    public static func tQuantile(_ p: Double, degreesOfFreedom nu: Double) -> Double {
        setUp()
        return gsl_cdf_tdist_Pinv(p, nu)
    }

    /// Quantile of the standard normal distribution (`gsl_cdf_ugaussian_Pinv`).
    public static func normalQuantile(_ p: Double) -> Double {
        setUp()
        return gsl_cdf_ugaussian_Pinv(p)
    }

    /// Upper tail of the chi-squared distribution, for goodness-of-fit tests.
    public static func chiSquaredQ(_ x: Double, degreesOfFreedom nu: Double) -> Double {
        setUp()
        return gsl_cdf_chisq_Q(x, nu)
    }
}
