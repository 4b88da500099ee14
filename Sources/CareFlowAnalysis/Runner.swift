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
    /// `limits`: the runaway and no-progress guards (default: from the
    /// machine's memory, `RunLimits.forMachine`). Throws `RunStopped` when a
    /// replication hits one (the lowest such replication that ran).
    public static func run(model: Model, config: CollectorConfig, seed: UInt64, replications range: Range<Int>,
                           workers: Int, limits: RunLimits? = nil, progress: (@Sendable (Int) -> Void)? = nil) throws -> [ReplicationResult] {
        try runAll([(model, config)], seed: seed, replications: range, workers: workers, limits: limits.map { [$0] }, progress: progress)[0]
    }

    /// Runs replications `range` of several models in one pool of workers
    /// (no barrier between models, so no core idles at a model's tail).
    /// Returns results[model][replication], in order. `limits`: one per job
    /// (default: each model's `RunLimits.forMachine`).
    public static func runAll(_ jobs: [(model: Model, config: CollectorConfig)], seed: UInt64, replications range: Range<Int>,
                              workers: Int, limits: [RunLimits]? = nil, progress: (@Sendable (Int) -> Void)? = nil) throws -> [[ReplicationResult]] {
        let per = range.count
        let total = per * jobs.count
        guard total > 0 else { return jobs.map { _ in [] } }
        let box = ResultBox(count: total)
        let w = max(1, min(workers, total))
        let jobLimits = jobs.indices.map { j in limits.map { $0[j % $0.count] } ?? RunLimits.forMachine(jobs[j].model, workers: w) }
        // Task k is replication (k mod per) of model (k div per).
        let task: @Sendable (Int) -> Void = { k in
            let (j, r) = k.quotientAndRemainder(dividingBy: per)
            do {
                let done = box.set(k, try one(model: jobs[j].model, config: jobs[j].config, seed: seed,
                                              replication: range.lowerBound + r, limits: jobLimits[j]))
                progress?(done)
            } catch var e as RunStopped {
                e.job = j
                box.fail(k, e)
            } catch {}
        }
        if w == 1 {
            while let k = box.claim() { task(k) }
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
        if let e = box.failure { throw e }
        let flat = box.results()
        return (0..<jobs.count).map { Array(flat[($0 * per)..<(($0 + 1) * per)]) }
    }

    /// One replication with the standard collector.
    public static func one(model: Model, config: CollectorConfig, seed: UInt64, replication: Int,
                           limits: RunLimits = .unlimited) throws -> ReplicationResult {
        var sim = Simulation(model: model, seed: seed, replication: replication, observer: StandardCollector(config: config), limits: limits)
        sim.run()
        if let reason = sim.stopReason { throw RunStopped(reason: reason, replication: replication, model: model) }
        var r = sim.observer.result()
        r.deadlock = sim.deadlock
        if let costs = config.costs { for (name, value) in costs.kpis(model: model, counter: { r[$0] }) { r.append(name, value) } }
        return r
    }
}

/// Shared state of the worker threads: the next replication to claim and
/// the result slots, behind one lock.
final class ResultBox: @unchecked Sendable {
    private let lock = NSLock()
    private var slots: [ReplicationResult?]
    private var next = 0
    private(set) var done = 0

    init(count: Int) { slots = Array(repeating: nil, count: count) }

    /// The failed task with the lowest index, if any.
    private var failedTask = Int.max
    private(set) var failure: RunStopped?

    func claim() -> Int? {
        lock.lock(); defer { lock.unlock() }
        guard failure == nil, next < slots.count else { return nil }
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

    func fail(_ k: Int, _ e: RunStopped) {
        lock.lock(); defer { lock.unlock() }
        if k < failedTask { failedTask = k; failure = e }
    }

    /// Every slot, once all tasks have succeeded (no failure).
    func results() -> [ReplicationResult] { slots.compactMap { $0 } }
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
        var t = TQuantile(level: level)
        self.init(nanFree: values.filter { !$0.isNaN }, t: &t)
    }

    /// The same from values without NaNs, with the t quantile remembered
    /// across calls (a series band computes thousands of these, nearly all
    /// with the same number of replications).
    init(nanFree xs: [Double], t: inout TQuantile) {
        n = xs.count
        guard n > 0 else { mean = .nan; ciLow = .nan; ciHigh = .nan; return }
        var s = 0.0
        for x in xs { s += x }
        mean = s / Double(n)
        guard n > 1 else { ciLow = .nan; ciHigh = .nan; return }
        var ss = 0.0
        for x in xs { ss += (x - mean) * (x - mean) }
        let sd = (ss / Double(n - 1)).squareRoot()
        let h = t.at(n) * sd / Double(n).squareRoot()
        ciLow = mean - h
        ciHigh = mean + h
    }

    public var json: JSON {
        .object([("mean", .number(mean)), ("ci_low", .number(ciLow)), ("ci_high", .number(ciHigh)), ("n", .number(Double(n)))])
    }
}

/// The two-sided t quantile for n values, recomputed only when n changes
/// (GSL's gsl_cdf_tdist_Pinv iterates).
struct TQuantile {
    let level: Double
    private var n = -1, value = Double.nan
    init(level: Double) { self.level = level }
    mutating func at(_ n: Int) -> Double {
        if n != self.n {
            self.n = n
            value = GSL.tQuantile(0.5 + level / 2, degreesOfFreedom: Double(n - 1))
        }
        return value
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

/// Sequential precision control (Law & Kelton): add replications until the
/// relative 95% CI half-width of every headline KPI is at most the target.
///
/// The rule is evaluated only at fixed batch boundaries (n, then n + max(2,
/// n/2) ...), which depend on nothing but the replication counts, so the
/// number of replications, and every result, is the same for any number
/// of workers.
public enum Precision {
    /// The boundaries after `start` replications, up to `max`.
    public static func nextBoundary(after n: Int, max: Int) -> Int {
        Swift.min(max, n + Swift.max(2, n / 2))
    }

    public static func sequential(_ initial: [ReplicationResult], target: Double, headline: [String], maxReplications: Int,
                                  run: (Range<Int>) throws -> [ReplicationResult]) throws -> [ReplicationResult] {
        var results = initial
        if results.count < 2 { results += try run(results.count..<2) }
        while results.count < maxReplications {
            let s = RunSummary(results)
            let worst = headline.compactMap { s.estimate($0) }.map { abs($0.halfWidth / $0.mean) }.filter { !$0.isNaN }.max() ?? 0
            if worst <= target { break }
            let n = results.count
            results += try run(n..<nextBoundary(after: n, max: maxReplications))
        }
        return results
    }
}
