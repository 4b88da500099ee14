import CareFlowAnalysis

/// The comparison as one tidy table for spreadsheets: one row per scenario
/// and KPI statistic, with the same intervals, differences, targets and
/// verdicts as the report.
public enum ExportTable {
    public static let header = ["scenario", "role", "kpi", "group", "statistic", "mean", "ci_low", "ci_high",
                                "difference", "difference_ci_low", "difference_ci_high", "target", "verdict"]
    public static let replicationHeader = ["scenario", "replication", "kpi", "group", "statistic", "value"]

    /// A cell: text or a number (NaN: empty).
    public enum Cell: Equatable, Sendable {
        case text(String), number(Double)
    }

    /// "ed_los[orange].mean" -> ("ed_los", "orange", "mean"); "unit.ct.utilisation" -> ("unit.ct", "", "utilisation").
    public static func split(_ key: String) -> (kpi: String, group: String, statistic: String) {
        guard let dot = key.lastIndex(of: ".") else { return (key, "", "") }
        var kpi = String(key[..<dot]), group = ""
        let stat = String(key[key.index(after: dot)...])
        if let open = kpi.firstIndex(of: "["), kpi.hasSuffix("]") {
            group = String(kpi[kpi.index(after: open)..<kpi.index(before: kpi.endIndex)])
            kpi = String(kpi[..<open])
        }
        return (kpi, group, stat)
    }

    static func targets(_ d: ReportData) -> [String: (value: Double, bound: Measure.Bound)] {
        var t: [String: (value: Double, bound: Measure.Bound)] = [:]
        for name in ordered(d.scenarios.flatMap { $0.kpiMeta.map(\.name) }) {
            guard let k = d.kpiMeta(name) else { continue }
            if let m = k.meanTarget { t["\(k.name).mean"] = (m, k.higherIsBetter ? .atLeast : .atMost) }
            if let p = k.p90Target { t["\(k.name).p90"] = (p, k.higherIsBetter ? .atLeast : .atMost) }
            if let s = k.targetShare, k.target != nil { t["\(k.name).within_target"] = (s, .atLeast) }
            if let s = k.targetShare {
                for (gi, g) in k.groups.enumerated() where gi < k.groupTargets.count && k.groupTargets[gi] != nil {
                    t["\(k.name)[\(g)].within_target"] = (s, .atLeast)
                }
            }
        }
        for m in Measures.headline(d) { if let tg = m.target { t[m.key] = tg } }
        return t
    }

    /// The tidy table (without the header).
    public static func rows(comparison: JSON, series: JSON = .object([])) -> [[Cell]] {
        let d = ReportData(comparison: comparison, series: series)
        let tg = targets(d)
        var out: [[Cell]] = []
        for (i, sc) in d.scenarios.enumerated() {
            for key in sc.kpis.keys.sorted() {
                guard let e = sc.kpis[key] else { continue }
                let (kpi, group, stat) = split(key)
                var row: [Cell] = [.text(sc.name), .text(i == 0 ? "reference" : "what-if"), .text(kpi), .text(group), .text(stat),
                                   .number(e.mean), .number(e.lo), .number(e.hi)]
                let diff = i == 0 ? nil : d.diff(sc.name, key)
                row += [.number(diff?.mean ?? .nan), .number(diff?.lo ?? .nan), .number(diff?.hi ?? .nan)]
                if let t = tg[key] {
                    row.append(.number(t.value))
                    let v = e.mean.isFinite ? Measures.verdict(e, target: t.value, bound: t.bound) : nil
                    row.append(.text(v.map { $0 == .meets ? "meets" : $0 == .misses ? "misses" : "borderline" } ?? ""))
                } else {
                    row += [.number(.nan), .text("")]
                }
                out.append(row)
            }
        }
        return out
    }

    /// Per-replication values (without the header).
    public static func replicationRows(comparison: JSON) -> [[Cell]] {
        var out: [[Cell]] = []
        for sj in comparison["scenarios"]?.array ?? [] {
            let name = sj["name"]?.string ?? ""
            let values = sj["values"]?.object ?? []
            for (key, v) in values.sorted(by: { $0.0 < $1.0 }) {
                let (kpi, group, stat) = split(key)
                for (r, x) in (v.doubles ?? []).enumerated() {
                    out.append([.text(name), .number(Double(r + 1)), .text(kpi), .text(group), .text(stat), .number(x)])
                }
            }
        }
        return out
    }

    /// RFC 4180 CSV; numbers in full precision (shortest round-tripping form), empty when missing.
    public static func csv(header: [String], rows: [[Cell]]) -> String {
        func field(_ s: String) -> String {
            s.contains { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" } ? "\"" + s.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : s
        }
        var s = header.map(field).joined(separator: ",") + "\r\n"
        for r in rows {
            s += r.map { c -> String in
                switch c {
                case .text(let t): return field(t)
                case .number(let x): return x.isFinite ? "\(x)" : ""
                }
            }.joined(separator: ",") + "\r\n"
        }
        return s
    }
}
