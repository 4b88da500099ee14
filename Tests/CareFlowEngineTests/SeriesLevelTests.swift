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

    /// The pass counts hours after its first when the clock offset is whole
    /// minutes; it must give the bins, bit for bit, of the formula for
    /// every hour (the plain loop below, the code before that change).
    @Test("counting hours gives the bins of the formula, bit for bit", arguments: [0.0, 467, 480, 1439, 467.25, 0.1])
    func countingHoursMatchesTheFormula(offset: Double) {
        var rng = SeededGenerator(seed: UInt64(offset * 100) &+ 7)
        var s = SeriesLevel(weekShift: 48, clockOffset: offset)
        var r = PlainSeriesLevel(weekShift: 48, clockOffset: offset)
        var t = 0.0
        for i in 0..<4_000 {
            // Gaps from a fraction of a minute to a few days; levels 0-20.
            let u = Double.random(in: 0..<1, using: &rng)
            let gap = i % 97 == 0 ? u * 5_000 : u < 0.3 ? u * 2 : u * 130
            t += gap
            if i % 501 == 500 { t = (t / 60).rounded(.up) * 60 - offset.truncatingRemainder(dividingBy: 60) }
            let level = Double(Int.random(in: 0...20, using: &rng))
            s.set(level, at: t)
            r.set(level, at: t)
            if i == 2_000 { s.reset(at: t); r.reset(at: t) }
        }
        s.finish(at: t + 333)
        r.finish(at: t + 333)
        #expect(s.weekArea.map(\.bitPattern) == r.weekArea.map(\.bitPattern))
        #expect(s.weekTime.map(\.bitPattern) == r.weekTime.map(\.bitPattern))
        #expect(s.dayArea.map(\.bitPattern) == r.dayArea.map(\.bitPattern))
        #expect(s.hourArea.map(\.bitPattern) == r.hourArea.map(\.bitPattern))
        #expect(s.hourArea.count > 1_000)
    }
}

/// SeriesLevel's binning as it was written first: the hour of every pass
/// from the formula, bins grown one at a time (the reference for the
/// bit-for-bit test).
struct PlainSeriesLevel {
    var weekArea = [Double](repeating: 0, count: 168), weekTime = [Double](repeating: 0, count: 168)
    var dayArea: [Double] = [], hourArea: [Double] = []
    let clockOffset: Double, firstHour: Int, weekShiftHours: Int
    var binHour = 0, binWeek = 0, binDay = 0, binEnd: Double = -1
    var level = 0.0, last = 0.0, curArea = 0.0, curTime = 0.0

    init(weekShift: Double, clockOffset: Double) {
        self.clockOffset = clockOffset
        firstHour = Int((clockOffset / 60).rounded(.down))
        weekShiftHours = Int(weekShift)
    }

    mutating func set(_ newLevel: Double, at t: Double) {
        if t <= binEnd {
            curArea += level * (t - last)
            curTime += t - last
            last = t
        } else {
            accumulate(to: t)
        }
        level = newLevel
    }

    mutating func flush() {
        guard binEnd >= 0, curTime > 0 || curArea != 0 else { return }
        weekArea[binWeek] += curArea
        weekTime[binWeek] += curTime
        dayArea[binDay] += curArea
        hourArea[binHour] += curArea
        curArea = 0
        curTime = 0
    }

    mutating func accumulate(to t: Double) {
        flush()
        var a = last
        guard a < t else { last = t; return }
        var hour = 0.0, how = 0, day = 0, h = 0
        while a < t {
            hour = ((a + clockOffset) / 60).rounded(.down)
            let b = Swift.min(t, (hour + 1) * 60 - clockOffset)
            how = (Int(hour) + weekShiftHours) % 168
            day = Int(hour) / 24
            h = Int(hour) - firstHour
            while day >= dayArea.count { dayArea.append(0) }
            while h >= hourArea.count { hourArea.append(0) }
            let dt = b - a
            weekArea[how] += level * dt
            weekTime[how] += dt
            dayArea[day] += level * dt
            hourArea[h] += level * dt
            a = b
        }
        binEnd = (hour + 1) * 60 - clockOffset
        binHour = h
        binWeek = how
        binDay = day
        last = t
    }

    mutating func reset(at t: Double) {
        accumulate(to: t)
        for i in 0..<168 { weekArea[i] = 0; weekTime[i] = 0 }
        for i in dayArea.indices { dayArea[i] = 0 }
    }

    mutating func finish(at t: Double) { accumulate(to: t) }
}
