/// Bootstrap percentile confidence intervals over replications (Efron &
/// Tibshirani 1993, ch. 13). Each bootstrap sample is a mean of observed
/// replication values, so the interval never leaves the range of the data:
/// shares stay in [0, 1], times and counts at or above 0, and a quantity that
/// is 0 in every replication (an atom at 0) gets the interval [0, 0]. The
/// resampling is seeded from the data, so the same values give the same
/// interval (reports are deterministic).
public enum Bootstrap {
    public static let resamples = 2000

    /// The mean of the finite values and its 95% percentile interval (nil with fewer than 2 values).
    public static func interval(_ values: [Double], level: Double = 0.95, resamples b: Int = resamples) -> (mean: Double, lo: Double, hi: Double)? {
        let xs = values.filter(\.isFinite)
        let n = xs.count
        guard n >= 2 else { return nil }
        let mean = xs.reduce(0, +) / Double(n)
        // All equal: no spread, the interval is the point.
        if xs.allSatisfy({ $0 == xs[0] }) { return (mean, xs[0], xs[0]) }
        var rng = SplitMix(seed: xs.reduce(0x9E37_79B9_7F4A_7C15) { $0 &* 31 &+ $1.bitPattern })
        var means = [Double](repeating: 0, count: b)
        for i in 0..<b {
            var s = 0.0
            for _ in 0..<n { s += xs[Int(rng.next() % UInt64(n))] }
            means[i] = s / Double(n)
        }
        means.sort()
        let alpha = (1 - level) / 2
        // Type-7 quantiles of the bootstrap means, clamped to the data's range.
        func q(_ p: Double) -> Double {
            let h = p * Double(b - 1), lo = Int(h.rounded(.down)), hi = min(b - 1, lo + 1)
            return means[lo] + (h - Double(lo)) * (means[hi] - means[lo])
        }
        let lo = max(xs.min() ?? mean, q(alpha)), hi = min(xs.max() ?? mean, q(1 - alpha))
        return (mean, min(lo, mean), max(hi, mean))
    }

    /// Paired differences other[r] - reference[r] over replications where both are finite.
    public static func paired(_ reference: [Double], _ other: [Double]) -> [Double] {
        zip(reference, other).compactMap { a, b in a.isFinite && b.isFinite ? b - a : nil }
    }

    struct SplitMix {
        var state: UInt64
        init(seed: UInt64) { state = seed }
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
    }
}
