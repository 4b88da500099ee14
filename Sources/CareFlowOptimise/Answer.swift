import CareFlowAnalysis
import CareFlowScenario
import Foundation

/// The optimiser's answer as files: optimise.json (the answer and every
/// configuration evaluated) and chosen.yaml (a what-if of the base scenario
/// that sets the chosen configuration, one `careflow compare` away).
public enum Answer {
    /// The configurations shown as evidence: every evaluated configuration
    /// whose objective is within `close` of the chosen one's, cheapest first.
    public static func close(_ r: OptimiseResult) -> [Int] {
        guard let c = r.chosen else { return r.states.filter { $0.n > 0 }.map(\.id).sorted { r.objective($0) < r.objective($1) }.prefix(10).map { $0 } }
        let best = r.objective(c)
        return r.states.filter { $0.n > 0 && abs(r.objective($0.id) - best) <= abs(best) * r.spec.close + 1e-9 }.map(\.id)
            .sorted { (r.objective($0), $0) < (r.objective($1), $1) }
    }

    /// Why a configuration is not the answer, in words (English; the report translates the pattern).
    public static func reason(_ r: OptimiseResult, _ c: Int) -> (key: String, args: [String]) {
        let s = r.states[c]
        if c == r.chosen { return ("chosen", []) }
        if let i = s.decisions.firstIndex(of: .infeasible) { return ("misses {0}", [r.spec.constraints[i].kpi]) }
        if s.status == .undecided { return (s.atCap ? "undecided after the maximum replications (within the tolerance of a limit)" : "not decided", []) }
        if let ch = r.chosen, r.objective(c) > r.objective(ch) { return ("feasible but costs more", []) }
        return ("feasible, not selected", [])
    }

    /// Variables whose chosen value is the lower bound of their range:
    /// the true optimum may lie below it (widen the range).
    public static func onLowerBound(_ r: OptimiseResult) -> [String] {
        guard let c = r.chosen else { return [] }
        return zip(r.spec.variables, r.spec.configurations[c].values).filter { $0.from == $1 && $0.from < $0.to }.map { $0.0.name }
    }

    public static func configurationJSON(_ r: OptimiseResult, _ c: Int) -> JSON {
        let spec = r.spec, s = r.states[c]
        var f: [(String, JSON)] = [("configuration", .number(Double(c)))]
        f.append(("values", .object(zip(spec.variables, spec.configurations[c].values).map { ($0.name, .number(Double($1))) })))
        f.append(("status", .string(s.status.rawValue)))
        f.append(("replications", .number(Double(s.n))))
        f.append(("objective", r.estimate(c, spec.objective.kpi).json))
        if spec.configurations[c].knownObjective.isFinite { f.append(("objective_known", .number(spec.configurations[c].knownObjective))) }
        f.append(("constraints", .array(spec.constraints.enumerated().map { i, con in
            .object([("kpi", .string(con.kpi)), ("estimate", r.estimate(c, con.kpi).json), ("decision", .string(s.decisions[i].rawValue)),
                     ("replications_used", .number(Double(s.used[i])))])
        })))
        let why = reason(r, c)
        f.append(("reason", .string(why.args.reduce(why.key) { $0.replacingOccurrences(of: "{0}", with: $1) })))
        return .object(f)
    }

    public static func json(_ r: OptimiseResult, command: String) -> JSON {
        let spec = r.spec
        var f: [(String, JSON)] = [
            ("optimise", .string(spec.name)),
            ("base", .string(spec.baseFile)),
            ("method", .string("Cost-ordered screening with the fully sequential feasibility check of Andradottir & Kim (2010), then the cheapest feasible configuration" + (r.deterministicObjective ? "" : " by KN (Kim & Nelson 2001)") + "; common random numbers")),
            ("seed", .number(Double(spec.seed))),
            ("objective", .object([("minimise", .string(spec.objective.kpi)), ("known_without_simulation", .bool(r.deterministicObjective))])),
            ("constraints", .array(spec.constraints.map { c in
                .object([("kpi", .string(c.kpi)), (c.atMost ? "at_most" : "at_least", .number(c.limit)), ("confidence", .number(c.confidence)), ("tolerance", .number(c.tolerance))])
            })),
            ("variables", .array(spec.variables.map { v in
                .object([("name", .string(v.name)), ("path", .string(v.path)), ("from", .number(Double(v.from))), ("to", .number(Double(v.to))), ("step", .number(Double(v.step)))])
            })),
            ("replications", .object([("first", .number(Double(spec.firstReplications))), ("max", .number(Double(spec.maxReplications))), ("batch", .number(Double(spec.batch)))])),
            ("chosen", r.chosen.map { configurationJSON(r, $0) } ?? .null),
            ("on_lower_bound", .array(onLowerBound(r).map { .string($0) })),
            ("close", .array(close(r).map { configurationJSON(r, $0) })),
            ("evaluated", .array(r.states.filter { $0.n > 0 }.map { configurationJSON(r, $0.id) })),
            ("configurations", .number(Double(spec.configurations.count))),
            ("evaluations", .number(Double(r.evaluations))),
            ("total_replications", .number(Double(r.replications))),
            ("replications_this_run", .number(Double(r.tasksRun))),
            ("rounds", .number(Double(r.rounds))),
            ("command", .string(command)),
            ("software", .string(Outputs.softwareVersion)),
        ]
        if !r.unseparated.isEmpty { f.append(("not_separated", .array(r.unseparated.map { .number(Double($0)) }))) }
        return .object(f)
    }

    /// chosen.yaml: `extends` the base scenario (relative to `outDir`), the
    /// optimise file's overrides, and the chosen values.
    public static func whatIf(_ r: OptimiseResult, outDir: String) -> String? {
        guard let c = r.chosen else { return nil }
        let spec = r.spec
        let base = relative(URL(fileURLWithPath: spec.baseFile).standardizedFileURL.path, from: URL(fileURLWithPath: outDir).standardizedFileURL.path)
        var s = "# The configuration chosen by `careflow optimise` (\(oneLine(spec.name))).\n"
        s += "# Compare it with the base: careflow compare \(quoted(spec.baseFile)) \(quoted(outDir + "/chosen.yaml")) --seed \(spec.seed)\n"
        s += "extends: \(quoted(base))\n"
        s += "name: \(quoted(spec.name + "-chosen"))\n"
        s += "title: \(quoted("Chosen by careflow optimise: " + zip(spec.variables, spec.configurations[c].values).map { "\($0.name) \($1)" }.joined(separator: ", ")))\n"
        s += "overrides:\n"
        for (p, v) in spec.overrides { s += "  \(quoted(p)): \(v.flowYAML)\n" }
        for (v, x) in zip(spec.variables, spec.configurations[c].values) {
            s += "  # \(oneLine(v.name))\n"
            for (p, y) in OptimiseFile.assignments(v, x) { s += "  \(quoted(p)): \(y)\n" }
        }
        return s
    }

    static func relative(_ path: String, from dir: String) -> String {
        let a = path.split(separator: "/").map(String.init), b = dir.split(separator: "/").map(String.init)
        var i = 0
        while i < a.count - 1, i < b.count, a[i] == b[i] { i += 1 }
        return (Array(repeating: "..", count: b.count - i) + a[i...]).joined(separator: "/")
    }

    static func oneLine(_ s: String) -> String { String(s.map { $0 == "\n" || $0 == "\r" ? " " : $0 }) }

    /// A YAML double-quoted string.
    static func quoted(_ s: String) -> String {
        var out = "\""
        for u in s.unicodeScalars {
            switch u {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            default:
                if u.value < 0x20 || u.value == 0x7F { out += String(format: "\\u%04x", u.value) } else { out.unicodeScalars.append(u) }
            }
        }
        return out + "\""
    }
}
