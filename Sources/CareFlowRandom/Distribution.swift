import CGSL
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A parameter of a distribution that cannot be used, named for the user.
public struct DistributionError: Error, Equatable, CustomStringConvertible, Sendable {
    /// The offending parameter, e.g. "sd".
    public let parameter: String
    /// What is wrong and what was expected.
    public let message: String
    public var description: String { "\(parameter): \(message)" }
    public init(parameter: String, message: String) {
        self.parameter = parameter
        self.message = message
    }
}

/// A probability distribution, validated when built and sampled with GSL.
///
/// Build one with the static factories (`.exponential(mean:)` ...); each
/// rejects impossible parameters with a `DistributionError` naming the
/// parameter. Sampling is a switch over a small enum: no allocation, no
/// dynamic dispatch.
public struct Distribution: Sendable, CustomStringConvertible {
    // @unchecked: the table pointers are read-only after construction.
    @usableFromInline enum Kind: @unchecked Sendable, BitwiseCopyable {
        case fixed(Double)
        case uniform(Double, Double)
        case exponential(Double)
        case normal(Double, Double, Double)            // mean, sd, lower bound (-inf: none)
        case lognormal(Double, Double)                 // zeta, sigma of log
        case gamma(Double, Double)                     // shape, scale
        case weibull(Double, Double)                   // scale, shape
        case triangular(Double, Double, Double)        // min, mode, max
        case pert(Double, Double, Double, Double)      // min, range, alpha, beta
        case discrete(UnsafeMutablePointer<gsl_ran_discrete_t>, UnsafeMutablePointer<Double>)
        case piecewiseLinear(UnsafeMutablePointer<Double>, UnsafeMutablePointer<Double>, Int)  // xs, ps, count
        case poisson(Double)
        case bernoulli(Double)
        /// U x X with X from `inner` (bound infinite: `inner` is already
        /// length-biased) or from `inner` length-biased by rejection with
        /// acceptance X / bound (bounded support). See Residual.swift.
        case residual(UnsafeMutablePointer<Sampler>, Double)
    }

    @usableFromInline let kind: Kind
    /// Keeps the memory of table-based kinds alive.
    let storage: (any Sendable & AnyObject)?
    /// The theoretical mean.
    public let mean: Double
    /// The theoretical variance.
    public let variance: Double
    /// A short readable form, e.g. "lognormal(mean 25, sd 15)".
    public let description: String

    init(_ kind: Kind, mean: Double, variance: Double, _ description: String, storage: (any Sendable & AnyObject)? = nil) {
        self.kind = kind
        self.storage = storage
        self.mean = mean
        self.variance = variance
        self.description = description
    }

    /// Draws one value from `stream`.
    @inlinable
    public func sample(_ stream: RandomStream) -> Double { sampler.sample(stream) }

    /// Index drawn from a categorical distribution (meaningful for
    /// `.categorical`; for other kinds, the sample truncated to an integer).
    @inlinable
    public func sampleIndex(_ stream: RandomStream) -> Int { sampler.sampleIndex(stream) }

    /// A trivially copyable handle for the simulation loop (no reference
    /// counting). Valid while this distribution, or a copy of it, lives.
    @inlinable public var sampler: Sampler { Sampler(kind: kind) }

    // MARK: Factories

    private static func finite(_ v: Double, _ name: String) throws {
        guard v.isFinite else { throw DistributionError(parameter: name, message: "must be a finite number, got \(v)") }
    }
    private static func positive(_ v: Double, _ name: String) throws {
        try finite(v, name)
        guard v > 0 else { throw DistributionError(parameter: name, message: "must be greater than 0, got \(fmt(v))") }
    }
    private static func nonNegative(_ v: Double, _ name: String) throws {
        try finite(v, name)
        guard v >= 0 else { throw DistributionError(parameter: name, message: "must be 0 or more, got \(fmt(v))") }
    }
    static func fmt(_ v: Double) -> String {
        v == v.rounded() && abs(v) < 1e15 ? String(Int(v)) : String(v)
    }

    /// Always `value`.
    public static func fixed(_ value: Double) throws -> Distribution {
        try finite(value, "value")
        return Distribution(.fixed(value), mean: value, variance: 0, "fixed(\(fmt(value)))")
    }

    /// Uniform on [min, max).
    public static func uniform(min a: Double, max b: Double) throws -> Distribution {
        try finite(a, "min"); try finite(b, "max")
        guard b > a else { throw DistributionError(parameter: "max", message: "must be greater than min (\(fmt(a))), got \(fmt(b))") }
        return Distribution(.uniform(a, b), mean: (a + b) / 2, variance: (b - a) * (b - a) / 12,
                            "uniform(\(fmt(a)), \(fmt(b)))")
    }

    /// Exponential with the given mean.
    public static func exponential(mean: Double) throws -> Distribution {
        try positive(mean, "mean")
        return Distribution(.exponential(mean), mean: mean, variance: mean * mean, "exponential(mean \(fmt(mean)))")
    }

    /// Normal, optionally truncated below at `lower` (resampled, not clamped).
    public static func normal(mean: Double, sd: Double, lower: Double? = nil) throws -> Distribution {
        try finite(mean, "mean"); try positive(sd, "sd")
        guard let lo = lower else {
            return Distribution(.normal(mean, sd, -.infinity), mean: mean, variance: sd * sd,
                                "normal(mean \(fmt(mean)), sd \(fmt(sd)))")
        }
        try finite(lo, "lower")
        let a = (lo - mean) / sd
        // P(Z >= a) must be at least 1% for rejection sampling to be cheap.
        guard a <= 2.326 else {
            throw DistributionError(parameter: "lower",
                message: "cuts off more than 99% of the distribution (lower \(fmt(lo)) > mean + 2.33 sd); expected a lower bound below \(fmt(mean + 2.326 * sd))")
        }
        // Moments of the normal truncated below at a (standardised).
        let phi = gsl_ran_ugaussian_pdf(a)
        let q = gsl_cdf_ugaussian_Q(a)
        let lambda = phi / q
        let m = mean + sd * lambda
        let v = sd * sd * (1 + a * lambda - lambda * lambda)
        return Distribution(.normal(mean, sd, lo), mean: m, variance: v,
                            "normal(mean \(fmt(mean)), sd \(fmt(sd)), lower \(fmt(lo)))")
    }

    /// Lognormal given the mean and standard deviation of the variable itself
    /// (not of its logarithm), as clinicians report durations.
    public static func lognormal(mean: Double, sd: Double) throws -> Distribution {
        try positive(mean, "mean"); try positive(sd, "sd")
        let s2 = log1p((sd * sd) / (mean * mean))
        let zeta = log(mean) - s2 / 2
        return Distribution(.lognormal(zeta, s2.squareRoot()), mean: mean, variance: sd * sd,
                            "lognormal(mean \(fmt(mean)), sd \(fmt(sd)))")
    }

    /// Gamma with shape k and scale θ (mean kθ).
    public static func gamma(shape: Double, scale: Double) throws -> Distribution {
        try positive(shape, "shape"); try positive(scale, "scale")
        return Distribution(.gamma(shape, scale), mean: shape * scale, variance: shape * scale * scale,
                            "gamma(shape \(fmt(shape)), scale \(fmt(scale)))")
    }

    /// Erlang: the sum of k exponentials, with the given overall mean.
    public static func erlang(k: Int, mean: Double) throws -> Distribution {
        guard k >= 1 else { throw DistributionError(parameter: "k", message: "must be a whole number of at least 1, got \(k)") }
        try positive(mean, "mean")
        let scale = mean / Double(k)
        return Distribution(.gamma(Double(k), scale), mean: mean, variance: Double(k) * scale * scale,
                            "erlang(k \(k), mean \(fmt(mean)))")
    }

    /// Weibull with scale λ and shape k.
    public static func weibull(scale: Double, shape: Double) throws -> Distribution {
        try positive(scale, "scale"); try positive(shape, "shape")
        let g1 = tgamma(1 + 1 / shape), g2 = tgamma(1 + 2 / shape)
        return Distribution(.weibull(scale, shape), mean: scale * g1, variance: scale * scale * (g2 - g1 * g1),
                            "weibull(scale \(fmt(scale)), shape \(fmt(shape)))")
    }

    /// Triangular on [min, max] with the given mode.
    public static func triangular(min a: Double, mode c: Double, max b: Double) throws -> Distribution {
        try finite(a, "min"); try finite(c, "mode"); try finite(b, "max")
        guard b > a else { throw DistributionError(parameter: "max", message: "must be greater than min (\(fmt(a))), got \(fmt(b))") }
        guard c >= a && c <= b else { throw DistributionError(parameter: "mode", message: "must lie between min (\(fmt(a))) and max (\(fmt(b))), got \(fmt(c))") }
        let mean = (a + b + c) / 3
        let v = (a * a + b * b + c * c - a * b - a * c - b * c) / 18
        return Distribution(.triangular(a, c, b), mean: mean, variance: v,
                            "triangular(\(fmt(a)), \(fmt(c)), \(fmt(b)))")
    }

    /// Beta-PERT on [min, max] with the given mode (λ = 4).
    public static func pert(min a: Double, mode c: Double, max b: Double) throws -> Distribution {
        try finite(a, "min"); try finite(c, "mode"); try finite(b, "max")
        guard b > a else { throw DistributionError(parameter: "max", message: "must be greater than min (\(fmt(a))), got \(fmt(b))") }
        guard c >= a && c <= b else { throw DistributionError(parameter: "mode", message: "must lie between min (\(fmt(a))) and max (\(fmt(b))), got \(fmt(c))") }
        let r = b - a
        let al = 1 + 4 * (c - a) / r, be = 1 + 4 * (b - c) / r
        let mean = a + r * al / (al + be)
        let v = r * r * al * be / ((al + be) * (al + be) * (al + be + 1))
        return Distribution(.pert(a, r, al, be), mean: mean, variance: v,
                            "pert(\(fmt(a)), \(fmt(c)), \(fmt(b)))")
    }

    /// Empirical discrete: `values[i]` with probability proportional to `weights[i]`.
    public static func discrete(values: [Double], weights: [Double]) throws -> Distribution {
        guard !values.isEmpty else { throw DistributionError(parameter: "values", message: "must not be empty") }
        guard values.count == weights.count else {
            throw DistributionError(parameter: "weights", message: "must have one weight per value (\(values.count)), got \(weights.count)")
        }
        for v in values { try finite(v, "values") }
        let t = try DiscreteTable(values: values, weights: weights)
        let total = weights.reduce(0, +)
        var m = 0.0, m2 = 0.0
        for (v, w) in zip(values, weights) { m += v * w / total; m2 += v * v * w / total }
        return Distribution(.discrete(t.table, t.values), mean: m, variance: max(0, m2 - m * m),
                            "discrete(\(values.count) values)", storage: t)
    }

    /// Categorical over `weights.count` categories: samples the index 0..<n.
    public static func categorical(weights: [Double]) throws -> Distribution {
        let d = try discrete(values: (0..<weights.count).map(Double.init), weights: weights)
        return Distribution(d.kind, mean: d.mean, variance: d.variance, "categorical(\(weights.count) categories)", storage: d.storage)
    }

    /// Empirical continuous: a piecewise-linear CDF through the points
    /// (values[i], cumulative[i]); values increasing, cumulative from 0 to 1.
    public static func empirical(values: [Double], cumulative: [Double]) throws -> Distribution {
        let t = try PiecewiseLinearCDF(values: values, cumulative: cumulative)
        return Distribution(.piecewiseLinear(t.xs, t.ps, t.count), mean: t.mean, variance: t.variance,
                            "empirical(\(values.count) points)", storage: t)
    }

    /// Poisson with the given mean.
    public static func poisson(mean: Double) throws -> Distribution {
        try positive(mean, "mean")
        // GSL's sampler counts in 32 bits and does not return for huge means.
        guard mean <= 1e9 else { throw DistributionError(parameter: "mean", message: "must be at most 1000000000, got \(fmt(mean))") }
        return Distribution(.poisson(mean), mean: mean, variance: mean, "poisson(mean \(fmt(mean)))")
    }

    /// 1 with probability p, else 0.
    public static func bernoulli(p: Double) throws -> Distribution {
        try finite(p, "p")
        guard p >= 0 && p <= 1 else { throw DistributionError(parameter: "p", message: "must be a probability between 0 and 1, got \(fmt(p))") }
        return Distribution(.bernoulli(p), mean: p, variance: p * (1 - p), "bernoulli(p \(fmt(p)))")
    }
}

/// The sampling side of a `Distribution`: trivially copyable, so the
/// simulation loop keeps an array of them with no reference counting.
public struct Sampler: Sendable, BitwiseCopyable {
    @usableFromInline let kind: Distribution.Kind
    @usableFromInline init(kind: Distribution.Kind) { self.kind = kind }

    /// Draws one value from `stream`. The exponential (every Poisson
    /// arrival, many service times) is drawn inline at the call site; the
    /// rest through `sampleAny`.
    @inlinable @inline(__always)
    public func sample(_ stream: RandomStream) -> Double {
        if case .exponential(let m) = kind { return stream.exponential(mean: m) }
        return sampleAny(stream)
    }

    /// Draws one value from `stream`, any kind.
    @inlinable @inline(never)
    public func sampleAny(_ stream: RandomStream) -> Double {
        switch kind {
        case .fixed(let v): return v
        case .exponential(let m): return stream.exponential(mean: m)
        case .lognormal(let z, let s): return gsl_ran_lognormal(stream.rng, z, s)
        case .uniform(let a, let b): return gsl_ran_flat(stream.rng, a, b)
        case .normal(let m, let s, let lo):
            // Truncated normal by rejection; construction guarantees
            // P(X >= lo) >= 1%, so the expected number of draws is <= 100
            // and typically 1.
            while true {
                let x = m + gsl_ran_gaussian_ziggurat(stream.rng, s)
                if x >= lo { return x }
            }
        case .gamma(let a, let b): return gsl_ran_gamma(stream.rng, a, b)
        case .weibull(let a, let b): return gsl_ran_weibull(stream.rng, a, b)
        case .triangular(let a, let c, let b):
            // Inversion (GSL has no triangular sampler).
            let u = gsl_rng_uniform(stream.rng)
            let f = (c - a) / (b - a)
            if u < f { return a + (u * (b - a) * (c - a)).squareRoot() }
            return b - ((1 - u) * (b - a) * (b - c)).squareRoot()
        case .pert(let lo, let range, let al, let be):
            return lo + range * gsl_ran_beta(stream.rng, al, be)
        case .discrete(let t, let values): return values[Int(gsl_ran_discrete(stream.rng, t))]
        case .piecewiseLinear(let xs, let ps, let n): return Self.invert(xs, ps, n, stream.uniform())
        case .poisson(let mu): return Double(gsl_ran_poisson(stream.rng, mu))
        case .bernoulli(let p): return Double(gsl_ran_bernoulli(stream.rng, p))
        case .residual(let inner, let bound): return Self.residual(inner.pointee, bound, stream)
        }
    }

    /// Index drawn from a categorical distribution; for other kinds, the
    /// sample truncated to an integer.
    @inlinable
    public func sampleIndex(_ stream: RandomStream) -> Int {
        if case .discrete(let t, _) = kind { return Int(gsl_ran_discrete(stream.rng, t)) }
        return Int(sample(stream))
    }

    /// Inverse of a piecewise-linear CDF by binary search.
    @usableFromInline
    static func invert(_ xs: UnsafeMutablePointer<Double>, _ ps: UnsafeMutablePointer<Double>, _ n: Int, _ u: Double) -> Double {
        // First index with ps[i] > u (u < 1 = ps[n-1], so it exists).
        var lo = 1, hi = n - 1
        while lo < hi {
            let mid = (lo + hi) >> 1
            if ps[mid] > u { hi = mid } else { lo = mid + 1 }
        }
        let p0 = ps[lo - 1], p1 = ps[lo]
        let f = p1 > p0 ? (u - p0) / (p1 - p0) : 0
        return xs[lo - 1] + f * (xs[lo] - xs[lo - 1])
    }
}

/// GSL's Walker alias table (`gsl_ran_discrete`) and its values, owned and
/// freed here. Immutable after construction, so safe to share across threads.
final class DiscreteTable: @unchecked Sendable {
    let table: UnsafeMutablePointer<gsl_ran_discrete_t>
    let values: UnsafeMutablePointer<Double>
    let count: Int

    init(values: [Double], weights: [Double]) throws {
        for w in weights {
            guard w.isFinite && w >= 0 else {
                throw DistributionError(parameter: "weights", message: "must be finite and 0 or more, got \(w)")
            }
        }
        guard weights.reduce(0, +) > 0 else {
            throw DistributionError(parameter: "weights", message: "must not all be zero")
        }
        GSL.setUp()
        guard let t = weights.withUnsafeBufferPointer({ gsl_ran_discrete_preproc($0.count, $0.baseAddress) }) else {
            throw DistributionError(parameter: "weights", message: "rejected by GSL")
        }
        self.table = t
        self.count = values.count
        self.values = .allocate(capacity: values.count)
        self.values.initialize(from: values, count: values.count)
    }
    deinit {
        gsl_ran_discrete_free(table)
        values.deallocate()
    }
}

/// A continuous distribution from a table of (value, cumulative probability),
/// linear in between: sampled by inversion with a binary search.
final class PiecewiseLinearCDF: @unchecked Sendable {
    let xs: UnsafeMutablePointer<Double>
    let ps: UnsafeMutablePointer<Double>
    let count: Int
    let mean: Double
    let variance: Double

    init(values xs: [Double], cumulative ps: [Double]) throws {
        guard xs.count >= 2 else { throw DistributionError(parameter: "values", message: "needs at least 2 points, got \(xs.count)") }
        guard xs.count == ps.count else {
            throw DistributionError(parameter: "cumulative", message: "must have one probability per value (\(xs.count)), got \(ps.count)")
        }
        for i in xs.indices {
            guard xs[i].isFinite else { throw DistributionError(parameter: "values", message: "must be finite numbers") }
            guard ps[i].isFinite && ps[i] >= 0 && ps[i] <= 1 else {
                throw DistributionError(parameter: "cumulative", message: "must be probabilities between 0 and 1, got \(ps[i])")
            }
            if i > 0 {
                guard xs[i] >= xs[i - 1] else { throw DistributionError(parameter: "values", message: "must not decrease") }
                guard ps[i] >= ps[i - 1] else { throw DistributionError(parameter: "cumulative", message: "must not decrease") }
            }
        }
        guard ps[0] == 0 else { throw DistributionError(parameter: "cumulative", message: "must start at 0, got \(ps[0])") }
        guard abs(ps[ps.count - 1] - 1) < 1e-9 else { throw DistributionError(parameter: "cumulative", message: "must end at 1, got \(ps[ps.count - 1])") }
        // Each segment is uniform on [x0, x1] with probability mass p1 - p0.
        var m = 0.0, m2 = 0.0
        for i in 1..<xs.count {
            let w = ps[i] - ps[i - 1], a = xs[i - 1], b = xs[i]
            m += w * (a + b) / 2
            m2 += w * (a * a + a * b + b * b) / 3
        }
        self.mean = m
        self.variance = max(0, m2 - m * m)
        self.count = xs.count
        self.xs = .allocate(capacity: xs.count)
        self.xs.initialize(from: xs, count: xs.count)
        self.ps = .allocate(capacity: ps.count)
        self.ps.initialize(from: ps, count: ps.count)
        self.ps[ps.count - 1] = 1
    }
    deinit {
        xs.deallocate()
        ps.deallocate()
    }
}
