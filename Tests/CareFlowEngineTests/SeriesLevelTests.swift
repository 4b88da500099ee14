import Testing
@testable import CareFlowEngine

@Suite("SeriesLevel hour-of-day and daily binning")
struct SeriesLevelTests {
    /// 0 on [0,30), 2 on [30,90), 4 on [90,120): hour 0 averages 1, hour 1 averages 3.
    @Test("changes within and across an hour split the area at the hour boundary")
    func withinTheFirstHours() {
        var s = SeriesLevel()
        s.set(2, at: 30)
        s.set(4, at: 90)
        s.finish(at: 120)
        let h = s.hourOfDay
        #expect(h[0] == 1)
        #expect(h[1] == 3)
        #expect(h[2...].allSatisfy { $0.isNaN })
        #expect(s.total.mean(at: 120) == 2)
        #expect(s.weekTime[0] == 60 && s.weekTime[1] == 60)
    }

    /// Two days at level 1, except 3 during 10:00-11:00 on day 1 (Tuesday)
    /// and 5 for the half hour 23:30-24:00 on day 0 (Monday).
    @Test("a hand-made two-day path bins by hour of day, day of week and day")
    func twoDays() {
        var s = SeriesLevel()
        s.set(1, at: 0)
        s.set(5, at: 23 * 60 + 30)
        s.set(1, at: 1440)
        s.set(3, at: 1440 + 600)
        s.set(1, at: 1440 + 660)
        s.finish(at: 2880)
        let h = s.hourOfDay
        #expect(h[10] == 2)                           // (1·60 + 3·60) / 120
        #expect(h[23] == 2)                           // (1·30 + 5·30 + 1·60) / 120
        for hour in 0..<24 where hour != 10 && hour != 23 { #expect(h[hour] == 1, "hour \(hour)") }
        let d = s.dayOfWeek
        #expect(d[0] == (1380 + 30 + 150) / 1440.0)   // Monday
        #expect(d[1] == (1380 + 180) / 1440.0)        // Tuesday
        #expect(d[2...].allSatisfy { $0.isNaN })
        #expect(s.daily(firstDay: 0, days: 2) == [d[0], d[1]])
        #expect(s.daily(firstDay: 1, days: 2)[1].isNaN)
    }

    /// A constant level over 15 days: the week bins wrap, so Monday's hours
    /// are observed on days 0, 7 and 14 and Tuesday's on days 1 and 8.
    @Test("hour-of-week bins wrap after 168 hours")
    func weekWraps() {
        var s = SeriesLevel()
        s.set(2, at: 0)
        s.finish(at: 15 * 1440)
        // Mondays: days 0, 7 and 14: 3 × 60 minutes in each Monday hour.
        #expect(s.weekTime[0] == 180 && s.weekTime[23] == 180)
        #expect(s.weekTime[24] == 120)                // Tuesdays: days 1 and 8
        #expect(s.hourOfDay.allSatisfy { $0 == 2 })
        #expect(s.daily(firstDay: 0, days: 15).allSatisfy { $0 == 2 })
    }

    @Test("reset at the end of warm-up forgets the bins but keeps the level")
    func resetAtWarmup() {
        var s = SeriesLevel()
        s.set(10, at: 0)
        s.set(4, at: 90)
        s.reset(at: 120)
        s.finish(at: 180)
        let h = s.hourOfDay
        #expect(h[0].isNaN)
        #expect(h[1].isNaN)                           // 60-120 was before the reset
        #expect(h[2] == 4)
        #expect(s.total.mean(at: 180) == 4)
        #expect(s.daily(firstDay: 0, days: 1) == [4 * 60 / 1440.0])
    }

    /// 65,113 + 467 = 60 x 1,093: the instant just below 65,113 rounds onto
    /// that clock-hour boundary when the offset is added, so its hour is
    /// 1,093 (bin 1,086 from the first hour, 07:00), though it lies before
    /// the boundary. The pass must still make that bin and put the sliver there.
    @Test("a change just below an hour boundary that rounds onto it")
    func roundsOntoTheBoundary() {
        let end: Double = 65113
        let a: Double = end.nextDown
        let hour: Double = ((a + 467) / 60).rounded(.down)
        #expect(hour == 1093)
        var s = SeriesLevel(clockOffset: 467)
        s.set(1, at: a)
        s.finish(at: end)
        let sliver: Double = end - a
        let hours: Int = s.hourArea.count
        let days: Int = s.dayArea.count
        #expect(hours == 1087)
        #expect(s.hourArea[1086] == sliver)
        #expect(days == 46)
        let mean: Double = s.total.mean(at: end)
        #expect(mean == sliver / end)
    }

    /// An hour boundary exactly at the end: no bin for the hour that starts there.
    @Test("a pass that ends on an hour boundary makes no bin past it")
    func endsOnTheBoundary() {
        var s = SeriesLevel()
        s.set(2, at: 30)
        s.finish(at: 120)
        let expected: [Double] = [60, 120]
        let hours: [Double] = s.hourArea
        #expect(hours == expected)
        let days: Int = s.dayArea.count
        #expect(days == 1)
    }

    @Test("an unbinned level keeps only the whole-run average")
    func unbinned() {
        var s = SeriesLevel(binned: false)
        s.set(3, at: 10)
        s.finish(at: 20)
        #expect(s.total.mean(at: 20) == 1.5)
        #expect(s.weekTime.allSatisfy { $0 == 0 })
    }
}
