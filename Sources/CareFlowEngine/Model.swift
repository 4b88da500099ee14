import CareFlowRandom

/// One instruction of a pathway program. A patient is a cursor (program
/// counter) moving through the model's step array, as in simmer's
/// trajectories; the interpreter is one switch. All operands are integer
/// indices into the model's tables: no strings, no closures.
public enum Step: Sendable, Equatable {
    /// Take `amount` of `unit`, waiting in its queue if need be. Queue
    /// priority comes from attribute `priorityAttribute` (lower first; -1:
    /// priority 0). `balk` indexes `Model.balkRules` (-1: never balk).
    case seize(unit: Int32, amount: Int32, priorityAttribute: Int32, balk: Int32)
    /// Take every unit of `Model.seizeGroups[group]` at once, or wait for
    /// all of them without holding any (see MultiSeize.swift for who goes
    /// first). Priority as in `seize`.
    case seizeAll(group: Int32, priorityAttribute: Int32)
    /// Take one unit of `Model.pools[pool]` (a nurse or a physician), chosen
    /// by the pool's rule, or wait for whichever frees first (Pools.swift).
    /// Priority as in `seize`.
    case seizeAny(pool: Int32, priorityAttribute: Int32)
    /// Give back the pool's amount of the first of its units the patient holds.
    case releaseAny(pool: Int32)
    /// Give back `amount` of `unit`; waiting patients are served at once.
    case release(unit: Int32, amount: Int32)
    /// Hold the patient for a time drawn from `distribution` using `stream`.
    case delay(distribution: Int32, stream: Int32)
    /// Hold the patient for a draw from row `Int(key attribute)` of lookup
    /// table `table` (length of stay by age group ...): clamped to the rows.
    case delayByAttribute(key: Int32, table: Int32, stream: Int32)
    /// Hold the patient for draw × attribute `scale` + attribute `shift`
    /// (-1: no scale / no shift), at least 0.
    case delayScaled(distribution: Int32, stream: Int32, scale: Int32, shift: Int32)
    /// Hold the patient until the next time of day (minutes after midnight)
    /// drawn from `distribution`; e.g. discharge hours.
    case delayUntilTimeOfDay(distribution: Int32, stream: Int32)
    /// Jump to one of several places with fixed probabilities.
    case branch(table: Int32, stream: Int32)
    /// Jump by the state of units: the least occupied, the shortest queue,
    /// the first with a free place (`Model.stateBranches`, StateRouting.swift).
    case branchOnState(table: Int32)
    /// Jump on the value of an attribute (`Model.attributeBranches`).
    case branchOnAttribute(attribute: Int32, table: Int32)
    /// attribute = value.
    case assign(attribute: Int32, value: Double)
    /// attribute = a draw from `distribution`.
    case assignSample(attribute: Int32, distribution: Int32, stream: Int32)
    /// attribute = a draw from row `Int(key attribute)` of a lookup table
    /// (one distribution per row: a confusion matrix, a LOS by level ...).
    case assignLookup(attribute: Int32, key: Int32, table: Int32, stream: Int32)
    case goto(Int32)
    /// counter += 1; if counter < times, jump to `target`, else reset the
    /// counter and fall through. A block of N passes ends with this step.
    case loop(counter: Int32, times: Int32, target: Int32)
    /// Start a patience clock: if it runs out while the patient waits in a
    /// queue, the patient leaves the queue and jumps to `target`. If it runs
    /// out while the patient is not waiting (in an activity), it lapses.
    case setPatience(distribution: Int32, stream: Int32, target: Int32)
    case cancelPatience
    /// Record that the patient reached a milestone now.
    case mark(milestone: Int32)
    /// Leave the system (releasing anything still held).
    case leave
    /// The patient is dropping out of a course: if it leaves before getting
    /// another unit, its stay counts as `Outcome.droppedOut`.
    case dropOut
}

/// How a patient balks at a seize: when the unit has no free capacity and
/// at least `queueLimit` patients wait (0: balk whenever all are busy, the
/// M/M/c/c loss system), jump to `target` instead of queueing.
public struct BalkRule: Sendable, Equatable {
    public var queueLimit: Int
    public var target: Int32
    public init(queueLimit: Int, target: Int32) {
        self.queueLimit = queueLimit
        self.target = target
    }
}

/// Units taken together by one `seizeAll` step, with the amount of each.
public struct SeizeGroup: Sendable, Equatable {
    public var units: [Int32]
    public var amounts: [Int32]
    public init(units: [Int32], amounts: [Int32]) {
        self.units = units
        self.amounts = amounts
    }
}

/// Fixed-probability branch: cumulative probabilities and their targets.
public struct BranchTable: Sendable, Equatable {
    public var cumulative: [Double]
    public var targets: [Int32]
}

/// Branch on an attribute's integer value: `targets[value]`, or `otherwise`.
public struct AttributeBranch: Sendable, Equatable {
    public var targets: [Int32]
    public var otherwise: Int32
}

/// A piecewise-constant arrival rate repeating with period
/// `pieceLength * rates.count` (e.g. 168 hourly rates for a week).
/// A dated calendar (see CareFlowCalendar) compiles to one such profile
/// whose period covers the whole run, so it never repeats within it.
public struct RateProfile: Sendable, Equatable {
    public var pieceLength: Double { didSet { arrivalsPerPeriod = rates.reduce(0, +) * pieceLength } }
    /// Arrivals per minute in each piece.
    public var rates: [Double] { didSet { arrivalsPerPeriod = rates.reduce(0, +) * pieceLength } }
    /// Expected arrivals in one period (kept with the rates: O(1) per arrival
    /// even for a year of hourly pieces).
    public private(set) var arrivalsPerPeriod: Double
    public init(pieceLength: Double, rates: [Double]) {
        self.pieceLength = pieceLength
        self.rates = rates
        arrivalsPerPeriod = rates.reduce(0, +) * pieceLength
    }
    public var period: Double { pieceLength * Double(rates.count) }
}

public enum ArrivalPattern: Sendable, Equatable {
    /// Homogeneous Poisson process, arrivals per minute.
    case poisson(rate: Double)
    /// Non-homogeneous Poisson process with a cyclic piecewise-constant rate.
    case profile(RateProfile)
    /// Arrivals at exactly these times (minutes, non-decreasing).
    case scheduled([Double])
}

public struct ArrivalSource: Sendable, Equatable {
    public var name: String
    public var pathway: Int32
    public var pattern: ArrivalPattern
    /// Stop after this many arrivals.
    public var limit: Int
    public var stream: Int32
    /// The step arriving patients start at.
    public var entry: Int32
    public init(name: String, pathway: Int32, pattern: ArrivalPattern, limit: Int, stream: Int32, entry: Int32) {
        self.name = name
        self.pathway = pathway
        self.pattern = pattern
        self.limit = limit
        self.stream = stream
        self.entry = entry
    }
}

/// Capacity over time: `changes` (time, capacity) sorted by time, repeating
/// every `cycle` minutes if set (1440: daily, 10080: weekly), else once.
public struct CapacitySchedule: Sendable, Equatable {
    public var changes: [(time: Double, capacity: Int)]
    public var cycle: Double?
    public init(changes: [(time: Double, capacity: Int)], cycle: Double?) {
        self.changes = changes
        self.cycle = cycle
    }
    public static func == (a: CapacitySchedule, b: CapacitySchedule) -> Bool {
        a.cycle == b.cycle && a.changes.count == b.changes.count
            && zip(a.changes, b.changes).allSatisfy { $0.time == $1.time && $0.capacity == $1.capacity }
    }
    /// Capacity in force at time t.
    public func capacity(at t: Double, initial: Int) -> Int {
        guard !changes.isEmpty else { return initial }
        var local = t
        if let c = cycle { local = t - (t / c).rounded(.down) * c }
        var cap = cycle == nil ? initial : changes[changes.count - 1].capacity
        for ch in changes where ch.time <= local { cap = ch.capacity }
        return cap
    }
}

public struct UnitSpec: Sendable, Equatable {
    public var name: String
    /// Capacity at time 0 (when there is no schedule, always).
    public var capacity: Int
    public var schedule: CapacitySchedule?
    /// A seizing patient with a lower priority number may interrupt the
    /// activity of the holder with the highest number, which resumes later
    /// for its remaining time.
    public var preemptive: Bool
}

/// A KPI measured as the time between two milestones of one patient,
/// optionally split by the value of a categorical attribute.
public struct IntervalKPI: Sendable, Equatable {
    public var name: String
    public var from: Int32
    public var to: Int32
    /// Attribute whose value (0..<groups) splits the KPI; -1: none.
    public var groupBy: Int32
}

/// Patients already present at time 0: `count` patients of `pathway`
/// start at step `entry` (a stub that draws their attributes, takes the
/// units they hold, waits out their remaining time and joins the pathway).
public struct InitialGroup: Sendable, Equatable {
    public var name: String
    public var pathway: Int32
    public var entry: Int32
    public var count: Int
    public init(name: String, pathway: Int32, entry: Int32, count: Int) {
        self.name = name
        self.pathway = pathway
        self.entry = entry
        self.count = count
    }
}

public struct PathwaySpec: Sendable, Equatable {
    public var name: String
    public var entry: Int32
}

/// A compiled model: immutable tables shared by all replications.
public struct Model: Sendable {
    public var steps: [Step] = []
    /// The pathway each step belongs to (for traces and reports).
    public var stepPathway: [Int32] = []
    /// A readable label for each step (for traces and reports).
    public var stepLabels: [String] = []
    public var units: [UnitSpec] = []
    public var sources: [ArrivalSource] = []
    public var pathways: [PathwaySpec] = []
    public var distributions: [Distribution] = []
    public var lookupTables: [[Int32]] = []          // row -> distribution index
    public var branchTables: [BranchTable] = []
    public var attributeBranches: [AttributeBranch] = []
    public var balkRules: [BalkRule] = []
    public var seizeGroups: [SeizeGroup] = []
    /// Alternative units for `seizeAny` (Pools.swift).
    public var pools: [UnitPool] = []
    /// Names of the roles pools serve (utilisation is reported per role).
    public var roles: [String] = []
    /// Tables of `branchOnState` steps (StateRouting.swift).
    public var stateBranches: [StateBranch] = []
    /// Timers that change waiting patients' priorities (Reprioritise.swift).
    public var reprioritisations: [ReprioritiseRule] = []
    /// Names of the random streams; a stream's seed derives from its name.
    public var streams: [String] = []
    public var attributes: [String] = []
    /// Category labels of categorical attributes (empty for numeric ones).
    public var attributeLabels: [[String]] = []
    /// Milestone 0 is "arrival", 1 is "departure"; both are marked by the engine.
    public var milestones: [String] = ["arrival", "departure"]
    public var kpis: [IntervalKPI] = []
    /// Stop time (minutes). Infinity: run until no events are left.
    public var horizon: Double = .infinity
    /// Statistics are reset at this time.
    public var warmup: Double = 0
    /// Weekday of time 0 (0 = Monday ... 6 = Sunday). Only hour-of-week statistics use it: schedules and rate
    /// profiles are compiled already aligned to the start.
    public var startWeekday: Int = 0
    /// Minutes past midnight of time 0 (run.start 07:30: 450). Clock-time
    /// logic (wait_until_time_of_day, hour and day bins) uses time + this.
    public var clockOffset: Double = 0
    /// Month of year (0 = January) of each calendar day from the start
    /// date, for KPIs by month; empty: none (the run has no seasons).
    public var monthOfDay: [UInt8] = []
    /// Patients present at time 0, placed in this order before any event.
    public var initial: [InitialGroup] = []

    public init() {}

    /// For each milestone, the KPIs that end there (derived).
    public func kpisEnding() -> [[Int32]] {
        var out = [[Int32]](repeating: [], count: milestones.count)
        for (k, kpi) in kpis.enumerated() { out[Int(kpi.to)].append(Int32(k)) }
        return out
    }

    /// Number of groups of a KPI (1 if ungrouped).
    public func groupCount(ofKPI k: Int) -> Int {
        let g = kpis[k].groupBy
        return g < 0 ? 1 : max(1, attributeLabels[Int(g)].count)
    }
}
