import CareFlowStats

/// Busy time, services and waits per role (what pooled units are used for:
/// Pools.swift), overall and per unit, for the standard collector.
///
/// A place counts in a role from the moment a patient takes it through a
/// pool of that role until the patient gives it back (by a release step, or
/// on leaving). Definitions, for role r and unit u over the measured time:
/// - `role.r.busy_mean`: time-average number of places in use in role r;
/// - `role.r.utilisation`: place-minutes in role r over the capacity
///   place-minutes of the units role r uses;
/// - `role.r.unit.u.utilisation`: place-minutes of u in role r over u's
///   capacity place-minutes (the roles of a shared unit add up to the
///   unit's utilisation when every use of it has a role);
/// - `role.r.served`, `role.r.wait_mean_min`: patients who got a place in
///   role r, and their mean wait (0 when one was free).
struct RoleUsage {
    private(set) var active = false
    private var nUnit = 0
    private var names: [String] = []
    private var unitNames: [String] = []
    private var uses: [[Bool]] = []             // role -> unit -> used by one of its pools
    private var busy: [TimeWeighted] = []        // per role
    private var unitBusy: [TimeWeighted] = []    // role * nUnit + unit
    private var wait: [Tally] = []
    // Per held (entity, unit): the role + 1 (0: none) and the places held in it.
    private var tag: [Int32] = []
    private var tagAmount: [Int32] = []

    mutating func start(model: Model) {
        names = model.roles
        active = !names.isEmpty
        guard active else { return }
        nUnit = model.units.count
        unitNames = model.units.map(\.name)
        uses = Array(repeating: Array(repeating: false, count: nUnit), count: names.count)
        for p in model.pools { for u in p.units { uses[Int(p.role)][Int(u)] = true } }
        busy = Array(repeating: TimeWeighted(), count: names.count)
        unitBusy = Array(repeating: TimeWeighted(), count: names.count * nUnit)
        wait = Array(repeating: Tally(), count: names.count)
    }

    mutating func seized(role: Int32, unit: Int32, entity: Int32, amount: Int, waited: Double, at time: Double) {
        let r = Int(role), u = Int(unit), k = Int(entity) * nUnit + u
        if k >= tag.count {
            tag.append(contentsOf: repeatElement(0, count: k + 1 - tag.count))
            tagAmount.append(contentsOf: repeatElement(0, count: k + 1 - tagAmount.count))
        }
        if tag[k] != 0 && tag[k] != role + 1 { release(k, tagAmount[k], at: time) }
        tag[k] = role + 1
        tagAmount[k] += Int32(amount)
        busy[r].add(Double(amount), at: time)
        unitBusy[r * nUnit + u].add(Double(amount), at: time)
        wait[r].record(waited)
    }

    /// `places` of `unit` were given back by `entity`.
    mutating func released(unit: Int32, entity: Int32, places: Int, at time: Double) {
        let k = Int(entity) * nUnit + Int(unit)
        guard k < tag.count, tag[k] != 0 else { return }
        release(k, Int32(Swift.min(places, Int(tagAmount[k]))), at: time)
    }

    private mutating func release(_ k: Int, _ n: Int32, at time: Double) {
        let r = Int(tag[k]) - 1, u = k % nUnit
        busy[r].add(-Double(n), at: time)
        unitBusy[r * nUnit + u].add(-Double(n), at: time)
        tagAmount[k] -= n
        if tagAmount[k] <= 0 { tag[k] = 0; tagAmount[k] = 0 }
    }

    mutating func reset(at time: Double) {
        for i in busy.indices { busy[i].reset(at: time); wait[i].reset() }
        for i in unitBusy.indices { unitBusy[i].reset(at: time) }
    }

    mutating func finish(at time: Double) {
        for i in busy.indices { busy[i].set(busy[i].level, at: time) }
        for i in unitBusy.indices { unitBusy[i].set(unitBusy[i].level, at: time) }
    }

    /// Appends the role KPIs; `capacityArea[u]`: u's capacity place-minutes.
    func append(to res: inout ReplicationResult, capacityArea: [Double], at end: Double) {
        guard active else { return }
        for (r, name) in names.enumerated() {
            let key = "role.\(name)"
            res.append("\(key).busy_mean", busy[r].mean(at: end))
            let cap = (0..<nUnit).filter { uses[r][$0] }.reduce(0.0) { $0 + capacityArea[$1] }
            res.append("\(key).utilisation", cap > 0 ? busy[r].integral(at: end) / cap : .nan)
            res.append("\(key).served", Double(wait[r].count))
            res.append("\(key).wait_mean_min", wait[r].count > 0 ? wait[r].mean : .nan)
            for u in 0..<nUnit where uses[r][u] {
                let c = capacityArea[u]
                res.append("\(key).unit.\(unitNames[u]).utilisation", c > 0 ? unitBusy[r * nUnit + u].integral(at: end) / c : .nan)
            }
        }
    }
}
