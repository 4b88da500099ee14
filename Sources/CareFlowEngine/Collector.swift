import CareFlowStats

/// The statistics every scenario run collects: per unit (utilisation, wait,
/// queue), per pathway (completed, reneged, balked, time in system), interval
/// KPIs (mean, quantiles, share within target, by group), censuses, and
/// optionally hour-of-week and daily series. All online: O(1) per event.
///
/// Performance: every accumulator written per event lives in raw storage
/// (`Slots`, `PoolBuffer`: no copy-on-write check, no bounds check in
/// release builds), interval KPIs in flat slots (KPI k, group g: slot
/// `kpiFirst[k] + g`, its histogram counts at `slot * binCount`), and
/// nothing is done per arrival or departure for censuses unless the run has
/// some. The arithmetic is the same as with arrays: same results, to the
/// last bit. The storage is shared by copies of a collector; `start`
/// allocates fresh storage.
public struct StandardCollector: SimObserver {
    public let config: CollectorConfig
    private var model = Model()
    private var startTime: Double = 0
    private var endTime: Double = 0
    // Units.
    private var busy = Slots<SeriesLevel>([])
    private var queue = Slots<SeriesLevel>([])
    private var capacity = Slots<TimeWeighted>([])
    private var wait = Slots<Tally>([])
    /// Minutes waited to resume after preemption, and how many resumptions.
    private var resumeWait = Slots<Double>([])
    private var resumes = Slots<Int>([])
    private var renegeWait = Slots<Tally>([])
    private var queued = Slots<Int>([])
    private var unitBalked = Slots<Int>([])
    private var unitPreempted = Slots<Int>([])
    // Pathways.
    private var arrivals = Slots<Int>([])
    private var completed = Slots<Int>([])
    private var reneged = Slots<Int>([])
    private var balked = Slots<Int>([])
    private var droppedOut = Slots<Int>([])
    private var inSystem = Slots<SeriesLevel>([])
    private var timeInSystem = Slots<Tally>([])
    // Interval KPIs, flat: KPI k's groups are slots kpiFirst[k] ..< kpiFirst[k + 1].
    private var kpiFirst = Slots<Int>([0])
    private var kpiTally = Slots<Tally>([])
    /// Histogram counts: slot s's bins are [s * binCount, (s + 1) * binCount).
    private var kpiHist = Slots<UInt32>([])
    private var kpiWithin = Slots<Int>([])
    private var kpiTarget = Slots<Double>([])
    // Censuses (only touched when there are some).
    private var hasCensus = false
    private var census = Slots<SeriesLevel>([])
    // Milestone m starts censuses censusFrom[censusFromStart[m] ..< censusFromStart[m + 1]]
    // and ends censusTo[censusToStart[m] ..< censusToStart[m + 1]] (flat: no
    // array copy or uniqueness check per milestone).
    private var censusFromStart = Slots<Int>([0]), censusFrom = Slots<Int32>([])
    private var censusToStart = Slots<Int>([0]), censusTo = Slots<Int32>([])
    /// Milestone m starts or ends some census (most milestones do neither).
    private var censusAt = Slots<Bool>([])
    /// Entity e is in census c: counted[e * census.count + c] (rows added as entities appear).
    private var counted = PoolBuffer<Bool>()
    // Arrivals.
    private var arrivalsWeek = Slots<Double>(repeating: 0, count: 168)
    private var arrivalsDay = PoolBuffer<Double>()
    // The last arrival's hour bins, valid for arrivals before arrivalHourEnd.
    private var arrivalHourEnd = -Double.infinity
    private var arrivalWeekBin = 0, arrivalDayBin = 0
    private var weekShift = 0
    private var clockOffset = 0.0
    private var monthly = MonthlyStats()
    // Dated capacity changes: drops below the number in service.
    private var dropsBelowBusy = Slots<Int>([])
    private var overCapacity = Slots<Int>([])
    // Units with a target: 1 while busy > target x capacity, else 0.
    private var unitTarget: [Double] = []
    private var aboveTarget: [TimeWeighted] = []
    private var anyUnitTarget = false
    /// Per role (pools: RoleStats.swift).
    private var roles = RoleUsage()

    private static var binCount: Int { QuantileHistogram.binCount }

    public init(config: CollectorConfig = CollectorConfig()) { self.config = config }

    public var observesMilestones: Bool { !config.censuses.isEmpty }

    public mutating func start(model: Model, capacities: [Int]) {
        self.model = model
        roles.start(model: model)
        let nu = model.units.count
        let binned = config.series
        weekShift = model.startWeekday * 24
        clockOffset = model.clockOffset
        monthly = MonthlyStats(model: model)
        let level = SeriesLevel(binned: binned, weekShift: Double(weekShift), clockOffset: clockOffset)
        busy = Slots(repeating: level, count: nu)
        queue = Slots(repeating: level, count: nu)
        dropsBelowBusy = Slots(repeating: 0, count: nu)
        overCapacity = Slots(repeating: 0, count: nu)
        capacity = Slots(capacities.map { TimeWeighted(level: Double($0), at: 0) })
        unitTarget = (0..<nu).map { $0 < config.unitTargets.count ? config.unitTargets[$0] : .nan }
        anyUnitTarget = unitTarget.contains { !$0.isNaN }
        aboveTarget = Array(repeating: TimeWeighted(level: 0, at: 0), count: anyUnitTarget ? nu : 0)
        wait = Slots(repeating: Tally(), count: nu)
        resumeWait = Slots(repeating: 0, count: nu)
        resumes = Slots(repeating: 0, count: nu)
        renegeWait = Slots(repeating: Tally(), count: nu)
        queued = Slots(repeating: 0, count: nu)
        unitBalked = Slots(repeating: 0, count: nu)
        unitPreempted = Slots(repeating: 0, count: nu)
        let np = model.pathways.count
        arrivals = Slots(repeating: 0, count: np)
        completed = Slots(repeating: 0, count: np)
        reneged = Slots(repeating: 0, count: np)
        balked = Slots(repeating: 0, count: np)
        droppedOut = Slots(repeating: 0, count: np)
        inSystem = Slots(repeating: level, count: np)
        timeInSystem = Slots(repeating: Tally(), count: np)
        var first = [0], targets: [Double] = []
        for k in model.kpis.indices {
            let g = model.groupCount(ofKPI: k)
            var t = Array(repeating: Double.nan, count: g)
            if k < config.kpiTargets.count, let given = config.kpiTargets[k] {
                for i in 0..<Swift.min(g, given.count) { t[i] = given[i] }
            }
            targets += t
            first.append(first[k] + g)
        }
        let slots = first[first.count - 1]
        kpiFirst = Slots(first)
        kpiTally = Slots(repeating: Tally(), count: slots)
        kpiHist = Slots(repeating: 0, count: slots * Self.binCount)
        kpiWithin = Slots(repeating: 0, count: slots)
        kpiTarget = Slots(targets)
        arrivalsWeek = Slots(repeating: 0, count: 168)
        arrivalsDay = PoolBuffer()
        arrivalHourEnd = -.infinity
        hasCensus = !config.censuses.isEmpty
        census = Slots(repeating: level, count: config.censuses.count)
        var fromStart = [0], from: [Int32] = [], toStart = [0], to: [Int32] = []
        for m in model.milestones.indices {
            for (c, cs) in config.censuses.enumerated() {
                if Int(cs.from) == m { from.append(Int32(c)) }
                if Int(cs.to) == m { to.append(Int32(c)) }
            }
            fromStart.append(from.count)
            toStart.append(to.count)
        }
        censusFromStart = Slots(fromStart); censusFrom = Slots(from)
        censusToStart = Slots(toStart); censusTo = Slots(to)
        censusAt = Slots(model.milestones.indices.map { fromStart[$0] < fromStart[$0 + 1] || toStart[$0] < toStart[$0 + 1] })
        counted = PoolBuffer()
    }

    @inline(__always)
    public mutating func arrived(entity: Int32, pathway: Int32, at time: Double) {
        inSystem[Int(pathway)].add(1, at: time)
        arrivals[Int(pathway)] &+= 1
        if config.series {
            // Arrivals come in time order: within the hour of the last one
            // the bins are known (the divisions happen once an hour).
            if time < arrivalHourEnd {
                arrivalsWeek[arrivalWeekBin] += 1
                arrivalsDay[arrivalDayBin] += 1
            } else {
                countArrivalInNewHour(at: time)
            }
        }
        if hasCensus { milestone(entity: entity, milestone: 0, at: time) }
    }

    /// An arrival's hour bins by the exact formula; caches them until just
    /// before the hour ends (a margin far above the formula's rounding, so
    /// every arrival before `arrivalHourEnd` gets the bins it would get).
    @inline(never)
    private mutating func countArrivalInNewHour(at time: Double) {
        let hour = Int((time + clockOffset) / 60)
        arrivalWeekBin = (hour + weekShift) % 168
        arrivalDayBin = hour / 24
        while arrivalDayBin >= arrivalsDay.count { arrivalsDay.append(0) }
        arrivalsWeek[arrivalWeekBin] += 1
        arrivalsDay[arrivalDayBin] += 1
        let end = Double(hour + 1) * 60 - clockOffset
        arrivalHourEnd = end - Swift.max(1e-6, end.ulp * 64)
        if arrivalHourEnd <= time { arrivalHourEnd = -.infinity }
    }

    public mutating func placed(entity: Int32, pathway: Int32, at time: Double) {
        inSystem[Int(pathway)].add(1, at: time)
        if hasCensus { milestone(entity: entity, milestone: 0, at: time) }
    }

    @inline(__always)
    public mutating func enqueued(unit: Int32, entity: Int32, queueLength: Int, at time: Double) {
        queue[Int(unit)].set(Double(queueLength), at: time)
        queued[Int(unit)] &+= 1
    }

    @inline(__always)
    public mutating func seized(unit: Int32, entity: Int32, waited: Double, busy b: Int, queueLength: Int, at time: Double) {
        let u = Int(unit)
        wait[u].record(waited)
        busy[u].set(Double(b), at: time)
        queue[u].set(Double(queueLength), at: time)
        if anyUnitTarget { checkTarget(u, at: time) }
    }

    public mutating func resumed(unit: Int32, entity: Int32, waited: Double, busy b: Int, queueLength: Int, at time: Double) {
        let u = Int(unit)
        resumeWait[u] += waited
        resumes[u] += 1
        busy[u].set(Double(b), at: time)
        queue[u].set(Double(queueLength), at: time)
        if anyUnitTarget { checkTarget(u, at: time) }
    }

    public mutating func balked(unit: Int32, entity: Int32, pathway: Int32, at time: Double) {
        unitBalked[Int(unit)] += 1
    }

    @inline(__always)
    public mutating func released(unit: Int32, entity: Int32, busy b: Int, at time: Double) {
        if roles.active { roles.released(unit: unit, entity: entity, places: Int(busy[Int(unit)].current) - b, at: time) }
        busy[Int(unit)].set(Double(b), at: time)
        if anyUnitTarget { checkTarget(Int(unit), at: time) }
    }

    /// Above target: more places busy than target x capacity (a unit
    /// without a target: nothing to do).
    @inline(__always)
    private mutating func checkTarget(_ u: Int, at time: Double) {
        let t = unitTarget[u]
        guard !t.isNaN else { return }
        let above: Double = busy[u].current > t * capacity[u].level ? 1 : 0
        if above != aboveTarget[u].level { aboveTarget[u].set(above, at: time) }
    }

    public mutating func roleSeized(role: Int32, unit: Int32, entity: Int32, amount: Int, waited: Double, at time: Double) {
        roles.seized(role: role, unit: unit, entity: entity, amount: amount, waited: waited, at: time)
    }

    public mutating func capacityChanged(unit: Int32, capacity c: Int, at time: Double) {
        let u = Int(unit)
        capacity[u].set(Double(c), at: time)
        // Patients in service finish (the engine interrupts no one); count it.
        let inService = Int(busy[u].current)
        if inService > c { dropsBelowBusy[u] += 1; overCapacity[u] += inService - c }
        if anyUnitTarget { checkTarget(u, at: time) }
    }

    public mutating func reneged(unit: Int32, entity: Int32, pathway: Int32, waited: Double, queueLength: Int, at time: Double) {
        queue[Int(unit)].set(Double(queueLength), at: time)
        renegeWait[Int(unit)].record(waited)
    }

    public mutating func preempted(unit: Int32, entity: Int32, queueLength: Int, at time: Double) {
        queue[Int(unit)].set(Double(queueLength), at: time)
        unitPreempted[Int(unit)] += 1
    }

    @inline(__always)
    public mutating func interval(kpi: Int32, group: Int32, value: Double, at time: Double) {
        let k = Int(kpi)
        let g = Int(group)
        // KPI and group numbers are the engine's: wrapping arithmetic.
        let s = kpiFirst[k] &+ g
        guard g >= 0 && s < kpiFirst[k &+ 1] else { return }
        kpiTally[s].record(value)
        kpiHist[s &* Self.binCount &+ QuantileHistogram.bin(value)] &+= 1
        if value <= kpiTarget[s] { kpiWithin[s] += 1 }
        if monthly.active { monthly.record(kpi: k, value: value, target: kpiTarget[s], at: time) }
    }

    /// Milestones matter here only where a census starts or ends: at any
    /// other, nothing to do (inlined into the engine: no call).
    @inline(__always)
    public mutating func milestone(entity: Int32, milestone m: Int32, at time: Double) {
        if hasCensus && censusAt[Int(m)] { censusMilestone(entity: entity, milestone: m, at: time) }
    }

    @inline(never)
    private mutating func censusMilestone(entity: Int32, milestone m: Int32, at time: Double) {
        let nc = census.count
        let row = Int(entity) * nc
        for j in censusToStart[Int(m)]..<censusToStart[Int(m) + 1] {
            let c = Int(censusTo[j])
            if row + c < counted.count && counted[row + c] {
                counted[row + c] = false
                census[c].add(-1, at: time)
            }
        }
        let first = censusFromStart[Int(m)], end = censusFromStart[Int(m) + 1]
        guard first < end else { return }
        while counted.count < row + nc { counted.append(false) }
        for j in first..<end {
            let c = Int(censusFrom[j])
            if !counted[row + c] {
                counted[row + c] = true
                census[c].add(1, at: time)
            }
        }
    }

    @inline(__always)
    public mutating func departed(entity: Int32, pathway: Int32, timeInSystem t: Double, outcome: Outcome, at time: Double) {
        let p = Int(pathway)
        inSystem[p].add(-1, at: time)
        switch outcome {
        case .completed:
            completed[p] &+= 1
            timeInSystem[p].record(t)
        case .reneged: reneged[p] += 1
        case .balked: balked[p] += 1
        case .droppedOut: droppedOut[p] += 1
        }
        if hasCensus { leftCensuses(entity: entity, at: time) }
    }

    @inline(never)
    private mutating func leftCensuses(entity: Int32, at time: Double) {
        let nc = census.count
        let row = Int(entity) * nc
        guard row < counted.count else { return }
        for c in 0..<nc where counted[row + c] {
            counted[row + c] = false
            census[c].add(-1, at: time)
        }
    }

    public mutating func warmupEnded(at time: Double) {
        startTime = time
        for i in busy.indices {
            busy[i].reset(at: time); queue[i].reset(at: time); capacity[i].reset(at: time); wait[i].reset(); renegeWait[i].reset()
            resumeWait[i] = 0; resumes[i] = 0; queued[i] = 0; unitBalked[i] = 0; unitPreempted[i] = 0
            dropsBelowBusy[i] = 0; overCapacity[i] = 0
            if anyUnitTarget { aboveTarget[i].reset(at: time) }
        }
        for p in completed.indices {
            arrivals[p] = 0; completed[p] = 0; reneged[p] = 0; balked[p] = 0; droppedOut[p] = 0
            inSystem[p].reset(at: time); timeInSystem[p].reset()
        }
        kpiTally.fill(Tally())
        kpiHist.fill(0)
        kpiWithin.fill(0)
        for c in census.indices { census[c].reset(at: time) }
        monthly.reset()
        roles.reset(at: time)
        arrivalsWeek.fill(0)
        for d in 0..<arrivalsDay.count { arrivalsDay[d] = 0 }
    }

    public mutating func finished(at time: Double) {
        endTime = time
        for i in busy.indices { busy[i].finish(at: time); queue[i].finish(at: time); capacity[i].set(capacity[i].level, at: time) }
        for p in inSystem.indices { inSystem[p].finish(at: time) }
        for c in census.indices { census[c].finish(at: time) }
        roles.finish(at: time)
    }

    // MARK: Results

    /// The quantiles every interval KPI reports.
    public static let quantiles: [(String, Double)] = [("median", 0.5), ("p90", 0.9), ("p95", 0.95)]

    /// Flat named results of the replication.
    public func result() -> ReplicationResult {
        var r = ReplicationResult()
        let kpiHist = histograms()
        for (k, kpi) in model.kpis.enumerated() {
            let labels = kpi.groupBy >= 0 ? model.attributeLabels[Int(kpi.groupBy)] : []
            let kpiTally = kpiArray(self.kpiTally, k), kpiWithin = kpiArray(self.kpiWithin, k), kpiTarget = kpiArray(self.kpiTarget, k)
            var all = Tally()
            var allHist = QuantileHistogram()
            var within = 0, targeted = 0
            for g in kpiTally.indices {
                all.merge(kpiTally[g]); allHist.merge(kpiHist[k][g])
                if !kpiTarget[g].isNaN { within += kpiWithin[g]; targeted += kpiTally[g].count }
            }
            // Overall share within target: of the patients in groups that have one.
            let hasTarget = kpiTarget.contains { !$0.isNaN }
            emit(&r, kpi.name, all, allHist, hasTarget ? (within, targeted) : nil)
            if kpi.groupBy >= 0 {
                for g in kpiTally.indices {
                    let label = g < labels.count ? labels[g] : String(g)
                    let t = kpiTarget[g].isNaN ? nil : Optional((kpiWithin[g], kpiTally[g].count))
                    emit(&r, "\(kpi.name)[\(label)]", kpiTally[g], kpiHist[k][g], t)
                }
            }
        }
        let uses = ModelFeatures(model)
        // Counters also per year of measured time (365 days), so that runs of
        // different lengths compare.
        let years = (endTime - startTime) / 525_600
        func count(_ name: String, _ n: Int) {
            r.append(name, Double(n))
            r.append("\(name)_per_year", years > 0 ? Double(n) / years : .nan)
        }
        for (u, spec) in model.units.enumerated() {
            let name = "unit.\(spec.name)"
            let capArea = capacity[u].integral(at: endTime)
            let busyArea = busy[u].total.integral(at: endTime)
            r.append("\(name).utilisation", capArea > 0 ? busyArea / capArea : .nan)
            if anyUnitTarget, !unitTarget[u].isNaN {
                r.append("\(name).time_above_target", endTime > startTime ? aboveTarget[u].mean(at: endTime) : .nan)
            }
            r.append("\(name).busy_mean", busy[u].total.mean(at: endTime))
            // Per patient served: its first wait plus any waits to resume
            // after preemption (resumptions are not new patients).
            let served = wait[u].count
            let meanWait = resumes[u] == 0 ? wait[u].mean : (wait[u].sum + resumeWait[u]) / Double(served)
            r.append("\(name).wait_mean_min", served > 0 ? meanWait : .nan)
            r.append("\(name).queue_mean", queue[u].total.mean(at: endTime))
            count("\(name).served", served)
            // Requests that found the unit full: they queued or balked (a
            // patient queueing again after preemption is not a new request).
            count("\(name).blocked", queued[u] - unitPreempted[u] + unitBalked[u])
            if uses.balking { count("\(name).balked", unitBalked[u]) }
            if uses.patience {
                // Patients who gave up in this unit's queue, and how long they had waited.
                count("\(name).reneged", renegeWait[u].count)
                r.append("\(name).reneged_wait_mean_min", renegeWait[u].count > 0 ? renegeWait[u].mean : .nan)
            }
            if spec.preemptive { count("\(name).preempted", unitPreempted[u]) }
            if let sch = spec.schedule, sch.cycle == nil {
                // A dated capacity calendar: how often capacity fell below the
                // number in service, and by how many patients in all.
                r.append("\(name).capacity_drops_below_busy", Double(dropsBelowBusy[u]))
                r.append("\(name).patients_over_capacity", Double(overCapacity[u]))
            }
        }
        for (p, spec) in model.pathways.enumerated() {
            let name = "pathway.\(spec.name)"
            count("\(name).arrivals", arrivals[p])
            count("\(name).completed", completed[p])
            r.append("\(name).time_in_system_mean_min", timeInSystem[p].count > 0 ? timeInSystem[p].mean : .nan)
            count("\(name).reneged", reneged[p])
            count("\(name).balked", balked[p])
            if uses.dropOut { count("\(name).dropped_out", droppedOut[p]) }
            r.append("\(name).in_system_mean", inSystem[p].total.mean(at: endTime))
        }
        for (c, spec) in config.censuses.enumerated() {
            r.append("census.\(spec.name).mean", census[c].total.mean(at: endTime))
            r.append("census.\(spec.name).max", census[c].total.max)
        }
        if monthly.active {
            var levels: [(String, SeriesLevel)] = []
            for (u, spec) in model.units.enumerated() {
                levels.append(("unit.\(spec.name).busy_mean", busy[u]))
                levels.append(("unit.\(spec.name).queue_mean", queue[u]))
            }
            for (c, spec) in config.censuses.enumerated() { levels.append(("census.\(spec.name).mean", census[c])) }
            monthly.emit(into: &r, kpiNames: model.kpis.map(\.name), levels: levels, from: startTime, to: endTime)
        }
        roles.append(to: &r, capacityArea: (0..<capacity.count).map { capacity[$0].integral(at: endTime) }, at: endTime)
        if config.series { r.series = series() }
        return r
    }

    /// KPI k's values of a flat per-slot store, by group.
    private func kpiArray<T>(_ slots: Slots<T>, _ k: Int) -> [T] { (kpiFirst[k]..<kpiFirst[k + 1]).map { slots[$0] } }

    /// The interval KPIs' histograms, [kpi][group].
    private func histograms() -> [[QuantileHistogram]] {
        model.kpis.indices.map { k in
            (kpiFirst[k]..<kpiFirst[k + 1]).map { s in
                QuantileHistogram(counts: (0..<Self.binCount).map { kpiHist[s * Self.binCount + $0] })
            }
        }
    }

    private func emit(_ r: inout ReplicationResult, _ name: String, _ t: Tally, _ h: QuantileHistogram, _ within: (Int, Int)?) {
        r.append("\(name).mean", t.count > 0 ? t.mean : .nan)
        for (q, p) in Self.quantiles { r.append("\(name).\(q)", h.quantile(p)) }
        if let (w, n) = within { r.append("\(name).within_target", n > 0 ? Double(w) / Double(n) : .nan) }
        r.append("\(name).count", Double(t.count))
    }

    /// Edges (minutes) of the distribution histograms in series.json.
    public static let histogramEdges: [Double] = [15, 30, 60, 90, 120, 180, 240, 360, 480, 720, 1440]

    private func series() -> ReplicationSeries {
        var s = ReplicationSeries()
        // Calendar days (day 0: the start date) wholly inside the measured period.
        let firstDay = Int(((startTime + clockOffset) / 1440).rounded(.up))
        let days = Swift.max(0, Int(((endTime + clockOffset) / 1440).rounded(.down)) - firstDay)
        func level(_ name: String, _ l: SeriesLevel) -> ReplicationSeries.Level {
            .init(name: name, hourOfDay: l.hourOfDay, dayOfWeek: l.dayOfWeek, daily: l.daily(firstDay: firstDay, days: days), hourly: l.hourly)
        }
        for (u, spec) in model.units.enumerated() {
            s.levels.append(level("unit.\(spec.name).busy", busy[u]))
            s.levels.append(level("unit.\(spec.name).queue", queue[u]))
        }
        for (p, spec) in model.pathways.enumerated() { s.levels.append(level("pathway.\(spec.name).in_system", inSystem[p])) }
        for (c, spec) in config.censuses.enumerated() { s.levels.append(level("census.\(spec.name)", census[c])) }
        // Per hour of the day: arrivals in that hour over the number of times
        // that hour was observed (a 19-hour run observes hours 0-18 once and
        // the others never: NaN, written as null).
        let observed = Self.hoursObserved(from: startTime + clockOffset, to: endTime + clockOffset)
        s.arrivalsHourOfDay = (0..<24).map { h in
            observed[h] > 0 ? (0..<7).reduce(0.0) { $0 + arrivalsWeek[$1 * 24 + h] } / observed[h] : .nan
        }
        s.arrivalsDaily = (firstDay..<(firstDay + days)).map { $0 < arrivalsDay.count ? arrivalsDay[$0] : 0 }
        let kpiHist = histograms()
        for (k, kpi) in model.kpis.enumerated() {
            let labels = kpi.groupBy >= 0 ? model.attributeLabels[Int(kpi.groupBy)] : []
            var all = QuantileHistogram()
            for g in kpiHist[k].indices { all.merge(kpiHist[k][g]) }
            s.histograms.append(histogram(kpi.name, all))
            if kpi.groupBy >= 0 {
                for g in kpiHist[k].indices {
                    s.histograms.append(histogram("\(kpi.name)[\(g < labels.count ? labels[g] : String(g))]", kpiHist[k][g]))
                }
            }
        }
        return s
    }

    /// How many hours of each hour of the day (0-23) lie in [from, to),
    /// fractions of an hour included. O(hours of the run).
    static func hoursObserved(from start: Double, to end: Double) -> [Double] {
        var out = [Double](repeating: 0, count: 24)
        guard end > start else { return out }
        var t = start
        while t < end {
            let hourIndex = (t / 60).rounded(.down)
            let next = Swift.min(end, (hourIndex + 1) * 60)
            out[Int(hourIndex.truncatingRemainder(dividingBy: 24))] += (next - t) / 60
            t = next
        }
        return out
    }

    private func histogram(_ name: String, _ h: QuantileHistogram) -> ReplicationSeries.Histogram {
        let c = h.counts(upperEdges: Self.histogramEdges)
        let n = Double(Swift.max(1, h.total))
        return .init(name: name, edges: Self.histogramEdges, shares: c.map { h.total > 0 ? Double($0) / n : .nan })
    }
}


/// Which optional features a model uses (decides which KPIs are reported).
struct ModelFeatures {
    var patience = false, balking = false, dropOut = false
    init(_ model: Model) {
        for s in model.steps {
            switch s {
            case .setPatience: patience = true
            case .seize(_, _, _, let b) where b >= 0: balking = true
            case .dropOut: dropOut = true
            default: break
            }
        }
    }
}
