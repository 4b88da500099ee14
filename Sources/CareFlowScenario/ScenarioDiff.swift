import Foundation

/// One setting that differs between two scenarios' merged trees (after every
/// `extends` and `overrides` is applied), for "what changed" in reports.
public struct SettingChange: Sendable, Codable, Equatable {
    /// Key path, e.g. "units.ct.capacity" or "pathways.ed.steps[triage].activity.duration".
    public var path: String
    /// The value in the reference and in the other scenario, written compactly
    /// (nil: not set there).
    public var old: String?
    public var new: String?
    /// For tables (lists of rows, mappings of numbers): how many rows differ.
    public var rows: Int?

    public init(path: String, old: String?, new: String?, rows: Int? = nil) {
        self.path = path; self.old = old; self.new = new; self.rows = rows
    }
}

/// Differences between merged scenario trees. Compares the full trees, so a
/// what-if that extends a what-if of the baseline lists every change against
/// the baseline, not only its own file's.
public enum ScenarioDiff {
    /// Top-level keys that describe rather than change a scenario.
    static let descriptive: Set<String> = ["name", "title", "description", "sources", "assumptions", "extends", "overrides", "report"]

    public static func changes(from reference: YNode, to other: YNode) -> [SettingChange] {
        var out: [SettingChange] = []
        let a = reference.pairs ?? [], b = other.pairs ?? []
        for key in orderedKeys(a, b) where !descriptive.contains(key) {
            diff(value(a, key), value(b, key), path: key, into: &out)
        }
        return out
    }

    static func value(_ pairs: [(key: YNode, value: YNode)], _ key: String) -> YNode? {
        pairs.first { $0.key.string == key }?.value
    }

    static func orderedKeys(_ a: [(key: YNode, value: YNode)], _ b: [(key: YNode, value: YNode)]) -> [String] {
        var seen = Set<String>(), out: [String] = []
        for k in (a + b).compactMap({ $0.key.string }) where seen.insert(k).inserted { out.append(k) }
        return out
    }

    /// A list item's name for paths: its `label`/`name`, else its index.
    static func itemName(_ n: YNode, _ i: Int) -> String {
        if let pairs = n.pairs {
            for k in ["label", "name", "id"] { if let s = value(pairs, k)?.string { return s } }
            // `- activity: {...}` style steps with a label inside.
            if pairs.count == 1, let inner = pairs[0].value.pairs {
                for k in ["name", "label"] { if let s = value(inner, k)?.string { return s } }
            }
        }
        return "\(i + 1)"
    }

    /// A node that is a table: a list of rows or a mapping whose values are all scalars, with 3 or more entries.
    static func isTable(_ n: YNode) -> Bool {
        if let items = n.items { return items.count >= 3 && items.allSatisfy { $0.string != nil || ($0.items?.allSatisfy { $0.string != nil } ?? false) } }
        // A mapping of numbers, or of rows of numbers (a table by category, e.g. triage accuracy).
        if let pairs = n.pairs {
            return pairs.count >= 3 && (pairs.allSatisfy { isNumber($0.value) }
                || pairs.allSatisfy { $0.value.pairs?.allSatisfy { isNumber($0.value) } ?? false })
        }
        return false
    }

    static func diff(_ a: YNode?, _ b: YNode?, path: String, into out: inout [SettingChange]) {
        guard let a, let b else {
            if a != nil || b != nil { out.append(SettingChange(path: path, old: a.map(compact), new: b.map(compact))) }
            return
        }
        if same(a, b) { return }
        if isTable(a) && isTable(b) {
            out.append(SettingChange(path: path, old: nil, new: nil, rows: tableRowsChanged(a, b)))
            return
        }
        // A distribution ({lognormal: {mean: 5m, sd: 2m}}): one change, written whole.
        if isDistribution(a) && isDistribution(b) {
            out.append(SettingChange(path: path, old: compact(a), new: compact(b)))
            return
        }
        switch (a.value, b.value) {
        case (.mapping(let pa), .mapping(let pb)):
            // A distribution or other single-key mapping whose key changed: one change.
            if pa.count == 1, pb.count == 1, pa[0].key.string != pb[0].key.string {
                out.append(SettingChange(path: path, old: compact(a), new: compact(b)))
                return
            }
            for key in orderedKeys(pa, pb) { diff(value(pa, key), value(pb, key), path: "\(path).\(key)", into: &out) }
        case (.sequence(let sa), .sequence(let sb)) where sa.count == sb.count:
            for i in sa.indices { diff(sa[i], sb[i], path: "\(path)[\(itemName(sa[i], i))]", into: &out) }
        default:
            out.append(SettingChange(path: path, old: compact(a), new: compact(b)))
        }
    }

    static func isNumber(_ n: YNode) -> Bool { n.string.flatMap { Double($0.trimmingCharacters(in: CharacterSet(charactersIn: "%"))) } != nil }

    static func isDistribution(_ n: YNode) -> Bool {
        guard let p = n.pairs, p.count == 1, let inner = p[0].value.pairs else { return false }
        return inner.allSatisfy { $0.value.string != nil }
    }

    static func tableRowsChanged(_ a: YNode, _ b: YNode) -> Int {
        if let ia = a.items, let ib = b.items {
            var n = abs(ia.count - ib.count)
            for i in 0..<min(ia.count, ib.count) where !same(ia[i], ib[i]) { n += 1 }
            return n
        }
        let pa = a.pairs ?? [], pb = b.pairs ?? []
        return orderedKeys(pa, pb).filter { k in
            guard let x = value(pa, k), let y = value(pb, k) else { return true }
            return !same(x, y)
        }.count
    }

    static func same(_ a: YNode, _ b: YNode) -> Bool {
        switch (a.value, b.value) {
        case (.scalar(let x, _), .scalar(let y, _)): return x == y
        case (.null, .null): return true
        case (.sequence(let x), .sequence(let y)): return x.count == y.count && zip(x, y).allSatisfy { same($0, $1) }
        case (.mapping(let x), .mapping(let y)):
            return x.count == y.count && x.allSatisfy { p in value(y, p.key.string ?? "").map { same(p.value, $0) } ?? false }
        default: return false
        }
    }

    /// A value written on one line ("lognormal mean 3m, sd 1m"), at most about 80 characters.
    public static func compact(_ n: YNode) -> String {
        let s = flow(n)
        return s.count > 80 ? String(s.prefix(77)) + "…" : s
    }

    static func flow(_ n: YNode) -> String {
        switch n.value {
        case .scalar(let s, _): return s
        case .null: return "—"
        case .sequence(let items): return items.map(flow).joined(separator: "; ")
        case .mapping(let pairs):
            if pairs.count == 1, let k = pairs[0].key.string, pairs[0].value.pairs != nil { return "\(k) \(flow(pairs[0].value))" }
            return pairs.map { "\($0.key.string ?? "?") \(flow($0.value))" }.joined(separator: ", ")
        }
    }
}
