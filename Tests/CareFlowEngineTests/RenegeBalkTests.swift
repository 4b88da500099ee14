import Testing
@testable import CareFlowEngine
import CareFlowRandom

/// setPatience(patience) -> seize -> cancelPatience -> service -> release;
/// on reneging, leave.
func patientPathway(_ b: ModelBuilder, _ name: String, unit: Int32, patience: Double, service: Double, cancel: Bool = true) throws -> Int32 {
    try b.pathway(name) { p in
        let gone = p.label()
        p.setPatience(try .fixed(patience), onRenege: gone)
        p.seize(unit)
        if cancel { p.cancelPatience() }
        p.delay(try .fixed(service))
        p.release(unit)
        p.leave()
        p.place(gone)
        p.leave()
    }
}

@Suite("Reneging and balking")
struct RenegeBalkTests {
    /// One desk, 10 minutes each. Patient pathway (patience 100) at 0 and 2,
    /// impatient (patience 5) at 1 and 3. 0 is served 0-10; 1 reneges at 6,
    /// 3 at 8; 2 is served 10-20 after waiting 8.
    @Test("a patient whose patience runs out in the queue reneges")
    func renegeFromQueue() throws {
        let b = ModelBuilder()
        let u = b.unit("desk", capacity: 1)
        let patient = try patientPathway(b, "patient", unit: u, patience: 100, service: 10)
        let impatient = try patientPathway(b, "impatient", unit: u, patience: 5, service: 10)
        b.source("patient", pathway: patient, pattern: .scheduled([0, 2]))
        b.source("impatient", pathway: impatient, pattern: .scheduled([1, 3]))
        let model = try b.build()
        let log = runLog(model)
        #expect(log.times(.renege) == [1: 6, 3: 8])
        #expect(log.entries.filter { $0.kind == .renege }.map(\.waited) == [5, 5])
        #expect(log.times(.seize) == [0: 0, 2: 10])
        #expect(log.times(.depart) == [0: 10, 1: 6, 3: 8, 2: 20])
        let r = runResult(model)
        #expect(r["pathway.impatient.reneged"] == 2)
        #expect(r["pathway.impatient.completed"] == 0)
        #expect(r["pathway.patient.completed"] == 2)
        #expect(r["pathway.patient.reneged"] == 0)
        #expect(r["unit.desk.served"] == 2)
    }

    /// Patience 15 is set before the first unit (a: 0-10). The patient
    /// then queues for unit b, held by a blocker until 100. With
    /// cancelPatience after seizing a, the timer at 15 is dead: it is
    /// served at 100 and leaves at 110. Without it, the timer fires while
    /// the patient waits for b, and it reneges at 15.
    @Test("a cancelled patience timer does not renege; an uncancelled one does", arguments: [true, false])
    func cancelledPatience(cancel: Bool) throws {
        let b = ModelBuilder()
        let a = b.unit("a", capacity: 1), bu = b.unit("b", capacity: 1)
        let patient = try b.pathway("patient") { p in
            let gone = p.label()
            p.setPatience(try .fixed(15), onRenege: gone)
            p.seize(a)
            if cancel { p.cancelPatience() }
            p.delay(try .fixed(10))
            p.release(a)
            p.seize(bu)
            p.delay(try .fixed(10))
            p.release(bu)
            p.leave()
            p.place(gone)
            p.leave()
        }
        let blocker = try servicePathway(b, "blocker", unit: bu, service: 100)
        b.source("blocker", pathway: blocker, pattern: .scheduled([0]))
        b.source("patient", pathway: patient, pattern: .scheduled([0]))
        let log = runLog(try b.build())
        if cancel {
            #expect(log.count(.renege) == 0)
            #expect(log.times(.depart) == [0: 100, 1: 110])
        } else {
            #expect(log.times(.renege, unit: bu) == [1: 15])
            #expect(log.times(.depart) == [0: 100, 1: 15])
        }
    }

    /// Patience 5 runs out during the 10-minute activity at unit a: it
    /// lapses, and the later wait for b (10-100) ends in service, not reneging.
    @Test("patience that runs out during an activity lapses")
    func patienceLapses() throws {
        let b = ModelBuilder()
        let a = b.unit("a", capacity: 1), bu = b.unit("b", capacity: 1)
        let patient = try b.pathway("patient") { p in
            let gone = p.label()
            p.setPatience(try .fixed(5), onRenege: gone)
            p.seize(a)
            p.delay(try .fixed(10))
            p.release(a)
            p.seize(bu)
            p.delay(try .fixed(10))
            p.release(bu)
            p.leave()
            p.place(gone)
            p.leave()
        }
        let blocker = try servicePathway(b, "blocker", unit: bu, service: 100)
        b.source("blocker", pathway: blocker, pattern: .scheduled([0]))
        b.source("patient", pathway: patient, pattern: .scheduled([0]))
        let log = runLog(try b.build())
        #expect(log.count(.renege) == 0)
        #expect(log.times(.depart) == [0: 100, 1: 110])
    }

    /// One server, 10 minutes each, balk when 2 or more wait. Arrivals at
    /// 0, 1, 2, 3, 4, 11, 12: 0 is served; 1 and 2 queue; 3 and 4 find two
    /// waiting and balk; at 10, 1 starts, so 11 finds one waiting and
    /// queues; 12 finds two and balks. Served: 0-10, 10-20, 20-30, 30-40.
    @Test("balking at a queue limit: exact counts")
    func balkAtQueueLimit() throws {
        let b = ModelBuilder()
        let u = b.unit("desk", capacity: 1)
        let p = try b.pathway("p") { p in
            p.seize(u, balkWhenQueueAtLeast: 2)
            p.delay(try .fixed(10))
            p.release(u)
        }
        b.source("s", pathway: p, pattern: .scheduled([0, 1, 2, 3, 4, 11, 12]))
        let model = try b.build()
        let log = runLog(model)
        #expect(log.times(.balk) == [3: 3, 4: 4, 6: 12])
        #expect(log.times(.seize) == [0: 0, 1: 10, 2: 20, 5: 30])
        #expect(log.times(.depart) == [0: 10, 1: 20, 2: 30, 5: 40, 3: 3, 4: 4, 6: 12])
        let r = runResult(model)
        #expect(r["pathway.p.balked"] == 3)
        #expect(r["pathway.p.completed"] == 4)
    }

    /// A balking patient goes to balkTo: here a second unit.
    @Test("a balking patient goes to its balk target")
    func balkToAlternative() throws {
        let b = ModelBuilder()
        let main = b.unit("main", capacity: 1), overflow = b.unit("overflow", capacity: 1)
        let p = try b.pathway("p") { p in
            let elsewhere = p.label()
            p.seize(main, balkWhenQueueAtLeast: 0, balkTo: elsewhere)
            p.delay(try .fixed(10))
            p.release(main)
            p.leave()
            p.place(elsewhere)
            p.seize(overflow)
            p.delay(try .fixed(10))
            p.release(overflow)
        }
        b.source("s", pathway: p, pattern: .scheduled([0, 1]))
        let log = runLog(try b.build())
        #expect(log.times(.seize, unit: main) == [0: 0])
        #expect(log.times(.seize, unit: overflow) == [1: 1])
        #expect(log.times(.depart) == [0: 10, 1: 11])
    }

    /// Balking at queue limit 0 makes M/G/c/c, the Erlang loss system, whose
    /// blocking probability is Erlang B for any service distribution with
    /// the given mean (insensitivity), so lognormal service is used. Load
    /// a = λ·E[S] = 2 with c = 3: B = 4/19 ≈ 0.2105.
    @Test("balking at a full unit gives the Erlang B loss probability")
    func erlangLoss() throws {
        let b = ModelBuilder()
        let u = b.unit("beds", capacity: 3)
        let p = try b.pathway("p") { p in
            p.seize(u, balkWhenQueueAtLeast: 0)
            p.delay(try .lognormal(mean: 1, sd: 1.5), stream: "los")
            p.release(u)
        }
        let n = 20_000
        b.poisson("s", ratePerMinute: 2, pathway: p, limit: n)
        let model = try b.build()
        let reps = 8
        let shares = (0..<reps).map { rep in runResult(model, seed: 11, replication: rep)["pathway.p.balked"]! / Double(n) }
        let (m, se) = meanAndSE(shares)
        let theory = erlangB(servers: 3, load: 2)
        #expect(abs(theory - 4.0 / 19) < 1e-12)
        #expect(abs(m - theory) <= tolerance(se: se, replications: reps), "blocked \(m) ± \(se) vs \(theory)")
    }
}
