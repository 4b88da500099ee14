import Testing
@testable import CareFlowRandom
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The exponential sampler is `-mean * log(u)`, u from `gsl_rng_uniform_pos`
/// (exact inversion at the cost of `log`, not GSL's `log1p`; see
/// RandomStream.exponential). Its mean and variance are checked with the
/// other distributions in DistributionMomentTests; here: its quantiles, its
/// whole CDF, and that it is the inversion it claims to be.
@Suite("Exponential by inversion of a GSL uniform")
struct ExponentialTests {
    static let n = 200_000
    static let mean = 4.0

    static func sample(seed: UInt64, name: String) -> [Double] {
        withStream(seed: seed, named: name) { s in (0..<n).map { _ in s.exponential(mean: mean) } }
    }

    /// At each quantile x_p = -m log(1 - p), the number of samples ≤ x_p is
    /// Binomial(n, p): within 4 sd = 4 √(n p (1 - p)) (fails by chance with
    /// probability 6e-5 per quantile). p = 0.999 checks the far tail
    /// (200 samples expected above it, sd 14).
    @Test("share of samples below each theoretical quantile is binomial around p")
    func quantiles() {
        let xs = Self.sample(seed: 11, name: "exp/quantiles")
        let n = Double(Self.n)
        for p in [0.001, 0.01, 0.1, 0.25, 0.5, 0.75, 0.9, 0.99, 0.999] {
            let q = -Self.mean * log(1 - p)
            let below = Double(xs.reduce(0) { $0 + ($1 <= q ? 1 : 0) })
            let sd = (n * p * (1 - p)).squareRoot()
            #expect(abs(below - n * p) <= 4 * sd, "p = \(p): \(below) of \(n) below \(q), expected \(n * p) ± \(4 * sd)")
        }
    }

    /// Kolmogorov-Smirnov against F(x) = 1 - e^(-x/m): √n D_n has the
    /// Kolmogorov distribution; P(√n D_n > 1.95) = 0.001.
    @Test("Kolmogorov-Smirnov distance to the exponential CDF is below the 0.1% critical value")
    func kolmogorovSmirnov() {
        let xs = Self.sample(seed: 12, name: "exp/ks").sorted()
        let n = Double(xs.count)
        var d = 0.0
        for (i, x) in xs.enumerated() {
            let f = 1 - exp(-x / Self.mean)
            d = max(d, abs(f - Double(i) / n), abs(Double(i + 1) / n - f))
        }
        #expect(d * n.squareRoot() < 1.95, "√n D = \(d * n.squareRoot())")
    }

    @Test("every draw is -mean log(u) of the stream's next positive uniform, finite and positive")
    func exactInversion() {
        let set = StreamSet(seed: 5, replication: 2)
        let a = set.stream(named: "arrivals/walk_in"), b = set.stream(named: "arrivals/walk_in")
        let d = try! Distribution.exponential(mean: 7.5)
        for k in 0..<10_000 {
            let x = k % 2 == 0 ? a.exponential(mean: 7.5) : d.sample(a)
            let u = b.uniformPositive()
            #expect(x.bitPattern == (-7.5 * log(u)).bitPattern)
            #expect(x > 0 && x.isFinite)
        }
        withExtendedLifetime(set) {}
    }
}
