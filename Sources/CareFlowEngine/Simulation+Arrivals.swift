import CareFlowRandom
internal import _CareFlowShims

/// Arrivals, the initial state and capacity schedules of `Simulation`.
extension Simulation {
    // MARK: Arrivals

    mutating func arrive(source s: Int) {
        arrivals[s] &+= 1
        pendingArrivals &-= 1
        let pathway = sourcePathway[s]
        let p = newPatient(pathway: pathway, entry: sourceEntry[s])
        observer.arrived(entity: p, pathway: pathway, at: now)
        scheduleNextArrival(source: s, after: now)
        advance(p)
    }

    mutating func scheduleNextArrival(source s: Int, after t: Double) {
        guard arrivals[s] < sourceLimit[s] else { return }
        let stream = streams[Int(sourceStream[s])]
        var next: Double
        let rate = sourceRate[s]
        if rate > 0 {
            next = t + stream.exponential(mean: 1 / rate)
            guard next <= model.horizon else { return }
            pendingArrivals &+= 1
            schedule(.arrival, at: next, target: Int32(truncatingIfNeeded: s), token: 0)
            return
        }
        switch model.sources[s].pattern {
        case .poisson:
            return
        case .profile(let profile):
            guard let n = Self.nextProfileArrival(profile, after: t, stream: stream) else { return }
            next = n
        case .scheduled(let times):
            let i = arrivals[s]
            guard i < times.count else { return }
            next = times[i]
        }
        guard next <= model.horizon else { return }
        pendingArrivals += 1
        schedule(.arrival, at: next, target: Int32(truncatingIfNeeded: s), token: 0)
    }

    /// Next arrival of a non-homogeneous Poisson process with a cyclic
    /// piecewise-constant rate, exactly, by inversion of the cumulative rate:
    /// draw E ~ Exp(1) and walk the pieces until their integrated rate
    /// reaches E. Whole cycles are skipped in one step. nil if the rate is
    /// zero everywhere.
    static func nextProfileArrival(_ p: RateProfile, after t: Double, stream: RandomStream) -> Double? {
        let perCycle = p.arrivalsPerPeriod
        guard perCycle > 0 else { return nil }
        var e = stream.exponential(mean: 1)
        var time = t
        let period = p.period
        let cycles = (e / perCycle).rounded(.down)
        if cycles > 0 {
            e -= cycles * perCycle
            time += cycles * period
        }
        // So far ahead (a rate near 0) that pieces can no longer be told
        // apart in floating point: no arrival in any meaningful time.
        guard time.ulp < p.pieceLength * 1e-6 else { return nil }
        let cycleStart = (time / period).rounded(.down) * period
        var i = Int(((time - cycleStart) / p.pieceLength).rounded(.down))
        if i < 0 { i = 0 }      // rounding: time just below a cycle boundary
        if i >= p.rates.count { i = p.rates.count - 1 }
        var pieceEnd = cycleStart + Double(i + 1) * p.pieceLength
        while true {
            let r = p.rates[i]
            let mass = r * (pieceEnd - time)
            if r > 0 && e <= mass { return time + e / r }
            e -= mass
            time = pieceEnd
            i += 1
            if i == p.rates.count { i = 0 }
            pieceEnd = time + p.pieceLength
        }
    }

    /// Patients present at time 0 (`Model.initial`), group by group: each
    /// runs its stub at once (draws its attributes, takes its units or
    /// queues for them, starts its remaining time).
    mutating func placeInitial() {
        for g in model.initial {
            for _ in 0..<g.count {
                let p = newPatient(pathway: g.pathway, entry: g.entry)
                observer.placed(entity: p, pathway: g.pathway, at: now)
                advance(p)
            }
            drainReady()
        }
    }

    // MARK: Capacity schedules

    mutating func scheduleCapacity(unit u: Int, from t: Double) {
        guard let sch = model.units[u].schedule else { return }
        // Find the first change strictly after t (or at 0 for the start).
        if let cycle = sch.cycle {
            let base = (t / cycle).rounded(.down) * cycle
            for (i, ch) in sch.changes.enumerated() where base + ch.time > t {
                schedule(.capacity, at: base + ch.time, target: Int32(u), token: UInt32(i))
                return
            }
            schedule(.capacity, at: base + cycle + sch.changes[0].time, target: Int32(u), token: 0)
        } else {
            for (i, ch) in sch.changes.enumerated() where ch.time > t {
                schedule(.capacity, at: ch.time, target: Int32(u), token: UInt32(i))
                return
            }
        }
    }

    mutating func changeCapacity(unit u: Int, index: Int) {
        guard let sch = model.units[u].schedule else { return }
        capacity[u] = sch.changes[index].capacity
        observer.capacityChanged(unit: Int32(u), capacity: capacity[u], at: now)
        // When capacity drops, patients in service finish; no new starts
        // until busy < capacity. When it rises, waiting patients start.
        serve(unit: u)
        scheduleCapacity(unit: u, from: now)
    }
}
