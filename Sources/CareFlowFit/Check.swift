import CareFlowAnalysis
import CareFlowEngine
import CareFlowRandom
import CareFlowScenario
import Foundation

/// `careflow check`: the face-validation table. The scenario is simulated
/// over the log's period (after its own warm-up) and the same KPIs are
/// computed, the same way, from the log and from every simulated log.
public enum Check {
    public struct Row: Sendable {
        public var kpi: String
        public var observed: Double
        public var simulatedMean: Double
        public var low: Double
        public var high: Double
        public var n: Int
        public var outside: Bool { observed.isFinite && low.isFinite && (observed < low || observed > high) }
    }

    /// The KPIs of one log: for every interval KPI of the scenario, the median
    /// and 90th percentile overall and by group, and every event's mean count per day.
    public static func kpis(_ log: PatientLog, _ sc: CompiledScenario, days: Double) -> [(String, Double)] {
        var out: [(String, Double)] = []
        for k in sc.kpis {
            guard let from = log.eventIndex(k.from), let to = log.eventIndex(k.to) else { continue }
            let by = k.by.flatMap { log.attributeIndex($0) }
            var all: [Double] = []
            var groups = Array(repeating: [Double](), count: k.groups.count)
            let groupOf: [Int] = by.map { a in log.labels[a].map { k.groups.firstIndex(of: $0) ?? -1 } } ?? []
            for p in 0..<log.patientCount {
                var tf: Double?
                for e in log.range(p) {
                    if tf == nil && log.kind[e] == from { tf = log.time[e] } else if let t0 = tf, log.kind[e] == to {
                        all.append(log.time[e] - t0)
                        if let a = by { let v = log.value(patient: p, attribute: a); if v >= 0, groupOf[Int(v)] >= 0 { groups[groupOf[Int(v)]].append(log.time[e] - t0) } }
                        break
                    }
                }
            }
            out.append(("\(k.name).median_min", quantile(&all, 0.5)))
            out.append(("\(k.name).p90_min", quantile(&all, 0.9)))
            for (g, label) in k.groups.enumerated() where by != nil {
                out.append(("\(k.name).\(label).median_min", quantile(&groups[g], 0.5)))
                out.append(("\(k.name).\(label).p90_min", quantile(&groups[g], 0.9)))
            }
        }
        var counts = Array(repeating: 0, count: log.events.count)
        for e in log.kind { counts[Int(e)] += 1 }
        for (i, e) in log.events.enumerated() where e != "arrival" && e != "departure" { out.append(("\(e).per_day", Double(counts[i]) / days)) }
        return out
    }

    static func quantile(_ xs: inout [Double], _ p: Double) -> Double {
        guard !xs.isEmpty else { return .nan }
        xs.sort()
        let h = p * Double(xs.count - 1), lo = Int(h.rounded(.down)), hi = min(xs.count - 1, lo + 1)
        return xs[lo] + (h - Double(lo)) * (xs[hi] - xs[lo])
    }

    /// Simulates `replications` of the scenario over the log's period and
    /// compares. Replication r uses the scenario's streams for (seed, r):
    /// results do not depend on `workers`.
    public static func run(_ sc: CompiledScenario, log: PatientLog, replications: Int, seed: UInt64, workers: Int,
                           limits: RunLimits = .unlimited) throws -> [Row] {
        let days = Double(Int((log.end / 1440).rounded(.down)) + 1)
        let observed = kpis(log, sc, days: days)
        var m = sc.model
        m.horizon = m.warmup + days * 1440
        let model = m
        let box = CheckBox(replications)
        let w = max(1, min(workers, replications))
        DispatchQueue.concurrentPerform(iterations: w) { worker in
            var r = worker
            while r < replications {
                do {
                    let rows = try EventLog.record(sc, model: model, seed: seed, replication: r, limits: limits)
                    let simLog = PatientLog(rows, file: "replication \(r)", origin: model.warmup)
                    box.set(r, Dictionary(kpis(simLog, sc, days: days), uniquingKeysWith: { a, _ in a }))
                } catch { box.fail(error) }
                r += w
            }
        }
        if let e = box.error { throw e }
        let sims = box.values
        let t = replications > 1 ? GSL.tQuantile(0.975, degreesOfFreedom: Double(replications - 1)) : .nan
        return observed.map { name, obs in
            let xs = sims.compactMap { $0[name] }.filter(\.isFinite)
            let n = Double(xs.count)
            let mean = xs.reduce(0, +) / max(1, n)
            let sd = n > 1 ? (xs.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / (n - 1)).squareRoot() : .nan
            // 95% prediction interval for one more replication: mean ± t sd sqrt(1 + 1/n).
            let half = xs.count > 1 ? t * sd * (1 + 1 / n).squareRoot() : .nan
            return Row(kpi: name, observed: obs, simulatedMean: xs.isEmpty ? .nan : mean, low: mean - half, high: mean + half, n: xs.count)
        }
    }
}

final class CheckBox: @unchecked Sendable {
    private let lock = NSLock()
    private var slots: [[String: Double]]
    private(set) var error: Error?
    init(_ n: Int) { slots = Array(repeating: [:], count: n) }
    func set(_ i: Int, _ v: [String: Double]) { lock.lock(); slots[i] = v; lock.unlock() }
    func fail(_ e: Error) { lock.lock(); if error == nil { error = e }; lock.unlock() }
    var values: [[String: Double]] { lock.lock(); defer { lock.unlock() }; return slots }
}

extension PatientLog {
    /// A simulated log in memory (no CSV), times from `origin` on, as the
    /// reader would give them (time 0 is the midnight of the first day).
    init(_ rows: EventLogRows, file: String, origin: Double) {
        let nA = rows.attributes.count
        var idOf: [Int32: Int] = [:]
        var ids: [String] = [], attr: [Int32] = [], per: [[Int]] = []
        for r in 0..<rows.count {
            let v = rows.patient[r]
            let p: Int
            if let q = idOf[v] { p = q } else {
                p = ids.count; idOf[v] = p; ids.append(String(v)); per.append([])
                attr.append(contentsOf: rows.values[(r * nA)..<((r + 1) * nA)])
            }
            per[p].append(r)
        }
        var offsets = [0], time: [Double] = [], kind: [Int32] = []
        time.reserveCapacity(rows.count); kind.reserveCapacity(rows.count)
        for list in per { for r in list { time.append(rows.time[r] - origin); kind.append(rows.event[r]) }; offsets.append(time.count) }
        self.init(file: file, startDate: LogClock.undated.start, end: (rows.time.max() ?? origin) - origin, first: (rows.time.min() ?? origin) - origin,
                  events: rows.events, attributes: rows.attributes, labels: rows.labels, ids: ids, offsets: offsets, time: time, kind: kind,
                  line: Array(repeating: 0, count: time.count), attribute: attr)
    }
}
