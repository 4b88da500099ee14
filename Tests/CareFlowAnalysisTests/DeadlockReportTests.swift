import CareFlowAnalysis
import CareFlowEngine
import CareFlowScenario
import Testing

/// Multi-unit seizes and deadlocks through scenario files: the user's
/// pathways, steps (with file and line) and units are named.
@Suite("Deadlocks and multi-unit seizes in scenario files")
struct DeadlockReportTests {
    static func scenario(_ admit: String, _ transfer: String) -> String {
        """
        name: deadlock
        run: {horizon: 2d, replications: 2}
        units: {ward_bed: 1, nurse: 1}
        arrivals:
          admissions: {pathway: admit, per_hour: 2}
          transfers: {pathway: transfer, per_hour: 2}
        pathways:
          admit:
            steps:
        \(admit)
          transfer:
            steps:
        \(transfer)
        """
    }

    static func results(_ yaml: String) throws -> (CompiledScenario, [ReplicationResult]) {
        let sc = try ScenarioCompiler.compile(try ScenarioLoader.load(text: yaml, file: "deadlock.yaml"))
        return (sc, try Runner.run(model: sc.model, config: sc.collector, seed: 1, replications: 0..<2, workers: 2))
    }

    /// Bed then nurse on one pathway, nurse then bed on the other, each
    /// held through a delay: they soon block each other.
    @Test func oppositeOrderIsReported() throws {
        let (sc, rs) = try Self.results(Self.scenario("""
              - seize: ward_bed
              - delay: 10m
              - seize: nurse
              - delay: 30m
              - release: nurse
              - release: ward_bed
        """, """
              - seize: nurse
              - delay: 10m
              - seize: ward_bed
              - delay: 30m
              - release: ward_bed
              - release: nurse
        """))
        #expect(rs.allSatisfy { $0.deadlock != nil })
        do {
            try DeadlockError.check(sc, rs)
            Issue.record("no deadlock reported")
        } catch let e as DeadlockError {
            let text = e.description
            #expect(text.hasPrefix("deadlock: replication 0: deadlock at day 0 "), "\(text)")
            #expect(text.contains(": 2 patients wait for ever for units held by each other ("), "\(text)")
            let lines = text.split(separator: "\n")
            // The cycle first (in the order its patients started waiting), then those queueing behind it.
            #expect(lines.count == 5, "\(text)")
            if lines.count == 5 {
                #expect(Set([lines[1].hasSuffix("holds ward_bed"), lines[2].hasSuffix("holds ward_bed")]) == [true, false])
                #expect(lines[3].contains("holds nothing") && lines[4].contains("holds nothing"))
            }
            #expect(text.contains("pathway 'admit', step 'seize nurse' at pathways.admit.steps[2] (deadlock.yaml:12:9): waits for nurse, holds ward_bed"), "\(text)")
            #expect(text.contains("pathway 'transfer', step 'seize ward_bed' at pathways.transfer.steps[2] (deadlock.yaml:20:9): waits for ward_bed, holds nurse"), "\(text)")
        }
    }

    /// The same taking both at once: no deadlock, and both pathways flow.
    @Test func takenTogetherRuns() throws {
        let (sc, rs) = try Self.results(Self.scenario("""
              - seize: {units: {ward_bed: 1, nurse: 1}}
              - delay: 10m
              - release: nurse
              - release: ward_bed
        """, """
              - activity: {name: transfer, uses: [nurse, ward_bed], duration: 10m}
        """))
        try DeadlockError.check(sc, rs)
        let s = RunSummary(rs)
        let served = try #require(s.estimate("unit.ward_bed.served")), arrivals = try #require(s.estimate("pathway.admit.arrivals"))
        #expect(served.mean > 100 && arrivals.mean > 50)
        #expect(sc.model.seizeGroups.count == 2)
    }

    @Test func unitsMapErrors() throws {
        let yaml = Self.scenario("""
              - seize: {units: {ward_bed: 1, nurse: 0, porter: 1}, balk: {when_full: true}}
        """, """
              - seize: nurse
        """)
        do {
            _ = try ScenarioCompiler.compile(try ScenarioLoader.load(text: yaml, file: "deadlock.yaml"))
            Issue.record("compiled")
        } catch {
            let text = "\(error)"
            #expect(text.contains("'balk' cannot be used with 'units'"), "\(text)")
            #expect(text.contains("pathways.admit.steps[0].seize.units.nurse"), "\(text)")
            #expect(text.contains("no unit named 'porter'"), "\(text)")
        }
    }
}
