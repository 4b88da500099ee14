import CareFlowRandom

/// One replication of a model: the clock, the event list, the units, the
/// patients and the step interpreter.
///
/// Time is in minutes; time 0 is Monday 00:00. Same-time ordering, in one
/// place: events run in the order they were scheduled; a patient granted a
/// unit by a release continues right after the releasing patient stops
/// (release before seize at the same instant, as in simmer).
///
/// Patients live in a pool of parallel arrays indexed by an `Int32` id,
/// recycled through a free list; attributes and milestone times are flat
/// arrays addressed by index. The run loop allocates only when the pool or
/// a queue grows past its previous maximum.
public struct Simulation<Observer: SimObserver> {
    public let model: Model
    public var observer: Observer
    public private(set) var now: Double = 0
    /// Events processed so far.
    public private(set) var eventCount: Int = 0

    private let streamSet: StreamSet
    private let streams: ContiguousArray<RandomStream>
    private let steps: ContiguousArray<Step>
    private let samplers: PoolBuffer<Sampler>
    // KPIs ending at each milestone, flattened: kpiEnd[kpiEndStart[m] ..< kpiEndStart[m + 1]].
    private let kpiEndStart: PoolBuffer<Int32>
    private let kpiEnd: PoolBuffer<Int32>
    private let milestoneObserved: PoolBuffer<Bool>
    private let kpiFrom: [Int32]
    private let kpiGroupBy: [Int32]
    private var events = EventHeap()
    private var sequence: UInt64 = 0
    /// Arrival events scheduled and not yet happened (0 or 1 per source).
    private var pendingArrivals = 0

    // Units.
    private let busy: PoolBuffer<Int>
    private let capacity: PoolBuffer<Int>
    private let queues: [WaitQueue]
    private let queueLength: PoolBuffer<Int>
    private var holders: [[Int32]]          // preemptive units only
    private var queueSequence: UInt64 = 1 << 40
    private var preemptSequence: UInt64 = 0

    // Patients (structure of arrays; see PoolBuffer for why not Array).
    private let pc = PoolBuffer<Int32>()
    private let pathwayOf = PoolBuffer<Int32>()
    private let token = PoolBuffer<UInt32>()
    private let patienceToken = PoolBuffer<UInt32>()
    private let patienceTarget = PoolBuffer<Int32>()
    private let waitingAt = PoolBuffer<Int32>()
    private let waitTicket = PoolBuffer<UInt32>()
    private let waitStart = PoolBuffer<Double>()
    private let waitAmount = PoolBuffer<Int32>()
    private let wakeTime = PoolBuffer<Double>()       // NaN when not in an activity
    private let remaining = PoolBuffer<Double>()      // >= 0: resume an interrupted activity
    private let outcome = PoolBuffer<UInt8>()         // bit 0 reneged, bit 1 balked
    private let attributes = PoolBuffer<Double>()
    private let milestoneTimes = PoolBuffer<Double>()
    private let held = PoolBuffer<Int32>()
    private let free = PoolBuffer<Int32>()
    private var ready: [Int32] = []
    private var readyHead = 0
    private let nAttr: Int, nMile: Int, nUnit: Int

    // Sources (hot fields copied out of the model: no reference counting per arrival).
    private var arrivals: [Int]
    private let sourceLimit: [Int]
    private let sourceRate: [Double]          // > 0: homogeneous Poisson; else see pattern
    private let sourceStream: [Int32]
    private let sourcePathway: [Int32]
    private let sourceEntry: [Int32]
    private let preemptive: [Bool]

    /// Patients currently in the system.
    public private(set) var inSystem: Int = 0
    /// Patients who have left.
    public private(set) var departures: Int = 0

    public init(model: Model, seed: UInt64, replication: Int, observer: Observer) {
        self.model = model
        self.observer = observer
        let set = StreamSet(seed: seed, replication: replication)
        self.streamSet = set
        self.streams = ContiguousArray(model.streams.map { set.stream(named: $0) })
        self.steps = ContiguousArray(model.steps)
        samplers = PoolBuffer(capacity: model.distributions.count)
        for d in model.distributions { samplers.append(d.sampler) }
        let ending = model.kpisEnding()
        kpiEndStart = PoolBuffer(capacity: ending.count + 1)
        kpiEnd = PoolBuffer(capacity: 8)
        for list in ending {
            kpiEndStart.append(Int32(kpiEnd.count))
            for k in list { kpiEnd.append(k) }
        }
        kpiEndStart.append(Int32(kpiEnd.count))
        milestoneObserved = PoolBuffer(repeating: observer.observesMilestones, count: ending.count)
        for (m, list) in ending.enumerated() where !list.isEmpty { milestoneObserved[m] = true }
        self.kpiFrom = model.kpis.map(\.from)
        self.kpiGroupBy = model.kpis.map(\.groupBy)
        nAttr = model.attributes.count
        nMile = model.milestones.count
        nUnit = model.units.count
        busy = PoolBuffer(repeating: 0, count: nUnit)
        capacity = PoolBuffer(capacity: nUnit)
        for u in model.units { capacity.append(u.schedule?.capacity(at: 0, initial: u.capacity) ?? u.capacity) }
        queues = (0..<nUnit).map { _ in WaitQueue() }
        queueLength = PoolBuffer(repeating: 0, count: nUnit)
        holders = Array(repeating: [], count: nUnit)
        arrivals = Array(repeating: 0, count: model.sources.count)
        sourceLimit = model.sources.map(\.limit)
        sourceRate = model.sources.map { if case .poisson(let r) = $0.pattern { return r } else { return -1 } }
        sourceStream = model.sources.map(\.stream)
        sourcePathway = model.sources.map(\.pathway)
        sourceEntry = model.sources.map(\.entry)
        preemptive = model.units.map(\.preemptive)
    }

    // MARK: Running

    /// Runs until the horizon; without one, until nothing more can happen:
    /// no patient in the system and no arrival due. What may be left then
    /// (changes of a repeating capacity schedule, which would go on for
    /// ever, and timers that were cancelled) neither runs nor moves the clock.
    public mutating func run() {
        start()
        while let e = events.pop() {
            if e.time > model.horizon
                || (inSystem == 0 && pendingArrivals == 0 && e.kind != .warmup && !model.horizon.isFinite) {
                events.push(e)
                break
            }
            now = e.time
            eventCount &+= 1
            dispatch(e)
            drainReady()
        }
        if model.horizon.isFinite { now = Swift.max(now, model.horizon) }
        observer.finished(at: now)
    }

    private mutating func start() {
        observer.start(model: model, capacities: (0..<nUnit).map { capacity[$0] })
        for s in model.sources.indices { scheduleNextArrival(source: s, after: 0) }
        for (u, spec) in model.units.enumerated() {
            if let sch = spec.schedule, !sch.changes.isEmpty { scheduleCapacity(unit: u, from: 0) }
        }
        if model.warmup > 0 { schedule(.warmup, at: model.warmup, target: 0, token: 0) }
    }

    @inline(__always)
    private mutating func schedule(_ kind: EventKind, at time: Double, target: Int32, token: UInt32) {
        sequence &+= 1
        events.push(Event(time: time, key: (sequence << 8) | UInt64(kind.rawValue), target: target, token: token))
    }

    @inline(__always)
    private mutating func dispatch(_ e: Event) {
        switch e.kind {
        case .wake:
            let p = Int(e.target)
            guard token[p] == e.token else { return }   // cancelled
            wakeTime[p] = .nan
            advance(e.target)
        case .arrival:
            arrive(source: Int(e.target))
        case .renege:
            renege(e.target, token: e.token)
        case .capacity:
            changeCapacity(unit: Int(e.target), index: Int(e.token))
        case .warmup:
            observer.warmupEnded(at: now)
        }
    }

    @inline(__always)
    private mutating func drainReady() {
        while readyHead < ready.count {
            let p = ready[readyHead]
            readyHead += 1
            advance(p)
        }
        if readyHead > 0 {
            ready.removeAll(keepingCapacity: true)
            readyHead = 0
        }
    }

    // MARK: Arrivals

    private mutating func arrive(source s: Int) {
        arrivals[s] += 1
        pendingArrivals -= 1
        let pathway = sourcePathway[s]
        let p = newPatient(pathway: pathway, entry: sourceEntry[s])
        observer.arrived(entity: p, pathway: pathway, at: now)
        scheduleNextArrival(source: s, after: now)
        advance(p)
    }

    private mutating func scheduleNextArrival(source s: Int, after t: Double) {
        guard arrivals[s] < sourceLimit[s] else { return }
        let stream = streams[Int(sourceStream[s])]
        var next: Double
        let rate = sourceRate[s]
        if rate > 0 {
            next = t + stream.exponential(mean: 1 / rate)
            guard next <= model.horizon else { return }
            pendingArrivals += 1
            schedule(.arrival, at: next, target: Int32(s), token: 0)
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
        schedule(.arrival, at: next, target: Int32(s), token: 0)
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
        let cycleStart = (time / period).rounded(.down) * period
        var i = Int(((time - cycleStart) / p.pieceLength).rounded(.down))
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

    // MARK: Capacity schedules

    private mutating func scheduleCapacity(unit u: Int, from t: Double) {
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

    private mutating func changeCapacity(unit u: Int, index: Int) {
        guard let sch = model.units[u].schedule else { return }
        capacity[u] = sch.changes[index].capacity
        observer.capacityChanged(unit: Int32(u), capacity: capacity[u], at: now)
        // When capacity drops, patients in service finish; no new starts
        // until busy < capacity. When it rises, waiting patients start.
        serve(unit: u)
        scheduleCapacity(unit: u, from: now)
    }

    // MARK: Patients

    private mutating func newPatient(pathway: Int32, entry: Int32) -> Int32 {
        inSystem += 1
        let p: Int32
        if free.count > 0 {
            let f = free.popLast()
            p = f
            let i = Int(f)
            pathwayOf[i] = pathway
            token[i] &+= 1
            patienceToken[i] &+= 1
            waitingAt[i] = -1
            wakeTime[i] = .nan
            remaining[i] = -1
            outcome[i] = 0
            for a in 0..<nAttr { attributes[i * nAttr + a] = 0 }
            for m in 0..<nMile { milestoneTimes[i * nMile + m] = .nan }
        } else {
            p = Int32(pc.count)
            pc.append(0)
            pathwayOf.append(pathway)
            token.append(0)
            patienceToken.append(0)
            patienceTarget.append(-1)
            waitingAt.append(-1)
            waitTicket.append(0)
            waitStart.append(0)
            waitAmount.append(1)
            wakeTime.append(.nan)
            remaining.append(-1)
            outcome.append(0)
            for _ in 0..<nAttr { attributes.append(0) }
            for _ in 0..<nMile { milestoneTimes.append(.nan) }
            for _ in 0..<nUnit { held.append(0) }
        }
        let i = Int(p)
        pc[i] = entry
        if nMile > 0 { milestoneTimes[i * nMile] = now }
        return p
    }

    @inline(__always)
    private mutating func mark(_ p: Int32, milestone m: Int32) {
        let i = Int(p)
        milestoneTimes[i * nMile + Int(m)] = now
        guard milestoneObserved[Int(m)] else { return }
        observer.milestone(entity: p, milestone: m, at: now)
        for j in Int(kpiEndStart[Int(m)])..<Int(kpiEndStart[Int(m) + 1]) {
            let k = kpiEnd[j]
            let start = milestoneTimes[i * nMile + Int(kpiFrom[Int(k)])]
            guard !start.isNaN else { continue }
            let g = kpiGroupBy[Int(k)]
            let group = g < 0 ? 0 : Int32(truncatingIfNeeded: Int(attributes[i * nAttr + Int(g)]))
            observer.interval(kpi: k, group: group, value: now - start, at: now)
        }
    }

    private mutating func depart(_ p: Int32) {
        let i = Int(p)
        for u in 0..<nUnit where held[i * nUnit + u] > 0 {
            let amount = held[i * nUnit + u]
            releaseUnit(u, amount: amount, by: p)
        }
        patienceToken[i] &+= 1
        if nMile > 1 { mark(p, milestone: 1) }
        let arrival = nMile > 0 ? milestoneTimes[i * nMile] : now
        observer.departed(entity: p, pathway: pathwayOf[i], timeInSystem: now - arrival,
                          reneged: outcome[i] & 1 != 0, balked: outcome[i] & 2 != 0, at: now)
        inSystem -= 1
        departures += 1
        free.append(p)
    }

    // MARK: The step interpreter

    /// Runs patient `p` from its program counter until it waits, is held
    /// in an activity, or leaves.
    private mutating func advance(_ p: Int32) {
        let i = Int(p)
        var at = Int(pc[i])
        while true {
            if Observer.tracesSteps { observer.step(entity: p, pc: Int32(at), at: now) }
            switch steps[at] {
            case .seize(let u32, let amount32, let prioAttr, let balk):
                let u = Int(u32), amount = Int(amount32)
                if queueLength[u] == 0 && busy[u] + amount <= capacity[u] {
                    grant(u, amount: amount, to: p, waited: 0)
                    at += 1
                    continue
                }
                let priority = prioAttr < 0 ? 0 : Int(attributes[i * nAttr + Int(prioAttr)])
                if preemptive[u] && preempt(u, amount: amount, priority: priority) {
                    grant(u, amount: amount, to: p, waited: 0)
                    at += 1
                    continue
                }
                if balk >= 0 {
                    let rule = model.balkRules[Int(balk)]
                    if queueLength[u] >= rule.queueLimit {
                        outcome[i] |= 2
                        observer.balked(unit: u32, entity: p, pathway: pathwayOf[i], at: now)
                        at = Int(rule.target)
                        continue
                    }
                }
                pc[i] = Int32(at)
                enqueue(p, unit: u, amount: amount, priority: priority, sequence: nextQueueSequence())
                serve(unit: u)
                return
            case .release(let u, let amount):
                releaseUnit(Int(u), amount: Int32(amount), by: p)
                at += 1
            case .delay(let d, let s):
                let t = samplers[Int(d)].sample(streams[Int(s)])
                at += 1
                pc[i] = Int32(at)
                hold(p, for: t)
                return
            case .delayUntilTimeOfDay(let d, let s):
                var tod = samplers[Int(d)].sample(streams[Int(s)])
                tod = tod - (tod / 1440).rounded(.down) * 1440
                let dayStart = (now / 1440).rounded(.down) * 1440
                var target = dayStart + tod
                if target < now { target += 1440 }
                at += 1
                pc[i] = Int32(at)
                hold(p, for: target - now)
                return
            case .branch(let table, let s):
                let t = model.branchTables[Int(table)]
                let u = streams[Int(s)].uniform()
                var k = 0
                while k < t.cumulative.count - 1 && u >= t.cumulative[k] { k += 1 }
                at = Int(t.targets[k])
            case .branchOnAttribute(let a, let table):
                let t = model.attributeBranches[Int(table)]
                let v = attributes[i * nAttr + Int(a)]
                let k = Int(exactly: v) ?? -1
                at = Int(k >= 0 && k < t.targets.count ? t.targets[k] : t.otherwise)
            case .assign(let a, let v):
                attributes[i * nAttr + Int(a)] = v
                at += 1
            case .assignSample(let a, let d, let s):
                attributes[i * nAttr + Int(a)] = samplers[Int(d)].sample(streams[Int(s)])
                at += 1
            case .assignLookup(let a, let key, let table, let s):
                let row = model.lookupTables[Int(table)]
                let k = Int(exactly: attributes[i * nAttr + Int(key)]) ?? 0
                let d = row[Swift.max(0, Swift.min(row.count - 1, k))]
                attributes[i * nAttr + Int(a)] = samplers[Int(d)].sample(streams[Int(s)])
                at += 1
            case .goto(let target):
                at = Int(target)
            case .loop(let counter, let times, let target):
                let c = i * nAttr + Int(counter)
                attributes[c] += 1
                if attributes[c] < Double(times) {
                    at = Int(target)
                } else {
                    attributes[c] = 0
                    at += 1
                }
            case .setPatience(let d, let s, let target):
                let t = Swift.max(0, samplers[Int(d)].sample(streams[Int(s)]))
                patienceToken[i] &+= 1
                patienceTarget[i] = target
                schedule(.renege, at: now + t, target: p, token: patienceToken[i])
                at += 1
            case .cancelPatience:
                patienceToken[i] &+= 1
                at += 1
            case .mark(let m):
                mark(p, milestone: m)
                at += 1
            case .leave:
                pc[i] = Int32(at)
                depart(p)
                return
            }
        }
    }

    @inline(__always)
    private mutating func hold(_ p: Int32, for duration: Double) {
        let i = Int(p)
        let t = now + Swift.max(0, duration)
        token[i] &+= 1
        wakeTime[i] = t
        schedule(.wake, at: t, target: p, token: token[i])
    }

    @inline(__always)
    private mutating func nextQueueSequence() -> UInt64 {
        queueSequence &+= 1
        return queueSequence
    }

    @inline(__always)
    private mutating func grant(_ u: Int, amount: Int, to p: Int32, waited: Double) {
        busy[u] += amount
        held[Int(p) * nUnit + u] += Int32(amount)
        if preemptive[u] { holders[u].append(p) }
        observer.seized(unit: Int32(u), entity: p, waited: waited, busy: busy[u], queueLength: queueLength[u], at: now)
    }

    private mutating func enqueue(_ p: Int32, unit u: Int, amount: Int, priority: Int, sequence: UInt64) {
        let i = Int(p)
        waitAmount[i] = Int32(amount)
        waitingAt[i] = Int32(u)
        waitTicket[i] &+= 1
        waitStart[i] = now
        queues[u].push(.init(key: WaitQueue.key(priority: priority, sequence: sequence), entity: p, ticket: waitTicket[i]))
        queueLength[u] += 1
        observer.enqueued(unit: Int32(u), entity: p, queueLength: queueLength[u], at: now)
    }

    @inline(__always)
    private mutating func releaseUnit(_ u: Int, amount: Int32, by p: Int32) {
        let h = Int(p) * nUnit + u
        let n = Swift.min(amount, held[h])
        guard n > 0 else { return }
        held[h] -= n
        busy[u] -= Int(n)
        if preemptive[u] && held[h] == 0, let k = holders[u].firstIndex(of: p) {
            holders[u].swapAt(k, holders[u].count - 1)
            holders[u].removeLast()
        }
        observer.released(unit: Int32(u), entity: p, busy: busy[u], at: now)
        serve(unit: u)
    }

    /// Starts waiting patients while capacity allows (strict priority/FIFO:
    /// the head of the queue is never overtaken).
    private mutating func serve(unit u: Int) {
        while queueLength[u] > 0 && busy[u] < capacity[u] {
            guard let top = queues[u].top else { break }
            let q = Int(top.entity)
            if waitingAt[q] != Int32(u) || waitTicket[q] != top.ticket {
                _ = queues[u].pop()     // stale entry (reneged)
                continue
            }
            let amount = Int(waitAmount[q])
            guard busy[u] + amount <= capacity[u] else { break }
            _ = queues[u].pop()
            queueLength[u] -= 1
            waitingAt[q] = -1
            grant(u, amount: amount, to: top.entity, waited: now - waitStart[q])
            if remaining[q] >= 0 {
                // An interrupted activity resumes for its remaining time.
                let r = remaining[q]
                remaining[q] = -1
                hold(top.entity, for: r)
            } else {
                pc[q] += 1
                ready.append(top.entity)
            }
        }
    }

    /// Interrupts the least urgent holder of `u` that is in an activity and
    /// less urgent than `priority`; it queues again, first in its priority,
    /// and resumes later for its remaining time. O(capacity of u).
    private mutating func preempt(_ u: Int, amount: Int, priority: Int) -> Bool {
        guard amount == 1 else { return false }
        var victim: Int32 = -1
        var worst = priority
        for h in holders[u] {
            let hi = Int(h)
            guard !wakeTime[hi].isNaN, held[hi * nUnit + u] == 1 else { continue }
            let hp = holderPriority(h, unit: u)
            if hp > worst { worst = hp; victim = h }
        }
        guard victim >= 0 else { return false }
        let v = Int(victim)
        remaining[v] = wakeTime[v] - now
        wakeTime[v] = .nan
        token[v] &+= 1                          // cancels its wake-up
        held[v * nUnit + u] = 0
        busy[u] -= 1
        if let k = holders[u].firstIndex(of: victim) {
            holders[u].swapAt(k, holders[u].count - 1)
            holders[u].removeLast()
        }
        observer.released(unit: Int32(u), entity: victim, busy: busy[u], at: now)
        preemptSequence &+= 1
        enqueue(victim, unit: u, amount: 1, priority: worst, sequence: preemptSequence)
        observer.preempted(unit: Int32(u), entity: victim, queueLength: queueLength[u], at: now)
        return true
    }

    /// The queue priority a holder had when it seized `u`: read from the
    /// attribute named by its seize step (the latest seize of u before pc).
    private func holderPriority(_ h: Int32, unit u: Int) -> Int {
        var k = Int(pc[Int(h)]) - 1
        while k >= 0 {
            if case .seize(let su, _, let attr, _) = steps[k], Int(su) == u {
                return attr < 0 ? 0 : Int(attributes[Int(h) * nAttr + Int(attr)])
            }
            k -= 1
        }
        return 0
    }

    private mutating func renege(_ p: Int32, token t: UInt32) {
        let i = Int(p)
        guard patienceToken[i] == t else { return }
        let u = Int(waitingAt[i])
        guard u >= 0 else { return }            // not waiting: patience lapses
        waitingAt[i] = -1
        waitTicket[i] &+= 1                     // its queue entry is now stale
        queueLength[u] -= 1
        remaining[i] = -1
        outcome[i] |= 1
        observer.reneged(unit: Int32(u), entity: p, pathway: pathwayOf[i], waited: now - waitStart[i],
                         queueLength: queueLength[u], at: now)
        pc[i] = patienceTarget[i]
        advance(p)
        // Its leaving may let a patient behind it start.
        serve(unit: u)
    }

    // MARK: Inspection (tests, end-of-run reports)

    public func busyCount(unit u: Int) -> Int { busy[u] }
    public func queueCount(unit u: Int) -> Int { queueLength[u] }
    public func capacityNow(unit u: Int) -> Int { capacity[u] }
    public func arrivalCount(source s: Int) -> Int { arrivals[s] }
    public var pendingEvents: Int { events.count }
    /// Patients ever allocated in the pool (its high-water mark).
    public var poolSize: Int { pc.count }
}
