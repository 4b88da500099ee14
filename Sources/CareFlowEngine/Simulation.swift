import CareFlowRandom
internal import _CareFlowShims

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
///
/// The model must be valid (`ModelBuilder.build()` and the scenario
/// compiler check it; a hand-made `Model` needs `validate()`): the
/// interpreter indexes its steps, units and patients without bounds
/// checks in release builds (only `assert`s in debug builds).
public struct Simulation<Observer: SimObserver> {
    public let model: Model
    public var observer: Observer
    public internal(set) var now: Double = 0
    /// Events processed so far.
    public internal(set) var eventCount: Int = 0
    /// Runaway and no-progress guards (see RunLimits).
    public var limits: RunLimits
    /// Why the run stopped early, if it did (then its results are not valid).
    public internal(set) var stopReason: StopReason?
    /// Events after this time do not run: the horizon, or -infinity once stopped.
    var stopTime: Double
    var stallAnchorTime = 0.0, stallAnchorEvent = 0

    let streamSet: StreamSet
    /// Raw storage (Slots): stream numbers are the validated model's.
    let streams: Slots<RandomStream>
    /// The model's steps in raw storage (Slots): the interpreter reads one
    /// per step, and program counters are the model's own, checked when it
    /// was built (Model+Validation), so no bounds check per step.
    let steps: Slots<Step>
    let samplers: PoolBuffer<Sampler>
    // The model's branch and lookup tables, flattened once at start so that a
    // branch step reads plain numbers (no array copies, no reference counting):
    // table t's entries are [start[t], start[t + 1]).
    let branchStart = PoolBuffer<Int32>(), branchCumulative = PoolBuffer<Double>(), branchTarget = PoolBuffer<Int32>()
    let caseStart = PoolBuffer<Int32>(), caseTarget = PoolBuffer<Int32>(), caseOtherwise = PoolBuffer<Int32>()
    let lookupStart = PoolBuffer<Int32>(), lookupDistribution = PoolBuffer<Int32>()
    // KPIs ending at each milestone, flattened: kpiEnd[kpiEndStart[m] ..< kpiEndStart[m + 1]],
    // each with the milestone it starts from and the attribute it groups by
    // (one record: no table lookups by KPI number per interval).
    let kpiEndStart: PoolBuffer<Int32>
    let kpiEnd: PoolBuffer<KPIEnding>
    let milestoneObserved: PoolBuffer<Bool>
    /// Milestones some KPI starts from: only their times are stored.
    let milestoneStored: PoolBuffer<Bool>
    /// The stored milestones a new patient must start without (NaN): all
    /// but the arrival, which `newPatient` sets. Other times are never read.
    let clearedMilestones: PoolBuffer<Int32>
    var events = EventHeap()
    var sequence: UInt64 = 0
    /// Arrival events scheduled and not yet happened (0 or 1 per source).
    var pendingArrivals = 0

    // Units.
    let busy: PoolBuffer<Int>
    let capacity: PoolBuffer<Int>
    let queues: Slots<WaitQueue>      // raw storage: unit numbers are the engine's
    let queueLength: PoolBuffer<Int>
    /// Preemptive units only: who holds the unit, with the queue priority
    /// it held it at (so that the least urgent holder can be interrupted).
    var holders: [[(entity: Int32, priority: Int)]]
    var queueSequence: UInt64 = 1 << 40
    var preemptSequence: UInt64 = 0

    // Patients (structure of arrays; see PoolBuffer for why not Array).
    let patients = PoolBuffer<Patient>()
    let attributes = PoolBuffer<Double>()
    let milestoneTimes = PoolBuffer<Double>()
    let held = PoolBuffer<Int32>()
    let free = PoolBuffer<Int32>()
    /// Patients to advance after the current event (raw storage: no
    /// copy-on-write check per append, emptied without releasing memory).
    let ready = PoolBuffer<Int32>()
    var readyHead = 0
    let nAttr: Int, nMile: Int, nUnit: Int

    // Multi-unit seizes (MultiSeize.swift): group g's units and amounts are
    // [groupStart[g], groupStart[g + 1]).
    let groupStart = PoolBuffer<Int32>(), groupUnit = PoolBuffer<Int32>(), groupAmount = PoolBuffer<Int32>()
    /// Units whose queue head changed under a group grant, to serve next.
    let serveList: PoolBuffer<Int32>
    let serveListed: PoolBuffer<Bool>
    /// Waiting patients who hold a unit (only then can a deadlock form).
    var waitersHolding = 0
    /// Patients who started waiting while some waiting patient held a unit.
    var waitsWhileHolding = 0
    /// The most places each unit will ever have (for the deadlock check).
    let maxCapacity: [Int]
    /// Set when the run stopped on a deadlock (its results are not valid).
    public internal(set) var deadlock: Deadlock?
    /// Pools, state branches, re-prioritisation (Pools.swift and beside it).
    let features: FeatureTables

    // Sources (hot fields copied out of the model: no reference counting per arrival).
    let arrivals: PoolBuffer<Int>
    // Raw storage (PoolBuffer): source and unit numbers are the engine's own.
    let sourceLimit: PoolBuffer<Int>
    let sourceRate: PoolBuffer<Double>          // > 0: homogeneous Poisson; else see pattern
    let sourceStream: PoolBuffer<Int32>
    let sourcePathway: PoolBuffer<Int32>
    let sourceEntry: PoolBuffer<Int32>
    let preemptive: PoolBuffer<Bool>

    /// Patients currently in the system.
    public internal(set) var inSystem: Int = 0
    /// Patients who have left.
    public internal(set) var departures: Int = 0

    public init(model: Model, seed: UInt64, replication: Int, observer: Observer, limits: RunLimits = .unlimited) {
        self.model = model
        self.observer = observer
        self.limits = limits
        self.stopTime = model.horizon
        let set = StreamSet(seed: seed, replication: replication)
        self.streamSet = set
        self.streams = Slots(model.streams.map { set.stream(named: $0) })
        self.steps = Slots(model.steps)
        samplers = PoolBuffer(model.distributions.map(\.sampler))
        for t in model.branchTables {
            branchStart.append(Int32(branchTarget.count))
            for (c, target) in zip(t.cumulative, t.targets) { branchCumulative.append(c); branchTarget.append(target) }
        }
        branchStart.append(Int32(branchTarget.count))
        for t in model.attributeBranches {
            caseStart.append(Int32(caseTarget.count))
            for target in t.targets { caseTarget.append(target) }
            caseOtherwise.append(t.otherwise)
        }
        caseStart.append(Int32(caseTarget.count))
        for row in model.lookupTables {
            lookupStart.append(Int32(lookupDistribution.count))
            for d in row { lookupDistribution.append(d) }
        }
        lookupStart.append(Int32(lookupDistribution.count))
        let ending = model.kpisEnding()
        kpiEndStart = PoolBuffer(capacity: ending.count + 1)
        kpiEnd = PoolBuffer(capacity: 8)
        for list in ending {
            kpiEndStart.append(Int32(kpiEnd.count))
            for k in list { kpiEnd.append(KPIEnding(kpi: k, from: model.kpis[Int(k)].from, groupBy: model.kpis[Int(k)].groupBy)) }
        }
        kpiEndStart.append(Int32(kpiEnd.count))
        milestoneObserved = PoolBuffer(repeating: observer.observesMilestones, count: ending.count)
        for (m, list) in ending.enumerated() where !list.isEmpty { milestoneObserved[m] = true }
        milestoneStored = PoolBuffer(repeating: false, count: ending.count)
        for k in model.kpis { milestoneStored[Int(k.from)] = true }
        clearedMilestones = PoolBuffer()
        for m in 1..<Swift.max(1, ending.count) where milestoneStored[m] { clearedMilestones.append(Int32(m)) }
        nAttr = model.attributes.count
        nMile = model.milestones.count
        nUnit = model.units.count
        busy = PoolBuffer(repeating: 0, count: nUnit)
        capacity = PoolBuffer(model.units.map { $0.schedule?.capacity(at: 0, initial: $0.capacity) ?? $0.capacity })
        queues = Slots((0..<nUnit).map { _ in WaitQueue() })
        queueLength = PoolBuffer(repeating: 0, count: nUnit)
        holders = Array(repeating: [], count: nUnit)
        arrivals = PoolBuffer(repeating: 0, count: model.sources.count)
        sourceLimit = PoolBuffer(model.sources.map(\.limit))
        sourceRate = PoolBuffer(model.sources.map { if case .poisson(let r) = $0.pattern { return r } else { return -1 } })
        sourceStream = PoolBuffer(model.sources.map(\.stream))
        sourcePathway = PoolBuffer(model.sources.map(\.pathway))
        sourceEntry = PoolBuffer(model.sources.map(\.entry))
        preemptive = PoolBuffer(model.units.map(\.preemptive))
        for g in model.seizeGroups {
            groupStart.append(Int32(groupUnit.count))
            for (u, a) in zip(g.units, g.amounts) { groupUnit.append(u); groupAmount.append(a) }
        }
        groupStart.append(Int32(groupUnit.count))
        serveList = PoolBuffer(capacity: Swift.max(1, nUnit))
        serveListed = PoolBuffer(repeating: false, count: nUnit)
        features = FeatureTables(model)
        maxCapacity = model.units.map { u in ([u.capacity] + (u.schedule?.changes.map(\.capacity) ?? [])).max() ?? u.capacity }
    }

    // MARK: Running

    /// Runs until the horizon; without one, until nothing more can happen:
    /// no patient in the system and no arrival due. What may be left then
    /// (changes of a repeating capacity schedule, which would go on for
    /// ever, and timers that were cancelled) neither runs nor moves the clock.
    ///
    /// With the standard collector, calls resolve to the overload in
    /// Specialised.swift, compiled for it: the same loop, specialised.
    public mutating func run() { runLoop() }

    mutating func runLoop() {
        start()
        while let e = events.pop() {
            if e.time > stopTime
                || (inSystem == 0 && pendingArrivals == 0 && e.kind != .warmup && !model.horizon.isFinite) {
                events.push(e, now: now)
                break
            }
            now = e.time
            eventCount &+= 1
            if eventCount & (RunLimits.checkInterval - 1) == 0 && !withinLimits(e) { break }
            // Performance: in a big model the next event's patient record is
            // usually cold (B3: ~90,000 patients in service); fetch it while
            // this one runs. (Small models: the records are in cache.)
            if events.nearCount > 4096, let next = events.first, next.kind == .wake, Int(next.target) < patients.count {
                cf_prefetch_write(patients.base + Int(next.target))
            }
            dispatch(e)
            drainReady()
        }
        if deadlock == nil && stopReason == nil && (waitersHolding > 0 || (events.count == 0 && inSystem > 0)) { checkDeadlock() }
        if model.horizon.isFinite && deadlock == nil && stopReason == nil { now = Swift.max(now, model.horizon) }
        observer.finished(at: now)
    }


    mutating func start() {
        observer.start(model: model, capacities: (0..<nUnit).map { capacity[$0] })
        if !model.initial.isEmpty { placeInitial() }
        for s in model.sources.indices { scheduleNextArrival(source: s, after: 0) }
        for (u, spec) in model.units.enumerated() {
            if let sch = spec.schedule, !sch.changes.isEmpty { scheduleCapacity(unit: u, from: 0) }
        }
        if model.warmup > 0 { schedule(.warmup, at: model.warmup, target: 0, token: 0) }
        if !model.reprioritisations.isEmpty { startReprioritisation() }
    }

    @inline(__always)
    mutating func schedule(_ kind: EventKind, at time: Double, target: Int32, token: UInt32) {
        sequence &+= 1
        // Event times are 0 or more (a delay is at least 0, schedules and
        // re-prioritisation start at 0 or later: Model+Validation);
        // `+ 0` makes a -0 into +0, which the event order needs (Event.order)
        // and which changes no other value.
        assert(!(time < 0), "an event scheduled before time 0")
        events.push(Event(time: time + 0, key: (sequence << 8) | UInt64(kind.rawValue), target: target, token: token), now: now)
    }

    @inline(__always)
    mutating func dispatch(_ e: Event) {
        switch e.kind {
        case .wake:
            let p = Int(e.target)
            guard patients[p].token == e.token else { return }   // cancelled
            patients[p].wakeTime = .nan
            advance(e.target)
        case .arrival:
            arrive(source: Int(e.target))
        case .renege:
            renege(e.target, token: e.token)
        case .capacity:
            changeCapacity(unit: Int(e.target), index: Int(e.token))
        case .warmup:
            observer.warmupEnded(at: now)
        case .reprioritise:
            reprioritise(rule: Int(e.target))
        }
    }

    @inline(__always)
    mutating func drainReady() {
        while readyHead < ready.count {
            let p = ready[readyHead]
            readyHead += 1
            advance(p)
        }
        if readyHead > 0 {
            ready.removeAll()
            readyHead = 0
        }
    }


    // MARK: Patients

    mutating func newPatient(pathway: Int32, entry: Int32) -> Int32 {
        inSystem &+= 1
        let p: Int32
        if free.count > 0 {
            p = free.popLast()
            let i = Int(p)
            let old = patients[i]
            patients[i] = Patient(pathway: pathway, token: old.token &+ 1, patienceToken: old.patienceToken &+ 1, waitTicket: old.waitTicket)
            var a = 0
            while a < nAttr { attributes[i &* nAttr &+ a] = 0; a &+= 1 }
            var c = 0
            while c < clearedMilestones.count { milestoneTimes[i &* nMile &+ Int(clearedMilestones[c])] = .nan; c &+= 1 }
        } else {
            p = Int32(patients.count)
            // The pool grows only past its high-water mark: the one place the
            // patient limit needs checking (the run stops after this event).
            if inSystem > limits.maxPatients { stop(tooManyPatients(arriving: pathway)) }
            patients.append(Patient(pathway: pathway, token: 0, patienceToken: 0, waitTicket: 0))
            for _ in 0..<nAttr { attributes.append(0) }
            for _ in 0..<nMile { milestoneTimes.append(.nan) }
            for _ in 0..<nUnit { held.append(0) }
        }
        let i = Int(p)
        patients[i].pc = entry
        patients[i].arrival = now
        if nMile > 0 && milestoneStored[0] { milestoneTimes[i &* nMile] = now }
        return p
    }

    @inline(__always)
    mutating func mark(_ p: Int32, milestone m: Int32) {
        let i = Int(p)
        // Indices below are the engine's own (patient, milestone and KPI
        // numbers it handed out): wrapping arithmetic, no overflow checks.
        if milestoneStored[Int(m)] { milestoneTimes[i &* nMile &+ Int(m)] = now }
        guard milestoneObserved[Int(m)] else { return }
        observer.milestone(entity: p, milestone: m, at: now)
        var j = Int(kpiEndStart[Int(m)])
        let end = Int(kpiEndStart[Int(m) &+ 1])
        while j < end {
            let e = kpiEnd[j]
            j &+= 1
            let start = milestoneTimes[i &* nMile &+ Int(e.from)]
            guard !start.isNaN else { continue }
            let g = e.groupBy
            let group = g < 0 ? 0 : Int32(truncatingIfNeeded: Self.clampedInt(attributes[i &* nAttr &+ Int(g)]))
            observer.interval(kpi: e.kpi, group: group, value: now - start, at: now)
        }
    }

    mutating func depart(_ p: Int32) {
        let i = Int(p)
        if patients[i].heldUnits != 0 {
            for u in 0..<nUnit where held[i * nUnit + u] > 0 {
                let amount = held[i * nUnit + u]
                releaseUnit(u, amount: amount, by: p)
            }
        }
        patients[i].patienceToken &+= 1
        if nMile > 1 { mark(p, milestone: 1) }
        let arrival = patients[i].arrival
        let o = patients[i].outcome
        let outcome: Outcome = o & 1 != 0 ? .reneged : o & 2 != 0 ? .balked : o & 4 != 0 ? .droppedOut : .completed
        observer.departed(entity: p, pathway: patients[i].pathway, timeInSystem: now - arrival, outcome: outcome, at: now)
        inSystem &-= 1
        departures &+= 1
        free.append(p)
    }

    // MARK: The step interpreter

    /// Runs patient `p` from its program counter until it waits, is held
    /// in an activity, or leaves.
    mutating func advance(_ p: Int32) {
        let i = Int(p)
        var at = Int(patients[i].pc)
        var jumps = 0       // taken in this turn, without the clock moving
        let tracesSteps = Observer.tracesSteps      // once per turn, not per step (a witness call when unspecialised)
        while true {
            if tracesSteps { observer.step(entity: p, pc: Int32(truncatingIfNeeded: at), at: now) }
            switch steps[at] {
            case .seize(let u32, let amount32, let prioAttr, let balk):
                let u = Int(u32), amount = Int(amount32)
                let priority = prioAttr < 0 ? 0 : Self.clampedInt(attributes[i &* nAttr &+ Int(prioAttr)])
                if queueLength[u] == 0 && busy[u] &+ amount <= capacity[u] {
                    grant(u, amount: amount, to: p, priority: priority, waited: 0)
                    at &+= 1
                    continue
                }
                if preemptive[u] && preempt(u, amount: amount, priority: priority) {
                    grant(u, amount: amount, to: p, priority: priority, waited: 0)
                    at &+= 1
                    continue
                }
                if balk >= 0 {
                    let rule = model.balkRules[Int(balk)]
                    if queueLength[u] >= rule.queueLimit {
                        patients[i].outcome |= 2
                        observer.balked(unit: u32, entity: p, pathway: patients[i].pathway, at: now)
                        at = Int(rule.target)
                        jumps &+= 1
                        if jumps >= limits.maxStalledEvents { stalled(p, at: at); return }
                        continue
                    }
                }
                patients[i].pc = Int32(truncatingIfNeeded: at)
                enqueue(p, unit: u, amount: amount, priority: priority, sequence: nextQueueSequence())
                serve(unit: u)
                return
            case .seizeAll(let g32, let prioAttr):
                let g = Int(g32)
                let priority = prioAttr < 0 ? 0 : Self.clampedInt(attributes[i &* nAttr &+ Int(prioAttr)])
                if groupFree(g) {
                    grantGroup(g, to: p, priority: priority, waited: 0)
                    at &+= 1
                    continue
                }
                patients[i].pc = Int32(truncatingIfNeeded: at)
                enqueueGroup(p, group: g, priority: priority)
                drainServeList()
                return
            case .seizeAny(let k, let prioAttr):
                if seizeFromPool(Int(k), priorityAttribute: prioAttr, patient: p, at: at) { at &+= 1; continue }
                return
            case .releaseAny(let k):
                releasePool(Int(k), by: p)
                at &+= 1
            case .branchOnState(let t):
                at = stateBranchTarget(Int(t))
                jumps &+= 1
                if jumps >= limits.maxStalledEvents { stalled(p, at: at); return }
            case .release(let u, let amount):
                releaseUnit(Int(u), amount: Int32(amount), by: p)
                at &+= 1
            case .delay(let d, let s):
                let t = samplers[Int(d)].sample(streams[Int(s)])
                at &+= 1
                patients[i].pc = Int32(truncatingIfNeeded: at)
                hold(p, for: t)
                return
            case .delayByAttribute(let key, let table, let s):
                let first = Int(lookupStart[Int(table)]), n = Int(lookupStart[Int(table) + 1]) - first
                let k = Int(exactly: attributes[i &* nAttr &+ Int(key)]) ?? 0
                let d = lookupDistribution[first + Swift.max(0, Swift.min(n - 1, k))]
                let t = samplers[Int(d)].sample(streams[Int(s)])
                at &+= 1
                patients[i].pc = Int32(truncatingIfNeeded: at)
                holdOutOfLine(p, for: t)
                return
            case .delayScaled(let d, let s, let scale, let shift):
                var t = samplers[Int(d)].sample(streams[Int(s)])
                if scale >= 0 { t *= attributes[i &* nAttr &+ Int(scale)] }
                if shift >= 0 { t += attributes[i &* nAttr &+ Int(shift)] }
                at &+= 1
                patients[i].pc = Int32(truncatingIfNeeded: at)
                holdOutOfLine(p, for: t.isNaN ? 0 : t)
                return
            case .delayUntilTimeOfDay(let d, let s):
                var tod = samplers[Int(d)].sample(streams[Int(s)])
                tod = tod - (tod / 1440).rounded(.down) * 1440
                // Clock time is now + clockOffset (a run starting at 07:30: 450).
                let off = model.clockOffset
                let dayStart = ((now + off) / 1440).rounded(.down) * 1440 - off
                var target = dayStart + tod
                if target < now { target += 1440 }
                at &+= 1
                patients[i].pc = Int32(truncatingIfNeeded: at)
                holdOutOfLine(p, for: target - now)
                return
            case .branch(let table, let s):
                let u = streams[Int(s)].uniform()
                var k = Int(branchStart[Int(table)])
                let last = Int(branchStart[Int(table) + 1]) - 1
                while k < last && u >= branchCumulative[k] { k += 1 }
                at = Int(branchTarget[k])
                jumps &+= 1
                if jumps >= limits.maxStalledEvents { stalled(p, at: at); return }
            case .branchOnAttribute(let a, let table):
                let v = attributes[i &* nAttr &+ Int(a)]
                let k = Int(exactly: v) ?? -1
                let first = Int(caseStart[Int(table)]), n = Int(caseStart[Int(table) + 1]) - first
                at = Int(k >= 0 && k < n ? caseTarget[first + k] : caseOtherwise[Int(table)])
                jumps &+= 1
                if jumps >= limits.maxStalledEvents { stalled(p, at: at); return }
            case .assign(let a, let v):
                attributes[i &* nAttr &+ Int(a)] = v
                at &+= 1
            case .assignSample(let a, let d, let s):
                attributes[i &* nAttr &+ Int(a)] = samplers[Int(d)].sample(streams[Int(s)])
                at &+= 1
            case .assignLookup(let a, let key, let table, let s):
                let first = Int(lookupStart[Int(table)]), n = Int(lookupStart[Int(table) + 1]) - first
                let k = Int(exactly: attributes[i &* nAttr &+ Int(key)]) ?? 0
                let d = lookupDistribution[first + Swift.max(0, Swift.min(n - 1, k))]
                attributes[i &* nAttr &+ Int(a)] = samplers[Int(d)].sample(streams[Int(s)])
                at &+= 1
            case .goto(let target):
                at = Int(target)
                jumps &+= 1
                if jumps >= limits.maxStalledEvents { stalled(p, at: at); return }
            case .loop(let counter, let times, let target):
                let c = i &* nAttr &+ Int(counter)
                attributes[c] += 1
                if attributes[c] < Double(times) {
                    at = Int(target)
                    jumps &+= 1
                    if jumps >= limits.maxStalledEvents { stalled(p, at: at); return }
                } else {
                    attributes[c] = 0
                    at &+= 1
                }
            case .setPatience(let d, let s, let target):
                let t = Swift.max(0, samplers[Int(d)].sample(streams[Int(s)]))
                patients[i].patienceToken &+= 1
                patients[i].patienceTarget = target
                patients[i].outcome |= Self.patienceArmed
                scheduleOutOfLine(.renege, at: now + t, target: p, token: patients[i].patienceToken)
                at &+= 1
            case .cancelPatience:
                patients[i].patienceToken &+= 1
                patients[i].outcome &= ~Self.patienceArmed
                at &+= 1
            case .mark(let m):
                mark(p, milestone: m)
                at &+= 1
            case .leave:
                patients[i].pc = Int32(truncatingIfNeeded: at)
                depart(p)
                return
            case .dropOut:
                patients[i].outcome |= 4
                at &+= 1
            }
        }
    }

    /// `hold` and `schedule` for the interpreter's rarer steps: one inlined
    /// copy of the event list's push (in `.delay`) keeps `advance` small,
    /// and its prologue short (it runs two to five times per patient).
    @inline(never)
    mutating func holdOutOfLine(_ p: Int32, for duration: Double) { hold(p, for: duration) }

    @inline(never)
    mutating func scheduleOutOfLine(_ kind: EventKind, at time: Double, target: Int32, token: UInt32) {
        schedule(kind, at: time, target: target, token: token)
    }

    /// An attribute value as a whole number (queue priority, KPI group):
    /// clamped, NaN as 0, so that no value can trap. Queue keys keep 16
    /// bits of priority anyway. In range after the clamp, so the C
    /// truncation is defined and gives what `Int(_:)` would, without its
    /// checks (ten instructions per seize with a priority).
    @inline(__always)
    static func clampedInt(_ x: Double) -> Int {
        x.isNaN ? 0 : cf_truncate(Swift.max(-1e9, Swift.min(1e9, x)))
    }


    // MARK: Inspection (tests, end-of-run reports)

    /// A read-only view of the patients' attributes, for an observer that
    /// needs them while the run goes on (the replay colours patients by
    /// one): hand it to the observer after creating the simulation.
    public var attributeReader: AttributeReader { AttributeReader(buffer: attributes, stride: nAttr) }

    public func busyCount(unit u: Int) -> Int { busy[u] }
    public func queueCount(unit u: Int) -> Int { queueLength[u] }
    public func capacityNow(unit u: Int) -> Int { capacity[u] }
    public func arrivalCount(source s: Int) -> Int { arrivals[s] }
    public var pendingEvents: Int { events.count }
    /// Patients ever allocated in the pool (its high-water mark).
    public var poolSize: Int { patients.count }
}
