import CareFlowEngine
import Foundation

extension RunLimits {
    /// Rough memory per patient in the system: its 64-byte record, its
    /// attributes, milestone times and held amounts, a pending event and a
    /// queue entry (24 bytes each), doubled because pools grow by doubling.
    public static func bytesPerPatient(_ model: Model) -> Int {
        2 * (64 + 48 + 8 * (model.attributes.count + model.milestones.count) + 4 * model.units.count)
    }

    /// Limits from the machine: the patients in the system of all
    /// concurrently running replications may take at most half of the
    /// physical memory. `maxPatients` (the `--max-patients` option)
    /// overrides the memory budget.
    public static func forMachine(_ model: Model, workers: Int, maxPatients: Int? = nil, maxStalledEvents: Int? = nil) -> RunLimits {
        let budget = ProcessInfo.processInfo.physicalMemory / 2 / UInt64(Swift.max(1, workers))
        let fromMemory = Int(clamping: budget / UInt64(bytesPerPatient(model)))
        return RunLimits(maxPatients: maxPatients ?? Swift.max(10_000, fromMemory),
                         maxStalledEvents: maxStalledEvents ?? RunLimits.unlimited.maxStalledEvents)
    }
}

/// A replication stopped by a run-time limit: a runaway model (patients
/// piling up) or a clock that no longer advances. Its description names the
/// cause in the model's own words.
public struct RunStopped: Error, CustomStringConvertible, Sendable {
    public let reason: StopReason
    public let replication: Int
    public let description: String
    /// Which of `Runner.runAll`'s models it was (0 for a single model).
    public var job = 0

    public init(reason: StopReason, replication: Int, model: Model) {
        self.reason = reason
        self.replication = replication
        self.description = Self.message(reason, replication: replication, model: model)
    }

    static func message(_ reason: StopReason, replication r: Int, model m: Model) -> String {
        func unit(_ u: Int32) -> String { m.units.indices.contains(Int(u)) ? "'\(m.units[Int(u)].name)'" : "?" }
        func pathway(_ p: Int32) -> String { m.pathways.indices.contains(Int(p)) ? "'\(m.pathways[Int(p)].name)'" : "?" }
        func when(_ t: Double) -> String { "\(Readable.number(t)) min (day \(Readable.number(t / 1440)))" }
        func perHour(_ n: Int, _ t: Double) -> String { t > 0 ? "\(Readable.number(Double(n) / t * 60))/h" : "\(n) at time 0" }
        switch reason {
        case let .tooManyPatients(inSystem, limit, time, u, queueLength, p, pathwayCount, arrivals, departures):
            var s = "runaway model: \(inSystem) patients in the system at \(when(time)) of replication \(r), more than the limit of \(limit)"
            if u >= 0 {
                let cap = m.units[Int(u)].capacity
                s += "; the queue of unit \(unit(u)) (capacity \(cap)) grew to \(queueLength)"
            }
            if p >= 0 { s += "; pathway \(pathway(p)) holds \(pathwayCount)" }
            s += "; patients arrived at \(perHour(arrivals, time)) and left at \(perHour(departures, time))"
            let configured = m.sources.reduce(0.0) { acc, src in if case .poisson(let rate) = src.pattern { return acc + rate }; return acc }
            if configured > 0 { s += " (Poisson arrival rates add up to \(Readable.number(configured * 60))/h)" }
            return s + ". Check arrival rates and capacities; raise the limit with --max-patients if the model is meant to be this big"
        case let .noProgress(time, events, p, pc):
            var s = "no progress: the clock stayed at \(when(time)) for \(events) events or steps in replication \(r)"
            if p >= 0 {
                let label = m.stepLabels.indices.contains(Int(pc)) ? " at step '\(m.stepLabels[Int(pc)])'" : ""
                s += "; pathway \(pathway(p))\(label) loops without taking time"
            }
            return s + " (delays shorter than \(RunLimits.minimumProgress) min do not move the clock). Add a delay or a way out of the loop; raise the limit with --max-stalled-events"
        }
    }
}
