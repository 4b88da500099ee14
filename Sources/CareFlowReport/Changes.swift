/// "What changed" in words: each setting that differs from the reference with
/// a label instead of a key path and old -> new values ("CT scanner:
/// capacity 1 → 2"; "triage accuracy table: 5 rows changed").
enum Changes {
    /// "units.ct.capacity" -> "CT scanner: capacity"; steps and arrivals by their labels.
    static func label(_ path: String, _ d: ReportData) -> String {
        var parts = splitPath(path)
        guard parts.count >= 2 else { return words(path) }
        let section = parts.removeFirst(), name = parts.removeFirst()
        let thing: String
        switch section {
        case "units": thing = d.unitLabel(name)
        case "pathways", "subpathways": thing = d.pathwayLabel(name)
        case "kpis": thing = d.kpiMeta(name)?.label ?? words(name)
        case "census": thing = d.censusLabel(name)
        case "arrivals": thing = tr("arrivals {0}", words(name))
        case "attributes": thing = tr("attribute {0}", words(name))
        case "run": return tr("run settings") + ": " + words(([name] + parts).joined(separator: " "))
        default: thing = words(section + " " + name)
        }
        // Steps: "steps[triage]" -> "step triage".
        var rest: [String] = []
        var afterStep = false
        for p in parts {
            if p.hasPrefix("steps["), p.hasSuffix("]") { rest.append(tr("step") + " " + words(String(p.dropFirst(6).dropLast()))); afterStep = true; continue }
            // The step's kind after its name says nothing new ("step triage activity duration").
            if afterStep && stepKinds.contains(p) { afterStep = false; continue }
            afterStep = false
            // "options[X-ray]" -> "option X-ray".
            if let open = p.firstIndex(of: "["), p.hasSuffix("]") {
                var head = String(p[..<open])
                if head.hasSuffix("s") { head.removeLast() }
                rest.append(tr(words(head)) + " " + String(p[p.index(after: open)..<p.index(before: p.endIndex)]))
                continue
            }
            rest.append(tr(words(p)))
        }
        return rest.isEmpty ? thing : thing + ": " + rest.joined(separator: " ")
    }

    static let stepKinds: Set<String> = ["activity", "seize", "release", "delay", "assign", "branch", "branch_on", "repeat", "milestone", "patience", "leave", "wait_until_time_of_day"]

    /// Splits on dots outside brackets.
    static func splitPath(_ p: String) -> [String] {
        var out: [String] = [], cur = "", depth = 0
        for ch in p {
            if ch == "[" { depth += 1 } else if ch == "]" { depth -= 1 }
            if ch == "." && depth == 0 { out.append(cur); cur = "" } else { cur.append(ch) }
        }
        out.append(cur)
        return out
    }

    static func words(_ s: String) -> String { s.replacingAll("_", with: " ") }

    /// One line per change, in words.
    static func lines(_ w: Scenario, _ d: ReportData) -> [String] {
        if let changes = w.changes {
            return changes.map { c in
                let l = label(c.path, d)
                if let r = c.rows { return tr("{0}: {1} rows changed", l, "\(r)") }
                switch (c.old, c.new) {
                case (let o?, let n?): return "\(l): \(o) → \(n)"
                case (nil, let n?): return tr("{0}: added ({1})", l, n)
                case (let o?, nil): return tr("{0}: removed (was {1})", l, o)
                default: return l
                }
            }
        }
        // Older results without the full diff: the key paths the file changed, in words.
        return w.settingChanges.map { label($0, d) }
    }

    /// A what-if's changes, said once: when it contains every change of
    /// earlier what-ifs, "the changes of A, B" and then only its own others.
    static func composed(_ w: Scenario, _ d: ReportData) -> [String] {
        let ls = lines(w, d), own = Set(ls)
        var parts: [(String, Set<String>)] = []
        for o in d.whatIfs {
            if o.name == w.name { break }
            let theirs = Set(lines(o, d))
            if !theirs.isEmpty && theirs.isSubset(of: own) && theirs != own { parts.append((o.name, theirs)) }
        }
        guard !parts.isEmpty else { return ls }
        let covered = parts.reduce(into: Set<String>()) { $0.formUnion($1.1) }
        return [tr("the changes of {0}", parts.map(\.0).joined(separator: ", "))] + ls.filter { !covered.contains($0) }
    }

    /// The list for a what-if (at most `limit` items, then "and N more").
    static func render(_ w: Scenario, _ d: ReportData, limit: Int = 8) -> String {
        let ls = composed(w, d)
        guard !ls.isEmpty else { return "<p class=\"changes\">\(esc(tr("No settings differ from the reference.")))</p>" }
        var s = "<p class=\"changes\"><strong>\(esc(tr("What changed")))</strong>: "
        s += ls.prefix(limit).map { esc($0) }.joined(separator: "; ")
        if ls.count > limit { s += esc(tr("; and {0} more (see the method section)", "\(ls.count - limit)")) }
        return s + ".</p>"
    }
}
