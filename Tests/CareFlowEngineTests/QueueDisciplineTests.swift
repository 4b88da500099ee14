import Testing
@testable import CareFlowEngine
import CareFlowRandom

@Suite("Queue discipline: FIFO, priority, preemption")
struct QueueDisciplineTests {
    /// Four patients at t = 0, one server, 5 minutes each. The full log
    /// also shows same-instant ordering: the releasing patient's release,
    /// then the waiting patient's seize, then the releasing patient leaves.
    @Test("same-time arrivals are served first come, first served")
    func fifoAtOneInstant() throws {
        let b = ModelBuilder()
        let u = b.unit("desk", capacity: 1)
        let p = try servicePathway(b, "p", unit: u, service: 5)
        b.source("s", pathway: p, pattern: .scheduled([0, 0, 0, 0]))
        let log = runLog(try b.build())
        typealias E = EventLog.Entry
        let expected: [E] = [
            E(time: 0, patient: 0, kind: .arrive, unit: 0), E(time: 0, patient: 0, kind: .seize, unit: 0),
            E(time: 0, patient: 1, kind: .arrive, unit: 0), E(time: 0, patient: 1, kind: .enqueue, unit: 0),
            E(time: 0, patient: 2, kind: .arrive, unit: 0), E(time: 0, patient: 2, kind: .enqueue, unit: 0),
            E(time: 0, patient: 3, kind: .arrive, unit: 0), E(time: 0, patient: 3, kind: .enqueue, unit: 0),
            E(time: 5, patient: 0, kind: .release, unit: 0), E(time: 5, patient: 1, kind: .seize, unit: 0), E(time: 5, patient: 0, kind: .depart, unit: 0),
            E(time: 10, patient: 1, kind: .release, unit: 0), E(time: 10, patient: 2, kind: .seize, unit: 0), E(time: 10, patient: 1, kind: .depart, unit: 0),
            E(time: 15, patient: 2, kind: .release, unit: 0), E(time: 15, patient: 3, kind: .seize, unit: 0), E(time: 15, patient: 2, kind: .depart, unit: 0),
            E(time: 20, patient: 3, kind: .release, unit: 0), E(time: 20, patient: 3, kind: .depart, unit: 0),
        ]
        #expect(log.entries == expected)
        #expect(log.entries.filter { $0.kind == .seize }.map(\.waited) == [0, 5, 10, 15])
    }

    /// One server, 10 minutes each. Patient 0 (priority 5) is in service
    /// when 1 (priority 3, t=1), 2 (priority 1, t=2), 3 (priority 3, t=3) and
    /// 4 (priority -2, t=4) arrive. Lower numbers first, FIFO within a
    /// priority; without preemption patient 0 finishes undisturbed.
    /// A priority attribute as a whole number: NaN is 0, the rest clamped to
    /// +-1e9 and truncated toward zero (the C truncation in the hot path
    /// must give what Swift's checked `Int(_:)` gives).
    @Test("priority values become whole numbers without trapping")
    func clampedPriorities() {
        typealias S = Simulation<NullObserver>
        #expect(S.clampedInt(.nan) == 0 && S.clampedInt(-.nan) == 0)
        #expect(S.clampedInt(.infinity) == 1_000_000_000 && S.clampedInt(-.infinity) == -1_000_000_000)
        #expect(S.clampedInt(1e300) == 1_000_000_000 && S.clampedInt(-1e300) == -1_000_000_000)
        #expect(S.clampedInt(2.7) == 2 && S.clampedInt(-2.7) == -2 && S.clampedInt(-0.0) == 0)
        #expect(S.clampedInt(.leastNonzeroMagnitude) == 0 && S.clampedInt(999_999_999.9) == 999_999_999)
        var g = SeededGenerator(seed: 47)
        var bad = 0
        for _ in 0..<20_000 {
            let x = Double.random(in: -2e9...2e9, using: &g) / Double(1 << Int.random(in: 0...40, using: &g))
            if S.clampedInt(x) != Int(Swift.max(-1e9, Swift.min(1e9, x))) { bad += 1 }
        }
        #expect(bad == 0)
    }

    @Test("a priority queue serves lower numbers first, FIFO within a priority")
    func priorityThenFIFO() throws {
        let b = ModelBuilder()
        let u = b.unit("physician", capacity: 1)
        let p5 = try servicePathway(b, "p5", unit: u, service: 10, priority: 5)
        let p3 = try servicePathway(b, "p3", unit: u, service: 10, priority: 3)
        let p1 = try servicePathway(b, "p1", unit: u, service: 10, priority: 1)
        let pm = try servicePathway(b, "p-2", unit: u, service: 10, priority: -2)
        b.source("five", pathway: p5, pattern: .scheduled([0]))
        b.source("three", pathway: p3, pattern: .scheduled([1, 3]))
        b.source("one", pathway: p1, pattern: .scheduled([2]))
        b.source("minus", pathway: pm, pattern: .scheduled([4]))
        let log = runLog(try b.build())
        #expect(log.order(.seize) == [0, 4, 2, 1, 3])
        #expect(log.times(.seize) == [0: 0, 4: 10, 2: 20, 1: 30, 3: 40])
        #expect(log.times(.depart) == [0: 10, 4: 20, 2: 30, 1: 40, 3: 50])
        #expect(log.count(.preempt) == 0)
    }

    /// Capacity 3. Patient 0 takes 2 units (t=0-10); patient 1 wants 2
    /// (t=1) and must wait; patient 2 wants 1 (t=2) and, although one unit
    /// is free, must not overtake the head of the queue.
    @Test("the head of the queue is never overtaken by a smaller request")
    func noOvertaking() throws {
        let b = ModelBuilder()
        let u = b.unit("bays", capacity: 3)
        let two = try b.pathway("two") { p in
            p.seize(u, amount: 2)
            p.delay(try .fixed(10))
            p.release(u, amount: 2)
        }
        let one = try servicePathway(b, "one", unit: u, service: 10)
        b.source("two", pathway: two, pattern: .scheduled([0, 1]))
        b.source("one", pathway: one, pattern: .scheduled([2]))
        let log = runLog(try b.build())
        #expect(log.times(.seize) == [0: 0, 1: 10, 2: 10])
        #expect(log.order(.seize) == [0, 1, 2])
        #expect(log.times(.depart) == [0: 10, 1: 20, 2: 20])
    }

    /// Preemptive unit, capacity 1: a routine patient (priority 5, 10 min)
    /// starts at 0; an urgent one (priority 1, 3 min) arrives at 4 and
    /// interrupts it. The routine patient resumes at 7 for its remaining 6
    /// minutes and leaves at 13; its original wake-up at 10 is cancelled.
    @Test("an urgent patient interrupts a routine one, which resumes for its remaining time")
    func preemptionResumes() throws {
        let b = ModelBuilder()
        let u = b.unit("scanner", capacity: 1, preemptive: true)
        let routine = try servicePathway(b, "routine", unit: u, service: 10, priority: 5)
        let urgent = try servicePathway(b, "urgent", unit: u, service: 3, priority: 1)
        b.source("routine", pathway: routine, pattern: .scheduled([0]))
        b.source("urgent", pathway: urgent, pattern: .scheduled([4]))
        let log = runLog(try b.build())
        typealias E = EventLog.Entry
        #expect(log.entries == [
            E(time: 0, patient: 0, kind: .arrive, unit: 0), E(time: 0, patient: 0, kind: .seize, unit: 0),
            E(time: 4, patient: 1, kind: .arrive, unit: 1),
            E(time: 4, patient: 0, kind: .release, unit: 0), E(time: 4, patient: 0, kind: .enqueue, unit: 0),
            E(time: 4, patient: 0, kind: .preempt, unit: 0), E(time: 4, patient: 1, kind: .seize, unit: 0),
            E(time: 7, patient: 1, kind: .release, unit: 0), E(time: 7, patient: 0, kind: .seize, unit: 0), E(time: 7, patient: 1, kind: .depart, unit: 1),
            E(time: 13, patient: 0, kind: .release, unit: 0), E(time: 13, patient: 0, kind: .depart, unit: 0),
        ])
        // The resumed patient waited 3 minutes in the queue after the interruption.
        #expect(log.entries.last { $0.kind == .seize }?.waited == 3)
    }

    /// Preemptive unit, capacity 2. At 0: A (priority 3, 10 min) and B
    /// (priority 5, 10 min) start. At 1: C (priority 5, 10 min) waits: equal
    /// priority does not preempt. At 2: U (priority 1, 4 min) interrupts the
    /// least urgent holder, B, who has 8 minutes left and queues ahead of C
    /// (first in its priority). U leaves at 6, B resumes 6-14; A leaves at
    /// 10 and C runs 10-20.
    @Test("preemption picks the least urgent holder, which queues first in its priority")
    func preemptionVictimAndRequeue() throws {
        let b = ModelBuilder()
        let u = b.unit("theatre", capacity: 2, preemptive: true)
        let a = try servicePathway(b, "a", unit: u, service: 10, priority: 3)
        let low = try servicePathway(b, "low", unit: u, service: 10, priority: 5)
        let urgent = try servicePathway(b, "urgent", unit: u, service: 4, priority: 1)
        b.source("a", pathway: a, pattern: .scheduled([0]))
        b.source("low", pathway: low, pattern: .scheduled([0, 1]))
        b.source("urgent", pathway: urgent, pattern: .scheduled([2]))
        let log = runLog(try b.build())
        // Patients by arrival: 0 = A, 1 = B (both at 0; A's source first), 2 = C, 3 = U.
        #expect(log.order(.arrive) == [0, 1, 2, 3])
        #expect(log.entries.filter { $0.kind == .preempt }.map(\.patient) == [1])
        #expect(log.times(.preempt) == [1: 2])
        #expect(log.times(.depart) == [3: 6, 0: 10, 1: 14, 2: 20])
        #expect(log.order(.seize) == [0, 1, 3, 1, 2])
    }

    /// A preempted patient (routine, patience 6, 10 min from 0) waits to
    /// resume while the urgent one (4-9) is served. Its treatment has
    /// started, so its patience (due at 6) lapses as in an activity: it
    /// resumes at 9 for its remaining 6 minutes and leaves at 15, not
    /// reneging. The wake-up of its interrupted activity (t = 10) is stale
    /// and must not end the resumed one early.
    @Test("a preempted patient waiting to resume does not renege, and its old wake-up is dead")
    func preemptedPatienceLapses() throws {
        let b = ModelBuilder()
        let u = b.unit("scanner", capacity: 1, preemptive: true)
        let prio = b.attribute("priority")
        let routine = try b.pathway("routine") { p in
            let gone = p.label()
            p.assign(prio, 5)
            p.setPatience(try .fixed(6), onRenege: gone)
            p.seize(u, priority: prio)
            p.delay(try .fixed(10))
            p.release(u)
            p.leave()
            p.place(gone)
            p.leave()
        }
        let urgent = try servicePathway(b, "urgent", unit: u, service: 5, priority: 1)
        b.source("routine", pathway: routine, pattern: .scheduled([0]))
        b.source("urgent", pathway: urgent, pattern: .scheduled([4]))
        let model = try b.build()
        let log = runLog(model)
        #expect(log.count(.renege) == 0)
        #expect(log.times(.depart) == [1: 9, 0: 15])
        #expect(log.outcomes == [.completed, .completed])
        let r = runResult(model)
        #expect(r["pathway.routine.reneged"] == 0)
        #expect(r["pathway.routine.completed"] == 1)
        #expect(r["unit.scanner.reneged"] == 0)
    }
}
