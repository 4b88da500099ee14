/// A day of the proleptic Gregorian calendar, with the conversions a
/// dated run needs: day numbers, weekdays, ISO weeks.
///
/// Day numbers count from 1970-01-01 (day 0) with Howard Hinnant's
/// `days_from_civil` algorithm (exact for any year; no time zones: a
/// CareFlow clock is local wall time without daylight-saving jumps).
public struct CivilDate: Hashable, Comparable, Sendable, CustomStringConvertible {
    public let year: Int
    /// 1 ... 12
    public let month: Int
    /// 1 ... 31
    public let day: Int

    /// nil unless the date exists (e.g. no 2027-02-29).
    public init?(year: Int, month: Int, day: Int) {
        guard (1...12).contains(month), day >= 1, day <= Self.daysIn(month: month, year: year) else { return nil }
        self.year = year
        self.month = month
        self.day = day
    }

    /// The date of day number `n` (0: 1970-01-01).
    public init(dayNumber n: Int) {
        let z = n + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        year = yoe + era * 400 + (m <= 2 ? 1 : 0)
        month = m
        day = d
    }

    /// Days since 1970-01-01.
    public var dayNumber: Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = month > 2 ? month - 3 : month + 9
        let doy = (153 * mp + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }

    /// 0 = Monday ... 6 = Sunday (ISO order).
    public var weekday: Int {
        // 1970-01-01 was a Thursday (3).
        let w = (dayNumber + 3) % 7
        return w < 0 ? w + 7 : w
    }

    public func adding(days: Int) -> CivilDate { CivilDate(dayNumber: dayNumber + days) }

    /// ISO 8601 week number (1 ... 53) and its week-based year: weeks
    /// start on Monday, week 1 holds the year's first Thursday.
    public var isoWeek: (year: Int, week: Int) {
        let thursday = adding(days: 3 - weekday)
        let jan1 = CivilDate(year: thursday.year, month: 1, day: 1).map(\.dayNumber) ?? thursday.dayNumber
        return (thursday.year, (thursday.dayNumber - jan1) / 7 + 1)
    }

    public static func isLeap(_ y: Int) -> Bool { (y % 4 == 0 && y % 100 != 0) || y % 400 == 0 }

    public static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: return isLeap(year) ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    /// "2027-01-01"
    public var description: String {
        func two(_ x: Int) -> String { x < 10 ? "0\(x)" : "\(x)" }
        let y = String(year)
        return "\(String(repeating: "0", count: Swift.max(0, 4 - y.count)))\(y)-\(two(month))-\(two(day))"
    }

    /// Parses "YYYY-MM-DD"; nil if malformed or not a real date.
    public static func parse(_ s: String) -> CivilDate? {
        let parts = s.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
              parts.allSatisfy({ $0.allSatisfy(\.isASCII) && $0.allSatisfy(\.isNumber) }),
              let y = Int(parts[0]), let m = Int(parts[1]), let d = Int(parts[2]) else { return nil }
        return CivilDate(year: y, month: m, day: d)
    }

    public static func < (a: CivilDate, b: CivilDate) -> Bool { a.dayNumber < b.dayNumber }
}

/// Where a dated run starts: time 0 is `date` at `minuteOfDay` minutes
/// past midnight (run.start 2027-01-01T07:30: 450).
public struct RunCalendar: Sendable, Equatable {
    public let start: CivilDate
    /// Minutes past midnight of time 0 (0 ..< 1440).
    public let minuteOfDay: Double
    public init(start: CivilDate, minuteOfDay: Double = 0) {
        self.start = start
        self.minuteOfDay = minuteOfDay
    }
    /// The date of run day `d` (0: the start date).
    public func date(ofDay d: Int) -> CivilDate { start.adding(days: d) }
    /// The run day of `date` (negative before the start).
    public func day(of date: CivilDate) -> Int { date.dayNumber - start.dayNumber }
    /// Run time (minutes) of midnight starting calendar day `d` (day 0's
    /// midnight lies before time 0 when the run starts later in the day).
    public func time(ofDay d: Int) -> Double { Double(d) * 1440 - minuteOfDay }
    /// The calendar day (0: the start date) that run time `t` falls on.
    public func day(atTime t: Double) -> Int { Int(((t + minuteOfDay) / 1440).rounded(.down)) }
    /// 0 = Monday ... 6 = Sunday: the weekday of the start date.
    public var startWeekday: Int { start.weekday }
    /// "2027-01-01T07:30"
    public var startText: String {
        let m = Int(minuteOfDay)
        func two(_ x: Int) -> String { x < 10 ? "0\(x)" : "\(x)" }
        return "\(start)T\(two(m / 60)):\(two(m % 60))"
    }
}
