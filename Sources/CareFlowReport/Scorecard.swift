/// The scorecard: the report's first screen. Scenarios as columns, 4-8
/// headline measures as rows; each cell the value in natural units, a symbol
/// and colour for better / worse / no clear change against the reference,
/// and the verdict against the measure's target. The 95% CI is in the cell's
/// hover text (and in the detailed tables).
enum Scorecard {
    /// The arrow shows the direction of the change, the colour whether it is better or worse.
    static func symbol(_ e: Effect, up: Bool) -> (sym: String, cls: String, text: String) {
        switch e {
        case .better: return (up ? "▲" : "▼", "better", tr("better"))
        case .worse: return (up ? "▲" : "▼", "worse", tr("worse"))
        case .small: return ("≈", "same", tr("small change"))
        case .none: return ("○", "same", tr("no clear change"))
        }
    }

    static func verdictBadge(_ v: Verdict) -> String {
        switch v {
        case .meets: return "<span class=\"v ok\">✔ \(esc(tr("meets target")))</span>"
        case .misses: return "<span class=\"v bad\">✘ \(esc(tr("misses target")))</span>"
        case .borderline: return "<span class=\"v warn\">≈ \(esc(tr("borderline")))</span>"
        }
    }

    static func render(_ d: ReportData) -> String {
        let ms = Measures.headline(d)
        guard let ref = d.baseline, !ms.isEmpty else { return "" }
        var s = "<section id=\"scorecard\"><h2>\(esc(tr("Scorecard")))</h2>"
        s += "<div class=\"tablewrap\"><table class=\"scorecard\"><caption>\(esc(tr("Headline measures per scenario, against the reference {0} and the targets", ref.name)))</caption>"
        s += "<thead><tr><th scope=\"col\">\(esc(tr("Measure")))</th><th scope=\"col\">\(esc(tr("Target")))</th>"
        for (i, sc) in d.scenarios.enumerated() {
            s += "<th scope=\"col\" class=\"num\" title=\"\(esc(sc.displayTitle))\">\(esc(sc.name))"
            s += i == 0 ? "<br><span class=\"role\">\(esc(tr("reference")))</span>" : ""
            s += "</th>"
        }
        s += "</tr></thead><tbody>"
        for m in ms {
            let sc = Measures.scale(m, d)
            s += "<tr><th scope=\"row\">\(esc(m.label))<br><span class=\"role\">\(esc(m.higherIsBetter ? tr("higher is better") : tr("lower is better")))</span></th>"
            let target = Measures.targetText(m, sc)
            s += "<td class=\"target\(target.isEmpty ? " none" : "")\" data-label=\"\(esc(tr("Target")))\">\(esc(target))\(m.targetNote != nil ? "<sup>*</sup>" : "")</td>"
            for (i, scn) in d.scenarios.enumerated() {
                let label = "data-label=\"\(esc(scn.name))\(i == 0 ? " (" + esc(tr("reference")) + ")" : "")\""
                guard let e = scn.est(m.key), e.mean.isFinite else { s += "<td class=\"num na\" \(label)>—</td>"; continue }
                var hover = tr("mean {0}", Measures.value(e.mean, m, sc))
                if e.lo.isFinite && e.hi.isFinite { hover += "; " + tr("95% CI {0} to {1}", Measures.value(e.lo, m, sc), Measures.value(e.hi, m, sc)) }
                var cls = "num"
                var mark = ""
                if i > 0 {
                    let diff = d.diff(scn.name, m.key)
                    let eff = Measures.effect(m, diff: diff)
                    let sy = symbol(eff, up: (diff?.mean ?? 0) > 0)
                    cls += " " + sy.cls
                    mark = "<span class=\"sym\" aria-label=\"\(esc(sy.text))\">\(sy.sym)</span> "
                    if let diff, diff.mean.isFinite {
                        hover += "; " + tr("difference {0}", Measures.value(diff.mean, m, sc, signed: true))
                        if diff.lo.isFinite { hover += " (" + tr("95% CI {0} to {1}", Measures.value(diff.lo, m, sc, signed: true), Measures.value(diff.hi, m, sc, signed: true)) + ")" }
                        hover += ": " + sy.text
                    }
                }
                s += "<td class=\"\(cls)\" title=\"\(esc(hover))\" \(label)><span class=\"cell\">\(mark)<strong>\(esc(Measures.value(e.mean, m, sc)))</strong>"
                if let t = m.target { s += "<br>" + verdictBadge(Measures.verdict(e, target: t.value, bound: t.bound)) }
                s += "</span></td>"
            }
            s += "</tr>"
        }
        s += "</tbody></table></div>"
        s += "<p class=\"note key\">\(esc(tr("▲ rises, ▼ falls against the reference, green where that is better and red where it is worse: a change that is statistically clear and at least the measure's minimal important difference; ≈ a clear but small change; ○ no clear change. Verdicts: ✔ the whole 95% interval meets the target, ✘ the whole interval misses it, ≈ the interval reaches both sides. Hover over a cell for its interval.")))"
        if let note = ms.compactMap(\.targetNote).first { s += " <sup>*</sup>" + esc(tr("Default occupancy yardstick 85%: {0}", note)) }
        s += "</p></section>"
        return s
    }
}
