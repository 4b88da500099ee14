import Testing
@testable import CareFlowEngine
import CareFlowRandom
import CareFlowStats

/// M/M/c built with the Swift API, with a KPI from arrival to "served" so
/// that the collector's within-target share at target 0 is P(no wait).
func mmc(servers c: Int, lambda: Double, meanService: Double, patients: Int) throws -> Model {
    let b = ModelBuilder()
    let u = b.unit("clinician", capacity: c)
    let served = b.milestone("served")
    b.kpi("wait", from: 0, to: served)
    let p = try b.pathway("patients") { p in
        p.seize(u)
        p.mark(served)
        p.delay(try .exponential(mean: meanService), stream: "service")
        p.release(u)
    }
    b.poisson("patients", ratePerMinute: lambda, pathway: p, limit: patients)
    return try b.build()
}

/// Checks one M/M/c configuration against Erlang C over independent
/// replications. Each replication starts empty and runs until its last
/// patient leaves; the start-up bias (a few relaxation times of ~1/(μ(1-√ρ)²)
/// customers, out of tens of thousands) is well below one standard error.
/// Tolerances are 99.9% Student-t intervals from the replication spread:
/// the standard error shrinks as 1/√(patients), so longer runs tighten them.
func checkAgainstErlangC(servers c: Int, lambda: Double, mu: Double, patients: Int, replications reps: Int) throws {
    let model = try mmc(servers: c, lambda: lambda, meanService: 1 / mu, patients: patients)
    let config = CollectorConfig(kpiTargets: [[0]])
    let results = (0..<reps).map { runResult(model, seed: 2024, replication: $0, config: config) }
    let (pw, wq) = erlangC(servers: c, lambda: lambda, mu: mu)
    let rho = lambda / (Double(c) * mu)

    func check(_ name: String, _ values: [Double], _ theory: Double) {
        let (m, se) = meanAndSE(values)
        let tol = tolerance(se: se, replications: reps)
        #expect(abs(m - theory) <= tol, "\(name): \(m) ± \(tol) vs \(theory)")
        // The check must have power: the interval is a few percent wide.
        #expect(tol < 0.1 * theory, "\(name): tolerance \(tol) too wide to be useful")
    }
    check("mean wait", results.map { $0["unit.clinician.wait_mean_min"]! }, wq)
    check("P(wait)", results.map { 1 - $0["wait.within_target"]! }, pw)
    check("utilisation", results.map { $0["unit.clinician.utilisation"]! }, rho)
    check("queue length", results.map { $0["unit.clinician.queue_mean"]! }, lambda * wq)

    for r in results {
        // The KPI and the unit see the same waits.
        #expect(abs(r["wait.mean"]! - r["unit.clinician.wait_mean_min"]!) < 1e-9)
        #expect(r["unit.clinician.served"] == Double(patients))
        #expect(r["pathway.patients.completed"] == Double(patients))
    }
}

@Suite("Queueing theory: M/M/1, M/M/c, Little's law")
struct QueueingTheoryTests {
    /// M/M/1, ρ = 0.5: Wq = ρ/(μ - λ) = 1, P(wait) = ρ.
    @Test("M/M/1 mean wait, P(wait), utilisation and queue length match theory")
    func mm1() throws {
        try checkAgainstErlangC(servers: 1, lambda: 0.5, mu: 1, patients: 20_000, replications: 10)
        #expect(erlangC(servers: 1, lambda: 0.5, mu: 1) == (0.5, 1))
    }

    /// M/M/3, λ = 2.1, μ = 1 (ρ = 0.7): Erlang C gives P(wait) = 0.49234,
    /// Wq = P(wait)/(cμ - λ) = 0.54705. 40,000 patients per replication: with
    /// 20,000 the 99.9% interval came out at 11% of Wq on the exponential
    /// sample path of log inversion (the power check below), 7.8% now.
    @Test("M/M/c mean wait and P(wait) match Erlang C")
    func mmc3() throws {
        let (pw, wq) = erlangC(servers: 3, lambda: 2.1, mu: 1)
        #expect(abs(pw - 0.492344) < 1e-6)
        #expect(abs(wq - pw / 0.9) < 1e-12)
        try checkAgainstErlangC(servers: 3, lambda: 2.1, mu: 1, patients: 40_000, replications: 10)
    }

    /// The reference value of the B1 benchmark (MODELS.md): M/M/10, ρ = 0.9.
    @Test("Erlang C reproduces the B1 reference values")
    func erlangCReference() {
        let (pw, wq) = erlangC(servers: 10, lambda: 0.9, mu: 0.1)
        #expect(abs(pw - 0.6687) < 5e-5)
        #expect(abs(wq - 6.687) < 5e-4)
    }

    /// On any sample path that starts and ends empty, the area under the
    /// queue-length curve equals the sum of the waits, so
    /// queue_mean = (served / T) · wait_mean exactly, T being the run length.
    @Test("Little's law holds exactly on the sample path")
    func littleSamplePath() throws {
        let model = try mmc(servers: 2, lambda: 1.6, meanService: 1, patients: 5000)
        let sim = run(model, seed: 3, StandardCollector())
        let r = sim.observer.result()
        let throughput = r["unit.clinician.served"]! / sim.now
        let l = r["unit.clinician.queue_mean"]!, w = r["unit.clinician.wait_mean_min"]!
        #expect(l > 0)
        #expect(abs(l - throughput * w) / l < 1e-9, "L \(l) vs λW \(throughput * w)")
        // Also for the whole system: in_system_mean = throughput · time in system.
        let ls = r["pathway.patients.in_system_mean"]!, ws = r["pathway.patients.time_in_system_mean_min"]!
        #expect(abs(ls - throughput * ws) / ls < 1e-9)
    }

    /// L = λW with the nominal λ, over replications: the difference
    /// queue_mean - λ·wait_mean has mean 0.
    @Test("Little's law L = λW holds with the nominal arrival rate")
    func littleNominal() throws {
        let lambda = 2.1
        let model = try mmc(servers: 3, lambda: lambda, meanService: 1, patients: 10_000)
        let reps = 10
        let diffs = (0..<reps).map { rep -> Double in
            let r = runResult(model, seed: 77, replication: rep)
            return r["unit.clinician.queue_mean"]! - lambda * r["unit.clinician.wait_mean_min"]!
        }
        let (m, se) = meanAndSE(diffs)
        #expect(abs(m) <= tolerance(se: se, replications: reps), "L - λW = \(m) ± \(se)")
    }

    @Test("the same seed and replication reproduce a run exactly; another replication differs")
    func reproducible() throws {
        let model = try BenchmarkModels.mmc(servers: 3, patients: 2000)
        let a = runResult(model, seed: 9, replication: 0)
        let b = runResult(model, seed: 9, replication: 0)
        let c = runResult(model, seed: 9, replication: 1)
        #expect(a.names == b.names && a.values == b.values)
        #expect(a["unit.clinician.wait_mean_min"] != c["unit.clinician.wait_mean_min"])
    }

    /// Warm-up resets the statistics: arrivals at 0 and 50 are served
    /// before the warm-up ends at 100; those at 150 and 160 after.
    @Test("statistics restart at the end of the warm-up")
    func warmupResets() throws {
        let b = ModelBuilder()
        b.warmup = 100
        b.horizon = 1000
        let u = b.unit("u", capacity: 1)
        try servicePathway(b, "p", unit: u, service: 20)
        b.source("s", pathway: 0, pattern: .scheduled([0, 50, 150, 160]))
        let r = runResult(try b.build())
        #expect(r["unit.u.served"] == 2)
        #expect(r["pathway.p.completed"] == 2)
        #expect(r["unit.u.wait_mean_min"] == 5)           // 0 and 10
        // Busy 150-190 out of 100-1000.
        #expect(abs(r["unit.u.utilisation"]! - 40.0 / 900) < 1e-12)
    }
}
