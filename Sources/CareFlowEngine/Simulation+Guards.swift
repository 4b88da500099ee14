import CareFlowRandom
internal import _CareFlowShims

/// Run-time guards of `Simulation` (RunLimits): off the hot path.
extension Simulation {
    // MARK: Guards (off the hot path: every RunLimits.checkInterval events,
    // and when the patient pool grows)

    /// False (and `stopReason` set) when the run must stop.
    @inline(never)
    mutating func withinLimits(_ e: Event) -> Bool {
        if let flag = limits.stop, flag.isSet {
            stop(.cancelled)
            return false
        }
        if now - stallAnchorTime >= RunLimits.minimumProgress || now.isNaN {
            stallAnchorTime = now
            stallAnchorEvent = eventCount
        } else if eventCount - stallAnchorEvent >= limits.maxStalledEvents {
            let p = e.kind == .wake || e.kind == .renege ? Int(e.target) : -1
            let (pathway, pc) = p >= 0 && p < patients.count ? (patients[p].pathway, patients[p].pc) : (-1, -1)
            stop(.noProgress(time: now, events: eventCount - stallAnchorEvent, pathway: pathway, step: pc))
            return false
        }
        return true
    }

    @inline(never)
    mutating func tooManyPatients(arriving: Int32) -> StopReason {
        var unit: Int32 = -1, longest = 0
        for u in 0..<nUnit where queueLength[u] > longest { longest = queueLength[u]; unit = Int32(u) }
        var isFree = [Bool](repeating: false, count: patients.count)
        for k in 0..<free.count { isFree[Int(free[k])] = true }
        var perPathway = [Int](repeating: 0, count: model.pathways.count)
        if arriving >= 0 && Int(arriving) < perPathway.count { perPathway[Int(arriving)] = 1 }   // not in the pool yet
        for k in 0..<patients.count where !isFree[k] {
            let w = Int(patients[k].pathway)
            if w >= 0 && w < perPathway.count { perPathway[w] += 1 }
        }
        let top = perPathway.indices.max { perPathway[$0] < perPathway[$1] } ?? -1
        return .tooManyPatients(inSystem: inSystem, limit: limits.maxPatients, time: now, unit: unit, queueLength: longest,
                                pathway: Int32(top), pathwayCount: top >= 0 ? perPathway[top] : 0,
                                arrivals: (0..<arrivals.count).reduce(0) { $0 + arrivals[$1] }, departures: departures)
    }

    /// Ends the run: no further event runs, and patients still to move at
    /// this instant stop too.
    mutating func stop(_ reason: StopReason) {
        if stopReason == nil { stopReason = reason }
        stopTime = -.infinity
        readyHead = ready.count
    }

    /// One patient's turn jumped `limits.maxStalledEvents` times without
    /// taking time (a loop whose only exit is improbable): stop.
    @inline(never)
    mutating func stalled(_ p: Int32, at pc: Int) {
        patients[Int(p)].pc = Int32(pc)
        stop(.noProgress(time: now, events: limits.maxStalledEvents, pathway: patients[Int(p)].pathway, step: Int32(pc)))
    }
}
