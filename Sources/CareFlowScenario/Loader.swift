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
    /// Key paths the scenario (not its base) changed, for reports; for a
    /// file that extends a list, also those its listed files changed.
    public var changedPaths: [String]

    /// Overrides whose key path does not exist (in any file merged), kept
    /// to be reported with the compiler's errors (WhatIfErrors.swift).
    var mergeErrors: [ScenarioError] = []
    /// The file given, when it extends others (nil: a file on its own).
    var userFile: String?
    /// What the file given changed, and how many of its overrides failed.
    var userChanges: [WhatIfChange] = []
    var userMergeErrors = 0
    /// Its bases merged without it, to tell its errors from theirs.
    var baseRoot: YNode?
    /// Where it wrote `extends`.
    var userExtendsAt: SourceLocation?

    init(root: YNode, path: String, files: [(path: String, text: String)], changedPaths: [String]) {
        self.root = root
        self.path = path
        self.files = files
        self.changedPaths = changedPaths
    }
}

/// One value a what-if set: its key path as the compiler names it
/// (`steps[2]`), as the user wrote it (`steps[triage]`), and where.
struct WhatIfChange: Sendable {
    var canonical: [String]
    var written: [String]
    var at: SourceLocation
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
        return try checked(resolve(Level(root: try YAMLReader.parse(text, file: path), text: text, display: path,
                                         directory: url.deletingLastPathComponent().path, canonical: url.standardizedFileURL.path)))
    }

    /// Parses scenario text that is not on disk (tests, sweeps); `extends`
    /// is resolved relative to `directory`.
    public static func load(text: String, file: String, directory: String = ".") throws(ScenarioErrors) -> LoadedScenario {
        try checked(resolve(Level(root: try YAMLReader.parse(text, file: file), text: text, display: file, directory: directory, canonical: nil)))
    }

    /// A scenario with override paths that do not exist is not returned:
    /// it is compiled as far as it goes (without those overrides) so that
    /// one message lists every problem of the file.
    static func checked(_ loaded: LoadedScenario) throws(ScenarioErrors) -> LoadedScenario {
        guard !loaded.mergeErrors.isEmpty else { return loaded }
        _ = try ScenarioCompiler.compile(loaded)
        throw ScenarioErrors(loaded.mergeErrors)   // not reached: compile throws them
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
    static func read(_ path: String, display: String, via: (node: YNode, name: String)?) throws(ScenarioErrors) -> String {
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

    static func mapping(_ level: Level) throws(ScenarioErrors) -> [(key: YNode, value: YNode)] {
        guard let pairs = level.root.pairs else {
            throw ScenarioErrors([ScenarioError(at: level.root.location, path: "", message: "the file holds \(level.root.kindName)",
                                                expected: "a mapping of scenario sections (name, run, units, arrivals, pathways, kpis ...)")])
        }
        return pairs
    }

    /// Merges `first` and every file it extends, in `layers` order: each
    /// file's keys deep-merged over what came before, then its overrides.
    /// Override paths that do not exist are kept as errors (not thrown) so
    /// that the compiler can report them together with its own.
    private static func resolve(_ first: Level) throws(ScenarioErrors) -> LoadedScenario {
        let order = try layers(from: first)
        // The first file in merge order has no extends; each later one is merged over it.
        guard let root = order.first else { throw ScenarioErrors([]) }
        var loaded = LoadedScenario(root: root.root, path: root.display, files: [(root.display, root.text)], changedPaths: [])
        var below: YNode?
        var allChanged: [String] = []
        for (i, level) in order.enumerated().dropFirst() {
            let isUser = i == order.count - 1   // the file given comes last
            if isUser { below = loaded.root }
            let (next, layer) = merge(level, over: loaded)
            loaded = next
            allChanged += layer.changed.filter { !allChanged.contains($0) }
            if isUser {
                loaded.userChanges = layer.changes
                loaded.userMergeErrors = layer.errors.count
            }
            loaded.mergeErrors += layer.errors
        }
        loaded.userFile = order.count > 1 ? first.display : nil
        loaded.baseRoot = below
        loaded.userExtendsAt = first.root["extends"]?.location
        // A file that extends a list reports what the listed files changed too.
        if first.root["extends"]?.items != nil { loaded.changedPaths = allChanged }
        return loaded
    }

    /// What merging one file changed.
    struct Layer {
        var changed: [String] = []
        var changes: [WhatIfChange] = []
        var errors: [ScenarioError] = []
    }

    /// `level`'s keys deep-merged over its base, then its `overrides` applied.
    private static func merge(_ level: Level, over base: LoadedScenario) -> (LoadedScenario, Layer) {
        let root = level.root, display = level.display
        let pairs = level.root.pairs ?? []
        let d = Diagnostics()
        var merged = base.root
        var layer = Layer()
        // Every top-level key but extends/overrides is deep-merged over the base.
        for (k, v) in pairs {
            guard let key = k.string, key != "extends", key != "overrides" else { continue }
            merged = Merge.setKey(merged, key: key, keyNode: k, value: v, merge: true, context: [], changes: &layer.changes)
            layer.changed.append(key)
        }
        if let ov = root["overrides"] {
            if let op = ov.pairs {
                for (k, v) in op {
                    guard let path = k.string else {
                        d.error(k, "overrides", "a key must be a key path", expected: "a key path such as units.physician.capacity")
                        continue
                    }
                    do {
                        var canonical: [String] = []
                        merged = try Merge.apply(merged, path: path, keyNode: k, value: v, canonical: &canonical)
                        layer.changed.append(path)
                        let written = (try? Merge.parse(path)).map(Merge.written) ?? []
                        if written.count == canonical.count {
                            layer.changes.append(WhatIfChange(canonical: canonical, written: written, at: v.location))
                        }
                    } catch {
                        d.error(k, "overrides.\(path)", error.message, expected: error.expected)
                    }
                }
            } else {
                d.error(ov, "overrides", "\(ov.kindName) is not a mapping", expected: "a mapping of key paths to values, e.g. units.physician.capacity: 8")
            }
        }
        layer.errors = d.errors
        // The merged root keeps the child's `name` only if it gave one.
        if root["name"] == nil {
            let stem = ((display as NSString).lastPathComponent as NSString).deletingPathExtension
            merged = Merge.setKey(merged, key: "name", keyNode: YNode(.scalar("name", quoted: false), at: root.location),
                                  value: YNode(.scalar(stem, quoted: false), at: root.location), merge: false)
        }
        var out = base
        out.root = merged
        out.path = display
        out.files = base.files + [(display, level.text)]
        out.changedPaths = layer.changed
        return (out, layer)
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
        var ignored: [WhatIfChange] = []
        return setKey(node, key: key, keyNode: keyNode, value: value, merge: merge, context: [], changes: &ignored)
    }

    /// The same, at `context` (the keys leading to `node`), recording each
    /// value set in `changes`. A base's short form that a mapping is merged
    /// into is written out first (`cubicle: 30` + `{label: X}` keeps the 30).
    static func setKey(_ node: YNode, key: String, keyNode: YNode, value: YNode, merge: Bool,
                       context: [String], changes: inout [WhatIfChange]) -> YNode {
        guard var pairs = node.pairs else { return node }
        let here = context + [key]
        if let i = pairs.firstIndex(where: { $0.key.string == key }) {
            if merge, value.pairs != nil {
                var base = pairs[i].value
                if base.pairs == nil, let long = ShortForms.expanded(base, context: here) { base = long }
                if base.pairs != nil {
                    pairs[i].value = deepMerge(base, value, context: here, changes: &changes)
                    return YNode(.mapping(pairs), at: node.location)
                }
            }
            pairs[i].value = value
        } else {
            pairs.append((keyNode, value))
        }
        changes.append(WhatIfChange(canonical: here, written: here, at: value.location))
        return YNode(.mapping(pairs), at: node.location)
    }

    static func deepMerge(_ base: YNode, _ over: YNode) -> YNode {
        var ignored: [WhatIfChange] = []
        return deepMerge(base, over, context: [], changes: &ignored)
    }

    static func deepMerge(_ base: YNode, _ over: YNode, context: [String], changes: inout [WhatIfChange]) -> YNode {
        guard let bp = base.pairs, let op = over.pairs else { return over }
        var out = YNode(.mapping(bp), at: base.location)
        for (k, v) in op {
            guard let ks = k.string else { continue }
            out = setKey(out, key: ks, keyNode: k, value: v, merge: true, context: context, changes: &changes)
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

    /// A path's segments as the compiler names them: `steps[2]` is one.
    static func written(_ segs: [Segment]) -> [String] {
        var out: [String] = []
        for s in segs {
            let sel = s.selector.map { "[\($0)]" } ?? ""
            if s.key.isEmpty, !out.isEmpty { out[out.count - 1] += sel } else { out.append(s.key + sel) }
        }
        return out
    }

    /// Replaces the value at `path` (e.g. `units.physician.capacity`,
    /// `pathways.ed.steps[triage].activity.duration`, `arrivals.ed.per_day`).
    /// Selectors pick a list item by index, by its `label`, or by the `name`
    /// of the step it holds. The last key may be new; the others must exist.
    /// A short form on the way is written out in full (ShortForms), so
    /// `units.cubicle.capacity` reaches `cubicle: 30`.
    public static func apply(_ root: YNode, path: String, keyNode: YNode, value: YNode) throws(PathError) -> YNode {
        var canonical: [String] = []
        return try apply(root, path: path, keyNode: keyNode, value: value, canonical: &canonical)
    }

    /// The same, giving the path's segments with list indexes (`steps[2]`).
    static func apply(_ root: YNode, path: String, keyNode: YNode, value: YNode, canonical: inout [String]) throws(PathError) -> YNode {
        let segs = try parse(path)
        return try apply(root, segs[...], keyNode: keyNode, value: value, done: "", context: [], canonical: &canonical)
    }

    private static func apply(_ node: YNode, _ segs: ArraySlice<Segment>, keyNode: YNode, value: YNode, done: String,
                              context: [String?], canonical: inout [String]) throws(PathError) -> YNode {
        guard let seg = segs.first else { return value }
        let here = done.isEmpty ? seg.key : "\(done).\(seg.key)"
        var current = node
        var target: YNode
        var inner = context
        if !seg.key.isEmpty {
            // A short form on the way (or a delay's bare distribution) is written out.
            if let long = ShortForms.expanded(current, context: context), !(current.pairs?.contains { $0.key.string == seg.key } ?? false) {
                current = long
            }
            guard let pairs = current.pairs else {
                throw PathError(message: "'\(done)' is \(current.kindName), not a mapping with '\(seg.key)'", expected: "a key path that exists in the base scenario")
            }
            canonical.append(seg.key)
            inner.append(seg.key)
            if let existing = pairs.first(where: { $0.key.string == seg.key })?.value {
                target = existing
            } else if segs.count == 1 && seg.selector == nil {
                return setKey(current, key: seg.key, keyNode: YNode(.scalar(seg.key, quoted: false), at: keyNode.location), value: value, merge: false)
            } else {
                let keys = pairs.compactMap { $0.key.string }
                let near = MapReader.closest(seg.key, keys).map { " (did you mean '\($0)'?)" } ?? ""
                throw PathError(message: "no key '\(seg.key)' at '\(done.isEmpty ? "top level" : done)'\(near)", expected: "one of \(keys.joined(separator: ", "))")
            }
        } else {
            target = current
        }
        if let sel = seg.selector {
            guard var items = target.items else {
                throw PathError(message: "'\(here)' is \(target.kindName), not a list", expected: "a list to select [\(sel)] from")
            }
            guard let i = select(items, sel) else {
                let names = handles(items)
                let near = MapReader.closest(sel, names).map { " (did you mean '\($0)'?)" } ?? ""
                let listed = names.isEmpty ? "" : "; the items here: \(names.prefix(20).joined(separator: ", "))"
                throw PathError(message: "no item '\(sel)' in '\(here)'\(near)",
                                expected: "an index from 0 to \(items.count - 1), a label, a step name or an assigned attribute\(listed)")
            }
            if canonical.isEmpty { canonical.append("[\(i)]") } else { canonical[canonical.count - 1] += "[\(i)]" }
            let newItem = try apply(items[i], segs.dropFirst(), keyNode: keyNode, value: value, done: "\(here)[\(sel)]",
                                    context: inner + [nil], canonical: &canonical)
            items[i] = newItem
            target = YNode(.sequence(items), at: target.location)
        } else {
            target = try apply(target, segs.dropFirst(), keyNode: keyNode, value: value, done: here, context: inner, canonical: &canonical)
        }
        if seg.key.isEmpty { return target }
        current = setKey(current, key: seg.key, keyNode: keyNode, value: target, merge: false)
        return current
    }

    /// The names a selector can use for the items of a list (labels, step
    /// names, attributes assigned), for messages.
    static func handles(_ items: [YNode]) -> [String] {
        var out: [String] = []
        for item in items {
            if let l = item["label"]?.string { out.append(l) }
            for (k, v) in item.pairs ?? [] {
                if let n = v["name"]?.string { out.append(n) }
                if k.string == "assign", let ps = v.pairs { out += ps.compactMap { $0.key.string } }
            }
        }
        var seen = Set<String>()
        return out.filter { seen.insert($0).inserted }
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
