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

    public func json(command: String, gslVersion: String) -> JSON {
        var scen: [JSON] = []
        for (i, sc) in scenarios.enumerated() {
            scen.append(.object([
                ("name", .string(sc.name)),
                ("file", .string(sc.files.last?.path ?? "")),
                ("summary", Outputs.summary(sc, seed: seed, summary: summaries[i])),
                ("meta", Outputs.metadata(sc)),
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

    public func seriesJSON() -> JSON {
        .object([("scenarios", .array(zip(scenarios, results).map { Outputs.series($0, $1) }))])
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
