/// Section 1: plain-language summary for decision makers, generated from
/// the numbers, and the headline KPI table.
enum Summary {
    /// The KPIs the summary talks about: the headline ones, else all.
    static func headlineKPIs(_ d: ReportData) -> [KPIMeta] {
        let all = ordered(d.scenarios.flatMap { $0.kpiMeta.map(\.name) }).compactMap { d.kpiMeta($0) }
        let h = all.filter(\.headline)
        return h.isEmpty ? all : h
    }

    /// "ED length of stay" → "ED length of stay"; "Boarding time" → "boarding time".
    static func lowerFirst(_ s: String) -> String {
        let cs = Array(s)
        guard cs.count > 1, cs[0].isUppercase, cs[1].isLowercase else { return s }
        return cs[0].lowercased() + String(cs.dropFirst())
    }

    /// A sentence about one measure in minutes.
    static func durationSentence(what: String, base: Est?, other: Est?, diff: Est?) -> String? {
        guard let b = base, let o = other, b.mean.isFinite, o.mean.isFinite else { return nil }
        let (div, unit) = Fmt.durationUnit(for: max(abs(b.mean), abs(o.mean)))
        func v(_ x: Double) -> String { Fmt.num(x / div) }
        guard let d = diff, d.clear else {
            var s = "there is no clear difference in \(what) (\(v(b.mean)) vs \(v(o.mean)) \(unit)"
            if let d = diff, d.lo.isFinite, d.hi.isFinite { s += "; 95% CI of the difference \(Fmt.signed(d.lo / div, Fmt.decimals(d.lo / div))) to \(Fmt.signed(d.hi / div, Fmt.decimals(d.hi / div))) \(unit)" }
            return s + ")"
        }
        let down = d.mean < 0
        let a = min(abs(d.lo), abs(d.hi)) / div, z = max(abs(d.lo), abs(d.hi)) / div
        return "\(what) \(down ? "falls" : "rises") from \(v(b.mean)) to \(v(o.mean)) \(unit) (95% CI \(Fmt.num(a)) to \(Fmt.num(z)) \(unit) \(down ? "shorter" : "longer"))"
    }

    static func shareSentence(what: String, base: Est?, other: Est?, diff: Est?) -> String? {
        guard let b = base, let o = other, b.mean.isFinite, o.mean.isFinite else { return nil }
        guard let d = diff, d.clear else {
            return "there is no clear difference in \(what) (\(Fmt.percent(b.mean)) vs \(Fmt.percent(o.mean)))"
        }
        let up = d.mean > 0
        let a = min(abs(d.lo), abs(d.hi)) * 100, z = max(abs(d.lo), abs(d.hi)) * 100
        return "\(what) \(up ? "rises" : "falls") from \(Fmt.percent(b.mean)) to \(Fmt.percent(o.mean)) (95% CI \(Fmt.fixed(a, 1)) to \(Fmt.fixed(z, 1)) percentage points \(up ? "higher" : "lower"))"
    }

    static func countSentence(what: String, base: Est?, other: Est?, diff: Est?, per: String) -> String? {
        guard let b = base, let o = other, b.mean.isFinite, o.mean.isFinite else { return nil }
        guard let d = diff, d.clear else {
            return "there is no clear difference in \(what) (\(Fmt.num(b.mean)) vs \(Fmt.num(o.mean))\(per))"
        }
        let up = d.mean > 0
        let a = min(abs(d.lo), abs(d.hi)), z = max(abs(d.lo), abs(d.hi))
        return "\(what) \(up ? "rise" : "fall") from \(Fmt.num(b.mean)) to \(Fmt.num(o.mean))\(per) (95% CI \(Fmt.num(a)) to \(Fmt.num(z)) \(up ? "more" : "fewer"))"
    }

    static func capitalised(_ s: String) -> String { s.prefix(1).uppercased() + s.dropFirst() }

    /// Target status in words for one scenario.
    static func targetWords(_ e: Est?, required: Double) -> String? {
        guard let e, e.mean.isFinite else { return nil }
        let v = Table.verdict(e, required: required)
        switch v.cls {
        case "ok": return "meets"
        case "bad": return "misses"
        default: return "is borderline for"
        }
    }

    /// One paragraph per what-if.
    static func paragraph(_ d: ReportData, _ w: Scenario) -> String {
        guard let b = d.baseline else { return "" }
        var sentences: [String] = []
        for k in headlineKPIs(d) {
            let what = "the average \(lowerFirst(k.label))"
            if let s = durationSentence(what: what, base: b.est("\(k.name).mean"), other: w.est("\(k.name).mean"), diff: d.diff(w.name, "\(k.name).mean")) {
                sentences.append(capitalised(s) + ".")
            }
            // Groups: name the clear changes, summarise the rest.
            var unclear: [String] = []
            for g in k.groups {
                let key = "\(k.name)[\(g)].mean"
                let diff = d.diff(w.name, key)
                if let diff, diff.clear, let s = durationSentence(what: "for \(k.by ?? "group") \(g) patients it", base: b.est(key), other: w.est(key), diff: diff) {
                    sentences.append(capitalised(s) + ".")
                } else if b.est(key) != nil {
                    unclear.append(g)
                }
            }
            if !unclear.isEmpty && unclear.count < k.groups.count {
                sentences.append("For \(k.by ?? "group") \(unclear.joined(separator: ", ")) there is no clear difference.")
            }
            // Targets.
            if k.target != nil, let share = k.targetShare {
                let key = "\(k.name).within_target"
                let tt = Table.targetText(k.target, share: share)
                if let s = shareSentence(what: "the share of patients within \(Fmt.duration(k.target!))", base: b.est(key), other: w.est(key), diff: d.diff(w.name, key)) {
                    var t = capitalised(s)
                    if let bw = targetWords(b.est(key), required: share), let ww = targetWords(w.est(key), required: share) {
                        t += "; against the target (\(tt)) the baseline \(bw) it and the what-if \(ww) it"
                    }
                    sentences.append(t + ".")
                }
            }
            for (gi, g) in k.groups.enumerated() where gi < k.groupTargets.count && k.groupTargets[gi] != nil && k.targetShare != nil {
                let key = "\(k.name)[\(g)].within_target"
                if let bw = targetWords(b.est(key), required: k.targetShare!), let ww = targetWords(w.est(key), required: k.targetShare!), bw != ww {
                    sentences.append("For \(k.by ?? "group") \(g), the baseline \(bw) its target (\(Table.targetText(k.groupTargets[gi], share: k.targetShare))) and the what-if \(ww) it.")
                }
            }
        }
        // Patients who left without being seen.
        for p in d.pathwayNames(area: "ed") {
            let key = "pathway.\(p).reneged"
            if let diff = d.diff(w.name, key), diff.clear,
               let s = countSentence(what: "patients leaving without being seen (\(d.pathwayLabel(p)))", base: b.est(key), other: w.est(key), diff: diff, per: " per run") {
                sentences.append(capitalised(s) + ".")
            }
        }
        // Clear utilisation changes of at least 2 percentage points.
        var util: [String] = []
        for u in d.allUnitNames {
            let key = "unit.\(u).utilisation"
            if let diff = d.diff(w.name, key), diff.clear, abs(diff.mean) >= 0.02, let be = b.est(key), let we = w.est(key) {
                util.append("\(d.unitLabel(u)) \(Fmt.percent(be.mean, 0)) → \(Fmt.percent(we.mean, 0))")
            }
        }
        if !util.isEmpty { sentences.append("Utilisation changes clearly for: \(util.joined(separator: "; ")).") }
        if sentences.isEmpty { sentences.append("The scenarios report no comparable measures.") }
        var s = "<p class=\"verdict\"><strong>With \(esc(w.displayTitle))</strong> "
        s += "<span class=\"role\">(what-if <code>\(esc(w.name))</code> vs baseline <code>\(esc(b.name))</code>)</span>: "
        s += sentences.map { esc($0) }.joined(separator: " ")
        s += "</p>"
        if !w.settingChanges.isEmpty {
            s += "<p class=\"changes\">Changed from the baseline: " + w.settingChanges.map { "<code>\(esc($0))</code>" }.joined(separator: ", ") + ".</p>"
        }
        return s
    }

    static func render(_ d: ReportData) -> String {
        var s = "<section id=\"summary\"><h2>1. Summary for decision makers</h2>"
        guard let b = d.baseline else { return s + "<p>No scenarios.</p></section>" }
        s += "<p>Baseline: <strong>\(esc(b.displayTitle))</strong> (<code>\(esc(b.name))</code>). "
        s += "Every scenario was run for \(esc(Fmt.num(d.replications))) replications with the same random numbers, so the differences below are paired. "
        s += "A change is only claimed when the 95% confidence interval of the paired difference excludes zero.</p>"
        for w in d.whatIfs { s += paragraph(d, w) }
        let kpis = headlineKPIs(d)
        let hasHeadline = d.scenarios.contains { $0.kpiMeta.contains(where: \.headline) }
        let rows = kpis.flatMap { k in
            hasHeadline ? Table.kpiRows(k) : Table.kpiRows(k, stats: [("mean", "mean")], groupStats: [("mean", "mean")])
        }
        if !rows.isEmpty {
            s += "<h3>\(hasHeadline ? "Headline measures" : "Measures (means)")</h3>"
            s += Table.compare(d, rows: rows, caption: "Headline KPIs: baseline, what-ifs and paired differences (95% CI)" + (rows.contains { $0.target != nil } ? "; status against targets" : ""), withTarget: rows.contains { $0.target != nil })
            if rows.contains(where: { $0.target != nil }) { s += "<p class=\"note\">Status against a target: ✔ meets (the whole 95% CI of the share within target is at or above the required share), ✘ misses (the whole CI is below), ≈ borderline (the CI contains the required share).</p>" }
        }
        return s + "</section>"
    }
}
