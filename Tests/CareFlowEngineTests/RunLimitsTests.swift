import Testing
@testable import CareFlowEngine
import CareFlowRandom

/// The runaway and no-progress guards (issue 11, classes 4 and 5): a run
/// that would eat the machine's memory or never end stops with a reason
/// that names the cause.
@Suite("Run-time limits")
struct RunLimitsTests {
    func limited(_ model: Model, _ limits: RunLimits) -> Simulation<StandardCollector> {
        var sim = Simulation(model: model, seed: 1, replication: 0, observer: StandardCollector(), limits: limits)
        sim.run()
        return sim
    }

    /// 1,000 arrivals a minute at one server with a 10-minute service: the
    /// queue grows by about 1,000 a minute. With a limit of 20,000 patients
    /// the run stops near minute 20, when patient 20,001 arrives, long
    /// before the one-year horizon.
    @Test("patients piling up stop the run, naming the unit's queue and the pathway")
    func runaway() throws {
        let b = ModelBuilder()
        let u = b.unit("doctor", capacity: 1)
        try servicePathway(b, "walk_in", unit: u, service: 10)
        b.source("walk_in", pathway: 0, pattern: .poisson(rate: 1000))
        b.horizon = 525_600
        let sim = limited(try b.build(), RunLimits(maxPatients: 20_000))
        guard case let .tooManyPatients(inSystem, limit, time, unit, queueLength, pathway, pathwayCount, arrivals, departures)? = sim.stopReason else {
            Issue.record("expected a runaway stop, got \(String(describing: sim.stopReason))")
            return
        }
        #expect(limit == 20_000)
        #expect(inSystem == 20_001)
        #expect(time > 15 && time < 25)
        #expect(unit == 0 && queueLength == inSystem - 2)   // one in service, one just arriving
        #expect(pathway == 0 && pathwayCount == inSystem)
        #expect(arrivals == inSystem + departures)
        #expect(sim.now == time)            // not moved on to the horizon
    }

    /// The same model within its limit runs to the horizon untouched.
    @Test("a model within the limits is not stopped and its results do not change")
    func withinLimits() throws {
        let b = ModelBuilder()
        let u = b.unit("doctor", capacity: 2)
        try servicePathway(b, "walk_in", unit: u, service: 10)
        b.source("walk_in", pathway: 0, pattern: .poisson(rate: 0.15))
        b.horizon = 100_000
        let m = try b.build()
        let guarded = limited(m, RunLimits(maxPatients: 1_000, maxStalledEvents: 1 << 20))
        let free = limited(m, .unlimited)
        #expect(guarded.stopReason == nil)
        #expect(guarded.observer.result().values == free.observer.result().values)
        #expect(guarded.now == 100_000)
    }

    /// delay 1e-300 then goto: each pass is an event and the clock moves by
    /// 1e-300 (at time 0) or not at all. Must stop after the stall limit.
    @Test("a loop of delays too small to move the clock stops with the pathway and step")
    func tinyDelayLoop() throws {
        let b = ModelBuilder()
        _ = try b.pathway("spinner") { p in
            let top = p.here()
            p.delay(try .fixed(1e-300), label: "tick")
            p.goto(top)
        }
        b.source("once", pathway: 0, pattern: .scheduled([30]))
        b.horizon = 1440
        // Built without the compile-time check (which would refuse it).
        var m = b.model
        m.horizon = 1440
        let sim = limited(m, RunLimits(maxStalledEvents: 200_000))
        guard case let .noProgress(time, events, pathway, step)? = sim.stopReason else {
            Issue.record("expected a no-progress stop, got \(String(describing: sim.stopReason))")
            return
        }
        #expect(time == 30)
        #expect(events >= 200_000 && events < 200_000 + 2 * RunLimits.checkInterval)
        #expect(pathway == 0)
        #expect(m.steps.indices.contains(Int(step)))
    }

    /// A zero-time loop with an exit of probability 1e-12: it passes the
    /// compile-time check (it has a way out) but never takes an event, so
    /// the stall is counted in jumps within the patient's turn.
    @Test("a loop without delays and with an improbable exit stops within the patient's turn")
    func improbableExit() throws {
        let b = ModelBuilder()
        _ = try b.pathway("spinner") { p in
            let top = p.here(), out = p.label()
            try p.branch([1e-12, 1 - 1e-12], to: [out, top])
            p.place(out)
            p.leave()
        }
        b.source("once", pathway: 0, pattern: .scheduled([5]))
        b.horizon = 1440
        let sim = limited(try b.build(), RunLimits(maxStalledEvents: 100_000))
        guard case let .noProgress(time, events, pathway, _)? = sim.stopReason else {
            Issue.record("expected a no-progress stop, got \(String(describing: sim.stopReason))")
            return
        }
        #expect(time == 5 && events == 100_000 && pathway == 0)
    }

    /// Many events at one instant are fine as long as there are fewer than
    /// the limit: 50,000 patients scheduled at time 0 through a desk.
    @Test("a burst of simultaneous events below the limit is not a stall")
    func simultaneousBurst() throws {
        let b = ModelBuilder()
        let u = b.unit("desk", capacity: 100_000)
        try servicePathway(b, "p", unit: u, service: 0)
        b.source("burst", pathway: 0, pattern: .scheduled(Array(repeating: 0, count: 50_000)))
        let sim = limited(try b.build(), RunLimits(maxStalledEvents: 1 << 20))
        #expect(sim.stopReason == nil)
        #expect(sim.departures == 50_000)
    }

    /// Compile time: loops of sub-1e-6-minute delays and zero-time repeats
    /// of 2^31 - 1 passes are refused by the builder.
    @Test("the builder refuses loops whose delays cannot move the clock")
    func builderRefusesTinyLoops() throws {
        let b = ModelBuilder()
        _ = try b.pathway("spinner") { p in
            let top = p.here()
            p.delay(try .fixed(1e-300))
            p.goto(top)
        }
        b.source("once", pathway: 0, pattern: .scheduled([0]))
        b.horizon = 1440
        #expect(throws: (any Error).self) { try b.build() }

        let r = ModelBuilder()
        _ = try r.pathway("repeater") { p in
            try p.repeatBlock(times: Int(Int32.max)) { p.delay(try .fixed(0)) }
        }
        r.source("once", pathway: 0, pattern: .scheduled([0]))
        r.horizon = 1440
        do {
            _ = try r.build()
            Issue.record("a zero-time repeat of 2^31 - 1 passes compiled")
        } catch {
            #expect("\(error)".contains("without taking time"))
        }
        // A real repeat (a session a week, 10 times) still compiles.
        let ok = ModelBuilder()
        _ = try ok.pathway("course") { p in
            try p.repeatBlock(times: 10) { p.delay(try .fixed(10080)) }
        }
        ok.source("once", pathway: 0, pattern: .scheduled([0]))
        _ = try ok.build()
    }
}
