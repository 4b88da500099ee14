import CareFlowEngine
import CareFlowRandom

/// Durations that depend on the patient: one distribution per category of
/// an attribute (`{by: age_group, cases: {child: 2d, adult: 4d}}`), or a
/// distribution scaled and shifted by numeric attributes
/// (`{duration: 30m, scale_by: frailty, shift_by: extra_min}`).
enum DurationSpec {
    case plain(Distribution)
    case byCategory(key: Int32, rows: [Distribution], text: String)
    case scaled(Distribution, scale: Int32, shift: Int32, text: String)

    var text: String {
        switch self {
        case .plain(let d): return d.description
        case .byCategory(_, _, let t), .scaled(_, _, _, let t): return t
        }
    }
}

extension Compiler {
    /// A duration: a distribution, or one of the per-patient forms above.
    func duration(_ n: YNode, _ path: String) -> DurationSpec? {
        if n["by"] != nil || n["cases"] != nil {
            guard let m = MapReader(n, path, d, expected: "{by: CATEGORICAL_ATTRIBUTE, cases: {CATEGORY: DURATION, ...}, otherwise: DURATION}",
                                    allowed: ["by", "cases", "otherwise"], required: ["by", "cases"]),
                  let byN = m["by"], let key = attribute(byN, m.sub("by")), let casesN = m["cases"] else { return nil }
            guard let cats = categories[byN.string ?? ""] else {
                d.error(byN, m.sub("by"), "'\(byN.string ?? "")' is not a categorical attribute", expected: "a categorical attribute (declared with categories)")
                return nil
            }
            guard let pairs = casesN.pairs else {
                d.error(casesN, m.sub("cases"), "\(casesN.kindName) is not a mapping", expected: "{CATEGORY: DURATION, ...}")
                return nil
            }
            var rows = [Distribution?](repeating: nil, count: cats.count)
            var ok = true
            for (kn, vn) in pairs {
                let c = kn.string ?? ""
                guard let idx = cats.firstIndex(of: c) else {
                    d.error(kn, "\(m.sub("cases")).\(c)", "'\(c)' is not a category of \(byN.string ?? "")", expected: "one of \(cats.joined(separator: ", "))")
                    ok = false
                    continue
                }
                guard let dist = v.distribution(vn, "\(m.sub("cases")).\(c)") else { ok = false; continue }
                rows[idx] = dist
            }
            let otherwise = m["otherwise"].flatMap { v.distribution($0, m.sub("otherwise")) }
            if m["otherwise"] != nil && otherwise == nil { return nil }
            let missing = cats.indices.filter { rows[$0] == nil }
            if otherwise == nil && !missing.isEmpty {
                d.error(casesN, m.sub("cases"), "no duration for \(missing.map { cats[$0] }.joined(separator: ", "))",
                        expected: "a case for every category of \(byN.string ?? ""), or an 'otherwise'")
                ok = false
            }
            guard ok else { return nil }
            let filled = rows.map { $0 ?? otherwise! }
            let text = "by \(byN.string ?? ""): " + cats.indices.map { "\(cats[$0]) \(filled[$0])" }.joined(separator: ", ")
            return .byCategory(key: key, rows: filled, text: text)
        }
        if n["scale_by"] != nil || n["shift_by"] != nil {
            guard let m = MapReader(n, path, d, expected: "{duration: DURATION, scale_by: NUMERIC_ATTRIBUTE, shift_by: NUMERIC_ATTRIBUTE}",
                                    allowed: ["duration", "scale_by", "shift_by"], required: ["duration"]),
                  let durN = m["duration"], let dist = v.distribution(durN, m.sub("duration")) else { return nil }
            var scale: Int32 = -1, shift: Int32 = -1
            var ok = true
            for (k, isScale) in [("scale_by", true), ("shift_by", false)] {
                guard let an = m[k] else { continue }
                guard let a = attribute(an, m.sub(k)) else { ok = false; continue }
                if categories[an.string ?? ""] != nil {
                    d.error(an, m.sub(k), "'\(an.string ?? "")' is categorical", expected: "a numeric attribute (minutes for shift_by, a factor for scale_by)")
                    ok = false
                }
                if isScale { scale = a } else { shift = a }
            }
            guard ok else { return nil }
            var text = dist.description
            if let s = m["scale_by"]?.string { text += " × \(s)" }
            if let s = m["shift_by"]?.string { text += " + \(s)" }
            return .scaled(dist, scale: scale, shift: shift, text: text)
        }
        return v.distribution(n, path).map { .plain($0) }
    }

    /// Adds the delay step for `spec`.
    func addDelay(_ spec: DurationSpec, _ p: PathwayBuilder, stream: String, label: String) {
        switch spec {
        case .plain(let dist): p.delay(dist, stream: stream, label: label)
        case .byCategory(let key, let rows, _): p.delay(byAttribute: key, rows: rows, stream: stream, label: label)
        case .scaled(let dist, let scale, let shift, _): p.delay(dist, scale: scale, shift: shift, stream: stream, label: label)
        }
    }
}
