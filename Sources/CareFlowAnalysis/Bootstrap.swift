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
        let seed = xs.reduce(0x9E37_79B9_7F4A_7C15) { $0 &* 31 &+ $1.bitPattern }
        var means = [Double](repeating: 0, count: b)
        let draw = Remainder(UInt64(n))
        // Bootstrap mean i adds draws i * n ..< (i + 1) * n of one SplitMix
        // stream, in order. SplitMix's state is a counter, so any draw can be
        // made on its own: four means are built side by side, their sums
        // independent chains the processor overlaps, each still adding its
        // own n values in the same order (the same bits as one at a time).
        let stride = SplitMix.gamma &* UInt64(n)
        xs.withUnsafeBufferPointer { x in
            means.withUnsafeMutableBufferPointer { m in
                var i = 0, start = seed
                func value(_ state: UInt64) -> Double { x[Int(truncatingIfNeeded: draw.of(SplitMix.mix(state)))] }
                while i + 4 <= b {
                    var s0 = 0.0, s1 = 0.0, s2 = 0.0, s3 = 0.0
                    var st = start
                    for _ in 0..<n {
                        st &+= SplitMix.gamma
                        s0 += value(st)
                        s1 += value(st &+ stride)
                        s2 += value(st &+ 2 &* stride)
                        s3 += value(st &+ 3 &* stride)
                    }
                    m[i] = s0 / Double(n); m[i + 1] = s1 / Double(n); m[i + 2] = s2 / Double(n); m[i + 3] = s3 / Double(n)
                    start &+= 4 &* stride
                    i += 4
                }
                while i < b {
                    var s = 0.0
                    for _ in 0..<n { start &+= SplitMix.gamma; s += value(start) }
                    m[i] = s / Double(n)
                    i += 1
                }
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

    /// a % d by multiplication: a / d as Granlund & Montgomery's
    /// multiply-high and two shifts ("Division by invariant integers using
    /// multiplication", PLDI 1994, figure 4.1, N = 64; exact for every 64-bit
    /// a and every d >= 1), then a - q * d. The same remainders as `%`,
    /// without a 64-bit division per bootstrap draw, in two multiplications
    /// (Lemire's direct remainder needed four 64-bit ones for its 128-bit M).
    struct Remainder {
        let d: UInt64
        /// m' = floor(2^64 (2^l - d) / d) + 1 with l = ceil(log2 d).
        let m: UInt64
        /// min(l, 1) and max(l - 1, 0).
        let shift1: UInt64, shift2: UInt64
        init(_ d: UInt64) {
            precondition(d > 0)
            self.d = d
            let l = UInt64(64 - (d - 1).leadingZeroBitCount)  // 0 for d = 1
            // 2^l - d < d, so the quotient is below 2^64 and m' fits.
            let numerator = ((UInt128(1) << l) - UInt128(d)) << 64
            m = UInt64(numerator / UInt128(d)) + 1
            shift1 = min(l, 1)
            shift2 = l == 0 ? 0 : l - 1
        }
        @inline(__always)
        func of(_ a: UInt64) -> UInt64 {
            let t = m.multipliedFullWidth(by: a).high
            // Masking shifts: both amounts are below 64 (smart shifts would test for more).
            let q = (t &+ ((a &- t) &>> shift1)) &>> shift2
            return a &- q &* d
        }
    }

    struct SplitMix {
        static let gamma: UInt64 = 0x9E37_79B9_7F4A_7C15
        var state: UInt64
        init(seed: UInt64) { state = seed }
        mutating func next() -> UInt64 {
            state &+= Self.gamma
            return Self.mix(state)
        }
        /// The output for a state: draw k (from 1) of seed s is mix(s + k * gamma).
        @inline(__always)
        static func mix(_ state: UInt64) -> UInt64 {
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
    }
}
