import Foundation

/// `extends:` names one base file or a list of them. The files form a
/// graph (a what-if of what-ifs that share a baseline is a diamond); they are
/// merged in one order: each file after its bases, the bases of a list left
/// to right, and a file reached twice only once, at its first place. So
/// `extends: [ai-triage.yaml, ai-imaging.yaml]`, both extending
/// baseline.yaml, merges baseline.yaml, then ai-triage.yaml's changes, then
/// ai-imaging.yaml's, then the file's own.
extension ScenarioLoader {
    /// The file names an `extends` value gives (best effort, for callers
    /// that check files before loading them, such as `careflow serve`).
    public static func extendsNames(of root: YNode) -> [String] {
        guard let ext = root["extends"] else { return [] }
        if let s = ext.string { return [s] }
        return (ext.items ?? []).compactMap(\.string)
    }

    /// The base names of `ext` with the nodes that wrote them.
    static func bases(_ ext: YNode) throws(ScenarioErrors) -> [(name: String, node: YNode)] {
        let expected = "the path of the base scenario (e.g. baseline.yaml), or a list of them merged in order"
        if let s = ext.string, !s.isEmpty { return [(s, ext)] }
        guard let items = ext.items, !items.isEmpty else {
            throw ScenarioErrors([ScenarioError(at: ext.location, path: "extends",
                                                message: ext.items != nil ? "an empty list" : "\(ext.kindName) is not a file name", expected: expected)])
        }
        var out: [(name: String, node: YNode)] = []
        var errors: [ScenarioError] = []
        for (i, it) in items.enumerated() {
            guard let s = it.string, !s.isEmpty else {
                errors.append(ScenarioError(at: it.location, path: "extends[\(i)]", message: "\(it.kindName) is not a file name", expected: expected))
                continue
            }
            if out.contains(where: { $0.name == s }) {
                errors.append(ScenarioError(at: it.location, path: "extends[\(i)]", message: "'\(s)' is listed twice", expected: "each base file once"))
                continue
            }
            out.append((s, it))
        }
        if !errors.isEmpty { throw ScenarioErrors(errors) }
        return out
    }

    /// Every file `first` extends, directly or not, in merge order (`first`
    /// last). Depth first with an explicit stack (no recursion, so a long
    /// chain never meets the call stack); at most `maxExtendsDepth` files.
    static func layers(from first: Level) throws(ScenarioErrors) -> [Level] {
        struct Frame {
            var level: Level
            var bases: [(name: String, node: YNode)]
            var next = 0
        }
        func frame(_ level: Level) throws(ScenarioErrors) -> Frame {
            _ = try mapping(level)
            guard let ext = level.root["extends"] else { return Frame(level: level, bases: []) }
            return Frame(level: level, bases: try bases(ext))
        }
        var order: [Level] = []
        var seen: Set<String> = []     // canonical paths read so far
        var count = 1
        var stack = [try frame(first)]
        if let c = first.canonical { seen.insert(c) }
        while !stack.isEmpty {
            let top = stack.count - 1
            guard stack[top].next < stack[top].bases.count else {
                order.append(stack.removeLast().level)
                continue
            }
            let (basePath, node) = stack[top].bases[stack[top].next]
            stack[top].next += 1
            let level = stack[top].level
            let resolved = basePath.hasPrefix("/") ? basePath : (level.directory as NSString).appendingPathComponent(basePath)
            let canonical = URL(fileURLWithPath: resolved).standardizedFileURL.path
            if stack.contains(where: { $0.level.canonical == canonical }) {
                let names = (stack.compactMap(\.level.canonical) + [canonical]).map { ($0 as NSString).lastPathComponent }
                throw ScenarioErrors([ScenarioError(at: node.location, path: "extends",
                    message: "cycle in extends: \(names.joined(separator: " -> "))", expected: "a chain of scenarios that ends in one without extends")])
            }
            // A base already merged (a shared baseline) is merged once.
            if seen.contains(canonical) { continue }
            guard count < maxExtendsDepth else {
                throw ScenarioErrors([ScenarioError(at: node.location, path: "extends",
                    message: "the extends chain is longer than \(maxExtendsDepth) files",
                    expected: "a chain of at most \(maxExtendsDepth) scenario files")])
            }
            let display = level.display.contains("/")
                ? (level.display.parentPath as NSString).appendingPathComponent(basePath) : basePath
            let baseDisplay = basePath.hasPrefix("/") ? basePath : display
            let text = try read(resolved, display: baseDisplay, via: (node, basePath))
            let base = Level(root: try YAMLReader.parse(text, file: baseDisplay), text: text, display: baseDisplay,
                             directory: URL(fileURLWithPath: resolved).deletingLastPathComponent().path, canonical: canonical)
            seen.insert(canonical)
            count += 1
            stack.append(try frame(base))
        }
        return order
    }
}
