import Testing
@testable import CareFlowEngine
import CareFlowRandom
import CareFlowStats

@Suite("Routing by the state of units")
struct StateRoutingTests {
    /// Two single-server units fed by one Poisson stream, each patient
    /// routed by `rule` (or at random, 50/50, when nil).
    static func twoQueues(rule: StateRule?, lambda: Double, mu: Double, patients: Int) throws -> Model {
        let b = ModelBuilder()
        let units = [b.unit("a", capacity: 1), b.unit("b", capacity: 1)]
        let p = try b.pathway("patients") { p in
            let to = [p.label(), p.label()]
            if let rule { p.branch(byState: rule, units: units, to: to) } else { try p.branch([0.5, 0.5], to: to, stream: "route") }
            for k in 0..<2 {
                p.place(to[k])
                p.seize(units[k])
                p.delay(try .exponential(mean: 1 / mu), stream: "service")
                p.release(units[k])
                p.leave()
            }
        }
        b.poisson("patients", ratePerMinute: lambda, pathway: p, limit: patients)
        return try b.build()
    }

    /// Join the shortest queue, two exponential servers, μ = 1, λ = 1.6
    /// (ρ = 0.8 per server). Exact bounds for the mean time in system W
    /// (by Little's law, L = λW): JSQ does no better than the pooled M/M/2
    /// (one queue, no server ever idle while someone waits: W = 1/μ +
    /// C(2, a)/(2μ - λ) = 2.7778) and no worse than two separate M/M/1 with
    /// random routing (W = 1/(μ - λ/2) = 5); see Winston (1977), "Optimality
    /// of the shortest line discipline", J. Appl. Prob. 14:181-189, and the
    /// symmetric-JSQ analyses of Adan, Wessels & Zijm (1990). 10
    /// replications of 40,000 patients; tolerance: 99.9% Student-t interval
    /// from their spread (t(9) = 4.78 SE). The bounds are 2.2 min apart and
    /// the interval is checked to be under 0.25 min, so the test can tell
    /// JSQ from random routing: it must also beat the upper bound by more
    /// than the interval, and random routing must match W = 5.
    @Test("join-the-shortest-queue of two M/M/1 lies between M/M/2 and two separate M/M/1")
    func jsqBounds() throws {
        let (lambda, mu, n, reps) = (1.6, 1.0, 40_000, 10)
        func meanW(_ rule: StateRule?) throws -> (Double, Double) {
            let model = try Self.twoQueues(rule: rule, lambda: lambda, mu: mu, patients: n)
            let ws = (0..<reps).map { runResult(model, seed: 77, replication: $0)["pathway.patients.time_in_system_mean_min"]! }
            let (m, se) = meanAndSE(ws)
            return (m, tolerance(se: se, replications: reps))
        }
        let (pw, wq) = erlangC(servers: 2, lambda: lambda, mu: mu)
        let lower = 1 / mu + wq
        #expect(abs(pw - 2 * 0.64 / 1.8) < 1e-9)       // C(2, a) = 2ρ²/(1 + ρ)
        let upper = 1 / (mu - lambda / 2)
        let (jsq, tol) = try meanW(.shortestQueue)
        #expect(tol < 0.25, "interval \(tol) too wide to separate the bounds")
        #expect(jsq >= lower - tol, "JSQ W \(jsq) ± \(tol) below the M/M/2 bound \(lower)")
        #expect(jsq + tol < upper, "JSQ W \(jsq) ± \(tol) not better than random routing (\(upper))")
        // The control: random routing is two separate M/M/1.
        let (random, rtol) = try meanW(nil)
        #expect(abs(random - upper) <= rtol, "random routing W \(random) ± \(rtol) vs \(upper)")
        // On single servers least_occupied (idle first, ties: fewer waiting)
        // makes the same choices as shortest_queue: the same sample path.
        let (lo, _) = try meanW(.leastOccupied)
        #expect(lo == jsq)
    }

    /// Ties are broken reproducibly: by the other measure, then by the
    /// order of the options. Three single-server units a, b, c, service 10
    /// min, patients at 0, 1, 2, 3, 4 (shortest_queue): a, b, c (all empty,
    /// then the idle ones in order), then a and b again (queues 0, 0, 0,
    /// all busy: first listed; then a has 1 waiting: b).
    @Test("shortest_queue and least_occupied break ties by the order of the options")
    func deterministicTies() throws {
        func routed(_ rule: StateRule, capacities: [Int], arrivals: [Double]) throws -> [Int32] {
            let b = ModelBuilder()
            let units = capacities.enumerated().map { b.unit("u\($0.offset)", capacity: $0.element) }
            let p = try b.pathway("p") { p in
                let to = units.map { _ in p.label() }
                p.branch(byState: rule, units: units, to: to)
                for k in units.indices {
                    p.place(to[k])
                    p.seize(units[k])
                    p.delay(try .fixed(10))
                    p.release(units[k])
                    p.leave()
                }
            }
            b.source("p", pathway: p, pattern: .scheduled(arrivals))
            let log = runLog(try b.build())
            return log.entries.filter { $0.kind == .enqueue || ($0.kind == .seize && $0.waited == 0) }.sorted { $0.patient < $1.patient }.map(\.unit)
        }
        #expect(try routed(.shortestQueue, capacities: [1, 1, 1], arrivals: [0, 1, 2, 3, 4]) == [0, 1, 2, 0, 1])
        // Wards of 2 and 4 beds, nobody leaves within the arrivals: 0 -> a
        // (0/2 and 0/4 tie: first listed), 1 -> b (0/4 < 1/2), 2 -> b (1/4),
        // 3 -> a (1/2 and 2/4 tie exactly: first listed), 4, 5 -> b.
        #expect(try routed(.leastOccupied, capacities: [2, 4], arrivals: [0, 1, 2, 3, 4, 5]) == [0, 1, 1, 0, 1, 1])
        // The same state always gives the same choice: run twice.
        #expect(try routed(.leastOccupied, capacities: [2, 4], arrivals: [0, 1, 2, 3, 4, 5])
                == routed(.leastOccupied, capacities: [2, 4], arrivals: [0, 1, 2, 3, 4, 5]))
    }

    /// first_free: the first option with a free place, in preference order;
    /// none free: the otherwise target (here: leave), or without one the
    /// first option.
    @Test("first_free takes the first free option, else otherwise")
    func firstFree() throws {
        for withOtherwise in [true, false] {
            let b = ModelBuilder()
            let home = b.unit("home_ward", capacity: 1), overflow = b.unit("overflow", capacity: 1)
            let p = try b.pathway("p") { p in
                let to = [p.label(), p.label()], none = p.label()
                p.branch(byState: .firstFree, units: [home, overflow], to: to, otherwise: withOtherwise ? none : nil)
                for (k, u) in [home, overflow].enumerated() {
                    p.place(to[k])
                    p.seize(u)
                    p.delay(try .fixed(10))
                    p.release(u)
                    p.leave()
                }
                p.place(none)
                p.leave()
            }
            b.source("p", pathway: p, pattern: .scheduled([0, 1, 2]))
            let log = runLog(try b.build())
            // 0 -> home, 1 -> overflow, 2 -> none free.
            #expect(log.times(.seize, unit: home)[0] == 0 && log.times(.seize, unit: overflow)[1] == 1)
            if withOtherwise {
                #expect(log.times(.depart)[2] == 2)
            } else {
                #expect(log.times(.seize, unit: home)[2] == 10)
            }
        }
    }
}
