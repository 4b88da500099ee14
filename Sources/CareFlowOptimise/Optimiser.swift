import CareFlowAnalysis
import CareFlowEngine
import Foundation

/// What the optimiser knows about one configuration.
public struct ConfigurationState: Sendable {
    public var id: Int
    /// Replications run (0..<n).
    public var n: Int = 0
    /// Per constraint: the decision and the replications it used.
    public var decisions: [Procedures.Decision]
    public var used: [Int]
    public enum Status: String, Sendable { case notEvaluated = "not evaluated", feasible, infeasible, undecided }
    public var status: Status = .notEvaluated
    /// The sequential test reached `max` replications without deciding.
    public var atCap = false
    public var decided: Bool { status == .feasible || status == .infeasible || atCap }
}

/// The optimiser's answer and everything behind it.
public struct OptimiseResult: Sendable {
    public var spec: OptimiseSpec
    public var states: [ConfigurationState]
    /// values[config][replication][kpi index] (KPIs: `Optimiser.kpis(spec)`).
    public var values: [[[Double]]]
    public var kpis: [String]
    public var chosen: Int?
    /// Noisy objective: the configurations KN could not separate (empty otherwise).
    public var unseparated: [Int] = []
    public var tasksRun: Int
    public var tasksBefore: Int
    public var wallSeconds: Double
    public var rounds: Int
    public var deterministicObjective: Bool

    public var evaluations: Int { states.filter { $0.n > 0 }.count }
    public var replications: Int { states.reduce(0) { $0 + $1.n } }

    /// Mean and 95% CI of KPI `k` of configuration `c` over its replications.
    public func estimate(_ c: Int, _ kpi: String) -> Estimate {
        guard let k = kpis.firstIndex(of: kpi) else { return Estimate([]) }
        return Estimate(values[c].map { $0[k] })
    }

    /// The objective of configuration `c`: known without simulating, or its mean.
    public func objective(_ c: Int) -> Double {
        let known = spec.configurations[c].knownObjective
        return known.isFinite ? known : estimate(c, spec.objective.kpi).mean
    }
}

public enum Optimiser {
    /// The KPIs stored per task: the objective, then each constraint's.
    public static func kpis(_ spec: OptimiseSpec) -> [String] {
        var out = [spec.objective.kpi]
        for c in spec.constraints where !out.contains(c.kpi) { out.append(c.kpi) }
        return out
    }

    /// A KPI (or a ratio "A / B") from one replication's results.
    static func value(_ r: ReplicationResult, _ kpi: String) -> Double {
        let parts = kpi.components(separatedBy: " / ")
        if parts.count == 2 {
            guard let a = r[parts[0].trimmingCharacters(in: .whitespaces)], let b = r[parts[1].trimmingCharacters(in: .whitespaces)] else { return .nan }
            return b != 0 ? a / b : .nan
        }
        return r[kpi] ?? .nan
    }

    /// Runs the procedure (docs/optimise.md): cost-ordered screening with the
    /// sequential feasibility check, then the cheapest feasible (or KN among
    /// the feasible for a noisy objective). Tasks already in `store` are not
    /// rerun; every decision depends only on the values, so a resumed run
    /// ends exactly as an uninterrupted one, whatever `workers`.
    public static func run(_ spec: OptimiseSpec, store: OptimiseStore?, workers: Int, command: String = "",
                           progress: ((String) -> Void)? = nil) throws -> OptimiseResult {
        let clock = Date()
        // Resume: stored replications are a cache for the rounds' tasks, not
        // a starting point: judging configurations on a killed run's partial
        // round would choose other windows than the uninterrupted run did, so
        // the rounds are replayed from the start and take stored values.
        let stored = try store?.load() ?? [:]
        let before = storedTasks(spec, stored)
        try store?.beginRun(workers: workers, before: before, command: command)
        var plan = Rounds(spec)
        var tasksRun = 0
        while let tasks = plan.next() {
            progress?("round \(plan.round): \(plan.active) configuration(s), \(tasks.count) replication(s)")
            // Tasks already in the store (a resumed run; out of order after a kill) are not rerun.
            let cached = tasks.map { plan.cached(stored, $0) }
            let toRun = tasks.indices.filter { cached[$0] == nil }.map { tasks[$0] }
            var fresh = try runTasks(spec, toRun, kpis: plan.kpis, workers: workers, store: store).makeIterator()
            tasksRun += toRun.count
            plan.add(tasks, cached.map { $0 ?? fresh.next() ?? [] })
        }
        try store?.finishRun(tasksRun: tasksRun, status: "finished")
        return result(plan, tasksRun: tasksRun, tasksBefore: before, wallSeconds: Date().timeIntervalSince(clock))
    }

    /// What replaying the rounds with stored values reaches.
    public enum Replay: Sendable {
        /// Every round's tasks are stored: the answer, exactly as the runs that stored them give it (nothing run here).
        case finished(OptimiseResult)
        /// Round `round` (1-based) is the first with tasks not stored: `missing`, in the round's order.
        case pending(round: Int, missing: [(Int, Int)])
    }

    /// Replays the rounds with `stored` values and runs nothing: the answer,
    /// or the first round that needs tasks (what shards split).
    public static func replay(_ spec: OptimiseSpec, stored: [Int: [Int: [String: Double]]]) -> Replay {
        let clock = Date()
        var plan = Rounds(spec)
        while let tasks = plan.next() {
            let cached = tasks.map { plan.cached(stored, $0) }
            let missing = tasks.indices.filter { cached[$0] == nil }.map { tasks[$0] }
            if !missing.isEmpty { return .pending(round: plan.round, missing: missing) }
            plan.add(tasks, cached.map { $0 ?? [] })
        }
        return .finished(result(plan, tasksRun: 0, tasksBefore: storedTasks(spec, stored), wallSeconds: Date().timeIntervalSince(clock)))
    }

    /// Stored tasks of this spec's configurations.
    static func storedTasks(_ spec: OptimiseSpec, _ stored: [Int: [Int: [String: Double]]]) -> Int {
        stored.filter { $0.key < spec.configurations.count }.reduce(0) { $0 + $1.value.count }
    }

    static func result(_ plan: Rounds, tasksRun: Int, tasksBefore: Int, wallSeconds: Double) -> OptimiseResult {
        OptimiseResult(spec: plan.spec, states: plan.states, values: plan.values, kpis: plan.kpis, chosen: plan.chosen, unseparated: plan.unseparated,
                       tasksRun: tasksRun, tasksBefore: tasksBefore, wallSeconds: wallSeconds, rounds: plan.round,
                       deterministicObjective: plan.deterministic)
    }

    /// The sequential feasibility check of every constraint of one configuration.
    static func judge(_ spec: OptimiseSpec, _ c: Int, _ rows: [[Double]], _ kpis: [String]) -> ConfigurationState {
        var s = ConfigurationState(id: c, decisions: spec.constraints.map { _ in .undecided }, used: spec.constraints.map { _ in 0 })
        s.n = rows.count
        guard !rows.isEmpty else { return s }
        for (i, con) in spec.constraints.enumerated() {
            let k = kpis.firstIndex(of: con.kpi) ?? 0
            let sign = con.atMost ? 1.0 : -1.0
            // NaN (no patient measured): the replication holds no evidence either way; counted as exactly at the limit.
            let ys = rows.map { $0[k].isNaN ? sign * con.limit : sign * $0[k] }
            let (d, used) = Procedures.feasibility(ys, limit: sign * con.limit, tolerance: con.tolerance, alpha: 1 - con.confidence,
                                                   n0: spec.firstReplications, maxN: spec.maxReplications)
            s.decisions[i] = d
            s.used[i] = used
        }
        if s.decisions.contains(.infeasible) { s.status = .infeasible } else if s.decisions.allSatisfy({ $0 == .feasible }) { s.status = .feasible } else { s.status = .undecided }
        s.atCap = s.status == .undecided && rows.count >= spec.maxReplications
        return s
    }

    /// Runs (configuration, replication) tasks on `workers` threads; each
    /// finished task is committed (in small batches) before the call returns.
    static func runTasks(_ spec: OptimiseSpec, _ tasks: [(Int, Int)], kpis: [String], workers: Int, store: OptimiseStore?) throws -> [[Double]] {
        let box = TaskBox(count: tasks.count)
        let w = max(1, min(workers, tasks.count))
        let body: @Sendable () -> Void = {
            while let i = box.claim() {
                let (c, r) = tasks[i]
                let cfg = spec.configurations[c]
                do {
                    let res = try Runner.one(model: cfg.model, config: cfg.config, seed: spec.seed, replication: r,
                                             limits: RunLimits.forMachine(cfg.model, workers: w))
                    if let d = res.deadlock { throw DeadlockError(scenario: spec.baseScenario, replication: r, deadlock: d) }
                    let row = kpis.map { value(res, $0) }
                    box.finish(i, row) { batch in try store?.write(batch.map { (tasks[$0.0].0, tasks[$0.0].1, Array(zip(kpis, $0.1))) }) }
                } catch { box.fail(error) }
            }
        }
        if w == 1 { body() } else {
            let group = DispatchGroup()
            for _ in 0..<w {
                group.enter()
                let t = Thread { body(); group.leave() }
                t.stackSize = 8 << 20
                t.start()
            }
            group.wait()
        }
        try box.flush { batch in try store?.write(batch.map { (tasks[$0.0].0, tasks[$0.0].1, Array(zip(kpis, $0.1))) }) }
        if let e = box.error { throw e }
        return box.rows.map { $0 ?? [] }
    }
}

/// Shared state of the task threads, behind one lock.
final class TaskBox: @unchecked Sendable {
    private let lock = NSLock()
    private var next = 0
    private(set) var rows: [[Double]?]
    private var pending: [(Int, [Double])] = []
    private(set) var error: Error?
    init(count: Int) { rows = Array(repeating: nil, count: count) }

    func claim() -> Int? {
        lock.lock(); defer { lock.unlock() }
        guard error == nil, next < rows.count else { return nil }
        next += 1
        return next - 1
    }

    func finish(_ i: Int, _ row: [Double], commit: ([(Int, [Double])]) throws -> Void) {
        lock.lock(); defer { lock.unlock() }
        rows[i] = row
        pending.append((i, row))
        if pending.count >= 8 {
            do { try commit(pending); pending = [] } catch { if self.error == nil { self.error = error } }
        }
    }

    func flush(_ commit: ([(Int, [Double])]) throws -> Void) throws {
        lock.lock(); defer { lock.unlock() }
        if !pending.isEmpty { try commit(pending); pending = [] }
    }

    func fail(_ e: Error) {
        lock.lock(); defer { lock.unlock() }
        if error == nil { error = e }
    }
}
