/// Comparison tables: one column per scenario (mean and 95% CI) and one per
/// what-if for the paired difference from the baseline.
enum Table {
    enum Kind { case minutes, share, count, number }

    struct Row {
        /// Plain text (escaped when written).
        var label: String
        /// KPI name in the summaries.
        var key: String
        var kind: Kind
        /// Target label (plain text) and the required share, for verdicts.
        var target: String? = nil
        var requiredShare: Double? = nil
        var indent = false
    }

    static func value(_ x: Double, _ kind: Kind) -> String {
        switch kind {
        case .minutes: return Fmt.num(x)
        case .share: return Fmt.percent(x)
        case .count: return abs(x) >= 100 ? Fmt.count(x) : Fmt.num(x)
        case .number: return Fmt.num(x)
        }
    }

    static func diffValue(_ x: Double, _ kind: Kind) -> String {
        switch kind {
        case .share: return Fmt.signed(x * 100, 1) + " pp"
        default: return Fmt.signed(x, x == x.rounded() ? 0 : Fmt.decimals(x))
        }
    }

    /// The verdict of a share within target against the required share.
    static func verdict(_ e: Est, required: Double) -> (text: String, cls: String) {
        if e.lo.isFinite && e.lo >= required || !e.lo.isFinite && e.mean >= required { return ("✔ meets", "ok") }
        if e.hi.isFinite && e.hi < required || !e.hi.isFinite && e.mean < required { return ("✘ misses", "bad") }
        return e.mean >= required ? ("≈ meets, but the CI reaches below", "warn") : ("≈ misses, but the CI reaches above", "warn")
    }

    static func estimateCell(_ e: Est?, _ kind: Kind) -> String {
        guard let e, e.mean.isFinite else { return "<td class=\"num na\">—</td>" }
        var s = "<td class=\"num\">\(esc(value(e.mean, kind)))"
        if e.lo.isFinite && e.hi.isFinite && e.hi > e.lo {
            s += "<br><span class=\"ci\">\(esc(value(e.lo, kind))) to \(esc(value(e.hi, kind)))</span>"
        }
        return s
    }

    static func diffCell(_ d: Est?, _ kind: Kind) -> String {
        guard let d, d.mean.isFinite else { return "<td class=\"num na\">—</td>" }
        var s = "<td class=\"num diff\">\(esc(diffValue(d.mean, kind)))"
        if d.lo.isFinite && d.hi.isFinite {
            s += "<br><span class=\"ci\">\(esc(diffValue(d.lo, kind))) to \(esc(diffValue(d.hi, kind)))</span>"
        }
        if d.clear {
            s += "<br><span class=\"sig\">\(d.mean < 0 ? "▼ lower" : "▲ higher")</span>"
        } else if d.lo.isFinite {
            s += "<br><span class=\"ns\">○ no clear difference</span>"
        }
        return s + "</td>"
    }

    /// A table of rows across all scenarios, with differences from the baseline.
    static func compare(_ d: ReportData, rows: [Row], caption: String, withTarget: Bool = false) -> String {
        guard !rows.isEmpty else { return "" }
        var s = "<div class=\"tablewrap\"><table><caption>\(esc(caption))</caption><thead><tr><th scope=\"col\">Measure</th>"
        if withTarget { s += "<th scope=\"col\">Target</th>" }
        for (i, sc) in d.scenarios.enumerated() {
            s += "<th scope=\"col\" class=\"num\">\(esc(sc.name))<br><span class=\"role\">\(i == 0 ? "baseline" : "what-if")</span></th>"
        }
        for sc in d.whatIfs { s += "<th scope=\"col\" class=\"num\">Difference<br><span class=\"role\">\(esc(sc.name)) − baseline</span></th>" }
        s += "</tr></thead><tbody>"
        for r in rows {
            s += "<tr><th scope=\"row\"\(r.indent ? " class=\"indent\"" : "")>\(esc(r.label))</th>"
            if withTarget { s += "<td>\(esc(r.target ?? ""))</td>" }
            for sc in d.scenarios {
                let e = sc.est(r.key)
                var cell = estimateCell(e, r.kind)
                if cell.hasSuffix("—</td>") { s += cell; continue }
                if let req = r.requiredShare, let e, e.mean.isFinite {
                    let v = verdict(e, required: req)
                    cell += "<br><span class=\"\(v.cls)\">\(esc(v.text))</span>"
                }
                s += cell + "</td>"
            }
            for w in d.whatIfs { s += diffCell(d.diff(w.name, r.key), r.kind) }
            s += "</tr>"
        }
        s += "</tbody></table></div>"
        s += "<p class=\"note\">Each cell: mean over replications with its 95% confidence interval below. Differences are paired (common random numbers): ▲/▼ marks a difference whose 95% CI excludes 0; ○ marks no clear difference.</p>"
        return s
    }

    /// Rows for an interval KPI: mean/median/p90/p95 overall and per group, plus within-target shares.
    static func kpiRows(_ k: KPIMeta, stats: [(String, String)] = [("mean", "mean"), ("median", "median"), ("p90", "90th percentile")],
                        groupStats: [(String, String)] = [("mean", "mean"), ("median", "median")]) -> [Row] {
        var rows: [Row] = []
        let tgt = targetText(k.target, share: k.targetShare)
        for (st, word) in stats {
            rows.append(Row(label: "\(k.label): \(word) (min)", key: "\(k.name).\(st)", kind: .minutes))
        }
        if k.target != nil || k.groupTargets.contains(where: { $0 != nil }) {
            rows.append(Row(label: "\(k.label): share within target", key: "\(k.name).within_target", kind: .share,
                            target: k.target != nil ? tgt : "per group (below)", requiredShare: k.target != nil ? k.targetShare : nil))
        }
        for (gi, g) in k.groups.enumerated() {
            let prefix = "\(k.by ?? "group") \(g)"
            for (st, word) in groupStats {
                rows.append(Row(label: "\(prefix): \(word) (min)", key: "\(k.name)[\(g)].\(st)", kind: .minutes, indent: true))
            }
            if gi < k.groupTargets.count, let t = k.groupTargets[gi] {
                rows.append(Row(label: "\(prefix): share within target", key: "\(k.name)[\(g)].within_target", kind: .share,
                                target: targetText(t, share: k.targetShare), requiredShare: k.targetShare, indent: true))
            }
        }
        return rows
    }

    static func targetText(_ t: Double?, share: Double?) -> String {
        guard let t, t.isFinite else { return "" }
        var s = "≤ \(Fmt.duration(t))"
        if let share { s += " for \(Fmt.percent(share, share * 100 == (share * 100).rounded() ? 0 : 1)) of patients" }
        return s
    }
}
