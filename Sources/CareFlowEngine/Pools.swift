/// Pools of alternative units ("a nurse or a physician") and roles.
///
/// A `seizeAny` step takes `amount` of ONE unit of its pool. If some unit
/// of the pool has room now (a free place and nobody waiting for it: a
/// unit's queue head is never overtaken), the pool's rule picks it:
///
/// - `firstFree`: the first listed unit with room. When none has room the
///   patient waits in the queue of every unit of the pool, with one queue
///   key, and takes the first of them to have room for it.
/// - `leastBusy`: the unit with room whose share of places in use
///   (busy / capacity) is lowest, ties to the first listed; when none has
///   room it waits as with `firstFree`. (With single-server units: an
///   idle one, the first listed; a pool of c such units is an M/M/c.)
/// - `inOrder`: the first listed unit with room; when none has room it
///   waits for the first listed unit only (the others are an overflow
///   taken only when free on arrival).
///
/// Which waiting patient a freed unit serves (the queueing rule): its own
/// queue, by priority, then first come first served by the time the
/// patient started waiting; patients waiting for it as one of a pool stand
/// in that queue with the key they have in all the pool's queues. So
/// across the queues of a pool, service is by priority, then FIFO by
/// arrival at the step. A unit used by several steps (a nurse who works
/// triage and cubicles) is one unit with one queue per role merged the
/// same way: the most urgent, then longest-waiting patient of any role.
///
/// A role names what the units are used for (`role:` in the scenario; by
/// default the step's name); the collector reports busy time, services and
/// waits per role and per unit in each role.
public enum PoolChoice: UInt8, Sendable, Equatable {
    case firstFree = 0, leastBusy = 1, inOrder = 2
}

public struct UnitPool: Sendable, Equatable {
    /// The alternatives, in preference order.
    public var units: [Int32]
    /// Places taken from the chosen unit.
    public var amount: Int32
    public var choice: PoolChoice
    /// Index into `Model.roles`.
    public var role: Int32
    public init(units: [Int32], amount: Int32 = 1, choice: PoolChoice = .firstFree, role: Int32) {
        self.units = units
        self.amount = amount
        self.choice = choice
        self.role = role
    }
}

/// Tables of pools, state branches and re-prioritisation rules, flattened
/// once per replication (plain numbers: no reference counting in the run).
final class FeatureTables {
    let nGroups: Int
    // Pool k's units are poolUnit[poolStart[k] ..< poolStart[k + 1]].
    let poolStart = PoolBuffer<Int32>(), poolUnit = PoolBuffer<Int32>()
    let poolAmount = PoolBuffer<Int32>(), poolChoice = PoolBuffer<UInt8>(), poolRole = PoolBuffer<Int32>()
    // State branch t's options are [stateStart[t], stateStart[t + 1]).
    let stateStart = PoolBuffer<Int32>(), stateUnit = PoolBuffer<Int32>(), stateTarget = PoolBuffer<Int32>()
    let stateRule = PoolBuffer<UInt8>(), stateOtherwise = PoolBuffer<Int32>()
    /// Scratch list of waiting patients' entries, and who is in it
    /// (re-prioritisation).
    let scratch = PoolBuffer<WaitQueue.Entry>(capacity: 16)
    let marked = PoolBuffer<Bool>(capacity: 16)

    init(_ model: Model) {
        nGroups = model.seizeGroups.count
        for p in model.pools {
            poolStart.append(Int32(poolUnit.count))
            for u in p.units { poolUnit.append(u) }
            poolAmount.append(p.amount)
            poolChoice.append(p.choice.rawValue)
            poolRole.append(p.role)
        }
        poolStart.append(Int32(poolUnit.count))
        for t in model.stateBranches {
            stateStart.append(Int32(stateUnit.count))
            for (u, target) in zip(t.units, t.targets) { stateUnit.append(u); stateTarget.append(target) }
            stateRule.append(t.rule.rawValue)
            stateOtherwise.append(t.otherwise)
        }
        stateStart.append(Int32(stateUnit.count))
    }
}

extension Simulation {
    /// The unit of pool `k` to take now by the pool's rule, or -1 if none
    /// has room. O(units in the pool).
    @inline(__always)
    func choosePoolUnit(_ k: Int) -> Int {
        let x = features
        let amount = Int(x.poolAmount[k])
        let leastBusy = x.poolChoice[k] == PoolChoice.leastBusy.rawValue
        var best = -1
        for j in Int(x.poolStart[k])..<Int(x.poolStart[k + 1]) {
            let u = Int(x.poolUnit[j])
            guard queueLength[u] == 0 && busy[u] + amount <= capacity[u] else { continue }
            if !leastBusy { return u }
            // busy/capacity lower than the best's (cross-multiplied: exact).
            if best < 0 || busy[u] * capacity[best] < busy[best] * capacity[u] { best = u }
        }
        return best
    }

    /// The units whose queues a waiting request of pool `k` stands in.
    @inline(__always)
    func poolQueues(_ k: Int) -> Range<Int> {
        let x = features
        let first = Int(x.poolStart[k])
        return x.poolChoice[k] == PoolChoice.inOrder.rawValue ? first..<(first + 1) : first..<Int(x.poolStart[k + 1])
    }

    /// `p` takes `amount` of `u` through pool `k` (records the role).
    mutating func grantPool(_ k: Int, unit u: Int, to p: Int32, priority: Int, waited: Double) {
        let amount = Int(features.poolAmount[k])
        grant(u, amount: amount, to: p, priority: priority, waited: waited)
        observer.roleSeized(role: features.poolRole[k], unit: Int32(u), entity: p, amount: amount, waited: waited, at: now)
    }

    /// `p` waits for pool `k`: one entry, with one key, in the queue of
    /// each unit it may take. Its `waitingAt` is -2 - (groups + k).
    mutating func enqueuePool(_ p: Int32, pool k: Int, priority: Int) {
        let i = Int(p)
        let key = WaitQueue.key(priority: priority, sequence: nextQueueSequence())
        patients[i].waitingAt = -2 - Int32(features.nGroups + k)
        patients[i].waitAmount = UInt16(clamping: Int(features.poolAmount[k]))
        patients[i].waitTicket &+= 1
        patients[i].waitStart = now
        noteWaiting(p)
        for j in poolQueues(k) {
            let u = Int(features.poolUnit[j])
            // Entries left by patients served elsewhere are dropped lazily;
            // an empty queue holds only such entries: clear them.
            if queueLength[u] == 0 { queues[u].removeAll() }
            queues[u].push(.init(key: key, entity: p, ticket: patients[i].waitTicket))
            queueLength[u] += 1
            observer.enqueued(unit: Int32(u), entity: p, queueLength: queueLength[u], at: now)
        }
    }

    /// The head of `u`'s queue, `top`, waits for pool `k`: it takes `u` if
    /// `u` has room (false: it must wait; the head is not overtaken), and
    /// leaves the pool's other queues.
    mutating func servePoolHead(_ top: WaitQueue.Entry, pool k: Int, at u: Int) -> Bool {
        let q = Int(top.entity)
        let amount = Int(features.poolAmount[k])
        guard busy[u] + amount <= capacity[u] else { return false }
        _ = queues[u].pop()
        for j in poolQueues(k) {
            let v = Int(features.poolUnit[j])
            queueLength[v] -= 1
            // Its entry there is stale now; the next head there may start.
            if v != u { serveLater(v) }
        }
        patients[q].waitingAt = -1
        if patients[q].heldUnits > 0 { waitersHolding -= 1 }
        let priority = Int(top.key >> 48) - 0x8000
        grantPool(k, unit: u, to: top.entity, priority: priority, waited: now - patients[q].waitStart)
        patients[q].pc += 1
        ready.append(top.entity)
        return true
    }

    /// A patient waiting for pool `k` ran out of patience: it leaves its queues.
    mutating func renegePool(_ p: Int32, pool k: Int) {
        let i = Int(p)
        for j in poolQueues(k) {
            let u = Int(features.poolUnit[j])
            queueLength[u] -= 1
            observer.reneged(unit: Int32(u), entity: p, pathway: patients[i].pathway, waited: now - patients[i].waitStart,
                             queueLength: queueLength[u], at: now)
        }
    }

    /// Gives back the pool's amount of the first of its units `p` holds.
    mutating func releasePool(_ k: Int, by p: Int32) {
        let x = features
        for j in Int(x.poolStart[k])..<Int(x.poolStart[k + 1]) {
            let u = Int(x.poolUnit[j])
            if held[Int(p) * nUnit + u] > 0 {
                releaseUnit(u, amount: x.poolAmount[k], by: p)
                return
            }
        }
    }

    /// Runs a `seizeAny` step for `p` at step `at`: true if it got a unit
    /// (continue with the next step), false if it waits.
    mutating func seizeFromPool(_ k: Int, priorityAttribute prioAttr: Int32, patient p: Int32, at: Int) -> Bool {
        let i = Int(p)
        let priority = prioAttr < 0 ? 0 : Self.clampedInt(attributes[i * nAttr + Int(prioAttr)])
        let u = choosePoolUnit(k)
        if u >= 0 {
            grantPool(k, unit: u, to: p, priority: priority, waited: 0)
            return true
        }
        patients[i].pc = Int32(at)
        enqueuePool(p, pool: k, priority: priority)
        return false
    }

    /// What a waiting patient asks for (deadlock check): the group's or the
    /// pool's units; `anyOf` when one of them will do.
    func waitRequest(_ w: Int32, amount: Int) -> (units: [(unit: Int, amount: Int)], anyOf: Bool) {
        if w >= 0 { return ([(Int(w), amount)], false) }
        let g = Int(-2 - w)
        if g < features.nGroups {
            return ((Int(groupStart[g])..<Int(groupStart[g + 1])).map { (Int(groupUnit[$0]), Int(groupAmount[$0])) }, false)
        }
        let k = g - features.nGroups
        return (poolQueues(k).map { (Int(features.poolUnit[$0]), Int(features.poolAmount[k])) }, true)
    }
}
