/// Seizing several units at once, all or nothing (a bed AND a nurse), and
/// the deadlock check.
///
/// A patient asking for a group of units takes all of them at the same
/// instant or none: it never holds one while waiting for another. While it
/// waits it stands in the queue of every unit of the group, with one queue
/// key (priority, then arrival at the step), and it counts in each unit's
/// queue length and wait statistics.
///
/// Who goes first (the rule, in one place): each unit's queue is strict
/// priority then first come, first served, and its head is never overtaken;
/// a group request is granted when it is at the head of the queue of every
/// unit in the group and each has room. Because a request has one key in
/// all its queues, the waiting request with the smallest key is at the head
/// of all its queues, so it starts as soon as its units are free: a big
/// request is never starved by a stream of small ones (which would have to
/// pass it in some queue). The price is that a free unit may idle while the
/// head of its queue waits for its other unit, as in salabim and JaamSim.
extension Simulation {
    /// Whether every unit of group `g` has room now and no one waits for it.
    @inline(__always)
    func groupFree(_ g: Int) -> Bool {
        for k in Int(groupStart[g])..<Int(groupStart[g + 1]) {
            let u = Int(groupUnit[k])
            if queueLength[u] != 0 || busy[u] + Int(groupAmount[k]) > capacity[u] { return false }
        }
        return true
    }

    /// Gives `p` every unit of group `g` (the caller checked there is room).
    mutating func grantGroup(_ g: Int, to p: Int32, priority: Int, waited: Double) {
        for k in Int(groupStart[g])..<Int(groupStart[g + 1]) {
            grant(Int(groupUnit[k]), amount: Int(groupAmount[k]), to: p, priority: priority, waited: waited)
        }
    }

    /// `p` waits for group `g`: one entry, with one key, in every unit's queue.
    mutating func enqueueGroup(_ p: Int32, group g: Int, priority: Int) {
        let i = Int(p)
        let key = WaitQueue.key(priority: priority, sequence: nextQueueSequence())
        patients[i].waitingAt = -2 - Int32(g)
        patients[i].waitTicket &+= 1
        patients[i].waitStart = now
        noteWaiting(p)
        for k in Int(groupStart[g])..<Int(groupStart[g + 1]) {
            let u = Int(groupUnit[k])
            queues[u].push(.init(key: key, entity: p, ticket: patients[i].waitTicket))
            queueLength[u] += 1
            observer.enqueued(unit: Int32(u), entity: p, queueLength: queueLength[u], at: now)
        }
        for k in Int(groupStart[g])..<Int(groupStart[g + 1]) { serveLater(Int(groupUnit[k])) }
    }

    /// Whether queue entry `e` is a live one (not left behind by a renege or
    /// a grant).
    @inline(__always)
    func isLive(_ e: WaitQueue.Entry, at u: Int) -> Bool {
        let w = patients[Int(e.entity)].waitingAt
        return patients[Int(e.entity)].waitTicket == e.ticket && (w == Int32(u) || w <= -2)
    }

    /// The head of `u`'s queue, group request `top`, may start if it heads
    /// every queue of its group and each unit has room; then it takes them
    /// all. False if it must wait (the head is not overtaken).
    mutating func serveGroupHead(_ top: WaitQueue.Entry, at u: Int) -> Bool {
        let q = Int(top.entity)
        let g = Int(-2 - patients[q].waitingAt)
        if g >= features.nGroups { return servePoolHead(top, pool: g - features.nGroups, at: u) }
        let first = Int(groupStart[g]), end = Int(groupStart[g + 1])
        for k in first..<end {
            let v = Int(groupUnit[k])
            guard busy[v] + Int(groupAmount[k]) <= capacity[v] else { return false }
            if v == u { continue }
            while let t = queues[v].top, !isLive(t, at: v) { _ = queues[v].pop() }
            guard let t = queues[v].top, t.entity == top.entity, t.ticket == top.ticket else { return false }
        }
        for k in first..<end {
            let v = Int(groupUnit[k])
            _ = queues[v].pop()
            queueLength[v] -= 1
        }
        patients[q].waitingAt = -1
        if patients[q].heldUnits > 0 { waitersHolding -= 1 }
        let priority = Int(top.key >> 48) - 0x8000
        grantGroup(g, to: top.entity, priority: priority, waited: now - patients[q].waitStart)
        patients[q].pc += 1
        ready.append(top.entity)
        // The other queues' heads changed: they may start now.
        for k in first..<end where Int(groupUnit[k]) != u { serveLater(Int(groupUnit[k])) }
        return true
    }

    /// After a renege from group (or pool) `g`: its units' queue heads may
    /// have changed.
    mutating func serveGroupUnitsLater(_ g: Int) {
        if g >= features.nGroups {
            for j in poolQueues(g - features.nGroups) { serveLater(Int(features.poolUnit[j])) }
            return
        }
        for k in Int(groupStart[g])..<Int(groupStart[g + 1]) { serveLater(Int(groupUnit[k])) }
    }

    @inline(__always)
    mutating func serveLater(_ u: Int) {
        guard !serveListed[u] else { return }
        serveListed[u] = true
        serveList.append(Int32(u))
    }

    /// Serves the units whose queue heads changed (no recursion).
    mutating func drainServeList() {
        while serveList.count > 0 {
            let u = Int(serveList.popLast())
            serveListed[u] = false
            serveQueue(unit: u)
        }
    }

    /// A patient waiting for group `g` ran out of patience: it leaves every
    /// queue of the group.
    mutating func renegeGroup(_ p: Int32, group g: Int) {
        let i = Int(p)
        if g >= features.nGroups { return renegePool(p, pool: g - features.nGroups) }
        for k in Int(groupStart[g])..<Int(groupStart[g + 1]) {
            let u = Int(groupUnit[k])
            queueLength[u] -= 1
            observer.reneged(unit: Int32(u), entity: p, pathway: patients[i].pathway, waited: now - patients[i].waitStart,
                             queueLength: queueLength[u], at: now)
        }
    }

    // MARK: Deadlock

    /// A patient starts waiting. While some waiting patient holds a unit, a
    /// deadlock is possible: every 4,096 such starts the check runs (off the
    /// hot path: nothing per event), and once more when the run ends. A
    /// deadlock found stops the run (no event is left to happen).
    @inline(__always)
    mutating func noteWaiting(_ p: Int32) {
        if patients[Int(p)].heldUnits > 0 { waitersHolding &+= 1 }
        guard waitersHolding > 0 else { return }
        waitsWhileHolding &+= 1
        if waitsWhileHolding & 0xFFF == 0 { deadlockCheckDue() }
    }

    @inline(never)
    mutating func deadlockCheckDue() {
        checkDeadlock()
        if deadlock != nil { events.removeAll() }
    }

    /// Looks for a deadlock (see `DeadlockDetector`); sets `deadlock` if found.
    @inline(never)
    mutating func checkDeadlock() {
        var waiters: [DeadlockDetector.Waiter] = []
        for i in 0..<patients.count where patients[i].waitingAt != -1 {
            let (request, anyOf) = waitRequest(patients[i].waitingAt, amount: Int(patients[i].waitAmount))
            var holding: [(unit: Int, amount: Int)] = []
            if patients[i].heldUnits > 0 {
                for u in 0..<nUnit where held[i * nUnit + u] > 0 { holding.append((u, Int(held[i * nUnit + u]))) }
            }
            // A running patience clock lets it leave the queue (a preempted
            // patient's does not: see renege).
            let canRenege = patients[i].outcome & Self.patienceArmed != 0 && patients[i].remaining < 0
            waiters.append(.init(entity: Int32(i), request: request, holding: holding, canRenege: canRenege, since: patients[i].waitStart, anyOf: anyOf))
        }
        let stuck = DeadlockDetector.deadlocked(waiters, maxCapacity: maxCapacity)
        guard !stuck.isEmpty else { return }
        // The patients holding units form the cycle; those holding nothing
        // queue behind it. The deadlock formed when the cycle's last joined.
        let cycle = stuck.filter { !$0.holding.isEmpty }, behind = stuck.filter { $0.holding.isEmpty }
        let formed = (cycle.isEmpty ? stuck : cycle).map(\.since).max() ?? now
        deadlock = Deadlock(time: formed, detectedAt: now, inCycle: cycle.count, waiters: (cycle + behind).map { w in
            let i = Int(w.entity)
            return .init(pathway: patients[i].pathway, step: patients[i].pc,
                         waitingFor: w.request.map { (Int32($0.unit), $0.amount) }, holding: w.holding.map { (Int32($0.unit), $0.amount) })
        })
    }

    /// Bit of `Patient.outcome`: a patience clock is running.
    static var patienceArmed: UInt8 { 0x80 }
}
