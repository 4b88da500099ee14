import CareFlowAnalysis
import Foundation

/// What the sweep report shows, as plain values (the CLI reads it from the
/// sweep database; this module does not depend on SQLite).
public struct SweepReportData: Sendable {
    public struct Value: Sendable {
        public var text: String
        /// The value as a number for charts (durations in minutes); nil if not numeric.
        public var number: Double?
        public init(text: String, number: Double?) { self.text = text; self.number = number }
    }
    public struct Factor: Sendable {
        public var path: String
        public var levels: [Value]
        public init(path: String, levels: [Value]) { self.path = path; self.levels = levels }
    }
    public struct Point: Sendable {
        public var id: Int
        /// One value per factor.
        public var values: [Value]
        public init(id: Int, values: [Value]) { self.id = id; self.values = values }
    }
    public struct KPI: Sendable {
        public var name: String
        public var target: Double?
        /// true: higher is better, false: lower is better, nil: neither.
        public var higherIsBetter: Bool?
        public init(name: String, target: Double?, higherIsBetter: Bool?) { self.name = name; self.target = target; self.higherIsBetter = higherIsBetter }
    }
    public struct Cell: Sendable {
        public var n: Int
        public var mean: Double
        public var ciLow: Double
        public var ciHigh: Double
        public init(n: Int, mean: Double, ciLow: Double, ciHigh: Double) { self.n = n; self.mean = mean; self.ciLow = ciLow; self.ciHigh = ciHigh }
    }
    public var name: String
    public var file: String
    public var hash: String
    public var softwareVersion: String
    public var base: String
    public var design: String
    public var seed: UInt64
    public var replications: Int
    public var tasksDone: Int
    public var tasksTotal: Int
    public var factors: [Factor]
    public var points: [Point]
    public var kpis: [KPI]
    /// cells[point index][kpi index]
    public var cells: [[Cell?]]

    public init(name: String, file: String, hash: String, softwareVersion: String, base: String, design: String, seed: UInt64,
                replications: Int, tasksDone: Int, tasksTotal: Int, factors: [Factor], points: [Point], kpis: [KPI], cells: [[Cell?]]) {
        self.name = name; self.file = file; self.hash = hash; self.softwareVersion = softwareVersion; self.base = base
        self.design = design; self.seed = seed; self.replications = replications; self.tasksDone = tasksDone; self.tasksTotal = tasksTotal
        self.factors = factors; self.points = points; self.kpis = kpis; self.cells = cells
    }
}

/// The self-contained HTML report of a sweep: KPI-versus-factor charts with
/// 95% CI bands (one line per level of a second factor) and the best points
/// against the KPI targets.
public enum SweepReport {
    static let maxChartKPIs = 12
    static let maxLines = 8
    static let palette = ["#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b", "#e377c2", "#17becf"]

    /// The report module's one escaping function (Escape.swift).
    static func h(_ s: String) -> String { esc(s) }

    static func num(_ x: Double) -> String { Readable.number(x, missing: "–") }

    /// Axis labels: whole numbers without decimals, others with up to 4 significant digits.
    static func tick(_ x: Double) -> String {
        guard x.isFinite else { return "" }
        if x == x.rounded() && abs(x) < 1e9 { return String(Int64(x)) }
        return String(format: "%.4g", x)
    }

    static func coord(_ x: Double) -> String { String(format: "%.1f", x) }

    static func estimate(_ c: SweepReportData.Cell?) -> String {
        guard let c, c.mean.isFinite else { return "–" }
        guard c.ciLow.isFinite else { return num(c.mean) }
        return "\(num(c.mean)) <span class=ci>(\(num(c.ciLow))–\(num(c.ciHigh)))</span>"
    }

    public static func render(_ d: SweepReportData) -> String {
        var o = """
            <!DOCTYPE html>
            <html lang="en"><head><meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <title>Sweep \(h(d.name))</title>
            <style>
            body{font-family:system-ui,-apple-system,Segoe UI,Roboto,sans-serif;margin:2em auto;max-width:1100px;padding:0 1em;color:#222}
            h1{font-size:1.6em}h2{font-size:1.25em;margin-top:2em;border-bottom:1px solid #ddd}h3{font-size:1.05em}
            table{border-collapse:collapse;font-size:.9em;margin:.5em 0}th,td{padding:.25em .6em;border-bottom:1px solid #eee;text-align:right}
            th{background:#f6f6f6}td.l,th.l{text-align:left}.ci{color:#777;font-size:.85em}.ok{color:#2a7d2a}.no{color:#b22}
            .wide{overflow-x:auto}.charts{display:flex;flex-wrap:wrap;gap:1em}.chart{flex:0 0 auto}.note{color:#666;font-size:.9em}
            svg text{font-size:11px;fill:#333}code{background:#f3f3f3;padding:0 .2em}
            </style></head><body>
            <h1>Sweep: \(h(d.name))</h1>

            """
        // Summary.
        o += "<table>"
        func row(_ k: String, _ v: String) { o += "<tr><th class=l>\(h(k))</th><td class=l>\(v)</td></tr>" }
        row("Sweep file", "<code>\(h(d.file))</code>")
        row("Base scenario", "<code>\(h(d.base))</code>")
        row("Design", h(d.design))
        row("Points × replications", "\(d.points.count) × \(d.replications) = \(d.points.count * d.replications) tasks")
        row("Master seed", "\(d.seed) (common random numbers: every point uses the same streams)")
        row("Completed tasks", "\(d.tasksDone) of \(d.tasksTotal)" + (d.tasksDone < d.tasksTotal ? " <b class=no>(incomplete)</b>" : ""))
        row("Files hash (SHA-256)", "<code>\(h(d.hash))</code>")
        row("CareFlow", h(d.softwareVersion))
        o += "</table>\n"

        // Factors.
        o += "<h2>Factors</h2><table><tr><th class=l>Key path</th><th>Levels</th><th class=l>Values</th></tr>"
        for f in d.factors {
            let shown = f.levels.prefix(20).map { h($0.text) }.joined(separator: ", ") + (f.levels.count > 20 ? ", …" : "")
            o += "<tr><td class=l><code>\(h(f.path))</code></td><td>\(f.levels.count)</td><td class=l>\(shown)</td></tr>"
        }
        o += "</table>\n"

        o += bestPoints(d)
        o += charts(d)
        o += pointTable(d)
        o += "<p class=note>95% confidence intervals: Student t over replications (per point). Generated by CareFlow \(h(d.softwareVersion)).</p>\n</body></html>\n"
        return o
    }

    // MARK: Best points

    static func bestPoints(_ d: SweepReportData) -> String {
        var o = "<h2>Best points against the KPI targets</h2>\n"
        let targeted = d.kpis.indices.filter { d.kpis[$0].target != nil }
        guard !targeted.isEmpty else {
            return o + "<p class=note>None of the sweep's KPIs has a target (targets come from the base scenario's <code>target: {within: …, share: …}</code> on <code>…within_target</code> KPIs).</p>\n"
        }
        struct Score { var index: Int; var met: Int; var sure: Int; var shortfall: Double }
        var scores: [Score] = []
        for (i, _) in d.points.enumerated() {
            var s = Score(index: i, met: 0, sure: 0, shortfall: 0)
            for k in targeted {
                guard let c = d.cells[i][k], c.mean.isFinite, let t = d.kpis[k].target else { s.shortfall += .infinity; continue }
                let higher = d.kpis[k].higherIsBetter ?? true
                let ok = higher ? c.mean >= t : c.mean <= t
                let sure = c.ciLow.isFinite && (higher ? c.ciLow >= t : c.ciHigh <= t)
                if ok { s.met += 1 }
                if sure { s.sure += 1 }
                s.shortfall += max(0, higher ? t - c.mean : c.mean - t) / max(abs(t), 1e-9)
            }
            scores.append(s)
        }
        scores.sort { a, b in
            if a.met != b.met { return a.met > b.met }
            if a.sure != b.sure { return a.sure > b.sure }
            if a.shortfall != b.shortfall { return a.shortfall < b.shortfall }
            return a.index < b.index
        }
        let allMet = scores.filter { $0.met == targeted.count }.count
        o += "<p>\(allMet) of \(d.points.count) points meet every target on the mean. Ranked by targets met (on the mean, then with the whole 95% CI), then by total relative shortfall; top \(min(10, scores.count)):</p>\n"
        o += "<div class=wide><table><tr><th>Rank</th><th>Point</th>"
        for f in d.factors { o += "<th>\(h(f.path))</th>" }
        for k in targeted { o += "<th>\(h(d.kpis[k].name))<br><span class=ci>target \(d.kpis[k].higherIsBetter == false ? "≤" : "≥") \(num(d.kpis[k].target!))</span></th>" }
        o += "<th>Met</th></tr>\n"
        for (rank, s) in scores.prefix(10).enumerated() {
            let p = d.points[s.index]
            o += "<tr><td>\(rank + 1)</td><td>\(p.id)</td>"
            for v in p.values { o += "<td>\(h(v.text))</td>" }
            for k in targeted {
                let c = d.cells[s.index][k]
                let t = d.kpis[k].target!
                let higher = d.kpis[k].higherIsBetter ?? true
                let ok = c.map { $0.mean.isFinite && (higher ? $0.mean >= t : $0.mean <= t) } ?? false
                o += "<td class=\(ok ? "ok" : "no")>\(estimate(c)) \(ok ? "✓" : "✗")</td>"
            }
            o += "<td>\(s.met)/\(targeted.count)</td></tr>\n"
        }
        return o + "</table></div>\n"
    }

    // MARK: Charts

    static func distinctNumbers(_ d: SweepReportData, _ f: Int) -> [Double] {
        Array(Set(d.points.compactMap { $0.values[f].number })).sorted()
    }

    static func charts(_ d: SweepReportData) -> String {
        var o = "<h2>KPIs versus factors</h2>\n"
        let xFactors = d.factors.indices.filter { f in
            d.points.allSatisfy { $0.values[f].number != nil } && distinctNumbers(d, f).count > 1
        }
        guard !xFactors.isEmpty else { return o + "<p class=note>No numeric factor with more than one value to chart.</p>\n" }
        // KPIs with targets first, then the rest, in the sweep's order.
        let order = d.kpis.indices.filter { d.kpis[$0].target != nil } + d.kpis.indices.filter { d.kpis[$0].target == nil }
        let shownKPIs = Array(order.prefix(maxChartKPIs))
        let grid = d.design.hasPrefix("grid")
        if d.kpis.count > shownKPIs.count {
            o += "<p class=note>Charts for \(shownKPIs.count) of \(d.kpis.count) KPIs (those with targets first); every KPI is in the table below and in the database.</p>\n"
        }
        if grid {
            o += "<p class=note>Each chart varies one factor along the x axis, draws one line per level of a second factor, and holds any other factors at their middle level. Bands: 95% CIs.</p>\n"
        } else {
            o += "<p class=note>Latin hypercube design: every point is shown against each factor (the other factors vary too); whiskers: 95% CIs.</p>\n"
        }
        for k in shownKPIs {
            o += "<h3>\(h(d.kpis[k].name))</h3><div class=charts>\n"
            for x in xFactors {
                o += "<div class=chart>" + (grid ? gridChart(d, kpi: k, x: x) : scatterChart(d, kpi: k, x: x)) + "</div>\n"
            }
            o += "</div>\n"
        }
        return o
    }

    struct Series { var label: String; var pts: [(x: Double, c: SweepReportData.Cell)] }

    static func gridChart(_ d: SweepReportData, kpi k: Int, x: Int) -> String {
        let others = d.factors.indices.filter { $0 != x }
        let varying = others.filter { f in Set(d.points.map { $0.values[f].text }).count > 1 }
        let lineFactor = varying.first
        // Other factors held at their middle level (by order of appearance).
        var fixed: [Int: String] = [:]
        for f in varying where f != lineFactor {
            var levels: [String] = []
            for p in d.points where !levels.contains(p.values[f].text) { levels.append(p.values[f].text) }
            let sortedLevels = levels.sorted { (Double($0) ?? 0, $0) < (Double($1) ?? 0, $1) }
            fixed[f] = sortedLevels[sortedLevels.count / 2]
        }
        var lineLevels: [String] = []
        if let g = lineFactor { for p in d.points where !lineLevels.contains(p.values[g].text) { lineLevels.append(p.values[g].text) } }
        if lineLevels.isEmpty { lineLevels = [""] }
        var series: [Series] = []
        for level in lineLevels.prefix(maxLines) {
            var pts: [(x: Double, c: SweepReportData.Cell)] = []
            for (i, p) in d.points.enumerated() {
                if let g = lineFactor, p.values[g].text != level { continue }
                if fixed.contains(where: { p.values[$0.key].text != $0.value }) { continue }
                guard let xv = p.values[x].number, let c = d.cells[i][k], c.mean.isFinite else { continue }
                pts.append((xv, c))
            }
            pts.sort { $0.x < $1.x }
            series.append(Series(label: lineFactor.map { "\(d.factors[$0].path) = \(level)" } ?? d.kpis[k].name, pts: pts))
        }
        var sub = fixed.sorted { $0.key < $1.key }.map { "\(d.factors[$0.key].path) = \($0.value)" }.joined(separator: ", ")
        if lineLevels.count > maxLines { sub += (sub.isEmpty ? "" : "; ") + "first \(maxLines) of \(lineLevels.count) lines" }
        return svg(d, kpi: k, x: x, series: series, lines: true, subtitle: sub)
    }

    static func scatterChart(_ d: SweepReportData, kpi k: Int, x: Int) -> String {
        var pts: [(x: Double, c: SweepReportData.Cell)] = []
        for (i, p) in d.points.enumerated() {
            guard let xv = p.values[x].number, let c = d.cells[i][k], c.mean.isFinite else { continue }
            pts.append((xv, c))
        }
        pts.sort { $0.x < $1.x }
        return svg(d, kpi: k, x: x, series: [Series(label: d.kpis[k].name, pts: pts)], lines: false, subtitle: "")
    }

    static func ticks(_ lo: Double, _ hi: Double, count: Int = 5) -> [Double] {
        guard hi > lo, lo.isFinite, hi.isFinite else { return [lo] }
        let raw = (hi - lo) / Double(count)
        let mag = pow(10, (log10(raw)).rounded(.down))
        let step = [1.0, 2, 2.5, 5, 10].map { $0 * mag }.first { $0 >= raw } ?? raw
        var t = (lo / step).rounded(.up) * step
        var out: [Double] = []
        while t <= hi + step * 1e-9 { out.append(t); t += step }
        return out
    }

    static func svg(_ d: SweepReportData, kpi k: Int, x: Int, series: [Series], lines: Bool, subtitle: String) -> String {
        let w = 500.0, hgt = 300.0, ml = 60.0, mr = 16.0, mt = 28.0, mb = 44.0
        let legendH = lines && series.count > 1 ? Double(series.count) * 15 + 6 : 0
        let all = series.flatMap(\.pts)
        guard !all.isEmpty else { return "<p class=note>\(h(d.factors[x].path)): no values yet.</p>" }
        var xs = all.map(\.x), ys = all.flatMap { [$0.c.mean, $0.c.ciLow, $0.c.ciHigh] }.filter(\.isFinite)
        if let t = d.kpis[k].target { ys.append(t) }
        xs.sort()
        var y0 = ys.min()!, y1 = ys.max()!
        if y1 - y0 < 1e-12 { y0 -= max(abs(y0) * 0.05, 0.5); y1 += max(abs(y1) * 0.05, 0.5) }
        let pad = (y1 - y0) * 0.06
        y0 -= pad; y1 += pad
        var x0 = xs.first!, x1 = xs.last!
        if x1 - x0 < 1e-12 { x0 -= 1; x1 += 1 }
        let xpad = (x1 - x0) * 0.04
        x0 -= xpad; x1 += xpad
        let pw = w - ml - mr, ph = hgt - mt - mb
        func sx(_ v: Double) -> Double { ml + (v - x0) / (x1 - x0) * pw }
        func sy(_ v: Double) -> Double { mt + (1 - (v - y0) / (y1 - y0)) * ph }
        var o = "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(Int(w))\" height=\"\(Int(hgt + legendH))\" viewBox=\"0 0 \(Int(w)) \(Int(hgt + legendH))\" role=\"img\" aria-label=\"\(h(d.kpis[k].name)) versus \(h(d.factors[x].path))\">"
        o += "<text x=\"\(coord(ml))\" y=\"14\" font-weight=\"bold\">\(h(d.kpis[k].name)) vs \(h(d.factors[x].path))</text>"
        if !subtitle.isEmpty { o += "<text x=\"\(coord(ml))\" y=\"25\" fill=\"#666\">\(h(subtitle))</text>" }
        // Axes and grid.
        for t in ticks(y0, y1) {
            o += "<line x1=\"\(coord(ml))\" x2=\"\(coord(w - mr))\" y1=\"\(coord(sy(t)))\" y2=\"\(coord(sy(t)))\" stroke=\"#eee\"/>"
            o += "<text x=\"\(coord(ml - 4))\" y=\"\(coord(sy(t) + 4))\" text-anchor=\"end\">\(h(tick(t)))</text>"
        }
        let xt = Set(xs).count <= 12 ? Array(Set(xs)).sorted() : ticks(x0, x1)
        for t in xt {
            o += "<line x1=\"\(coord(sx(t)))\" x2=\"\(coord(sx(t)))\" y1=\"\(coord(mt + ph))\" y2=\"\(coord(mt + ph + 4))\" stroke=\"#999\"/>"
            o += "<text x=\"\(coord(sx(t)))\" y=\"\(coord(mt + ph + 16))\" text-anchor=\"middle\">\(h(tick(t)))</text>"
        }
        o += "<rect x=\"\(coord(ml))\" y=\"\(coord(mt))\" width=\"\(coord(pw))\" height=\"\(coord(ph))\" fill=\"none\" stroke=\"#999\"/>"
        o += "<text x=\"\(coord(ml + pw / 2))\" y=\"\(coord(hgt - 8))\" text-anchor=\"middle\">\(h(d.factors[x].path))</text>"
        if let t = d.kpis[k].target {
            o += "<line x1=\"\(coord(ml))\" x2=\"\(coord(w - mr))\" y1=\"\(coord(sy(t)))\" y2=\"\(coord(sy(t)))\" stroke=\"#b22\" stroke-dasharray=\"5,4\"/>"
            o += "<text x=\"\(coord(w - mr - 2))\" y=\"\(coord(sy(t) - 3))\" text-anchor=\"end\" fill=\"#b22\">target \(h(num(t)))</text>"
        }
        for (si, s) in series.enumerated() {
            let color = palette[si % palette.count]
            if lines {
                let band = s.pts.filter { $0.c.ciLow.isFinite && $0.c.ciHigh.isFinite }
                if band.count > 1 {
                    let up = band.map { "\(coord(sx($0.x))),\(coord(sy($0.c.ciHigh)))" }
                    let down = band.reversed().map { "\(coord(sx($0.x))),\(coord(sy($0.c.ciLow)))" }
                    o += "<polygon points=\"\((up + down).joined(separator: " "))\" fill=\"\(color)\" fill-opacity=\"0.15\" stroke=\"none\"/>"
                }
                if s.pts.count > 1 {
                    o += "<polyline points=\"\(s.pts.map { "\(coord(sx($0.x))),\(coord(sy($0.c.mean)))" }.joined(separator: " "))\" fill=\"none\" stroke=\"\(color)\" stroke-width=\"2\"/>"
                }
                for p in s.pts {
                    o += "<circle cx=\"\(coord(sx(p.x)))\" cy=\"\(coord(sy(p.c.mean)))\" r=\"3\" fill=\"\(color)\"><title>\(h(s.label)): \(h(d.factors[x].path)) = \(h(num(p.x))): \(h(num(p.c.mean))) (\(h(num(p.c.ciLow)))–\(h(num(p.c.ciHigh))))</title></circle>"
                }
            } else {
                for p in s.pts {
                    if p.c.ciLow.isFinite {
                        o += "<line x1=\"\(coord(sx(p.x)))\" x2=\"\(coord(sx(p.x)))\" y1=\"\(coord(sy(p.c.ciLow)))\" y2=\"\(coord(sy(p.c.ciHigh)))\" stroke=\"\(color)\" stroke-opacity=\"0.5\"/>"
                    }
                    o += "<circle cx=\"\(coord(sx(p.x)))\" cy=\"\(coord(sy(p.c.mean)))\" r=\"2.5\" fill=\"\(color)\"><title>\(h(num(p.x))): \(h(num(p.c.mean)))</title></circle>"
                }
            }
        }
        if lines && series.count > 1 {
            for (si, s) in series.enumerated() {
                let y = hgt + Double(si) * 15 + 8
                o += "<rect x=\"\(coord(ml))\" y=\"\(coord(y - 8))\" width=\"14\" height=\"8\" fill=\"\(palette[si % palette.count])\"/>"
                o += "<text x=\"\(coord(ml + 20))\" y=\"\(coord(y))\">\(h(s.label))</text>"
            }
        }
        return o + "</svg>"
    }

    // MARK: Table

    static func pointTable(_ d: SweepReportData) -> String {
        var o = "<h2>All points</h2>\n"
        let kpis = Array(d.kpis.indices.prefix(12))
        if d.kpis.count > kpis.count { o += "<p class=note>First \(kpis.count) of \(d.kpis.count) KPIs; <code>careflow export DIR --csv</code> writes them all.</p>\n" }
        o += "<div class=wide><table><tr><th>Point</th>"
        for f in d.factors { o += "<th>\(h(f.path))</th>" }
        for k in kpis { o += "<th>\(h(d.kpis[k].name))</th>" }
        o += "</tr>\n"
        for (i, p) in d.points.enumerated().prefix(500) {
            o += "<tr><td>\(p.id)</td>"
            for v in p.values { o += "<td>\(h(v.text))</td>" }
            for k in kpis { o += "<td>\(estimate(d.cells[i][k]))</td>" }
            o += "</tr>\n"
        }
        o += "</table></div>\n"
        if d.points.count > 500 { o += "<p class=note>First 500 of \(d.points.count) points.</p>\n" }
        return o
    }
}
