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
        /// Short column name (as in the database), label from the scenario, unit ("" if none).
        public var name: String
        public var label: String
        public var unit: String
        public var levels: [Value]
        public init(path: String, name: String? = nil, label: String? = nil, unit: String = "", levels: [Value]) {
            self.path = path; self.name = name ?? path; self.label = label ?? path; self.unit = unit; self.levels = levels
        }
    }
    public struct Point: Sendable {
        public var id: Int
        /// One value per factor.
        public var values: [Value]
        public init(id: Int, values: [Value]) { self.id = id; self.values = values }
    }
    public struct KPI: Sendable {
        public var name: String
        public var label: String
        /// "min", "share", "patients", "servers" or "".
        public var unit: String
        public var target: Double?
        /// true: higher is better, false: lower is better, nil: neither.
        public var higherIsBetter: Bool?
        public init(name: String, label: String? = nil, unit: String = "", target: Double?, higherIsBetter: Bool?) {
            self.name = name; self.label = label ?? name; self.unit = unit; self.target = target; self.higherIsBetter = higherIsBetter
        }
    }
    public struct Cell: Sendable {
        public var n: Int
        public var mean: Double
        public var ciLow: Double
        public var ciHigh: Double
        public init(n: Int, mean: Double, ciLow: Double, ciHigh: Double) { self.n = n; self.mean = mean; self.ciLow = ciLow; self.ciHigh = ciHigh }
    }
    public var name: String
    public var description: String = ""
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
    /// Provenance (key, value): careflow_version, git_commit, gsl_version, swift_version, os, cores, command, created ...
    public var provenance: [(String, String)] = []
    /// Fixed overrides (key path, value).
    public var overrides: [(String, String)] = []
    /// Stored input files (path, role, SHA-256).
    public var inputs: [(String, String, String)] = []

    public init(name: String, file: String, hash: String, softwareVersion: String, base: String, design: String, seed: UInt64,
                replications: Int, tasksDone: Int, tasksTotal: Int, factors: [Factor], points: [Point], kpis: [KPI], cells: [[Cell?]]) {
        self.name = name; self.file = file; self.hash = hash; self.softwareVersion = softwareVersion; self.base = base
        self.design = design; self.seed = seed; self.replications = replications; self.tasksDone = tasksDone; self.tasksTotal = tasksTotal
        self.factors = factors; self.points = points; self.kpis = kpis; self.cells = cells
    }
}

/// The self-contained HTML report of a sweep, in English or Swedish:
/// summary, factors, the best points against the KPI targets, KPI-versus-
/// factor charts with 95% CIs, every point in a paged table, and a method
/// section (design, replications, seeds, inputs, versions; after STRESS-DES).
public enum SweepReport {
    static let maxChartKPIs = 12
    static let maxLines = 8
    static let pageRows = 50
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

    /// "ED length of stay, mean (min)"
    static func kpiTitle(_ k: SweepReportData.KPI, _ t: SweepText) -> String {
        k.label + (k.unit.isEmpty ? "" : " (\(t.unit(k.unit)))")
    }

    static func factorTitle(_ f: SweepReportData.Factor) -> String {
        f.label + (f.unit.isEmpty ? "" : " (\(f.unit))")
    }

    /// report.html in English, report.sv.html in Swedish (each links to the other).
    public static func files(_ d: SweepReportData) -> [(String, String)] {
        [("report.html", render(d, language: "en")), ("report.sv.html", render(d, language: "sv"))]
    }

    public static func render(_ d: SweepReportData, language: String = "en") -> String {
        let t = SweepText(language)
        let other = language == "sv" ? ("report.html", "In English", "en") : ("report.sv.html", "På svenska", "sv")
        var o = """
            <!DOCTYPE html>
            <html lang="\(t.lang)"><head><meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <meta http-equiv="Content-Security-Policy" content="\(PageKit.contentSecurityPolicy())">
            <title>\(h(t.s("Sweep"))): \(h(d.name))</title>
            <style>
            body{font-family:system-ui,-apple-system,Segoe UI,Roboto,sans-serif;margin:2em auto;max-width:1100px;padding:0 1em;color:#222;line-height:1.4}
            h1{font-size:1.6em;margin-bottom:.2em}h2{font-size:1.25em;margin-top:2em;border-bottom:1px solid #ddd}h3{font-size:1.05em}
            table{border-collapse:collapse;font-size:.9em;margin:.5em 0}th,td{padding:.25em .6em;border-bottom:1px solid #eee;text-align:right;vertical-align:top}
            th{background:#f6f6f6}td.l,th.l{text-align:left}.ci{color:#666;font-size:.85em;white-space:nowrap}.ok{color:#1e6b1e}.no{color:#a61b1b}
            .wide{overflow-x:auto;max-width:100%}.charts{display:flex;flex-wrap:wrap;gap:1em}.chart{flex:0 1 auto;max-width:100%}.chart svg{max-width:100%;height:auto}
            .note{color:#555;font-size:.9em}.lang{float:right;font-size:.9em}code{background:#f3f3f3;padding:0 .2em;word-break:break-all}
            svg text{font-size:11px;fill:#333}
            .pager input{position:absolute;opacity:0;pointer-events:none}.pager nav{margin:.4em 0;display:flex;flex-wrap:wrap;gap:.25em}
            .pager nav label{border:1px solid #bbb;border-radius:3px;padding:.1em .5em;cursor:pointer;font-size:.85em}
            .pager tbody.pg{display:none}
            \(pagerCSS(d.points.count))
            @media print{.pager nav,.lang{display:none}.pager tbody.pg{display:table-row-group}.chart{break-inside:avoid}}
            @media (max-width:600px){body{margin:1em auto}table{font-size:.8em}}
            </style></head><body>
            <a class=lang href="\(other.0)" hreflang="\(other.2)">\(other.1)</a>
            <h1>\(h(t.s("Sweep"))): \(h(d.name))</h1>

            """
        if !d.description.isEmpty { o += "<p>\(h(d.description))</p>\n" }
        // Summary.
        o += "<table>"
        func row(_ k: String, _ v: String) { o += "<tr><th class=l>\(h(t.s(k)))</th><td class=l>\(v)</td></tr>" }
        row("Base scenario", "<code>\(h(d.base))</code>")
        row("Design", h(d.design))
        row("Points × replications", "\(d.points.count) × \(d.replications) = \(d.points.count * d.replications) \(h(t.s("tasks")))")
        row("Master seed", "\(d.seed) (\(h(t.s("common random numbers: every point uses the same streams"))))")
        row("Completed tasks", "\(d.tasksDone) \(h(t.s("of"))) \(d.tasksTotal)" + (d.tasksDone < d.tasksTotal ? " <b class=no>(\(h(t.s("incomplete"))))</b>" : ""))
        o += "</table>\n"

        // Factors.
        o += "<h2>\(h(t.s("Factors")))</h2><div class=wide><table><tr><th class=l>\(h(t.s("Factor")))</th><th class=l>\(h(t.s("Column")))</th><th class=l>\(h(t.s("Key path")))</th><th>\(h(t.s("Levels")))</th><th class=l>\(h(t.s("Values")))</th></tr>"
        for f in d.factors {
            let shown = f.levels.prefix(20).map { h($0.text) }.joined(separator: ", ") + (f.levels.count > 20 ? ", …" : "")
            o += "<tr><td class=l>\(h(factorTitle(f)))</td><td class=l><code>\(h(f.name))</code></td><td class=l><code>\(h(f.path))</code></td><td>\(f.levels.count)</td><td class=l>\(shown)</td></tr>"
        }
        o += "</table></div>\n"

        o += bestPoints(d, t)
        o += charts(d, t)
        o += pointTable(d, t)
        o += method(d, t)
        o += "<p class=note>\(h(t.s("Generated by CareFlow"))) \(h(d.softwareVersion)).</p>\n</body></html>\n"
        return o
    }

    // MARK: Best points

    static func bestPoints(_ d: SweepReportData, _ t: SweepText) -> String {
        var o = "<h2>\(h(t.s("Best points against the KPI targets")))</h2>\n"
        let targeted = d.kpis.indices.filter { d.kpis[$0].target != nil }
        guard !targeted.isEmpty else {
            return o + "<p class=note>\(h(t.s("None of the sweep's KPIs has a target (targets come from the base scenario's KPI definitions).")))</p>\n"
        }
        struct Score { var index: Int; var met: Int; var sure: Int; var shortfall: Double }
        var scores: [Score] = []
        for (i, _) in d.points.enumerated() {
            var s = Score(index: i, met: 0, sure: 0, shortfall: 0)
            for k in targeted {
                guard let c = d.cells[i][k], c.mean.isFinite, let target = d.kpis[k].target else { s.shortfall += .infinity; continue }
                let higher = d.kpis[k].higherIsBetter ?? true
                let ok = higher ? c.mean >= target : c.mean <= target
                let sure = c.ciLow.isFinite && (higher ? c.ciLow >= target : c.ciHigh <= target)
                if ok { s.met += 1 }
                if sure { s.sure += 1 }
                s.shortfall += max(0, higher ? target - c.mean : c.mean - target) / max(abs(target), 1e-9)
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
        o += "<p>" + h(t.bestIntro(allMet: allMet, points: d.points.count, top: min(10, scores.count))) + "</p>\n"
        o += "<div class=wide><table><tr><th>\(h(t.s("Rank")))</th><th>\(h(t.s("Point")))</th>"
        for f in d.factors { o += "<th>\(h(factorTitle(f)))</th>" }
        for k in targeted {
            o += "<th>\(h(kpiTitle(d.kpis[k], t)))<br><span class=ci>\(h(t.s("target"))) \(d.kpis[k].higherIsBetter == false ? "≤" : "≥") \(num(d.kpis[k].target ?? .nan))</span></th>"
        }
        o += "<th>\(h(t.s("Met")))</th></tr>\n"
        for (rank, s) in scores.prefix(10).enumerated() {
            let p = d.points[s.index]
            o += "<tr><td>\(rank + 1)</td><td>\(p.id)</td>"
            for v in p.values { o += "<td>\(h(v.text))</td>" }
            for k in targeted {
                let c = d.cells[s.index][k]
                let target = d.kpis[k].target ?? .nan
                let higher = d.kpis[k].higherIsBetter ?? true
                let ok = c.map { $0.mean.isFinite && (higher ? $0.mean >= target : $0.mean <= target) } ?? false
                o += "<td class=\(ok ? "ok" : "no")>\(estimate(c)) \(ok ? "✓" : "✗")</td>"
            }
            o += "<td>\(s.met)/\(targeted.count)</td></tr>\n"
        }
        return o + "</table></div>\n"
    }

    // MARK: Table

    /// One CSS rule per page: radio button k shows page k (no script: the CSP allows none).
    static func pagerCSS(_ points: Int) -> String {
        let pages = max(1, (points + pageRows - 1) / pageRows)
        guard pages > 1 else { return ".pager tbody.pg{display:table-row-group}" }
        return (1...pages).map { "#pg\($0):checked~.wide tbody.p\($0){display:table-row-group}#pg\($0):checked~nav label[for=pg\($0)]{background:#1f77b4;color:#fff}" }.joined()
    }

    /// Every point with every KPI, in pages of 50 rows.
    static func pointTable(_ d: SweepReportData, _ t: SweepText) -> String {
        var o = "<h2>\(h(t.s("All points")))</h2>\n"
        let pages = max(1, (d.points.count + pageRows - 1) / pageRows)
        o += "<p class=note>\(h(t.tableIntro(points: d.points.count, kpis: d.kpis.count, pages: pages, rows: pageRows)))</p>\n<div class=pager>"
        if pages > 1 {
            for p in 1...pages { o += "<input type=radio name=pg id=pg\(p)\(p == 1 ? " checked" : "") aria-label=\"\(h(t.s("Page"))) \(p)\">" }
            o += "<nav aria-label=\"\(h(t.s("Pages")))\">" + (1...pages).map { "<label for=pg\($0)>\($0)</label>" }.joined() + "</nav>"
        }
        o += "<div class=wide><table><thead><tr><th>\(h(t.s("Point")))</th>"
        for f in d.factors { o += "<th>\(h(factorTitle(f)))</th>" }
        for k in d.kpis { o += "<th>\(h(kpiTitle(k, t)))</th>" }
        o += "</tr></thead>\n"
        for (i, p) in d.points.enumerated() {
            if i % pageRows == 0 { o += (i > 0 ? "</tbody>" : "") + "<tbody class=\"pg p\(i / pageRows + 1)\">\n" }
            o += "<tr><td>\(p.id)</td>"
            for v in p.values { o += "<td>\(h(v.text))</td>" }
            for k in d.kpis.indices { o += "<td>\(estimate(d.cells[i][k]))</td>" }
            o += "</tr>\n"
        }
        if !d.points.isEmpty { o += "</tbody>" }
        return o + "</table></div></div>\n"
    }

    // MARK: Method

    static func method(_ d: SweepReportData, _ t: SweepText) -> String {
        let facts = Dictionary(d.provenance, uniquingKeysWith: { a, _ in a })
        var o = "<h2>\(h(t.s("Method")))</h2>\n<p class=note>\(h(t.s("Reported following STRESS-DES (Monks et al., 2019).")))</p>\n"
        o += "<h3>\(h(t.s("Design")))</h3><p>" + h(t.designText(design: d.design, factors: d.factors.count, points: d.points.count, replications: d.replications, seed: d.seed)) + "</p>\n"
        if !d.overrides.isEmpty {
            o += "<p>\(h(t.s("Fixed overrides applied to every point:")))</p><table>"
            for (k, v) in d.overrides { o += "<tr><td class=l><code>\(h(k))</code></td><td class=l>\(h(v))</td></tr>" }
            o += "</table>\n"
        }
        o += "<h3>\(h(t.s("Output analysis")))</h3><p>\(h(t.s("Per point and KPI: the mean over replications with a 95% Student t confidence interval. Replications of different points share their random streams (common random numbers), so differences between points are estimated more precisely than the separate intervals suggest.")))</p>\n"
        o += "<h3>\(h(t.s("Inputs and software")))</h3><div class=wide><table>"
        for (path, role, sha) in d.inputs {
            o += "<tr><td class=l>\(h(t.s(role)))</td><td class=l><code>\(h(path))</code></td><td class=l><code>\(h(String(sha.prefix(16))))…</code></td></tr>"
        }
        o += "</table></div><table>"
        let rows: [(String, String?)] = [("CareFlow", facts["careflow_version"] ?? d.softwareVersion), ("Git commit", facts["git_commit"]),
                                         ("GNU Scientific Library", facts["gsl_version"]), ("Swift", facts["swift_version"]), ("SQLite", facts["sqlite_version"]),
                                         ("Machine", facts["os"].map { $0 + (facts["cores"].map { ", \($0) " + t.s("cores") } ?? "") }),
                                         ("Started", facts["created"]), ("Hash of the inputs (SHA-256)", d.hash)]
        for (k, v) in rows { if let v { o += "<tr><th class=l>\(h(t.s(k)))</th><td class=l><code>\(h(v))</code></td></tr>" } }
        o += "</table>\n<p class=note>\(h(t.s("The database holds every input file whole; this reruns any point bit for bit:"))) <code>careflow sweep --reproduce sweep.sqlite --out DIR --point N</code></p>\n"
        return o
    }
}
