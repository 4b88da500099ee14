import CareFlowEngine
import CareFlowRandom
import CareFlowScenario
import Foundation

/// Runs replications of a compiled scenario on worker threads.
///
/// Replication r always uses streams derived from (seed, r, stream name),
/// and results are stored by replication index, so the output is identical
/// to the last bit whatever the number of workers or the order they finish.
public enum Runner {
    /// Default worker count: every core.
    public static var defaultWorkers: Int { ProcessInfo.processInfo.activeProcessorCount }

    /// Runs replications `range` of `model` and returns their results in order.
    /// `progress` is called (serialised) after each replication finishes.
    public static func run(model: Model, config: CollectorConfig, seed: UInt64, replications range: Range<Int>,
                           workers: Int, progress: (@Sendable (Int) -> Void)? = nil) -> [ReplicationResult] {
        runAll([(model, config)], seed: seed, replications: range, workers: workers, progress: progress)[0]
    }

    /// Runs replications `range` of several models in one pool of workers
    /// (no barrier between models, so no core idles at a model's tail).
    /// Returns results[model][replication], in order.
    public static func runAll(_ jobs: [(model: Model, config: CollectorConfig)], seed: UInt64, replications range: Range<Int>,
                              workers: Int, progress: (@Sendable (Int) -> Void)? = nil) -> [[ReplicationResult]] {
        // Without a stop flag every slot is filled.
        runAll(jobs, seed: seed, replications: range, workers: workers, stop: nil, progress: progress) ?? jobs.map { _ in [] }
    }

    /// Like `runAll`, but returns nil once `stop` is set: workers claim no
    /// further replication and the running ones return within 4,096 events.
    public static func runAll(_ jobs: [(model: Model, config: CollectorConfig)], seed: UInt64, replications range: Range<Int>,
                              workers: Int, stop: StopFlag?, progress: (@Sendable (Int) -> Void)? = nil) -> [[ReplicationResult]]? {
        let per = range.count
        let total = per * jobs.count
        guard total > 0 else { return jobs.map { _ in [] } }
        let box = ResultBox(count: total, stop: stop)
        // Task k is replication (k mod per) of model (k div per).
        let task: @Sendable (Int) -> Void = { k in
            let (j, r) = k.quotientAndRemainder(dividingBy: per)
            guard let result = one(model: jobs[j].model, config: jobs[j].config, seed: seed, replication: range.lowerBound + r, stop: stop) else { return }
            let done = box.set(k, result)
            progress?(done)
        }
        let w = max(1, min(workers, total))
        if w == 1 {
            for k in 0..<total { task(k) }
        } else {
            let group = DispatchGroup()
            for _ in 0..<w {
                group.enter()
                let t = Thread {
                    while let k = box.claim() { task(k) }
                    group.leave()
                }
                t.stackSize = 8 << 20
                t.start()
            }
            group.wait()
        }
        guard let flat = box.results() else { return nil }
        return (0..<jobs.count).map { Array(flat[($0 * per)..<(($0 + 1) * per)]) }
    }

    /// One replication with the standard collector.
    public static func one(model: Model, config: CollectorConfig, seed: UInt64, replication: Int) -> ReplicationResult {
        var sim = Simulation(model: model, seed: seed, replication: replication, observer: StandardCollector(config: config))
        sim.run()
        return sim.observer.result()
    }

    /// One replication that returns nil if `stop` was set before it finished.
    public static func one(model: Model, config: CollectorConfig, seed: UInt64, replication: Int, stop: StopFlag?) -> ReplicationResult? {
        guard let stop else { return one(model: model, config: config, seed: seed, replication: replication) }
        if stop.isSet { return nil }
        var sim = Simulation(model: model, seed: seed, replication: replication, observer: StandardCollector(config: config))
        sim.run(stoppingOn: stop)
        return sim.stopped ? nil : sim.observer.result()
    }
}

/// Shared state of the worker threads: the next replication to claim and
/// the result slots, behind one lock.
final class ResultBox: @unchecked Sendable {
    private let lock = NSLock()
    private var slots: [ReplicationResult?]
    private var next = 0
    private let stop: StopFlag?
    private(set) var done = 0

    init(count: Int, stop: StopFlag? = nil) {
        slots = Array(repeating: nil, count: count)
        self.stop = stop
    }

    func claim() -> Int? {
        lock.lock(); defer { lock.unlock() }
        guard next < slots.count, stop?.isSet != true else { return nil }
        next += 1
        return next - 1
    }

    @discardableResult
    func set(_ k: Int, _ r: ReplicationResult) -> Int {
        lock.lock(); defer { lock.unlock() }
        slots[k] = r
        done += 1
        return done
    }

    /// Every slot's result, or nil if a stop left some empty.
    func results() -> [ReplicationResult]? {
        var out: [ReplicationResult] = []
        out.reserveCapacity(slots.count)
        for s in slots {
            guard let r = s else { return nil }
            out.append(r)
        }
        return out
    }
}

/// Mean and t-based confidence interval of one KPI across replications.
public struct Estimate: Sendable, Equatable {
    public var mean: Double
    public var ciLow: Double
    public var ciHigh: Double
    /// Replications with a value (NaN values are left out: e.g. no patient
    /// of that group in a replication).
    public var n: Int

    public var halfWidth: Double { (ciHigh - ciLow) / 2 }

    /// The mean of `values` with a `level` confidence interval
    /// (Student t, quantile from GSL's gsl_cdf_tdist_Pinv).
    public init(_ values: [Double], level: Double = 0.95) {
        let xs = values.filter { !$0.isNaN }
        n = xs.count
        guard n > 0 else { mean = .nan; ciLow = .nan; ciHigh = .nan; return }
        var s = 0.0
        for x in xs { s += x }
        mean = s / Double(n)
        guard n > 1 else { ciLow = .nan; ciHigh = .nan; return }
        var ss = 0.0
        for x in xs { ss += (x - mean) * (x - mean) }
        let sd = (ss / Double(n - 1)).squareRoot()
        let h = GSL.tQuantile(0.5 + level / 2, degreesOfFreedom: Double(n - 1)) * sd / Double(n).squareRoot()
        ciLow = mean - h
        ciHigh = mean + h
    }

    public var json: JSON {
        .object([("mean", .number(mean)), ("ci_low", .number(ciLow)), ("ci_high", .number(ciHigh)), ("n", .number(Double(n)))])
    }
}

/// The per-KPI summary of a set of replications.
public struct RunSummary: Sendable {
    public var names: [String]
    public var estimates: [Estimate]
    /// values[r][k]: replication r, KPI k.
    public var values: [[Double]]

    public init(_ results: [ReplicationResult]) {
        names = results.first?.names ?? []
        values = results.map(\.values)
        estimates = names.indices.map { k in Estimate(results.map { k < $0.values.count ? $0.values[k] : .nan }) }
    }

    public func estimate(_ name: String) -> Estimate? {
        names.firstIndex(of: name).map { estimates[$0] }
    }
}
