import CareFlowRandom
import Foundation

/// Durations to fit: exact observations and right-censored ones (the
/// patient was still in the interval when the log ended, so only a lower
/// bound is known). Minutes, all > 0.
public struct DurationSample: Sendable {
    public var exact: [Double]
    public var censored: [Double]
    public init(exact: [Double], censored: [Double] = []) { self.exact = exact; self.censored = censored }
    public var n: Int { exact.count + censored.count }
}

public enum Family: String, Sendable, CaseIterable {
    case exponential, gamma, lognormal, weibull
    public var parameterNames: [String] {
        switch self {
        case .exponential: return ["mean"]
        case .gamma: return ["shape", "scale"]
        case .lognormal: return ["meanlog", "sdlog"]
        case .weibull: return ["shape", "scale"]
        }
    }
}

/// One parameter estimate with its standard error and confidence interval
/// (Wald, on the log scale for positive parameters: from the observed
/// Fisher information, the numerical Hessian of the log-likelihood).
public struct ParameterEstimate: Sendable {
    public var name: String
    public var value: Double
    public var se: Double
    public var ciLow: Double
    public var ciHigh: Double
}

/// A maximum-likelihood fit of one family (fitdistrplus's `fitdist` object).
public struct FittedDistribution: Sendable {
    public var family: Family
    public var parameters: [ParameterEstimate]
    public var logLikelihood: Double
    public var n: Int
    public var censored: Int
    public var aic: Double { 2 * Double(parameters.count) - 2 * logLikelihood }
    public var bic: Double { Double(parameters.count) * log(Double(n)) - 2 * logLikelihood }
    /// Kolmogorov-Smirnov and Anderson-Darling statistics on the exact observations.
    public var ks = Double.nan
    public var ad = Double.nan

    public var values: [Double] { parameters.map(\.value) }
    public func parameter(_ name: String) -> ParameterEstimate? { parameters.first { $0.name == name } }

    public func cdf(_ x: Double) -> Double { Self.cdf(family, values, x) }
    public func pdf(_ x: Double) -> Double { Self.pdf(family, values, x) }
    public func quantile(_ p: Double) -> Double {
        let v = values
        switch family {
        case .exponential: return -v[0] * log1p(-p)
        case .gamma: return FitNumerics.gammaPinv(p, shape: v[0], scale: v[1])
        case .lognormal: return exp(v[0] + v[1] * GSL.normalQuantile(p))
        case .weibull: return v[1] * pow(-log1p(-p), 1 / v[0])
        }
    }
    public var mean: Double {
        let v = values
        switch family {
        case .exponential: return v[0]
        case .gamma: return v[0] * v[1]
        case .lognormal: return exp(v[0] + v[1] * v[1] / 2)
        case .weibull: return v[1] * exp(FitNumerics.lnGamma(1 + 1 / v[0]))
        }
    }
    public var sd: Double {
        let v = values
        switch family {
        case .exponential: return v[0]
        case .gamma: return v[0].squareRoot() * v[1]
        case .lognormal: return mean * (exp(v[1] * v[1]) - 1).squareRoot()
        case .weibull:
            let g1 = exp(FitNumerics.lnGamma(1 + 1 / v[0])), g2 = exp(FitNumerics.lnGamma(1 + 2 / v[0]))
            return v[1] * max(0, g2 - g1 * g1).squareRoot()
        }
    }

    static func cdf(_ f: Family, _ v: [Double], _ x: Double) -> Double {
        guard x > 0 else { return 0 }
        switch f {
        case .exponential: return -expm1(-x / v[0])
        case .gamma: return FitNumerics.gammaP(x, shape: v[0], scale: v[1])
        case .lognormal: return FitNumerics.normalP((log(x) - v[0]) / v[1])
        case .weibull: return -expm1(-pow(x / v[1], v[0]))
        }
    }

    static func pdf(_ f: Family, _ v: [Double], _ x: Double) -> Double {
        guard x > 0 else { return 0 }
        switch f {
        case .exponential: return exp(-x / v[0]) / v[0]
        case .gamma: return FitNumerics.gammaPDF(x, shape: v[0], scale: v[1])
        case .lognormal:
            let z = (log(x) - v[0]) / v[1]
            return exp(-z * z / 2) / (x * v[1] * (2 * Double.pi).squareRoot())
        case .weibull:
            let r = x / v[1]
            return v[0] / v[1] * pow(r, v[0] - 1) * exp(-pow(r, v[0]))
        }
    }
}

/// Sufficient statistics of the exact observations (so that most
/// log-likelihood evaluations cost O(1) whatever the sample size).
struct Sums {
    var n = 0.0, x = 0.0, logx = 0.0, logx2 = 0.0, cx = 0.0
    init(_ s: DurationSample) {
        n = Double(s.exact.count)
        for v in s.exact { let l = log(v); x += v; logx += l; logx2 += l * l }
        for c in s.censored { cx += c }
    }
}

public enum Fitter {
    /// Fits every family by maximum likelihood, with `level` confidence intervals.
    public static func fitAll(_ s: DurationSample, level: Double = 0.95) -> [FittedDistribution] {
        Family.allCases.compactMap { fit($0, s, level: level) }
    }

    /// The maximum-likelihood fit of `family` (nil: too few observations or no convergence).
    public static func fit(_ family: Family, _ s: DurationSample, level: Double = 0.95) -> FittedDistribution? {
        guard s.exact.count >= 2, s.exact.allSatisfy({ $0 > 0 && $0.isFinite }), s.censored.allSatisfy({ $0 > 0 && $0.isFinite }) else { return nil }
        let sums = Sums(s)
        let z = GSL.normalQuantile(0.5 + level / 2)
        // Parameters are estimated in a transformed space u (log of positive
        // ones); the Hessian there gives the Wald intervals.
        let toU: ([Double]) -> [Double], fromU: ([Double]) -> [Double]
        switch family {
        case .lognormal: toU = { [$0[0], log($0[1])] }; fromU = { [$0[0], exp($0[1])] }
        default: toU = { $0.map(log) }; fromU = { $0.map(exp) }
        }
        let ll: ([Double]) -> Double = { logLikelihood(family, $0, s, sums) }
        guard var theta = start(family, s, sums) else { return nil }
        if !s.censored.isEmpty && (family == .gamma || family == .lognormal) {
            let u = NelderMead.maximize({ ll(fromU($0)) }, from: toU(theta))
            theta = fromU(u)
        }
        let value = ll(theta)
        guard value.isFinite else { return nil }
        let u = toU(theta)
        let cov = Hessian.covariance({ ll(fromU($0)) }, at: u)
        var params: [ParameterEstimate] = []
        for (i, name) in family.parameterNames.enumerated() {
            let seU = cov.map { $0[i][i] >= 0 ? $0[i][i].squareRoot() : .nan } ?? .nan
            let logScale = !(family == .lognormal && i == 0)
            let lo = fromU(u.enumerated().map { $0.offset == i ? $0.element - z * seU : $0.element })[i]
            let hi = fromU(u.enumerated().map { $0.offset == i ? $0.element + z * seU : $0.element })[i]
            params.append(ParameterEstimate(name: name, value: theta[i], se: logScale ? theta[i] * seU : seU, ciLow: lo, ciHigh: hi))
        }
        var f = FittedDistribution(family: family, parameters: params, logLikelihood: value, n: s.n, censored: s.censored.count)
        (f.ks, f.ad) = GoodnessOfFit.statistics(f, sortedExact: s.exact.sorted())
        return f
    }

    /// Closed forms or one-dimensional Newton iterations: exact MLEs
    /// without censoring (and for the exponential and Weibull with it).
    static func start(_ family: Family, _ s: DurationSample, _ m: Sums) -> [Double]? {
        let r = m.n
        switch family {
        case .exponential:
            return [(m.x + m.cx) / r]
        case .lognormal:
            let mu = m.logx / r
            return [mu, max(1e-12, m.logx2 / r - mu * mu).squareRoot()]
        case .gamma:
            // Solve log k - psi(k) = log(mean) - mean(log x) (Choi & Wette 1969), Minka's start.
            let mean = m.x / r
            let c = log(mean) - m.logx / r
            guard c > 0 else { return nil }
            var k = (3 - c + ((c - 3) * (c - 3) + 24 * c).squareRoot()) / (12 * c)
            for _ in 0..<100 {
                let g = log(k) - FitNumerics.digamma(k) - c
                let dg = 1 / k - FitNumerics.trigamma(k)
                let next = k - g / dg
                let knew = next > 0 ? next : k / 2
                if abs(knew - k) < 1e-12 * k { k = knew; break }
                k = knew
            }
            return [k, mean / k]
        case .weibull:
            // Profile equation in the shape k (censored times count in the sums of x^k only):
            // 1/k + sum_exact log x / r - sum_all x^k log x / sum_all x^k = 0; scale^k = sum_all x^k / r.
            let all = s.exact + s.censored
            let meanLog = m.logx / r
            let ref = all.max() ?? 1
            let logs = all.map { log($0 / ref) }   // scaled for overflow safety
            var k = 1.2
            for _ in 0..<200 {
                var a = 0.0, b = 0.0, c = 0.0
                for l in logs { let w = exp(k * l); a += w; b += w * l; c += w * l * l }
                let g = 1 / k + (meanLog - log(ref)) - b / a
                let dg = -1 / (k * k) - (c / a - (b / a) * (b / a))
                var next = k - g / dg
                if !(next > 0) || !next.isFinite { next = k / 2 }
                if abs(next - k) < 1e-12 * k { k = next; break }
                k = next
            }
            var a = 0.0
            for l in logs { a += exp(k * l) }
            return [k, ref * pow(a / r, 1 / k)]
        }
    }

    static func logLikelihood(_ f: Family, _ v: [Double], _ s: DurationSample, _ m: Sums) -> Double {
        guard v.allSatisfy({ $0.isFinite }) else { return -.infinity }
        var ll: Double
        switch f {
        case .exponential:
            let mu = v[0]
            guard mu > 0 else { return -.infinity }
            return -m.n * log(mu) - (m.x + m.cx) / mu
        case .gamma:
            let (k, t) = (v[0], v[1])
            guard k > 0, t > 0 else { return -.infinity }
            ll = (k - 1) * m.logx - m.x / t - m.n * (FitNumerics.lnGamma(k) + k * log(t))
            for c in s.censored { ll += log(FitNumerics.gammaQ(c, shape: k, scale: t)) }
        case .lognormal:
            let (mu, sg) = (v[0], v[1])
            guard sg > 0 else { return -.infinity }
            let ss = m.logx2 - 2 * mu * m.logx + m.n * mu * mu
            ll = -m.logx - m.n * (log(sg) + 0.5 * log(2 * Double.pi)) - ss / (2 * sg * sg)
            for c in s.censored { ll += log(FitNumerics.normalQ((log(c) - mu) / sg)) }
        case .weibull:
            let (k, lam) = (v[0], v[1])
            guard k > 0, lam > 0 else { return -.infinity }
            ll = m.n * (log(k) - k * log(lam)) + (k - 1) * m.logx
            for x in s.exact { ll -= pow(x / lam, k) }
            for c in s.censored { ll -= pow(c / lam, k) }
        }
        return ll
    }
}

/// Kolmogorov-Smirnov D and Anderson-Darling A² of a fitted distribution
/// against sorted observations (Stephens 1974; fitdistrplus `gofstat`).
public enum GoodnessOfFit {
    public static func statistics(_ f: FittedDistribution, sortedExact x: [Double]) -> (ks: Double, ad: Double) {
        let n = x.count
        guard n > 0 else { return (.nan, .nan) }
        let nd = Double(n)
        var F = [Double](repeating: 0, count: n)
        for i in 0..<n { F[i] = min(max(f.cdf(x[i]), 1e-300), 1 - 1e-16) }
        var d = 0.0, a = 0.0
        for i in 0..<n {
            d = max(d, F[i] - Double(i) / nd, Double(i + 1) / nd - F[i])
            a += Double(2 * i + 1) * (log(F[i]) + log1p(-F[n - 1 - i]))
        }
        return (d, -nd - a / nd)
    }
}
