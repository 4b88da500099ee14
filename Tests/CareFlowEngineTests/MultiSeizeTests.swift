import Testing
@testable import CareFlowEngine
import CareFlowRandom

@Suite("Seizing several units at once; deadlock detection")
struct MultiSeizeTests {
    /// Bed and nurse, one of each. Admissions take both (all or nothing),
    /// give the nurse back after 10 minutes and the bed after 30; nurse
    /// calls take the nurse for 5 minutes.
    /// A (admission) at 0: bed + nurse 0; nurse free at 10, bed at 30.
    /// N1 (nurse call) at 2: waits; nurse 10-15.
    /// B (admission) at 3: queues for both, behind N1 for the nurse.
    /// At 15 the nurse is free but the bed is not: B takes neither, and the
    /// nurse idles, for N2 (nurse call, 16) queues behind B (B's request is
    /// not overtaken: no starvation). At 30 B takes both (nurse 30-40, bed
    /// 30-60); N2 gets the nurse 40-45.
    @Test("a bed and a nurse are taken together, against a hand-computed schedule")
    func handComputedSchedule() throws {
        let b = ModelBuilder()
        let bed = b.unit("bed", capacity: 1), nurse = b.unit("nurse", capacity: 1)
        let admission = try b.pathway("admission") { p in
            p.seizeAll([(bed, 1), (nurse, 1)])
            p.delay(try .fixed(10))
            p.release(nurse)
            p.delay(try .fixed(20))
            p.release(bed)
        }
        let call = try servicePathway(b, "call", unit: nurse, service: 5)
        b.source("admission", pathway: admission, pattern: .scheduled([0, 3]))
        b.source("call", pathway: call, pattern: .scheduled([2, 16]))
        let model = try b.build()
        let log = runLog(model)
        // Patients by arrival: 0 = A, 1 = N1, 2 = B, 3 = N2.
        let seizes = log.entries.filter { $0.kind == .seize }.map { "\($0.patient)@\(Int($0.time))u\($0.unit)" }
        #expect(seizes == ["0@0u0", "0@0u1", "1@10u1", "2@30u0", "2@30u1", "3@40u1"])
        #expect(log.times(.depart) == [1: 15, 0: 30, 3: 45, 2: 60])
        let r = runResult(model)
        // Waits: bed: A 0, B 27; nurse: A 0, N1 8, B 27, N2 24.
        #expect(r["unit.bed.wait_mean_min"] == 13.5)
        #expect(r["unit.nurse.wait_mean_min"] == (0 + 8 + 27 + 24) / 4.0)
        #expect(r["unit.bed.served"] == 2 && r["unit.nurse.served"] == 4)
        // Nurse busy 0-15, 30-45 of 60 minutes.
        #expect(r["unit.nurse.utilisation"] == 0.5)
    }

    /// Two pathways taking bed and nurse in opposite order, one at a time:
    /// P holds the bed from 0 and asks for the nurse at 1; Q holds the
    /// nurse from 0.5 and asks for the bed at 1.5. Nothing can happen any
    /// more: the run stops and names both, and the time (1.5).
    @Test("a deadlock from taking units one at a time is detected and named")
    func deadlockNamed() throws {
        let (model, bed, nurse) = try Self.oppositeOrder(together: false, horizon: .infinity)
        let sim = run(model, StandardCollector())
        let d = try #require(sim.deadlock)
        #expect(d.time == 1.5)
        #expect(d.waiters.count == 2)
        #expect(d.waiters.map(\.pathway) == [0, 1])
        #expect(d.waiters[0].waitingFor.map(\.unit) == [nurse] && d.waiters[0].holding.map(\.unit) == [bed])
        #expect(d.waiters[1].waitingFor.map(\.unit) == [bed] && d.waiters[1].holding.map(\.unit) == [nurse])
        #expect(model.stepLabels[Int(d.waiters[0].step)] == "seize nurse")
        #expect(model.stepLabels[Int(d.waiters[1].step)] == "seize bed")
    }

    /// The same with other patients arriving all the time (the event list
    /// never empties) and a horizon: found by the periodic check, long
    /// before the horizon.
    @Test("a deadlock is found while unrelated patients keep arriving")
    func deadlockWhileRunning() throws {
        let (model, _, _) = try Self.oppositeOrder(together: false, horizon: 1_000_000, background: true)
        let sim = run(model, StandardCollector())
        let d = try #require(sim.deadlock)
        #expect(d.time == 1.5)
        #expect(d.detectedAt < 200_000)
        #expect(sim.now == d.detectedAt)
    }

    /// With both units taken together there is no deadlock: everyone leaves.
    @Test("taking the units together removes the deadlock")
    func togetherNoDeadlock() throws {
        let (model, _, _) = try Self.oppositeOrder(together: true, horizon: .infinity)
        let sim = run(model, StandardCollector())
        #expect(sim.deadlock == nil)
        #expect(sim.inSystem == 0 && sim.departures == 2)
    }

    /// A patient holding a bed waiting for a nurse who is merely busy (not
    /// deadlocked): no false alarm.
    @Test("waiting while holding is not a deadlock when the holder will release")
    func noFalseAlarm() throws {
        let b = ModelBuilder()
        let bed = b.unit("bed", capacity: 1), nurse = b.unit("nurse", capacity: 1)
        let p = try b.pathway("p") { p in
            p.seize(bed)
            p.seize(nurse)
            p.delay(try .fixed(10))
            p.release(nurse)
            p.release(bed)
        }
        let q = try servicePathway(b, "q", unit: nurse, service: 100)
        b.source("q", pathway: q, pattern: .scheduled([0]))
        b.source("p", pathway: p, pattern: .scheduled([1]))
        let sim = run(try b.build(), StandardCollector())
        #expect(sim.deadlock == nil && sim.departures == 2 && sim.now == 110)
    }

    static func oppositeOrder(together: Bool, horizon: Double, background: Bool = false) throws -> (Model, Int32, Int32) {
        let b = ModelBuilder()
        let bed = b.unit("bed", capacity: 1), nurse = b.unit("nurse", capacity: 1)
        func path(_ name: String, _ first: Int32, _ second: Int32) throws -> Int32 {
            try b.pathway(name) { p in
                if together {
                    p.seizeAll([(first, 1), (second, 1)])
                } else {
                    p.seize(first)
                    p.delay(try .fixed(1))
                    p.seize(second)
                }
                p.delay(try .fixed(5))
                p.release(second)
                p.release(first)
            }
        }
        let pw = try path("p", bed, nurse), qw = try path("q", nurse, bed)
        b.source("p", pathway: pw, pattern: .scheduled([0]))
        b.source("q", pathway: qw, pattern: .scheduled([0.5]))
        if background {
            let clinic = b.unit("clinic", capacity: 5)
            let walkIn = try servicePathway(b, "walk-in", unit: clinic, service: 2)
            b.poisson("walk-in", ratePerMinute: 1, pathway: walkIn)
        }
        b.horizon = horizon
        return (try b.build(), bed, nurse)
    }

    /// Patience while waiting for a group: the patient leaves every queue.
    /// Bed busy 0-100 (A); B (patience 10) asks for bed + nurse at 1 and
    /// reneges at 11; C asks for the nurse alone at 2 and, queued behind B,
    /// gets it when B leaves the queues (11).
    @Test("a patient waiting for several units reneges from all their queues")
    func renegeFromGroup() throws {
        let b = ModelBuilder()
        let bed = b.unit("bed", capacity: 1), nurse = b.unit("nurse", capacity: 1)
        let a = try servicePathway(b, "a", unit: bed, service: 100)
        let impatient = try b.pathway("impatient") { p in
            let gone = p.label()
            p.setPatience(try .fixed(10), onRenege: gone)
            p.seizeAll([(bed, 1), (nurse, 1)])
            p.delay(try .fixed(1))
            p.release(nurse)
            p.release(bed)
            p.leave()
            p.place(gone)
            p.leave()
        }
        let c = try servicePathway(b, "c", unit: nurse, service: 5)
        b.source("a", pathway: a, pattern: .scheduled([0]))
        b.source("impatient", pathway: impatient, pattern: .scheduled([1]))
        b.source("c", pathway: c, pattern: .scheduled([2]))
        let model = try b.build()
        let log = runLog(model)
        #expect(log.entries.filter { $0.kind == .renege }.map(\.unit).sorted() == [bed, nurse])
        #expect(log.times(.depart) == [1: 11, 2: 16, 0: 100])
        let sim = run(model, StandardCollector())
        #expect(sim.queueCount(unit: Int(bed)) == 0 && sim.queueCount(unit: Int(nurse)) == 0)
        #expect(sim.observer.result()["pathway.impatient.reneged"] == 1)
    }

    /// Random admissions (bed + nurse together) and nurse calls, run until
    /// everyone has left: on each unit the area under the queue-length
    /// curve equals the sum of the waits (Little's law on the sample path).
    @Test("Little's law holds exactly on every unit with multi-unit seizes")
    func littleOnEveryUnit() throws {
        let b = ModelBuilder()
        let bed = b.unit("bed", capacity: 3), nurse = b.unit("nurse", capacity: 2)
        let admission = try b.pathway("admission") { p in
            p.seizeAll([(bed, 1), (nurse, 1)])
            p.delay(try .exponential(mean: 1), stream: "care")
            p.release(nurse)
            p.delay(try .exponential(mean: 2), stream: "stay")
            p.release(bed)
        }
        let call = try b.pathway("call") { p in
            p.seize(nurse)
            p.delay(try .exponential(mean: 0.5), stream: "call")
            p.release(nurse)
        }
        b.source("admission", pathway: admission, pattern: .poisson(rate: 0.9), limit: 3000)
        b.source("call", pathway: call, pattern: .poisson(rate: 1.5), limit: 5000)
        let model = try b.build()
        let sim = run(model, seed: 5, StandardCollector())
        #expect(sim.deadlock == nil && sim.inSystem == 0)
        let r = sim.observer.result()
        for u in ["bed", "nurse"] {
            let throughput = r["unit.\(u).served"]! / sim.now
            let l = r["unit.\(u).queue_mean"]!, w = r["unit.\(u).wait_mean_min"]!
            #expect(l > 0)
            #expect(abs(l - throughput * w) / l < 1e-9, "\(u): L \(l) vs λW \(throughput * w)")
        }
        #expect(r["unit.bed.served"] == 3000 && r["unit.nurse.served"] == 8000)
    }
}
