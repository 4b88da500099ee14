import CareFlowScenario
import Foundation

/// What `careflow fit` should estimate from a log, and where the fitted
/// numbers go in the draft scenario (docs/event-log.md, "Mapping files").
public struct FitMapping: Sendable {
    public var file: String
    /// Scenario the draft extends (path as written, relative to the draft).
    public var base: String?
    public var events: [String]
    public var endEvents: [String]
    public var arrivals: [ArrivalSpec] = []
    public var durations: [DurationSpec] = []
    public var branches: [BranchSpec] = []
    public var mixes: [MixSpec] = []
    public var confusions: [ConfusionSpec] = []

    /// A filter on patient attributes: attribute -> accepted values.
    public typealias Filter = [(attribute: String, values: [String])]

    public struct ArrivalSpec: Sendable {
        public var name: String
        public var event: String
        public var filter: Filter
        public var sets: String?
    }
    public struct DurationSpec: Sendable {
        public var name: String
        public var from: String
        public var to: String
        public var by: String?
        public var filter: Filter
        public var unit: String?
        public var family: Family?
        public var sets: String?
    }
    public struct BranchSpec: Sendable {
        public var name: String
        public var from: String
        /// Option label -> the event that shows it was taken.
        public var options: [(label: String, event: String)]
        public var otherwise: String?
        public var filter: Filter
        /// Per option (then otherwise), the key path of its probability.
        public var sets: [String]
    }
    public struct MixSpec: Sendable {
        public var name: String
        public var attribute: String
        public var filter: Filter
        public var sets: String?
    }
    public struct ConfusionSpec: Sendable {
        public var name: String
        public var assigned: String
        public var truth: String
        public var filter: Filter
        public var sets: String?
    }

    public var knownEvents: Set<String> { Set(events) }

    public static func read(file path: String) throws -> FitMapping {
        guard let data = FileManager.default.contents(atPath: path), let text = String(data: data, encoding: .utf8) else {
            throw FitInputError(file: path, line: 0, column: 0, message: "cannot be read", expected: "a mapping file (YAML)")
        }
        let root: YNode
        do { root = try YAMLReader.parse(text, file: path) } catch {
            let e = error.errors.first
            throw FitInputError(file: path, line: e?.location.line ?? 0, column: e?.location.column ?? 0, message: e?.message ?? "not YAML", expected: "a YAML mapping")
        }
        return try MappingParser(file: path).parse(root)
    }
}

struct MappingParser {
    let file: String

    func fail(_ n: YNode, _ path: String, _ message: String, _ expected: String) -> FitInputError {
        FitInputError(file: file, line: n.location.line, column: n.location.column, message: "\(path): \(message)", expected: expected)
    }

    func pairs(_ n: YNode, _ path: String, allowed: [String]? = nil) throws -> [(String, YNode)] {
        guard let p = n.pairs else { throw fail(n, path, "\(n.kindName) is not a mapping", "a mapping") }
        return try p.map { k, v in
            guard let s = k.string else { throw fail(k, path, "a key is not text", "a name") }
            if let allowed, !allowed.contains(s) { throw fail(k, path, "unknown key '\(s)'", "one of \(allowed.joined(separator: ", "))") }
            return (s, v)
        }
    }

    func string(_ n: YNode?, _ path: String, in parent: YNode, required: Bool = true) throws -> String? {
        guard let n else {
            if required { throw fail(parent, path, "missing", "a value") }
            return nil
        }
        guard let s = n.string, !s.isEmpty else { throw fail(n, path, "\(n.kindName) is not text", "a name") }
        return s
    }

    func list(_ n: YNode?, _ path: String, in parent: YNode) throws -> [String] {
        guard let n else { return [] }
        if let s = n.string { return [s] }
        guard let items = n.items else { throw fail(n, path, "\(n.kindName) is not a list", "a list of names") }
        return try items.map { i in
            guard let s = i.string else { throw fail(i, path, "\(i.kindName) is not a name", "a name") }
            return s
        }
    }

    func event(_ n: YNode?, _ path: String, in parent: YNode, _ events: [String]) throws -> String {
        let s = try string(n, path, in: parent)!
        guard events.contains(s) else { throw fail(n ?? parent, path, "'\(s)' is not in events", "one of \(events.joined(separator: ", "))") }
        return s
    }

    func filter(_ n: YNode?, _ path: String) throws -> FitMapping.Filter {
        guard let n else { return [] }
        return try pairs(n, path).map { k, v in (attribute: k, values: try list(v, "\(path).\(k)", in: n)) }
    }

    func parse(_ root: YNode) throws -> FitMapping {
        let top = try pairs(root, "", allowed: ["base", "events", "end_events", "arrivals", "durations", "branches", "mixes", "confusion"])
        let get: (String) -> YNode? = { key in top.first { $0.0 == key }?.1 }
        let events = try list(get("events"), "events", in: root)
        guard !events.isEmpty else { throw fail(root, "events", "missing", "the list of every event name the log may hold") }
        var m = FitMapping(file: file, base: try string(get("base"), "base", in: root, required: false), events: events,
                           endEvents: try list(get("end_events"), "end_events", in: root))
        for e in m.endEvents where !events.contains(e) { throw fail(get("end_events")!, "end_events", "'\(e)' is not in events", "names from events") }
        if let a = get("arrivals") {
            for (name, v) in try pairs(a, "arrivals") {
                let p = "arrivals.\(name)"
                _ = try pairs(v, p, allowed: ["event", "where", "sets"])
                m.arrivals.append(.init(name: name, event: try event(v["event"], "\(p).event", in: v, events), filter: try filter(v["where"], "\(p).where"),
                                        sets: try string(v["sets"], "\(p).sets", in: v, required: false)))
            }
        }
        if let a = get("durations") {
            for (name, v) in try pairs(a, "durations") {
                let p = "durations.\(name)"
                _ = try pairs(v, p, allowed: ["from", "to", "by", "where", "unit", "family", "sets"])
                var fam: Family?
                if let f = v["family"] {
                    guard let s = f.string, let x = Family(rawValue: s) else { throw fail(f, "\(p).family", "\(f.kindName) is not a family", Family.allCases.map(\.rawValue).joined(separator: ", ")) }
                    fam = x
                }
                m.durations.append(.init(name: name, from: try event(v["from"], "\(p).from", in: v, events), to: try event(v["to"], "\(p).to", in: v, events),
                                         by: try string(v["by"], "\(p).by", in: v, required: false), filter: try filter(v["where"], "\(p).where"),
                                         unit: try string(v["unit"], "\(p).unit", in: v, required: false), family: fam,
                                         sets: try string(v["sets"], "\(p).sets", in: v, required: false)))
            }
        }
        if let a = get("branches") {
            for (name, v) in try pairs(a, "branches") {
                let p = "branches.\(name)"
                _ = try pairs(v, p, allowed: ["from", "options", "otherwise", "where", "sets"])
                guard let o = v["options"] else { throw fail(v, "\(p).options", "missing", "a mapping of option labels to events") }
                let options = try pairs(o, "\(p).options").map { k, e in (label: k, event: try event(e, "\(p).options.\(k)", in: o, events)) }
                let b = FitMapping.BranchSpec(name: name, from: try event(v["from"], "\(p).from", in: v, events), options: options,
                                              otherwise: try string(v["otherwise"], "\(p).otherwise", in: v, required: false),
                                              filter: try filter(v["where"], "\(p).where"), sets: try list(v["sets"], "\(p).sets", in: v))
                if !b.sets.isEmpty && b.sets.count != options.count + (b.otherwise == nil ? 0 : 1) {
                    throw fail(v["sets"]!, "\(p).sets", "\(b.sets.count) paths for \(options.count + (b.otherwise == nil ? 0 : 1)) options", "one key path per option, then one for otherwise")
                }
                m.branches.append(b)
            }
        }
        if let a = get("mixes") {
            for (name, v) in try pairs(a, "mixes") {
                let p = "mixes.\(name)"
                _ = try pairs(v, p, allowed: ["attribute", "where", "sets"])
                m.mixes.append(.init(name: name, attribute: try string(v["attribute"], "\(p).attribute", in: v)!, filter: try filter(v["where"], "\(p).where"),
                                     sets: try string(v["sets"], "\(p).sets", in: v, required: false)))
            }
        }
        if let a = get("confusion") {
            for (name, v) in try pairs(a, "confusion") {
                let p = "confusion.\(name)"
                _ = try pairs(v, p, allowed: ["assigned", "true", "where", "sets"])
                m.confusions.append(.init(name: name, assigned: try string(v["assigned"], "\(p).assigned", in: v)!, truth: try string(v["true"], "\(p).true", in: v)!,
                                          filter: try filter(v["where"], "\(p).where"), sets: try string(v["sets"], "\(p).sets", in: v, required: false)))
            }
        }
        return m
    }
}
