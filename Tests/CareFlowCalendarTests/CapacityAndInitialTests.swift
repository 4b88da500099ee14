import Testing
import Foundation
import CareFlowAnalysis
import CareFlowEngine
import CareFlowScenario
@testable import CareFlowCalendar

@Suite struct CapacityCalendarTests {
    @Test func datedChangesCombineWithTheShiftScheduleAtTheRightInstants() throws {
        // Monday 2027-01-04 start. Daily 08:00 -> 3, 16:00 -> 1; minus 1 on
        // Tue-Wed 5-6 January; all closed (capacity 0) on Sunday 10 January.
        let s = try compileText("""
        name: cap
        run: {start: 2027-01-04, horizon: 8d}
        units:
          desk:
            schedule: {repeat: daily, changes: [{at: "08:00", capacity: 3}, {at: "16:00", capacity: 1}]}
            dated_changes:
              - {from: 2027-01-05, to: 2027-01-06, change: -1}
              - {from: 2027-01-10, to: 2027-01-10, capacity: 0}
        pathways: {p: {steps: [{activity: {name: x, uses: desk, duration: 1m}}]}}
        arrivals: {a: {pathway: p, at: [0m]}}
        """)
        let rec = run(s.model)
        let h = 60.0, d = 1440.0
        let want: [(Double, Int)] = [
            (8 * h, 3), (16 * h, 1),                          // Mon
            (d, 0), (d + 8 * h, 2), (d + 16 * h, 0),            // Tue (1 - 1 = 0 at 00:00)
            (2 * d + 8 * h, 2), (2 * d + 16 * h, 0),            // Wed
            (3 * d, 1), (3 * d + 8 * h, 3), (3 * d + 16 * h, 1),  // Thu: back to the schedule at 00:00
            (4 * d + 8 * h, 3), (4 * d + 16 * h, 1), (5 * d + 8 * h, 3), (5 * d + 16 * h, 1),
            (6 * d, 0),                                       // Sun 10 Jan closed all day
            (7 * d, 1), (7 * d + 8 * h, 3), (7 * d + 16 * h, 1),
        ]
        #expect(s.model.units[0].capacity == 1)          // Monday 00:00: the schedule's night value
        let got = rec.capacityChanges.map { ($0.time, $0.capacity) }
        #expect(got.count == want.count)
        for (g, w) in zip(got, want) { #expect(g.0 == w.0 && g.1 == w.1, "\(g) vs \(w)") }
    }

    @Test func bedsClosedBelowTheNumberInServiceAreCounted() throws {
        // 5 beds, 5 patients admitted at 0 for 3 days; 2 beds close on day 1
        // (2027-06-22): 2 patients over capacity, one drop; they finish.
        let s = try compileText("""
        name: close
        run: {start: 2027-06-21, horizon: 5d}
        units:
          bed:
            capacity: 5
            dated_changes: [{from: 2027-06-22, to: 2027-06-23, change: -2}]
        pathways: {p: {steps: [{activity: {name: stay, uses: bed, duration: 3d}}]}}
        arrivals: {a: {pathway: p, at: [0m, 0m, 0m, 0m, 0m, 1d, 1d]}}
        """)
        let r = CareFlowEngineRun.one(s)
        #expect(r["unit.bed.capacity_drops_below_busy"] == 1)
        #expect(r["unit.bed.patients_over_capacity"] == 2)
        // The two day-1 arrivals wait until the closure ends and beds free (day 3).
        #expect(r["pathway.p.completed"] == 5)
    }

    @Test func isoWeeksAndErrorsAreReadAsDocumented() throws {
        let s = try compileText("""
        name: surge
        run: {start: 2027-12-06, horizon: 20w}
        units:
          bed:
            capacity: 198
            dated_changes: [{from: 2027-W50, to: 2028-W10, change: 10}]
        pathways: {p: {steps: [{activity: {name: stay, uses: bed, duration: 1d}}]}}
        arrivals: {a: {pathway: p, per_day: 1}}
        """)
        let ch = s.model.units[0].schedule?.changes ?? []
        // Week 50 of 2027 starts Monday 13 December (day 7); 2028-W10 ends Sunday 12 March 2028 (day 97 is the 13th).
        #expect(ch.map(\.time) == [0, 7 * 1440, 98 * 1440])
        #expect(ch.map(\.capacity) == [198, 208, 198])
        #expect(throws: ScenarioErrors.self) {
            _ = try compileText("""
            name: bad
            run: {horizon: 10d}
            units: {bed: {capacity: 5, dated_changes: [{from: 2027-06-22, to: 2027-06-23, change: -2}]}}
            pathways: {p: {steps: [{activity: {name: stay, uses: bed, duration: 3d}}]}}
            arrivals: {a: {pathway: p, per_day: 1}}
            """)
        }
    }
}

/// Runs one replication with the standard collector and returns its named values.
enum CareFlowEngineRun {
    static func one(_ s: CompiledScenario, replication: Int = 0) -> [String: Double] {
        var sim = Simulation(model: s.model, seed: s.seed, replication: replication, observer: StandardCollector(config: s.collector))
        sim.run()
        let r = sim.observer.result()
        return Dictionary(zip(r.names, r.values), uniquingKeysWith: { a, _ in a })
    }
}

@Suite struct InitialStateTests {
    /// M/M/infinity from N busy at 0 with exponential residuals: the count at
    /// t is Binomial(N, p) + Poisson(lambda m (1 - p)), p = exp(-t/m), so
    /// E = N p + lambda m (1 - p), Var = N p (1 - p) + lambda m (1 - p).
    @Test func busyBedsWithExponentialResidualsDecayAsMMInfinity() throws {
        let s = try compileText("""
        name: mminf
        run: {horizon: 12d}
        pathways: {ward: {steps: [{delay: {name: stay, duration: {exponential: {mean: 5d}}}}]}}
        arrivals: {a: {pathway: ward, per_day: 10}}
        initial:
          today: {pathway: ward, at: stay, count: 100, remaining: {exponential: {mean: 5d}}}
        """)
        let reps = 300
        let times = (1...10).map { Double($0) * 1440 }
        var sums = [Double](repeating: 0, count: times.count)
        for r in 0..<reps {
            let rec = run(s.model, seed: 9, replication: r)
            for (i, t) in times.enumerated() { sums[i] += Double(rec.inSystem(at: t)) }
        }
        for (i, t) in times.enumerated() {
            let p = exp(-t / (5 * 1440)), lm = 10.0 * 5
            let e = 100 * p + lm * (1 - p), v = 100 * p * (1 - p) + lm * (1 - p)
            // Mean of 300 replications: sd sqrt(v / 300) <= 0.6; 4.5 sd.
            #expect(abs(sums[i] / Double(reps) - e) < 4.5 * (v / Double(reps)).squareRoot(), "t = \(t / 1440) d")
        }
    }

    /// M/G/infinity started with N = lambda E[S] in service and equilibrium
    /// residuals (the default): the expected count stays N at every t,
    /// since N (1 - Fe(t)) + lambda E[S] Fe(t) = N. A lognormal stay.
    @Test func equilibriumResidualsKeepAnMGInfinityWardInSteadyState() throws {
        let s = try compileText("""
        name: mginf
        run: {horizon: 12d}
        pathways: {ward: {steps: [{delay: {name: stay, duration: {lognormal: {mean: 4d, sd: 3d}}}}]}}
        arrivals: {a: {pathway: ward, per_day: 20}}
        initial:
          today: {pathway: ward, at: stay, count: 80}
        """)
        let reps = 300
        var sums = [Double](repeating: 0, count: 10)
        for r in 0..<reps {
            let rec = run(s.model, seed: 4, replication: r)
            for i in 0..<10 { sums[i] += Double(rec.inSystem(at: Double(i + 1) * 1440)) }
        }
        // Var <= 80 (binomial + Poisson parts); sd of the mean <= 0.52; 4.5 sd.
        for i in 0..<10 { #expect(abs(sums[i] / Double(reps) - 80) < 4.5 * (80.0 / Double(reps)).squareRoot(), "day \(i + 1)") }
    }

    @Test func initialPatientsHoldTheirBedsDrawAttributesAndQueueWhenFull() throws {
        let s = try compileText("""
        name: held
        run: {horizon: 30d}
        attributes: {sex: [f, m]}
        units: {bed: 10}
        pathways:
          ward:
            steps:
              - seize: bed
              - delay: {name: stay, duration: 2d}
              - release: bed
        arrivals: {a: {pathway: ward, per_day: 0.001, set: {sex: {categorical: {f: 0.5, m: 0.5}}}}}
        initial:
          in_beds: {pathway: ward, at: stay, count: 12, remaining: 1d}
        """)
        var sim = Simulation(model: s.model, seed: 1, replication: 0, observer: Recorder())
        sim.run()
        // 10 hold beds at once; 2 wait for beds (a waiting list) and get them at 1 d.
        #expect(sim.observer.inSystem(at: 0) == 12)
        #expect(sim.observer.inSystem(at: 1440 + 1) == 2)
        #expect(sim.observer.inSystem(at: 2 * 1440 + 1) == 0)
    }

    /// Busy means over a 3-day horizon of 12 patients placed with 1 day
    /// left: 10 take their places at once, 2 wait for them and hold them
    /// from day 1 to day 2 (no arrivals to speak of).
    static func heldAtStart(units: String, steps: String, count: Int = 12, extra: String = "remaining: 1d") throws -> [String: Double] {
        let s = try compileText("""
        name: held
        run: {horizon: 3d}
        units: \(units)
        pathways:
          ward:
            steps:
        \(steps)
        arrivals: {a: {pathway: ward, per_day: 0.0001}}
        initial:
          in_beds: {pathway: ward, at: stay, count: \(count), \(extra)}
        """)
        return CareFlowEngineRun.one(s)
    }

    @Test func initialPatientsOfAnActivityOnSeveralUnitsHoldThemAll() throws {
        let r = try Self.heldAtStart(units: "{bed: 10, nurse: 10}", steps: """
              - activity: {name: stay, uses: [bed, nurse], duration: 2d}
        """)
        // (10 x 1 d + 2 x 1 d) / 3 d on each unit, taken together.
        #expect(r["unit.bed.busy_mean"] == 4 && r["unit.nurse.busy_mean"] == 4, "\(r.filter { $0.key.hasSuffix("busy_mean") })")
        #expect(r["unit.bed.served"] == 12 && r["unit.nurse.served"] == 12)
    }

    @Test func initialPatientsOfAPoolHoldOneOfItsUnits() throws {
        let r = try Self.heldAtStart(units: "{ward_a: 6, ward_b: 4}", steps: """
              - activity: {name: stay, uses: {any_of: [ward_a, ward_b]}, duration: 2d}
        """)
        // first_free: 6 on ward_a, 4 on ward_b, the 2 who wait get ward_a (freed first) at day 1.
        let a = r["unit.ward_a.busy_mean"] ?? .nan, b = r["unit.ward_b.busy_mean"] ?? .nan
        #expect(abs(a + b - 4) < 1e-12 && abs(b - 4.0 / 3) < 1e-12, "a \(a), b \(b)")
        #expect((r["unit.ward_a.served"] ?? 0) + (r["unit.ward_b.served"] ?? 0) == 12)
    }

    @Test func initialPatientsHoldAmountsAndOnlyWhatTheyHaveNotGivenBack() throws {
        // Two places of a bed each: (10 places x 1 d: five patients, then the other one's 2 places x 1 d) / 3 d.
        let two = try Self.heldAtStart(units: "{bed: 10}", steps: """
              - seize: {units: {bed: 2}}
              - delay: {name: stay, duration: 2d}
              - release: {unit: bed, amount: 2}
        """, count: 6)
        #expect(two["unit.bed.busy_mean"] == 4, "\(two["unit.bed.busy_mean"] ?? .nan)")
        // Bed and nurse taken together, the nurse given back before the stay: the bed only.
        let part = try Self.heldAtStart(units: "{bed: 10, nurse: 10}", steps: """
              - seize: {units: {bed: 1, nurse: 1}}
              - release: nurse
              - delay: {name: stay, duration: 2d}
              - release: bed
        """)
        #expect(part["unit.bed.busy_mean"] == 4 && part["unit.nurse.busy_mean"] == 0, "\(part.filter { $0.key.hasSuffix("busy_mean") })")
    }

    @Test func initialPatientsWaitingForAnActivityOnSeveralUnitsQueueForAllOfThem() throws {
        // waiting: true: 3 patients go through the 2-day activity in full, holding bed and nurse: 3 x 2 d / 3 d.
        let r = try Self.heldAtStart(units: "{bed: 10, nurse: 10}", steps: """
              - activity: {name: stay, uses: [bed, nurse], duration: 2d}
        """, count: 3, extra: "waiting: true")
        #expect(r["unit.bed.busy_mean"] == 2 && r["unit.nurse.busy_mean"] == 2, "\(r.filter { $0.key.hasSuffix("busy_mean") })")
        let pool = try Self.heldAtStart(units: "{ward_a: 2, ward_b: 2}", steps: """
              - activity: {name: stay, uses: {any_of: [ward_a, ward_b]}, duration: 2d}
        """, count: 3, extra: "waiting: true")
        #expect(abs((pool["unit.ward_a.busy_mean"] ?? 0) + (pool["unit.ward_b.busy_mean"] ?? 0) - 2) < 1e-12)
    }

    @Test func initialStateDrawsAreOwnStreamsAndBitIdenticalAcrossWorkers() throws {
        let text = """
        name: crn
        run: {horizon: 20d, replications: 4}
        units: {bed: 30}
        pathways: {ward: {steps: [{activity: {name: stay, uses: bed, duration: {lognormal: {mean: 4d, sd: 3d}}}}]}}
        arrivals: {a: {pathway: ward, per_day: 6}}
        """
        let plain = try compileText(text)
        let started = try compileText(text + "\ninitial: {today: {pathway: ward, at: stay, count: 20}}\n")
        // Arrival times do not change when an initial state is added (own streams).
        #expect(run(plain.model, seed: 2).arrivals == run(started.model, seed: 2).arrivals)
        let a = try CareFlowAnalysisShim.values(started, workers: 1), b = try CareFlowAnalysisShim.values(started, workers: 2)
        #expect(a == b)
    }
}

enum CareFlowAnalysisShim {
    /// Every replication's values, run with `workers` threads.
    static func values(_ s: CompiledScenario, workers: Int) throws -> [[Double]] {
        try Runner.run(model: s.model, config: s.collector, seed: s.seed, replications: 0..<s.replications, workers: workers).map(\.values)
    }
}
