import CareFlowAnalysis
import CareFlowCalendar
import CareFlowEngine
import CareFlowScenario

/// Writing event logs from simulations (`careflow run --event-log`).
public enum EventLog {
    /// The wall clock of a scenario's runs: `run.start` if given, else the
    /// undated Monday 2024-01-01.
    public static func clock(_ sc: CompiledScenario) -> LogClock {
        if let s = sc.tree?["run"]?["start"]?.string, let d = CivilDate.parse(String(s.prefix(10))) { return LogClock(start: d) }
        return .undated
    }

    /// Runs one replication of `model` and returns its event log from the
    /// end of the warm-up on. `model` defaults to the scenario's (callers may
    /// change the horizon).
    public static func record(_ sc: CompiledScenario, model: Model? = nil, seed: UInt64, replication: Int = 0,
                              limits: RunLimits = .unlimited) throws -> EventLogRows {
        let m = model ?? sc.model
        var sim = Simulation(model: m, seed: seed, replication: replication, observer: EventLogRecorder(from: m.warmup), limits: limits)
        sim.observer.reader = sim.attributeReader
        sim.run()
        if let reason = sim.stopReason { throw RunStopped(reason: reason, replication: replication, model: m) }
        return sim.observer.rows
    }

    /// Writes `rows` to `path`; the file appears only when complete.
    public static func write(_ rows: EventLogRows, clock: LogClock, to path: String) throws {
        let f = try AtomicFile(path: path)
        try rows.forEachLine(clock: clock) { try f.write($0) }
        try f.commit()
    }
}
