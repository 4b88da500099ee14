import CareFlowEngine
import CareFlowScenario

/// A replication stopped on a deadlock: the patients, where they wait
/// (pathway, the user's step and where it is written), what they wait for
/// and hold, and when. The engine returns the structured `Deadlock`; this
/// is the only place it becomes text.
public struct DeadlockError: Error, CustomStringConvertible {
    public let scenario: String
    public let replication: Int
    public let deadlock: Deadlock
    public let description: String

    public init(scenario sc: CompiledScenario, replication: Int, deadlock d: Deadlock) {
        scenario = sc.name
        self.replication = replication
        deadlock = d
        let m = sc.model
        func unitName(_ u: Int32) -> String { Int(u) < m.units.count ? m.units[Int(u)].name : "unit \(u)" }
        func units(_ list: [(unit: Int32, amount: Int)]) -> String {
            list.isEmpty ? "nothing" : list.map { $0.amount == 1 ? unitName($0.unit) : "\($0.amount) \(unitName($0.unit))" }.joined(separator: " + ")
        }
        let behind = d.waiters.count - d.inCycle
        var lines = ["\(sc.name): replication \(replication): deadlock at \(Self.clock(d.time)): "
                     + "\(d.inCycle) patient\(d.inCycle == 1 ? "" : "s") wait for ever for units held by each other"
                     + (behind > 0 ? " (\(behind) more queue behind them)" : "")
                     + "; expected units taken together (seize: {units: {...}}) or in the same order on every pathway"]
        // One line per (pathway, step, wants, holds), with a count.
        var seen: [String: Int] = [:], order: [String] = []
        for w in d.waiters {
            let pathway = Int(w.pathway) < m.pathways.count ? m.pathways[Int(w.pathway)].name : "?"
            let step = Int(w.step)
            let label = step < m.stepLabels.count ? m.stepLabels[step] : "step \(step)"
            let source = step < sc.stepSources.count && !sc.stepSources[step].isEmpty ? " at \(sc.stepSources[step])" : ""
            let line = "  pathway '\(pathway)', step '\(label)'\(source): waits for \(units(w.waitingFor)), holds \(units(w.holding))"
            if seen[line] == nil { order.append(line) }
            seen[line, default: 0] += 1
        }
        for l in order { lines.append(seen[l]! > 1 ? "\(l) (\(seen[l]!) patients)" : l) }
        description = lines.joined(separator: "\n")
    }

    /// Simulated time as "day D HH:MM (N min)", day 0 being the first Monday.
    static func clock(_ t: Double) -> String {
        guard t.isFinite, t >= 0 else { return "\(t) min" }
        let minutes = Int(t.rounded(.down))
        let (day, rest) = minutes.quotientAndRemainder(dividingBy: 1440)
        let hh = rest / 60, mm = rest % 60
        let frac = t == t.rounded() ? "\(minutes)" : "\((t * 10).rounded() / 10)"
        return "day \(day) \(hh < 10 ? "0" : "")\(hh):\(mm < 10 ? "0" : "")\(mm) (\(frac) min)"
    }

    /// Throws for the first replication (lowest index) that deadlocked.
    public static func check(_ sc: CompiledScenario, _ results: [ReplicationResult], firstReplication: Int = 0) throws {
        for (k, r) in results.enumerated() {
            if let d = r.deadlock { throw DeadlockError(scenario: sc, replication: firstReplication + k, deadlock: d) }
        }
    }
}
