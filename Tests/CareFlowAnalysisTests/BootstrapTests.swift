@testable import CareFlowAnalysis
import Foundation
import Testing

@Suite("Bootstrap percentile intervals")
struct BootstrapTests {
    /// A small deterministic generator for the random replication sets.
    struct Gen {
        var s: UInt64
        mutating func uniform() -> Double {
            s = s &* 6364136223846793005 &+ 1442695040888963407
            return Double(s >> 11) / Double(1 << 53)
        }
    }

    @Test("no interval leaves the range of a share or a non-negative quantity (500 random replication sets)")
    func staysInRange() {
        var g = Gen(s: 42)
        for trial in 0..<500 {
            let n = 2 + trial % 29
            // Shares near 0 or 1 and skewed non-negative times with an atom at 0 (the cases a t interval gets wrong).
            let p = g.uniform() < 0.5 ? 0.02 * g.uniform() : 1 - 0.02 * g.uniform()
            let shares = (0..<n).map { _ in g.uniform() < p ? 1.0 : min(1, max(0, p + 0.01 * (g.uniform() - 0.5))) }
            let times = (0..<n).map { _ in g.uniform() < 0.7 ? 0 : -60 * log(max(1e-12, g.uniform())) }
            for (xs, lo, hi) in [(shares, 0.0, 1.0), (times, 0.0, Double.infinity)] {
                guard let b = Bootstrap.interval(xs, resamples: 400) else { Issue.record("no interval for n = \(n)"); continue }
                #expect(b.lo >= lo && b.hi <= hi && b.lo <= b.mean && b.mean <= b.hi, "trial \(trial): \(b)")
            }
        }
    }

    @Test("a quantity that is 0 in every replication gets [0, 0]; identical replications give no spurious difference")
    func atomAtZero() {
        let zeros = [Double](repeating: 0, count: 20)
        let b = Bootstrap.interval(zeros)
        #expect(b?.lo == 0 && b?.hi == 0)
        let d = Bootstrap.interval(Bootstrap.paired(zeros, zeros))
        #expect(d?.lo == 0 && d?.hi == 0)
        // 19 zero differences and one of -0.01: the interval reaches 0, so it does not exclude it.
        var one = zeros
        one[3] = -0.01
        let e = Bootstrap.interval(Bootstrap.paired(zeros, one))
        #expect((e?.hi ?? -1) >= 0)
        #expect(Bootstrap.interval([1]) == nil)
    }

    @Test("coverage of the mean of exponential samples is close to 95% (400 sets of 20)")
    func coverage() {
        // Percentile bootstrap intervals for the mean of n = 20 draws from Exp(1) cover the true mean 1
        // about 92-94% of the time (slight under-coverage for skewed data; Efron & Tibshirani 1993, ch. 13).
        // With 400 sets the standard error of the coverage is about 0.012: accept 0.88 to 0.98.
        var g = Gen(s: 7)
        var hits = 0
        for _ in 0..<400 {
            let xs = (0..<20).map { _ in -log(max(1e-12, g.uniform())) }
            if let b = Bootstrap.interval(xs, resamples: 1000), b.lo <= 1, b.hi >= 1 { hits += 1 }
        }
        let cov = Double(hits) / 400
        #expect(cov >= 0.88 && cov <= 0.98, "coverage \(cov)")
    }

    @Test("the same values give the same interval")
    func deterministic() {
        let xs = [3.0, 5, 8, 1, 9, 4]
        #expect(Bootstrap.interval(xs)! == Bootstrap.interval(xs)!)
    }
}
