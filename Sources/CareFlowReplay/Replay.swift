import CareFlowAnalysis
import CareFlowEngine
import CareFlowReport
import CareFlowScenario

/// A user error in a replay request (bad window, unknown attribute).
public struct ReplayError: Error, CustomStringConvertible, Sendable {
    public let message: String
    public var description: String { message }
}

/// What to replay: which replication, which window, how to colour patients.
public struct ReplayOptions: Sendable {
    public var replication = 0
    /// First day of the window (day 0 starts at time 0, a Monday). nil:
    /// the first Monday on or after the end of the warm-up.
    public var fromDay: Double?
    public var hours = 24.0
    /// A categorical attribute; nil: `triage_level` if the scenario has it,
    /// else the first categorical attribute.
    public var colourBy: String?
    public var seed: UInt64?
    /// Areas to show (nil: all), e.g. ["ed"] for "one day in the ED".
    public var areas: Set<String>?
    public init() {}
}

/// One unit box of the replay.
public struct ReplayUnit: Sendable, Equatable {
    public var index: Int32, name: String, label: String, area: String
}

/// One replayed run: its window, its boxes in layout order, its colour
/// legend and its events.
public struct ReplayPane: Sendable {
    public var title: String
    public var scenario: String
    public var seed: UInt64
    public var replication: Int
    public var from: Double, to: Double
    /// Boxes grouped by area (report order), each area in pathway order.
    public var units: [ReplayUnit]
    public var colourAttribute: String?
    public var colourLabels: [String]
    public var colours: [String]
    public var events: ReplayEvents
}

public enum Replay {
    /// Runs one replication of `sc` up to the end of the window and records it.
    public static func record(_ sc: CompiledScenario, options o: ReplayOptions) throws -> ReplayPane {
        let model = sc.model
        guard o.hours > 0, o.hours <= 24 * 14 else { throw ReplayError(message: "--hours must be between 0 and 336 (two weeks); got \(JSON.format(o.hours))") }
        guard o.replication >= 0 else { throw ReplayError(message: "--replication must be 0 or more") }
        let from = (o.fromDay ?? firstMonday(after: model.warmup)) * 1440
        let to = from + o.hours * 60
        guard from >= 0, from.isFinite else { throw ReplayError(message: "--from must be a day number, 0 or more") }
        if model.horizon.isFinite && to > model.horizon {
            throw ReplayError(message: "the window (day \(JSON.format(from / 1440)) + \(JSON.format(o.hours)) h) ends after the run's horizon (\(JSON.format(model.horizon / 1440)) days); choose an earlier --from")
        }
        let (attr, labels) = try colourAttribute(model, o.colourBy)
        let units = layout(sc, areas: o.areas)
        if units.isEmpty { throw ReplayError(message: "no unit to show" + (o.areas.map { " in area(s) \($0.sorted().joined(separator: ", "))" } ?? "")) }
        var included = [Bool](repeating: false, count: model.units.count)
        for u in units { included[Int(u.index)] = true }
        var m = model
        m.horizon = to                       // the run up to `to` is the same run: nothing after it is needed
        m.warmup = 0
        var sim = Simulation(model: m, seed: o.seed ?? sc.seed, replication: o.replication,
                             observer: ReplayRecorder(from: from, colourAttribute: attr, included: included),
                             limits: RunLimits.forMachine(m, workers: 1))
        sim.observer.reader = sim.attributeReader
        sim.run()
        if let reason = sim.stopReason { throw ReplayError(message: "\(RunStopped(reason: reason, replication: o.replication, model: m))") }
        var events = sim.observer.out
        // A unit closed all window long that no patient touched (e.g. VR rooms
        // at capacity 0 in the baseline) is left out of the picture.
        var used = Set<Int32>()
        for i in 0..<events.count where events.kind[i] != ReplayEventKind.colour.rawValue {
            if events.kind[i] != ReplayEventKind.capacity.rawValue || events.patient[i] > 0 { used.insert(events.unit[i]) }
        }
        let shown = units.filter { used.contains($0.index) }
        if !shown.isEmpty && shown.count < units.count {
            // Take the left-out units' capacity events out of the data too.
            var kept = ReplayEvents()
            kept.patients = events.patients
            for i in 0..<events.count where events.kind[i] == ReplayEventKind.colour.rawValue || used.contains(events.unit[i]) {
                kept.append(events.time[i], ReplayEventKind(rawValue: events.kind[i]) ?? .balk, events.unit[i], events.patient[i])
                if i < events.prologue { kept.prologue = kept.count }
            }
            events = kept
        }
        return ReplayPane(title: sc.title, scenario: sc.name, seed: o.seed ?? sc.seed, replication: o.replication,
                          from: from, to: to, units: shown.isEmpty ? units : shown,
                          colourAttribute: attr >= 0 ? model.attributes[Int(attr)] : nil,
                          colourLabels: labels, colours: colours(for: labels), events: events)
    }

    /// Day number of the first Monday on or after `t` minutes (time 0 is Monday 00:00).
    public static func firstMonday(after t: Double) -> Double {
        let day = (t / 1440).rounded(.up)
        let w = day.truncatingRemainder(dividingBy: 7)
        return w == 0 ? day : day + 7 - w
    }

    static func colourAttribute(_ model: Model, _ wanted: String?) throws -> (Int32, [String]) {
        let categorical = model.attributes.indices.filter { !model.attributeLabels[$0].isEmpty }
        let names = categorical.map { model.attributes[$0] }
        guard let wanted else {
            let k = model.attributes.firstIndex(of: "triage_level").flatMap { categorical.contains($0) ? $0 : nil } ?? categorical.first
            return k.map { (Int32($0), model.attributeLabels[$0]) } ?? (-1, [])
        }
        guard let k = model.attributes.firstIndex(of: wanted) else {
            throw ReplayError(message: "--colour-by \(wanted): no such attribute; expected one of the categorical attributes: \(names.isEmpty ? "(none)" : names.joined(separator: ", "))")
        }
        guard !model.attributeLabels[k].isEmpty else {
            throw ReplayError(message: "--colour-by \(wanted): a numeric attribute; expected one of the categorical attributes: \(names.isEmpty ? "(none)" : names.joined(separator: ", "))")
        }
        return (Int32(k), model.attributeLabels[k])
    }

    /// Units that some pathway seizes, grouped by area in the report's order;
    /// within an area, in the order the pathways first use them.
    static func layout(_ sc: CompiledScenario, areas: Set<String>?) -> [ReplayUnit] {
        let model = sc.model
        var firstUse = [Int](repeating: Int.max, count: model.units.count)
        // Pathways in declared order, each from its entry (entry stubs of sources come last in the step array).
        var order: [Int] = []
        var seen = Set<Int>()
        for p in model.pathways {
            var pc = Int(p.entry)
            let pw = model.stepPathway.indices.contains(pc) ? model.stepPathway[pc] : -1
            while pc < model.steps.count && model.stepPathway[pc] == pw && seen.insert(pc).inserted { order.append(pc); pc += 1 }
        }
        for pc in model.steps.indices where seen.insert(pc).inserted { order.append(pc) }
        for (rank, pc) in order.enumerated() {
            if case .seize(let u, _, _, _) = model.steps[pc] { firstUse[Int(u)] = min(firstUse[Int(u)], rank) }
        }
        let info = Dictionary(sc.units.map { ($0.name, $0) }, uniquingKeysWith: { a, _ in a })
        var out: [ReplayUnit] = []
        for (areaID, _) in PageKit.areas where areas?.contains(areaID) ?? true {
            let members = model.units.indices.filter { u in
                let i = info[model.units[u].name]
                return firstUse[u] < Int.max && PageKit.area(i?.area.rawValue ?? "other", name: model.units[u].name) == areaID
            }.sorted { firstUse[$0] < firstUse[$1] }
            out += members.map { u in
                ReplayUnit(index: Int32(u), name: model.units[u].name, label: info[model.units[u].name]?.label ?? model.units[u].name, area: areaID)
            }
        }
        return out
    }

    /// Categories named after colours (RETTS/ESI triage levels) get that
    /// colour, in tones readable on white; others the report's palette.
    static func colours(for labels: [String]) -> [String] {
        let named = ["red": "#C62828", "orange": "#EF6C00", "yellow": "#E0B000", "green": "#2E7D32", "blue": "#1565C0",
                     "purple": "#6A1B9A", "black": "#222222", "grey": "#757575", "gray": "#757575"]
        let palette = PageKit.palette
        var k = 0
        return labels.map { l in
            if let c = named[l.lowercased()] { return c }
            defer { k += 1 }
            return palette[k % palette.count]
        }
    }
}
