import CareFlowAnalysis
import CareFlowEngine
import CareFlowScenario
import CareFlowSweep
import Foundation

/// One integer decision variable: a key path (and linked paths that move with it).
public struct DecisionVariable: Sendable {
    public var name: String
    public var path: String
    public var keyNode: YNode
    public var from: Int, to: Int, step: Int
    /// Linked key paths: each gets value × scale + offset (rounded to a whole number).
    public var linked: [(path: String, scale: Double, offset: Double)]
    public var levels: [Int] { Array(stride(from: from, through: to, by: step)) }
}

/// A constraint: E[KPI] ≤ or ≥ a limit, to hold with a confidence.
public struct OptimiseConstraint: Sendable {
    public var kpi: String
    public var atMost: Bool
    public var limit: Double
    public var confidence: Double
    /// Indifference zone: means within it of the limit may go either way.
    public var tolerance: Double
    /// The limit was written as a duration (the KPI is in minutes).
    public var isDuration: Bool
}

public struct OptimiseObjective: Sendable {
    public var kpi: String
    /// Indifference zone of the selection among feasible configurations (noisy objectives).
    public var tolerance: Double
    public var confidence: Double
}

/// A parsed optimise file with every configuration compiled.
public struct OptimiseSpec: Sendable {
    public var name: String
    public var description: String
    public var file: String
    public var baseFile: String
    public var base: LoadedScenario
    public var baseScenario: CompiledScenario
    public var overrides: [(path: String, value: YNode)]
    public var variables: [DecisionVariable]
    public var constraints: [OptimiseConstraint]
    public var objective: OptimiseObjective
    public var seed: UInt64
    public var firstReplications: Int
    public var maxReplications: Int
    public var batch: Int
    /// Configurations evaluated at once, in objective order (not the worker count: results do not depend on workers).
    public var window: Int
    /// Configurations within this relative objective distance of the answer are shown as evidence.
    public var close: Double
    public var workers: Int?
    public var hash: String
    public var texts: [(role: String, path: String, text: String)]
    public var configurations: [Configuration]
}

/// One point of the decision space, compiled.
public struct Configuration: Sendable {
    public var id: Int
    public var values: [Int]
    public var model: Model
    public var config: CollectorConfig
    /// The objective known without simulating (cost of capacity and fixed items), NaN if none.
    public var knownObjective: Double
}

public enum OptimiseFile {
    static let topKeys = ["optimise", "description", "base", "overrides", "variables", "constraints", "objective", "replications", "seed", "window", "close", "workers"]
    public static let maxConfigurations = 10_000

    public static func load(_ path: String) throws(ScenarioErrors) -> OptimiseSpec {
        switch InputFile.read(path) {
        case .success(let r): return try parse(text: r.text, file: path)
        case .failure(let problem):
            throw ScenarioErrors([ScenarioError(at: SourceLocation(file: path, line: 1, column: 1), path: "", message: problem.message, expected: "a readable optimise file (.yaml)")])
        }
    }

    public static func parse(text: String, file: String) throws(ScenarioErrors) -> OptimiseSpec {
        var errs: [ScenarioError] = []
        func err(_ n: YNode, _ p: String, _ m: String, _ e: String) { errs.append(ScenarioError(at: n.location, path: p, message: m, expected: e)) }
        func fail() throws(ScenarioErrors) { if !errs.isEmpty { throw ScenarioErrors(errs) } }
        let root = try YAMLReader.parse(text, file: file)
        guard let pairs = root.pairs else {
            throw ScenarioErrors([ScenarioError(at: root.location, path: "", message: "the file holds \(root.kindName)", expected: "a mapping with optimise, base, variables, constraints, objective")])
        }
        for (k, _) in pairs {
            let ks = k.string ?? ""
            if !topKeys.contains(ks) { err(k, ks, "unknown key", "one of \(topKeys.joined(separator: ", "))") }
        }
        var name = ""
        if let n = root["optimise"], let s = n.string, !s.isEmpty, s.allSatisfy({ $0.isLetter || $0.isNumber || "-_.".contains($0) }), s.first != "." { name = s } else {
            err(root["optimise"] ?? root, "optimise", root["optimise"] == nil ? "missing" : "not a name", "optimise: NAME (letters, digits, - _ .)")
        }
        let description = root["description"]?.string ?? ""
        // base: relative to this file.
        var loaded: LoadedScenario?
        var baseFile = ""
        if let b = root["base"], let s = b.string, !s.isEmpty {
            let display = s.hasPrefix("/") || !file.contains("/") ? s : (file.parentPath as NSString).appendingPathComponent(s)
            baseFile = display
            if !FileManager.default.fileExists(atPath: display) { err(b, "base", "no such file '\(s)'", "the path of the base scenario, relative to this file") } else {
                do { loaded = try ScenarioLoader.load(display) } catch { errs += error.errors }
            }
        } else {
            err(root["base"] ?? root, "base", "missing", "base: SCENARIO.yaml (relative to this file)")
        }
        try fail()
        guard var base = loaded else { throw ScenarioErrors(errs) }
        var overrides: [(path: String, value: YNode)] = []
        if let ov = root["overrides"] {
            if let op = ov.pairs {
                for (k, v) in op {
                    guard let p = k.string else { continue }
                    do { base.root = try Merge.apply(base.root, path: p, keyNode: k, value: v); overrides.append((p, v)) } catch { err(k, "overrides.\(p)", error.message, error.expected) }
                }
            } else { err(ov, "overrides", "\(ov.kindName) is not a mapping", "a mapping of key paths to values") }
        }
        try fail()
        let baseScenario: CompiledScenario
        do { baseScenario = try ScenarioCompiler.compile(base) } catch { throw error }
        let kpiNames = Set(SweepFile.kpiNames(baseScenario))

        // variables
        var variables: [DecisionVariable] = []
        if let vn = root["variables"], let vp = vn.pairs, !vp.isEmpty {
            for (k, v) in vp {
                guard let vname = k.string else { continue }
                let here = "variables.\(vname)"
                guard let m = v.pairs else { err(v, here, "\(v.kindName) is not a mapping", "{path: KEY.PATH, from: A, to: B, step: S}"); continue }
                for (mk, _) in m where !["path", "from", "to", "step", "linked"].contains(mk.string ?? "") {
                    err(mk, "\(here).\(mk.string ?? "")", "unknown key", "one of path, from, to, step, linked")
                }
                guard let pn = v["path"], let path = pn.string else { err(v, "\(here).path", "missing", "path: a key path such as units.ward_bed.capacity"); continue }
                if let p = KeyPathCheck.problem(base.root, path) { err(pn, "\(here).path", p.0, p.1); continue }
                func int(_ key: String, _ def: Int?) -> Int? {
                    guard let n = v[key] else { if def == nil { err(v, "\(here).\(key)", "missing", "\(key): a whole number") }; return def }
                    guard let s = n.string, let x = Int(s.replacingOccurrences(of: "_", with: "")), x >= 0 else { err(n, "\(here).\(key)", "\(n.kindName) is not a whole number of at least 0", "a whole number"); return nil }
                    return x
                }
                guard let from = int("from", nil), let to = int("to", nil), let step = int("step", 1) else { continue }
                if to < from { err(v["to"] ?? v, "\(here).to", "\(to) is below from (\(from))", "to ≥ from"); continue }
                if step < 1 { err(v["step"] ?? v, "\(here).step", "step \(step)", "a step of at least 1"); continue }
                var linked: [(path: String, scale: Double, offset: Double)] = []
                if let ln = v["linked"] {
                    for (i, it) in (ln.items ?? []).enumerated() {
                        let lp = "\(here).linked[\(i)]"
                        let path2 = it.string ?? it["path"]?.string
                        guard let path2 else { err(it, lp, "\(it.kindName) is not a key path", "a key path, or {path, scale, offset}"); continue }
                        if let p = KeyPathCheck.problem(base.root, path2) { err(it, lp, p.0, p.1); continue }
                        let scale = it["scale"]?.string.flatMap(Double.init) ?? 1
                        let offset = it["offset"]?.string.flatMap(Double.init) ?? 0
                        linked.append((path2, scale, offset))
                    }
                    if ln.items == nil { err(ln, "\(here).linked", "\(ln.kindName) is not a list", "a list of key paths or {path, scale, offset}") }
                }
                variables.append(DecisionVariable(name: vname, path: path, keyNode: pn, from: from, to: to, step: step, linked: linked))
            }
        } else {
            err(root["variables"] ?? root, "variables", "missing or empty", "a mapping of variable names to {path, from, to, step}")
        }

        // objective
        var objective = OptimiseObjective(kpi: "cost.total_per_year", tolerance: 0, confidence: 0.95)
        var budget: (Double, YNode)?
        if let on = root["objective"] {
            if let mk = on["minimise"], let s = mk.string {
                objective.kpi = s
                if !kpiKnown(s, kpiNames) { err(mk, "objective.minimise", "unknown KPI '\(s)'", "a KPI name as in summary.json (careflow run --all), or A / B") }
                if let t = on["tolerance"] { objective.tolerance = quantity(t.string ?? "")?.0 ?? -1; if objective.tolerance < 0 { err(t, "objective.tolerance", "not a number", "a tolerance of at least 0") } }
                if let c = on["confidence"], let x = c.string.flatMap(Double.init), x > 0.5, x < 1 { objective.confidence = x } else if let c = on["confidence"] { err(c, "objective.confidence", "not a confidence", "a number between 0.5 and 1, e.g. 0.95") }
                if let bn = on["budget"] { if let x = quantity(bn.string ?? "")?.0 { budget = (x, bn) } else { err(bn, "objective.budget", "not a number", "a cost per year") } }
                for (k, _) in on.pairs ?? [] where !["minimise", "tolerance", "confidence", "budget"].contains(k.string ?? "") {
                    err(k, "objective.\(k.string ?? "")", "unknown key", "one of minimise, tolerance, confidence, budget")
                }
            } else { err(on, "objective", "no 'minimise'", "{minimise: cost.total_per_year} or {minimise: KPI, budget: X}") }
        }
        if baseScenario.collector.costs == nil, objective.kpi.hasPrefix("cost.") || budget != nil {
            err(root["objective"] ?? root, "objective", "the base scenario has no costs section", "costs: in the scenario (docs/scenario-format.md#costs), or another objective")
        }
        // constraints
        var constraints: [OptimiseConstraint] = []
        if let cn = root["constraints"], let items = cn.items {
            for (i, it) in items.enumerated() {
                let here = "constraints[\(i)]"
                for (k, _) in it.pairs ?? [] where !["kpi", "at_most", "at_least", "confidence", "tolerance"].contains(k.string ?? "") {
                    err(k, "\(here).\(k.string ?? "")", "unknown key", "one of kpi, at_most, at_least, confidence, tolerance")
                }
                guard let kn = it["kpi"], let kpi = kn.string else { err(it, "\(here).kpi", "missing", "kpi: a KPI name"); continue }
                if !kpiKnown(kpi, kpiNames) { err(kn, "\(here).kpi", "unknown KPI '\(kpi)'", "a KPI name as in summary.json (careflow run --all), or A / B") }
                let bn = it["at_most"] ?? it["at_least"]
                guard let bn, let q = quantity(bn.string ?? "") else { err(bn ?? it, "\(here).at_most", "missing or not a number", "at_most or at_least: a number, a share or a duration (30m)"); continue }
                let (limit, isDur) = q
                if it["at_most"] != nil && it["at_least"] != nil { err(it, here, "both at_most and at_least", "one bound per constraint") }
                var conf = 0.95
                if let c = it["confidence"] { if let x = c.string.flatMap(Double.init), x > 0.5, x < 1 { conf = x } else { err(c, "\(here).confidence", "not a confidence", "a number between 0.5 and 1, e.g. 0.95") } }
                var tol = abs(limit) * 0.02
                if let t = it["tolerance"] { if let x = quantity(t.string ?? "")?.0, x > 0 { tol = x } else { err(t, "\(here).tolerance", "not a tolerance", "a number or duration greater than 0") } }
                if tol <= 0 { err(it, "\(here).tolerance", "the limit is 0, so no default tolerance", "tolerance: a number greater than 0") }
                constraints.append(OptimiseConstraint(kpi: kpi, atMost: it["at_most"] != nil, limit: limit, confidence: conf, tolerance: tol, isDuration: isDur))
            }
        } else if let cn = root["constraints"] { err(cn, "constraints", "\(cn.kindName) is not a list", "a list of {kpi, at_most|at_least, confidence}") }
        if let b = budget?.0 {
            constraints.append(OptimiseConstraint(kpi: "cost.total_per_year", atMost: true, limit: b, confidence: objective.confidence, tolerance: max(1e-9, abs(b) * 0.005), isDuration: false))
        }
        func count(_ key: String, _ def: Int, min: Int, max: Int) -> Int {
            guard let n = root[key] ?? root["replications"]?[key] else { return def }
            guard let x = n.string.flatMap({ Int($0) }), x >= min, x <= max else { err(n, key, "\(n.kindName) is not a whole number from \(min) to \(max)", "a whole number from \(min) to \(max)"); return def }
            return x
        }
        let first = count("first", 10, min: 2, max: 1000)
        let maxR = count("max", 200, min: 2, max: Sizes.maxReplications)
        let batch = count("batch", max(2, first / 2), min: 1, max: 1000)
        let window = count("window", 8, min: 1, max: 1000)
        let workers = root["workers"] == nil ? nil : count("workers", 1, min: 1, max: Sizes.maxWorkers)
        if let rn = root["replications"] {
            for (k, _) in rn.pairs ?? [] where !["first", "max", "batch"].contains(k.string ?? "") { err(k, "replications.\(k.string ?? "")", "unknown key", "one of first, max, batch") }
            if rn.pairs == nil { err(rn, "replications", "\(rn.kindName) is not a mapping", "{first: 10, max: 200, batch: 5}") }
        }
        if maxR < first { err(root["replications"] ?? root, "replications.max", "max \(maxR) is below first \(first)", "max ≥ first") }
        var seed = baseScenario.seed
        if let s = root["seed"] { if let x = s.string.flatMap({ UInt64($0) }) { seed = x } else { err(s, "seed", "not a seed", "a whole number from 0 to 18446744073709551615") } }
        var close = 0.05
        if let c = root["close"] { if let x = c.string.flatMap(Double.init), x >= 0, x <= 1 { close = x } else { err(c, "close", "not a share", "a share from 0 to 1, e.g. 0.05") } }
        try fail()

        // Every configuration, compiled (first variable slowest).
        let sizes = variables.map { $0.levels.count }
        let total = sizes.reduce(1) { $0 > maxConfigurations ? $0 : $0 * $1 }
        if total > maxConfigurations { err(root["variables"] ?? root, "variables", "\(total) configurations", "at most \(maxConfigurations)") }
        try fail()
        var configs: [Configuration] = []
        for id in 0..<total {
            var rest = id
            var idx = [Int](repeating: 0, count: variables.count)
            for v in stride(from: variables.count - 1, through: 0, by: -1) { idx[v] = rest % sizes[v]; rest /= sizes[v] }
            let values = zip(variables, idx).map { $0.levels[$1] }
            var sc = base
            for (v, x) in zip(variables, values) {
                for (p, y) in assignments(v, x) {
                    do { sc.root = try Merge.apply(sc.root, path: p, keyNode: v.keyNode, value: YNode(.scalar(String(y), quoted: false), at: v.keyNode.location)) } catch {
                        err(v.keyNode, "variables.\(v.name)", error.message, error.expected)
                    }
                }
            }
            try fail()
            do {
                let c = try ScenarioCompiler.compile(sc)
                var config = c.collector
                config.series = false
                var known = Double.nan
                if let costs = config.costs, objective.kpi.hasPrefix("cost.") {
                    let k = costs.kpis(model: c.model, counter: { _ in 0 })
                    if costs.events.isEmpty || !["cost.total_per_year", "cost.events_per_year"].contains(objective.kpi) && !objective.kpi.hasPrefix("cost.event.") {
                        known = k.first { $0.0 == objective.kpi }?.1 ?? .nan
                    }
                }
                configs.append(Configuration(id: id, values: values, model: c.model, config: config, knownObjective: known))
            } catch {
                let label = zip(variables, values).map { "\($0.name)=\($1)" }.joined(separator: ", ")
                for e in error.errors.prefix(3) { var e2 = e; e2.message += " (configuration \(id): \(label))"; errs.append(e2) }
                if errs.count >= 10 { break }
            }
        }
        try fail()
        // Hash: this file and every scenario file, with lengths.
        var h = SHA256()
        var texts: [(role: String, path: String, text: String)] = [("optimise", file, text)]
        let own = Array(text.utf8)
        h.update(Array("optimise \(own.count)\n".utf8)); h.update(own)
        for f in base.files {
            let b = Array(f.text.utf8)
            h.update(Array("\nscenario \(b.count)\n".utf8)); h.update(b)
            texts.append(("scenario", f.path, f.text))
        }
        let hash = h.finalize()
        return OptimiseSpec(name: name, description: description, file: file, baseFile: baseFile, base: base, baseScenario: baseScenario,
                            overrides: overrides, variables: variables, constraints: constraints, objective: objective, seed: seed,
                            firstReplications: first, maxReplications: maxR, batch: batch, window: window, close: close, workers: workers,
                            hash: hash, texts: texts, configurations: configs)
    }

    /// The key paths and whole-number values a variable at `x` sets.
    public static func assignments(_ v: DecisionVariable, _ x: Int) -> [(String, Int)] {
        [(v.path, x)] + v.linked.map { ($0.path, Int((Double(x) * $0.scale + $0.offset).rounded())) }
    }

    /// A KPI name or a ratio "A / B" of two.
    static func kpiKnown(_ s: String, _ names: Set<String>) -> Bool {
        if s.hasPrefix("cost.") { return true }
        let parts = s.components(separatedBy: " / ")
        return parts.count <= 2 && parts.allSatisfy { names.contains($0.trimmingCharacters(in: .whitespaces)) }
    }

    /// A number, a percentage ("90%") or a duration in minutes ("30m", "1h30m").
    public static func quantity(_ s: String) -> (Double, Bool)? {
        let t = s.trimmingCharacters(in: .whitespaces).replacingOccurrences(of: "_", with: "")
        if let v = Double(t), v.isFinite { return (v, false) }
        if t.hasSuffix("%"), let v = Double(t.dropLast()), v.isFinite { return (v / 100, false) }
        let unit: [Character: Double] = ["s": 1.0 / 60, "m": 1, "h": 60, "d": 1440, "w": 10080]
        var total = 0.0, num = ""
        for ch in t {
            if ch.isNumber || ch == "." { num.append(ch); continue }
            guard let v = Double(num), let m = unit[ch] else { return nil }
            total += v * m
            num = ""
        }
        return num.isEmpty && !t.isEmpty ? (total, true) : nil
    }
}
