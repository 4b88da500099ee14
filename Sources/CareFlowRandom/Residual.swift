import CGSL
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Keeps the inner sampler of a residual distribution alive.
final class ResidualStorage: @unchecked Sendable {
    let inner: UnsafeMutablePointer<Sampler>
    let keep: (any Sendable & AnyObject)?
    init(_ s: Sampler, keep: (any Sendable & AnyObject)?) {
        inner = .allocate(capacity: 1)
        inner.initialize(to: s)
        self.keep = keep
    }
    deinit { inner.deallocate() }
}

extension Distribution {
    /// The equilibrium residual (forward recurrence time) of this
    /// duration: the time still to go of an activity found in progress at a
    /// random instant of a steady state, density (1 - F(x)) / mean.
    ///
    /// Sampled exactly as U x X*, U uniform on (0, 1) and X* the
    /// length-biased duration (density x f(x) / mean), which is in closed
    /// form for exponential (gamma with shape 2), gamma (shape + 1),
    /// lognormal (log-mean + sigma^2) and fixed durations, and drawn by rejection (accept
    /// X with probability X / max) for bounded ones (uniform, triangular,
    /// PERT, empirical, discrete). Mean E[X^2] / (2 E[X]).
    /// Throws for a normal, Weibull, Poisson or Bernoulli duration (state the
    /// remaining time explicitly instead), and for a mean of 0.
    public func equilibriumResidual() throws -> Distribution {
        guard mean > 0 else { throw DistributionError(parameter: "duration", message: "has mean 0: nothing is in progress") }
        let rmean = (variance + mean * mean) / (2 * mean)
        let rvar = Double.nan     // needs E[X^3]; not used by the engine
        let name = "equilibrium residual of \(description)"
        let inner: Kind, bound: Double
        switch kind {
        case .fixed(let v): return try .uniform(min: 0, max: v)
        case .exponential(let m): return try .exponential(mean: m)
        case .gamma(let a, let b): inner = .gamma(a + 1, b); bound = .infinity
        case .lognormal(let z, let s): inner = .lognormal(z + s * s, s); bound = .infinity
        case .uniform(_, let b): inner = kind; bound = b
        case .triangular(_, _, let b): inner = kind; bound = b
        case .pert(let lo, let r, _, _): inner = kind; bound = lo + r
        case .piecewiseLinear(let xs, _, let n): inner = kind; bound = xs[n - 1]
        case .discrete(_, let values):
            // Largest value of the table (positive mean: some value > 0).
            var m = 0.0
            if let t = storage as? DiscreteTable { for i in 0..<t.count { m = Swift.max(m, values[i]) } }
            inner = kind; bound = m
        case .normal, .poisson, .bernoulli, .weibull, .residual:
            throw DistributionError(parameter: "duration", message: "\(description) has no closed-form equilibrium residual here; give 'remaining' explicitly")
        }
        let st = ResidualStorage(Sampler(kind: inner), keep: storage)
        return Distribution(.residual(st.inner, bound), mean: rmean, variance: rvar, name, storage: st)
    }
}

extension Sampler {
    @usableFromInline
    static func residual(_ inner: Sampler, _ bound: Double, _ stream: RandomStream) -> Double {
        if bound.isFinite {
            // Rejection: accept X ~ f with probability X / bound; expected
            // draws bound / mean (bounded kinds only).
            while true {
                let x = inner.sample(stream)
                if stream.uniform() * bound <= x { return stream.uniform() * x }
            }
        }
        return stream.uniform() * inner.sample(stream)
    }
}
