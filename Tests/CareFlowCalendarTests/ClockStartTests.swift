import Testing
import Foundation
import CareFlowAnalysis
import CareFlowEngine
import CareFlowScenario
@testable import CareFlowCalendar

/// run.start at a time of day: every clock rule follows the wall clock.
@Suite struct ClockStartTests {
    @Test func dailyAndWeeklySchedulesFollowTheWallClock() throws {
        // Friday 2027-01-01 07:30. Daily 08:00 -> 3, 16:00 -> 1: first change
        // 30 minutes in; the night value holds at time 0.
        let s = try compileText("""
        name: clock
        run: {start: 2027-01-01T07:30, horizon: 3d}
        units:
          desk: {schedule: {repeat: daily, changes: [{at: "08:00", capacity: 3}, {at: "16:00", capacity: 1}]}}
          clinic: {schedule: {repeat: weekly, changes: [{at: "Mon-Fri 08:00", capacity: 2}, {at: "Mon-Fri 16:00", capacity: 0}]}}
        pathways: {p: {steps: [{activity: {name: x, uses: desk, duration: 1m}}]}}
        arrivals: {a: {pathway: p, at: [0m]}}
        """)
        #expect(s.model.clockOffset == 450)
        #expect(s.model.startWeekday == 4)
        let rec = run(s.model)
        let desk = rec.capacityChanges.filter { $0.unit == 0 }.map { ($0.time, $0.capacity) }
        let want: [(Double, Int)] = [(30, 3), (510, 1), (1470, 3), (1950, 1), (2910, 3), (3390, 1)]
        #expect(desk.count == want.count)
        for (g, w) in zip(desk, want) { #expect(g.0 == w.0 && g.1 == w.1, "\(g) vs \(w)") }
        // Clinic: open Friday 08:00 (30), closed 16:00 (510); Sat-Sun shut; Monday 08:00 is 3 days later.
        let clinic = rec.capacityChanges.filter { $0.unit == 1 }.map { ($0.time, $0.capacity) }
        #expect(clinic.first.map { $0.0 == 30 && $0.1 == 2 } == true)
        #expect(clinic.dropFirst().first.map { $0.0 == 510 && $0.1 == 0 } == true)
    }

    @Test func waitUntilTimeOfDayUsesTheClock() throws {
        // Start 07:30. Waiting until 12:00: from time 0 that is 270 minutes;
        // from 13:30 (time 360) it is the next day's 12:00 (time 1710).
        let s = try compileText("""
        name: tod
        run: {start: 2027-01-01T07:30, horizon: 3d}
        pathways: {p: {steps: [{wait_until_time_of_day: 12h}]}}
        arrivals: {a: {pathway: p, at: [0m, 6h]}}
        """)
        let rec = run(s.model)
        let departures = zip(rec.level, rec.level.dropFirst()).filter { $1.1 < $0.1 }.map { $1.0 }
        #expect(departures == [270, 1710])
    }

    @Test func ratesStartInTheClockHourAndStayExactWithinAnHour() throws {
        // Only 08:00-09:00 has arrivals. Starting at 07:30 the table is in
        // half hours: piece 0 is 07:30-08:00 (no arrivals), 1-2 are 08:00-09:00.
        let weights = (0..<24).map { $0 == 8 ? "1" : "0" }.joined(separator: ", ")
        let s = try compileText("""
        name: rate
        run: {start: 2027-01-01T07:30, horizon: 20d, replications: 1}
        pathways: {p: {steps: [{delay: {name: d, duration: 1m}}]}}
        arrivals: {a: {pathway: p, per_day: 50, hour_of_day: [\(weights)]}}
        """)
        guard case .profile(let p) = s.model.sources[0].pattern else { Issue.record("not a profile"); return }
        #expect(p.pieceLength == 30)
        #expect(p.rates[0] == 0 && p.rates[1] > 0 && p.rates[2] > 0 && p.rates[3] == 0)
        let rec = run(s.model)
        #expect(rec.arrivals.count > 500)
        // Every arrival in clock hour 8: run time 30 ..< 90 modulo a day.
        #expect(rec.arrivals.allSatisfy { let c = ($0 + 450).truncatingRemainder(dividingBy: 1440); return c >= 480 && c < 540 })
        // A dated table (month multipliers) is cut the same way.
        let dated = try compileText("""
        name: rate2
        run: {start: 2027-01-01T07:15, horizon: 20d}
        pathways: {p: {steps: [{delay: {name: d, duration: 1m}}]}}
        arrivals: {a: {pathway: p, per_day: 50, hour_of_day: [\(weights)], month_of_year: [1, 2, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1]}}
        """)
        let rec2 = run(dated.model)
        #expect(rec2.arrivals.count > 500)
        #expect(rec2.arrivals.allSatisfy { let c = ($0 + 435).truncatingRemainder(dividingBy: 1440); return c >= 480 && c < 540 })
    }

    @Test func hourAndDayBinsAreClockHoursAndCalendarDays() throws {
        // One bed busy from time 0 (07:30) for 60 minutes, run of 2 days.
        let s = try compileText("""
        name: bins
        run: {start: 2027-01-01T07:30, horizon: 2d}
        units: {bed: {capacity: 1}}
        pathways: {p: {steps: [{activity: {name: x, uses: bed, duration: 1h}}]}}
        arrivals: {a: {pathway: p, at: [0m]}}
        """)
        var sim = Simulation(model: s.model, seed: 1, replication: 0, observer: StandardCollector(config: s.collector))
        sim.run()
        let r = sim.observer.result()
        let busy = try #require(r.series?.levels.first { $0.name == "unit.bed.busy" })
        // Clock hour 7 is observed 07:30-08:00 on 1 Jan, all of 2 Jan and
        // 07:00-07:30 on 3 Jan (120 min), busy 30; hour 8 on 1 and 2 Jan (120 min), busy 30.
        #expect(abs(busy.hourOfDay[7] - 30.0 / 120) < 1e-12)
        #expect(abs(busy.hourOfDay[8] - 30.0 / 120) < 1e-12)
        // Hourly series from time 0: the part hour 07:30-08:00 first (mean 1), then 08:00-09:00 (0.5).
        #expect(busy.hourly.prefix(2) == [1, 0.5])
        // Calendar days wholly inside [07:30 1 Jan, 07:30 3 Jan): only 2 January.
        #expect(busy.daily == [0])
        let series = Outputs.series(s, [r])
        #expect(series["first_day"]?.double == 1)
        #expect(series["start"]?.string == "2027-01-01T07:30")
        #expect(series["dates"]?.array?.compactMap(\.string) == ["2027-01-02"])
    }

    @Test func badStartTimesAreLocatedErrors() {
        for bad in ["2027-01-01T25:00", "2027-01-01T07:5", "2027-01-01T07:30:15", "2027-02-30"] {
            do {
                _ = try compileText("""
                name: bad
                run: {start: "\(bad)", horizon: 1d}
                pathways: {p: {steps: [{delay: {name: d, duration: 1m}}]}}
                arrivals: {a: {pathway: p, at: [0m]}}
                """)
                Issue.record("\(bad) accepted")
            } catch let e as ScenarioErrors {
                let text = "\(e)"
                #expect(text.contains("run.start") && text.contains("test.yaml:2"), "\(text)")
            } catch { Issue.record("\(error)") }
        }
    }
}

@Suite struct MonthlyKPITests {
    @Test func kpisAndLevelsAreSplitByTheMonthTheyEndIn() throws {
        // 30 January - 3 February 2027 (5 days). Stays of 1 hour starting at
        // 0, 1d and 3d: two end in January, one in February. The bed is busy
        // 2 hours of January's 2 days and 1 hour of February's 3.
        let s = try compileText("""
        name: months
        run: {start: 2027-01-30, horizon: 5d}
        units: {bed: {capacity: 1}}
        pathways: {p: {steps: [{activity: {name: x, uses: bed, duration: 1h}}]}}
        arrivals: {a: {pathway: p, at: [0m, 1d, 3d]}}
        kpis: {stay: {from: arrival, to: departure, target: {within: 2h, share: 0.9}}}
        """)
        let r = CareFlowEngineRun.one(s)
        #expect(r["stay.month.01.count"] == 2)
        #expect(r["stay.month.02.count"] == 1)
        #expect(r["stay.month.01.mean"] == 60)
        #expect(r["stay.month.01.within_target"] == 1)
        #expect(r["stay.month.03.count"] == nil)
        #expect(abs((r["unit.bed.busy_mean.month.01"] ?? 0) - 120.0 / 2880) < 1e-12)
        #expect(abs((r["unit.bed.busy_mean.month.02"] ?? 0) - 60.0 / 4320) < 1e-12)
        // Undated runs have no by-month names.
        let undated = try compileText("""
        name: plain
        run: {horizon: 5d}
        units: {bed: {capacity: 1}}
        pathways: {p: {steps: [{activity: {name: x, uses: bed, duration: 1h}}]}}
        arrivals: {a: {pathway: p, at: [0m]}}
        kpis: {stay: {from: arrival, to: departure}}
        """)
        #expect(!CareFlowEngineRun.one(undated).keys.contains { $0.contains(".month.") })
    }

    @Test func seriesHaveDatesAndAMonthOfYearProfile() throws {
        let s = try compileText("""
        name: months
        run: {start: 2027-01-30, horizon: 5d}
        units: {bed: {capacity: 1}}
        pathways: {p: {steps: [{activity: {name: x, uses: bed, duration: 1h}}]}}
        arrivals: {a: {pathway: p, at: [0m, 1d, 3d]}}
        """)
        var sim = Simulation(model: s.model, seed: 1, replication: 0, observer: StandardCollector(config: s.collector))
        sim.run()
        let j = Outputs.series(s, [sim.observer.result()])
        #expect(j["dates"]?.array?.compactMap(\.string) == ["2027-01-30", "2027-01-31", "2027-02-01", "2027-02-02", "2027-02-03"])
        let bed = j["levels"]?.array?.first { $0["name"]?.string == "unit.bed.busy" }
        let month = bed?["month_of_year"]?["mean"]?.array ?? []
        #expect(month.count == 12)
        // January: days of 1 busy hour each (1/24); February: one of three days.
        #expect(month.first?.double.map { abs($0 - 1.0 / 24) < 1e-12 } == true)
        #expect(month.dropFirst().first?.double.map { abs($0 - 1.0 / 72) < 1e-12 } == true)
        #expect(month[2].double.map(\.isNaN) ?? true)
    }
}

@Suite struct InitialPassTests {
    static func course(_ pass: String, count: Int = 1) -> String {
        """
        name: course
        run: {horizon: 60d}
        pathways:
          cbt:
            steps:
              - repeat:
                  times: 4
                  gap: 1d
                  steps: [{delay: {name: session, duration: 1h}}]
        arrivals: {a: {pathway: cbt, at: [59d]}}
        initial:
          in_course: {pathway: cbt, at: session, count: \(count), remaining: {fixed: 10m}\(pass)}
        """
    }

    @Test func aFixedPassLeavesTheRemainingSessions() throws {
        // Pass 3 of 4: the rest of this session (10 min), a gap, the 4th session.
        for (pass, want) in [(", pass: 3", 10.0 + 1440 + 60), (", pass: 4", 10), (", pass: 1", 10 + 3 * 1500)] {
            let rec = run(try compileText(Self.course(pass)).model)
            let first = zip(rec.level, rec.level.dropFirst()).first { $1.1 < $0.1 }.map { $1.0 }
            #expect(first == want, "\(pass)")
        }
    }

    @Test func aUniformPassSpreadsPatientsEvenlyOverTheCourse() throws {
        // 4000 patients, pass uniform on 1-4: departures at 10 + k x 1500
        // for k = 3, 2, 1, 0 remaining passes, each with probability 1/4.
        // Binomial sd sqrt(4000 x 0.25 x 0.75) = 27.4; 4.5 sd (a false
        // alarm once in about 150,000 runs per class).
        let rec = run(try compileText(Self.course("", count: 4000)).model)
        var counts = [Int](repeating: 0, count: 4)
        for (a, b) in zip(rec.level, rec.level.dropFirst()) where b.1 < a.1 && b.0 < 50 * 1440 {
            let k = Int(((b.0 - 10) / 1500).rounded())
            if (0..<4).contains(k) { counts[k] += 1 }
        }
        #expect(counts.reduce(0, +) == 4000)
        for c in counts { #expect(abs(Double(c) - 1000) < 4.5 * 27.4, "\(counts)") }
    }

    @Test func passOutsideARepeatOrOutOfRangeIsAnError() {
        for (pass, words) in [(", pass: 5", "from 1 to 4"), (", pass: [1, 2]", "4 values")] {
            do { _ = try compileText(Self.course(pass)); Issue.record("\(pass) accepted") } catch {
                #expect("\(error)".contains("initial.in_course.pass") && "\(error)".contains(words), "\(error)")
            }
        }
        do {
            _ = try compileText("""
            name: flat
            run: {horizon: 2d}
            pathways: {p: {steps: [{delay: {name: stay, duration: 1h}}]}}
            arrivals: {a: {pathway: p, at: [0m]}}
            initial: {x: {pathway: p, at: stay, count: 1, pass: 2}}
            """)
            Issue.record("pass outside a repeat accepted")
        } catch {
            #expect("\(error)".contains("not inside a repeat"), "\(error)")
        }
    }
}

@Suite struct InitialGapTests {
    @Test func patientsBetweenSessionsWaitTheGapThenTheRemainingPasses() throws {
        // In the gap before pass 3 of 4 with 30 min of it left: pass 3 at
        // 30 min (1 h), gap 1 d, pass 4 (1 h): departure at 30 + 60 + 1440 + 60.
        let text = """
        name: gap
        run: {horizon: 60d}
        pathways:
          cbt:
            steps:
              - repeat:
                  name: course
                  times: 4
                  gap: 1d
                  steps: [{delay: {name: session, duration: 1h}}]
        arrivals: {a: {pathway: cbt, at: [59d]}}
        initial:
          between: {pathway: cbt, at: course, count: 1, remaining: {fixed: 30m}, pass: 3}
        """
        let rec = run(try compileText(text).model)
        let first = zip(rec.level, rec.level.dropFirst()).first { $1.1 < $0.1 }.map { $1.0 }
        #expect(first.map { abs($0 - (30 + 60 + 1440 + 60)) < 1e-9 } == true, "\(String(describing: first))")
        // Pass 1 is not between passes.
        do {
            _ = try compileText(text.replacingOccurrences(of: "pass: 3", with: "pass: 1"))
            Issue.record("pass 1 in a gap accepted")
        } catch { #expect("\(error)".contains("from 2 to 4"), "\(error)") }
    }
}
