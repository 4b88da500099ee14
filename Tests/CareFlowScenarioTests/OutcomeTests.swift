import Testing
@testable import CareFlowScenario
import CareFlowEngine

/// How a scenario's `leave` steps decide a stay's outcome (docs/output-formats.md).
@Suite struct OutcomeTests {
    /// A 3-session course; after each session half the patients leave.
    static let course = """
              - repeat:
                  times: 3
                  steps:
                    - activity: {name: session, uses: doctor, duration: 10m}
                    - branch:
                        name: quits
                        options:
                          - {probability: 0.5, steps: [leave]}
                          - {probability: 0.5}
        """

    /// A `leave` inside a `repeat` is a drop-out; one outside is not.
    @Test func leaveInsideRepeatIsADropOut() throws {
        let sc = try compileText(RegressionTests.scenario(steps: Self.course + "\n      - leave"))
        let model = sc.model
        let dropOuts = model.steps.indices.filter { model.steps[$0] == .dropOut }
        #expect(dropOuts.count == 1)
        if let i = dropOuts.first { #expect(model.steps[i + 1] == .leave) }
        #expect(model.steps.filter { $0 == .leave }.count >= 2)
        let r = try RegressionTests.run(RegressionTests.scenario(steps: Self.course))
        // 2 days at 4 an hour: about 192 arrivals; each completes all three
        // sessions with probability 1/8, and nobody else completes.
        let arrivals = try #require(r["pathway.ed.arrivals"]), completed = try #require(r["pathway.ed.completed"])
        let dropped = try #require(r["pathway.ed.dropped_out"])
        #expect(dropped > 0 && completed > 0)
        #expect(completed + dropped + r["pathway.ed.reneged"]! + r["pathway.ed.balked"]! <= arrivals)
    }

    /// The shipped baseline: the CBT course's drop-out step is compiled as one.
    @Test func baselineCourseDropOut() throws {
        let sc = try ScenarioCompiler.compile(file: Fixtures.scenario("baseline.yaml"))
        #expect(sc.model.steps.contains(.dropOut))
    }
}
