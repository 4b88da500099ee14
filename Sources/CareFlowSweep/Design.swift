/// Experimental designs: which combinations of factor levels are run.
public enum SweepDesign: Sendable, Equatable {
    /// Every combination; the first factor varies slowest.
    case grid
    /// `points` points; each factor's range is split into `points` equal
    /// strata and each stratum is used by exactly one point.
    case latinHypercube(points: Int, seed: UInt64)

    public var description: String {
        switch self {
        case .grid: return "grid"
        case .latinHypercube(let n, let s): return "latin_hypercube(points: \(n), seed: \(s))"
        }
    }
}

/// SplitMix64 (Steele, Lea and Flood 2014): a small, fast generator that is
/// fully specified here, so designs do not change with library versions.
public struct SplitMix64: Sendable {
    private var state: UInt64
    public init(seed: UInt64) { state = seed }
    public mutating func next() -> UInt64 {
        state &+= 0x9e3779b97f4a7c15
        var z = state
        z = (z ^ (z >> 30)) &* 0xbf58476d1ce4e5b9
        z = (z ^ (z >> 27)) &* 0x94d049bb133111eb
        return z ^ (z >> 31)
    }
    /// Uniform in [0, 1) with 53 random bits.
    public mutating func nextDouble() -> Double { Double(next() >> 11) * 0x1.0p-53 }
    /// Uniform integer in 0..<n (rejection sampling: no modulo bias).
    public mutating func next(below n: Int) -> Int {
        precondition(n > 0)
        let bound = UInt64(n)
        let limit = UInt64.max - UInt64.max % bound
        while true {
            let x = next()
            if x < limit { return Int(x % bound) }
        }
    }
}

public enum Designs {
    /// Grid: every combination of level indices, first factor slowest.
    public static func grid(levels: [Int]) -> [[Int]] {
        guard !levels.isEmpty, levels.allSatisfy({ $0 > 0 }) else { return [] }
        var out: [[Int]] = [[]]
        for n in levels {
            var next: [[Int]] = []
            next.reserveCapacity(out.count * n)
            for prefix in out { for i in 0..<n { next.append(prefix + [i]) } }
            out = next
        }
        return out
    }

    /// A Latin hypercube sample on the unit cube: `points` rows, `factors`
    /// columns. In each column, `Int(u * points)` is a permutation of
    /// 0..<points (one point per stratum); the position within the stratum is
    /// uniform. Deterministic for a seed: factor j's permutation is drawn
    /// (Fisher-Yates) before its jitters, factors in order.
    public static func latinHypercube(points n: Int, factors k: Int, seed: UInt64) -> [[Double]] {
        var rng = SplitMix64(seed: seed)
        var u = Array(repeating: Array(repeating: 0.0, count: k), count: n)
        for j in 0..<k {
            var perm = Array(0..<n)
            if n > 1 {
                for i in stride(from: n - 1, to: 0, by: -1) { perm.swapAt(i, rng.next(below: i + 1)) }
            }
            for i in 0..<n {
                u[i][j] = (Double(perm[i]) + rng.nextDouble()) / Double(n)
            }
        }
        return u
    }

    /// The level a unit-interval coordinate picks among `count` ordered levels
    /// of a `values` factor: level i covers [i/count, (i+1)/count).
    public static func levelIndex(_ u: Double, count: Int) -> Int {
        min(count - 1, max(0, Int(u * Double(count))))
    }

    /// The grid value a unit coordinate picks in a range from..to
    /// (`steps` = (to - from) / step, `count` grid values): the grid value
    /// nearest to from + u (to - from).
    public static func rangeIndex(_ u: Double, steps: Double, count: Int) -> Int {
        guard count > 1 else { return 0 }
        return min(count - 1, max(0, Int((u * steps).rounded())))
    }
}
