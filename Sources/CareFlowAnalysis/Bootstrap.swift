import Dispatch
#if canImport(Glibc)
import Glibc
#endif

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
        let draw = Remainder(UInt64(n))
        xs.withUnsafeBufferPointer { x in
            for i in 0..<b {
                var s = 0.0
                for _ in 0..<n { s += x[Int(draw.of(rng.next()))] }
                means[i] = s / Double(n)
            }
        }
        let alpha = (1 - level) / 2
        // Type-7 quantiles of the bootstrap means, clamped to the data's range.
        // They need four order statistics, not a sorted array: selecting them
        // in ascending order gives the values a sort would (a report computes
        // a few hundred of these intervals after the replications, serially).
        func index(_ p: Double) -> (lo: Int, hi: Int) {
            let lo = Int((p * Double(b - 1)).rounded(.down))
            return (lo, min(b - 1, lo + 1))
        }
        let (a, z) = (index(alpha), index(1 - alpha))
        if means.allSatisfy(\.isFinite) {
            var from = 0
            for k in Set([a.lo, a.hi, z.lo, z.hi]).sorted() {
                select(&means, k, from: from)
                from = k + 1
            }
        } else {
            means.sort()
        }
        func q(_ p: Double) -> Double {
            let h = p * Double(b - 1), (lo, hi) = index(p)
            return means[lo] + (h - Double(lo)) * (means[hi] - means[lo])
        }
        let lo = max(xs.min() ?? mean, q(alpha)), hi = min(xs.max() ?? mean, q(1 - alpha))
        return (mean, min(lo, mean), max(hi, mean))
    }

    /// `interval` of each set, the sets shared among the machine's cores (a
    /// report needs a few hundred intervals after the replications, and that
    /// part of a run is serial). Each interval depends only on its own values,
    /// so the answers are the ones `interval` gives one at a time.
    public static func intervals(_ sets: [[Double]]) -> [(mean: Double, lo: Double, hi: Double)?] {
        let cores = Int(sysconf(Int32(_SC_NPROCESSORS_ONLN)))
        let w = Swift.max(1, Swift.min(cores, sets.count / 32))
        guard w > 1 else { return sets.map { interval($0) } }
        var out = [(mean: Double, lo: Double, hi: Double)?](repeating: nil, count: sets.count)
        out.withUnsafeMutableBufferPointer { buf in
            // Disjoint slots: worker k writes k, k + w, k + 2w ...
            nonisolated(unsafe) let slots = buf
            DispatchQueue.concurrentPerform(iterations: w) { k in
                for i in stride(from: k, to: sets.count, by: w) { slots[i] = interval(sets[i]) }
            }
        }
        return out
    }

    /// Paired differences other[r] - reference[r] over replications where both are finite.
    public static func paired(_ reference: [Double], _ other: [Double]) -> [Double] {
        zip(reference, other).compactMap { a, b in a.isFinite && b.isFinite ? b - a : nil }
    }

    /// Moves the k-th smallest of xs[from...] to xs[k], smaller or equal
    /// values before it and larger or equal after it; xs[..<from] is left
    /// alone (Hoare's selection with a median-of-three pivot, as in Press et
    /// al., Numerical Recipes, 3rd ed., section 8.5). Values must not be NaN.
    static func select(_ xs: inout [Double], _ k: Int, from: Int) {
        precondition(from <= k && k < xs.count)
        xs.withUnsafeMutableBufferPointer { a in
            var l = from, ir = a.count - 1
            while true {
                if ir <= l + 1 {
                    if ir == l + 1 && a[ir] < a[l] { a.swapAt(l, ir) }
                    return
                }
                a.swapAt((l + ir) >> 1, l + 1)
                if a[l] > a[ir] { a.swapAt(l, ir) }
                if a[l + 1] > a[ir] { a.swapAt(l + 1, ir) }
                if a[l] > a[l + 1] { a.swapAt(l, l + 1) }
                var i = l + 1, j = ir
                let pivot = a[l + 1]
                while true {
                    repeat { i += 1 } while a[i] < pivot
                    repeat { j -= 1 } while a[j] > pivot
                    if j < i { break }
                    a.swapAt(i, j)
                }
                a[l + 1] = a[j]
                a[j] = pivot
                if j >= k { ir = j - 1 }
                if j <= k { l = i }
            }
        }
    }

    /// a % d by multiplication (Lemire, Kaser & Kurz 2019, "Faster remainder
    /// by direct computation", Theorem 1 with F = 128): the same remainders as
    /// `%`, without a 64-bit division per bootstrap draw. The 128-bit
    /// products are spelled out in 64-bit halves: M * a needs only the low
    /// 128 bits (two multiplications, a has no high half), and of that times
    /// d only the top 64 bits (two more); the generic `UInt128` full-width
    /// product computed all 256.
    struct Remainder {
        let d: UInt64
        /// M = floor((2^128 - 1) / d) + 1 (0 for d = 1: every remainder is 0).
        let mLow: UInt64, mHigh: UInt64
        init(_ d: UInt64) {
            precondition(d > 0)
            self.d = d
            let m = UInt128.max / UInt128(d) &+ 1
            mLow = UInt64(truncatingIfNeeded: m)
            mHigh = UInt64(truncatingIfNeeded: m >> 64)
        }
        @inline(__always)
        func of(_ a: UInt64) -> UInt64 {
            // low = M * a mod 2^128, as (lowHigh, lowLow).
            let (h0, lowLow) = mLow.multipliedFullWidth(by: a)
            let lowHigh = h0 &+ mHigh &* a
            // floor(low * d / 2^128) = p1h + carry(p1l + high(lowLow * d)).
            let p0h = lowLow.multipliedFullWidth(by: d).high
            let (p1h, p1l) = lowHigh.multipliedFullWidth(by: d)
            let carry: UInt64 = p1l.addingReportingOverflow(p0h).overflow ? 1 : 0
            return p1h &+ carry
        }
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
