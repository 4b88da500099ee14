import Testing
@testable import CareFlowEngine
import CareFlowRandom
import CareFlowStats

@Suite("Re-prioritising waiting patients")
struct ReprioritiseTests {
    /// A reporting worklist: one radiologist, busy with a blocker 0-100.
    /// Patients 1-5 arrive at 1..5 with queue priority 5 (all equal) and an
    /// AI urgency of 3, 0, 2, 0, 1. Without re-prioritisation they are read
    /// first come, first served; with the AI copying its urgency into the
    /// priority every 15 minutes the order is by urgency, and the two of
    /// urgency 0 keep their arrival order (2 before 4).
    static func worklist(_ rule: ReprioritiseRule.Action?, every: Double = 15, afterWaiting: Double = 0,
                         groupWith other: Bool = false) throws -> EventLog {
        let b = ModelBuilder()
        let rad = b.unit("radiologist", capacity: 1)
        let desk = b.unit("desk", capacity: 5)
        let prio = b.attribute("priority"), ai = b.attribute("ai")
        let blocker = try servicePathway(b, "blocker", unit: rad, service: 100)
        for (k, urgency) in [3.0, 0, 2, 0, 1].enumerated() {
            let p = try b.pathway("exam\(k)") { p in
                p.assign(prio, 5)
                p.assign(ai, urgency)
                if other { p.seizeAll([(rad, 1), (desk, 1)], priority: prio) } else { p.seize(rad, priority: prio) }
                p.delay(try .fixed(10))
                p.release(rad)
                if other { p.release(desk) }
            }
            b.source("exam\(k)", pathway: p, pattern: .scheduled([Double(k + 1)]))
        }
        b.source("blocker", pathway: blocker, pattern: .scheduled([0]))
        if let rule {
            b.reprioritise(ReprioritiseRule(name: "ai", units: [rad], every: every, afterWaiting: afterWaiting, attribute: prio, action: rule))
        }
        return runLog(try b.build())
    }

    /// Patients are numbered by arrival: 0 is the blocker, k + 1 is exam k.
    @Test("the AI's urgency re-orders the waiting list; equal priorities keep arrival order")
    func copyReorders() throws {
        #expect(try Self.worklist(nil).order(.seize, unit: 0) == [0, 1, 2, 3, 4, 5])
        let log = try Self.worklist(.copy(from: 1))
        #expect(log.order(.seize, unit: 0) == [0, 2, 4, 5, 3, 1])
        #expect(log.times(.seize, unit: 0) == [0: 0, 2: 100, 4: 110, 5: 120, 3: 130, 1: 140])
    }

    /// The same for patients waiting for two units at once (all their
    /// queues are re-keyed together).
    @Test("patients waiting for several units at once are re-ordered in every queue")
    func groupWaiters() throws {
        let log = try Self.worklist(.copy(from: 1), groupWith: true)
        #expect(log.order(.seize, unit: 0) == [0, 2, 4, 5, 3, 1])
    }

    /// Ageing: every 15 minutes, priority - 1 (not below 0), for patients
    /// who have waited 40 minutes or more: at 45 all have (waits 44..40), so
    /// all drop together and FIFO is kept. A threshold that splits them:
    /// a tick at 90 only for those who waited 87 min or more (exams 0-2,
    /// waits 89, 88, 87; not exams 3, 4 at 86, 85).
    @Test("ageing and waiting thresholds keep FIFO among equals")
    func ageing() throws {
        #expect(try Self.worklist(.add(-1, lower: 0, upper: 10), afterWaiting: 40).order(.seize, unit: 0) == [0, 1, 2, 3, 4, 5])
        // Exams 0-2 to priority 0: they were first anyway.
        let log = try Self.worklist(.set(0), every: 90, afterWaiting: 87)
        #expect(log.order(.seize, unit: 0) == [0, 1, 2, 3, 4, 5])
        // Exams 0-2 to priority 9: they fall behind exams 3 and 4.
        let late = try Self.worklist(.set(9), every: 90, afterWaiting: 87)
        #expect(late.order(.seize, unit: 0) == [0, 4, 5, 1, 2, 3])
    }

    /// The timer never keeps a finished run going: with no horizon, the
    /// run ends when the last patient leaves.
    @Test("the timer stops when nothing else can happen")
    func timerEnds() throws {
        let b = ModelBuilder()
        let u = b.unit("u", capacity: 1)
        let prio = b.attribute("priority")
        let p = try servicePathway(b, "p", unit: u, service: 10)
        b.source("p", pathway: p, pattern: .scheduled([0, 1]))
        b.reprioritise(ReprioritiseRule(name: "r", units: [u], every: 1, attribute: prio, action: .set(1)))
        let sim = run(try b.build(), NullObserver())
        #expect(sim.now == 20)
        #expect(sim.inSystem == 0)
    }
}
