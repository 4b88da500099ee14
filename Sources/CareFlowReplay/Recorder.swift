import CareFlowEngine

/// The kinds of step events a replay carries. Counts per unit follow from
/// them alone: `wait` adds one to the queue, `seize` moves the patient from
/// the queue (if it was waiting there) into service, `release` ends service,
/// `renege` takes a waiting patient out of the queue; `balk` (turned away)
/// changes no count; `colour` sets the patient's colour category (value in
/// `unit`); `capacity` sets a unit's capacity (value in `patient`).
public enum ReplayEventKind: UInt8, Sendable {
    case wait = 1, seize = 2, release = 3, renege = 4, balk = 5, colour = 6, capacity = 7
}

/// The step events of one replication inside a time window, with the
/// state at the window's start as a prologue (events at the start time).
/// Column arrays: small integers and exact times, no per-frame positions.
public struct ReplayEvents: Sendable, Equatable {
    /// Event times (minutes from time 0, exact simulation times).
    public var time: [Double] = []
    public var kind: [UInt8] = []
    public var unit: [Int32] = []
    /// The patient's visit number (0, 1, ...), or the capacity for `capacity`.
    public var patient: [Int32] = []
    /// The first `prologue` events rebuild the state at the window's start.
    public var prologue = 0
    /// Patients (visits) that appear.
    public var patients = 0

    public var count: Int { time.count }

    mutating func append(_ t: Double, _ k: ReplayEventKind, _ u: Int32, _ p: Int32) {
        time.append(t); kind.append(k.rawValue); unit.append(u); patient.append(p)
    }
}

/// Records a replay while the simulation runs (an observer: no I/O). Keeps
/// the live state (who waits where, in order; who holds what) so that the
/// state at the window's start can be written as a prologue, then every
/// event of the window. Units outside `included` are ignored.
struct ReplayRecorder: SimObserver {
    static var tracesSteps: Bool { true }
    var observesMilestones: Bool { false }

    let from: Double
    let colourAttribute: Int32
    let included: [Bool]
    private(set) var out = ReplayEvents()
    private var started = false

    // Live state, by engine patient slot (slots are reused after a departure).
    private var visit: [Int32] = []          // slot -> visit number written, or -1
    private var colour: [Int32] = []         // slot -> colour category, or -1
    private var waiting: [[Int32]] = []      // unit -> slots in joining order
    private var serving: [[Int32]] = []      // unit -> slots in order of seizing
    private var capacity: [Int] = []
    private var pending: [Bool] = []         // slot -> just ran an assign step to the colour attribute
    private var assignsColour: [Bool] = []   // step -> assigns the colour attribute
    /// Set after the simulation is created (Simulation.attributeReader).
    var reader: AttributeReader?

    init(from: Double, colourAttribute: Int32, included: [Bool]) {
        self.from = from
        self.colourAttribute = colourAttribute
        self.included = included
    }

    mutating func start(model: Model, capacities: [Int]) {
        assignsColour = model.steps.map { step in
            switch step {
            case .assign(let a, _), .assignSample(let a, _, _), .assignLookup(let a, _, _, _): return a == colourAttribute
            default: return false
            }
        }
        capacity = capacities
        waiting = Array(repeating: [], count: capacities.count)
        serving = Array(repeating: [], count: capacities.count)
    }

    private mutating func slot(_ e: Int32) -> Int {
        let i = Int(e)
        while visit.count <= i { visit.append(-1); colour.append(-1); pending.append(false) }
        return i
    }

    /// The visit number of a patient, written (with its colour) on first use.
    private mutating func id(_ e: Int32, at t: Double) -> Int32 {
        let i = slot(e)
        if visit[i] < 0 {
            visit[i] = Int32(out.patients)
            out.patients += 1
            if colour[i] >= 0 { out.append(t, .colour, colour[i], visit[i]) }
        }
        return visit[i]
    }

    /// Before the first event at or after `from`: the state so far becomes the prologue.
    private mutating func reach(_ t: Double) {
        guard !started, t >= from else { return }
        started = true
        for u in capacity.indices where included[u] {
            out.append(from, .capacity, Int32(u), Int32(capacity[u]))
            for e in serving[u] { out.append(from, .seize, Int32(u), id(e, at: from)) }
            for e in waiting[u] { out.append(from, .wait, Int32(u), id(e, at: from)) }
        }
        out.prologue = out.count
    }

    /// Call `reach(t)` first, before the live state changes.
    private mutating func emit(_ t: Double, _ k: ReplayEventKind, _ u: Int32, _ e: Int32) {
        guard started, included[Int(u)] else { return }
        out.append(t, k, u, id(e, at: t))
    }

    private static func remove(_ e: Int32, from list: inout [Int32]) {
        if let k = list.firstIndex(of: e) { list.remove(at: k) }
    }

    mutating func arrived(entity: Int32, pathway: Int32, at time: Double) {
        let i = slot(entity)
        visit[i] = -1
        colour[i] = -1
        pending[i] = false
    }

    /// Reads the colour attribute at the step after an assign step to it
    /// (assign steps take no time: the same instant, before anything else
    /// happens to the patient).
    mutating func step(entity: Int32, pc: Int32, at time: Double) {
        let i = slot(entity)
        if pending[i], let r = reader {
            pending[i] = false
            assigned(i, value: r.value(entity: entity, attribute: Int(colourAttribute)), at: time)
        }
        if colourAttribute >= 0, assignsColour[Int(pc)] { pending[i] = true }
    }

    private mutating func assigned(_ i: Int, value: Double, at time: Double) {
        let c: Int32 = value.isFinite && value >= 0 && value < 1e6 ? Int32(value) : -1
        guard c != colour[i] else { return }
        reach(time)
        colour[i] = c
        if started && visit[i] >= 0 { out.append(time, .colour, c, visit[i]) }
    }

    mutating func enqueued(unit: Int32, entity: Int32, queueLength: Int, at time: Double) {
        reach(time)
        waiting[Int(unit)].append(entity)
        emit(time, .wait, unit, entity)
    }

    mutating func seized(unit: Int32, entity: Int32, waited: Double, busy: Int, queueLength: Int, at time: Double) {
        reach(time)
        Self.remove(entity, from: &waiting[Int(unit)])
        serving[Int(unit)].append(entity)
        emit(time, .seize, unit, entity)
    }

    /// Getting a unit back after preemption looks the same on screen.
    mutating func resumed(unit: Int32, entity: Int32, waited: Double, busy: Int, queueLength: Int, at time: Double) {
        seized(unit: unit, entity: entity, waited: waited, busy: busy, queueLength: queueLength, at: time)
    }

    mutating func released(unit: Int32, entity: Int32, busy: Int, at time: Double) {
        reach(time)
        Self.remove(entity, from: &serving[Int(unit)])
        emit(time, .release, unit, entity)
    }

    mutating func reneged(unit: Int32, entity: Int32, pathway: Int32, waited: Double, queueLength: Int, at time: Double) {
        reach(time)
        Self.remove(entity, from: &waiting[Int(unit)])
        emit(time, .renege, unit, entity)
    }

    mutating func balked(unit: Int32, entity: Int32, pathway: Int32, at time: Double) {
        reach(time)
        emit(time, .balk, unit, entity)
    }

    mutating func capacityChanged(unit: Int32, capacity c: Int, at time: Double) {
        reach(time)
        capacity[Int(unit)] = c
        if started && included[Int(unit)] { out.append(time, .capacity, unit, Int32(c)) }
    }

    mutating func finished(at time: Double) { reach(max(time, from)) }
}
