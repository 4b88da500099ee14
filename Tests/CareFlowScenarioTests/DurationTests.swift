import Testing
@testable import CareFlowScenario
import CareFlowEngine

/// Durations by patient: by an attribute's category, scaled and shifted by
/// numeric attributes. Fixed durations make every stay exact.
@Suite struct DurationTests {
    static func scenario(_ steps: String, set: String) -> String {
        """
        name: d
        run: {horizon: 10d}
        attributes:
          age_group: [child, adult, older]
          frailty: number
          extra: number
        units: {bed: 100}
        arrivals:
          a: {pathway: p, at: [0], set: \(set)}
        pathways:
          p:
            steps:
        \(steps)
        """
    }

    static func stay(_ steps: String, set: String) throws -> Double? {
        let sc = try compileText(scenario(steps, set: set))
        let log = simulate(sc, MilestoneLog()).observer
        return log.times.first?["departure"]
    }

    @Test(arguments: [("child", 1440.0), ("adult", 2880.0), ("older", 4320.0)])
    func lengthOfStayByAgeGroup(group: String, minutes: Double) throws {
        let steps = """
              - activity: {name: stay, uses: bed, duration: {by: age_group, cases: {child: 1d, adult: 2d}, otherwise: 3d}}
        """
        #expect(try Self.stay(steps, set: "{age_group: \(group)}") == minutes)
    }

    @Test func scaledAndShifted() throws {
        let steps = """
              - delay: {duration: 30m, scale_by: frailty, shift_by: extra}
        """
        #expect(try Self.stay(steps, set: "{frailty: 1.5, extra: 5}") == 50)
        let named = """
              - delay: {name: recovery, duration: {duration: 1h, scale_by: frailty}}
        """
        #expect(try Self.stay(named, set: "{frailty: 2}") == 120)
    }

    @Test func errorsNameTheCase() {
        let steps = """
              - delay: {by: age_group, cases: {child: 1d, teen: 2d}}
        """
        do {
            _ = try compileText(Self.scenario(steps, set: "{age_group: child}"))
            Issue.record("compiled")
        } catch {
            let text = "\(error)"
            #expect(text.contains("pathways.p.steps[0].delay.cases.teen: 'teen' is not a category of age_group"), "\(text)")
            #expect(text.contains("no duration for adult, older"), "\(text)")
        }
    }
}
