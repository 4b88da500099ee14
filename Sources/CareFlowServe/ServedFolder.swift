import CareFlowScenario
import Foundation

/// The folder `careflow serve` reads scenarios from, and the rules that keep
/// every read inside it: relative paths only, no `..`, no symbolic link that
/// leads out, and every `extends` of a chain inside the folder too. The
/// checked file is then loaded by the CLI's own loader and compiler.
public struct ServedFolder: Sendable {
    /// The canonical (symlink-free) path of the folder.
    public let root: String

    public init(_ path: String) throws(ServeError) {
        guard let real = ServedFolder.canonical(path) else { throw ServeError(.notFound, "no such folder '\(path)'") }
        var isDir: ObjCBool = false
        guard FileManager.default.fileExists(atPath: real, isDirectory: &isDir), isDir.boolValue else {
            throw ServeError(.badRequest, "'\(path)' is not a folder")
        }
        root = real
    }

    static func canonical(_ p: String) -> String? {
        guard let r = realpath(p, nil) else { return nil }
        defer { free(r) }
        return String(cString: r)
    }

    /// The absolute path of `relative` after checking it stays inside.
    public func resolve(_ relative: String) throws(ServeError) -> String {
        guard !relative.isEmpty, relative.count <= 512 else { throw ServeError(.badRequest, "a scenario path is needed") }
        guard !relative.hasPrefix("/"), !relative.hasPrefix("~"), !relative.contains("\\"), !relative.contains("\0") else {
            throw ServeError(.forbidden, "'\(relative)' is not a path inside the served folder")
        }
        let parts = relative.split(separator: "/", omittingEmptySubsequences: false)
        guard !parts.contains(where: { $0 == ".." || $0 == "." || $0.isEmpty || $0.hasPrefix(".") }) else {
            throw ServeError(.forbidden, "'\(relative)' is not a path inside the served folder")
        }
        guard relative.hasSuffix(".yaml") || relative.hasSuffix(".yml") else {
            throw ServeError(.forbidden, "'\(relative)' is not a scenario file (.yaml)")
        }
        let joined = root + "/" + relative
        guard let real = ServedFolder.canonical(joined) else { throw ServeError(.notFound, "no scenario '\(relative)'") }
        guard inside(real) else { throw ServeError(.forbidden, "'\(relative)' leads outside the served folder") }
        return real
    }

    func inside(_ real: String) -> Bool { real.hasPrefix(root + "/") }

    /// Checks `path`'s `extends` chain (at most 16 files) stays inside the
    /// folder, then loads it with the CLI's loader.
    public func load(_ relative: String) throws(ServeError) -> LoadedScenario {
        let path = try resolve(relative)
        let text = try checkChain(path, relative)
        // The CLI's loader, with the file named as relative to the folder
        // (as `careflow compare` run in the folder names it).
        do {
            return try ScenarioLoader.load(text: text, file: relative, directory: (path as NSString).deletingLastPathComponent)
        } catch {
            throw ServeError(.unprocessable, displayed(error.description))
        }
    }

    /// Loads text that extends a file in this folder (a what-if built from knobs).
    public func load(text: String, name: String, extending base: String) throws(ServeError) -> LoadedScenario {
        let basePath = try resolve(base)
        _ = try checkChain(basePath, base)
        do {
            return try ScenarioLoader.load(text: text, file: name, directory: (basePath as NSString).deletingLastPathComponent)
        } catch {
            throw ServeError(.unprocessable, displayed(error.description))
        }
    }

    /// Returns the text of the first file. Every file named by an `extends`
    /// (one name or a list) is checked, at most 64 files in all.
    @discardableResult
    private func checkChain(_ start: String, _ relative: String) throws(ServeError) -> String {
        var pending = [start]
        var seen: [String] = []
        var first: String?
        while let current = pending.popLast() {
            if seen.contains(current) { continue }   // the loader reports cycles
            if seen.count >= 64 { break }            // the loader reports long chains
            seen.append(current)
            guard let data = FileManager.default.contents(atPath: current), data.count <= 4 << 20,
                  let text = String(data: data, encoding: .utf8) else {
                throw ServeError(.unprocessable, "\(relative): cannot read the file (or it is over 4 MiB)")
            }
            if first == nil { first = text }
            guard let tree = try? YAMLReader.parse(text, file: relative) else { continue }
            for ext in ScenarioLoader.extendsNames(of: tree) {
                if ext.hasPrefix("/") { throw ServeError(.forbidden, "\(relative): extends '\(ext)' is outside the served folder") }
                let next = ((current as NSString).deletingLastPathComponent as NSString).appendingPathComponent(ext)
                guard let real = ServedFolder.canonical(next) else { continue }   // the loader reports the missing base
                guard inside(real) else { throw ServeError(.forbidden, "\(relative): extends '\(ext)' is outside the served folder") }
                pending.append(real)
            }
        }
        return first ?? ""
    }

    /// Errors name files relative to the folder, never its absolute path.
    func displayed(_ message: String) -> String {
        message.replacingOccurrences(of: root + "/", with: "")
    }

    /// A scenario file offered in the page.
    public struct Entry: Sendable, Codable {
        public var path: String
        public var name: String
        public var title: String
        /// The base it extends (a what-if), relative to the folder.
        public var extends: String?
    }

    /// Scenario files (not sweep files) under the folder, at most 3 levels
    /// deep and 500 files, hidden folders and Results/ left out.
    public func list() -> [Entry] {
        var out: [Entry] = []
        func walk(_ dir: String, _ prefix: String, depth: Int) {
            guard depth <= 3, let names = try? FileManager.default.contentsOfDirectory(atPath: dir) else { return }
            for n in names.sorted() where !n.hasPrefix(".") && n != "Results" && out.count < 500 {
                let rel = prefix.isEmpty ? n : "\(prefix)/\(n)"
                var isDir: ObjCBool = false
                let full = dir + "/" + n
                guard FileManager.default.fileExists(atPath: full, isDirectory: &isDir) else { continue }
                if isDir.boolValue { walk(full, rel, depth: depth + 1); continue }
                guard n.hasSuffix(".yaml") || n.hasSuffix(".yml"), let path = try? resolve(rel),
                      let data = FileManager.default.contents(atPath: path), data.count <= 4 << 20,
                      let text = String(data: data, encoding: .utf8),
                      let tree = try? YAMLReader.parse(text, file: rel), tree.pairs != nil, tree["sweep"] == nil else { continue }
                let stem = (n as NSString).deletingPathExtension
                var ext: String?
                // A list of bases: the first (the page only tells bases from what-ifs).
                if let e = ScenarioLoader.extendsNames(of: tree).first {
                    ext = prefix.isEmpty ? e : "\(prefix)/\(e)"
                }
                out.append(Entry(path: rel, name: tree["name"]?.string ?? stem, title: tree["title"]?.string ?? stem, extends: ext))
            }
        }
        walk(root, "", depth: 0)
        return out
    }
}
