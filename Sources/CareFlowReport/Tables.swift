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

    /// Display divisor and unit of a row: durations in minutes, hours or days
    /// from the largest value, the same for every scenario.
    static func scale(_ d: ReportData, _ r: Row) -> (div: Double, unit: String) {
        guard r.kind == .minutes else { return (1, "") }
        let big = d.scenarios.compactMap { $0.est(r.key)?.mean }.filter(\.isFinite).map(abs).max() ?? 0
        let (div, unit) = Fmt.durationUnit(for: big)
        return (div, Fmt.unitShort(unit))
    }

    static func value(_ x: Double, _ kind: Kind, div: Double = 1) -> String {
        switch kind {
        case .minutes: return Fmt.num(x / div)
        case .share: return Fmt.percent(x)
        case .count: return abs(x) >= 100 ? Fmt.count(x) : Fmt.num(x)
        case .number: return Fmt.num(x)
        }
    }

    static func diffValue(_ x: Double, _ kind: Kind, div: Double = 1) -> String {
        switch kind {
        case .share: return Fmt.signed(x * 100, 1) + " " + tr("pp")
        default: let v = x / div; return Fmt.signed(v, v == v.rounded() ? 0 : Fmt.decimals(v))
        }
    }

    /// The verdict of a share within target against the required share.
    static func verdict(_ e: Est, required: Double) -> (text: String, cls: String) {
        switch Measures.verdict(e, target: required, bound: .atLeast) {
        case .meets: return ("✔ " + tr("meets"), "ok")
        case .misses: return ("✘ " + tr("misses"), "bad")
        case .borderline: return ("≈ " + tr("borderline"), "warn")
        }
    }

    static func estimateCell(_ e: Est?, _ kind: Kind, div: Double = 1) -> String {
        guard let e, e.mean.isFinite else { return "<td class=\"num na\">—</td>" }
        var s = "<td class=\"num\">\(esc(value(e.mean, kind, div: div)))"
        if e.lo.isFinite && e.hi.isFinite && e.hi > e.lo {
            s += "<br><span class=\"ci\">\(esc(value(e.lo, kind, div: div)))–\(esc(value(e.hi, kind, div: div)))</span>"
        }
        return s
    }

    /// The default minimal important difference of a table row, from the reference's value:
    /// 5% of it (at least 1 minute or 1 count), 2 percentage points for shares.
    static func mid(_ kind: Kind, reference: Double?) -> Double {
        let r = abs(reference ?? 0)
        switch kind {
        case .share: return Measures.shareMID
        case .minutes, .count: return max(1, Measures.relativeMID * (r.isFinite ? r : 0))
        case .number: return max(0.1, Measures.relativeMID * (r.isFinite ? r : 0))
        }
    }

    static func diffCell(_ d: Est?, _ kind: Kind, div: Double = 1, mid: Double = 0) -> String {
        guard let d, d.mean.isFinite else { return "<td class=\"num na\">—</td>" }
        // ▲/▼: clear and at least the MID; ≈: clear but smaller; nothing: no clear difference.
        let mark = d.clear ? (abs(d.mean) >= mid ? (d.mean < 0 ? "▼ " : "▲ ") : "≈ ") : ""
        var s = "<td class=\"num diff\">\(mark)\(esc(diffValue(d.mean, kind, div: div)))"
        // An interval of no width (the same value in every replication) says nothing the value does not.
        if d.lo.isFinite && d.hi.isFinite && d.hi > d.lo {
            s += "<br><span class=\"ci\">\(esc(diffValue(d.lo, kind, div: div))) \(esc(tr("to"))) \(esc(diffValue(d.hi, kind, div: div)))</span>"
        }
        return s + "</td>"
    }

    /// The most data columns of one table; wider tables are split.
    static let maxColumns = 8

    /// Tables of rows across all scenarios, with differences from the reference.
    /// With many scenarios the values and the differences are separate tables
    /// (split further when still too wide), so that every column stays readable
    /// on a phone and on A4.
    static func compare(_ d: ReportData, rows: [Row], caption: String, withTarget: Bool = false) -> String {
        guard !rows.isEmpty else { return "" }
        let scales = rows.map { scale(d, $0) }
        typealias Column = (head: String, cell: (Int) -> String)
        var valueCols: [Column] = d.scenarios.map { sc in
            let head = esc(sc.name) + (sc.name == d.baseline?.name ? "<br><span class=\"role\">\(esc(tr("reference")))</span>" : "")
            return (head, { i in
                let r = rows[i], e = sc.est(r.key)
                var cell = estimateCell(e, r.kind, div: scales[i].div)
                if cell.hasSuffix("—</td>") { return cell }
                if let req = r.requiredShare, let e, e.mean.isFinite {
                    let v = verdict(e, required: req)
                    cell += "<br><span class=\"\(v.cls)\">\(esc(v.text))</span>"
                }
                return cell + "</td>"
            })
        }
        let diffCols: [Column] = d.whatIfs.map { w in
            ("\(esc(w.name))<br><span class=\"role\">\(esc(tr("minus reference")))</span>", { i in
                diffCell(d.diff(w.name, rows[i].key), rows[i].kind, div: scales[i].div, mid: mid(rows[i].kind, reference: d.baseline?.est(rows[i].key)?.mean))
            })
        }
        func table(_ cols: ArraySlice<Column>, cap: String, target: Bool) -> String {
            var s = "<div class=\"tablewrap\"><table><caption>\(esc(cap))</caption><thead><tr><th scope=\"col\">\(esc(tr("Measure")))</th>"
            if target { s += "<th scope=\"col\">\(esc(tr("Target")))</th>" }
            for c in cols { s += "<th scope=\"col\" class=\"num\">\(c.head)</th>" }
            s += "</tr></thead><tbody>"
            for (i, r) in rows.enumerated() {
                let unit = scales[i].unit.isEmpty ? "" : " (\(scales[i].unit))"
                s += "<tr><th scope=\"row\"\(r.indent ? " class=\"indent\"" : "")>\(esc(r.label + unit))</th>"
                if target { s += "<td>\(esc(r.target ?? ""))</td>" }
                for c in cols { s += c.cell(i) }
                s += "</tr>"
            }
            return s + "</tbody></table></div>"
        }
        func chunks(_ cols: [Column], cap: String, target: Bool) -> String {
            stride(from: 0, to: cols.count, by: maxColumns).map { start in
                table(cols[start..<min(cols.count, start + maxColumns)], cap: cap + (cols.count > maxColumns ? " (\(start / maxColumns + 1))" : ""), target: target)
            }.joined()
        }
        var s: String
        if valueCols.count + diffCols.count <= maxColumns {
            valueCols += diffCols
            s = chunks(valueCols, cap: caption, target: withTarget)
        } else {
            s = chunks(valueCols, cap: caption, target: withTarget)
            s += chunks(diffCols, cap: tr("{0}: difference from the reference", caption), target: false)
        }
        return s + key
    }

    /// How to read the comparison tables: said under the first one only (HTMLReport.detailSections).
    static var key: String {
        "<p class=\"note tablekey\">\(esc(tr("Values: mean over replications with its 95% interval below. Differences: what-if minus reference per replication (same random numbers); ▲/▼ marks a difference whose interval excludes 0 and that is at least the minimal important difference (5% of the reference, at least 1 minute; 2 percentage points for shares); ≈ a clear but smaller one.")))</p>"
    }

    /// Rows for an interval KPI: mean/median/p90/p95 overall and per group, plus within-target shares.
    static func kpiRows(_ k: KPIMeta, stats: [(String, String)] = [("mean", "mean"), ("median", "median"), ("p90", "90th percentile")],
                        groupStats: [(String, String)] = [("mean", "mean")]) -> [Row] {
        var rows: [Row] = []
        let tgt = targetText(k.target, share: k.targetShare)
        for (st, word) in stats {
            rows.append(Row(label: "\(k.label): \(tr(word))", key: "\(k.name).\(st)", kind: .minutes))
        }
        if k.target != nil || k.groupTargets.contains(where: { $0 != nil }) {
            rows.append(Row(label: "\(k.label): " + tr("share within target"), key: "\(k.name).within_target", kind: .share,
                            target: k.target != nil ? tgt : tr("per group (below)"), requiredShare: k.target != nil ? k.targetShare : nil))
        }
        for (gi, g) in k.groups.enumerated() {
            let prefix = "\(Sections.groupWord(k)) \(g)"
            for (st, word) in groupStats {
                rows.append(Row(label: "\(prefix): \(tr(word))", key: "\(k.name)[\(g)].\(st)", kind: .minutes, indent: true))
            }
            if gi < k.groupTargets.count, let t = k.groupTargets[gi] {
                rows.append(Row(label: "\(prefix): " + tr("share within target"), key: "\(k.name)[\(g)].within_target", kind: .share,
                                target: targetText(t, share: k.targetShare), requiredShare: k.targetShare, indent: true))
            }
        }
        return rows
    }

    static func targetText(_ t: Double?, share: Double?) -> String {
        guard let t, t.isFinite else { return "" }
        var s = "≤ \(Fmt.duration(t))"
        if let share { s += " " + tr("for {0} of patients", Fmt.percent(share, share * 100 == (share * 100).rounded() ? 0 : 1)) }
        return s
    }
}
