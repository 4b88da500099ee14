import CareFlowAnalysis
import CareFlowOptimise
import CareFlowScenario
import Foundation
import Testing

/// `careflow optimise` against exact answers: Erlang C staffing, Erlang B
/// beds, and a tandem line (Jackson network) checked against brute force.
///
/// Why these can be exact: every case is chosen so that the true KPI of the
/// answer and of the next cheaper configuration lie at least 1.3 tolerances
/// (the procedure's indifference zone) from the limit. Andradóttir & Kim's
/// check is right with probability ≥ 95% even at one tolerance from the
/// limit; further out the chance of a wrong decision falls fast (the test
/// statistic's drift grows linearly with the distance). Seeds are fixed,
/// so the tests are deterministic; nothing was tuned to make them pass.
@Suite("Optimise: exact answers")
struct ExactAnswerTests {
    static func erlangC(c: Int, a: Double) -> Double {
        var term = 1.0, sum = 1.0
        for k in 1..<c { term *= a / Double(k); sum += term }
        let top = term * a / Double(c) / (1 - a / Double(c))
        return top / (sum + top)
    }

    static func erlangB(c: Int, a: Double) -> Double {
        var b = 1.0
        for k in 1...c { b = a * b / (Double(k) + a * b) }
        return b
    }

    /// Writes base.yaml and opt.yaml into a fresh folder and parses the optimise file.
    static func spec(base: String, opt: String) throws -> OptimiseSpec {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("careflow-opt-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        try base.write(toFile: dir + "/base.yaml", atomically: true, encoding: .utf8)
        try opt.write(toFile: dir + "/opt.yaml", atomically: true, encoding: .utf8)
        return try OptimiseFile.load(dir + "/opt.yaml")
    }

    static func mmc(perMinute: Double, balk: Bool, horizon: String = "20d") -> String {
        """
        name: mmc
        run: {horizon: \(horizon), warmup: 1d, seed: 11}
        units:
          server: 1
        arrivals:
          customers: {pathway: queue, per_minute: \(perMinute)}
        pathways:
          queue:
            steps:
              - seize: \(balk ? "{unit: server, balk: {when_full: true}}" : "server")
              - milestone: start
              - delay: {name: service, duration: {exponential: {mean: 10m}}}
              - release: server
        kpis:
          wait: {from: arrival, to: start, target: 0m}
        costs:
          units:
            server: {per_capacity_hour: 100}
        """
    }

    static func opt(from: Int, to: Int, constraint: String) -> String {
        """
        optimise: staffing
        base: base.yaml
        variables:
          servers: {path: units.server, from: \(from), to: \(to)}
        constraints:
          - \(constraint)
        objective: {minimise: cost.total_per_year}
        replications: {first: 10, max: 200, batch: 5}
        """
    }

    @Test("M/M/c: fewest servers with P(wait) <= 0.2 is the Erlang C minimum", arguments: [2.0, 4.0, 10.0])
    func erlangCProbability(load a: Double) throws {
        let exact = (Int(a) + 1...100).first { Self.erlangC(c: $0, a: a) <= 0.2 }!
        let s = try Self.spec(base: Self.mmc(perMinute: a / 10, balk: false),
                              opt: Self.opt(from: Int(a) + 1, to: Int(a) + 10, constraint: "{kpi: wait.within_target, at_least: 0.8, confidence: 0.95, tolerance: 0.02}"))
        let r = try Optimiser.run(s, store: nil, workers: 2)
        let chosen = try #require(r.chosen)
        #expect(s.configurations[chosen].values == [exact], "load \(a): chose \(s.configurations[chosen].values), Erlang C gives \(exact)")
        // Every cheaper configuration was shown infeasible.
        for st in r.states where s.configurations[st.id].values[0] < exact { #expect(st.status == .infeasible) }
    }

    @Test("M/M/c: fewest servers with mean wait <= 2 min is the Erlang C minimum", arguments: [2.0, 4.0, 15.0])
    func erlangCWait(load a: Double) throws {
        let w: (Int) -> Double = { c in Self.erlangC(c: c, a: a) / (Double(c) / 10 - a / 10) }
        let exact = (Int(a) + 1...100).first { w($0) <= 2 }!
        let s = try Self.spec(base: Self.mmc(perMinute: a / 10, balk: false),
                              opt: Self.opt(from: Int(a) + 1, to: Int(a) + 10, constraint: "{kpi: unit.server.wait_mean_min, at_most: 2m, confidence: 0.95, tolerance: 0.25m}"))
        let r = try Optimiser.run(s, store: nil, workers: 2)
        let chosen = try #require(r.chosen)
        #expect(s.configurations[chosen].values == [exact], "load \(a): chose \(s.configurations[chosen].values), Erlang C gives \(exact)")
    }

    @Test("Erlang B: fewest beds with blocking <= 1% is the Erlang B minimum", arguments: [2.0, 4.0])
    func erlangBBlocking(load a: Double) throws {
        let exact = (1...200).first { Self.erlangB(c: $0, a: a) <= 0.01 }!
        let s = try Self.spec(base: Self.mmc(perMinute: a / 10, balk: true, horizon: "40d"),
                              opt: Self.opt(from: exact - 4, to: exact + 4, constraint: "{kpi: unit.server.balked / pathway.queue.arrivals, at_most: 0.01, confidence: 0.95, tolerance: 0.001}"))
        let r = try Optimiser.run(s, store: nil, workers: 2)
        let chosen = try #require(r.chosen)
        #expect(s.configurations[chosen].values == [exact], "load \(a): chose \(s.configurations[chosen].values), Erlang B gives \(exact)")
    }

    static let tandem = """
        name: tandem
        run: {horizon: 15d, warmup: 1d, seed: 5}
        units:
          nurse: 1
          doctor: 1
        arrivals:
          patients: {pathway: line, per_minute: 0.5}
        pathways:
          line:
            steps:
              - activity: {name: first, uses: nurse, duration: {exponential: {mean: 3m}}}
              - activity: {name: second, uses: doctor, duration: {exponential: {mean: 8m}}}
        costs:
          units:
            nurse: {per_capacity_hour: 600}
            doctor: {per_capacity_hour: 1000}
        """

    @Test("two units in tandem: the answer agrees with brute-force enumeration (and with Jackson's theorem)")
    func tandemBruteForce() throws {
        let s = try Self.spec(base: Self.tandem, opt: """
            optimise: tandem
            base: base.yaml
            variables:
              nurses: {path: units.nurse, from: 2, to: 5}
              doctors: {path: units.doctor, from: 5, to: 9}
            constraints:
              - {kpi: pathway.line.time_in_system_mean_min, at_most: 12m, confidence: 0.95, tolerance: 0.1m}
            replications: {first: 10, max: 100, batch: 5}
            """)
        let r = try Optimiser.run(s, store: nil, workers: 2)
        let chosen = try #require(r.chosen)
        // Brute force: every configuration, 30 replications, cheapest whose mean meets the limit.
        let results = try Runner.runAll(s.configurations.map { ($0.model, $0.config) }, seed: s.seed, replications: 0..<30, workers: 2)
        let feasible = s.configurations.indices.filter { c in
            RunSummary(results[c]).estimate("pathway.line.time_in_system_mean_min")!.mean <= 12
        }
        let brute = feasible.min { (s.configurations[$0].knownObjective, $0) < (s.configurations[$1].knownObjective, $1) }
        #expect(brute == chosen, "optimiser \(s.configurations[chosen].values), brute force \(brute.map { s.configurations[$0].values } ?? [])")
        // Jackson: W = W1(c1) + W2(c2) + 11 minutes; the cheapest with W <= 12 is 3 nurses, 7 doctors.
        #expect(s.configurations[chosen].values == [3, 7])
        // Fewer configurations were simulated than brute force needs.
        #expect(r.evaluations < s.configurations.count)
    }
}
