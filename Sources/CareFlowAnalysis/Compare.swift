import CareFlowEngine
import CareFlowScenario

/// Paired comparison of what-if scenarios with a baseline under common
/// random numbers: every scenario runs replication r with the streams of
/// (seed, r, stream name), so a patient who needs a CT in the baseline
/// needs it in the what-if, and the paired differences have small variance.
public struct Comparison: Sendable {
    public var scenarios: [CompiledScenario]
    public var results: [[ReplicationResult]]
    public var summaries: [RunSummary]
    public var seed: UInt64

    public init(scenarios: [CompiledScenario], results: [[ReplicationResult]], seed: UInt64) {
        self.scenarios = scenarios
        self.results = results
        self.summaries = results.map(RunSummary.init)
        self.seed = seed
    }

    /// Paired differences (what-if minus baseline) per KPI present in both.
    public func differences(_ w: Int) -> [(String, Estimate)] {
        let base = summaries[0], other = summaries[w]
        var out: [(String, Estimate)] = []
        for (k, name) in other.names.enumerated() {
            guard let bk = base.names.firstIndex(of: name) else { continue }
            let n = min(base.values.count, other.values.count)
            let d = (0..<n).map { r in other.values[r][k] - base.values[r][bk] }
            out.append((name, Estimate(d)))
        }
        return out
    }

    /// The parts of `json` that depend on the scenarios alone: each one's
    /// metadata and its changes from the first. A command computes them
    /// while the replications run (the main thread waits then anyway).
    public struct ScenarioParts: Sendable {
        public let meta: [JSON]
        public let changes: [JSON]
    }

    public static func scenarioParts(_ scenarios: [CompiledScenario]) -> ScenarioParts {
        ScenarioParts(meta: scenarios.map { Outputs.metadata($0) },
                      changes: scenarios.enumerated().map { i, sc in i == 0 ? .array([]) : changesJSON(from: scenarios[0], to: sc) })
    }

    /// The comparison as comparison.json holds it. `parts`: the result of
    /// `scenarioParts` for these scenarios, if computed already.
    public func json(command: String, gslVersion: String, parts: ScenarioParts? = nil) -> JSON {
        let parts = parts ?? Comparison.scenarioParts(scenarios)
        precondition(parts.meta.count == scenarios.count, "scenario parts of other scenarios")
        var scen: [JSON] = []
        for (i, sc) in scenarios.enumerated() {
            scen.append(.object([
                ("name", .string(sc.name)),
                ("file", .string(sc.files.last?.path ?? "")),
                ("summary", Outputs.summary(sc, seed: seed, summary: summaries[i])),
                ("meta", parts.meta[i]),
                ("warmup_check", MSER.check(sc, results[i]).json),
                ("values", Comparison.replicationValues(summaries[i])),
                ("changes", parts.changes[i]),
            ]))
        }
        var diffs: [(String, JSON)] = []
        for w in 1..<scenarios.count {
            diffs.append((scenarios[w].name, .object(differences(w).map { ($0, $1.json) })))
        }
        return .object([
            ("baseline", .string(scenarios[0].name)),
            ("seed", .number(Double(seed))),
            ("replications", .number(Double(summaries[0].values.count))),
            ("common_random_numbers", .bool(true)),
            ("scenarios", .array(scen)),
            ("differences", .object(diffs)),
            ("software", .object([("careflow", .string(Outputs.softwareVersion)), ("gsl", .string(gslVersion))])),
            ("command", .string(command)),
        ])
    }

    /// Per-replication values by KPI (NaN: no value in that replication),
    /// for bootstrap intervals and spreadsheet export.
    public static func replicationValues(_ s: RunSummary) -> JSON {
        .object(s.names.enumerated().map { k, name in
            (name, .array(s.values.map { k < $0.count && $0[k].isFinite ? .number($0[k]) : .null }))
        })
    }

    /// Every setting of `other` that differs from `reference` (full merged trees).
    public static func changesJSON(from reference: CompiledScenario, to other: CompiledScenario) -> JSON {
        guard let a = reference.tree, let b = other.tree else { return .array([]) }
        return .array(ScenarioDiff.changes(from: a, to: b).map { c in
            var fields: [(String, JSON)] = [("path", .string(c.path))]
            if let o = c.old { fields.append(("old", .string(o))) }
            if let n = c.new { fields.append(("new", .string(n))) }
            if let r = c.rows { fields.append(("rows", .number(Double(r)))) }
            return .object(fields)
        })
    }

    public func seriesJSON() -> JSON {
        .object([("scenarios", .array(zip(scenarios, results).map { Outputs.series($0, $1) }))])
    }
}

/// The MSER-5 truncation of a run's ED and ward series: a check of the
/// scenario's warm-up, reported with every comparison.
public struct WarmupCheck: Sendable {
    /// Series name -> suggested truncation in hours.
    public var series: [(String, Int)]
    public var suggestedHours: Int { series.map(\.1).max() ?? 0 }

    public var json: JSON {
        .object([
            ("method", .string("MSER-5 (White 1997) on the replication-mean hourly series from time 0")),
            ("suggested_hours", .number(Double(suggestedHours))),
            ("series", .object(series.map { ($0.0, .number(Double($0.1))) })),
        ])
    }
}

extension MSER {
    /// The series MSER-5 looks at: censuses and the busy units of ED and
    /// ward areas (all pathways' in-system counts if there are none).
    public static func seriesNames(_ sc: CompiledScenario, available: [String]) -> [String] {
        var names = sc.censuses.map { "census.\($0.name)" }
        names += sc.units.filter { $0.area == .ward || $0.area == .ed }.map { "unit.\($0.name).busy" }
        if names.isEmpty { names = available.filter { $0.hasSuffix(".in_system") } }
        return names.filter(available.contains)
    }

    /// Replication-mean hourly series over the whole run, and their truncation.
    public static func check(_ sc: CompiledScenario, _ results: [ReplicationResult]) -> WarmupCheck {
        let series = results.compactMap(\.series)
        guard let first = series.first else { return WarmupCheck(series: []) }
        var out: [(String, Int)] = []
        for name in seriesNames(sc, available: first.levels.map(\.name)) {
            guard let i = first.levels.firstIndex(where: { $0.name == name }) else { continue }
            let hours = series.map { $0.levels[i].hourly.count }.min() ?? 0
            var mean = Array(repeating: 0.0, count: hours)
            for s in series { for t in 0..<hours { mean[t] += s.levels[i].hourly[t] / Double(series.count) } }
            out.append((name, truncation(mean)))
        }
        return WarmupCheck(series: out)
    }
}

/// MSER-5 warm-up detection (White 1997; White, Cobb & Spratt 2000): batch
/// the series in means of 5, and truncate the d batches that minimise the
/// squared standard error of the mean of the rest, searching the first half.
public enum MSER {
    /// Returns the number of observations to delete (a multiple of 5).
    public static func truncation(_ series: [Double], batch: Int = 5) -> Int {
        let m = series.count / batch
        guard m >= 4 else { return 0 }
        var b: [Double] = []
        for j in 0..<m {
            var s = 0.0
            for i in 0..<batch { s += series[j * batch + i] }
            b.append(s / Double(batch))
        }
        var best = 0
        var bestValue = Double.infinity
        // Suffix sums give each MSER(d) in O(1).
        var sum = 0.0, sumSq = 0.0
        var suffix: [(Double, Double)] = Array(repeating: (0, 0), count: m + 1)
        for j in stride(from: m - 1, through: 0, by: -1) {
            sum += b[j]; sumSq += b[j] * b[j]
            suffix[j] = (sum, sumSq)
        }
        for d in 0...(m / 2) {
            let k = Double(m - d)
            let (s, ss) = suffix[d]
            let mean = s / k
            let value = max(0, ss - k * mean * mean) / (k * k)
            if value < bestValue { bestValue = value; best = d }
        }
        return best * batch
    }
}
