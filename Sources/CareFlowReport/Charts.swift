import Foundation

/// Inline SVG charts. Scenarios are told apart by colour AND by line dash,
/// point marker and bar hatching, so charts read in greyscale print too.
/// Every value-carrying mark has a <title> for hover text.
enum Chart {
    /// Okabe–Ito colours (safe for colour-blind readers).
    static let colours = ["#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#000000", "#999933"]
    static let dashes = ["", "7 4", "2 3", "9 3 2 3", "4 2", "12 4", "1 2", "6 2 2 2"]
    static func colour(_ i: Int) -> String { colours[i % colours.count] }
    static func dash(_ i: Int) -> String { dashes[i % dashes.count] }
    static let width = 760.0
    static let charW = 6.4 // approximate width of a 11.5px character

    /// Shared defs (hatch patterns), emitted once at the top of the body.
    static let defs = """
    <svg class="defs" width="0" height="0" aria-hidden="true" focusable="false"><defs>\
    <pattern id="cf-hatch-1" width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(45)"><rect width="2.2" height="6" fill="#fff" fill-opacity="0.75"/></pattern>\
    <pattern id="cf-hatch-2" width="5" height="5" patternUnits="userSpaceOnUse"><circle cx="2.5" cy="2.5" r="1.2" fill="#fff" fill-opacity="0.8"/></pattern>\
    <pattern id="cf-hatch-3" width="6" height="6" patternUnits="userSpaceOnUse"><path d="M0 3H6M3 0V6" stroke="#fff" stroke-opacity="0.75" stroke-width="1.3"/></pattern>\
    <pattern id="cf-hatch-4" width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(-45)"><rect width="2.2" height="6" fill="#fff" fill-opacity="0.75"/></pattern>\
    <marker id="cf-arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse"><path d="M0 0L10 5L0 10z" fill="#444"/></marker>\
    </defs></svg>
    """

    static func hatch(_ i: Int) -> String? { i % 5 == 0 ? nil : "url(#cf-hatch-\(i % 5))" }

    /// A number in SVG coordinates.
    static func c(_ x: Double) -> String {
        guard x.isFinite else { return "0" }
        let r = (x * 10).rounded() / 10
        if let i = Int(exactly: r) { return String(i) }
        return Fmt.cFormat(r, decimals: 1)
    }

    static func marker(_ i: Int, x: Double, y: Double, title: String) -> String {
        let col = colour(i), t = "<title>\(esc(title))</title>"
        switch i % 4 {
        case 0: return "<circle cx=\"\(c(x))\" cy=\"\(c(y))\" r=\"3.2\" fill=\"\(col)\">\(t)</circle>"
        case 1: return "<rect x=\"\(c(x - 3))\" y=\"\(c(y - 3))\" width=\"6\" height=\"6\" fill=\"\(col)\">\(t)</rect>"
        case 2: return "<path d=\"M\(c(x)) \(c(y - 4))L\(c(x + 3.6)) \(c(y + 2.6))L\(c(x - 3.6)) \(c(y + 2.6))z\" fill=\"\(col)\">\(t)</path>"
        default: return "<path d=\"M\(c(x)) \(c(y - 4))L\(c(x + 4)) \(c(y))L\(c(x)) \(c(y + 4))L\(c(x - 4)) \(c(y))z\" fill=\"\(col)\">\(t)</path>"
        }
    }

    /// An HTML legend: one entry per scenario with its line/marker and bar swatch.
    static func legend(_ names: [String], bars: Bool = false, lines: Bool = true) -> String {
        var s = "<ul class=\"legend\">"
        for (i, n) in names.enumerated() {
            var sw = "<svg width=\"\(bars && lines ? 52 : 30)\" height=\"14\" aria-hidden=\"true\">"
            var x = 0.0
            if lines {
                sw += "<line x1=\"1\" y1=\"7\" x2=\"29\" y2=\"7\" stroke=\"\(colour(i))\" stroke-width=\"2.5\"\(dash(i).isEmpty ? "" : " stroke-dasharray=\"\(dash(i))\"")/>"
                sw += marker(i, x: 15, y: 7, title: n)
                x = 34
            }
            if bars {
                sw += "<rect x=\"\(c(x))\" y=\"1\" width=\"16\" height=\"12\" fill=\"\(colour(i))\"/>"
                if let h = hatch(i) { sw += "<rect x=\"\(c(x))\" y=\"1\" width=\"16\" height=\"12\" fill=\"\(h)\"/>" }
            }
            sw += "</svg>"
            s += "<li>\(sw) \(esc(n))</li>"
        }
        return s + "</ul>"
    }

    // MARK: Scales

    /// Round tick values covering [lo, hi].
    static func ticks(_ lo: Double, _ hi: Double, count: Int = 5) -> (ticks: [Double], step: Double) {
        var lo = lo, hi = hi
        if !lo.isFinite || !hi.isFinite { lo = 0; hi = 1 }
        if hi - lo < 1e-12 { hi = lo + (lo == 0 ? 1 : abs(lo) * 0.1) }
        let raw = (hi - lo) / Double(count)
        let mag = pow(10, floor(log10(raw)))
        let r = raw / mag
        let step = (r < 1.5 ? 1 : r < 3 ? 2 : r < 7 ? 5 : 10) * mag
        let start = floor(lo / step + 1e-9) * step, end = ceil(hi / step - 1e-9) * step
        var t: [Double] = []
        var v = start
        // Bounded: with absurd values (from a damaged file) v += step may not move.
        while v <= end + step * 1e-6 && t.count <= 4 * count + 10 { t.append(abs(v) < step * 1e-9 ? 0 : v); v += step }
        return (t, step)
    }

    static func tickLabel(_ v: Double, step: Double, percent: Bool = false) -> String {
        if percent { return Fmt.fixed(v * 100, step * 100 >= 1 ? 0 : 1) + "%" }
        let d = step >= 1 ? 0 : min(3, Int(ceil(-log10(step))))
        return d == 0 && abs(v) >= 10000 ? Fmt.count(v) : Fmt.fixed(v, d)
    }

    static func yAxis(ticks t: [Double], step: Double, y: (Double) -> Double, left: Double, right: Double, label: String, percent: Bool, top: Double, bottom: Double) -> String {
        var s = ""
        for v in t {
            let yy = y(v)
            s += "<line x1=\"\(c(left))\" y1=\"\(c(yy))\" x2=\"\(c(right))\" y2=\"\(c(yy))\" class=\"grid\"/>"
            s += "<text x=\"\(c(left - 6))\" y=\"\(c(yy + 4))\" text-anchor=\"end\">\(esc(tickLabel(v, step: step, percent: percent)))</text>"
        }
        s += "<line x1=\"\(c(left))\" y1=\"\(c(top))\" x2=\"\(c(left))\" y2=\"\(c(bottom))\" class=\"axis\"/>"
        s += "<text class=\"axis-title\" transform=\"translate(14 \(c((top + bottom) / 2))) rotate(-90)\" text-anchor=\"middle\">\(esc(label))</text>"
        return s
    }

    // MARK: Line chart

    struct Line {
        var name: String
        var style: Int
        var x: [Double]
        var band: Band
    }

    /// Lines with 95% CI bands; `xTicks` gives labelled x positions.
    static func lines(_ lines: [Line], xLabel: String, yLabel: String, xTicks: [(Double, String)], xDomain: (Double, Double),
                      percent: Bool = false, refLines: [(y: Double, label: String, style: Int)] = [], markers: Bool, describe: String,
                      pointLabel: (Double) -> String = { Fmt.num($0) }) -> String {
        // Levels are counts: a CI reaching below 0 is drawn from 0.
        let lines = lines.map { l -> Line in var l = l; l.band.lo = l.band.lo.map { $0.isFinite ? max(0, $0) : $0 }; return l }
        let h = 300.0, left = 64.0, right = width - 18, top = 14.0, bottom = h - 48
        var yMax = 0.0, yMin = 0.0
        for l in lines {
            for (i, m) in l.band.mean.enumerated() {
                let hi = i < l.band.hi.count && l.band.hi[i].isFinite ? l.band.hi[i] : m
                let lo = i < l.band.lo.count && l.band.lo[i].isFinite ? l.band.lo[i] : m
                if hi.isFinite { yMax = max(yMax, hi) }
                if lo.isFinite { yMin = min(yMin, lo) }
            }
        }
        for r in refLines where r.y.isFinite { yMax = max(yMax, r.y) }
        if percent { yMax = max(yMax, 0.05) }
        let (yt, ystep) = ticks(yMin, yMax)
        let y0 = yt.first ?? 0, y1 = yt.last ?? 1
        func Y(_ v: Double) -> Double { bottom - (v - y0) / (y1 - y0) * (bottom - top) }
        let span = xDomain.1 - xDomain.0
        func X(_ v: Double) -> Double { left + (span > 0 ? (v - xDomain.0) / span : 0.5) * (right - left) }
        var s = "<svg class=\"chart\" viewBox=\"0 0 \(c(width)) \(c(h))\" width=\"\(c(width))\" height=\"\(c(h))\" role=\"img\" aria-label=\"\(esc(describe))\"><title>\(esc(describe))</title>"
        s += yAxis(ticks: yt, step: ystep, y: Y, left: left, right: right, label: yLabel, percent: percent, top: top, bottom: bottom)
        s += "<line x1=\"\(c(left))\" y1=\"\(c(bottom))\" x2=\"\(c(right))\" y2=\"\(c(bottom))\" class=\"axis\"/>"
        for (v, label) in xTicks {
            let xx = X(v)
            s += "<line x1=\"\(c(xx))\" y1=\"\(c(bottom))\" x2=\"\(c(xx))\" y2=\"\(c(bottom + 4))\" class=\"axis\"/>"
            s += "<text x=\"\(c(xx))\" y=\"\(c(bottom + 17))\" text-anchor=\"middle\">\(esc(label))</text>"
        }
        s += "<text class=\"axis-title\" x=\"\(c((left + right) / 2))\" y=\"\(c(h - 8))\" text-anchor=\"middle\">\(esc(xLabel))</text>"
        // CI bands first, then lines on top.
        for l in lines {
            let n = min(l.x.count, l.band.mean.count, l.band.lo.count, l.band.hi.count)
            var up = "", down = ""
            for i in 0..<n where l.band.lo[i].isFinite && l.band.hi[i].isFinite {
                up += (up.isEmpty ? "M" : "L") + "\(c(X(l.x[i]))) \(c(Y(l.band.hi[i])))"
            }
            for i in stride(from: n - 1, through: 0, by: -1) where l.band.lo[i].isFinite && l.band.hi[i].isFinite {
                down += "L\(c(X(l.x[i]))) \(c(Y(l.band.lo[i])))"
            }
            if !up.isEmpty { s += "<path d=\"\(up)\(down)z\" fill=\"\(colour(l.style))\" fill-opacity=\"0.13\" stroke=\"none\"><title>\(esc(tr("{0}: 95% CI band", l.name)))</title></path>" }
        }
        for r in refLines where r.y.isFinite {
            let yy = Y(r.y)
            s += "<line x1=\"\(c(left))\" y1=\"\(c(yy))\" x2=\"\(c(right))\" y2=\"\(c(yy))\" stroke=\"\(colour(r.style))\" stroke-width=\"1.2\" stroke-dasharray=\"3 3\"><title>\(esc(r.label))</title></line>"
            s += "<text x=\"\(c(right - 4))\" y=\"\(c(yy - 4))\" text-anchor=\"end\" class=\"ref\">\(esc(r.label))</text>"
        }
        for l in lines {
            let n = min(l.x.count, l.band.mean.count)
            var d = "", pen = false
            for i in 0..<n {
                guard l.band.mean[i].isFinite else { pen = false; continue }
                d += (pen ? "L" : "M") + "\(c(X(l.x[i]))) \(c(Y(l.band.mean[i])))"
                pen = true
            }
            s += "<path d=\"\(d)\" fill=\"none\" stroke=\"\(colour(l.style))\" stroke-width=\"2\"\(dash(l.style).isEmpty ? "" : " stroke-dasharray=\"\(dash(l.style))\"") stroke-linejoin=\"round\"><title>\(esc(l.name))</title></path>"
            if markers {
                for i in 0..<n where l.band.mean[i].isFinite {
                    let lo = i < l.band.lo.count ? l.band.lo[i] : .nan, hi = i < l.band.hi.count ? l.band.hi[i] : .nan
                    let t = "\(l.name), \(xLabel.lowercased()) \(Fmt.num(l.x[i])): " + withCI(pointLabel(l.band.mean[i]), pointLabel(lo), pointLabel(hi))
                    s += marker(l.style, x: X(l.x[i]), y: Y(l.band.mean[i]), title: t)
                }
            }
        }
        return s + "</svg>"
    }

    /// "5.1 h (95% CI 4.8 to 5.4 h)" in the report's language; the value alone without an interval.
    static func withCI(_ v: String, _ lo: String, _ hi: String) -> String {
        lo.hasPrefix("—") || hi.hasPrefix("—") ? v : v + " (" + tr("95% CI {0} to {1}", lo, hi) + ")"
    }

    /// Hour-of-day x ticks (every 3 hours).
    static var hourTicks: [(Double, String)] { stride(from: 0, through: 21, by: 3).map { (Double($0), String(format: "%02d:00", $0)) } + [(23, "23:00")] }

    /// Day ticks for a daily series of n days starting at `first`.
    static func dayTicks(first: Double, n: Int) -> [(Double, String)] {
        let (t, _) = ticks(first, first + Double(max(1, n - 1)), count: 8)
        return t.filter { $0 >= first && $0 <= first + Double(max(0, n - 1)) }.map { ($0, Fmt.fixed($0, 0)) }
    }

    // MARK: Horizontal grouped bars

    struct BarGroup {
        var label: String
        /// One value per scenario (nil: not in that scenario).
        var values: [Est?]
    }

    /// Horizontal bars: one row per category, one bar per scenario with a CI whisker and a value label.
    static func hbars(_ groups: [BarGroup], names: [String], xLabel: String, percent: Bool = false, format: (Double) -> String,
                      describe: String, refValue: Double? = nil) -> String {
        let longest = groups.map(\.label.count).max() ?? 4
        let labelW = min(240, max(70, Double(longest) * charW + 12))
        let left = labelW + 8, right = width - 70
        let barH = 13.0, gap = 2.0, groupGap = 12.0
        let rowH = Double(names.count) * (barH + gap) + groupGap
        let top = 8.0
        let bottom = top + Double(groups.count) * rowH
        let h = bottom + 44
        var xMax = percent ? 1.0 : 0.0
        for g in groups { for v in g.values { if let v { xMax = max(xMax, v.hi.isFinite ? v.hi : v.mean, v.mean.isFinite ? v.mean : 0) } } }
        if let r = refValue { xMax = max(xMax, r) }
        let (xt, xstep) = ticks(0, xMax)
        let x1 = xt.last ?? 1
        func X(_ v: Double) -> Double { left + max(0, v) / x1 * (right - left) }
        var s = "<svg class=\"chart\" viewBox=\"0 0 \(c(width)) \(c(h))\" width=\"\(c(width))\" height=\"\(c(h))\" role=\"img\" aria-label=\"\(esc(describe))\"><title>\(esc(describe))</title>"
        for v in xt {
            let xx = X(v)
            s += "<line x1=\"\(c(xx))\" y1=\"\(c(top))\" x2=\"\(c(xx))\" y2=\"\(c(bottom))\" class=\"grid\"/>"
            s += "<text x=\"\(c(xx))\" y=\"\(c(bottom + 16))\" text-anchor=\"middle\">\(esc(tickLabel(v, step: xstep, percent: percent)))</text>"
        }
        s += "<line x1=\"\(c(left))\" y1=\"\(c(bottom))\" x2=\"\(c(right))\" y2=\"\(c(bottom))\" class=\"axis\"/>"
        s += "<line x1=\"\(c(left))\" y1=\"\(c(top))\" x2=\"\(c(left))\" y2=\"\(c(bottom))\" class=\"axis\"/>"
        s += "<text class=\"axis-title\" x=\"\(c((left + right) / 2))\" y=\"\(c(h - 8))\" text-anchor=\"middle\">\(esc(xLabel))</text>"
        for (gi, g) in groups.enumerated() {
            let gy = top + Double(gi) * rowH + groupGap / 2
            let label = g.label.count > Int(labelW / charW) ? String(g.label.prefix(Int(labelW / charW) - 1)) + "…" : g.label
            s += "<text x=\"\(c(labelW))\" y=\"\(c(gy + Double(names.count) * (barH + gap) / 2 + 4))\" text-anchor=\"end\" class=\"cat\">\(esc(label))<title>\(esc(g.label))</title></text>"
            for (si, v) in g.values.enumerated() {
                guard let v, v.mean.isFinite else { continue }
                let y = gy + Double(si) * (barH + gap)
                let t = "\(g.label), \(si < names.count ? names[si] : ""): " + withCI(format(v.mean), format(v.lo), format(v.hi))
                let w = max(0.5, X(v.mean) - left)
                s += "<g><title>\(esc(t))</title><rect x=\"\(c(left))\" y=\"\(c(y))\" width=\"\(c(w))\" height=\"\(c(barH))\" fill=\"\(colour(si))\"/>"
                if let hp = hatch(si) { s += "<rect x=\"\(c(left))\" y=\"\(c(y))\" width=\"\(c(w))\" height=\"\(c(barH))\" fill=\"\(hp)\"/>" }
                var end = X(v.mean)
                if v.lo.isFinite && v.hi.isFinite && v.hi > v.lo {
                    let a = X(v.lo), b = X(v.hi), m = y + barH / 2
                    s += "<path d=\"M\(c(a)) \(c(m))H\(c(b))M\(c(a)) \(c(m - 4))V\(c(m + 4))M\(c(b)) \(c(m - 4))V\(c(m + 4))\" stroke=\"#222\" stroke-width=\"1.2\" fill=\"none\"/>"
                    end = max(end, b)
                }
                s += "<text x=\"\(c(end + 4))\" y=\"\(c(y + barH - 2.5))\" class=\"val\">\(esc(format(v.mean)))</text></g>"
            }
        }
        if let r = refValue {
            s += "<line x1=\"\(c(X(r)))\" y1=\"\(c(top))\" x2=\"\(c(X(r)))\" y2=\"\(c(bottom))\" stroke=\"#000\" stroke-dasharray=\"4 3\"/>"
        }
        return s + "</svg>"
    }

    // MARK: Vertical grouped bars (histograms)

    /// Grouped vertical bars: categories along x, one bar per scenario, with CI whiskers.
    static func vbars(_ groups: [BarGroup], names: [String], xLabel: String, yLabel: String, percent: Bool, format: (Double) -> String, describe: String) -> String {
        let h = 300.0, left = 64.0, right = width - 12, top = 14.0, bottom = h - 52
        var yMax = 0.0
        for g in groups { for v in g.values { if let v { yMax = max(yMax, v.hi.isFinite ? v.hi : 0, v.mean.isFinite ? v.mean : 0) } } }
        let (yt, ystep) = ticks(0, yMax)
        let y1 = yt.last ?? 1
        func Y(_ v: Double) -> Double { bottom - max(0, v) / y1 * (bottom - top) }
        let gw = (right - left) / Double(max(1, groups.count))
        let bw = min(22, (gw - 8) / Double(max(1, names.count)))
        var s = "<svg class=\"chart\" viewBox=\"0 0 \(c(width)) \(c(h))\" width=\"\(c(width))\" height=\"\(c(h))\" role=\"img\" aria-label=\"\(esc(describe))\"><title>\(esc(describe))</title>"
        s += yAxis(ticks: yt, step: ystep, y: Y, left: left, right: right, label: yLabel, percent: percent, top: top, bottom: bottom)
        s += "<line x1=\"\(c(left))\" y1=\"\(c(bottom))\" x2=\"\(c(right))\" y2=\"\(c(bottom))\" class=\"axis\"/>"
        s += "<text class=\"axis-title\" x=\"\(c((left + right) / 2))\" y=\"\(c(h - 8))\" text-anchor=\"middle\">\(esc(xLabel))</text>"
        for (gi, g) in groups.enumerated() {
            let gx = left + Double(gi) * gw
            let x0 = gx + (gw - bw * Double(names.count)) / 2
            s += "<text x=\"\(c(gx + gw / 2))\" y=\"\(c(bottom + 16))\" text-anchor=\"middle\" class=\"cat\">\(esc(g.label))</text>"
            for (si, v) in g.values.enumerated() {
                guard let v, v.mean.isFinite else { continue }
                let x = x0 + Double(si) * bw
                let t = "\(g.label), \(si < names.count ? names[si] : ""): " + withCI(format(v.mean), format(v.lo), format(v.hi))
                let hh = max(0.5, bottom - Y(v.mean))
                s += "<g><title>\(esc(t))</title><rect x=\"\(c(x))\" y=\"\(c(bottom - hh))\" width=\"\(c(bw - 1))\" height=\"\(c(hh))\" fill=\"\(colour(si))\"/>"
                if let hp = hatch(si) { s += "<rect x=\"\(c(x))\" y=\"\(c(bottom - hh))\" width=\"\(c(bw - 1))\" height=\"\(c(hh))\" fill=\"\(hp)\"/>" }
                if v.lo.isFinite && v.hi.isFinite && v.hi > v.lo {
                    let m = x + (bw - 1) / 2
                    s += "<path d=\"M\(c(m)) \(c(Y(v.lo)))V\(c(Y(v.hi)))M\(c(m - 3)) \(c(Y(v.lo)))H\(c(m + 3))M\(c(m - 3)) \(c(Y(v.hi)))H\(c(m + 3))\" stroke=\"#222\" stroke-width=\"1\" fill=\"none\"/>"
                }
                s += "</g>"
            }
        }
        return s + "</svg>"
    }
}
