import CareFlowAnalysis
import CareFlowRandom
import CareFlowScenario
import Foundation
import Testing

/// The validation suite: scenario files of classic queueing models, run
/// through the whole stack (YAML, compiler, engine, parallel runner), against
/// their exact steady-state values.
///
/// Tolerance: each check asks the 99.9% t confidence interval over the
/// replications to contain the exact value. Seeds are fixed, so a test is
/// deterministic; 99.9% keeps the chance that a correct engine fails one of
/// the ~20 checks below under 2%, while an error of the size of a few
/// standard errors (here a few per cent) is caught. The intervals come from
/// the replications themselves, so they widen or narrow with the run length:
/// nothing is tuned by hand.
@Suite("Queueing theory through scenario files")
struct QueueingValidationTests {
    static func run(_ yaml: String, replications: Int = 12, seed: UInt64 = 7) throws -> RunSummary {
        let loaded = try ScenarioLoader.load(text: yaml, file: "validation.yaml")
        let sc = try ScenarioCompiler.compile(loaded)
        let results = try Runner.run(model: sc.model, config: sc.collector, seed: seed, replications: 0..<replications, workers: 2)
        return RunSummary(results)
    }

    /// The 99.9% interval of a KPI across replications.
    static func interval(_ s: RunSummary, _ name: String) -> (Double, Double, Double) {
        guard let k = s.names.firstIndex(of: name) else { Issue.record("no KPI \(name)"); return (.nan, .nan, .nan) }
        let e = Estimate(s.values.map { $0[k] }, level: 0.999)
        return (e.mean, e.ciLow, e.ciHigh)
    }

    static func expectContains(_ s: RunSummary, _ name: String, _ exact: Double, sourceLocation: Testing.SourceLocation = #_sourceLocation) {
        let (m, lo, hi) = interval(s, name)
        #expect(lo <= exact && exact <= hi, "\(name): exact \(exact) not in 99.9% CI [\(lo), \(hi)] (mean \(m))", sourceLocation: sourceLocation)
        // The interval must be informative (at most +-12.5% of the value),
        // or the check above proves little.
        #expect(hi - lo <= 0.25 * abs(exact), "\(name): CI [\(lo), \(hi)] too wide to test anything", sourceLocation: sourceLocation)
    }

    /// Erlang C: probability of waiting in M/M/c with offered load a = λ/μ.
    static func erlangC(c: Int, a: Double) -> Double {
        var term = 1.0, sum = 1.0
        for k in 1..<c { term *= a / Double(k); sum += term }
        let last = term * a / Double(c)
        let rho = a / Double(c)
        let top = last / (1 - rho)
        return top / (sum + top)
    }

    /// Erlang B: blocking probability of M/M/c/c.
    static func erlangB(c: Int, a: Double) -> Double {
        var b = 1.0
        for k in 1...c { b = a * b / (Double(k) + a * b) }
        return b
    }

    static func single(servers: Int, perMinute: Double, service: String, warmup: String = "2000m", horizon: String = "42000m") -> String {
        """
        name: validation
        run: {horizon: \(horizon), warmup: \(warmup)}
        units:
          server: \(servers)
        arrivals:
          customers: {pathway: queue, per_minute: \(perMinute)}
        pathways:
          queue:
            steps:
              - seize: server
              - milestone: start
              - delay: {name: service, duration: \(service)}
              - release: server
        kpis:
          wait: {from: arrival, to: start, target: 0m}
        """
    }

    @Test("M/M/1: mean wait, P(wait), queue length and utilisation")
    func mm1() throws {
        let s = try Self.run(Self.single(servers: 1, perMinute: 0.8, service: "{exponential: {mean: 1m}}"))
        // rho = 0.8: Wq = rho / (mu - lambda) = 4 min; P(wait) = rho; Lq = lambda Wq.
        Self.expectContains(s, "wait.mean", 4.0)
        Self.expectContains(s, "unit.server.wait_mean_min", 4.0)
        Self.expectContains(s, "unit.server.queue_mean", 3.2)
        Self.expectContains(s, "unit.server.utilisation", 0.8)
        // within_target with target 0 = share that did not wait = 1 - P(wait).
        Self.expectContains(s, "wait.within_target", 0.2)
    }

    @Test("M/M/3 against Erlang C")
    func mm3() throws {
        let s = try Self.run(Self.single(servers: 3, perMinute: 2.4, service: "{exponential: {mean: 1m}}"))
        let pw = Self.erlangC(c: 3, a: 2.4)                  // 0.6472
        let wq = pw / (3 - 2.4)                               // C / (c mu - lambda) = 1.0787 min
        Self.expectContains(s, "wait.mean", wq)
        Self.expectContains(s, "wait.within_target", 1 - pw)
        Self.expectContains(s, "unit.server.queue_mean", 2.4 * wq)
    }

    @Test("M/M/5/5 loss system: blocking probability by Erlang B")
    func loss() throws {
        let yaml = """
        name: loss
        run: {horizon: 22000m, warmup: 2000m}
        units:
          bed: 5
        arrivals:
          patients: {pathway: stay, per_minute: 4}
        pathways:
          stay:
            steps:
              - seize: {unit: bed, balk: {when_queue_at_least: 0}}
              - delay: {name: stay, duration: {exponential: {mean: 1m}}}
              - release: bed
        """
        let s = try Self.run(yaml)
        let b = s.names.firstIndex(of: "pathway.stay.balked")!, c = s.names.firstIndex(of: "pathway.stay.completed")!
        let blocked = s.values.map { $0[b] / ($0[b] + $0[c]) }
        let e = Estimate(blocked, level: 0.999)
        let exact = Self.erlangB(c: 5, a: 4)                 // 0.1991
        #expect(e.ciLow <= exact && exact <= e.ciHigh, "blocking \(exact) not in [\(e.ciLow), \(e.ciHigh)]")
        #expect(e.ciHigh - e.ciLow < 0.15 * exact)
    }

    @Test("M/G/1 with lognormal service against Pollaczek-Khinchine")
    func mg1() throws {
        let s = try Self.run(Self.single(servers: 1, perMinute: 0.5, service: "{lognormal: {mean: 1.2m, sd: 0.9m}}"))
        // Wq = lambda E[S^2] / (2 (1 - rho)), E[S^2] = sd^2 + mean^2.
        let es2 = 0.9 * 0.9 + 1.2 * 1.2
        Self.expectContains(s, "wait.mean", 0.5 * es2 / (2 * (1 - 0.6)))
    }

    @Test("Two-class non-preemptive priority M/M/1 against Cobham's formula")
    func priority() throws {
        let yaml = """
        name: priority
        run: {horizon: 42000m, warmup: 2000m}
        attributes:
          class: [high, low]
        units:
          server: 1
        arrivals:
          urgent: {pathway: queue, per_minute: 0.3, set: {class: high}}
          routine: {pathway: queue, per_minute: 0.5, set: {class: low}}
        pathways:
          queue:
            steps:
              - seize: {unit: server, priority: class}
              - milestone: start
              - delay: {name: service, duration: {exponential: {mean: 1m}}}
              - release: server
        kpis:
          wait: {from: arrival, to: start, by: class}
        """
        let s = try Self.run(yaml)
        // W0 = sum lambda_i E[S^2] / 2 = 0.8 x 2 / 2; Wq1 = W0 / (1 - rho1); Wq2 = W0 / ((1 - rho1)(1 - rho)).
        let w0 = 0.8
        Self.expectContains(s, "wait[high].mean", w0 / 0.7)
        Self.expectContains(s, "wait[low].mean", w0 / (0.7 * 0.2))
    }

    @Test("Tandem Jackson network: waits and sojourn time")
    func tandem() throws {
        let yaml = """
        name: tandem
        run: {horizon: 42000m, warmup: 2000m}
        units:
          first: 1
          second: 1
        arrivals:
          jobs: {pathway: line, per_minute: 0.6}
        pathways:
          line:
            steps:
              - activity: {name: one, uses: first, duration: {exponential: {mean: 1m}}}
              - activity: {name: two, uses: second, duration: {exponential: {mean: 1.25m}}}
        """
        let s = try Self.run(yaml)
        // Each station is M/M/1 with Poisson input (Burke): Wq = rho / (mu - lambda).
        Self.expectContains(s, "unit.first.wait_mean_min", 0.6 / (1 - 0.6))
        Self.expectContains(s, "unit.second.wait_mean_min", 0.75 / (0.8 - 0.6))
        Self.expectContains(s, "pathway.line.time_in_system_mean_min", 1 / (1 - 0.6) + 1 / (0.8 - 0.6))
    }

    @Test("Little's law L = lambda W on every unit of the baseline hospital")
    func littlesLaw() throws {
        let here = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        let path = here.appendingPathComponent("../../Scenarios/baseline.yaml").standardized.path
        var sc = try ScenarioCompiler.compile(file: path)
        sc.model.horizon = 70 * 1440
        sc.model.warmup = 10 * 1440
        let results = try Runner.run(model: sc.model, config: sc.collector, seed: 3, replications: 0..<2, workers: 2)
        let days = 60.0
        for r in results {
            var checked = 0
            for u in sc.units {
                guard let lq = r["unit.\(u.name).queue_mean"], let w = r["unit.\(u.name).wait_mean_min"],
                      let n = r["unit.\(u.name).served"] else { continue }
                // Sample-path Little's law holds up to the waits that straddle
                // the ends of the 60-day window: their share of the waiting
                // time is about (queue at an edge) x W / (Lq x T), small when
                // waits are short against the window and many are served.
                // Units with waits of days (wards, the psychologist's list)
                // are left out: one edge patient is a large share there.
                guard n > 1000, lq > 0.05, w < 0.005 * days * 1440 else { continue }
                // Patients who reneged from the queue waited too: L counts
                // them, so lambda W takes them in with their own mean wait.
                let gaveUp = r["unit.\(u.name).reneged"] ?? 0
                let wr = gaveUp > 0 ? (r["unit.\(u.name).reneged_wait_mean_min"] ?? 0) : 0
                let lambda = n / (days * 1440)
                let lw = (n * w + gaveUp * wr) / (days * 1440)
                #expect(abs(lq - lw) / lq < 0.05, "\(u.name): Lq \(lq) vs lambda W \(lw) (\(lambda) x \(w) + reneged), served \(n)")
                checked += 1
            }
            #expect(checked >= 3, "Little's law checked on \(checked) units")
        }
    }
}

@Suite("Output analysis")
struct OutputAnalysisTests {
    static let model = """
        name: crn
        run: {horizon: 12000m, warmup: 1000m}
        units:
          server: 3
        arrivals:
          customers: {pathway: queue, per_minute: 2.5}
        pathways:
          queue:
            steps:
              - seize: server
              - milestone: start
              - delay: {name: service, duration: {exponential: {mean: 1m}}}
              - release: server
        kpis:
          wait: {from: arrival, to: start}
        """

    @Test("Common random numbers shrink the CI of a difference")
    func crnShrinksDifferences() throws {
        let base = try ScenarioCompiler.compile(try ScenarioLoader.load(text: Self.model, file: "a.yaml"))
        let faster = try ScenarioCompiler.compile(try ScenarioLoader.load(
            text: Self.model.replacingOccurrences(of: "mean: 1m", with: "mean: 0.95m"), file: "b.yaml"))
        let n = 10
        let b = RunSummary(try Runner.run(model: base.model, config: base.collector, seed: 11, replications: 0..<n, workers: 2))
        let crn = RunSummary(try Runner.run(model: faster.model, config: faster.collector, seed: 11, replications: 0..<n, workers: 2))
        let indep = RunSummary(try Runner.run(model: faster.model, config: faster.collector, seed: 99, replications: 0..<n, workers: 2))
        let k = b.names.firstIndex(of: "wait.mean")!
        let dCRN = Estimate((0..<n).map { crn.values[$0][k] - b.values[$0][k] })
        let dInd = Estimate((0..<n).map { indep.values[$0][k] - b.values[$0][k] })
        // Same arrivals and service draws: the paired differences vary far
        // less than those of independent runs.
        #expect(dCRN.halfWidth < 0.5 * dInd.halfWidth, "CRN half-width \(dCRN.halfWidth) vs independent \(dInd.halfWidth)")
        #expect(dCRN.ciHigh < 0, "a faster server must shorten the wait, CI [\(dCRN.ciLow), \(dCRN.ciHigh)]")
    }

    @Test("Results are identical to the last bit whatever the number of workers")
    func workersDoNotChangeResults() throws {
        let sc = try ScenarioCompiler.compile(try ScenarioLoader.load(text: Self.model, file: "a.yaml"))
        let one = try Runner.run(model: sc.model, config: sc.collector, seed: 5, replications: 0..<6, workers: 1)
        let two = try Runner.run(model: sc.model, config: sc.collector, seed: 5, replications: 0..<6, workers: 2)
        let four = try Runner.run(model: sc.model, config: sc.collector, seed: 5, replications: 0..<6, workers: 4)
        let j1 = Outputs.summary(sc, seed: 5, summary: RunSummary(one)).serialized()
        #expect(j1 == Outputs.summary(sc, seed: 5, summary: RunSummary(two)).serialized())
        #expect(j1 == Outputs.summary(sc, seed: 5, summary: RunSummary(four)).serialized())
        #expect(Outputs.series(sc, one).serialized() == Outputs.series(sc, four).serialized())
        for (a, b) in zip(one, four) { #expect(a.values.map(\.bitPattern) == b.values.map(\.bitPattern)) }
    }

    @Test("Replication r does not depend on which other replications run")
    func replicationsAreIndependent() throws {
        let sc = try ScenarioCompiler.compile(try ScenarioLoader.load(text: Self.model, file: "a.yaml"))
        let all = try Runner.run(model: sc.model, config: sc.collector, seed: 5, replications: 0..<4, workers: 2)
        let third = try Runner.run(model: sc.model, config: sc.collector, seed: 5, replications: 2..<3, workers: 1)
        #expect(all[2].values.map(\.bitPattern) == third[0].values.map(\.bitPattern))
    }

    @Test("t-based confidence interval matches the textbook formula")
    func tInterval() {
        let e = Estimate([1, 2, 3, 4, 5])
        // mean 3, sd 1.5811, t(0.975, 4) = 2.7764: half-width 1.9632.
        #expect(abs(e.mean - 3) < 1e-12)
        #expect(abs(e.halfWidth - 2.776445 * 1.581139 / 5.0.squareRoot()) < 1e-4)
        #expect(Estimate([2]).ciLow.isNaN)
        #expect(Estimate([.nan, 1, 3]).n == 2)
    }

    @Test("MSER-5 finds an initial transient")
    func mser() {
        // 200 observations: a decaying start, then noise around 10.
        var g = SplitMix(state: 1)
        var series: [Double] = []
        for i in 0..<400 {
            let transient: Double = i < 60 ? Double(60 - i) * 0.5 : 0
            series.append(10 + transient + g.normal())
        }
        let cut = MSER.truncation(series)
        #expect(cut >= 40 && cut <= 90, "truncated \(cut)")
        var flat: [Double] = []
        for _ in 0..<400 { flat.append(10 + g.normal()) }
        #expect(MSER.truncation(flat) <= 40)
    }
}

struct SplitMix {
    var state: UInt64
    mutating func next() -> Double {
        state &+= 0x9e37_79b9_7f4a_7c15
        var z = state
        z = (z ^ (z >> 30)) &* 0xbf58_476d_1ce4_e5b9
        z = (z ^ (z >> 27)) &* 0x94d0_49bb_1331_11eb
        return Double((z ^ (z >> 31)) >> 11) / Double(1 << 53)
    }
    mutating func normal() -> Double {
        let u = max(1e-300, next()), v = next()
        return (-2 * log(u)).squareRoot() * cos(2 * .pi * v)
    }
}
