import Testing
@testable import CareFlowRandom
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A distribution with the theoretical fourth central moment μ4 that its
/// sample-variance tolerance needs.
struct MomentCase: Sendable, CustomTestStringConvertible {
    let distribution: Distribution
    /// Fourth central moment E[(X - μ)^4].
    let mu4: Double
    /// Support [lo, hi] every sample must lie in.
    let lo: Double, hi: Double
    var testDescription: String { distribution.description }
}

/// μ4 from the first four raw moments E[X^k].
func centralFourth(_ m1: Double, _ m2: Double, _ m3: Double, _ m4: Double) -> Double {
    m4 - 4 * m1 * m3 + 6 * m1 * m1 * m2 - 3 * m1 * m1 * m1 * m1
}

/// Raw moments E[X^k], k = 1...4, of a mixture of uniform segments with
/// weights (the piecewise-linear CDF).
func segmentRawMoments(_ xs: [Double], _ ps: [Double]) -> [Double] {
    (1...4).map { k in
        var m = 0.0
        for i in 1..<xs.count {
            let w = ps[i] - ps[i - 1], a = xs[i - 1], b = xs[i]
            m += w * (pow(b, Double(k + 1)) - pow(a, Double(k + 1))) / (Double(k + 1) * (b - a))
        }
        return m
    }
}

let momentCases: [MomentCase] = {
    var c: [MomentCase] = []
    func add(_ d: Distribution, mu4: Double, _ lo: Double = -.infinity, _ hi: Double = .infinity) {
        c.append(MomentCase(distribution: d, mu4: mu4, lo: lo, hi: hi))
    }
    // Uniform: μ4 = (b - a)^4 / 80.
    add(try! .uniform(min: 2, max: 7), mu4: pow(5, 4) / 80, 2, 7)
    // Exponential: μ4 = 9 m^4.
    add(try! .exponential(mean: 4), mu4: 9 * pow(4, 4), 0)
    // Normal: μ4 = 3 σ^4.
    add(try! .normal(mean: 10, sd: 2), mu4: 3 * pow(2, 4))
    // Normal truncated below at a = (lower - mean)/sd: with λ = φ(a)/Q(a),
    // the raw moments of Z | Z ≥ a obey E[Z^k] = (k-1) E[Z^(k-2)] + a^(k-1) λ.
    do {
        let mean = 10.0, sd = 2.0, lower = 9.0
        let a = (lower - mean) / sd
        let phi = exp(-a * a / 2) / (2 * Double.pi).squareRoot()
        let q = 0.5 * erfc(a / 2.0.squareRoot())
        let lam = phi / q
        var z = [1.0, lam]
        for k in 2...4 { z.append(Double(k - 1) * z[k - 2] + pow(a, Double(k - 1)) * lam) }
        add(try! .normal(mean: mean, sd: sd, lower: lower), mu4: pow(sd, 4) * centralFourth(z[1], z[2], z[3], z[4]), lower)
    }
    // Lognormal with s² = log(1 + cv²): μ4 = σ^4 (e^{4s²} + 2e^{3s²} + 3e^{2s²} - 3).
    do {
        let m = 25.0, sd = 15.0
        let s2 = log(1 + sd * sd / (m * m))
        add(try! .lognormal(mean: m, sd: sd), mu4: pow(sd, 4) * (exp(4 * s2) + 2 * exp(3 * s2) + 3 * exp(2 * s2) - 3), 0)
    }
    // Gamma (and Erlang): excess kurtosis 6/k, so μ4 = σ^4 (3 + 6/k).
    add(try! .gamma(shape: 2.5, scale: 3), mu4: pow(2.5 * 9, 2) * (3 + 6 / 2.5), 0)
    add(try! .erlang(k: 3, mean: 12), mu4: pow(3 * 16, 2) * (3 + 6 / 3.0), 0)
    // Weibull: E[X^k] = λ^k Γ(1 + k/shape).
    do {
        let l = 5.0, k = 1.5
        let m = (1...4).map { pow(l, Double($0)) * tgamma(1 + Double($0) / k) }
        add(try! .weibull(scale: l, shape: k), mu4: centralFourth(m[0], m[1], m[2], m[3]), 0)
    }
    // Triangular: excess kurtosis -3/5, so μ4 = 2.4 σ^4.
    do {
        let d = try! Distribution.triangular(min: 5, mode: 10, max: 20)
        add(d, mu4: 2.4 * d.variance * d.variance, 5, 20)
    }
    // PERT = min + range · Beta(α, β), with the beta's excess kurtosis
    // 6[(α-β)²(α+β+1) - αβ(α+β+2)] / [αβ(α+β+2)(α+β+3)].
    do {
        let lo = 5.0, mode = 10.0, hi = 20.0, r = hi - lo
        let al = 1 + 4 * (mode - lo) / r, be = 1 + 4 * (hi - mode) / r
        let v = al * be / ((al + be) * (al + be) * (al + be + 1))
        let ex = 6 * ((al - be) * (al - be) * (al + be + 1) - al * be * (al + be + 2)) / (al * be * (al + be + 2) * (al + be + 3))
        add(try! .pert(min: lo, mode: mode, max: hi), mu4: pow(r, 4) * v * v * (3 + ex), lo, hi)
    }
    // Discrete and categorical: exact sums.
    do {
        let values = [1.0, 2, 5], w = [0.2, 0.5, 0.3]
        let m = (1...4).map { k in zip(values, w).reduce(0.0) { $0 + pow($1.0, Double(k)) * $1.1 } }
        add(try! .discrete(values: values, weights: w), mu4: centralFourth(m[0], m[1], m[2], m[3]), 1, 5)
        let cw = [1.0, 2, 3, 4], total = cw.reduce(0, +)
        let cm = (1...4).map { k in cw.indices.reduce(0.0) { $0 + pow(Double($1), Double(k)) * cw[$1] / total } }
        add(try! .categorical(weights: cw), mu4: centralFourth(cm[0], cm[1], cm[2], cm[3]), 0, 3)
    }
    // Empirical (piecewise-linear CDF): a mixture of uniforms.
    do {
        let xs = [0.0, 10, 30, 60], ps = [0.0, 0.5, 0.8, 1]
        let m = segmentRawMoments(xs, ps)
        add(try! .empirical(values: xs, cumulative: ps), mu4: centralFourth(m[0], m[1], m[2], m[3]), 0, 60)
    }
    // Poisson: μ4 = λ(1 + 3λ).
    add(try! .poisson(mean: 3.7), mu4: 3.7 * (1 + 3 * 3.7), 0)
    // Bernoulli: μ4 = p(1-p)(1 - 3p + 3p²).
    add(try! .bernoulli(p: 0.3), mu4: 0.3 * 0.7 * (1 - 0.9 + 0.27), 0, 1)
    return c
}()

/// Sample mean and variance (n - 1 denominator), plus min and max.
func sampleMoments(_ d: Distribution, n: Int, seed: UInt64 = 2024, name: String) -> (mean: Double, variance: Double, min: Double, max: Double) {
    var mean = 0.0, m2 = 0.0, lo = Double.infinity, hi = -Double.infinity
    withStream(seed: seed, named: name) { s in
        for i in 1...n {
            let x = d.sample(s)
            let delta = x - mean
            mean += delta / Double(i)
            m2 += delta * (x - mean)
            lo = min(lo, x); hi = max(hi, x)
        }
    }
    return (mean, m2 / Double(n - 1), lo, hi)
}

@Suite("Distribution moments against theory")
struct DistributionMomentTests {
    static let n = 200_000

    /// Tolerances are 4 standard errors of the estimator, from theory:
    /// - mean: sd(X)/√n (central limit theorem);
    /// - variance: the sample variance has Var(s²) = (μ4 - σ⁴(n-3)/(n-1))/n,
    ///   asymptotically normal, so its standard error is √((μ4 - σ⁴)/n) to
    ///   within a relative O(1/n).
    /// Each check fails by chance with probability 6e-5 (two-sided 4σ).
    @Test("sample mean and variance match .mean and .variance", arguments: momentCases)
    func meanAndVariance(_ c: MomentCase) {
        let d = c.distribution
        let n = Self.n
        let s = sampleMoments(d, n: n, name: d.description)
        let seMean = (d.variance / Double(n)).squareRoot()
        let seVar = ((c.mu4 - d.variance * d.variance * Double(n - 3) / Double(n - 1)) / Double(n)).squareRoot()
        #expect(seVar > 0, "μ4 must exceed σ⁴ for a non-degenerate distribution")
        #expect(abs(s.mean - d.mean) <= 4 * seMean, "mean \(s.mean) vs \(d.mean) ± \(4 * seMean)")
        #expect(abs(s.variance - d.variance) <= 4 * seVar, "variance \(s.variance) vs \(d.variance) ± \(4 * seVar)")
        #expect(s.min >= c.lo && s.max <= c.hi, "samples within [\(c.lo), \(c.hi)]: got [\(s.min), \(s.max)]")
    }

    @Test("fixed is always its value and has zero variance")
    func fixedIsConstant() throws {
        let d = try Distribution.fixed(3.5)
        #expect(d.mean == 3.5 && d.variance == 0)
        withStream(seed: 1, named: "x") { s in
            for _ in 0..<100 { #expect(d.sample(s) == 3.5) }
        }
    }

    @Test("bernoulli at p = 0 and p = 1 is constant")
    func bernoulliExtremes() throws {
        let zero = try Distribution.bernoulli(p: 0), one = try Distribution.bernoulli(p: 1)
        withStream(seed: 1, named: "x") { s in
            for _ in 0..<1000 {
                #expect(zero.sample(s) == 0)
                #expect(one.sample(s) == 1)
            }
        }
    }

    /// Category frequencies against weights: each count is binomial, so
    /// |count - n p| ≤ 4 √(n p (1-p)).
    @Test("categorical sampleIndex frequencies follow the weights")
    func categoricalFrequencies() throws {
        let w = [0.05, 0.20, 0.40, 0.30, 0.05]
        let d = try Distribution.categorical(weights: w)
        let n = 100_000
        var counts = [Int](repeating: 0, count: w.count)
        withStream(seed: 9, named: "triage") { s in
            for _ in 0..<n { counts[d.sampleIndex(s)] += 1 }
        }
        for (k, p) in w.enumerated() {
            let sd = (Double(n) * p * (1 - p)).squareRoot()
            #expect(abs(Double(counts[k]) - Double(n) * p) <= 4 * sd, "category \(k): \(counts[k])")
        }
    }

    /// The empirical distribution inverts its CDF: P(X ≤ x_i) = p_i exactly
    /// at the knots, so the share of samples ≤ each knot is binomial.
    @Test("empirical distribution reproduces its cumulative probabilities at the knots")
    func empiricalKnots() throws {
        let xs = [0.0, 10, 30, 60], ps = [0.0, 0.5, 0.8, 1]
        let d = try Distribution.empirical(values: xs, cumulative: ps)
        let n = 100_000
        var below = [Int](repeating: 0, count: xs.count)
        withStream(seed: 3, named: "los") { s in
            for _ in 0..<n {
                let x = d.sample(s)
                for i in xs.indices where x <= xs[i] { below[i] += 1 }
            }
        }
        for i in 1..<(xs.count - 1) {
            let p = ps[i], sd = (Double(n) * p * (1 - p)).squareRoot()
            #expect(abs(Double(below[i]) - Double(n) * p) <= 4 * sd, "knot \(xs[i])")
        }
        #expect(below[xs.count - 1] == n)
    }

    @Test("lognormal is parameterised by the mean and sd of the variable, not of its log")
    func lognormalParameters() throws {
        let d = try Distribution.lognormal(mean: 4320, sd: 2880)
        #expect(d.mean == 4320)
        #expect(abs(d.variance - 2880 * 2880) < 1e-6)
    }
}
