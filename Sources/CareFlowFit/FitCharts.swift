import Foundation

/// Inline SVG charts of the fit report (no script, no external files).
enum Charts {
    static let W = 520.0, H = 260.0, L = 56.0, R = 12.0, T = 12.0, B = 40.0
    static let colours = ["#1f5fa8", "#c2562b", "#2e8540", "#7a4fa3"]

    static func frame(_ body: String, xTicks: [(Double, String)], yTicks: [(Double, String)], xLabel: String, yLabel: String = "") -> String {
        var s = "<svg viewBox=\"0 0 \(Int(W)) \(Int(H))\" role=\"img\" xmlns=\"http://www.w3.org/2000/svg\" font-size=\"11\" font-family=\"system-ui,sans-serif\">"
        s += "<rect x=\"\(L)\" y=\"\(T)\" width=\"\(W - L - R)\" height=\"\(H - T - B)\" fill=\"#fff\" stroke=\"#d5dbe3\"/>"
        for (x, t) in xTicks { s += "<line x1=\"\(f(x))\" x2=\"\(f(x))\" y1=\"\(H - B)\" y2=\"\(H - B + 4)\" stroke=\"#5b6675\"/><text x=\"\(f(x))\" y=\"\(H - B + 16)\" text-anchor=\"middle\" fill=\"#5b6675\">\(h(t))</text>" }
        for (y, t) in yTicks { s += "<line x1=\"\(L)\" x2=\"\(W - R)\" y1=\"\(f(y))\" y2=\"\(f(y))\" stroke=\"#eef1f5\"/><text x=\"\(L - 6)\" y=\"\(f(y + 4))\" text-anchor=\"end\" fill=\"#5b6675\">\(h(t))</text>" }
        s += body
        s += "<text x=\"\(f((L + W - R) / 2))\" y=\"\(H - 6)\" text-anchor=\"middle\" fill=\"#1d2733\">\(h(xLabel))</text>"
        if !yLabel.isEmpty { s += "<text transform=\"translate(14 \(f((T + H - B) / 2))) rotate(-90)\" text-anchor=\"middle\" fill=\"#1d2733\">\(h(yLabel))</text>" }
        return s + "</svg>"
    }

    static func f(_ x: Double) -> String { String(format: "%.1f", x) }

    /// A tick label: as many decimals as the step needs.
    static func tick(_ x: Double, step: Double, _ n: Num) -> String {
        n.fixed(x, step >= 1 ? 0 : step >= 0.1 ? 1 : step >= 0.01 ? 2 : 3)
    }

    /// Nice tick values covering [0, hi].
    static func ticks(_ hi: Double, count: Int = 5) -> [Double] {
        guard hi > 0, hi.isFinite else { return [0] }
        let raw = hi / Double(count), mag = pow(10, floor(log10(raw)))
        let step = [1.0, 2, 2.5, 5, 10].map { $0 * mag }.first { $0 >= raw } ?? raw
        return stride(from: 0.0, through: hi * 1.0001, by: step).map { $0 }
    }

    /// Hour-of-day shares with their interval band.
    static func band(_ p: [Proportion], xLabel: String, yLabel: String, f n: Num) -> String {
        let hi = max(0.01, (p.map(\.ciHigh).filter(\.isFinite).max() ?? 0.1) * 1.1)
        let x: (Double) -> Double = { L + ($0 + 0.5) / 24 * (W - L - R) }
        let y: (Double) -> Double = { H - B - $0 / hi * (H - T - B) }
        var top = "", bottom = "", line = ""
        for (i, q) in p.enumerated() where q.ciHigh.isFinite {
            top += "\(i == 0 ? "M" : "L")\(f(x(Double(i)))),\(f(y(q.ciHigh)))"
            line += "\(i == 0 ? "M" : "L")\(f(x(Double(i)))),\(f(y(q.p)))"
        }
        for (i, q) in p.enumerated().reversed() where q.ciLow.isFinite { bottom += "L\(f(x(Double(i)))),\(f(y(q.ciLow)))" }
        let body = "<path d=\"\(top)\(bottom)Z\" fill=\"#c9dbf0\"/><path d=\"\(line)\" fill=\"none\" stroke=\"#1f5fa8\" stroke-width=\"2\"/>" +
            p.enumerated().map { "<circle cx=\"\(f(x(Double($0.offset))))\" cy=\"\(f(y($0.element.p)))\" r=\"2.5\" fill=\"#1f5fa8\"/>" }.joined()
        return frame(body, xTicks: stride(from: 0, to: 24, by: 3).map { (x(Double($0)), "\($0)") },
                     yTicks: ticks(hi).map { (y($0), n.fixed($0 * 100, 0) + " %") }, xLabel: xLabel, yLabel: yLabel)
    }

    /// Histogram (density scale) of the exact durations up to their 99th
    /// percentile, with the fitted densities drawn over it.
    static func histogram(_ data: [Double], fits: [FittedDistribution], xLabel: String, f n: Num) -> String {
        let s = data.sorted()
        guard s.count >= 2 else { return "" }
        let top = max(s[min(s.count - 1, Int(Double(s.count) * 0.99))], 1e-9)
        let bins = 40, w = top / Double(bins)
        var counts = Array(repeating: 0, count: bins)
        for v in s where v <= top { counts[min(bins - 1, Int(v / w))] += 1 }
        let dens = counts.map { Double($0) / (Double(s.count) * w) }
        var curves: [[(Double, Double)]] = []
        for fit in fits { curves.append((0...120).map { i in let x = top * Double(i) / 120; return (x, fit.pdf(max(x, top / 2400))) }) }
        let hi = max(dens.max() ?? 0, curves.flatMap { $0.map { $0.1 } }.filter(\.isFinite).max() ?? 0) * 1.1
        let X: (Double) -> Double = { L + $0 / top * (W - L - R) }
        let Y: (Double) -> Double = { H - B - min($0, hi) / hi * (H - T - B) }
        var body = ""
        for (i, d) in dens.enumerated() where d > 0 {
            body += "<rect x=\"\(f(X(Double(i) * w)))\" y=\"\(f(Y(d)))\" width=\"\(f(X(w) - L - 0.5))\" height=\"\(f(H - B - Y(d)))\" fill=\"#d5dbe3\"/>"
        }
        for (k, c) in curves.enumerated() {
            let d = c.enumerated().map { "\($0.offset == 0 ? "M" : "L")\(f(X($0.element.0))),\(f(Y($0.element.1.isFinite ? $0.element.1 : 0)))" }.joined()
            body += "<path d=\"\(d)\" fill=\"none\" stroke=\"\(colours[k % 4])\" stroke-width=\"\(k == 0 ? 2.5 : 1.5)\"\(k == 0 ? "" : " stroke-dasharray=\"5 3\"")/>"
            body += "<text x=\"\(f(W - R - 6))\" y=\"\(f(T + 16 + Double(k) * 15))\" text-anchor=\"end\" fill=\"\(colours[k % 4])\">\(h(fits[k].family.rawValue))</text>"
        }
        let tx = ticks(top), st = tx.count > 1 ? tx[1] - tx[0] : 1
        return frame(body, xTicks: tx.map { (X($0), tick($0, step: st, n)) }, yTicks: [], xLabel: xLabel)
    }

    /// Observed against fitted quantiles at 100 probability levels.
    static func qq(_ data: [Double], _ fit: FittedDistribution, xLabel: String, yLabel: String, f n: Num) -> String {
        let s = data.sorted()
        guard s.count >= 2 else { return "" }
        let pts: [(Double, Double)] = (1...100).map { k in
            let p = (Double(k) - 0.5) / 100
            return (fit.quantile(p), s[min(s.count - 1, Int(p * Double(s.count)))])
        }.filter { $0.0.isFinite }
        let hi = max(pts.map { $0.0 }.max() ?? 1, pts.map { $0.1 }.max() ?? 1) * 1.05
        let X: (Double) -> Double = { L + $0 / hi * (W - L - R) }
        let Y: (Double) -> Double = { H - B - $0 / hi * (H - T - B) }
        var body = "<line x1=\"\(f(X(0)))\" y1=\"\(f(Y(0)))\" x2=\"\(f(X(hi)))\" y2=\"\(f(Y(hi)))\" stroke=\"#c2562b\" stroke-dasharray=\"4 3\"/>"
        for (a, b) in pts { body += "<circle cx=\"\(f(X(a)))\" cy=\"\(f(Y(b)))\" r=\"2.5\" fill=\"#1f5fa8\"/>" }
        let t = ticks(hi), st = t.count > 1 ? t[1] - t[0] : 1
        return frame(body, xTicks: t.map { (X($0), tick($0, step: st, n)) }, yTicks: t.map { (Y($0), tick($0, step: st, n)) }, xLabel: xLabel, yLabel: yLabel)
    }
}
