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
        let kpis = kpis(spec)
        let nc = spec.configurations.count
        var values = [[[Double]]](repeating: [], count: nc)
        // Resume: stored replications are a cache for the rounds' tasks, not
        // a starting point: judging configurations on a killed run's partial
        // round would choose other windows than the uninterrupted run did, so
        // the rounds are replayed from the start and take stored values.
        let stored = try store?.load() ?? [:]
        let before = stored.filter { $0.key < nc }.reduce(0) { $0 + $1.value.count }
        try store?.beginRun(workers: workers, before: before, command: command)
        let deterministic = spec.configurations.allSatisfy { $0.knownObjective.isFinite }
        let order = spec.configurations.indices.sorted { a, b in
            let x = spec.configurations[a].knownObjective, y = spec.configurations[b].knownObjective
            if deterministic && x != y { return x < y }
            return a < b
        }
        var states = spec.configurations.map { ConfigurationState(id: $0.id, decisions: spec.constraints.map { _ in .undecided }, used: spec.constraints.map { _ in 0 }) }
        var tasksRun = 0, rounds = 0
        var chosen: Int?
        var unseparated: [Int] = []
        let alpha = 1 - spec.objective.confidence
        while true {
            for c in 0..<nc { states[c] = judge(spec, c, values[c], kpis) }
            var active: [Int] = []
            var phase2 = false
            if deterministic {
                let firstFeasible = order.first { states[$0].status == .feasible }
                let cutoff = firstFeasible.map { spec.configurations[$0].knownObjective } .map { $0 + abs($0) * spec.close } ?? .infinity
                let pending = order.filter { !states[$0].decided && spec.configurations[$0].knownObjective <= cutoff }
                if pending.isEmpty {
                    chosen = firstFeasible
                    break
                }
                active = Array(pending.prefix(spec.window))
            } else {
                let pending = order.filter { !states[$0].decided }
                if !pending.isEmpty { active = Array(pending.prefix(spec.window)) } else {
                    let feasible = order.filter { states[$0].status == .feasible }
                    guard !feasible.isEmpty else { break }
                    phase2 = true
                    let k = kpis.firstIndex(of: spec.objective.kpi) ?? 0
                    let n = feasible.map { values[$0].count }.min() ?? 0
                    let sel = Procedures.selectSmallest(feasible.map { c in values[c].prefix(n).map { $0[k] } }, delta: max(spec.objective.tolerance, 1e-12),
                                                        alpha: alpha, n0: spec.firstReplications, maxN: spec.maxReplications)
                    let survivors = sel.survivors.map { feasible[$0] }
                    if survivors.count == 1 || n >= spec.maxReplications {
                        let means = survivors.map { c in (c, values[c].prefix(n).reduce(0) { $0 + $1[k] } / Double(max(1, n))) }
                        chosen = means.min { $0.1 < $1.1 || ($0.1 == $1.1 && $0.0 < $1.0) }?.0
                        unseparated = survivors.count > 1 ? survivors : []
                        break
                    }
                    active = survivors
                }
            }
            // The next replications of each active configuration.
            var tasks: [(Int, Int)] = []
            let common = phase2 ? min(spec.maxReplications, (active.map { values[$0].count }.max() ?? 0) + spec.batch) : 0
            for c in active {
                let n = values[c].count
                let target = phase2 ? common : (n < spec.firstReplications ? spec.firstReplications : min(spec.maxReplications, n + spec.batch))
                for r in n..<max(n, target) { tasks.append((c, r)) }
            }
            if tasks.isEmpty { break }
            rounds += 1
            progress?("round \(rounds): \(active.count) configuration(s), \(tasks.count) replication(s)")
            // Tasks already in the store (a resumed run; out of order after a kill) are not rerun.
            let cached = tasks.map { t in stored[t.0]?[t.1].map { row in kpis.map { row[$0] ?? .nan } } }
            let toRun = tasks.indices.filter { cached[$0] == nil }.map { tasks[$0] }
            var fresh = try runTasks(spec, toRun, kpis: kpis, workers: workers, store: store).makeIterator()
            tasksRun += toRun.count
            let results = cached.map { $0 ?? fresh.next() ?? [] }
            for (t, row) in zip(tasks, results) {
                precondition(values[t.0].count == t.1)
                values[t.0].append(row)
            }
        }
        try store?.finishRun(tasksRun: tasksRun, status: "finished")
        return OptimiseResult(spec: spec, states: states, values: values, kpis: kpis, chosen: chosen, unseparated: unseparated,
                              tasksRun: tasksRun, tasksBefore: before, wallSeconds: Date().timeIntervalSince(clock), rounds: rounds,
                              deterministicObjective: deterministic)
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
