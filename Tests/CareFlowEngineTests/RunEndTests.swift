import Testing
@testable import CareFlowEngine
import CareFlowRandom

@Suite("When a run ends")
struct RunEndTests {
    /// Regression: with no horizon, a repeating capacity schedule used to
    /// schedule its next change for ever, so run() never returned. Three
    /// patients at 0, 30 minutes each on one server: the run ends at 90.
    @Test("without a horizon, a repeating capacity schedule does not keep the run going")
    func cyclicScheduleWithoutHorizon() throws {
        let b = ModelBuilder()
        let u = b.unit("clinic", capacity: 1, schedule: CapacitySchedule(changes: [(480, 2), (1200, 1)], cycle: 1440))
        try servicePathway(b, "p", unit: u, service: 30)
        b.source("s", pathway: 0, pattern: .scheduled([0, 0, 0]))
        let sim = run(try b.build(), EventLog())
        #expect(sim.now == 90)
        #expect(sim.observer.times(.depart) == [0: 30, 1: 60, 2: 90])
        #expect(sim.observer.capacityChanges.isEmpty)
    }

    /// Patients who are served cancel patience timers set for 100 minutes;
    /// the timers' events are still in the list (cancellation is lazy). The
    /// run must end when the last patient leaves (20), not at the last dead
    /// timer (102), or every time average would be diluted: the desk was busy
    /// all of [0, 20].
    @Test("without a horizon, cancelled timers neither run nor stretch the run")
    func cancelledTimersDoNotStretchTheRun() throws {
        let b = ModelBuilder()
        let u = b.unit("desk", capacity: 1)
        let patient = try patientPathway(b, "patient", unit: u, patience: 100, service: 10)
        b.source("patient", pathway: patient, pattern: .scheduled([0, 2]))
        let sim = run(try b.build(), StandardCollector())
        #expect(sim.now == 20)
        let r = sim.observer.result()
        #expect(r["unit.desk.utilisation"] == 1)
        #expect(r["unit.desk.queue_mean"] == 8.0 / 20)
    }

    @Test("with a horizon, the run ends exactly at the horizon")
    func endsAtHorizon() throws {
        let b = ModelBuilder()
        b.horizon = 500
        let u = b.unit("clinic", capacity: 1, schedule: CapacitySchedule(changes: [(0, 1), (50, 0)], cycle: 100))
        try servicePathway(b, "p", unit: u, service: 30)
        b.source("s", pathway: 0, pattern: .scheduled([0, 600]))
        let sim = run(try b.build(), EventLog())
        #expect(sim.now == 500)
        #expect(sim.observer.count(.arrive) == 1)        // 600 is beyond the horizon
        #expect(sim.observer.capacityChanges.last?.time == 500)
    }

    @Test("a model with no arrival sources ends at once")
    func noSources() throws {
        let b = ModelBuilder()
        b.unit("clinic", capacity: 1, schedule: CapacitySchedule(changes: [(0, 1), (50, 0)], cycle: 100))
        try b.pathway("p") { $0.leave() }
        let sim = run(try b.build(), NullObserver())
        #expect(sim.now == 0 && sim.eventCount == 0)
    }
}

@Suite("Pathway control steps")
struct PathwayControlTests {
    /// Wait until 08:00: from 05:00 that is the same day; at 08:00 exactly,
    /// no wait; from 10:00, the next day.
    @Test("delayUntilTimeOfDay waits for the next given time of day")
    func untilTimeOfDay() throws {
        let b = ModelBuilder()
        let p = try b.pathway("p") { p in p.delayUntilTimeOfDay(try .fixed(480)) }
        b.source("s", pathway: p, pattern: .scheduled([300, 480, 600]))
        let log = runLog(try b.build())
        #expect(log.times(.depart) == [0: 480, 1: 480, 2: 1440 + 480])
    }

    @Test("repeatBlock runs its body the given number of times, for every patient")
    func repeatBlock() throws {
        let b = ModelBuilder()
        let p = try b.pathway("p") { p in
            try p.repeatBlock(times: 3) { p.delay(try .fixed(5)) }
        }
        b.source("s", pathway: p, pattern: .scheduled([0, 100]))
        let log = runLog(try b.build())
        // The counter is per patient and reset after the block.
        #expect(log.times(.depart) == [0: 15, 1: 115])
    }
}
