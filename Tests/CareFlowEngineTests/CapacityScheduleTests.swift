import Testing
@testable import CareFlowEngine
import CareFlowRandom

@Suite("Capacity schedules")
struct CapacityScheduleTests {
    @Test("capacity(at:) of a one-off schedule: initial capacity until the first change")
    func oneOffLookup() {
        let s = CapacitySchedule(changes: [(480, 3), (1200, 1)], cycle: nil)
        #expect(s.capacity(at: 0, initial: 2) == 2)
        #expect(s.capacity(at: 479.9, initial: 2) == 2)
        #expect(s.capacity(at: 480, initial: 2) == 3)
        #expect(s.capacity(at: 1199, initial: 2) == 3)
        #expect(s.capacity(at: 1200, initial: 2) == 1)
        #expect(s.capacity(at: 1e6, initial: 2) == 1)
    }

    @Test("capacity(at:) of a daily schedule wraps: before the first change, the last one holds")
    func cyclicLookup() {
        let s = CapacitySchedule(changes: [(480, 3), (1200, 1)], cycle: 1440)
        #expect(s.capacity(at: 0, initial: 9) == 1)
        #expect(s.capacity(at: 479, initial: 9) == 1)
        #expect(s.capacity(at: 480, initial: 9) == 3)
        #expect(s.capacity(at: 1199, initial: 9) == 3)
        #expect(s.capacity(at: 1200, initial: 9) == 1)
        #expect(s.capacity(at: 1440 + 480, initial: 9) == 3)
        #expect(s.capacity(at: 10 * 1440 + 1300, initial: 9) == 1)
    }

    /// Capacity 2 from t=0 (a change at 0 overrides the unit's capacity
    /// 0), 1 from 10, 3 from 20. Five patients at 0, 15 minutes each:
    /// 0 and 1 run 0-15 and are not interrupted when capacity drops at 10;
    /// at 15 only one may start (2, 15-30); at 20 the rise starts 3 and 4.
    @Test("patients in service finish when capacity drops; waiters start when it rises")
    func dropAndRise() throws {
        let b = ModelBuilder()
        let u = b.unit("beds", capacity: 0, schedule: CapacitySchedule(changes: [(0, 2), (10, 1), (20, 3)], cycle: nil))
        let p = try servicePathway(b, "p", unit: u, service: 15)
        b.source("s", pathway: p, pattern: .scheduled([0, 0, 0, 0, 0]))
        let sim = run(try b.build(), EventLog())
        let log = sim.observer
        #expect(log.times(.seize) == [0: 0, 1: 0, 2: 15, 3: 20, 4: 20])
        #expect(log.times(.depart) == [0: 15, 1: 15, 2: 30, 3: 35, 4: 35])
        #expect(log.capacityChanges.map(\.time) == [10, 20])
        #expect(log.capacityChanges.map(\.capacity) == [1, 3])
        #expect(sim.capacityNow(unit: 0) == 3)
    }

    /// Open 0-50 of every 100 minutes, closed 50-100. Three patients at 0,
    /// 30 minutes each: 0 runs 0-30, 1 runs 30-60 (over the closing time),
    /// 2 waits for the reopening at 100 and runs 100-130.
    @Test("a cyclic schedule repeats; a closed unit starts no one until it reopens")
    func cyclicOpening() throws {
        let b = ModelBuilder()
        b.horizon = 1000
        let u = b.unit("clinic", capacity: 1, schedule: CapacitySchedule(changes: [(0, 1), (50, 0)], cycle: 100))
        let p = try servicePathway(b, "p", unit: u, service: 30)
        b.source("s", pathway: p, pattern: .scheduled([0, 0, 0]))
        let model = try b.build()
        let log = runLog(model)
        #expect(log.times(.seize) == [0: 0, 1: 30, 2: 100])
        #expect(log.times(.depart) == [0: 30, 1: 60, 2: 130])
        // Changes at 50, 100, 150, ..., 1000: twenty, alternating 0 and 1.
        #expect(log.capacityChanges.map(\.time) == (1...20).map { Double($0) * 50 })
        #expect(log.capacityChanges.map(\.capacity) == (1...20).map { $0 % 2 == 1 ? 0 : 1 })
        // Utilisation is busy time over scheduled capacity time: 90 / 500.
        let r = runResult(model)
        #expect(abs(r["unit.clinic.utilisation"]! - 90.0 / 500) < 1e-12)
    }

    /// A daily shift pattern with no change at midnight: the engine's
    /// capacity at every change equals the schedule's lookup.
    @Test("a daily schedule without a change at midnight follows capacity(at:)")
    func dailyShifts() throws {
        let sched = CapacitySchedule(changes: [(480, 3), (1200, 1)], cycle: 1440)
        let b = ModelBuilder()
        b.horizon = 3 * 1440
        let u = b.unit("nurses", capacity: 7, schedule: sched)
        try servicePathway(b, "p", unit: u, service: 1)
        let log = runLog(try b.build())
        #expect(log.capacityChanges.map(\.time) == [480, 1200, 1920, 2640, 3360, 4080])
        for c in log.capacityChanges { #expect(c.capacity == sched.capacity(at: c.time, initial: 7)) }
        var sim = Simulation(model: try b.build(), seed: 1, replication: 0, observer: NullObserver())
        #expect(sim.capacityNow(unit: 0) == 1)      // at t = 0: the 20:00 shift
        sim.run()
    }
}
