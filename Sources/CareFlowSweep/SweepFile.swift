import CareFlowAnalysis
import CareFlowEngine
import CareFlowScenario
import Foundation

/// One factor of a sweep: a key path of the base scenario and its levels.
public struct SweepFactor: Sendable {
    public enum Kind: Sendable, Equatable {
        case values
        /// Evenly spaced numbers or durations; `unit` is the duration unit the
        /// values are written in (nil: plain numbers).
        case range(from: Double, to: Double, step: Double, unit: String?)
    }
    public var path: String
    /// The short column name (`name:` in the sweep file, else derived from
    /// the key path, e.g. `ward_bed`, `physician_0800`).
    public var name: String
    /// Where the key path is written in the sweep file.
    public var keyNode: YNode
    public var kind: Kind
    /// The levels, as YAML values located in the sweep file.
    public var levels: [YNode]

    /// A level as text (scalars as written; lists and mappings as JSON).
    public func label(_ i: Int) -> String { SweepFile.label(levels[i]) }
}

/// A fixed override of a sweep file: a key path and its value.
public struct SweepOverride: Sendable {
    public var path: String
    public var value: YNode
}

/// One input file of a sweep as read (the sweep file or a scenario of the
/// base's `extends` chain), stored whole in the database.
public struct SweepInputFile: Sendable {
    /// "sweep" or "scenario".
    public var role: String
    /// The absolute path it was read from.
    public var path: String
    public var text: String
}

/// One design point: a level index per factor.
public struct SweepPoint: Sendable, Equatable {
    public var id: Int
    public var levels: [Int]
}

/// A compiled design point, ready to run.
public struct PointModel: Sendable {
    public var model: Model
    public var config: CollectorConfig
}

/// A parsed, checked and compiled sweep file.
public struct SweepSpec: Sendable {
    public var name: String
    public var description: String
    /// The sweep file as given, and its absolute path (stored in the database).
    public var displayFile: String
    public var file: String
    /// The base scenario's absolute path.
    public var baseFile: String
    /// The base scenario with `overrides` applied.
    public var base: LoadedScenario
    public var baseScenario: CompiledScenario
    public var overrides: [String]
    /// The overrides with their values, in file order.
    public var overrideValues: [SweepOverride]
    public var factors: [SweepFactor]
    public var design: SweepDesign
    public var replications: Int
    public var seed: UInt64
    /// The KPIs stored (all of the base scenario's if the file names none).
    public var kpis: [String]
    public var workers: Int?
    /// SHA-256 of the sweep file's bytes and the base scenario files' bytes.
    public var hash: String
    public var points: [SweepPoint]
    /// One compiled model per point (same order as `points`).
    public var models: [PointModel]
    /// The sweep file, then the base scenario's files (base of the chain first).
    public var inputs: [SweepInputFile]

    public var taskCount: Int { points.count * replications }

    /// The values of a point as JSON text: {"key.path": value, ...}.
    public func pointJSON(_ p: SweepPoint) -> String {
        JSON.object(zip(factors, p.levels).map { ($0.path, SweepFile.json($0.levels[$1])) }).serialized(pretty: false)
    }

    /// "units.ward_bed.capacity=205, arrivals.ed_walk_in.per_day=120"
    public func pointLabel(_ p: SweepPoint) -> String {
        zip(factors, p.levels).map { "\($0.path)=\($0.label($1))" }.joined(separator: ", ")
    }
}

/// Reads sweep files: YAML with locations, errors as
/// `FILE:LINE:COLUMN: error: <key path>: <what>; expected <what>`.
public enum SweepFile {
    /// The most values a `range` factor expands to.
    public static let maxRangeValues = 100_000
    /// The most design points (grid or Latin hypercube).
    public static let maxPoints = 1_000_000
    /// The most numbers in a Latin hypercube (points x factors).
    public static let maxDesignCells = 10_000_000
    /// Column names the points table and its views use already.
    static let reservedNames: Set<String> = ["point", "values_json", "kpi", "unit", "n", "mean", "sd", "half_width", "ci_low", "ci_high", "replication", "value"]

    static let topKeys = ["sweep", "description", "base", "overrides", "factors", "design", "replications", "seed", "kpis", "workers"]

    /// Parses `path`, loads and compiles the base scenario and every point.
    /// `redirect`: absolute base paths to read from elsewhere (--reproduce
    /// re-creates an absolute `base:` under DIR/inputs/).
    public static func load(_ path: String, redirect: [String: String] = [:]) throws(ScenarioErrors) -> SweepSpec {
        switch InputFile.read(path) {
        case .success(let r): return try parse(text: r.text, bytes: r.bytes, file: path, redirect: redirect)
        case .failure(let problem):
            throw ScenarioErrors([ScenarioError(at: SourceLocation(file: path, line: 1, column: 1), path: "",
                                                message: problem.message, expected: "a readable sweep file (.yaml)")])
        }
    }

    /// Parses sweep text; `file` names it in errors and locates `base`.
    public static func parse(text: String, bytes: [UInt8]? = nil, file: String, redirect: [String: String] = [:]) throws(ScenarioErrors) -> SweepSpec {
        var errs: [ScenarioError] = []
        func err(_ n: YNode, _ p: String, _ m: String, _ e: String) { errs.append(ScenarioError(at: n.location, path: p, message: m, expected: e)) }
        func fail() throws(ScenarioErrors) { if !errs.isEmpty { throw ScenarioErrors(sorted(errs)) } }

        let root = try YAMLReader.parse(text, file: file)
        guard let pairs = root.pairs else {
            throw ScenarioErrors([ScenarioError(at: root.location, path: "", message: "the file holds \(root.kindName)",
                                                expected: "a mapping with sweep, base, factors, design, replications, seed, kpis")])
        }
        for (k, _) in pairs {
            guard let ks = k.string else { err(k, "", "\(k.kindName) is not a key", "one of \(topKeys.joined(separator: ", "))"); continue }
            if !topKeys.contains(ks) { err(k, ks, "unknown key", "one of \(topKeys.joined(separator: ", "))") }
        }
        // sweep: NAME
        var name = ""
        if let n = root["sweep"] {
            if let s = n.string, !s.isEmpty { name = s } else { err(n, "sweep", "\(n.kindName) is not a name", "the sweep's name, e.g. beds-and-physicians") }
        } else {
            err(root, "sweep", "missing", "sweep: NAME")
        }
        let description = root["description"]?.string ?? ""
        // base: SCENARIO.yaml, relative to the sweep file.
        let fileURL = URL(fileURLWithPath: file).standardizedFileURL
        let dir = fileURL.deletingLastPathComponent().path
        var base: LoadedScenario?
        var baseFile = ""
        if let b = root["base"] {
            if let s = b.string, !s.isEmpty {
                var resolved = s.hasPrefix("/") ? s : (dir as NSString).appendingPathComponent(s)
                baseFile = URL(fileURLWithPath: resolved).standardizedFileURL.path
                var display = s.hasPrefix("/") || !file.contains("/") ? s : (file.parentPath as NSString).appendingPathComponent(s)
                if let r = redirect[baseFile] { resolved = r; display = r }
                if !FileManager.default.fileExists(atPath: resolved) {
                    err(b, "base", "no such file '\(s)'", "the path of the base scenario, relative to this file")
                } else {
                    do { base = try ScenarioLoader.load(display) } catch { errs += error.errors }
                }
            } else {
                err(b, "base", "\(b.kindName) is not a file name", "the path of the base scenario, e.g. ../baseline.yaml")
            }
        } else {
            err(root, "base", "missing", "base: SCENARIO.yaml (relative to this file)")
        }
        try fail()
        guard var loaded = base else { throw ScenarioErrors(errs) }

        // overrides: fixed key paths applied to every point (scenario `overrides` rules).
        var overrides: [String] = []
        var overrideValues: [SweepOverride] = []
        if let ov = root["overrides"] {
            if let op = ov.pairs {
                for (k, v) in op {
                    guard let p = k.string else { err(k, "overrides", "a key must be a key path", "a key path such as run.horizon"); continue }
                    do {
                        loaded.root = try Merge.apply(loaded.root, path: p, keyNode: k, value: v)
                        overrides.append(p)
                        overrideValues.append(SweepOverride(path: p, value: v))
                    } catch {
                        err(k, "overrides.\(p)", error.message, error.expected)
                    }
                }
            } else if !ov.isNull {
                err(ov, "overrides", "\(ov.kindName) is not a mapping", "a mapping of key paths to values, e.g. run.horizon: 30d")
            }
        }

        // factors
        var factors: [SweepFactor] = []
        if let fn = root["factors"] {
            if let fp = fn.pairs, !fp.isEmpty {
                for (k, v) in fp {
                    guard let p = k.string, !p.isEmpty else { err(k, "factors", "a key must be a key path", "a key path such as units.ward_bed.capacity"); continue }
                    let here = "factors.\(p)"
                    if let problem = KeyPath.check(loaded.root, p) {
                        err(k, here, problem.message, problem.expected)
                        continue
                    }
                    if factors.contains(where: { $0.path == p }) { err(k, here, "factor given twice", "each key path once"); continue }
                    if var f = factor(p, keyNode: k, spec: v, here: here, err: err) {
                        if let nameNode = v["name"] {
                            if let n = nameNode.string, FactorNames.isValid(n), !reservedNames.contains(n) {
                                if factors.contains(where: { $0.name == n }) { err(nameNode, "\(here).name", "name '\(n)' is used by another factor", "a name for each factor of its own") }
                                f.name = n
                            } else {
                                err(nameNode, "\(here).name", "'\(SweepFile.label(nameNode).prefix(60))' is not a column name", "letters, digits and _, starting with a letter (not \(reservedNames.sorted().joined(separator: ", ")))")
                            }
                        }
                        factors.append(f)
                    }
                }
            } else {
                err(fn, "factors", "\(fn.kindName) is not a mapping of factors", "a mapping of key paths to {values: [...]} or {range: {from, to, step}}")
            }
        } else {
            err(root, "factors", "missing", "factors: a mapping of key paths to {values: [...]} or {range: {from, to, step}}")
        }

        // Default names for factors without one, unique among all names.
        FactorNames.fillDefaults(&factors, root: loaded.root, reserved: reservedNames)

        // design
        var design = SweepDesign.grid
        var designNode: YNode?
        if let d = root["design"] {
            designNode = d
            if let dp = d.pairs {
                for (k, _) in dp where !["type", "points", "seed"].contains(k.string ?? "") {
                    err(k, "design.\(k.string ?? "")", "unknown key", "type, points, seed")
                }
                let type = d["type"]?.string ?? "grid"
                switch type {
                case "grid":
                    for key in ["points", "seed"] { if let n = d[key] { err(n, "design.\(key)", "only a latin_hypercube design takes \(key)", "no \(key) with type: grid") } }
                case "latin_hypercube":
                    var points = 0
                    if let pn = d["points"] {
                        if let s = pn.string, let n = Int(s), n >= 1 {
                            if n <= maxPoints { points = n } else { err(pn, "design.points", "\(n) points", "at most \(maxPoints) design points") }
                        } else { err(pn, "design.points", "\(pn.kindName) is not a positive whole number", "the number of design points, e.g. 20") }
                    } else {
                        err(d, "design.points", "missing", "points: N for a latin_hypercube design")
                    }
                    var dseed: UInt64 = 1
                    if let sn = d["seed"] {
                        if let s = sn.string, let v = UInt64(s) { dseed = v } else { err(sn, "design.seed", "\(sn.kindName) is not a seed", "a whole number from 0 to 18446744073709551615") }
                    }
                    design = .latinHypercube(points: max(points, 1), seed: dseed)
                default:
                    err(d["type"] ?? d, "design.type", "unknown design '\(type)'", "grid or latin_hypercube")
                }
            } else {
                err(d, "design", "\(d.kindName) is not a mapping", "{type: grid} or {type: latin_hypercube, points: N, seed: S}")
            }
        }

        func positive(_ key: String) -> Int? {
            guard let n = root[key] else { return nil }
            if let s = n.string, let v = Int(s), v >= 1 { return v }
            err(n, key, "\(n.kindName) is not a positive whole number", "a whole number of 1 or more")
            return nil
        }
        let replicationsGiven = positive("replications")
        if let r = replicationsGiven, r > Sizes.maxReplications, let n = root["replications"] {
            err(n, "replications", "\(r) replications", "at most \(Sizes.maxReplications) replications per point")
        }
        let workers = positive("workers")
        if let w = workers, w > Sizes.maxWorkers, let n = root["workers"] { err(n, "workers", "\(w) workers", "at most \(Sizes.maxWorkers) worker threads") }
        var seedGiven: UInt64?
        if let sn = root["seed"] {
            if let s = sn.string, let v = UInt64(s) { seedGiven = v } else { err(sn, "seed", "\(sn.kindName) is not a seed", "a whole number from 0 to 18446744073709551615") }
        }
        var kpiNodes: [YNode]?
        if let kn = root["kpis"] {
            if let items = kn.items, !items.isEmpty { kpiNodes = items } else { err(kn, "kpis", "\(kn.kindName) is not a list of KPI names", "a list such as [ed_los.mean, boarding.mean]") }
        }
        try fail()

        // The base scenario (with overrides) must compile.
        let baseScenario: CompiledScenario
        do { baseScenario = try ScenarioCompiler.compile(loaded) } catch { throw ScenarioErrors(error.errors) }
        let valid = kpiNames(baseScenario)
        var kpis = valid
        if let kpiNodes {
            kpis = []
            for n in kpiNodes {
                guard let s = n.string, !s.isEmpty else { err(n, "kpis", "\(n.kindName) is not a KPI name", "a KPI name as in summary.json"); continue }
                if !valid.contains(s) {
                    err(n, "kpis", "unknown KPI '\(s)'", "one of the base scenario's KPIs: \(valid.joined(separator: ", "))")
                } else if kpis.contains(s) {
                    err(n, "kpis", "KPI '\(s)' listed twice", "each KPI once")
                } else {
                    kpis.append(s)
                }
            }
        }
        try fail()

        // Points.
        var points: [SweepPoint] = []
        switch design {
        case .grid:
            // The size first (with overflow checks): a grid is allocated only
            // when it is within bounds.
            guard let size = Sizes.product(factors.map(\.levels.count)), size <= maxPoints else {
                let shown = Sizes.product(factors.map(\.levels.count)).map { "\($0)" } ?? "more than \(Int.max)"
                err(root["factors"] ?? root, "factors", "the grid has \(shown) points", "at most \(maxPoints) points (use a latin_hypercube design)")
                throw ScenarioErrors(sorted(errs))
            }
            points = Designs.grid(levels: factors.map(\.levels.count)).enumerated().map { SweepPoint(id: $0.offset, levels: $0.element) }
        case .latinHypercube(let n, let s):
            guard let cells = Sizes.product([n, factors.count]), cells <= maxDesignCells else {
                err(designNode ?? root, "design.points", "\(n) points x \(factors.count) factors", "at most \(maxDesignCells) design cells (points x factors)")
                throw ScenarioErrors(sorted(errs))
            }
            let u = Designs.latinHypercube(points: n, factors: factors.count, seed: s)
            points = u.enumerated().map { i, row in
                SweepPoint(id: i, levels: zip(factors, row).map { f, x in
                    if case .range(let from, let to, let step, _) = f.kind {
                        return Designs.rangeIndex(x, steps: (to - from) / step, count: f.levels.count)
                    }
                    return Designs.levelIndex(x, count: f.levels.count)
                })
            }
        }
        if let size = Sizes.product([points.count, replicationsGiven ?? baseScenario.replications]), size <= Sizes.maxTasks {} else {
            err(root["replications"] ?? designNode ?? root, "replications", "\(points.count) points x \(replicationsGiven ?? baseScenario.replications) replications",
                "at most \(Sizes.maxTasks) tasks in one sweep")
        }
        try fail()

        // Compile every point; errors name the point's factor values.
        var models: [PointModel] = []
        var memo: [[Int]: Int] = [:]
        var seen = Set<String>()
        for p in points {
            if let i = memo[p.levels] { models.append(models[i]); continue }
            var sc = loaded
            var pointErrs: [ScenarioError] = []
            for (f, li) in zip(factors, p.levels) {
                do { sc.root = try Merge.apply(sc.root, path: f.path, keyNode: f.keyNode, value: f.levels[li]) } catch {
                    pointErrs.append(ScenarioError(at: f.keyNode.location, path: "factors.\(f.path)", message: error.message, expected: error.expected))
                }
            }
            if pointErrs.isEmpty {
                do {
                    let c = try ScenarioCompiler.compile(sc)
                    var config = c.collector
                    config.series = false
                    memo[p.levels] = models.count
                    models.append(PointModel(model: c.model, config: config))
                    continue
                } catch { pointErrs = error.errors }
            }
            let label = zip(factors, p.levels).map { "\($0.path)=\($0.label($1))" }.joined(separator: ", ")
            for e in pointErrs where seen.insert(e.description).inserted {
                var e2 = e
                e2.message += " (sweep point \(p.id): \(label))"
                errs.append(e2)
            }
            if errs.count >= 20 { break }
        }
        if !errs.isEmpty { throw ScenarioErrors(errs) }

        // The hash: the sweep file and every base file, each with its length.
        var h = SHA256()
        let own = bytes ?? Array(text.utf8)
        h.update("sweep \(own.count)\n"); h.update(own)
        var inputs = [SweepInputFile(role: "sweep", path: fileURL.path, text: text)]
        for f in loaded.files {
            let b = Array(f.text.utf8)
            h.update("\nscenario \(b.count)\n"); h.update(b)
            inputs.append(SweepInputFile(role: "scenario", path: URL(fileURLWithPath: f.path).standardizedFileURL.path, text: f.text))
        }
        return SweepSpec(name: name, description: description, displayFile: file, file: fileURL.path, baseFile: baseFile,
                         base: loaded, baseScenario: baseScenario, overrides: overrides, overrideValues: overrideValues, factors: factors, design: design,
                         replications: replicationsGiven ?? baseScenario.replications, seed: seedGiven ?? baseScenario.seed,
                         kpis: kpis, workers: workers, hash: h.finalize(), points: points, models: models, inputs: inputs)
    }

    /// One factor's levels from {values: [...]} or {range: {from, to, step}}.
    static func factor(_ path: String, keyNode: YNode, spec v: YNode, here: String,
                       err: (YNode, String, String, String) -> Void) -> SweepFactor? {
        let expected = "{values: [...]} or {range: {from: A, to: B, step: S}}"
        guard let all = v.pairs else {
            err(v, here, "\(v.kindName) is not a factor", expected)
            return nil
        }
        let vp = all.filter { $0.key.string != "name" }
        guard vp.count == 1, let kind = vp[0].key.string else {
            err(v, here, vp.isEmpty ? "no values or range" : "more than one of values and range", expected + " (and an optional name)")
            return nil
        }
        let body = vp[0].value
        switch kind {
        case "values":
            guard let items = body.items, !items.isEmpty else {
                err(body, "\(here).values", "\(body.kindName) is not a list of values", "a non-empty list, e.g. [200, 210, 220]")
                return nil
            }
            for it in items where it.isNull { err(it, "\(here).values", "an empty value", "a value for \(path)") }
            return SweepFactor(path: path, name: "", keyNode: keyNode, kind: .values, levels: items)
        case "range":
            guard let rp = body.pairs else { err(body, "\(here).range", "\(body.kindName) is not a mapping", "{from: A, to: B, step: S}"); return nil }
            for (k, _) in rp where !["from", "to", "step"].contains(k.string ?? "") {
                err(k, "\(here).range.\(k.string ?? "")", "unknown key", "from, to, step")
            }
            var parsed: [(value: Double, unit: String?)] = []
            var durations = 0
            for key in ["from", "to", "step"] {
                guard let n = body[key] else { err(body, "\(here).range.\(key)", "missing", "from, to and step"); return nil }
                guard let s = n.string, let q = quantity(s) else {
                    err(n, "\(here).range.\(key)", "\(n.kindName) is not a number or duration", "a number such as 200 or a duration such as 8h")
                    return nil
                }
                if q.isDuration { durations += 1 }
                parsed.append((q.value, q.unit))
            }
            if durations != 0 && durations != 3 {
                err(body, "\(here).range", "from, to and step mix numbers and durations", "all three numbers or all three durations (8h, 30m ...)")
                return nil
            }
            let from = parsed[0].value, to = parsed[1].value, step = parsed[2].value
            guard step > 0 else { err(body["step"]!, "\(here).range.step", "the step is not greater than 0", "a step greater than 0"); return nil }
            guard to >= from else { err(body["to"]!, "\(here).range.to", "'to' is less than 'from'", "to >= from"); return nil }
            // The number of values, checked as a Double before it becomes an
            // Int: a tiny step or huge bounds give counts past Int (or inf).
            let steps = (to - from) / step
            let countD = (steps + 1e-9).rounded(.down) + 1
            guard countD.isFinite, countD <= Double(maxRangeValues), let count = Int(exactly: countD) else {
                err(body, "\(here).range", countD < 1e15 ? "\(Int(countD)) values" : "more than 10^15 values", "at most \(maxRangeValues) values per factor (a larger step)")
                return nil
            }
            let unit: String? = durations == 3 ? (parsed[2].unit ?? "m") : nil
            let unitMinutes = unit.map { unitFactor[$0] ?? 1 } ?? 1
            var levels: [YNode] = []
            for i in 0..<count {
                var x = from + Double(i) * step
                if unit != nil { x /= unitMinutes }
                x = (x * 1e9).rounded() / 1e9
                let text = JSON.format(x) + (unit ?? "")
                levels.append(YNode(.scalar(text, quoted: false), at: body.location))
            }
            return SweepFactor(path: path, name: "", keyNode: keyNode, kind: .range(from: from, to: to, step: step, unit: unit), levels: levels)
        default:
            err(vp[0].key, "\(here).\(kind)", "unknown key", expected)
            return nil
        }
    }

    static let unitFactor: [String: Double] = ["s": 1.0 / 60, "m": 1, "h": 60, "d": 1440, "w": 10080]

    /// A plain number, or a duration in minutes ("45m", "8h", "1h30m"), with
    /// its unit when it has exactly one.
    static func quantity(_ s: String) -> (value: Double, isDuration: Bool, unit: String?)? {
        let t = s.trimmingCharacters(in: .whitespaces).replacingOccurrences(of: "_", with: "")
        if let v = Double(t), v.isFinite { return (v, false, nil) }
        var total = 0.0, num = "", units: [String] = []
        for ch in t {
            if ch.isNumber || ch == "." || (ch == "-" && num.isEmpty) { num.append(ch); continue }
            if ch == " " { continue }
            guard let v = Double(num), let m = unitFactor[String(ch)] else { return nil }
            total += v * m
            num = ""
            units.append(String(ch))
        }
        guard num.isEmpty, !units.isEmpty, total.isFinite else { return nil }
        return (total, true, units.count == 1 ? units[0] : nil)
    }

    /// Every KPI name a replication of `sc` reports (as in summary.json).
    public static func kpiNames(_ sc: CompiledScenario) -> [String] {
        var c = StandardCollector(config: sc.collector)
        c.start(model: sc.model, capacities: sc.model.units.map { _ in 0 })
        return c.result().names + (sc.collector.costs?.kpiNames ?? [])
    }

    /// A YAML value as JSON: unquoted numbers become numbers.
    public static func json(_ n: YNode) -> JSON {
        switch n.value {
        case .null: return .null
        case .scalar(let s, let quoted):
            if !quoted, let x = Double(s.replacingOccurrences(of: "_", with: "")), x.isFinite, s.first != "+" || s.count > 1 { return .number(x) }
            return .string(s)
        case .sequence(let items): return .array(items.map(json))
        case .mapping(let pairs): return .object(pairs.map { ($0.key.string ?? "", json($0.value)) })
        }
    }

    /// A level as text: scalars as written, other values as compact JSON.
    public static func label(_ n: YNode) -> String {
        if let s = n.string { return s }
        return json(n).serialized(pretty: false)
    }

    static func sorted(_ errs: [ScenarioError]) -> [ScenarioError] {
        var seen = Set<String>()
        return errs.enumerated().sorted { a, b in
            let x = a.element.location, y = b.element.location
            if x.file != y.file { return a.offset < b.offset }
            if x.line != y.line { return x.line < y.line }
            if x.column != y.column { return x.column < y.column }
            return a.offset < b.offset
        }.map(\.element).filter { seen.insert($0.description).inserted }
    }
}

/// Key paths as `Merge.apply` reads them, but every key must exist.
enum KeyPath {
    struct Problem { var message: String; var expected: String }

    static func check(_ root: YNode, _ path: String) -> Problem? {
        var node = root
        var done = ""
        for part in path.split(separator: ".", omittingEmptySubsequences: false) {
            var key = String(part)
            var sel: String?
            if let open = key.firstIndex(of: "[") {
                guard key.hasSuffix("]") else { return Problem(message: "unclosed [ in key path '\(path)'", expected: "key[selector]") }
                sel = String(key[key.index(after: open)..<key.index(before: key.endIndex)])
                key = String(key[..<open])
            }
            if key.isEmpty && sel == nil { return Problem(message: "empty segment in key path '\(path)'", expected: "keys separated by dots") }
            if !key.isEmpty {
                guard let pairs = node.pairs else {
                    return Problem(message: "'\(done)' is \(node.kindName), not a mapping with '\(key)'", expected: "a key path that exists in the base scenario")
                }
                guard let v = pairs.first(where: { $0.key.string == key })?.value else {
                    let keys = pairs.compactMap { $0.key.string }.joined(separator: ", ")
                    return Problem(message: "no key '\(key)' at '\(done.isEmpty ? "top level" : done)' in the base scenario", expected: "one of \(keys)")
                }
                node = v
                done = done.isEmpty ? key : "\(done).\(key)"
            }
            if let sel {
                guard let items = node.items else {
                    return Problem(message: "'\(done)' is \(node.kindName), not a list", expected: "a list to select [\(sel)] from")
                }
                guard let i = select(items, sel) else {
                    return Problem(message: "no item '\(sel)' in '\(done)' in the base scenario", expected: "an index from 0 to \(items.count - 1), a label or a step name")
                }
                node = items[i]
                done += "[\(sel)]"
            }
        }
        return nil
    }

    /// As Merge.select: an index, an item's `label`, or the `name` of the step it holds.
    static func select(_ items: [YNode], _ sel: String) -> Int? {
        if let i = Int(sel) { return i >= 0 && i < items.count ? i : nil }
        return items.firstIndex { item in
            if item["label"]?.string == sel { return true }
            guard let pairs = item.pairs else { return false }
            for (_, v) in pairs where v["name"]?.string == sel { return true }
            return false
        }
    }
}
