import CareFlowEngine
import CareFlowRandom
import CareFlowScenario
import Foundation

/// The files a run writes, built in memory first (no partial output on error).
public enum Outputs {
    public static let softwareVersion = "0.1.0"

    /// summary.json: scenario, seed, replications, warmup_min, horizon_min, kpis.
    public static func summary(_ sc: CompiledScenario, seed: UInt64, summary s: RunSummary) -> JSON {
        .object([
            ("scenario", .string(sc.name)),
            ("seed", .number(Double(seed))),
            ("replications", .number(Double(s.values.count))),
            ("warmup_min", .number(sc.model.warmup)),
            ("horizon_min", .number(sc.model.horizon)),
            ("kpis", .object(zip(s.names, s.estimates).map { ($0, $1.json) })),
        ])
    }

    /// kpis.csv: one row per replication and KPI.
    public static func kpisCSV(_ s: RunSummary) -> String {
        var out = "replication,kpi,value\n"
        let names = s.names.map(csv)       // once per KPI, not per replication
        for (r, row) in s.values.enumerated() {
            for (k, name) in names.enumerated() {
                out += "\(r),\(name),\(k < row.count ? JSON.format(row[k]) : "")\n"
            }
        }
        return out
    }

    public static func csv(_ s: String) -> String {
        // Byte tests: Foundation's String.contains(String) is a locale-aware search.
        guard s.utf8.contains(where: { $0 == UInt8(ascii: ",") || $0 == UInt8(ascii: "\"") }) else { return s }
        return "\"" + s.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    /// Mean and CI per point of equally long arrays, across replications.
    static func band(_ rows: [[Double]]) -> JSON {
        let n = rows.map(\.count).min() ?? 0
        var mean: [Double] = [], lo: [Double] = [], hi: [Double] = []
        mean.reserveCapacity(n); lo.reserveCapacity(n); hi.reserveCapacity(n)
        var t = TQuantile(level: 0.95)
        var column: [Double] = []
        column.reserveCapacity(rows.count)
        for i in 0..<n {
            column.removeAll(keepingCapacity: true)
            for r in rows where !r[i].isNaN { column.append(r[i]) }
            let e = Estimate(nanFree: column, t: &t)
            mean.append(e.mean); lo.append(e.ciLow); hi.append(e.ciHigh)
        }
        return .object([("mean", .nums(mean)), ("ci_low", .nums(lo)), ("ci_high", .nums(hi))])
    }

    /// series.json for one scenario: profiles, daily series and histograms
    /// with replication means and 95% CIs.
    public static func series(_ sc: CompiledScenario, _ results: [ReplicationResult]) -> JSON {
        let all = results.compactMap(\.series)
        guard let first = all.first else { return .object([("scenario", .string(sc.name)), ("levels", .array([]))]) }
        var levels: [JSON] = []
        for (i, l) in first.levels.enumerated() {
            levels.append(.object([
                ("name", .string(l.name)),
                ("hour_of_day", band(all.map { $0.levels[i].hourOfDay })),
                ("day_of_week", band(all.map { $0.levels[i].dayOfWeek })),
                ("daily", band(all.map { $0.levels[i].daily })),
            ] + CalendarSeries.monthOfYear(sc, all.map { $0.levels[i].daily })))
        }
        var hists: [JSON] = []
        for (i, h) in first.histograms.enumerated() {
            hists.append(.object([
                ("name", .string(h.name)),
                ("edges_min", .nums(h.edges)),
                ("shares", band(all.map { $0.histograms[i].shares })),
            ]))
        }
        let days = all.map(\.arrivalsDaily.count).min() ?? 0
        return .object([
            ("scenario", .string(sc.name)),
            ("replications", .number(Double(all.count))),
            ("first_day", .number(CalendarSeries.firstDay(sc))),
        ] + CalendarSeries.dates(sc, days: days) + [
            ("levels", .array(levels)),
            ("arrivals", .object([
                ("hour_of_day", band(all.map(\.arrivalsHourOfDay))),
                ("daily", band(all.map(\.arrivalsDaily))),
            ] + CalendarSeries.monthOfYear(sc, all.map(\.arrivalsDaily)))),
            ("histograms", .array(hists)),
        ])
    }

    /// What reports need to know about a scenario (from the file, not the run).
    public static func metadata(_ sc: CompiledScenario) -> JSON {
        struct Meta: Encodable {
            var name: String, title: String, description: String
            var kpis: [KPIInfo], units: [UnitInfo], pathways: [PathwayInfo], censuses: [CensusInfo]
            var sources: [Citation], assumptions: [String], files: [ScenarioFile], changed_paths: [String]
            var warmup_min: Double, horizon_min: Double, warmup_given: Bool, seed: UInt64
            var lang: String?
            var start: String?
        }
        let m = Meta(name: sc.name, title: sc.title, description: sc.description, kpis: sc.kpis, units: sc.units,
                     pathways: sc.pathways, censuses: sc.censuses, sources: sc.sources, assumptions: sc.assumptions,
                     files: sc.files, changed_paths: sc.changedPaths, warmup_min: sc.model.warmup,
                     horizon_min: sc.model.horizon.isFinite ? sc.model.horizon : -1, warmup_given: sc.warmupGiven, seed: sc.seed,
                     lang: sc.language, start: sc.calendar?.startText)
        let enc = JSONEncoder()
        enc.outputFormatting = [.sortedKeys]
        enc.nonConformingFloatEncodingStrategy = .convertToString(positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        guard let data = try? enc.encode(m), let text = String(data: data, encoding: .utf8), let j = try? JSON.parse(text) else { return .null }
        return j
    }

    /// Writes a set of files into `dir` so that a reader sees the previous
    /// set or the new one, never a mix (see Publisher). Throws OutputError.
    public static func write(_ files: [(String, String)], into dir: String) throws {
        // Names are relative and stay inside `dir` (FileNames builds them
        // from scenario names); anything else is a bug, refused before writing.
        if let bad = files.first(where: { !FileNames.staysInside($0.0) }) { throw FileNames.OutsideOutput(name: bad.0) }
        try Publisher.publish(files, into: dir)
    }

    /// Writes or replaces single files in `dir`, each atomically (into a
    /// folder that holds other things, such as a sweep's database).
    public static func replace(_ files: [(String, String)], in dir: String) throws {
        if let bad = files.first(where: { !FileNames.staysInside($0.0) }) { throw FileNames.OutsideOutput(name: bad.0) }
        try Publisher.replaceEach(files, in: dir)
    }
}

/// Numbers for people (tables on the terminal, sweep reports): about three
/// significant digits, whole numbers from 1,000 on.
public enum Readable {
    public static func number(_ x: Double, missing: String = "-") -> String {
        guard x.isFinite else { return missing }
        let a = abs(x)
        if a == 0 { return "0" }
        if a >= 1000 { return String(format: "%.0f", x) }
        if a >= 100 { return String(format: "%.1f", x) }
        if a >= 1 { return String(format: "%.2f", x) }
        return String(format: "%.3f", x)
    }
}
