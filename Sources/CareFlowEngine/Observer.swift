/// Receives what happens in a run. The simulation is generic over its
/// observer; the calls are specialised and inlined where the compiler sees
/// the concrete observer type together with the engine's code: for
/// `StandardCollector` always (Specialised.swift); for an observer in
/// another module (tracing, replays) the loop runs unspecialised, each hook
/// a witness-table call. The core itself does no I/O.
///
/// Every hook has an empty default. Times are in minutes.
public protocol SimObserver {
    /// The run starts; units start with these capacities.
    mutating func start(model: Model, capacities: [Int])
    mutating func arrived(entity: Int32, pathway: Int32, at time: Double)
    /// A patient of the initial state was placed in the system (not an arrival).
    mutating func placed(entity: Int32, pathway: Int32, at time: Double)
    /// The patient joined the queue of `unit`, now `queueLength` long.
    mutating func enqueued(unit: Int32, entity: Int32, queueLength: Int, at time: Double)
    /// The patient got `unit` after waiting `waited` minutes.
    mutating func seized(unit: Int32, entity: Int32, waited: Double, busy: Int, queueLength: Int, at time: Double)
    /// A patient interrupted by preemption got `unit` back after waiting
    /// `waited` minutes more, and resumes its activity (not a new service).
    mutating func resumed(unit: Int32, entity: Int32, waited: Double, busy: Int, queueLength: Int, at time: Double)
    mutating func released(unit: Int32, entity: Int32, busy: Int, at time: Double)
    /// The patient got `amount` of `unit` through a pool serving `role`
    /// (called right after `seized`, which has the same figures).
    mutating func roleSeized(role: Int32, unit: Int32, entity: Int32, amount: Int, waited: Double, at time: Double)
    mutating func capacityChanged(unit: Int32, capacity: Int, at time: Double)
    /// The patient ran out of patience in the queue of `unit`.
    mutating func reneged(unit: Int32, entity: Int32, pathway: Int32, waited: Double, queueLength: Int, at time: Double)
    /// The patient balked at `unit` (full, or queue at its limit).
    mutating func balked(unit: Int32, entity: Int32, pathway: Int32, at time: Double)
    /// The patient was interrupted by a more urgent one and queues again.
    mutating func preempted(unit: Int32, entity: Int32, queueLength: Int, at time: Double)
    /// An interval KPI was completed: `value` minutes, in group `group`.
    mutating func interval(kpi: Int32, group: Int32, value: Double, at time: Double)
    mutating func milestone(entity: Int32, milestone: Int32, at time: Double)
    /// The patient left; `outcome` tells how its stay ended.
    mutating func departed(entity: Int32, pathway: Int32, timeInSystem: Double, outcome: Outcome, at time: Double)
    /// The patient is about to execute step `pc` (for traces).
    mutating func step(entity: Int32, pc: Int32, at time: Double)
    /// End of warm-up: statistics start from here.
    mutating func warmupEnded(at time: Double)
    /// The run ended at `time`.
    mutating func finished(at time: Double)
    /// Whether `step(entity:pc:at:)` should be called (false: skipped entirely).
    static var tracesSteps: Bool { get }
    /// Whether `milestone(entity:milestone:at:)` must be called for every
    /// milestone (false: only for milestones that end an interval KPI).
    var observesMilestones: Bool { get }
}

public extension SimObserver {
    mutating func start(model: Model, capacities: [Int]) {}
    mutating func arrived(entity: Int32, pathway: Int32, at time: Double) {}
    mutating func placed(entity: Int32, pathway: Int32, at time: Double) {}
    mutating func enqueued(unit: Int32, entity: Int32, queueLength: Int, at time: Double) {}
    mutating func seized(unit: Int32, entity: Int32, waited: Double, busy: Int, queueLength: Int, at time: Double) {}
    mutating func resumed(unit: Int32, entity: Int32, waited: Double, busy: Int, queueLength: Int, at time: Double) {}
    mutating func released(unit: Int32, entity: Int32, busy: Int, at time: Double) {}
    mutating func roleSeized(role: Int32, unit: Int32, entity: Int32, amount: Int, waited: Double, at time: Double) {}
    mutating func capacityChanged(unit: Int32, capacity: Int, at time: Double) {}
    mutating func reneged(unit: Int32, entity: Int32, pathway: Int32, waited: Double, queueLength: Int, at time: Double) {}
    mutating func balked(unit: Int32, entity: Int32, pathway: Int32, at time: Double) {}
    mutating func preempted(unit: Int32, entity: Int32, queueLength: Int, at time: Double) {}
    mutating func interval(kpi: Int32, group: Int32, value: Double, at time: Double) {}
    mutating func milestone(entity: Int32, milestone: Int32, at time: Double) {}
    mutating func departed(entity: Int32, pathway: Int32, timeInSystem: Double, outcome: Outcome, at time: Double) {}
    mutating func step(entity: Int32, pc: Int32, at time: Double) {}
    mutating func warmupEnded(at time: Double) {}
    mutating func finished(at time: Double) {}
    static var tracesSteps: Bool { false }
    var observesMilestones: Bool { false }
}

/// How a patient's stay ended. A patient who reneged, balked or was marked
/// as dropping out and then got a unit again (an overflow ward, a later
/// clinic) is no longer counted so: the last of these before leaving counts.
public enum Outcome: UInt8, Sendable {
    /// Left normally.
    case completed
    /// Ran out of patience in a queue and left without getting a unit afterwards.
    case reneged
    /// Balked at a full unit and left without getting a unit afterwards.
    case balked
    /// Left from inside a course (a `leave` in a `repeat`).
    case droppedOut
}

/// Observes nothing.
public struct NullObserver: SimObserver {
    public init() {}
}
