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

    @Test("the multiplicative remainder equals % for every divisor and numerator tried (edges, divisors 1 to 70, powers of two, above 2^63, and 200,000 random pairs)")
    func remainder() {
        var g = Bootstrap.SplitMix(seed: 11)
        let edges: [UInt64] = [0, 1, 2, 3, 7, 8, 255, 1 << 32, (1 << 32) - 1, (1 << 32) + 1, UInt64.max, UInt64.max - 1, 1 << 63, (1 << 63) - 1]
        var divisors: [UInt64] = Array(1...70) + [100, 128, 1000, 1024, 4096, 1 << 31, (1 << 32) - 5, 1 << 40, UInt64.max, UInt64.max - 1, UInt64.max / 3, 1 << 63, (1 << 63) + 1, (1 << 63) - 1]
        for _ in 0..<200 { divisors.append(g.next() >> (g.next() % 64)) }
        divisors = divisors.filter { $0 > 0 }
        var bad = 0
        for d in divisors {
            let r = Bootstrap.Remainder(d)
            for a in edges where r.of(a) != a % d { bad += 1 }
            for _ in 0..<800 { let a = g.next(); if r.of(a) != a % d { bad += 1 } }
        }
        #expect(bad == 0)
    }

    @Test("selection puts the order statistic a sort would in place, ties and repeated selections included")
    func selection() {
        var g = Gen(s: 3)
        for trial in 0..<300 {
            let n = 1 + trial % 97
            // Few distinct values half of the time: ties everywhere.
            let xs = (0..<n).map { _ in trial % 2 == 0 ? (g.uniform() * 5).rounded() : g.uniform() - 0.5 }
            let sorted = xs.sorted()
            var ks = Set((0..<4).map { _ in Int(g.uniform() * Double(n)) }).sorted()
            if trial % 3 == 0 { ks = Set([0, n - 1]).sorted() }
            var a = xs, from = 0
            for k in ks {
                Bootstrap.select(&a, k, from: from)
                from = k + 1
            }
            for k in ks { #expect(a[k] == sorted[k], "trial \(trial), k \(k)") }
            #expect(a.sorted() == sorted)
        }
    }

    /// The former computation, one bootstrap mean after another from one
    /// SplitMix stream, all of them sorted, type-7 quantiles.
    static func oneAtATime(_ xs: [Double], resamples b: Int) -> (mean: Double, lo: Double, hi: Double) {
        let n = xs.count
        var rng = Bootstrap.SplitMix(seed: xs.reduce(0x9E37_79B9_7F4A_7C15) { $0 &* 31 &+ $1.bitPattern })
        let means = (0..<b).map { _ in (0..<n).reduce(0.0) { s, _ in s + xs[Int(rng.next() % UInt64(n))] } / Double(n) }.sorted()
        func q(_ p: Double) -> Double {
            let h = p * Double(b - 1), lo = Int(h.rounded(.down)), hi = min(b - 1, lo + 1)
            return means[lo] + (h - Double(lo)) * (means[hi] - means[lo])
        }
        let mean = xs.reduce(0, +) / Double(n)
        // alpha as the interval derives it from the level: (1 - 0.95) / 2 is not the literal 0.025.
        let alpha = (1 - 0.95) / 2
        return (mean, min(max(xs.min()!, q(alpha)), mean), max(min(xs.max()!, q(1 - alpha)), mean))
    }

    @Test("the interval is the one from sorted bootstrap means (the selection changes no digit)")
    func sameAsSorting() {
        var g = Gen(s: 5)
        for trial in 0..<60 {
            let n = 2 + trial % 25
            let xs = (0..<n).map { _ in -30 * log(max(1e-12, g.uniform())) }
            guard let got = Bootstrap.interval(xs) else { Issue.record("no interval"); continue }
            let want = Self.oneAtATime(xs, resamples: Bootstrap.resamples)
            #expect(got.lo == want.lo && got.hi == want.hi && got.mean == want.mean, "trial \(trial)")
        }
    }

    @Test("the means built four at a time are the means one at a time (resample counts 4 does and does not divide)")
    func fourAtATime() {
        var g = Gen(s: 13)
        for (trial, b) in [4, 5, 6, 7, 401, 1002, 2000, 2003].enumerated() {
            let n = 2 + trial * 3
            let xs = (0..<n).map { _ in 100 * g.uniform() }
            guard let got = Bootstrap.interval(xs, resamples: b) else { Issue.record("no interval"); continue }
            let want = Self.oneAtATime(xs, resamples: b)
            #expect(got.lo == want.lo && got.hi == want.hi, "resamples \(b), n \(n)")
        }
    }

    @Test("intervals of many sets, shared among the cores, are the intervals one at a time")
    func manyAtOnce() {
        var g = Gen(s: 9)
        let sets = (0..<300).map { i in (0..<(i % 12)).map { _ in g.uniform() < 0.1 ? Double.nan : 100 * g.uniform() } }
        let together = Bootstrap.intervals(sets)
        #expect(together.count == sets.count)
        for (set, got) in zip(sets, together) {
            let one = Bootstrap.interval(set)
            #expect(got?.mean == one?.mean && got?.lo == one?.lo && got?.hi == one?.hi)
        }
    }
}
