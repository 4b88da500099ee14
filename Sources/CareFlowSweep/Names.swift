import CareFlowScenario
import Foundation

/// Short column names for factors (for pandas and R: `ward_bed` rather than
/// `units.ward_bed.capacity`) and for KPI columns with their units.
public enum FactorNames {
    /// Letters, digits and _, starting with a letter; at most 63 characters.
    public static func isValid(_ s: String) -> Bool {
        guard let f = s.unicodeScalars.first, s.unicodeScalars.count <= 63, ("a"..."z").contains(f) || ("A"..."Z").contains(f) else { return false }
        return s.unicodeScalars.allSatisfy { ("a"..."z").contains($0) || ("A"..."Z").contains($0) || ("0"..."9").contains($0) || $0 == "_" }
    }

    /// Section keys and structural keys that say nothing about the factor.
    static let dropped: Set<String> = ["units", "arrivals", "pathways", "run", "schedule", "changes", "steps", "activity", "capacity"]

    /// A readable default name from a key path: the unit, stream or pathway
    /// name, list items by their label (or a schedule change by its time),
    /// the last key unless it is `capacity`:
    /// `units.ward_bed.capacity` -> `ward_bed`,
    /// `units.physician.schedule.changes[0].capacity` -> `physician_0800`,
    /// `arrivals.ed_walk_in.per_day` -> `ed_walk_in_per_day`,
    /// `pathways.ed.steps[triage].activity.duration` -> `ed_triage_duration`.
    public static func derive(_ path: String, root: YNode) -> String {
        var words: [String] = []
        for step in walk(path, root: root) {
            if !step.key.isEmpty && !dropped.contains(step.key) { words.append(step.key) }
            if let sel = step.selector {
                if let l = step.item?["label"]?.string { words.append(l) } else if let at = step.item?["at"]?.string {
                    words.append(at.replacingOccurrences(of: ":", with: ""))
                } else { words.append(sel) }
            }
        }
        return sanitise(words.joined(separator: "_"))
    }

    /// A label from the scenario: the unit's label (or the stream's or
    /// pathway's name), the schedule change's time, the last key unless it is
    /// `capacity`: "ED physicians from 08:00", "Medical ward beds",
    /// "ed_walk_in: per day".
    public static func label(_ path: String, root: YNode) -> String {
        var words: [String] = []
        var last = ""
        let steps = walk(path, root: root)
        for (i, step) in steps.enumerated() {
            if i == 1 && !step.key.isEmpty { words.append(step.node?["label"]?.string ?? step.key) } else if i > 1 && !step.key.isEmpty { last = step.key }
            if let sel = step.selector {
                if let l = step.item?["label"]?.string { words.append(l) } else if let at = step.item?["at"]?.string {
                    words.append((steps.first?.key == "units" ? "from " : "") + at)
                } else { words.append(sel) }
            }
        }
        let tail = last == "capacity" || last.isEmpty ? "" : ": " + last.replacingOccurrences(of: "_", with: " ")
        return (words.isEmpty ? path : words.joined(separator: " ")) + tail
    }

    /// One segment of a key path: `key[selector]`, the node the key names and
    /// the list item the selector picks (nil where the base has none).
    struct Step { var key: String; var node: YNode?; var selector: String?; var item: YNode? }

    static func walk(_ path: String, root: YNode) -> [Step] {
        var node: YNode? = root
        var steps: [Step] = []
        for part in path.split(separator: ".", omittingEmptySubsequences: false) {
            var key = String(part)
            var sel: String?
            if let open = key.firstIndex(of: "["), key.hasSuffix("]") {
                sel = String(key[key.index(after: open)..<key.index(before: key.endIndex)])
                key = String(key[..<open])
            }
            if !key.isEmpty { node = node?[key] }
            var step = Step(key: key, node: node, selector: sel, item: nil)
            if let sel {
                if let items = node?.items, let i = KeyPath.select(items, sel) { node = items[i]; step.item = node } else { node = nil }
            }
            steps.append(step)
        }
        return steps
    }

    /// Lower case, runs of other characters as one `_`, a leading letter.
    public static func sanitise(_ s: String) -> String {
        var out = ""
        for ch in s.lowercased().unicodeScalars {
            if ("a"..."z").contains(ch) || ("0"..."9").contains(ch) { out.unicodeScalars.append(ch) } else if !out.hasSuffix("_") { out += "_" }
        }
        while out.hasPrefix("_") { out.removeFirst() }
        while out.hasSuffix("_") { out.removeLast() }
        if out.isEmpty { return "factor" }
        if let f = out.unicodeScalars.first, ("0"..."9").contains(f) { out = "f_" + out }
        return String(out.prefix(63))
    }

    /// Gives every factor without a name a derived one, unique among all
    /// factors' names and not reserved (`_2`, `_3` ... appended if needed).
    static func fillDefaults(_ factors: inout [SweepFactor], root: YNode, reserved: Set<String>) {
        var used = Set(factors.map(\.name).filter { !$0.isEmpty }).union(reserved)
        for i in factors.indices where factors[i].name.isEmpty {
            let stem = derive(factors[i].path, root: root)
            var name = stem, k = 2
            while used.contains(name) { name = "\(stem)_\(k)"; k += 1 }
            used.insert(name)
            factors[i].name = name
        }
    }
}

/// Units and labels of KPI names (as the collector names them; see
/// CareFlowEngine's StandardCollector.result).
public enum KPIUnits {
    /// "min" (minutes), "share" (0 to 1), "patients", "servers".
    public static func unit(_ name: String) -> String {
        guard let dot = name.lastIndex(of: ".") else { return "" }
        let stat = String(name[name.index(after: dot)...])
        if name.hasPrefix("unit.") {
            switch stat {
            case "utilisation": return "share"
            case "busy_mean": return "servers"
            case "wait_mean_min", "reneged_wait_mean_min": return "min"
            default: return "patients"
            }
        }
        if name.hasPrefix("pathway.") { return stat == "time_in_system_mean_min" ? "min" : "patients" }
        if name.hasPrefix("census.") { return "patients" }
        switch stat {
        case "within_target": return "share"
        case "count": return "patients"
        default: return "min"
        }
    }

    /// A column name carrying the unit: `ed_los_mean_min`,
    /// `time_to_physician_true_acuity_orange_within_target_share`.
    public static func column(_ name: String) -> String {
        let base = FactorNames.sanitise(name)
        let u = unit(name)
        return u.isEmpty || base.hasSuffix("_" + u) ? base : base + "_" + u
    }

    static let statWords: [String: String] = [
        "mean": "mean", "median": "median", "p90": "90th percentile", "p95": "95th percentile", "count": "patients",
        "within_target": "share within target", "max": "maximum",
    ]

    static let entityStats: [String: String] = [
        "utilisation": "utilisation", "busy_mean": "busy, mean", "wait_mean_min": "wait, mean", "queue_mean": "queue, mean",
        "served": "served", "reneged": "gave up waiting", "reneged_wait_mean_min": "wait before giving up, mean",
        "completed": "completed", "time_in_system_mean_min": "time in system, mean", "balked": "turned away",
        "in_system_mean": "in the pathway, mean", "mean": "mean", "max": "maximum",
    ]

    /// "ED length of stay, mean", "Medical ward beds: utilisation" from the
    /// scenario's labels (KPIs, units, pathways, censuses).
    public static func label(_ name: String, _ sc: CompiledScenario) -> String {
        for (prefix, entities) in [("unit.", sc.units.map { ($0.name, $0.label) }), ("pathway.", sc.pathways.map { ($0.name, $0.label) }),
                                   ("census.", sc.censuses.map { ($0.name, $0.label) })] where name.hasPrefix(prefix) {
            let rest = name.dropFirst(prefix.count)
            guard let dot = rest.firstIndex(of: ".") else { break }
            let entity = String(rest[..<dot]), stat = String(rest[rest.index(after: dot)...])
            let l = entities.first { $0.0 == entity }?.1 ?? entity
            return (prefix == "census." ? "Census: " : "") + l + ": " + (entityStats[stat] ?? stat.replacingOccurrences(of: "_", with: " "))
        }
        return label(name, kpis: sc.kpis.map { (name: $0.name, label: $0.label) })
    }

    /// "ED length of stay, mean" from the scenario's KPI labels.
    public static func label(_ name: String, kpis: [(name: String, label: String)]) -> String {
        guard let dot = name.lastIndex(of: ".") else { return name }
        var stem = String(name[..<dot])
        let stat = String(name[name.index(after: dot)...])
        var group = ""
        if let b = stem.firstIndex(of: "["), stem.hasSuffix("]") {
            group = String(stem[stem.index(after: b)..<stem.index(before: stem.endIndex)])
            stem = String(stem[..<b])
        }
        guard let info = kpis.first(where: { $0.name == stem }) else { return name }
        return info.label + (group.isEmpty ? "" : " (\(group))") + ", " + (statWords[stat] ?? stat)
    }
}
