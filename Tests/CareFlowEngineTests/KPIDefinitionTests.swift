import Testing
@testable import CareFlowEngine
import CareFlowRandom

/// The exact definitions of docs/output-formats.md, one regression test per
/// counting defect found in issue 16, on hand-computed schedules.
@Suite("KPI definitions")
struct KPIDefinitionTests {
    /// Preemptive scanner, capacity 1: routine (10 min) starts at 0, urgent
    /// (3 min) interrupts it at 4; routine resumes at 7 after waiting 3.
    /// Two patients were served (not three: a resumption is not a new
    /// patient), and the mean wait per patient is (0 + 0 + 3) / 2 = 1.5
    /// (it was 3 / 3 = 1 when resumptions counted as patients).
    @Test("a resumption after preemption is not another patient served; its wait counts for the patient")
    func preemptionServedAndWait() throws {
        let b = ModelBuilder()
        let u = b.unit("scanner", capacity: 1, preemptive: true)
        let routine = try servicePathway(b, "routine", unit: u, service: 10, priority: 5)
        let urgent = try servicePathway(b, "urgent", unit: u, service: 3, priority: 1)
        b.source("routine", pathway: routine, pattern: .scheduled([0]))
        b.source("urgent", pathway: urgent, pattern: .scheduled([4]))
        let model = try b.build()
        let log = runLog(model)
        #expect(log.resumes == 1)
        let r = runResult(model)
        #expect(r["unit.scanner.served"] == 2)
        #expect(r["unit.scanner.wait_mean_min"] == 1.5)
        #expect(r["unit.scanner.preempted"] == 1)
        // Neither request found the scanner full (urgent preempted at once;
        // the routine patient's re-queue is not a request).
        #expect(r["unit.scanner.blocked"] == 0)
    }

    /// Hours 0-18 each get one arrival (at :30) in a 19-hour run. Each of
    /// those hours was observed once: 1 arrival per hour, not 1 / (19/24) =
    /// 1.263 as when dividing by the number of days. Hours 19-23 were never
    /// observed: NaN (null in series.json), not 0.
    @Test("arrivals by hour of day are divided by how often each hour was observed")
    func arrivalsByHourOfDay() throws {
        let b = ModelBuilder()
        let p = try b.pathway("p") { p in p.delay(try .fixed(1)) }
        b.source("s", pathway: p, pattern: .scheduled((0..<19).map { Double($0) * 60 + 30 }))
        b.horizon = 19 * 60
        let r = runResult(try b.build(), config: CollectorConfig(series: true))
        let perHour = try #require(r.series?.arrivalsHourOfDay)
        #expect(Array(perHour[0..<19]) == Array(repeating: 1.0, count: 19))
        #expect(perHour[19...].allSatisfy { $0.isNaN })
    }

    @Test("hours observed: partial hours count as fractions; whole days once per day")
    func hoursObserved() {
        // 01:30 to 03:00 on day 0, measured from a warm-up end at 90 min.
        let h = StandardCollector.hoursObserved(from: 90, to: 180)
        #expect(h[1] == 0.5 && h[2] == 1 && h.reduce(0, +) == 1.5)
        // Two whole days from day 3.
        let d = StandardCollector.hoursObserved(from: 3 * 1440, to: 5 * 1440)
        #expect(d == Array(repeating: 2.0, count: 24))
    }

    /// A course of 3 sessions; the patient arriving at 0 drops out after
    /// the first (dropOut + leave inside the loop), the one at 100
    /// completes. Drop-outs are not completions.
    @Test("a drop-out from a course is not counted as completed")
    func dropOutIsNotCompleted() throws {
        let b = ModelBuilder()
        let u = b.unit("psychologist", capacity: 1)
        let quits = b.attribute("quits")
        let p = try b.pathway("course") { p in
            let stays = p.label(), quit = p.label()
            try p.repeatBlock(times: 3) {
                p.seize(u)
                p.delay(try .fixed(10))
                p.release(u)
                p.branch(on: quits, to: [stays], otherwise: quit)
                p.place(quit)
                p.dropOut()
                p.leave()
                p.place(stays)
            }
        }
        // The quitter enters with quits = 1 (otherwise: drop out), the stayer with 0.
        let quitter = try b.entry(for: p, name: "quitter") { e in e.assign(quits, 1); e.goto(step: b.model.pathways[Int(p)].entry) }
        b.source("quitter", pathway: p, pattern: .scheduled([0]), entry: quitter)
        b.source("stayer", pathway: p, pattern: .scheduled([100]))
        let model = try b.build()
        let log = runLog(model)
        #expect(log.outcomes == [.droppedOut, .completed])
        let r = runResult(model)
        #expect(r["pathway.course.completed"] == 1)
        #expect(r["pathway.course.dropped_out"] == 1)
        #expect(r["pathway.course.arrivals"] == 2)
        #expect(r["unit.psychologist.served"] == 4)
    }

    /// Ward, 1 bed, 100 min stays; a patient who finds it full goes to an
    /// overflow ward (balk when full, then seize overflow). Arrivals at 0,
    /// 10, 20: the first gets the ward; the second the overflow bed; the
    /// third finds both full and leaves (balk to leave). Only the third
    /// balked in the pathway's sense; the second was treated in overflow.
    @Test("a patient sent to an overflow unit is not counted as balked")
    func overflowIsNotBalked() throws {
        let b = ModelBuilder()
        let ward = b.unit("ward", capacity: 1), overflow = b.unit("overflow", capacity: 1)
        let p = try b.pathway("admission") { p in
            let over = p.label(), treated = p.label()
            p.seize(ward, balkWhenQueueAtLeast: 0, balkTo: over)
            p.delay(try .fixed(100))
            p.release(ward)
            p.goto(treated)
            p.place(over)
            p.seize(overflow, balkWhenQueueAtLeast: 0)     // full too: leave
            p.delay(try .fixed(100))
            p.release(overflow)
            p.place(treated)
            p.leave()
        }
        b.source("s", pathway: p, pattern: .scheduled([0, 10, 20]))
        let model = try b.build()
        #expect(runLog(model).outcomes == [.balked, .completed, .completed])
        let r = runResult(model)
        #expect(r["pathway.admission.completed"] == 2)
        #expect(r["pathway.admission.balked"] == 1)
        #expect(r["unit.ward.balked"] == 2)
        #expect(r["unit.ward.blocked"] == 2)
        #expect(r["unit.overflow.balked"] == 1)
        #expect(r["unit.overflow.served"] == 1)
    }

    /// Counters per year: 3 arrivals in a 2-day run are 3 / (2/365) a year.
    @Test("counters are reported per year of measured time")
    func perYear() throws {
        let b = ModelBuilder()
        let u = b.unit("desk", capacity: 1)
        let p = try servicePathway(b, "p", unit: u, service: 60)
        b.source("s", pathway: p, pattern: .scheduled([0, 10, 20]))
        b.horizon = 2 * 1440
        let r = runResult(try b.build())
        #expect(r["pathway.p.arrivals"] == 3)
        #expect(abs(r["pathway.p.arrivals_per_year"]! - 547.5) < 1e-9)
        // The 2nd and 3rd found the desk busy.
        #expect(r["unit.desk.blocked"] == 2)
        #expect(abs(r["unit.desk.blocked_per_year"]! - 365) < 1e-9)
    }
}
