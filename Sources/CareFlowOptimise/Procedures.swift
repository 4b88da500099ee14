import Foundation

/// The statistical procedures of `careflow optimise` (see docs/optimise.md).
///
/// Feasibility: the fully sequential feasibility check of Andradóttir & Kim
/// (2010), Procedure F, one constraint at a time (Batur & Kim 2010 for
/// several). Selection among the feasible when the objective is noisy: the
/// fully sequential indifference-zone procedure KN of Kim & Nelson (2001),
/// which allows common random numbers.
public enum Procedures {
    /// What the sequential test has decided about one constraint of one configuration.
    public enum Decision: String, Sendable, Codable, Equatable {
        case undecided, feasible, infeasible
    }

    /// Rinott-type constant of the triangular continuation region,
    /// h² = 2η(n0 − 1) with η = ½[(2α)^(−2/(n0−1)) − 1]
    /// (Kim & Nelson 2001 with one comparison; Andradóttir & Kim 2010, eq. 2).
    public static func h2(alpha: Double, n0: Int) -> Double {
        let eta = 0.5 * (pow(2 * alpha, -2.0 / Double(n0 - 1)) - 1)
        return 2 * eta * Double(n0 - 1)
    }

    /// Andradóttir & Kim (2010), Procedure F, for "E[Y] ≤ q" (use the negated
    /// values and −q for "≥"): after n0 observations S² is fixed; at each r ≥ n0
    /// R(r) = Σ (Y_j − q); feasible once R(r) ≤ −a(r), infeasible once
    /// R(r) ≥ a(r), a(r) = max(0, h²S²/(2ε) − εr/2). The region closes at
    /// r = h²S²/ε², so the test always ends; `maxN` caps it (then undecided).
    /// Returns the decision and the number of observations it used.
    /// With probability at least 1 − α the decision is right whenever
    /// E[Y] ≤ q − ε or E[Y] ≥ q + ε (ε: the tolerance, the indifference zone).
    public static func feasibility(_ ys: [Double], limit q: Double, tolerance eps: Double, alpha: Double, n0: Int, maxN: Int) -> (Decision, Int) {
        guard ys.count >= n0, n0 >= 2 else { return (.undecided, ys.count) }
        let first = ys[0..<n0]
        let mean0 = first.reduce(0, +) / Double(n0)
        let s2 = first.reduce(0) { $0 + ($1 - mean0) * ($1 - mean0) } / Double(n0 - 1)
        let h2 = h2(alpha: alpha, n0: n0)
        var r = 0.0
        for (j, y) in ys.prefix(maxN).enumerated() {
            r += y - q
            let n = j + 1
            guard n >= n0 else { continue }
            let a = max(0, h2 * s2 / (2 * eps) - eps * Double(n) / 2)
            if r <= -a { return (.feasible, n) }
            if r >= a { return (.infeasible, n) }
        }
        return (.undecided, min(ys.count, maxN))
    }

    /// Kim & Nelson (2001) KN for the smallest mean among k systems with
    /// common random numbers: `values[i][j]` is replication j of system i
    /// (the same j in every system). First stage n0; S²_il the variance of
    /// the differences over it; at each r ≥ n0 system i is eliminated when
    /// mean_i − mean_l > max(0, δ/(2r)·(h²S²_il/δ² − r)) for a surviving l,
    /// h² from α/(k−1). Returns the survivors after the observations given
    /// (one survivor: the selection is made) and the r reached.
    public static func selectSmallest(_ values: [[Double]], delta: Double, alpha: Double, n0: Int, maxN: Int) -> (survivors: [Int], n: Int) {
        let k = values.count
        guard k > 1 else { return (Array(0..<k), values.first?.count ?? 0) }
        let avail = min(maxN, values.map(\.count).min() ?? 0)
        guard avail >= n0, n0 >= 2 else { return (Array(0..<k), avail) }
        let eta = 0.5 * (pow(2 * alpha / Double(k - 1), -2.0 / Double(n0 - 1)) - 1)
        let h2 = 2 * eta * Double(n0 - 1)
        var s2 = [[Double]](repeating: [Double](repeating: 0, count: k), count: k)
        for i in 0..<k {
            for l in 0..<k where l != i {
                let d = (0..<n0).map { values[i][$0] - values[l][$0] }
                let m = d.reduce(0, +) / Double(n0)
                s2[i][l] = d.reduce(0) { $0 + ($1 - m) * ($1 - m) } / Double(n0 - 1)
            }
        }
        var alive = Set(0..<k)
        var sums = [Double](repeating: 0, count: k)
        for j in 0..<avail {
            for i in 0..<k { sums[i] += values[i][j] }
            let r = Double(j + 1)
            guard j + 1 >= n0 else { continue }
            let snapshot = alive
            for i in snapshot {
                for l in snapshot where l != i {
                    let w = max(0, delta / (2 * r) * (h2 * s2[i][l] / (delta * delta) - r))
                    if (sums[i] - sums[l]) / r > w { alive.remove(i); break }
                }
            }
            if alive.count == 1 { return (alive.sorted(), j + 1) }
        }
        return (alive.sorted(), avail)
    }
}
