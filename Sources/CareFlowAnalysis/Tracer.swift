import CareFlowEngine
import CareFlowScenario
import Foundation

/// Streams a CSV trace (time, patient, pathway, step, unit, event) of one
/// replication to a file, through a buffer flushed every 64 KB. Opt-in
/// (`careflow run --trace FILE`): tracing does not change the results.
public struct TracingObserver: SimObserver {
    public var inner: StandardCollector
    private let out: TraceWriter
    private var model = Model()

    public static var tracesSteps: Bool { true }
    public var observesMilestones: Bool { inner.observesMilestones }

    init(inner: StandardCollector, out: TraceWriter) {
        self.inner = inner
        self.out = out
    }

    private func row(_ t: Double, _ e: Int32, _ pathway: String, _ step: String, _ unit: String, _ event: String) {
        out.write("\(JSON.format(t)),\(e),\(Outputs.csv(pathway)),\(Outputs.csv(step)),\(Outputs.csv(unit)),\(event)\n")
    }
    private func unitName(_ u: Int32) -> String { model.units[Int(u)].name }
    private func pathwayName(_ p: Int32) -> String { model.pathways[Int(p)].name }

    public mutating func start(model: Model, capacities: [Int]) { self.model = model; inner.start(model: model, capacities: capacities) }
    public mutating func arrived(entity: Int32, pathway: Int32, at time: Double) {
        row(time, entity, pathwayName(pathway), "", "", "arrive")
        inner.arrived(entity: entity, pathway: pathway, at: time)
    }
    public mutating func step(entity: Int32, pc: Int32, at time: Double) {
        let p = model.stepPathway[Int(pc)]
        row(time, entity, pathwayName(p), model.stepLabels[Int(pc)], "", "step")
    }
    public mutating func enqueued(unit: Int32, entity: Int32, queueLength: Int, at time: Double) {
        row(time, entity, "", "", unitName(unit), "wait")
        inner.enqueued(unit: unit, entity: entity, queueLength: queueLength, at: time)
    }
    public mutating func seized(unit: Int32, entity: Int32, waited: Double, busy: Int, queueLength: Int, at time: Double) {
        row(time, entity, "", "", unitName(unit), "seize")
        inner.seized(unit: unit, entity: entity, waited: waited, busy: busy, queueLength: queueLength, at: time)
    }
    public mutating func resumed(unit: Int32, entity: Int32, waited: Double, busy: Int, queueLength: Int, at time: Double) {
        row(time, entity, "", "", unitName(unit), "resume")
        inner.resumed(unit: unit, entity: entity, waited: waited, busy: busy, queueLength: queueLength, at: time)
    }
    public mutating func released(unit: Int32, entity: Int32, busy: Int, at time: Double) {
        row(time, entity, "", "", unitName(unit), "release")
        inner.released(unit: unit, entity: entity, busy: busy, at: time)
    }
    public mutating func capacityChanged(unit: Int32, capacity: Int, at time: Double) {
        row(time, -1, "", "", unitName(unit), "capacity \(capacity)")
        inner.capacityChanged(unit: unit, capacity: capacity, at: time)
    }
    public mutating func reneged(unit: Int32, entity: Int32, pathway: Int32, waited: Double, queueLength: Int, at time: Double) {
        row(time, entity, pathwayName(pathway), "", unitName(unit), "renege")
        inner.reneged(unit: unit, entity: entity, pathway: pathway, waited: waited, queueLength: queueLength, at: time)
    }
    public mutating func balked(unit: Int32, entity: Int32, pathway: Int32, at time: Double) {
        row(time, entity, pathwayName(pathway), "", unitName(unit), "balk")
        inner.balked(unit: unit, entity: entity, pathway: pathway, at: time)
    }
    public mutating func preempted(unit: Int32, entity: Int32, queueLength: Int, at time: Double) {
        row(time, entity, "", "", unitName(unit), "preempted")
        inner.preempted(unit: unit, entity: entity, queueLength: queueLength, at: time)
    }
    public mutating func interval(kpi: Int32, group: Int32, value: Double, at time: Double) {
        inner.interval(kpi: kpi, group: group, value: value, at: time)
    }
    public mutating func milestone(entity: Int32, milestone: Int32, at time: Double) {
        row(time, entity, "", model.milestones[Int(milestone)], "", "milestone")
        inner.milestone(entity: entity, milestone: milestone, at: time)
    }
    public mutating func departed(entity: Int32, pathway: Int32, timeInSystem: Double, outcome: Outcome, at time: Double) {
        row(time, entity, pathwayName(pathway), "", "", "leave")
        inner.departed(entity: entity, pathway: pathway, timeInSystem: timeInSystem, outcome: outcome, at: time)
    }
    public mutating func warmupEnded(at time: Double) { inner.warmupEnded(at: time) }
    public mutating func finished(at time: Double) { inner.finished(at: time) }
}

/// The trace file: buffered writes; the first write error is kept (the
/// observer callbacks cannot throw) and reported when the run ends, and the
/// partial file is then removed.
final class TraceWriter {
    private let file: AtomicFile
    private(set) var error: Error?

    init(path: String) throws {
        file = try AtomicFile(path: path)
        write("time,patient,pathway,step,unit,event\n")
    }

    func write(_ s: String) {
        guard error == nil else { return }
        do { try file.write(s) } catch { self.error = error }
    }

    func commit() throws {
        if let error { throw error }
        try file.commit()
    }
}

public enum Tracer {
    /// Runs replication 0 with a trace written to `path`. The file appears
    /// only when complete; on any failure there is none.
    public static func trace(_ sc: CompiledScenario, seed: UInt64, to path: String, limits: RunLimits = .unlimited) throws {
        let w = try TraceWriter(path: path)
        var sim = Simulation(model: sc.model, seed: seed, replication: 0,
                             observer: TracingObserver(inner: StandardCollector(config: sc.collector), out: w), limits: limits)
        sim.run()
        if let reason = sim.stopReason { throw RunStopped(reason: reason, replication: 0, model: sc.model) }
        try w.commit()
    }
}
