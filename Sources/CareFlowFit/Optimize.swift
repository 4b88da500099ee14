import Foundation

/// Nelder-Mead simplex maximisation (Nelder & Mead 1965, standard
/// coefficients), for the censored likelihoods that have no closed form.
enum NelderMead {
    static func maximize(_ f: ([Double]) -> Double, from x0: [Double], scale: Double = 0.1, iterations: Int = 2000, tolerance: Double = 1e-12) -> [Double] {
        let n = x0.count
        var simplex: [[Double]] = [x0]
        for i in 0..<n { var x = x0; x[i] += scale * max(1, abs(x0[i])); simplex.append(x) }
        var values = simplex.map { -f($0) }
        for _ in 0..<iterations {
            let order = values.indices.sorted { values[$0] < values[$1] }
            simplex = order.map { simplex[$0] }; values = order.map { values[$0] }
            if abs(values[n] - values[0]) <= tolerance * (abs(values[0]) + 1e-300) { break }
            var centroid = [Double](repeating: 0, count: n)
            for p in simplex[0..<n] { for j in 0..<n { centroid[j] += p[j] / Double(n) } }
            func along(_ t: Double) -> [Double] { (0..<n).map { centroid[$0] + t * (simplex[n][$0] - centroid[$0]) } }
            let xr = along(-1), fr = -f(xr)
            if fr < values[0] {
                let xe = along(-2), fe = -f(xe)
                if fe < fr { simplex[n] = xe; values[n] = fe } else { simplex[n] = xr; values[n] = fr }
            } else if fr < values[n - 1] {
                simplex[n] = xr; values[n] = fr
            } else {
                let xc = fr < values[n] ? along(-0.5) : along(0.5)
                let fc = -f(xc)
                if fc < min(fr, values[n]) {
                    simplex[n] = xc; values[n] = fc
                } else {
                    for i in 1...n {
                        simplex[i] = (0..<n).map { simplex[0][$0] + 0.5 * (simplex[i][$0] - simplex[0][$0]) }
                        values[i] = -f(simplex[i])
                    }
                }
            }
        }
        let best = values.indices.min { values[$0] < values[$1] }!
        return simplex[best]
    }
}

/// The inverse of the negative Hessian of a log-likelihood (the observed
/// Fisher information's inverse: the asymptotic covariance of the MLE), by
/// central differences. Nil if not negative definite.
enum Hessian {
    static func covariance(_ f: ([Double]) -> Double, at x: [Double]) -> [[Double]]? {
        let n = x.count
        let h = x.map { 1e-4 * max(1, abs($0)) }
        var H = Array(repeating: Array(repeating: 0.0, count: n), count: n)
        let f0 = f(x)
        for i in 0..<n {
            var xp = x, xm = x
            xp[i] += h[i]; xm[i] -= h[i]
            H[i][i] = (f(xp) - 2 * f0 + f(xm)) / (h[i] * h[i])
            for j in (i + 1)..<max(i + 1, n) {
                var a = x, b = x, c = x, d = x
                a[i] += h[i]; a[j] += h[j]
                b[i] += h[i]; b[j] -= h[j]
                c[i] -= h[i]; c[j] += h[j]
                d[i] -= h[i]; d[j] -= h[j]
                H[i][j] = (f(a) - f(b) - f(c) + f(d)) / (4 * h[i] * h[j])
                H[j][i] = H[i][j]
            }
        }
        // Invert -H (1x1 or 2x2).
        if n == 1 { return -H[0][0] > 0 ? [[1 / -H[0][0]]] : nil }
        guard n == 2 else { return nil }
        let a = -H[0][0], b = -H[0][1], d = -H[1][1]
        let det = a * d - b * b
        guard a > 0, det > 0 else { return nil }
        return [[d / det, -b / det], [-b / det, a / det]]
    }
}
