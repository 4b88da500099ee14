import CareFlowEngine
import CareFlowScenario

/// Compiles a scenario given as text (no files).
func compileText(_ text: String) throws -> CompiledScenario {
    try ScenarioCompiler.compile(ScenarioLoader.load(text: text, file: "test.yaml"))
}

/// Records arrival times, the in-system count and capacity changes.
struct Recorder: SimObserver {
    var arrivals: [Double] = []
    var capacityChanges: [(unit: Int32, time: Double, capacity: Int)] = []
    /// (time, patients in system just after)
    var level: [(Double, Int)] = []
    var n = 0
    mutating func arrived(entity: Int32, pathway: Int32, at time: Double) { arrivals.append(time); n += 1; level.append((time, n)) }
    mutating func placed(entity: Int32, pathway: Int32, at time: Double) { n += 1; level.append((time, n)) }
    mutating func departed(entity: Int32, pathway: Int32, timeInSystem: Double, outcome: Outcome, at time: Double) {
        n -= 1; level.append((time, n))
    }
    mutating func capacityChanged(unit: Int32, capacity: Int, at time: Double) { capacityChanges.append((unit, time, capacity)) }
    /// Patients in the system at time t (after every event at t).
    func inSystem(at t: Double) -> Int {
        var lo = 0, hi = level.count
        while lo < hi { let mid = (lo + hi) / 2; if level[mid].0 <= t { lo = mid + 1 } else { hi = mid } }
        return lo == 0 ? 0 : level[lo - 1].1
    }
}

func run(_ model: Model, seed: UInt64 = 1, replication: Int = 0) -> Recorder {
    var sim = Simulation(model: model, seed: seed, replication: replication, observer: Recorder())
    sim.run()
    return sim.observer
}
