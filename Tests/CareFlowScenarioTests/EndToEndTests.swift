import Testing
import Foundation
@testable import CareFlowScenario
import CareFlowEngine
import CareFlowAnalysis
import CareFlowRandom

/// Scenario files run end to end: the numbers that come out are the ones
/// queueing theory or a hand computation gives.
@Suite struct EndToEndTests {
    /// Erlang C: probability of waiting and mean wait in an M/M/c queue.
    static func erlangC(lambda: Double, mu: Double, c: Int) -> (pWait: Double, wq: Double) {
        let a = lambda / mu
        var term = 1.0, sum = 0.0
        for k in 0..<c {
            if k > 0 { term *= a / Double(k) }
            sum += term
        }
        let top = term * a / Double(c) * Double(c) / (Double(c) - a)   // a^c / c! * c / (c - a)
        let p = top / (sum + top)
        return (p, p / (Double(c) * mu - lambda))
    }

    /// Mean, standard error and CI of per-replication values.
    static func check(_ values: [Double], exact: Double, _ what: String) {
        let e = Estimate(values)
        let sd = (values.map { ($0 - e.mean) * ($0 - e.mean) }.reduce(0, +) / Double(values.count - 1)).squareRoot()
        let se = sd / Double(values.count).squareRoot()
        // The 95% CI, or (for robustness against the 1-in-20 miss) 4 standard errors.
        let inCI = e.ciLow <= exact && exact <= e.ciHigh
        #expect(inCI || abs(e.mean - exact) <= 4 * se,
                "\(what): mean \(e.mean), CI [\(e.ciLow), \(e.ciHigh)], se \(se), exact \(exact)")
        // And the estimate is informative: the CI is narrow.
        #expect(e.halfWidth < 0.1 * abs(exact) + 1e-9, "\(what): CI too wide (\(e.halfWidth))")
    }

    @Test func mmcMatchesErlangC() throws {
        let sc = try Fixtures.compile("e2e/mmc.yaml")
        let exact = Self.erlangC(lambda: 0.2, mu: 0.1, c: 3)
        #expect(abs(exact.pWait - 4.0 / 9) < 1e-12 && abs(exact.wq - 40.0 / 9) < 1e-12)
        let results = try Runner.run(model: sc.model, config: sc.collector, seed: sc.seed, replications: 0..<sc.replications, workers: 2)
        let summary = RunSummary(results)
        #expect(results.count == 10)
        let wait = results.map { $0["wait.mean"] ?? .nan }
        let pWait = results.map { 1 - ($0["wait.within_target"] ?? .nan) }
        Self.check(wait, exact: exact.wq, "Wq")
        Self.check(pWait, exact: exact.pWait, "P(wait)")
        Self.check(results.map { $0["unit.server.utilisation"] ?? .nan }, exact: 2.0 / 3, "utilisation")
        #expect(summary.estimate("wait.mean")?.n == 10)
        // Little's law on the queue: Lq = lambda * Wq.
        Self.check(results.map { $0["unit.server.queue_mean"] ?? .nan }, exact: 0.2 * exact.wq, "Lq")
    }

    @Test func deterministicPathwayGivesExactTimes() throws {
        let sc = try Fixtures.compile("e2e/deterministic.yaml")
        let sim = simulate(sc, MilestoneLog())
        let t = sim.observer.times
        #expect(t.count == 4)
        #expect(t.map { $0["arrival"] } == [0, 10, 20, 60])
        #expect(t.map { $0["registered"] } == [2, 12, 22, 62])
        #expect(t.map { $0["exam_start"] } == [2, 17, 32, 62])
        #expect(t.map { $0["exam_end"] } == [17, 32, 47, 77])
        #expect(t.map { $0["departure"] } == [22, 37, 52, 82])
        let r = try Runner.one(model: sc.model, config: sc.collector, seed: sc.seed, replication: 0)
        #expect(r["wait.mean"] == 3.75)
        #expect(r["wait.count"] == 4)
        #expect(r["los.mean"] == 25.75)
        #expect(r["pathway.visit.completed"] == 4)
        #expect(r["unit.doctor.served"] == 4)
        // Busy 60 of 1440 minutes.
        #expect(abs((r["unit.doctor.utilisation"] ?? 0) - 60.0 / 1440) < 1e-12)
        // Every replication is the same: nothing is random.
        let again = try Runner.one(model: sc.model, config: sc.collector, seed: 12345, replication: 7)
        #expect(again["los.mean"] == 25.75)
    }

    @Test func boardingHappensExactlyWhenBedsAreFull() throws {
        let sc = try Fixtures.compile("e2e/boarding.yaml")
        let sim = simulate(sc, MilestoneLog())
        let t = sim.observer.times
        #expect(t.count == 6)
        let request = t.map { $0["bed_request"] ?? .nan }
        let assigned = t.map { $0["bed_assigned"] ?? .nan }
        let left = t.map { $0["departure"] ?? .nan }
        #expect(request == [5, 15, 25, 35, 105, 145])
        #expect(assigned == [5, 15, 65, 75, 125, 145])
        #expect(left == [65, 75, 125, 135, 185, 205])
        let beds = sc.model.units.first { $0.name == "bed" }!.capacity
        for i in t.indices {
            // Beds in use when patient i asks for one.
            let inUse = t.indices.filter { j in j != i && assigned[j] <= request[i] && left[j] > request[i] }.count
            let boarded = assigned[i] > request[i]
            #expect(boarded == (inUse == beds), "patient \(i): boarded \(boarded), beds in use \(inUse)")
        }
        let r = try Runner.one(model: sc.model, config: sc.collector, seed: sc.seed, replication: 0)
        #expect(r["boarding.mean"] == 100.0 / 6)
        #expect(r["boarding.within_target"] == 0.5)
        #expect(r["boarding.count"] == 6)
    }

    @Test func renegingMatchesHandComputation() throws {
        let sc = try Fixtures.compile("e2e/renege.yaml")
        // P0 served 0-30; P1 (5) gives up at 25; P2 (12) served 30-60;
        // P3 (18) gives up at 38; P4 (50) served 60-90.
        let sim = simulate(sc, MilestoneLog())
        #expect(sim.observer.reneged == [false, true, false, true, false])
        #expect(sim.observer.times.map { $0["served"] } == [0, nil, 30, nil, 60])
        #expect(sim.observer.times.map { $0["departure"] } == [30, 25, 60, 38, 90])
        let r = try Runner.one(model: sc.model, config: sc.collector, seed: sc.seed, replication: 0)
        #expect(r["pathway.clinic.reneged"] == 2)
        #expect(r["pathway.clinic.completed"] == 3)
        #expect(r["wait.count"] == 3)
        #expect(r["wait.mean"] == 28.0 / 3)
    }

    @Test func renegingMatchesReferenceQueue() throws {
        let sc = try Fixtures.compile("e2e/renege_many.yaml")
        guard case .scheduled(let arrivals) = sc.model.sources[0].pattern else { Issue.record("not scheduled"); return }
        // Reference: one FIFO server; a patient whose service would start
        // after its deadline gives up at the deadline.
        let patience = 40.0, service = 25.0
        var free = 0.0
        var served: [Double?] = [], gaveUp: [Double?] = []
        for a in arrivals {
            let start = max(a, free)
            #expect(start != a + patience, "a tie between start and deadline makes the case ambiguous")
            if start - a > patience { served.append(nil); gaveUp.append(a + patience) } else {
                served.append(start); gaveUp.append(nil); free = start + service
            }
        }
        let renegedCount = gaveUp.compactMap { $0 }.count
        #expect(renegedCount >= 5 && renegedCount < arrivals.count - 5)   // the case exercises both outcomes
        let sim = simulate(sc, MilestoneLog())
        #expect(sim.observer.times.map { $0["served"] } == served)
        #expect(sim.observer.times.map { $0["gave_up"] } == gaveUp)
        #expect(sim.observer.reneged == gaveUp.map { $0 != nil })
        let r = try Runner.one(model: sc.model, config: sc.collector, seed: sc.seed, replication: 0)
        #expect(r["pathway.clinic.reneged"] == Double(renegedCount))
        #expect(r["pathway.clinic.completed"] == Double(arrivals.count - renegedCount))
        #expect(r["gave_up.count"] == Double(renegedCount))
        #expect(r["gave_up.mean"] == patience)
    }

    @Test func hourOfDayProfileGivesTheRightArrivalsPerHour() throws {
        let sc = try Fixtures.compile("e2e/hourly.yaml")
        let weights: [Double] = [0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 1, 2, 3, 4, 4, 4, 4, 4, 4, 3, 3, 2, 1, 1, 1, 1, 0.5, 0.5]
        let days = sc.model.horizon / 1440
        #expect(days == 40)
        let results = try Runner.run(model: sc.model, config: sc.collector, seed: sc.seed, replications: 0..<sc.replications, workers: 2)
        var observed = [Double](repeating: 0, count: 24)
        for r in results {
            let perHour = try #require(r.series?.arrivalsHourOfDay)
            for h in 0..<24 { observed[h] += (perHour[h] * days).rounded() }
        }
        let n = Double(results.count)
        let expected = weights.map { 240 * days * n * $0 / weights.reduce(0, +) }
        var chi2 = 0.0
        for h in 0..<24 {
            chi2 += (observed[h] - expected[h]) * (observed[h] - expected[h]) / expected[h]
            let z = (observed[h] - expected[h]) / expected[h].squareRoot()
            #expect(abs(z) < 4.5, "hour \(h): observed \(observed[h]), expected \(expected[h])")
        }
        // Fixed expected counts and Poisson totals: chi-squared with 24 df.
        let q = GSL.chiSquaredQ(chi2, degreesOfFreedom: 24)
        #expect(q > 0.001, "chi2 \(chi2), Q \(q)")
        let total = observed.reduce(0, +)
        let z = (total - 240 * days * n) / (240 * days * n).squareRoot()
        #expect(abs(z) < 4.5)
        // Arrivals in the collector agree with the pathway count (1-minute visits, all done).
        let completed = results.map { $0["pathway.visit.completed"] ?? 0 }.reduce(0, +)
        #expect(abs(completed - total) <= n)
    }

    @Test func extendsAndOverridesRunLikeTheFullFile() throws {
        // The same through Runner with several workers: bit-identical summaries.
        var a = try Fixtures.compile("valid/child.yaml")
        var b = try Fixtures.compile("valid/child_full.yaml")
        a.model.horizon = 4 * 1440; b.model.horizon = 4 * 1440
        a.model.warmup = 1440; b.model.warmup = 1440
        let ra = RunSummary(try Runner.run(model: a.model, config: a.collector, seed: a.seed, replications: 0..<3, workers: 2))
        let rb = RunSummary(try Runner.run(model: b.model, config: b.collector, seed: b.seed, replications: 0..<3, workers: 2))
        #expect(ra.names == rb.names)
        #expect(ra.values.map { $0.map(\.bitPattern) } == rb.values.map { $0.map(\.bitPattern) })
        #expect((ra.estimate("los.mean")?.mean ?? .nan) > 0)
    }

    @Test func benchB2RunsAShortHorizon() throws {
        var sc = try ScenarioCompiler.compile(file: Fixtures.scenario("bench-b2.yaml"))
        sc.model.horizon = 3 * 1440
        sc.model.warmup = 0
        let r = try Runner.one(model: sc.model, config: sc.collector, seed: sc.seed, replication: 0)
        #expect((r["ed_los.count"] ?? 0) > 300)
        #expect((r["ed_los.mean"] ?? 0) > 30)
    }
}
