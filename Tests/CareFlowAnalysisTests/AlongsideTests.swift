import Foundation
import Testing
import CareFlowScenario
@testable import CareFlowAnalysis

/// `alongside` (two computations at once) and the comparison parts the
/// commands compute with it while the replications run.
@Suite("Alongside")
struct AlongsideTests {
    struct Failure: Error {}

    @Test("both computations run, each result comes back in its place, and the side one ran on another thread")
    func bothResults() {
        let caller = Thread.current
        let (a, b) = alongside({ (1...1000).reduce(0, +) }, { (Thread.current == caller, "side") })
        #expect(a == 500_500)
        #expect(b.0 == false && b.1 == "side")
    }

    @Test("when the main computation throws, the side one has finished before the error reaches the caller")
    func throwsAfterSide() {
        final class Flag: @unchecked Sendable { var done = false }
        let flag = Flag()
        #expect(throws: Failure.self) {
            _ = try alongside({ () throws -> Int in throw Failure() }, { () -> Int in
                usleep(50_000)
                flag.done = true
                return 1
            })
        }
        #expect(flag.done)
    }

    @Test("comparison.json made with scenario parts computed beforehand is the one made without them")
    func scenarioPartsChangeNothing() throws {
        func scenario(_ name: String, beds: Int) throws -> CompiledScenario {
            try ScenarioCompiler.compile(ScenarioLoader.load(text: """
            name: \(name)
            run: {horizon: 20d, warmup: 2d, replications: 3}
            units: {bed: {capacity: \(beds), area: ward}}
            pathways: {p: {area: ward, steps: [{milestone: admitted}, {activity: {name: stay, uses: bed, duration: {exponential: {mean: 1d}}}}]}}
            arrivals: {a: {pathway: p, per_day: 4}}
            kpis: {stay: {from: admitted, to: departure, area: ward, headline: true}}
            """, file: "\(name).yaml"))
        }
        let s = [try scenario("ref", beds: 6), try scenario("more", beds: 8)]
        let results = try Runner.runAll(s.map { ($0.model, $0.collector) }, seed: 3, replications: 0..<3, workers: 2)
        let cmp = Comparison(scenarios: s, results: results, seed: 3)
        let parts = Comparison.scenarioParts(s)
        #expect(parts.changes[0] == .array([]) && parts.changes[1] != .array([]))
        let before = cmp.json(command: "test", gslVersion: "x").serialized()
        let after = cmp.json(command: "test", gslVersion: "x", parts: parts).serialized()
        #expect(before == after)
    }
}
