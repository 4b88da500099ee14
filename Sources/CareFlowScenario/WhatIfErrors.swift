/// The errors of a what-if file (one with `extends`), told as its author
/// sees the file:
/// - override paths that do not exist are reported together with every
///   other error the compiler finds (the bad overrides are left out);
/// - an error located in a base file that the bases alone do not have is a
///   consequence of the what-if's changes (a knock-on error). It is moved to
///   the value of the change it concerns (or to the file's `extends` when no
///   change is on its key path), naming the base's place in the message;
///   when some override path is wrong it is dropped, as it may come from
///   the override that could not be applied;
/// - key paths are spelled as the what-if wrote them (`steps[triage]`,
///   not `steps[2]`).
/// Errors a base has on its own are reported where they are.
enum WhatIfErrors {
    static func attribute(_ errors: [ScenarioError], _ loaded: LoadedScenario) -> [ScenarioError] {
        guard let user = loaded.userFile else { return sorted(loaded.mergeErrors + errors) }
        var kept: [ScenarioError] = []
        var unplaced: [ScenarioError] = []   // knock-on errors on no change's key path
        var ofBase: Set<String>?
        for e in errors {
            if e.location.file == user {
                var out = e
                if let (c, n) = nearest(e.path, loaded.userChanges) { out.path = respelled(e.path, c, n) }
                kept.append(out)
                continue
            }
            if ofBase == nil { ofBase = Set(baseErrors(loaded).map(\.description)) }
            if ofBase?.contains(e.description) == true { kept.append(e); continue }
            if loaded.userMergeErrors > 0 { continue }
            if let r = relocated(e, loaded) { kept.append(r) } else { unplaced.append(placedAtExtends(e, loaded)) }
        }
        // Those follow from the others when the file has any (a branch
        // whose probabilities no longer sum to 1 is not compiled, so the
        // milestones in it are missing): only then are they reported.
        let ownErrors = !kept.isEmpty || !loaded.mergeErrors.isEmpty
        return sorted(loaded.mergeErrors + kept + (ownErrors ? [] : unplaced))
    }

    /// The errors of the bases merged without the file given.
    static func baseErrors(_ loaded: LoadedScenario) -> [ScenarioError] {
        guard let root = loaded.baseRoot else { return [] }
        do {
            _ = try Compiler(LoadedScenario(root: root, path: loaded.path, files: [], changedPaths: [])).run()
            return []
        } catch {
            return error.errors
        }
    }

    /// A knock-on error, moved to the change on its key path (nil: none).
    static func relocated(_ e: ScenarioError, _ loaded: LoadedScenario) -> ScenarioError? {
        guard let (c, n) = nearest(e.path, loaded.userChanges) else { return nil }
        var out = e
        out.message = "\(e.message) (at \(e.location) in the base, after this file's changes)"
        out.location = c.at
        out.path = respelled(e.path, c, n)
        return out
    }

    /// A knock-on error with no change on its key path, put at `extends`.
    static func placedAtExtends(_ e: ScenarioError, _ loaded: LoadedScenario) -> ScenarioError {
        var out = e
        out.message = "\(e.message) (at \(e.location) in the base, after this file's changes)"
        if let at = loaded.userExtendsAt { out.location = at }
        return out
    }

    /// A key path's segments with list selectors apart: `steps[2].seize`
    /// -> steps, [2], seize.
    static func split(_ path: String) -> [String] {
        var out: [String] = []
        var cur = ""
        var depth = 0
        for ch in path {
            switch ch {
            case "[" where depth == 0:
                if !cur.isEmpty { out.append(cur) }
                cur = "["
                depth = 1
            case "]" where depth == 1:
                out.append(cur + "]")
                cur = ""
                depth = 0
            case "." where depth == 0:
                if !cur.isEmpty { out.append(cur) }
                cur = ""
            default:
                cur.append(ch)
            }
        }
        if !cur.isEmpty { out.append(cur) }
        return out
    }

    static func join(_ segs: [String]) -> String {
        var s = ""
        for seg in segs {
            if seg.hasPrefix("[") || s.isEmpty { s += seg } else { s += ".\(seg)" }
        }
        return s
    }

    /// The change on `path`'s key path (the error lies in the value it set,
    /// or above it), the longest such; and the length of the shared part.
    static func nearest(_ path: String, _ changes: [WhatIfChange]) -> (WhatIfChange, Int)? {
        let segs = split(path)
        guard !segs.isEmpty else { return nil }
        var best: (WhatIfChange, Int)?
        for c in changes {
            let cs = split(join(c.canonical))
            let n = min(segs.count, cs.count)
            guard n > 0, Array(segs.prefix(n)) == Array(cs.prefix(n)) else { continue }
            if best.map({ n > $0.1 }) ?? true { best = (c, n) }
        }
        return best
    }

    /// `path` with its first `n` segments as the change wrote them.
    static func respelled(_ path: String, _ c: WhatIfChange, _ n: Int) -> String {
        let segs = split(path), written = split(join(c.written))
        guard written.count >= n, split(join(c.canonical)).count == written.count else { return path }
        return join(Array(written.prefix(n)) + segs.dropFirst(n))
    }

    /// Sorted by file and position, duplicates removed (as Diagnostics does).
    static func sorted(_ errors: [ScenarioError]) -> [ScenarioError] {
        let d = Diagnostics()
        for e in errors { d.error(at: e.location, e.path, e.message, expected: e.expected) }
        do { try d.throwIfAny() } catch { return error.errors }
        return []
    }
}
