import Foundation

/// A scenario file read from disk with its `extends` chain resolved and its
/// overrides applied: one located tree, ready to compile.
public struct LoadedScenario: Sendable {
    /// The merged tree.
    public var root: YNode
    /// The file given, as written on the command line.
    public var path: String
    /// Every file that went into it (base first) with its text, for reports.
    public var files: [(path: String, text: String)]
    /// Key paths the scenario (not its base) changed, for reports.
    public var changedPaths: [String]
}

public enum ScenarioLoader {
    /// Reads `path` and everything it extends.
    public static func load(_ path: String) throws(ScenarioErrors) -> LoadedScenario {
        var chain: [String] = []
        return try load(path, chain: &chain, display: path)
    }

    /// Parses scenario text that is not on disk (tests, sweeps); `extends`
    /// is resolved relative to `directory`.
    public static func load(text: String, file: String, directory: String = ".") throws(ScenarioErrors) -> LoadedScenario {
        var chain: [String] = []
        let root = try YAMLReader.parse(text, file: file)
        return try resolve(root, text: text, display: file, directory: directory, chain: &chain)
    }

    private static func load(_ path: String, chain: inout [String], display: String) throws(ScenarioErrors) -> LoadedScenario {
        let url = URL(fileURLWithPath: path)
        guard let data = FileManager.default.contents(atPath: path), let text = String(data: data, encoding: .utf8) else {
            let exists = FileManager.default.fileExists(atPath: path)
            throw ScenarioErrors([ScenarioError(at: SourceLocation(file: display, line: 1, column: 1), path: "",
                message: exists ? "cannot read the file as UTF-8 text" : "no such file", expected: "a readable scenario file (.yaml)")])
        }
        chain.append(url.standardizedFileURL.path)
        defer { chain.removeLast() }
        let root = try YAMLReader.parse(text, file: display)
        return try resolve(root, text: text, display: display, directory: url.deletingLastPathComponent().path, chain: &chain)
    }

    private static func resolve(_ root: YNode, text: String, display: String, directory: String,
                                chain: inout [String]) throws(ScenarioErrors) -> LoadedScenario {
        guard let pairs = root.pairs else {
            throw ScenarioErrors([ScenarioError(at: root.location, path: "", message: "the file holds \(root.kindName)",
                                                expected: "a mapping of scenario sections (name, run, units, arrivals, pathways, kpis ...)")])
        }
        guard let ext = root["extends"] else {
            return LoadedScenario(root: root, path: display, files: [(display, text)], changedPaths: [])
        }
        guard let basePath = ext.string, !basePath.isEmpty else {
            throw ScenarioErrors([ScenarioError(at: ext.location, path: "extends", message: "\(ext.kindName) is not a file name",
                                                expected: "the path of the base scenario, e.g. baseline.yaml")])
        }
        let resolved = basePath.hasPrefix("/") ? basePath : (directory as NSString).appendingPathComponent(basePath)
        let canonical = URL(fileURLWithPath: resolved).standardizedFileURL.path
        if chain.contains(canonical) {
            let names = (chain + [canonical]).map { ($0 as NSString).lastPathComponent }
            throw ScenarioErrors([ScenarioError(at: ext.location, path: "extends",
                message: "cycle in extends: \(names.joined(separator: " -> "))", expected: "a chain of scenarios that ends in one without extends")])
        }
        let baseDisplay = display.contains("/") ? ((display as NSString).deletingLastPathComponent as NSString).appendingPathComponent(basePath) : basePath
        var base: LoadedScenario
        do {
            base = try load(resolved, chain: &chain, display: basePath.hasPrefix("/") ? basePath : baseDisplay)
        } catch {
            // A missing base is reported where `extends` names it.
            if error.errors.count == 1, error.errors[0].message == "no such file" {
                throw ScenarioErrors([ScenarioError(at: ext.location, path: "extends", message: "no such file '\(basePath)'",
                                                    expected: "the path of the base scenario, relative to this file")])
            }
            throw error
        }
        let d = Diagnostics()
        var merged = base.root
        var changed: [String] = []
        // Every top-level key but extends/overrides is deep-merged over the base.
        for (k, v) in pairs {
            guard let key = k.string, key != "extends", key != "overrides" else { continue }
            merged = Merge.setKey(merged, key: key, keyNode: k, value: v, merge: true)
            changed.append(key)
        }
        if let ov = root["overrides"] {
            if let op = ov.pairs {
                for (k, v) in op {
                    guard let path = k.string else {
                        d.error(k, "overrides", "a key must be a key path", expected: "a key path such as units.physician.capacity")
                        continue
                    }
                    do {
                        merged = try Merge.apply(merged, path: path, keyNode: k, value: v)
                        changed.append(path)
                    } catch {
                        d.error(k, "overrides.\(path)", error.message, expected: error.expected)
                    }
                }
            } else {
                d.error(ov, "overrides", "\(ov.kindName) is not a mapping", expected: "a mapping of key paths to values, e.g. units.physician.capacity: 8")
            }
        }
        try d.throwIfAny()
        // The merged root keeps the child's `name` only if it gave one.
        if root["name"] == nil {
            let stem = ((display as NSString).lastPathComponent as NSString).deletingPathExtension
            merged = Merge.setKey(merged, key: "name", keyNode: YNode(.scalar("name", quoted: false), at: root.location),
                                  value: YNode(.scalar(stem, quoted: false), at: root.location), merge: false)
        }
        return LoadedScenario(root: merged, path: display, files: base.files + [(display, text)], changedPaths: changed)
    }
}

/// Deep merge and key-path overrides on located trees.
public enum Merge {
    public struct PathError: Error {
        public var message: String
        public var expected: String
    }

    /// Sets `key` in mapping `node` (adding it at the end if new); with
    /// `merge`, mappings are merged recursively instead of replaced.
    static func setKey(_ node: YNode, key: String, keyNode: YNode, value: YNode, merge: Bool) -> YNode {
        guard var pairs = node.pairs else { return node }
        if let i = pairs.firstIndex(where: { $0.key.string == key }) {
            pairs[i].value = merge ? deepMerge(pairs[i].value, value) : value
        } else {
            pairs.append((keyNode, value))
        }
        return YNode(.mapping(pairs), at: node.location)
    }

    static func deepMerge(_ base: YNode, _ over: YNode) -> YNode {
        guard let bp = base.pairs, let op = over.pairs else { return over }
        var out = YNode(.mapping(bp), at: base.location)
        for (k, v) in op {
            guard let ks = k.string else { continue }
            out = setKey(out, key: ks, keyNode: k, value: v, merge: true)
        }
        return out
    }

    /// One step of a key path: a key, optionally with a [selector].
    struct Segment {
        var key: String
        var selector: String?
    }

    static func parse(_ path: String) throws(PathError) -> [Segment] {
        var segs: [Segment] = []
        for part in path.split(separator: ".", omittingEmptySubsequences: false) {
            var s = String(part)
            var sel: String?
            if let open = s.firstIndex(of: "[") {
                guard s.hasSuffix("]") else { throw PathError(message: "unclosed [ in key path '\(path)'", expected: "key[selector]") }
                sel = String(s[s.index(after: open)..<s.index(before: s.endIndex)])
                s = String(s[..<open])
            }
            guard !s.isEmpty || sel != nil else { throw PathError(message: "empty segment in key path '\(path)'", expected: "keys separated by dots") }
            segs.append(Segment(key: s, selector: sel))
        }
        return segs
    }

    /// Replaces the value at `path` (e.g. `units.physician.capacity`,
    /// `pathways.ed.steps[triage].activity.duration`, `arrivals.ed.per_day`).
    /// Selectors pick a list item by index, by its `label`, or by the `name`
    /// of the step it holds. The last key may be new; the others must exist.
    public static func apply(_ root: YNode, path: String, keyNode: YNode, value: YNode) throws(PathError) -> YNode {
        let segs = try parse(path)
        return try apply(root, segs[...], keyNode: keyNode, value: value, done: "")
    }

    private static func apply(_ node: YNode, _ segs: ArraySlice<Segment>, keyNode: YNode, value: YNode, done: String) throws(PathError) -> YNode {
        guard let seg = segs.first else { return value }
        let here = done.isEmpty ? seg.key : "\(done).\(seg.key)"
        var current = node
        var target: YNode
        if !seg.key.isEmpty {
            guard let pairs = node.pairs else {
                throw PathError(message: "'\(done)' is \(node.kindName), not a mapping with '\(seg.key)'", expected: "a key path that exists in the base scenario")
            }
            if let existing = pairs.first(where: { $0.key.string == seg.key })?.value {
                target = existing
            } else if segs.count == 1 && seg.selector == nil {
                return setKey(node, key: seg.key, keyNode: YNode(.scalar(seg.key, quoted: false), at: keyNode.location), value: value, merge: false)
            } else {
                let keys = pairs.compactMap { $0.key.string }.joined(separator: ", ")
                throw PathError(message: "no key '\(seg.key)' at '\(done.isEmpty ? "top level" : done)'", expected: "one of \(keys)")
            }
        } else {
            target = node
        }
        if let sel = seg.selector {
            guard var items = target.items else {
                throw PathError(message: "'\(here)' is \(target.kindName), not a list", expected: "a list to select [\(sel)] from")
            }
            guard let i = select(items, sel) else {
                throw PathError(message: "no item '\(sel)' in '\(here)'", expected: "an index from 0 to \(items.count - 1), a label, a step name or an assigned attribute")
            }
            let newItem = try apply(items[i], segs.dropFirst(), keyNode: keyNode, value: value, done: "\(here)[\(sel)]")
            items[i] = newItem
            target = YNode(.sequence(items), at: target.location)
        } else {
            target = try apply(target, segs.dropFirst(), keyNode: keyNode, value: value, done: here)
        }
        if seg.key.isEmpty { return target }
        current = setKey(current, key: seg.key, keyNode: keyNode, value: target, merge: false)
        return current
    }

    static func select(_ items: [YNode], _ sel: String) -> Int? {
        if let i = Int(sel) { return i >= 0 && i < items.count ? i : nil }
        // A step is found by its label, by the name of its action, or (for
        // `assign` steps) by an attribute it assigns.
        return items.firstIndex { item in
            if item["label"]?.string == sel { return true }
            guard let pairs = item.pairs else { return false }
            for (k, v) in pairs {
                if v["name"]?.string == sel { return true }
                if k.string == "assign", v[sel] != nil { return true }
            }
            return false
        }
    }
}
