import CareFlowRandom
internal import _CareFlowShims

/// Units of `Simulation`: holding, seizing, queueing, releasing, preempting, reneging.
extension Simulation {
    @inline(__always)
    mutating func hold(_ p: Int32, for duration: Double) {
        let i = Int(p)
        let t = now + Swift.max(0, duration)
        patients[i].token &+= 1
        patients[i].wakeTime = t
        schedule(.wake, at: t, target: p, token: patients[i].token)
    }

    @inline(__always)
    mutating func nextQueueSequence() -> UInt64 {
        queueSequence &+= 1
        return queueSequence
    }

    /// Gives `amount` of `u` to `p`. A patient who gets a unit is served:
    /// an earlier renege, balk or drop-out no longer decides its outcome.
    @inline(__always)
    mutating func grant(_ u: Int, amount: Int, to p: Int32, priority: Int, waited: Double, resuming: Bool = false) {
        // Units, patients and amounts are the validated model's (as in
        // PoolBuffer): wrapping arithmetic, no overflow checks.
        busy[u] &+= amount
        let h = Int(p) &* nUnit &+ u
        if held[h] == 0 && patients[Int(p)].heldUnits < 255 { patients[Int(p)].heldUnits &+= 1 }
        held[h] &+= Int32(truncatingIfNeeded: amount)
        patients[Int(p)].outcome &= Self.patienceArmed
        if preemptive[u] { holders[u].append((p, priority)) }
        if resuming {
            observer.resumed(unit: Int32(truncatingIfNeeded: u), entity: p, waited: waited, busy: busy[u], queueLength: queueLength[u], at: now)
        } else {
            observer.seized(unit: Int32(truncatingIfNeeded: u), entity: p, waited: waited, busy: busy[u], queueLength: queueLength[u], at: now)
        }
    }

    mutating func enqueue(_ p: Int32, unit u: Int, amount: Int, priority: Int, sequence: UInt64) {
        let i = Int(p)
        patients[i].waitAmount = UInt16(clamping: amount)
        patients[i].waitingAt = Int32(truncatingIfNeeded: u)
        patients[i].waitTicket &+= 1
        patients[i].waitStart = now
        noteWaiting(p)
        queues[u].push(.init(key: WaitQueue.key(priority: priority, sequence: sequence), entity: p, ticket: patients[i].waitTicket))
        queueLength[u] &+= 1
        observer.enqueued(unit: Int32(truncatingIfNeeded: u), entity: p, queueLength: queueLength[u], at: now)
    }

    /// The patient no longer holds any of one unit.
    @inline(__always)
    func droppedUnit(_ p: Int32) {
        let c = patients[Int(p)].heldUnits
        if c > 0 && c < 255 { patients[Int(p)].heldUnits = c - 1 }
    }

    @inline(__always)
    mutating func releaseUnit(_ u: Int, amount: Int32, by p: Int32) {
        let h = Int(p) &* nUnit &+ u
        let n = Swift.min(amount, held[h])
        guard n > 0 else { return }
        held[h] &-= n
        if held[h] == 0 { droppedUnit(p) }
        busy[u] &-= Int(n)
        if preemptive[u] && held[h] == 0, let k = holders[u].firstIndex(where: { $0.entity == p }) {
            holders[u].swapAt(k, holders[u].count - 1)
            holders[u].removeLast()
        }
        observer.released(unit: Int32(truncatingIfNeeded: u), entity: p, busy: busy[u], at: now)
        serve(unit: u)
    }

    /// Starts waiting patients while capacity allows (strict priority/FIFO:
    /// the head of the queue is never overtaken).
    mutating func serve(unit u: Int) {
        // Most releases find no queue (B2: four in five): no call then.
        if queueLength[u] > 0 { serveQueue(unit: u) }
        if serveList.count > 0 { drainServeList() }
    }

    /// `serve` for one unit; group grants list the other units to serve.
    mutating func serveQueue(unit u: Int) {
        while queueLength[u] > 0 && busy[u] < capacity[u] {
            guard let top = queues[u].top else { break }
            let q = Int(top.entity)
            if patients[q].waitingAt != Int32(truncatingIfNeeded: u) || patients[q].waitTicket != top.ticket {
                if patients[q].waitingAt <= -2 && patients[q].waitTicket == top.ticket {
                    if serveGroupHead(top, at: u) { continue }
                    break
                }
                _ = queues[u].pop()     // stale entry (reneged, or granted as a group)
                continue
            }
            let amount = Int(patients[q].waitAmount)
            guard busy[u] &+ amount <= capacity[u] else { break }
            _ = queues[u].pop()
            queueLength[u] &-= 1
            patients[q].waitingAt = -1
            if patients[q].heldUnits > 0 { waitersHolding -= 1 }
            // The queue key carries the priority the patient waited with.
            let priority = Int(top.key >> 48) - 0x8000
            let resuming = patients[q].remaining >= 0
            grant(u, amount: amount, to: top.entity, priority: priority, waited: now - patients[q].waitStart, resuming: resuming)
            if resuming {
                // An interrupted activity resumes for its remaining time.
                let r = patients[q].remaining
                patients[q].remaining = -1
                hold(top.entity, for: r)
            } else {
                patients[q].pc &+= 1
                ready.append(top.entity)
            }
        }
    }

    /// Interrupts the least urgent holder of `u` that is in an activity and
    /// less urgent than `priority`; it queues again, first in its priority,
    /// and resumes later for its remaining time. O(capacity of u).
    mutating func preempt(_ u: Int, amount: Int, priority: Int) -> Bool {
        guard amount == 1 else { return false }
        var victim: Int32 = -1
        var worst = priority
        for (h, hp) in holders[u] {
            let hi = Int(h)
            guard !patients[hi].wakeTime.isNaN, held[hi * nUnit + u] == 1 else { continue }
            if hp > worst { worst = hp; victim = h }
        }
        guard victim >= 0 else { return false }
        let v = Int(victim)
        patients[v].remaining = patients[v].wakeTime - now
        patients[v].wakeTime = .nan
        patients[v].token &+= 1                          // cancels its wake-up
        held[v * nUnit + u] = 0
        droppedUnit(victim)
        busy[u] -= 1
        if let k = holders[u].firstIndex(where: { $0.entity == victim }) {
            holders[u].swapAt(k, holders[u].count - 1)
            holders[u].removeLast()
        }
        observer.released(unit: Int32(truncatingIfNeeded: u), entity: victim, busy: busy[u], at: now)
        preemptSequence &+= 1
        enqueue(victim, unit: u, amount: 1, priority: worst, sequence: preemptSequence)
        observer.preempted(unit: Int32(truncatingIfNeeded: u), entity: victim, queueLength: queueLength[u], at: now)
        return true
    }

    mutating func renege(_ p: Int32, token t: UInt32) {
        let i = Int(p)
        guard patients[i].patienceToken == t else { return }
        patients[i].outcome &= ~Self.patienceArmed
        let u = Int(patients[i].waitingAt)
        guard u != -1 else { return }           // not waiting: patience lapses
        // Interrupted by preemption: its treatment has started, and it waits
        // only to resume; as in an activity, the patience lapses.
        guard patients[i].remaining < 0 else { return }
        patients[i].waitingAt = -1
        patients[i].waitTicket &+= 1                     // its queue entries are now stale
        if patients[i].heldUnits > 0 { waitersHolding -= 1 }
        patients[i].outcome |= 1
        if u <= -2 {
            let g = -2 - u
            renegeGroup(p, group: g)
            patients[i].pc = patients[i].patienceTarget
            advance(p)
            serveGroupUnitsLater(g)
            drainServeList()
            return
        }
        queueLength[u] -= 1
        observer.reneged(unit: Int32(truncatingIfNeeded: u), entity: p, pathway: patients[i].pathway, waited: now - patients[i].waitStart,
                         queueLength: queueLength[u], at: now)
        patients[i].pc = patients[i].patienceTarget
        advance(p)
        // Its leaving may let a patient behind it start.
        serve(unit: u)
    }
}
