import CareFlowCalendar
import CareFlowEngine

/// The events of one replication as an event log (docs/event-log.md):
/// one row per patient event, with the patient's attributes. Column arrays,
/// rows in time order (ties in the order the engine marked them).
public struct EventLogRows: Sendable {
    /// Minutes from time 0.
    public var time: [Double] = []
    /// Visit number (1, 2, ... in arrival order; initial patients too).
    public var patient: [Int32] = []
    /// Index into `events`.
    public var event: [Int32] = []
    /// Per row, the patient's attribute category indices (one per column in
    /// `attributes`, -1: none), flattened: row r at r * attributes.count.
    public var values: [Int32] = []
    /// Event names: the model's milestones ("arrival", "departure" included).
    public var events: [String] = []
    /// Attribute columns: "pathway", then the categorical attributes.
    public var attributes: [String] = []
    /// Category labels per attribute column.
    public var labels: [[String]] = []
    public var count: Int { time.count }
}

/// Records a replication's milestones as event-log rows (an observer: no I/O,
/// the CLI writes the file). A patient's rows are kept until it leaves (or
/// the run ends), then stamped with its final attributes, as a records
/// system's extract has one value per patient.
public struct EventLogRecorder: SimObserver {
    /// Steps are watched for assign steps only: an attribute never assigned
    /// is written empty, not as its first category (the engine's default).
    public static var tracesSteps: Bool { true }
    public var observesMilestones: Bool { true }

    /// Set after the simulation is created (`Simulation.attributeReader`).
    public var reader: AttributeReader?
    private var model = Model()
    private var categorical: [Int] = []              // engine attribute index per column after pathway
    private var visit: [Int32] = []                  // slot -> visit number
    private var pathway: [Int32] = []                // slot -> pathway
    private var pending: [[(Double, Int32)]] = []    // slot -> (time, event) not yet flushed
    private var assigned: [UInt64] = []              // slot -> bit per column: the attribute was assigned
    private var assignsColumn: [Int8] = []           // step -> column bit it assigns, or -1
    private var nextVisit: Int32 = 1
    private var seq: [Int] = []                      // row -> marking order (ties)
    private var counter = 0
    private(set) public var rows = EventLogRows()
    /// Events before this time (the warm-up) are not written: a records
    /// system's log starts with patients already present.
    public let from: Double

    public init(from: Double = 0) { self.from = from }

    public mutating func start(model: Model, capacities: [Int]) {
        self.model = model
        categorical = model.attributes.indices.filter { $0 < model.attributeLabels.count && !model.attributeLabels[$0].isEmpty }
        rows.events = model.milestones
        rows.attributes = ["pathway"] + categorical.map { model.attributes[$0] }
        rows.labels = [model.pathways.map(\.name)] + categorical.map { model.attributeLabels[$0] }
        assignsColumn = model.steps.map { step in
            switch step {
            case .assign(let a, _), .assignSample(let a, _, _), .assignLookup(let a, _, _, _):
                return categorical.firstIndex(of: Int(a)).map { Int8(min($0, 63)) } ?? -1
            default: return -1
            }
        }
    }

    public mutating func step(entity: Int32, pc: Int32, at time: Double) {
        let c = assignsColumn[Int(pc)]
        if c >= 0 { assigned[slot(entity)] |= 1 << UInt64(c) }
    }

    private mutating func slot(_ e: Int32) -> Int {
        let i = Int(e)
        while visit.count <= i { visit.append(0); pathway.append(-1); pending.append([]); assigned.append(0) }
        return i
    }

    private mutating func begin(_ e: Int32, _ p: Int32, _ t: Double) {
        let i = slot(e)
        visit[i] = nextVisit
        nextVisit += 1
        pathway[i] = p
        pending[i].removeAll(keepingCapacity: true)
        pending[i].append((t, 0))
        assigned[i] = 0
    }

    public mutating func arrived(entity: Int32, pathway p: Int32, at time: Double) { begin(entity, p, time) }
    public mutating func placed(entity: Int32, pathway p: Int32, at time: Double) { begin(entity, p, time) }

    public mutating func milestone(entity: Int32, milestone: Int32, at time: Double) {
        guard milestone >= 2 else { return }   // arrival and departure come from arrived/departed
        pending[slot(entity)].append((time, milestone))
    }

    public mutating func departed(entity: Int32, pathway p: Int32, timeInSystem: Double, outcome: Outcome, at time: Double) {
        let i = slot(entity)
        pending[i].append((time, 1))
        flush(i)
    }

    private mutating func flush(_ i: Int) {
        guard visit[i] > 0 else { return }
        var snapshot: [Int32] = [pathway[i]]
        for (c, a) in categorical.enumerated() {
            guard c >= 64 || assigned[i] & (1 << UInt64(c)) != 0 else { snapshot.append(-1); continue }
            let v = reader?.value(entity: Int32(i), attribute: a) ?? .nan
            snapshot.append(v.isFinite && v >= 0 && v < Double(model.attributeLabels[a].count) ? Int32(v) : -1)
        }
        for (t, e) in pending[i] where t >= from {
            rows.time.append(t); rows.patient.append(visit[i]); rows.event.append(e)
            rows.values.append(contentsOf: snapshot)
            seq.append(counter); counter += 1
        }
        pending[i].removeAll(keepingCapacity: true)
        visit[i] = 0
    }

    /// Patients still present are written with their events so far (they are
    /// the censored ones); then rows are put in time order.
    public mutating func finished(at time: Double) {
        for i in visit.indices where visit[i] > 0 { flush(i) }
        let w = rows.attributes.count
        let order = rows.time.indices.sorted { a, b in rows.time[a] != rows.time[b] ? rows.time[a] < rows.time[b] : seq[a] < seq[b] }
        var sorted = EventLogRows()
        sorted.events = rows.events; sorted.attributes = rows.attributes; sorted.labels = rows.labels
        sorted.time.reserveCapacity(order.count); sorted.patient.reserveCapacity(order.count); sorted.event.reserveCapacity(order.count)
        sorted.values.reserveCapacity(order.count * w)
        for r in order {
            sorted.time.append(rows.time[r]); sorted.patient.append(rows.patient[r]); sorted.event.append(rows.event[r])
            sorted.values.append(contentsOf: rows.values[(r * w)..<((r + 1) * w)])
        }
        rows = sorted
        seq = []
    }
}

/// Wall-clock timestamps for simulated times: the run's start date at 00:00
/// plus the minutes, written as ISO 8601 local times to the second.
public struct LogClock: Sendable, Equatable {
    public var start: CivilDate
    public init(start: CivilDate) { self.start = start }
    /// An undated run starts on a Monday: 2024-01-01 (docs/event-log.md).
    public static let undated = LogClock(start: CivilDate(year: 2024, month: 1, day: 1)!)

    public func timestamp(_ minutes: Double) -> String {
        let s = Int((minutes * 60).rounded())
        let (d, r) = s.quotientAndRemainder(dividingBy: 86_400)
        let date = start.adding(days: d)
        let h = r / 3600, m = (r % 3600) / 60, sec = r % 60
        return "\(date)T\(two(h)):\(two(m)):\(two(sec))"
    }

    private func two(_ x: Int) -> String { x < 10 ? "0\(x)" : "\(x)" }
}

public extension EventLogRows {
    /// The CSV text (header, then rows), for tests and small logs; the CLI
    /// streams the same lines through `forEachLine`.
    func forEachLine(clock: LogClock, _ body: (String) throws -> Void) rethrows {
        try body((["patient_id", "event", "timestamp"] + attributes).map(EventLogRows.csvField).joined(separator: ",") + "\n")
        let w = attributes.count
        let quotedEvents = events.map(EventLogRows.csvField)
        let quotedLabels = labels.map { $0.map(EventLogRows.csvField) }
        for r in 0..<count {
            var line = "\(patient[r]),\(quotedEvents[Int(event[r])]),\(clock.timestamp(time[r]))"
            for c in 0..<w {
                let v = Int(values[r * w + c])
                line += ","
                if v >= 0 { line += quotedLabels[c][v] }
            }
            try body(line + "\n")
        }
    }

    func csv(clock: LogClock) -> String {
        var s = ""
        forEachLine(clock: clock) { s += $0 }
        return s
    }

    static func csvField(_ s: String) -> String {
        guard s.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return s }
        return "\"" + s.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
