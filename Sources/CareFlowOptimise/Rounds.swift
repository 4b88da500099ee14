import Foundation

/// The procedure's rounds one at a time (docs/optimise.md): given every
/// value so far, the (configuration, replication) tasks of the next round,
/// or the answer when none is needed. Which tasks a round takes depends
/// only on the values of earlier rounds, so replaying rounds with stored
/// values gives the same rounds, in the same order, as the run that stored
/// them: what resume and shards rely on.
struct Rounds {
    let spec: OptimiseSpec
    let kpis: [String]
    let deterministic: Bool
    /// Screening order: by known objective (ties and noisy objectives: the grid's order).
    let order: [Int]
    /// values[config][replication][kpi index].
    private(set) var values: [[[Double]]]
    private(set) var states: [ConfigurationState]
    /// Rounds planned so far (the last one's number).
    private(set) var round = 0
    /// Configurations the last round evaluates.
    private(set) var active = 0
    /// Set when `next` returns nil: the answer (nil: none) and, for KN, the survivors it could not separate.
    private(set) var chosen: Int?
    private(set) var unseparated: [Int] = []

    init(_ spec: OptimiseSpec) {
        self.spec = spec
        kpis = Optimiser.kpis(spec)
        let deterministic = spec.configurations.allSatisfy { $0.knownObjective.isFinite }
        self.deterministic = deterministic
        order = spec.configurations.indices.sorted { a, b in
            let x = spec.configurations[a].knownObjective, y = spec.configurations[b].knownObjective
            if deterministic && x != y { return x < y }
            return a < b
        }
        values = [[[Double]]](repeating: [], count: spec.configurations.count)
        states = spec.configurations.map { ConfigurationState(id: $0.id, decisions: spec.constraints.map { _ in .undecided }, used: spec.constraints.map { _ in 0 }) }
    }

    /// Judges every configuration on the values so far and plans the next
    /// round: its tasks in order, or nil when the procedure has ended.
    mutating func next() -> [(Int, Int)]? {
        for c in spec.configurations.indices { states[c] = Optimiser.judge(spec, c, values[c], kpis) }
        var active: [Int] = []
        var phase2 = false
        if deterministic {
            let firstFeasible = order.first { states[$0].status == .feasible }
            let cutoff = firstFeasible.map { spec.configurations[$0].knownObjective }.map { $0 + abs($0) * spec.close } ?? .infinity
            let pending = order.filter { !states[$0].decided && spec.configurations[$0].knownObjective <= cutoff }
            if pending.isEmpty { return end(firstFeasible) }
            active = Array(pending.prefix(spec.window))
        } else {
            let pending = order.filter { !states[$0].decided }
            if !pending.isEmpty { active = Array(pending.prefix(spec.window)) } else {
                let feasible = order.filter { states[$0].status == .feasible }
                guard !feasible.isEmpty else { return end(nil) }
                phase2 = true
                let k = kpis.firstIndex(of: spec.objective.kpi) ?? 0
                let n = feasible.map { values[$0].count }.min() ?? 0
                let sel = Procedures.selectSmallest(feasible.map { c in values[c].prefix(n).map { $0[k] } }, delta: max(spec.objective.tolerance, 1e-12),
                                                    alpha: 1 - spec.objective.confidence, n0: spec.firstReplications, maxN: spec.maxReplications)
                let survivors = sel.survivors.map { feasible[$0] }
                if survivors.count == 1 || n >= spec.maxReplications {
                    let means = survivors.map { c in (c, values[c].prefix(n).reduce(0) { $0 + $1[k] } / Double(max(1, n))) }
                    return end(means.min { $0.1 < $1.1 || ($0.1 == $1.1 && $0.0 < $1.0) }?.0, unseparated: survivors.count > 1 ? survivors : [])
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
        if tasks.isEmpty { return end(nil) }
        round += 1
        self.active = active.count
        return tasks
    }

    private mutating func end(_ chosen: Int?, unseparated: [Int] = []) -> [(Int, Int)]? {
        self.chosen = chosen
        self.unseparated = unseparated
        return nil
    }

    /// The values of a round's tasks, in the order `next` gave them.
    mutating func add(_ tasks: [(Int, Int)], _ rows: [[Double]]) {
        for (t, row) in zip(tasks, rows) {
            precondition(values[t.0].count == t.1, "a round's tasks are added in replication order")
            values[t.0].append(row)
        }
    }

    /// A task's stored values in KPI order, or nil when it is not stored.
    func cached(_ stored: [Int: [Int: [String: Double]]], _ t: (Int, Int)) -> [Double]? {
        stored[t.0]?[t.1].map { row in kpis.map { row[$0] ?? .nan } }
    }
}
