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
    /// The longest `extends` chain: the file given plus 63 bases. Real
    /// chains are two or three files long; the limit keeps a generated or
    /// hostile chain of thousands of files from exhausting time and memory.
    public static let maxExtendsDepth = 64

    /// Reads `path` and everything it extends.
    public static func load(_ path: String) throws(ScenarioErrors) -> LoadedScenario {
        let url = URL(fileURLWithPath: path)
        let text = try read(path, display: path, via: nil)
        return try resolve(Level(root: try YAMLReader.parse(text, file: path), text: text, display: path,
                                 directory: url.deletingLastPathComponent().path, canonical: url.standardizedFileURL.path))
    }

    /// Parses scenario text that is not on disk (tests, sweeps); `extends`
    /// is resolved relative to `directory`.
    public static func load(text: String, file: String, directory: String = ".") throws(ScenarioErrors) -> LoadedScenario {
        try resolve(Level(root: try YAMLReader.parse(text, file: file), text: text, display: file, directory: directory, canonical: nil))
    }

    /// One file of an `extends` chain, parsed.
    struct Level {
        var root: YNode
        var text: String
        var display: String
        var directory: String
        /// The absolute path (nil for text not on disk), to detect cycles.
        var canonical: String?
    }

    /// The file's text; a problem is located at the `extends` that named
    /// the file (`via`), or at the file itself when it was given directly.
    private static func read(_ path: String, display: String, via: (node: YNode, name: String)?) throws(ScenarioErrors) -> String {
        switch InputFile.read(path) {
        case .success(let r): return r.text
        case .failure(let problem):
            if let via {
                let message = problem == .noSuchFile ? "no such file '\(via.name)'" : "'\(via.name)' \(problem.message)"
                throw ScenarioErrors([ScenarioError(at: via.node.location, path: "extends", message: message,
                                                    expected: "the path of the base scenario, relative to this file")])
            }
            throw ScenarioErrors([ScenarioError(at: SourceLocation(file: display, line: 1, column: 1), path: "",
                                                message: problem.message, expected: "a readable scenario file (.yaml)")])
        }
    }

    private static func mapping(_ level: Level) throws(ScenarioErrors) -> [(key: YNode, value: YNode)] {
        guard let pairs = level.root.pairs else {
            throw ScenarioErrors([ScenarioError(at: level.root.location, path: "", message: "the file holds \(level.root.kindName)",
                                                expected: "a mapping of scenario sections (name, run, units, arrivals, pathways, kpis ...)")])
        }
        return pairs
    }

    /// Follows the `extends` chain from `first` with a work list (no
    /// recursion, so chain length never meets the stack; at most
    /// `maxExtendsDepth` files), then merges from the last base back to `first`.
    private static func resolve(_ first: Level) throws(ScenarioErrors) -> LoadedScenario {
        // `pending`: files whose `extends` is still to be read (one at a
        // time today; a list of bases would push several).
        var chain = [first]
        var pending = [first]
        while let level = pending.popLast() {
            _ = try mapping(level)
            guard let ext = level.root["extends"] else { continue }
            guard let basePath = ext.string, !basePath.isEmpty else {
                throw ScenarioErrors([ScenarioError(at: ext.location, path: "extends", message: "\(ext.kindName) is not a file name",
                                                    expected: "the path of the base scenario, e.g. baseline.yaml")])
            }
            let resolved = basePath.hasPrefix("/") ? basePath : (level.directory as NSString).appendingPathComponent(basePath)
            let canonical = URL(fileURLWithPath: resolved).standardizedFileURL.path
            if chain.contains(where: { $0.canonical == canonical }) {
                let names = (chain.compactMap(\.canonical) + [canonical]).map { ($0 as NSString).lastPathComponent }
                throw ScenarioErrors([ScenarioError(at: ext.location, path: "extends",
                    message: "cycle in extends: \(names.joined(separator: " -> "))", expected: "a chain of scenarios that ends in one without extends")])
            }
            guard chain.count < maxExtendsDepth else {
                throw ScenarioErrors([ScenarioError(at: ext.location, path: "extends",
                    message: "the extends chain is longer than \(maxExtendsDepth) files",
                    expected: "a chain of at most \(maxExtendsDepth) scenario files")])
            }
            let display = level.display.contains("/")
                ? (level.display.parentPath as NSString).appendingPathComponent(basePath) : basePath
            let baseDisplay = basePath.hasPrefix("/") ? basePath : display
            let text = try read(resolved, display: baseDisplay, via: (ext, basePath))
            let base = Level(root: try YAMLReader.parse(text, file: baseDisplay), text: text, display: baseDisplay,
                             directory: URL(fileURLWithPath: resolved).deletingLastPathComponent().path, canonical: canonical)
            chain.append(base)
            pending.append(base)
        }
        // The last file has no extends; each file before it is merged over it.
        guard let last = chain.last else { throw ScenarioErrors([]) }
        var loaded = LoadedScenario(root: last.root, path: last.display, files: [(last.display, last.text)], changedPaths: [])
        for level in chain.dropLast().reversed() {
            loaded = try merge(level, over: loaded)
        }
        return loaded
    }

    /// `level`'s keys deep-merged over its base, then its `overrides` applied.
    private static func merge(_ level: Level, over base: LoadedScenario) throws(ScenarioErrors) -> LoadedScenario {
        let root = level.root, display = level.display
        let pairs = try mapping(level)
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
        return LoadedScenario(root: merged, path: display, files: base.files + [(display, level.text)], changedPaths: changed)
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
