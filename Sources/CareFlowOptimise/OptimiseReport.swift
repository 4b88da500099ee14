import CareFlowAnalysis
import CareFlowReport
import Foundation

/// report.html of `careflow optimise`: the answer, the close configurations
/// and why they lost, a cost-vs-KPI frontier per constraint, and the method;
/// in English or Swedish, in the report's stylesheet. Everything from files
/// is escaped.
public enum OptimiseReport {
    static let sv: [String: String] = [
        "Optimisation": "Optimering",
        "The answer": "Svaret",
        "Cheapest configuration that meets every constraint": "Billigaste konfigurationen som uppfyller alla villkor",
        "No configuration was shown to meet every constraint.": "Ingen konfiguration visades uppfylla alla villkor.",
        "Objective": "Mål",
        "Constraint": "Villkor",
        "Limit": "Gräns",
        "Estimate (95% CI)": "Skattning (95 % KI)",
        "Decision": "Beslut",
        "Confidence": "Konfidens",
        "meets": "uppfylls",
        "misses": "uppfylls inte",
        "undecided": "oavgjort",
        "feasible": "uppfyller villkoren",
        "infeasible": "uppfyller inte villkoren",
        "not evaluated": "inte utvärderad",
        "chosen": "vald",
        "misses {0}": "uppfyller inte {0}",
        "feasible but costs more": "uppfyller villkoren men kostar mer",
        "feasible, not selected": "uppfyller villkoren, inte vald",
        "not decided": "inte avgjord",
        "undecided after the maximum replications (within the tolerance of a limit)": "oavgjord efter högsta antalet replikeringar (inom toleransen för en gräns)",
        "Configurations close in cost": "Konfigurationer nära i kostnad",
        "Every configuration evaluated within {0} of the answer's objective, and why it is not the answer.": "Alla utvärderade konfigurationer inom {0} från svarets mål, och varför de inte är svaret.",
        "Configuration": "Konfiguration",
        "Replications": "Replikeringar",
        "Why": "Varför",
        "Frontier: {0} against {1}": "Front: {0} mot {1}",
        "Each dot a configuration evaluated (mean over its replications); filled: meets every constraint; ring: the answer; dashed: the limit; line: the cheapest configuration for each level of the measure.": "Varje punkt en utvärderad konfiguration (medelvärde över dess replikeringar); fylld: uppfyller alla villkor; ring: svaret; streckad: gränsen; linjen: billigaste konfigurationen för varje nivå av måttet.",
        "Method": "Metod",
        "Run": "Körning",
        "{0} of {1} configurations evaluated, {2} replications ({3} in this run), {4} rounds, {5} s.": "{0} av {1} konfigurationer utvärderade, {2} replikeringar ({3} i denna körning), {4} omgångar, {5} s.",
        "Compare the answer with the base scenario:": "Jämför svaret med grundscenariot:",
        "method text": "Konfigurationerna prövas i kostnadsordning. För varje villkor avgör ett fullt sekventiellt test (Andradóttir & Kim 2010) om medelvärdet ligger under eller över gränsen: efter de första replikeringarna läggs replikeringar till tills summan av avvikelserna från gränsen lämnar ett triangulärt område som beror på variansen och toleransen. Med minst den angivna konfidensen är beslutet rätt när det sanna medelvärdet ligger utanför toleransen kring gränsen. Svaret är den billigaste konfigurationen där alla villkor har visats uppfyllda och alla billigare har visats bryta mot något villkor. Alla konfigurationer använder samma slumptal (common random numbers).",
        "Variables": "Beslutsvariabler",
        "Tolerance": "Tolerans",
        "step": "steg",
        "At the lower bound of its range: {0}. A cheaper configuration may lie below it; widen the range to be sure.": "På den nedre gränsen för sitt intervall: {0}. En billigare konfiguration kan finnas nedanför; vidga intervallet för att vara säker.",
    ]

    static func t(_ en: String, _ lang: String, _ args: String...) -> String {
        var s = lang == "sv" ? (sv[en] ?? en) : en
        for (i, a) in args.enumerated() { s = s.replacingOccurrences(of: "{\(i)}", with: a) }
        return s
    }

    static func e(_ s: String) -> String { PageKit.escape(s) }

    static func language(_ lang: String) -> ReportLanguage { ReportLanguage(rawValue: lang) ?? .en }

    /// Numbers as the main report writes them (decimal comma in Swedish).
    static func num(_ x: Double, _ lang: String) -> String { PageKit.number(x, lang: language(lang)) }

    static func pct(_ share: Double, _ lang: String) -> String { PageKit.percent(share, decimals: 0, lang: language(lang)) }

    static func est(_ x: Estimate, _ lang: String) -> String {
        guard x.mean.isFinite else { return "—" }
        return x.ciLow.isFinite ? "\(num(x.mean, lang)) (\(num(x.ciLow, lang))–\(num(x.ciHigh, lang)))" : num(x.mean, lang)
    }

    static func label(_ r: OptimiseResult, _ c: Int) -> String {
        zip(r.spec.variables, r.spec.configurations[c].values).map { "\($0.name) \($1)" }.joined(separator: ", ")
    }

    public static func render(_ r: OptimiseResult, lang: String, compareCommand: String?) -> String {
        let spec = r.spec
        var h = "<!DOCTYPE html><html lang=\"\(lang == "sv" ? "sv" : "en")\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
        h += "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; img-src data:\">"
        h += "<title>\(e(t("Optimisation", lang))): \(e(spec.name))</title><style>\(PageKit.css)\nsvg.frontier{max-width:100%;height:auto}svg.frontier text{font-size:12px}h2{overflow-wrap:anywhere}th code{word-break:break-all}</style></head><body>"
        h += "<h1>\(e(t("Optimisation", lang))): \(e(spec.name))</h1>"
        if !spec.description.isEmpty { h += "<p class=\"sub\">\(e(spec.description))</p>" }
        h += "<section id=\"answer\"><h2>\(e(t("The answer", lang)))</h2>"
        if let c = r.chosen {
            h += "<p class=\"verdict\"><strong>\(e(label(r, c)))</strong> — \(e(t("Cheapest configuration that meets every constraint", lang))). "
            h += "\(e(t("Objective", lang))) <code>\(e(spec.objective.kpi))</code>: <strong>\(e(num(r.objective(c), lang)))</strong></p>"
            let low = Answer.onLowerBound(r)
            if !low.isEmpty { h += "<p class=\"warning\">\(e(t("At the lower bound of its range: {0}. A cheaper configuration may lie below it; widen the range to be sure.", lang, low.joined(separator: ", "))))</p>" }
            h += constraintTable(r, c, lang)
            if let cmd = compareCommand { h += "<p>\(e(t("Compare the answer with the base scenario:", lang)))</p><pre><code class=\"cmd\">\(e(cmd))</code></pre>" }
        } else {
            h += "<p class=\"warning\">\(e(t("No configuration was shown to meet every constraint.", lang)))</p>"
        }
        h += "</section>"
        // Close configurations.
        h += "<section id=\"close\"><h2>\(e(t("Configurations close in cost", lang)))</h2><p class=\"note\">\(e(t("Every configuration evaluated within {0} of the answer's objective, and why it is not the answer.", lang, pct(spec.close, lang))))</p>"
        h += "<div class=\"tablewrap\"><table><thead><tr><th scope=\"col\">\(e(t("Configuration", lang)))</th><th scope=\"col\" class=\"num\">\(e(spec.objective.kpi))</th>"
        for con in spec.constraints { h += "<th scope=\"col\" class=\"num\">\(e(con.kpi)) \(con.atMost ? "≤" : "≥") \(e(num(con.limit, lang)))</th>" }
        h += "<th scope=\"col\" class=\"num\">\(e(t("Replications", lang)))</th><th scope=\"col\">\(e(t("Why", lang)))</th></tr></thead><tbody>"
        for c in Answer.close(r) {
            let why = Answer.reason(r, c)
            h += "<tr><th scope=\"row\">\(e(label(r, c)))</th><td class=\"num\">\(e(num(r.objective(c), lang)))</td>"
            for (i, con) in spec.constraints.enumerated() {
                let d = r.states[c].decisions[i]
                let cls = d == .feasible ? "ok" : d == .infeasible ? "bad" : "warn"
                h += "<td class=\"num\">\(e(est(r.estimate(c, con.kpi), lang)))<br><span class=\"v \(cls)\">\(e(t(d == .feasible ? "meets" : d == .infeasible ? "misses" : "undecided", lang)))</span></td>"
            }
            h += "<td class=\"num\">\(r.states[c].n)</td><td>\(e(t(why.key, lang, why.args.first ?? "")))</td></tr>"
        }
        h += "</tbody></table></div></section>"
        // Frontier per constraint.
        for (i, con) in spec.constraints.enumerated() {
            h += "<section id=\"frontier-\(i)\"><h2>\(e(t("Frontier: {0} against {1}", lang, con.kpi, spec.objective.kpi)))</h2>"
            h += frontier(r, i, lang)
            h += "<p class=\"note\">\(e(t("Each dot a configuration evaluated (mean over its replications); filled: meets every constraint; ring: the answer; dashed: the limit; line: the cheapest configuration for each level of the measure.", lang)))</p></section>"
        }
        // Method.
        h += "<section id=\"method\"><h2>\(e(t("Method", lang)))</h2>"
        h += "<p>\(e(lang == "sv" ? t("method text", lang) : "Configurations are tried in order of cost. For each constraint a fully sequential test (Andradóttir & Kim 2010) decides whether the mean lies below or above the limit: after the first replications, replications are added until the running sum of deviations from the limit leaves a triangular region set by the variance and the tolerance. With at least the stated confidence the decision is right whenever the true mean lies outside the tolerance around the limit. The answer is the cheapest configuration shown to meet every constraint, with every cheaper one shown to break some constraint. All configurations use the same random numbers (common random numbers)."))</p>"
        h += "<div class=\"tablewrap\"><table><thead><tr><th scope=\"col\">\(e(t("Constraint", lang)))</th><th scope=\"col\">\(e(t("Limit", lang)))</th><th scope=\"col\">\(e(t("Confidence", lang)))</th><th scope=\"col\">\(e(t("Tolerance", lang)))</th></tr></thead><tbody>"
        for con in spec.constraints {
            h += "<tr><th scope=\"row\"><code>\(e(con.kpi))</code></th><td class=\"num\">\(con.atMost ? "≤" : "≥") \(e(num(con.limit, lang)))</td><td class=\"num\">\(e(pct(con.confidence, lang)))</td><td class=\"num\">± \(e(num(con.tolerance, lang)))</td></tr>"
        }
        h += "</tbody></table></div><h3>\(e(t("Variables", lang)))</h3><ul>"
        for v in spec.variables { h += "<li><code>\(e(v.name))</code>: <code>\(e(v.path))</code> \(v.from)–\(v.to), \(e(t("step", lang))) \(v.step)</li>" }
        h += "</ul><h3>\(e(t("Run", lang)))</h3><p>\(e(t("{0} of {1} configurations evaluated, {2} replications ({3} in this run), {4} rounds, {5} s.", lang, String(r.evaluations), String(spec.configurations.count), String(r.replications), String(r.tasksRun), String(r.rounds), PageKit.fixed(r.wallSeconds, decimals: 1, lang: language(lang)))))</p>"
        h += "<p class=\"note\">Andradóttir S, Kim S-H. Fully sequential procedures for comparing constrained systems via simulation. Naval Research Logistics 2010;57(5):403–421. Kim S-H, Nelson BL. A fully sequential procedure for indifference-zone selection in simulation. ACM TOMACS 2001;11(3):251–273.</p>"
        h += "</section></body></html>"
        return h
    }

    static func constraintTable(_ r: OptimiseResult, _ c: Int, _ lang: String) -> String {
        let spec = r.spec
        var h = "<div class=\"tablewrap\"><table><thead><tr><th scope=\"col\">\(e(t("Constraint", lang)))</th><th scope=\"col\">\(e(t("Limit", lang)))</th><th scope=\"col\" class=\"num\">\(e(t("Estimate (95% CI)", lang)))</th><th scope=\"col\">\(e(t("Decision", lang)))</th><th scope=\"col\" class=\"num\">\(e(t("Replications", lang)))</th></tr></thead><tbody>"
        for (i, con) in spec.constraints.enumerated() {
            let d = r.states[c].decisions[i]
            h += "<tr><th scope=\"row\"><code>\(e(con.kpi))</code></th><td>\(con.atMost ? "≤" : "≥") \(e(num(con.limit, lang))) (\(e(pct(con.confidence, lang))))</td>"
            h += "<td class=\"num\">\(e(est(r.estimate(c, con.kpi), lang)))</td><td><span class=\"v \(d == .feasible ? "ok" : "bad")\">\(e(t(d.rawValue, lang)))</span></td><td class=\"num\">\(r.states[c].used[i])</td></tr>"
        }
        return h + "</tbody></table></div>"
    }

    /// An axis range on round numbers (1, 2 or 5 × 10^k), about five steps.
    static func nice(_ lo: Double, _ hi: Double) -> (Double, Double, Double) {
        let span = max(hi - lo, abs(hi) * 1e-6, 1e-9)
        let raw = span / 5, mag = pow(10, (log10(raw)).rounded(.down))
        let step = [1.0, 2, 5, 10].map { $0 * mag }.first { $0 >= raw } ?? 10 * mag
        return ((lo / step).rounded(.down) * step, (hi / step).rounded(.up) * step, step)
    }

    /// SVG scatter of objective (x) against constraint `i`'s KPI (y).
    static func frontier(_ r: OptimiseResult, _ i: Int, _ lang: String) -> String {
        let con = r.spec.constraints[i]
        let pts = r.states.filter { $0.n > 0 }.map { s in (s.id, r.objective(s.id), r.estimate(s.id, con.kpi).mean, s.status == .feasible) }.filter { $0.1.isFinite && $0.2.isFinite }
        guard !pts.isEmpty else { return "" }
        let w = 720.0, hgt = 360.0, l = 96.0, rt = 56.0, top = 20.0, bot = 50.0
        var xs = pts.map(\.1), ys = pts.map(\.2) + [con.limit]
        if xs.min() == xs.max() { xs.append(xs[0] * 1.01 + 1) }
        if ys.min() == ys.max() { ys.append(ys[0] * 1.01 + 1) }
        guard let xmin = xs.min(), let xmax = xs.max(), let ymin = ys.min(), let ymax = ys.max() else { return "" }
        let (x0, x1, xstep) = nice(xmin, xmax)
        let (y0, y1, ystep) = nice(min(0, ymin), ymax)
        func px(_ x: Double) -> Double { l + (x - x0) / (x1 - x0) * (w - l - rt) }
        func py(_ y: Double) -> Double { top + (1 - (y - y0) / (y1 - y0)) * (hgt - top - bot) }
        var s = "<svg class=\"frontier\" viewBox=\"0 0 \(Int(w)) \(Int(hgt))\" role=\"img\" aria-label=\"\(e(con.kpi))\">"
        s += "<line x1=\"\(l)\" y1=\"\(hgt - bot)\" x2=\"\(w - rt)\" y2=\"\(hgt - bot)\" stroke=\"#333\"/><line x1=\"\(l)\" y1=\"\(top)\" x2=\"\(l)\" y2=\"\(hgt - bot)\" stroke=\"#333\"/>"
        for xv in stride(from: x0, through: x1 + xstep / 2, by: xstep) {
            s += "<text x=\"\(px(xv))\" y=\"\(hgt - bot + 18)\" text-anchor=\"middle\">\(e(num(xv, lang)))</text>"
        }
        for yv in stride(from: y0, through: y1 + ystep / 2, by: ystep) {
            s += "<line x1=\"\(l)\" y1=\"\(py(yv))\" x2=\"\(w - rt)\" y2=\"\(py(yv))\" stroke=\"#eee\"/>"
            s += "<text x=\"\(l - 6)\" y=\"\(py(yv) + 4)\" text-anchor=\"end\">\(e(num(yv, lang)))</text>"
        }
        s += "<text x=\"14\" y=\"\((top + hgt - bot) / 2)\" text-anchor=\"middle\" transform=\"rotate(-90 14 \((top + hgt - bot) / 2))\">\(e(con.kpi))</text>"
        s += "<text x=\"\((l + w - rt) / 2)\" y=\"\(hgt - 8)\" text-anchor=\"middle\">\(e(r.spec.objective.kpi))</text>"
        s += "<line x1=\"\(l)\" y1=\"\(py(con.limit))\" x2=\"\(w - rt)\" y2=\"\(py(con.limit))\" stroke=\"#a4161a\" stroke-dasharray=\"6 4\"/>"
        // Lower-left frontier: cheapest configuration for each level reached.
        var best = Double.infinity
        var line: [(Double, Double)] = []
        for p in pts.sorted(by: { ($0.1, $0.2) < ($1.1, $1.2) }) where con.atMost ? p.2 < best : true {
            best = p.2
            line.append((px(p.1), py(p.2)))
        }
        if con.atMost, line.count > 1 { s += "<polyline fill=\"none\" stroke=\"#0072B2\" stroke-width=\"1.5\" points=\"\(line.map { "\($0.0),\($0.1)" }.joined(separator: " "))\"/>" }
        for p in pts {
            s += "<circle cx=\"\(px(p.1))\" cy=\"\(py(p.2))\" r=\"4.5\" fill=\"\(p.3 ? "#0072B2" : "#fff")\" stroke=\"#0072B2\" stroke-width=\"1.5\"><title>\(e(label(r, p.0)))</title></circle>"
            if p.0 == r.chosen { s += "<circle cx=\"\(px(p.1))\" cy=\"\(py(p.2))\" r=\"9\" fill=\"none\" stroke=\"#D55E00\" stroke-width=\"2.5\"/>" }
        }
        return s + "</svg>"
    }
}
