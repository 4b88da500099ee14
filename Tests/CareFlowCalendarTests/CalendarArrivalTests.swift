import Testing
import CareFlowEngine
@testable import CareFlowCalendar

/// The non-homogeneous Poisson process of a dated arrival pattern: counts
/// per hour of day and day type, per weekday and per month against the
/// expectations computed here from the scenario's own numbers (not from
/// the compiled table), with chi-squared tests.
///
/// Counts in disjoint cells of a Poisson process are independent Poisson
/// variables, so sum (O - E)^2 / E over k cells is approximately
/// chi-squared with k degrees of freedom (every E here is above 50, where
/// the approximation is good). Thresholds are the 0.999 quantiles: a
/// correct engine fails with probability 0.1% per test for an arbitrary
/// seed (the seed is fixed, so the test is deterministic); a 5% error in
/// one month's multiplier alone adds about (0.05 x 6,000)^2 / 6,000 = 15.
@Suite struct CalendarArrivalTests {
    static let weekdayShape: [Double] = [1, 1, 1, 1, 1, 2, 3, 5, 8, 9, 9, 8, 7, 7, 7, 6, 6, 6, 5, 4, 3, 2, 2, 1]
    static let saturdayShape: [Double] = [2, 2, 2, 1, 1, 1, 1, 2, 3, 4, 5, 6, 6, 6, 6, 5, 5, 5, 5, 4, 4, 3, 3, 2]
    static let sundayShape: [Double] = [3, 2, 2, 1, 1, 1, 1, 1, 2, 3, 4, 5, 6, 6, 6, 6, 6, 5, 5, 5, 4, 4, 3, 3]
    static let days: [Double] = [1.2, 1.1, 1.0, 1.0, 1.0, 0.8, 0.9]
    static let months: [Double] = [1.3, 1.2, 1.1, 1.0, 0.9, 0.8, 0.7, 0.8, 0.9, 1.0, 1.1, 1.2]
    static let perDay = 200.0

    static var yaml: String {
        func list(_ x: [Double]) -> String { "[" + x.map { String($0) }.joined(separator: ", ") + "]" }
        return """
        name: nhpp
        run: {start: 2027-01-01, horizon: 365d, seed: 11}
        pathways:
          p:
            steps:
              - delay: {name: stay, duration: 1m}
        arrivals:
          a:
            pathway: p
            per_day: \(perDay)
            hour_of_day:
              weekday: \(list(weekdayShape))
              saturday: \(list(saturdayShape))
              sunday_holiday: \(list(sundayShape))
            day_of_week: \(list(days))
            month_of_year: \(list(months))
            holidays: sweden
            special_days:
              - {date: 2027-03-15, multiplier: 3}
              - {date: 2027-12-24, as: sunday}
            surges:
              - {from: 2027-10-01, peak: 2027-11-01, to: 2027-11-30, multiplier: 2}
        """
    }

    /// Expected arrivals on each of the 365 days, and the weekday whose shape each day uses.
    static func expectations() -> [(shape: Int, expected: Double, month: Int)] {
        let holidays = Set(SwedishHolidayTests.official[2027] ?? [])
        let mean = days.reduce(0, +) / 7
        let start = CivilDate(year: 2027, month: 1, day: 1)!
        return (0..<365).map { d in
            let date = start.adding(days: d)
            var k = date.weekday
            if holidays.contains(date.description) || date.description == "2027-12-24" { k = 6 }
            var f = months[date.month - 1] * days[k] / mean
            if date.description == "2027-03-15" { f *= 3 }
            // The triangular surge by hand: 1 at 2027-10-01 00:00, 2 at noon of the peak day, 1 at 2027-12-01 00:00.
            let t = Double(date.dayNumber) + 0.5
            let a = Double(CivilDate(year: 2027, month: 10, day: 1)!.dayNumber)
            let p = Double(CivilDate(year: 2027, month: 11, day: 1)!.dayNumber) + 0.5
            let z = Double(CivilDate(year: 2027, month: 12, day: 1)!.dayNumber)
            if t > a && t < z { f *= 1 + (t <= p ? (t - a) / (p - a) : (z - t) / (z - p)) }
            return (k, perDay * f, date.month)
        }
    }

    static func chiSquared(_ observed: [Double], _ expected: [Double]) -> Double {
        zip(observed, expected).reduce(0) { $0 + ($1.0 - $1.1) * ($1.0 - $1.1) / $1.1 }
    }

    @Test func countsPerHourDayTypeWeekdayAndMonthMatchTheCalendar() throws {
        let s = try compileText(Self.yaml)
        let rec = run(s.model, seed: s.seed)
        let exp = Self.expectations()
        let shapes = [Self.weekdayShape, Self.weekdayShape, Self.weekdayShape, Self.weekdayShape, Self.weekdayShape, Self.saturdayShape, Self.sundayShape]
        // Cells: hour of day x day type (weekday / saturday / sunday or holiday).
        func type(_ k: Int) -> Int { k < 5 ? 0 : k == 5 ? 1 : 2 }
        var eHour = [Double](repeating: 0, count: 72), oHour = [Double](repeating: 0, count: 72)
        var eWeekday = [Double](repeating: 0, count: 7), oWeekday = [Double](repeating: 0, count: 7)
        var eMonth = [Double](repeating: 0, count: 12), oMonth = [Double](repeating: 0, count: 12)
        for (d, e) in exp.enumerated() {
            let sh = shapes[e.shape], total = sh.reduce(0, +)
            for h in 0..<24 { eHour[type(e.shape) * 24 + h] += e.expected * sh[h] / total }
            eWeekday[e.shape] += e.expected
            eMonth[e.month - 1] += e.expected
            _ = d
        }
        for t in rec.arrivals where t < 365 * 1440 {
            let d = Int(t / 1440), h = Int(t / 60) % 24
            let e = exp[d]
            oHour[type(e.shape) * 24 + h] += 1
            oWeekday[e.shape] += 1
            oMonth[e.month - 1] += 1
        }
        let total: Double = exp.reduce(0) { $0 + $1.expected }
        let n = Double(rec.arrivals.count)
        #expect(abs(n - total) < 4.5 * total.squareRoot())
        #expect(eHour.allSatisfy { $0 > 50 })
        // 0.999 quantiles of chi-squared: 72 df 116.1, 7 df 24.3, 12 df 32.9.
        #expect(Self.chiSquared(oHour, eHour) < 116.1)
        #expect(Self.chiSquared(oWeekday, eWeekday) < 24.3)
        #expect(Self.chiSquared(oMonth, eMonth) < 32.9)
        // The special day (x3 on a Monday in March): about 3 x 200 x 1.1 x 1.2 / 1 = 792.
        let special = Double(rec.arrivals.filter { $0 >= 73 * 1440 && $0 < 74 * 1440 }.count)
        #expect(abs(special - exp[73].expected) < 4.5 * exp[73].expected.squareRoot())
    }

    @Test func theCompiledTableIntegratesToTheDailyExpectations() throws {
        let s = try compileText(Self.yaml)
        guard case .profile(let p) = s.model.sources[0].pattern else { Issue.record("not a profile"); return }
        let exp = Self.expectations()
        for d in 0..<365 {
            let day = p.rates[(d * 24)..<(d * 24 + 24)].reduce(0, +) * 60
            #expect(abs(day - exp[d].expected) < 1e-9 * exp[d].expected, "day \(d)")
        }
        // The table covers the whole run once: no weekly repetition.
        #expect(p.period >= 365 * 1440)
    }

    @Test func aTrendCompoundsOverYearsAndCycleSkippingStaysExact() throws {
        // +10% a year over 3 years on a flat rate: the expected count per
        // year is perDay x integral of 1.1^(t/365.25) over that year.
        let s = try compileText("""
        name: trend
        run: {horizon: 1095d}
        pathways: {p: {steps: [{delay: {name: x, duration: 1m}}]}}
        arrivals: {a: {pathway: p, per_day: 50, trend: 0.1}}
        """)
        var counts = [Double](repeating: 0, count: 3)
        let reps = 4
        for r in 0..<reps {
            let rec = run(s.model, seed: 3, replication: r)
            for t in rec.arrivals where t < 1095 * 1440 { counts[Int(t / (365 * 1440))] += 1 }
        }
        for y in 0..<3 {
            var e = 0.0
            for d in (y * 365)..<((y + 1) * 365) { e += 50 * ArrivalCalendar.power(1.1, Double(d) / 365.25) }
            e *= Double(reps)
            // Poisson: sd = sqrt(e) (about 610 for the first year); 4.5 sd.
            #expect(abs(counts[y] - e) < 4.5 * e.squareRoot(), "year \(y)")
        }
        #expect(counts[2] / counts[0] > 1.17 && counts[2] / counts[0] < 1.25)
    }

    @Test func aSparseDatedRateSkipsWholeStretchesExactly() {
        // Rate only on one hour of a 60-day table: the inversion must walk
        // (and skip) the zero pieces and land every arrival in that hour.
        var rates = [Double](repeating: 0, count: 60 * 24)
        rates[30 * 24 + 10] = 2.0 / 60      // 2 per hour on day 30, 10-11
        let b = ModelBuilder()
        let p = try? b.pathway("p") { p in try p.delay(.fixed(1)) }
        b.source("a", pathway: p ?? 0, pattern: .profile(RateProfile(pieceLength: 60, rates: rates)))
        b.horizon = 60 * 1440
        guard let model = try? b.build() else { Issue.record("model"); return }
        var n = 0
        for r in 0..<500 {
            let rec = run(model, seed: 5, replication: r)
            for t in rec.arrivals {
                let lo: Double = (30 * 24 + 10) * 60, hi: Double = (30 * 24 + 11) * 60
                #expect(t >= lo && t < hi)
                n += 1
            }
        }
        // 500 replications x 2: sd sqrt(1000) = 32; 4.5 sd.
        #expect(abs(Double(n) - 1000) < 4.5 * 1000.0.squareRoot())
    }

    @Test func weeklyProfilesAndSchedulesFollowTheStartWeekday() throws {
        // Start on a Wednesday: the first day's rate is Wednesday's.
        let s = try compileText("""
        name: wed
        run: {start: 2027-01-06, horizon: 14d}
        units:
          clinic:
            schedule: {repeat: weekly, changes: [{at: "Mon-Fri 08:00", capacity: 2}, {at: "Mon-Fri 16:00", capacity: 0}]}
        pathways: {p: {steps: [{activity: {name: x, uses: clinic, duration: 1m}}]}}
        arrivals: {a: {pathway: p, per_day: 70, day_of_week: [1, 2, 3, 4, 5, 6, 7]}}
        """)
        guard case .profile(let p) = s.model.sources[0].pattern else { Issue.record("not a profile"); return }
        let wed: Double = p.rates[0] * 1440, sun: Double = p.rates[4 * 24] * 1440
        #expect(abs(wed - 70.0 * 3 / 4) < 1e-9)     // Wednesday weight 3 of mean 4
        #expect(abs(sun - 70.0 * 7 / 4) < 1e-9)     // Sunday
        #expect(s.model.startWeekday == 2)
        let rec = run(s.model)
        // Wed 08:00 is the first opening (time 480); Sat and Sun closed.
        let opens = rec.capacityChanges.filter { $0.capacity == 2 }.map(\.time)
        let want: [Double] = [480, 1920, 3360, 7680]
        #expect(Array(opens.prefix(4)) == want)
    }
}
