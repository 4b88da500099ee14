import Testing
import Foundation
@testable import CareFlowScenario
import CareFlowEngine

/// Scenario keys for pools and roles, routing by state and
/// re-prioritisation, with fixed durations so that every time is exact.
@Suite struct PoolKeysTests {
    static func scenario(_ steps: String, units: String = "{nurse: 1, physician: 1}", at: String = "[0, 1, 2]") -> String {
        """
        name: t
        run: {horizon: 10d}
        attributes:
          level: [red, green]
          ai: [red, green]
        units: \(units)
        arrivals:
          a: {pathway: p, at: \(at), set: {level: green}}
        pathways:
          p:
            steps:
        \(steps)
        """
    }

    static func run(_ text: String) throws -> [[String: Double]] {
        simulate(try compileText(text), MilestoneLog()).observer.times
    }

    /// Three patients, each 10 min with a nurse or a physician: 0 and 1
    /// start at once (nurse, then physician), 2 waits for the first to
    /// free (the nurse at 10).
    @Test func activityWithAnyOf() throws {
        let steps = """
              - activity: {name: care, uses: {any_of: [nurse, physician], choose: first_free}, duration: 10m}
        """
        let t = try Self.run(Self.scenario(steps))
        #expect(t.map { $0["departure"] } == [10, 11, 20])
        let sc = try compileText(Self.scenario(steps))
        #expect(sc.model.roles == ["care"])
        let r = simulateResult(sc)
        #expect(r["role.care.served"] == 3)
        #expect(r["role.care.unit.nurse.utilisation"]! > 0)
    }

    @Test func seizeAndReleaseAnyOf() throws {
        let steps = """
              - seize: {any_of: [nurse, physician], role: review, priority: level}
              - delay: 10m
              - release: {any_of: [nurse, physician]}
        """
        let t = try Self.run(Self.scenario(steps))
        #expect(t.map { $0["departure"] } == [10, 11, 20])
    }

    /// Routing by state: first_free sends 0 to the nurse, 1 to the
    /// physician, and 2 (none free) to 'otherwise' (leaves at once).
    @Test func branchChooseFirstFree() throws {
        let steps = """
              - branch:
                  choose: first_free
                  options:
                    - {unit: nurse, steps: [{activity: {name: a, uses: nurse, duration: 10m}}]}
                    - {unit: physician, steps: [{activity: {name: b, uses: physician, duration: 10m}}]}
                  otherwise: leave
        """
        let t = try Self.run(Self.scenario(steps))
        #expect(t.map { $0["departure"] } == [10, 11, 2])
    }

    /// Re-prioritisation: a blocker holds the nurse 0-100; patients at 1
    /// (ai green) and 2 (ai red) wait with level green; every 15 min the
    /// level is set from ai: patient 2 is served first.
    @Test func reprioritiseCopiesAttribute() throws {
        let text = """
        name: t
        run: {horizon: 10d}
        attributes:
          level: [red, green]
          ai: [red, green]
        units:
          nurse:
            capacity: 1
            reprioritise: {every: 15m, set: {level: ai}}
        arrivals:
          blocker: {pathway: block, at: [0]}
          late_green: {pathway: p, at: [1], set: {level: green, ai: green}}
          late_red: {pathway: p, at: [2], set: {level: green, ai: red}}
        pathways:
          block:
            steps:
              - activity: {name: block, uses: nurse, duration: 100m}
          p:
            steps:
              - activity: {name: care, uses: nurse, priority: level, duration: 10m}
        """
        let t = try Self.run(text)
        #expect(t.map { $0["departure"] } == [100, 120, 110])
    }

    @Test func errorsNameKeyAndChoices() {
        func error(_ steps: String, units: String = "{nurse: 1, physician: 1}") -> String {
            do { _ = try compileText(Self.scenario(steps, units: units)); return "" } catch { return "\(error)" }
        }
        let e1 = error("""
              - seize: {any_of: [nurse, surgeon]}
        """)
        #expect(e1.contains("pathways.p.steps[0].seize.any_of[1]") && e1.contains("no unit named 'surgeon'"), "\(e1)")
        let e2 = error("""
              - seize: {any_of: [nurse], choose: fastest}
        """)
        #expect(e2.contains("pathways.p.steps[0].seize.choose"), "\(e2)")
        let e3 = error("""
              - branch: {choose: least_occupied, options: [{unit: nurse}], otherwise: leave}
        """)
        #expect(e3.contains("'otherwise' is only taken with choose: first_free"), "\(e3)")
        let e4 = error("""
              - release: {any_of: [nurse, physician]}
        """)
        #expect(e4.contains("no seize takes any of these units"), "\(e4)")
        let e5 = error("""
              - activity: {name: a, uses: nurse, duration: 1m}
        """, units: "{nurse: {capacity: 1, reprioritise: {every: 0m, set: {level: red}}}, physician: 1}")
        #expect(e5.contains("units.nurse.reprioritise.every"), "\(e5)")
    }

    /// The shipped what-ifs that use these keys compile.
    @Test(arguments: ["ai-worklist.yaml", "ward-flow.yaml"])
    func shippedWhatIfsCompile(file: String) throws {
        let path = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../Scenarios/\(file)").standardized.path
        let sc = try ScenarioCompiler.compile(file: path)
        if file == "ai-worklist.yaml" { #expect(sc.model.reprioritisations.count == 2) }
        if file == "ward-flow.yaml" { #expect(sc.model.stateBranches.count == 1 && sc.model.seizeGroups.count >= 2) }
    }
}

func simulateResult(_ sc: CompiledScenario) -> ReplicationResult {
    simulate(sc, StandardCollector(config: sc.collector)).observer.result()
}
