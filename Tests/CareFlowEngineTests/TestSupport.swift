import Testing
@testable import CareFlowEngine
import CareFlowRandom
import CareFlowStats

/// What happened to whom, and when: the event log the scenario tests assert on.
/// Patients are numbered in arrival order (0, 1, 2 ...), independent of the
/// engine's recycled entity ids; `entity` keeps the raw id.
struct EventLog: SimObserver {
    enum Kind: String, Sendable { case arrive, enqueue, seize, release, renege, balk, preempt, depart }
    struct Entry: Equatable, CustomStringConvertible {
        var time: Double
        var patient: Int
        var kind: Kind
        /// Unit for unit events, pathway for arrive/depart/renege/balk.
        var unit: Int32 = -1
        var entity: Int32 = -1
        /// Minutes waited (seize, renege); else 0.
        var waited: Double = 0
        var description: String { "\(time) #\(patient) \(kind.rawValue) u\(unit)" }
        static func == (a: Entry, b: Entry) -> Bool {
            a.time == b.time && a.patient == b.patient && a.kind == b.kind && a.unit == b.unit
        }
    }
    var entries: [Entry] = []
    /// Departures' outcomes, in departure order.
    var outcomes: [Outcome] = []
    var resumes = 0
    var capacityChanges: [(time: Double, unit: Int32, capacity: Int)] = []
    private var patientOf: [Int32: Int] = [:]
    private var arrivals = 0

    init() {}

    mutating func log(_ k: Kind, _ e: Int32, _ u: Int32, _ t: Double, waited: Double = 0) {
        entries.append(Entry(time: t, patient: patientOf[e] ?? -1, kind: k, unit: u, entity: e, waited: waited))
    }
    mutating func arrived(entity: Int32, pathway: Int32, at time: Double) {
        patientOf[entity] = arrivals
        arrivals += 1
        log(.arrive, entity, pathway, time)
    }
    mutating func enqueued(unit: Int32, entity: Int32, queueLength: Int, at time: Double) { log(.enqueue, entity, unit, time) }
    mutating func seized(unit: Int32, entity: Int32, waited: Double, busy: Int, queueLength: Int, at time: Double) {
        log(.seize, entity, unit, time, waited: waited)
    }
    /// Resumption after preemption is logged as a seize (with `resumed` set).
    mutating func resumed(unit: Int32, entity: Int32, waited: Double, busy: Int, queueLength: Int, at time: Double) {
        log(.seize, entity, unit, time, waited: waited)
        resumes += 1
    }
    mutating func released(unit: Int32, entity: Int32, busy: Int, at time: Double) { log(.release, entity, unit, time) }
    mutating func capacityChanged(unit: Int32, capacity: Int, at time: Double) {
        capacityChanges.append((time, unit, capacity))
    }
    mutating func reneged(unit: Int32, entity: Int32, pathway: Int32, waited: Double, queueLength: Int, at time: Double) {
        log(.renege, entity, unit, time, waited: waited)
    }
    mutating func balked(unit: Int32, entity: Int32, pathway: Int32, at time: Double) { log(.balk, entity, unit, time) }
    mutating func preempted(unit: Int32, entity: Int32, queueLength: Int, at time: Double) { log(.preempt, entity, unit, time) }
    mutating func departed(entity: Int32, pathway: Int32, timeInSystem: Double, outcome: Outcome, at time: Double) {
        log(.depart, entity, pathway, time)
        outcomes.append(outcome)
    }

    /// Times of `kind` events, patient by patient (one per patient; fails on two).
    func times(_ kind: Kind, unit: Int32? = nil) -> [Int: Double] {
        var out: [Int: Double] = [:]
        for e in entries where e.kind == kind && (unit == nil || e.unit == unit) {
            #expect(out[e.patient] == nil, "patient \(e.patient) has two \(kind) events")
            out[e.patient] = e.time
        }
        return out
    }
    /// Patients in the order of their `kind` events (at `unit` if given).
    func order(_ kind: Kind, unit: Int32? = nil) -> [Int] {
        entries.filter { $0.kind == kind && (unit == nil || $0.unit == unit) }.map(\.patient)
    }
    func count(_ kind: Kind) -> Int { entries.filter { $0.kind == kind }.count }
}

/// Runs one replication and returns the simulation (with its observer).
func run<O: SimObserver>(_ model: Model, seed: UInt64 = 1, replication: Int = 0, _ observer: O) -> Simulation<O> {
    var sim = Simulation(model: model, seed: seed, replication: replication, observer: observer)
    sim.run()
    return sim
}

func runLog(_ model: Model) -> EventLog { run(model, EventLog()).observer }

func runResult(_ model: Model, seed: UInt64 = 1, replication: Int = 0, config: CollectorConfig = CollectorConfig()) -> ReplicationResult {
    run(model, seed: seed, replication: replication, StandardCollector(config: config)).observer.result()
}

/// A pathway that seizes `unit` (with priority `priority` if given), holds it
/// for exactly `service` minutes and releases it.
@discardableResult
func servicePathway(_ b: ModelBuilder, _ name: String, unit: Int32, service: Double, priority: Double? = nil) throws -> Int32 {
    let prio = priority.map { _ in b.attribute("priority") }
    return try b.pathway(name) { p in
        if let prio, let priority { p.assign(prio, priority) }
        p.seize(unit, priority: prio ?? -1)
        p.delay(try .fixed(service))
        p.release(unit)
    }
}

/// Mean and standard error of independent replication estimates.
func meanAndSE(_ xs: [Double]) -> (mean: Double, se: Double) {
    var t = Tally()
    for x in xs { t.record(x) }
    return (t.mean, (t.variance / Double(t.count)).squareRoot())
}

/// Half-width of a two-sided 99.9% Student-t interval from `n` replications:
/// a correct engine fails such a check by chance once in 1,000 seeds.
func tolerance(se: Double, replications n: Int) -> Double {
    GSL.tQuantile(1 - 0.0005, degreesOfFreedom: Double(n - 1)) * se
}

/// Erlang C: probability that an arrival waits in M/M/c with offered load
/// a = λ/μ (< c), and the mean wait in queue Wq = C / (cμ - λ).
func erlangC(servers c: Int, lambda: Double, mu: Double) -> (pWait: Double, wq: Double) {
    let a = lambda / mu
    var term = 1.0, sum = 0.0
    for k in 0..<c {
        if k > 0 { term *= a / Double(k) }
        sum += term
    }
    let last = term * a / Double(c) * Double(c) / (Double(c) - a)   // a^c/c! · c/(c-a)
    let p = last / (sum + last)
    return (p, p / (Double(c) * mu - lambda))
}

/// Erlang B: blocking probability of M/M/c/c (and M/G/c/c) with load a.
func erlangB(servers c: Int, load a: Double) -> Double {
    var b = 1.0
    for k in 1...c { b = a * b / (Double(k) + a * b) }
    return b
}

/// SplitMix64 as a RandomNumberGenerator: reproducible test data.
struct SeededGenerator: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9e37_79b9_7f4a_7c15
        var z = state
        z = (z ^ (z >> 30)) &* 0xbf58_476d_1ce4_e5b9
        z = (z ^ (z >> 27)) &* 0x94d0_49bb_1331_11eb
        return z ^ (z >> 31)
    }
}
