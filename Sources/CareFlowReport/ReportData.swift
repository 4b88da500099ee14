import CareFlowAnalysis

/// An estimate with its 95% CI, as written in comparison.json.
struct Est {
    var mean: Double, lo: Double, hi: Double, n: Int
    init(mean: Double, lo: Double, hi: Double, n: Int) { self.mean = mean; self.lo = lo; self.hi = hi; self.n = n }
    init?(_ j: JSON?) {
        guard let j, let m = j["mean"]?.double else { return nil }
        mean = m
        lo = j["ci_low"]?.double ?? .nan
        hi = j["ci_high"]?.double ?? .nan
        n = j["n"]?.int ?? 0
    }
    /// The CI excludes 0 (a clear difference).
    var clear: Bool { lo.isFinite && hi.isFinite && (lo > 0 || hi < 0) }
}

/// Mean and CI per point of a series.
struct Band {
    var mean: [Double], lo: [Double], hi: [Double]
    init(_ j: JSON?) {
        mean = j?["mean"]?.doubles ?? []
        lo = j?["ci_low"]?.doubles ?? []
        hi = j?["ci_high"]?.doubles ?? []
    }
    var isEmpty: Bool { mean.isEmpty }
}

struct KPIMeta {
    var name: String, label: String, area: String, headline: Bool
    var by: String?, groups: [String]
    var target: Double?, groupTargets: [Double?], targetShare: Double?
    /// Higher is better (default: lower is better).
    var higherIsBetter = false
    /// Minimal important difference (minutes), targets on the mean and p90 (minutes).
    var mid: Double? = nil, meanTarget: Double? = nil, p90Target: Double? = nil
}

struct UnitMeta {
    var name: String, label: String, area: String, capacity: String
    var kind: String? = nil, targetUtilisation: Double? = nil
}

/// A setting that differs from the reference scenario.
struct Change { var path: String, old: String?, new: String?, rows: Int? }
struct CensusMeta { var name: String, label: String, area: String }
struct NodeMeta { var id: Int, kind: String, text: String, units: [String], key: String }
struct EdgeMeta { var from: Int, to: Int, label: String }
struct PathwayMeta { var name: String, label: String, area: String, description: String, nodes: [NodeMeta], edges: [EdgeMeta] }

struct SeriesLevel { var hour: Band, dow: Band, daily: Band, month: Band = Band(nil) }
struct SeriesHist { var edges: [Double], shares: Band }

/// One scenario of the comparison with its metadata and series.
struct Scenario {
    var name: String
    var title: String
    var description: String
    var file: String
    var kpis: [String: Est] = [:]
    var kpiMeta: [KPIMeta] = []
    var units: [UnitMeta] = []
    var pathways: [PathwayMeta] = []
    var censuses: [CensusMeta] = []
    var sources: [(String, String)] = []
    var assumptions: [String] = []
    var files: [(String, String)] = []
    var changedPaths: [String] = []
    /// Every setting that differs from the reference (full merged trees), if recorded.
    var changes: [Change]? = nil
    /// Per-replication values by KPI.
    var values: [String: [Double]] = [:]
    var language: String? = nil
    var warmupMin: Double = .nan
    var horizonMin: Double = .nan
    var warmupGiven: Bool = false
    /// MSER-5 suggestion from the run itself (hours), if reported.
    var warmupMSERHours: Double = .nan
    var seed: Double = .nan
    var replications: Double = .nan
    // Series
    var firstDay: Double = 0
    /// run.start ("2027-01-01T07:30") of a dated run; its daily points are dates.
    var start: String? = nil
    /// Mean arrivals per day by month of year (dated runs).
    var arrivalsByMonth = Band(nil)
    var levels: [String: SeriesLevel] = [:]
    var hists: [String: SeriesHist] = [:]

    var displayTitle: String { title.isEmpty ? name : title }
    /// Length of the measured period in days (nan when unknown or endless).
    var measuredDays: Double {
        horizonMin.isFinite && horizonMin > 0 && warmupMin.isFinite ? (horizonMin - warmupMin) / 1440 : .nan
    }
    func est(_ kpi: String) -> Est? { kpis[kpi] }
    /// Changed settings other than the scenario's own name, title and description.
    var settingChanges: [String] { changedPaths.filter { !["name", "title", "description"].contains($0) } }
    func kpi(_ name: String) -> KPIMeta? { kpiMeta.first { $0.name == name } }
}

/// Everything the report shows, read from comparison.json and series.json.
struct ReportData {
    var scenarios: [Scenario] = []
    /// Paired differences (what-if minus baseline) by what-if name, then KPI.
    var diffs: [String: [String: Est]] = [:]
    var replications: Double = .nan
    var seed: Double = .nan
    var crn: Bool = false
    var careflowVersion = ""
    var gslVersion = ""
    var command = ""
    /// Intervals are bootstrap percentile intervals (per-replication values were recorded), else Student t.
    var bootstrap = false

    var baseline: Scenario? { scenarios.first }
    var whatIfs: ArraySlice<Scenario> { scenarios.dropFirst() }

    func diff(_ whatIf: String, _ kpi: String) -> Est? { diffs[whatIf]?[kpi] }

    init(comparison c: JSON, series s: JSON) {
        replications = c["replications"]?.double ?? .nan
        seed = c["seed"]?.double ?? .nan
        if case .bool(let b)? = c["common_random_numbers"] { crn = b }
        careflowVersion = c["software"]?["careflow"]?.string ?? ""
        gslVersion = c["software"]?["gsl"]?.string ?? ""
        command = c["command"]?.string ?? ""
        var list: [Scenario] = []
        for sj in c["scenarios"]?.array ?? [] {
            let meta = sj["meta"]
            var sc = Scenario(name: sj["name"]?.string ?? meta?["name"]?.string ?? "?",
                              title: meta?["title"]?.string ?? "",
                              description: meta?["description"]?.string ?? "",
                              file: sj["file"]?.string ?? "")
            let summary = sj["summary"]
            for (k, v) in summary?["kpis"]?.object ?? [] { if let e = Est(v) { sc.kpis[k] = e } }
            sc.replications = summary?["replications"]?.double ?? .nan
            sc.warmupMin = ReportData.number(meta?["warmup_min"]) ?? summary?["warmup_min"]?.double ?? .nan
            sc.horizonMin = ReportData.number(meta?["horizon_min"]) ?? summary?["horizon_min"]?.double ?? .nan
            if case .bool(let b)? = meta?["warmup_given"] { sc.warmupGiven = b }
            if let h = sj["warmup_check"]?["suggested_hours"]?.double { sc.warmupMSERHours = h }
            sc.seed = meta?["seed"]?.double ?? summary?["seed"]?.double ?? .nan
            for k in meta?["kpis"]?.array ?? [] {
                sc.kpiMeta.append(KPIMeta(
                    name: k["name"]?.string ?? "", label: ReportData.label(name: k["name"]?.string ?? "", label: k["label"]?.string),
                    area: k["area"]?.string ?? "other", headline: k["headline"] == .bool(true),
                    by: k["by"]?.string, groups: (k["groups"]?.array ?? []).compactMap(\.string),
                    target: ReportData.number(k["target"]),
                    groupTargets: (k["groupTargets"]?.array ?? []).map { ReportData.number($0) },
                    targetShare: ReportData.number(k["targetShare"]),
                    higherIsBetter: k["better"]?.string == "higher", mid: ReportData.number(k["mid"]),
                    meanTarget: ReportData.number(k["meanTarget"]), p90Target: ReportData.number(k["p90Target"])))
            }
            for u in meta?["units"]?.array ?? [] {
                sc.units.append(UnitMeta(name: u["name"]?.string ?? "", label: ReportData.label(name: u["name"]?.string ?? "", label: u["label"]?.string),
                                         area: u["area"]?.string ?? "other", capacity: u["capacity"]?.string ?? "",
                                         kind: u["kind"]?.string, targetUtilisation: ReportData.number(u["targetUtilisation"])))
            }
            for cj in meta?["censuses"]?.array ?? [] {
                sc.censuses.append(CensusMeta(name: cj["name"]?.string ?? "", label: ReportData.label(name: cj["name"]?.string ?? "", label: cj["label"]?.string),
                                              area: cj["area"]?.string ?? "other"))
            }
            for p in meta?["pathways"]?.array ?? [] {
                // A diagram far larger than any pathway's (a damaged file) is
                // left out: the layout is quadratic and recursive.
                let d = (p["diagram"]?["nodes"]?.array?.count ?? 0) <= 2000 && (p["diagram"]?["edges"]?.array?.count ?? 0) <= 8000 ? p["diagram"] : nil
                let nodes = (d?["nodes"]?.array ?? []).map { n in
                    NodeMeta(id: n["id"]?.int ?? -1, kind: n["kind"]?.string ?? "", text: n["text"]?.string ?? "",
                             units: (n["units"]?.array ?? []).compactMap(\.string), key: n["key"]?.string ?? "")
                }
                let edges = (d?["edges"]?.array ?? []).map { e in
                    EdgeMeta(from: e["from"]?.int ?? -1, to: e["to"]?.int ?? -1, label: e["label"]?.string ?? "")
                }
                sc.pathways.append(PathwayMeta(name: p["name"]?.string ?? "", label: ReportData.label(name: p["name"]?.string ?? "", label: p["label"]?.string),
                                               area: p["area"]?.string ?? "other", description: p["description"]?.string ?? "",
                                               nodes: nodes, edges: edges))
            }
            for src in meta?["sources"]?.array ?? [] { sc.sources.append((src["id"]?.string ?? "", src["text"]?.string ?? "")) }
            sc.assumptions = (meta?["assumptions"]?.array ?? []).compactMap(\.string)
            for f in meta?["files"]?.array ?? [] { sc.files.append((f["path"]?.string ?? "", f["text"]?.string ?? "")) }
            sc.changedPaths = (meta?["changed_paths"]?.array ?? []).compactMap(\.string)
            sc.language = meta?["lang"]?.string
            if let ch = sj["changes"]?.array {
                sc.changes = ch.map { Change(path: $0["path"]?.string ?? "", old: $0["old"]?.string, new: $0["new"]?.string,
                                             rows: $0["rows"]?.double.map { Int($0) }) }
            }
            for (k, v) in sj["values"]?.object ?? [] { sc.values[k] = v.doubles ?? [] }
            // Honest intervals: bootstrap percentile over replications when the values are there.
            let keys = sc.values.keys.filter { sc.kpis[$0] != nil }
            for (k, bi) in zip(keys, Bootstrap.intervals(keys.map { sc.values[$0]! })) {
                let e = sc.kpis[k]!
                sc.kpis[k] = Est(mean: e.mean, lo: bi?.lo ?? .nan, hi: bi?.hi ?? .nan, n: e.n)
            }
            list.append(sc)
        }
        // The baseline first.
        if let b = c["baseline"]?.string, let i = list.firstIndex(where: { $0.name == b }), i > 0 {
            list.insert(list.remove(at: i), at: 0)
        }
        // Series, matched by scenario name.
        for sj in s["scenarios"]?.array ?? [] {
            guard let name = sj["scenario"]?.string, let i = list.firstIndex(where: { $0.name == name }) else { continue }
            list[i].firstDay = sj["first_day"]?.int.map { Double(Swift.max(-100_000, Swift.min(100_000, $0))) } ?? 0
            list[i].start = sj["start"]?.string
            list[i].arrivalsByMonth = Band(sj["arrivals"]?["month_of_year"])
            for l in sj["levels"]?.array ?? [] {
                guard let n = l["name"]?.string else { continue }
                list[i].levels[n] = SeriesLevel(hour: Band(l["hour_of_day"]), dow: Band(l["day_of_week"]), daily: Band(l["daily"]), month: Band(l["month_of_year"]))
            }
            for h in sj["histograms"]?.array ?? [] {
                guard let n = h["name"]?.string else { continue }
                list[i].hists[n] = SeriesHist(edges: h["edges_min"]?.doubles ?? [], shares: Band(h["shares"]))
            }
        }
        scenarios = list
        for (w, obj) in c["differences"]?.object ?? [] {
            var m: [String: Est] = [:]
            let ref = list.first, other = list.first { $0.name == w }
            var paired: [(key: String, values: [Double])] = []
            for (k, v) in obj.object ?? [] {
                guard let e = Est(v) else { continue }
                m[k] = e
                if let rv = ref?.values[k], let ov = other?.values[k] { paired.append((k, Bootstrap.paired(rv, ov))) }
            }
            for (p, bi) in zip(paired, Bootstrap.intervals(paired.map(\.values))) {
                if let bi { m[p.key] = Est(mean: bi.mean, lo: bi.lo, hi: bi.hi, n: p.values.count) }
                else { m[p.key]!.lo = .nan; m[p.key]!.hi = .nan }
            }
            diffs[w] = m
        }
        bootstrap = list.contains { !$0.values.isEmpty }
    }

    /// A name without a label as words: "ward_bed" -> "Ward bed" (the
    /// report never shows a raw key where a reader expects a word).
    static func humanised(_ name: String) -> String {
        let w = name.replacingAll("_", with: " ")
        return w.prefix(1).uppercased() + w.dropFirst()
    }

    /// The label to show: the scenario's label, or the name in words when
    /// there is none (the compiler writes the name as the label then).
    static func label(name: String, label: String?) -> String {
        guard let label, label != name else { return humanised(name) }
        return label
    }

    /// A number that may be written as a JSON number or as "inf"/"nan" text.
    static func number(_ j: JSON?) -> Double? {
        switch j {
        case .number(let x)?: return x
        case .string(let s)?: return s == "inf" ? .infinity : s == "-inf" ? -.infinity : s == "nan" ? .nan : Double(s)
        default: return nil
        }
    }

    // MARK: Areas

    /// The report area of a unit/KPI/census/pathway: its declared area, or a
    /// guess from its name when it was left as "other".
    static func area(_ declared: String, name: String) -> String {
        if declared != "other" && !declared.isEmpty { return declared }
        let n = name.lowercased()
        let tokens = n.split { !$0.isLetter && !$0.isNumber }.map(String.init)
        func tok(_ ws: [String]) -> Bool { tokens.contains { ws.contains($0) } }
        func sub(_ ws: [String]) -> Bool { ws.contains { n.contains($0) } }
        if tok(["ct", "mri", "us", "scan", "scanner", "imaging"]) || sub(["xray", "x_ray", "x-ray", "radiolog", "ultrasound", "imaging"]) { return "imaging" }
        if sub(["ward", "bed"]) { return "ward" }
        if tok(["ed", "ae", "triage", "cubicle", "resus", "lwbs"]) || sub(["triage", "cubicle", "emergency"]) { return "ed" }
        if tok(["gp"]) || sub(["therap", "physio", "primary", "waiting_list"]) { return "primary_care" }
        return "other"
    }

    /// Names of things of an area, in order of first appearance across scenarios.
    func unitNames(area a: String) -> [String] {
        ordered(scenarios.flatMap { $0.units.filter { ReportData.area($0.area, name: $0.name) == a }.map(\.name) })
    }
    func kpiNames(area a: String) -> [String] {
        ordered(scenarios.flatMap { $0.kpiMeta.filter { ReportData.area($0.area, name: $0.name) == a }.map(\.name) })
    }
    func censusNames(area a: String) -> [String] {
        ordered(scenarios.flatMap { $0.censuses.filter { ReportData.area($0.area, name: $0.name) == a }.map(\.name) })
    }
    func pathwayNames(area a: String) -> [String] {
        ordered(scenarios.flatMap { $0.pathways.filter { ReportData.area($0.area, name: $0.name) == a }.map(\.name) })
    }
    var allUnitNames: [String] { ordered(scenarios.flatMap { $0.units.map(\.name) }) }

    func kpiMeta(_ name: String) -> KPIMeta? { scenarios.lazy.compactMap { $0.kpi(name) }.first }
    func unitLabel(_ name: String) -> String { scenarios.lazy.compactMap { $0.units.first { $0.name == name }?.label }.first ?? ReportData.humanised(name) }
    func censusLabel(_ name: String) -> String { scenarios.lazy.compactMap { $0.censuses.first { $0.name == name }?.label }.first ?? ReportData.humanised(name) }
    func pathwayLabel(_ name: String) -> String { scenarios.lazy.compactMap { $0.pathways.first { $0.name == name }?.label }.first ?? ReportData.humanised(name) }

    func hasArea(_ a: String) -> Bool {
        !unitNames(area: a).isEmpty || !kpiNames(area: a).isEmpty || !censusNames(area: a).isEmpty
    }
}

func ordered(_ xs: [String]) -> [String] {
    var seen = Set<String>(), out: [String] = []
    for x in xs where seen.insert(x).inserted { out.append(x) }
    return out
}
