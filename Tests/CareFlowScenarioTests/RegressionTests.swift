import Testing
import Foundation
@testable import CareFlowScenario
@testable import CareFlowEngine
import CareFlowRandom

/// Crashes the fuzzer and the probes around it found, one test each: every
/// one of these used to trap (kill the process) and now ends cleanly.
@Suite struct RegressionTests {
    static func run(_ text: String) throws(ScenarioErrors) -> ReplicationResult {
        let sc = try compileText(text, file: "r.yaml")
        var sim = Simulation(model: sc.model, seed: 1, replication: 0, observer: StandardCollector(config: sc.collector))
        sim.run()
        return sim.observer.result()
    }

    static func scenario(steps: String, head: String = "", arrivals: String = "walk_in: {pathway: ed, per_hour: 4}") -> String {
        """
        name: r
        run: {horizon: 2d}
        \(head)
        units:
          doctor: 1
        arrivals:
          \(arrivals)
        pathways:
          ed:
            steps:
        \(steps)
        """
    }

    /// Int32(amount) / Int32(times) in PathwayBuilder trapped on values
    /// above 2^31 - 1; the compiler now rejects them (seize amounts above
    /// 65535, which Model.validate rejects, too).
    @Test(arguments: [
        ("      - seize: {unit: doctor, amount: 3000000000}",
         "r.yaml:11:39: error: pathways.ed.steps[0].seize.amount: 3000000000 is too large; expected a whole number from 1 to 65535"),
        ("      - seize: {unit: doctor, amount: 65536}",
         "r.yaml:11:39: error: pathways.ed.steps[0].seize.amount: 65536 is too large; expected a whole number from 1 to 65535"),
        ("      - release: {unit: doctor, amount: 2147483648}",
         "r.yaml:11:41: error: pathways.ed.steps[0].release.amount: 2147483648 is too large; expected a whole number from 1 to 2147483647"),
        ("      - repeat: {times: 9999999999, steps: [{delay: 5m}]}",
         "r.yaml:11:25: error: pathways.ed.steps[0].repeat.times: 9999999999 is too large; expected a whole number from 1 to 2147483647"),
    ])
    func hugeWholeNumbersAreRejected(_ step: String, _ expected: String) {
        do {
            _ = try Self.run(Self.scenario(steps: step))
            Issue.record("compiled: \(step)")
        } catch {
            #expect(error.description == expected)
        }
    }

    /// gsl_ran_poisson counts in 32 bits; with a mean of 1e20 it never
    /// returned (a hang in the run). The compiler now rejects such means.
    @Test func hugePoissonMeanIsRejected() {
        do {
            _ = try Self.run(Self.scenario(steps: "      - delay: {poisson: {mean: 99999999999999999999}}"))
            Issue.record("compiled")
        } catch {
            #expect(error.description == "r.yaml:11:33: error: pathways.ed.steps[0].delay.poisson.mean: 99999999999999999999 is too large; expected a mean of at most 1000000000")
        }
    }

    /// A fuzzed bench-b2 with `per_day: 9223372036854775807` ran until the
    /// memory-sized runaway guard stopped it, far past the fuzz's 20 s in a
    /// debug build. Rates above 10 million a day are now an input error.
    @Test func absurdArrivalRateIsRejected() throws {
        do {
            _ = try Self.run(Self.scenario(steps: "      - delay: 5m", arrivals: "walk_in: {pathway: ed, per_day: 9223372036854775807}"))
            Issue.record("compiled")
        } catch {
            #expect(error.description.hasPrefix("r.yaml:7:35: error: "))
            #expect(error.description.contains("arrivals.walk_in.per_day: the rate is more than 10,000,000 arrivals a day; expected a rate of at most 10,000,000 a day (10000000 per day)"))
        }
        _ = try compileText(Self.scenario(steps: "      - delay: 5m", arrivals: "walk_in: {pathway: ed, per_day: 10000000}"), file: "r.yaml")
    }

    @Test func largestAmountStillCompiles() throws {
        let sc = try compileText(Self.scenario(steps: "      - seize: {unit: doctor, amount: 65535}\n      - release: {unit: doctor, amount: 2147483647}"), file: "r.yaml")
        #expect(sc.model.steps[0] == .seize(unit: 0, amount: 65535, priorityAttribute: -1, balk: -1))
        #expect(sc.model.steps[1] == .release(unit: 0, amount: Int32.max))
    }

    /// Int(attribute) for a queue priority trapped on 1e300, inf or NaN.
    @Test(arguments: ["1e300", "-1e300", "{lognormal: {mean: 1, sd: 1e300}}"])
    func hugeNumericPriorityRuns(_ value: String) throws {
        let steps = """
              - assign: {score: \(value)}
              - seize: {unit: doctor, priority: score}
              - delay: 1h
        """
        let r = try Self.run(Self.scenario(steps: steps, head: "attributes: {score: number}"))
        #expect((r["unit.doctor.served"] ?? 0) > 10)
    }

    /// A preemptive unit reads the holder's priority too (holderPriority).
    @Test func hugePriorityOnAPreemptiveUnitRuns() throws {
        let text = """
            name: r
            run: {horizon: 2d}
            attributes: {score: number}
            units:
              doctor: {capacity: 1, preemptive: true}
            arrivals:
              walk_in: {pathway: ed, per_hour: 4}
            pathways:
              ed:
                steps:
                  - assign: {score: {uniform: {min: -1e300, max: 1e300}}}
                  - seize: {unit: doctor, priority: score}
                  - delay: 20m
            """
        let r = try Self.run(text)
        #expect((r["unit.doctor.served"] ?? 0) > 10)
    }

    /// A profile rate near 0: skipping whole cycles went so far that the
    /// piece index came out negative (out-of-bounds read) or the walk over
    /// pieces never ended.
    @Test(arguments: ["1e-300", "1e-200", "1e-100", "1e-20", "5e-324"])
    func tinyProfileRateRuns(_ rate: String) throws {
        let arrivals = "walk_in: {pathway: ed, per_day: \(rate), hour_of_day: [1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2]}"
        let r = try Self.run(Self.scenario(steps: "      - delay: 5m", arrivals: arrivals))
        #expect(r["pathway.ed.completed"] == 0)
    }

    @Test func nextProfileArrivalNeverTrapsOrSpins() {
        let streams = StreamSet(seed: 3, replication: 0)
        for e in stride(from: -323, through: 2, by: 1) {
            let rate = pow(10.0, Double(e))
            let p = RateProfile(pieceLength: 60, rates: (0..<168).map { $0 % 24 < 6 ? 0 : rate })
            let s = streams.stream(named: "e\(e)")
            for t in [0.0, 59.999, 10079.999999999998, 3 * 10080 - 1e-11, 1e9, 4.9e11] {
                if let next = Simulation<NullObserver>.nextProfileArrival(p, after: t, stream: s) {
                    #expect(next >= t && next.isFinite, "rate 1e\(e), after \(t): \(next)")
                }
            }
        }
        // Ordinary rates are untouched: on average one arrival per 1/rate.
        let p = RateProfile(pieceLength: 60, rates: Array(repeating: 0.5, count: 24))
        let s = streams.stream(named: "flat")
        var t = 0.0
        for _ in 0..<20_000 { t = Simulation<NullObserver>.nextProfileArrival(p, after: t, stream: s)! }
        #expect(abs(t / 20_000 - 2) < 0.1)
    }

    @Test func clampedInt() {
        #expect(Simulation<NullObserver>.clampedInt(3.7) == 3)
        #expect(Simulation<NullObserver>.clampedInt(-2.5) == -2)
        #expect(Simulation<NullObserver>.clampedInt(.nan) == 0)
        #expect(Simulation<NullObserver>.clampedInt(.infinity) == 1_000_000_000)
        #expect(Simulation<NullObserver>.clampedInt(-1e300) == -1_000_000_000)
    }
}
