import CareFlowCalendar
import CareFlowEngine
import CareFlowRandom

/// Compiles a scenario tree into an engine `Model` and report metadata,
/// collecting every error it can find in one pass.
public enum ScenarioCompiler {
    /// Loads `path` (with its `extends` chain) and compiles it.
    public static func compile(file path: String) throws(ScenarioErrors) -> CompiledScenario {
        let loaded = try ScenarioLoader.load(path)
        return try compile(loaded)
    }

    public static func compile(_ loaded: LoadedScenario) throws(ScenarioErrors) -> CompiledScenario {
        let c = Compiler(loaded)
        let compiled: CompiledScenario
        do { compiled = try c.run() } catch {
            // A what-if's errors as its author sees the file (WhatIfErrors.swift).
            throw ScenarioErrors(WhatIfErrors.attribute(error.errors, loaded))
        }
        if !loaded.mergeErrors.isEmpty { throw ScenarioErrors(WhatIfErrors.sorted(loaded.mergeErrors)) }
        return compiled
    }

    static let topLevelKeys = ["name", "title", "description", "sources", "assumptions", "run", "units", "attributes",
                               "arrivals", "pathways", "subpathways", "kpis", "census", "report", "initial", "inputs", "costs"]
}

final class Compiler {
    let loaded: LoadedScenario
    let d = Diagnostics()
    let v: ValueReader
    let b = ModelBuilder()
    var units: [String: Int32] = [:]
    var unitInfos: [UnitInfo] = []
    var attributes: [String: Int32] = [:]
    var categories: [String: [String]] = [:]   // categorical attributes
    var pathways: [String: Int32] = [:]
    var pathwayNodes: [String: YNode] = [:]
    var subpathways: [String: YNode] = [:]
    /// For each engine step, the user's step it came from: its key path and
    /// where it is written (for run-time errors such as a deadlock).
    var stepSources: [Int: String] = [:]
    var milestonesUsed: [String: SourceLocation] = ["arrival": SourceLocation(file: "", line: 0, column: 0),
                                                    "departure": SourceLocation(file: "", line: 0, column: 0)]
    var callStack: [String] = []
    /// Set once the compiled steps pass `Sizes.maxSteps` (reported once).
    var stepLimitReported = false
    /// Set by `run.start` (see CalendarKeys.swift).
    var runCalendar: RunCalendar?

    init(_ loaded: LoadedScenario) {
        self.loaded = loaded
        v = ValueReader(d: d)
    }

    func run() throws(ScenarioErrors) -> CompiledScenario {
        let root = loaded.root
        guard let top = MapReader(root, "", d, expected: "a mapping of scenario sections", allowed: ScenarioCompiler.topLevelKeys) else {
            // MapReader has recorded why (the root is not a mapping).
            try d.throwIfAny()
            throw ScenarioErrors([ScenarioError(at: root.location, path: "", message: "the file holds \(root.kindName)", expected: "a mapping of scenario sections")])
        }
        let name = top["name"].flatMap { v.name($0, "name") } ?? "scenario"
        let title = top["title"]?.string ?? name
        let description = top["description"]?.string ?? ""
        let sources = readSources(top["sources"])
        let assumptions = readAssumptions(top["assumptions"])
        // Knobs are checked here so that `careflow validate` reports them.
        if top["inputs"] != nil { _ = ScenarioInputs.read(root, d) }

        // Run settings.
        var replications = 1
        var seed: UInt64 = 1
        var warmupGiven = false
        if let r = top["run"], let run = MapReader(r, "run", d, expected: "run settings (start, horizon, warmup, replications, seed)",
                                                    allowed: ["start", "horizon", "warmup", "replications", "seed"]) {
            if let st = run["start"] { readStart(st) }
            if let h = run["horizon"] {
                if let x = v.duration(h, "run.horizon") {
                    if x > 0 { b.horizon = x } else { d.error(h, "run.horizon", "the horizon is 0", expected: "a duration greater than 0") }
                }
            }
            if let w = run["warmup"] { b.warmup = v.duration(w, "run.warmup") ?? 0; warmupGiven = true }
            if let n = run["replications"] { replications = v.integer(n, "run.replications", min: 1, max: Sizes.maxReplications) ?? 1 }
            if let s = run["seed"] {
                if let str = s.string, let x = UInt64(str) { seed = x } else {
                    d.error(s, "run.seed", "\(s.kindName) is not a seed", expected: "a whole number from 0 to 18446744073709551615")
                }
            }
            if b.warmup >= b.horizon, let w = run["warmup"] {
                d.error(w, "run.warmup", "the warm-up does not end before the horizon", expected: "a warm-up shorter than the horizon")
            }
            markMonths()
        }

        readAttributes(top["attributes"])
        readUnits(top["units"])
        if let sp = top["subpathways"] {
            if let pairs = sp.pairs {
                for (k, node) in pairs { if let n = v.name(k, "subpathways") { subpathways[n] = node } }
            } else {
                d.error(sp, "subpathways", "\(sp.kindName) is not a mapping", expected: "a mapping of sub-pathway names to {steps: [...]}")
            }
        }
        var pathwayInfos: [PathwayInfo] = []
        if let ps = top["pathways"] {
            if let pairs = ps.pairs, !pairs.isEmpty {
                for (k, node) in pairs {
                    guard let n = v.name(k, "pathways") else { continue }
                    if let info = compilePathway(n, node) { pathwayInfos.append(info) }
                }
            } else {
                d.error(ps, "pathways", "\(ps.kindName) holds no pathways", expected: "a mapping of pathway names to {steps: [...]}")
            }
        } else {
            d.error(root, "pathways", "missing section 'pathways'", expected: "a mapping of pathway names to {steps: [...]}")
        }
        readArrivals(top["arrivals"], root: root)
        readInitial(top["initial"], arrivals: top["arrivals"])
        let (kpis, targets) = readKPIs(top["kpis"])
        var language: String?
        if let r = top["report"], let rm = MapReader(r, "report", d, expected: "{lang: en|sv}", allowed: ["lang"]) {
            language = rm["lang"].flatMap { v.choice($0, rm.sub("lang"), ["en", "sv"]) }
        }
        let censuses = readCensus(top["census"])
        let costs = readCosts(top["costs"])

        // An endless run: no horizon and some arrival stream without a limit.
        // (Not when a horizon was given but is invalid: that is reported already.)
        if b.horizon == .infinity, top["run"]?["horizon"] == nil, b.model.sources.contains(where: { $0.limit == .max }) {
            d.error(top["run"] ?? root, "run.horizon", "no horizon, and some arrival stream has no limit", expected: "run.horizon, or a limit on every arrival stream")
        }
        try d.throwIfAny()
        let model: Model
        do { model = try b.build() } catch {
            // Point at the pathway the engine's check names, if any.
            let text = "\(error)"
            var at = root.location, path = ""
            if text.hasPrefix("pathway "), let colon = text.firstIndex(of: ":") {
                let name = String(text[text.index(text.startIndex, offsetBy: 8)..<colon])
                if let node = top["pathways"]?[name] { at = node.location; path = "pathways.\(name)" }
            }
            let loop = text.contains("without taking time")
            throw ScenarioErrors([ScenarioError(at: at, path: path, message: loop ? String(text.split(separator: ":", maxSplits: 1).last ?? "").trimmingCharacters(in: .whitespaces).components(separatedBy: "; add")[0] : "the compiled model is inconsistent: \(text)",
                                                expected: loop ? "a delay in the loop, or a way out of it" : "a valid model")])
        }
        var config = CollectorConfig(kpiTargets: targets, censuses: censuses.map(\.0), series: true,
                                     unitTargets: unitInfos.map { $0.effectiveTarget ?? .nan })
        config.costs = costs
        return CompiledScenario(
            name: name, title: title, description: description, model: model, collector: config,
            replications: replications, seed: seed, kpis: kpis, units: unitInfos, pathways: pathwayInfos,
            censuses: censuses.map(\.1), sources: sources, assumptions: assumptions,
            files: loaded.files.map { ScenarioFile(path: $0.path, text: $0.text) }, changedPaths: loaded.changedPaths,
            warmupGiven: warmupGiven, language: language, tree: loaded.root,
            stepSources: model.steps.indices.map { stepSources[$0] ?? "" }, calendar: runCalendar)
    }

    // MARK: Metadata

    func readSources(_ n: YNode?) -> [Citation] {
        guard let n else { return [] }
        if let pairs = n.pairs {
            return pairs.compactMap { k, val in
                guard let id = k.string else { return nil }
                guard let t = val.string else {
                    d.error(val, "sources.\(id)", "\(val.kindName) is not a citation", expected: "the citation as text")
                    return nil
                }
                return Citation(id: id, text: t)
            }
        }
        if let items = n.items {
            return items.enumerated().compactMap { i, it in
                guard let t = it.string else { d.error(it, "sources[\(i)]", "\(it.kindName) is not a citation", expected: "the citation as text"); return nil }
                return Citation(id: String(i + 1), text: t)
            }
        }
        d.error(n, "sources", "\(n.kindName) is not a list of sources", expected: "a mapping of short ids to citations")
        return []
    }

    func readAssumptions(_ n: YNode?) -> [String] {
        guard let n else { return [] }
        guard let items = n.items else {
            d.error(n, "assumptions", "\(n.kindName) is not a list", expected: "a list of assumptions as text")
            return []
        }
        return items.enumerated().compactMap { i, it in
            guard let t = it.string else { d.error(it, "assumptions[\(i)]", "\(it.kindName) is not text", expected: "an assumption as text"); return nil }
            return t
        }
    }

    func area(_ n: YNode?, _ path: String) -> Area {
        guard let n else { return .other }
        guard let s = n.string, let a = Area(rawValue: s) else {
            d.error(n, path, "\(n.kindName) is not an area", expected: "one of \(Area.allCases.map(\.rawValue).joined(separator: ", "))")
            return .other
        }
        return a
    }

    // MARK: Attributes

    func readAttributes(_ n: YNode?) {
        guard let n else { return }
        guard let pairs = n.pairs else {
            d.error(n, "attributes", "\(n.kindName) is not a mapping", expected: "a mapping of attribute names to a list of categories, or 'number'")
            return
        }
        for (k, val) in pairs {
            guard let name = v.name(k, "attributes") else { continue }
            let path = "attributes.\(name)"
            if let items = val.items {
                var cats: [String] = []
                for (i, it) in items.enumerated() {
                    guard let c = v.name(it, "\(path)[\(i)]", what: "a category name") else { continue }
                    if cats.contains(c) { d.error(it, "\(path)[\(i)]", "category '\(c)' is listed twice", expected: "distinct category names") }
                    cats.append(c)
                }
                if cats.isEmpty { d.error(val, path, "no categories", expected: "at least one category") }
                categories[name] = cats
                attributes[name] = b.attribute(name, labels: cats)
            } else if val.string == "number" {
                attributes[name] = b.attribute(name)
            } else {
                d.error(val, path, "\(val.kindName) is not an attribute type", expected: "a list of categories (most urgent first for priorities), or 'number'")
            }
        }
    }

    func attribute(_ n: YNode, _ path: String) -> Int32? {
        guard let s = v.name(n, path, what: "an attribute name") else { return nil }
        guard let a = attributes[s] else {
            d.error(n, path, "no attribute named '\(s)'", expected: attributes.isEmpty ? "an attribute declared under 'attributes'" : "one of \(attributes.keys.sorted().joined(separator: ", "))")
            return nil
        }
        return a
    }

    // MARK: Units

    func readUnits(_ n: YNode?) {
        guard let n else { return }
        guard let pairs = n.pairs else {
            d.error(n, "units", "\(n.kindName) is not a mapping", expected: "a mapping of unit names to {capacity: N} or {schedule: ...}")
            return
        }
        for (k, val) in pairs {
            guard let name = v.name(k, "units") else { continue }
            let path = "units.\(name)"
            if units[name] != nil { continue }
            var capacity = 0
            var schedule: CapacitySchedule?
            var preemptive = false
            var label = name
            var ar: Area = .other
            var capText = ""
            var kind: String?
            var targetUtilisation: Double?
            if val.string != nil {
                capacity = v.integer(val, path, min: 0, max: Sizes.maxCapacity, expected: "a capacity from 0 to \(Sizes.maxCapacity)") ?? 0
                capText = "\(capacity)"
            } else if let m = MapReader(val, path, d, expected: "{capacity: N} or {schedule: ...}",
                                        allowed: ["capacity", "schedule", "dated_changes", "preemptive", "label", "area", "kind", "target_utilisation", "reprioritise"]) {
                if let c = m["capacity"] {
                    capacity = v.integer(c, m.sub("capacity"), min: 0, max: Sizes.maxCapacity, expected: "a capacity from 0 to \(Sizes.maxCapacity)") ?? 0
                    capText = "\(capacity)"
                }
                if let s = m["schedule"] {
                    schedule = readSchedule(s, m.sub("schedule")).map(alignedToStart)
                    if let sc = schedule {
                        capacity = sc.capacity(at: 0, initial: capacity)
                        let caps = sc.changes.map(\.capacity)
                        capText = "\(caps.min() ?? 0)-\(caps.max() ?? 0) by \(sc.cycle == 10080 ? "week" : "day")"
                    }
                }
                if m["capacity"] == nil && m["schedule"] == nil {
                    d.error(val, path, "no capacity", expected: "capacity: N or a schedule")
                }
                if let dc = m["dated_changes"], let dated = datedSchedule(dc, m.sub("dated_changes"), capacity: capacity, schedule: schedule) {
                    schedule = dated
                    capacity = dated.capacity(at: 0, initial: capacity)
                    let caps = dated.changes.map(\.capacity)
                    capText = "\(caps.min() ?? 0)-\(caps.max() ?? 0) by date"
                }
                if let p = m["preemptive"] { preemptive = v.bool(p, m.sub("preemptive")) ?? false }
                if let l = m["label"]?.string { label = l }
                ar = area(m["area"], m.sub("area"))
                if let k = m["kind"] { kind = v.choice(k, m.sub("kind"), UnitInfo.kinds) }
                if let t = m["target_utilisation"] { targetUtilisation = v.probability(t, m.sub("target_utilisation")) }
            }
            let unit = b.unit(name, capacity: capacity, schedule: schedule, preemptive: preemptive)
            units[name] = unit
            if let r = val["reprioritise"] { readReprioritise(r, "\(path).reprioritise", unit: unit, unitName: name) }
            unitInfos.append(UnitInfo(name: name, label: label, area: ar, capacity: capText, kind: kind, targetUtilisation: targetUtilisation))
        }
    }

    static let days = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]

    /// `{repeat: daily|weekly, changes: [{at: "08:00", capacity: 5}, {at: "Mon-Fri 08:00", capacity: 3}]}`
    func readSchedule(_ n: YNode, _ path: String) -> CapacitySchedule? {
        guard let m = MapReader(n, path, d, expected: "{repeat: daily or weekly, changes: [{at: \"08:00\", capacity: N}]}",
                                allowed: ["repeat", "changes"], required: ["changes"]) else { return nil }
        var weekly = false
        if let r = m["repeat"] {
            switch r.string {
            case "daily": weekly = false
            case "weekly": weekly = true
            default: d.error(r, m.sub("repeat"), "\(r.kindName) is not a repeat period", expected: "daily or weekly")
            }
        }
        guard let items = m["changes"]?.items, !items.isEmpty else {
            if let c = m["changes"] { d.error(c, m.sub("changes"), "\(c.kindName) is not a list of changes", expected: "a list of {at: \"08:00\", capacity: N}") }
            return nil
        }
        var changes: [(time: Double, capacity: Int)] = []
        var locs: [Double: YNode] = [:]
        for (i, it) in items.enumerated() {
            let p = "\(m.sub("changes"))[\(i)]"
            guard let cm = MapReader(it, p, d, expected: "{at: \"08:00\", capacity: N}", allowed: ["at", "capacity"], required: ["at", "capacity"]),
                  let atN = cm["at"], let capN = cm["capacity"] else { continue }
            let cap = v.integer(capN, "\(p).capacity", min: 0, max: Sizes.maxCapacity, expected: "a capacity from 0 to \(Sizes.maxCapacity)")
            guard let times = scheduleTimes(atN, "\(p).at", weekly: weekly), let cap else { continue }
            for t in times {
                if locs[t] != nil { d.error(atN, "\(p).at", "two changes at the same time", expected: "one change per time") }
                locs[t] = atN
                changes.append((t, cap))
            }
        }
        changes.sort { $0.time < $1.time }
        guard !changes.isEmpty else { return nil }
        return CapacitySchedule(changes: changes, cycle: weekly ? 10080 : 1440)
    }

    /// "08:00" (daily), or "Mon 08:00" / "Mon-Fri 08:00" / "08:00" (every day) in a weekly schedule.
    func scheduleTimes(_ n: YNode, _ path: String, weekly: Bool) -> [Double]? {
        let help = weekly ? "a time such as \"08:00\", \"Mon 08:00\" or \"Mon-Fri 08:00\"" : "a time of day such as \"08:00\""
        guard let s = n.string else { d.error(n, path, "\(n.kindName) is not a time", expected: help); return nil }
        let parts = s.split(separator: " ").map(String.init)
        guard let clock = parts.last.flatMap(ValueReader.parseClock), clock < 1440, parts.count <= 2 else {
            d.error(n, path, "'\(s)' is not a time", expected: help)
            return nil
        }
        if parts.count == 1 { return weekly ? (0..<7).map { Double($0) * 1440 + clock } : [clock] }
        guard weekly else { d.error(n, path, "a day in a daily schedule", expected: "repeat: weekly, or a time of day only"); return nil }
        let range = parts[0].lowercased().split(separator: "-").map(String.init)
        guard let a = range.first.flatMap({ Self.days.firstIndex(of: String($0.prefix(3))) }),
              let z = range.last.flatMap({ Self.days.firstIndex(of: String($0.prefix(3))) }), a <= z, range.count <= 2 else {
            d.error(n, path, "'\(parts[0])' is not a day or a range of days", expected: "Mon, Tue, ... or a range such as Mon-Fri")
            return nil
        }
        return (a...z).map { Double($0) * 1440 + clock }
    }

    func unit(_ n: YNode, _ path: String) -> Int32? {
        guard let s = v.name(n, path, what: "a unit name") else { return nil }
        guard let u = units[s] else {
            d.error(n, path, "no unit named '\(s)'", expected: units.isEmpty ? "a unit declared under 'units'" : "one of \(units.keys.sorted().joined(separator: ", "))")
            return nil
        }
        return u
    }



    // MARK: KPIs and censuses

    func milestone(_ n: YNode, _ path: String) -> Int32? {
        guard let s = v.name(n, path, what: "a milestone name") else { return nil }
        guard milestonesUsed[s] != nil else {
            d.error(n, path, "no milestone named '\(s)' is marked in any pathway", expected: "one of \(milestonesUsed.keys.sorted().joined(separator: ", "))")
            return nil
        }
        return b.milestone(s)
    }

    func readKPIs(_ n: YNode?) -> ([KPIInfo], [[Double]?]) {
        guard let n else { return ([], []) }
        guard let pairs = n.pairs else {
            d.error(n, "kpis", "\(n.kindName) is not a mapping", expected: "a mapping of KPI names to {from, to, ...}")
            return ([], [])
        }
        var infos: [KPIInfo] = []
        var targets: [[Double]?] = []
        for (k, val) in pairs {
            guard let name = v.name(k, "kpis") else { continue }
            let path = "kpis.\(name)"
            guard let m = MapReader(val, path, d, expected: "{from: MILESTONE, to: MILESTONE, ...}",
                                    allowed: ["from", "to", "by", "target", "label", "headline", "area", "better", "mid", "mean_target", "p90_target"], required: ["from", "to"]),
                  let fromN = m["from"], let toN = m["to"] else { continue }
            let from = milestone(fromN, m.sub("from")), to = milestone(toN, m.sub("to"))
            var by: Int32 = -1
            var groups: [String] = []
            var byName: String?
            if let bn = m["by"] {
                if let a = attribute(bn, m.sub("by")) {
                    if let cats = categories[bn.string ?? ""] { by = a; groups = cats; byName = bn.string } else {
                        d.error(bn, m.sub("by"), "'\(bn.string ?? "")' is not a categorical attribute", expected: "a categorical attribute to split by")
                    }
                }
            }
            var target: Double?
            var groupTargets: [Double?] = Array(repeating: nil, count: max(1, groups.count))
            var share: Double?
            if let t = m["target"] {
                if t.string != nil {
                    target = v.duration(t, m.sub("target"))
                    groupTargets = Array(repeating: target, count: max(1, groups.count))
                } else if let tm = MapReader(t, m.sub("target"), d, expected: "{within: 4h, share: 0.95}", allowed: ["within", "share"], required: ["within"]) {
                    if let w = tm["within"] {
                        if w.string != nil {
                            target = v.duration(w, tm.sub("within"))
                            groupTargets = Array(repeating: target, count: max(1, groups.count))
                        } else if let wp = w.pairs {
                            if groups.isEmpty { d.error(w, tm.sub("within"), "targets by group, but the KPI has no 'by'", expected: "a single duration, or 'by: ATTRIBUTE'") }
                            for (gk, gv) in wp {
                                guard let gs = gk.string, let gi = groups.firstIndex(of: gs) else {
                                    d.error(gk, tm.sub("within"), "'\(gk.string ?? "?")' is not a category of \(byName ?? "the KPI's attribute")", expected: "one of \(groups.joined(separator: ", "))")
                                    continue
                                }
                                groupTargets[gi] = v.duration(gv, "\(tm.sub("within")).\(gs)")
                            }
                        } else {
                            d.error(w, tm.sub("within"), "\(w.kindName) is not a target", expected: "a duration, or a mapping of categories to durations")
                        }
                    }
                    if let s = tm["share"] { share = v.probability(s, tm.sub("share")) }
                }
            }
            let headline = m["headline"].flatMap { v.bool($0, m.sub("headline")) } ?? false
            let better = m["better"].flatMap { v.choice($0, m.sub("better"), ["lower", "higher"]) } ?? "lower"
            let mid = m["mid"].flatMap { v.duration($0, m.sub("mid")) }
            let meanTarget = m["mean_target"].flatMap { v.duration($0, m.sub("mean_target")) }
            let p90Target = m["p90_target"].flatMap { v.duration($0, m.sub("p90_target")) }
            if let from, let to {
                b.kpi(name, from: from, to: to, groupBy: by)
                targets.append(groupTargets.contains { $0 != nil } ? groupTargets.map { $0 ?? .nan } : nil)
                infos.append(KPIInfo(name: name, label: m["label"]?.string ?? name, area: area(m["area"], m.sub("area")), headline: headline,
                                     by: byName, groups: groups, target: target, groupTargets: groupTargets, targetShare: share,
                                     from: fromN.string ?? "", to: toN.string ?? "",
                                     better: better, mid: mid, meanTarget: meanTarget, p90Target: p90Target))
            }
        }
        return (infos, targets)
    }

    func readCensus(_ n: YNode?) -> [(CollectorConfig.Census, CensusInfo)] {
        guard let n else { return [] }
        guard let pairs = n.pairs else {
            d.error(n, "census", "\(n.kindName) is not a mapping", expected: "a mapping of census names to {from: MILESTONE, to: MILESTONE}")
            return []
        }
        var out: [(CollectorConfig.Census, CensusInfo)] = []
        for (k, val) in pairs {
            guard let name = v.name(k, "census") else { continue }
            let path = "census.\(name)"
            guard let m = MapReader(val, path, d, expected: "{from: MILESTONE, to: MILESTONE}", allowed: ["from", "to", "label", "area"], required: ["from", "to"]),
                  let fromN = m["from"], let toN = m["to"], let from = milestone(fromN, m.sub("from")), let to = milestone(toN, m.sub("to")) else { continue }
            out.append((CollectorConfig.Census(name: name, from: from, to: to),
                        CensusInfo(name: name, label: m["label"]?.string ?? name, area: area(m["area"], m.sub("area")))))
        }
        return out
    }
}
