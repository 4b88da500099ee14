#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// An arrival rate that follows the calendar: an hourly shape per day
/// type, day-of-week levels, month-of-year and ISO-week multipliers,
/// special days, dated surges and a yearly trend. `hourlyRates` turns it
/// into one piecewise-constant rate per hour of the run, computed once
/// when the scenario is compiled; the engine inverts the integrated rate
/// over that table exactly (see `Simulation.nextProfileArrival`).
///
/// The rate in hour h of run day D is
///
///     perDay/24 x dayLevel[k] x 24 x hourShare[k][h] x month[m] x week[w]
///            x special(D) x surges(D) x (1 + trend)^(D / 365.25)
///
/// where k is D's weekday (Monday 0), or Sunday (6) when D is a holiday
/// or a special day "as Sunday". Multipliers are constant over a day (the
/// trend steps once a day: at 2% a year, 0.005% a day).
public struct ArrivalCalendar: Sendable, Equatable {
    /// Arrivals per day when every multiplier is 1 (a mean day of the week).
    public var perDay: Double
    /// 7 rows (Monday first) of 24 hourly shares of a day's arrivals; each row sums to 1.
    public var hourShare: [[Double]]
    /// 7 day levels (Monday first) with mean 1.
    public var dayLevel: [Double]
    /// 12 multipliers, January first.
    public var month: [Double] = Array(repeating: 1, count: 12)
    /// Multipliers by ISO week number (index 1 ... 53; index 0 unused).
    public var isoWeek: [Double] = Array(repeating: 1, count: 54)
    /// Days treated as another weekday (usually Sunday) and/or scaled.
    public var specialDays: [CivilDate: SpecialDay] = [:]
    public var surges: [Surge] = []
    /// Growth per year, e.g. 0.02 for +2% a year, compounded daily from the start.
    public var trendPerYear: Double = 0

    public struct SpecialDay: Sendable, Equatable {
        /// Use this weekday's hourly shape and level (6: Sunday); nil: the date's own.
        public var asWeekday: Int?
        public var multiplier: Double
        public init(asWeekday: Int?, multiplier: Double) {
            self.asWeekday = asWeekday
            self.multiplier = multiplier
        }
    }

    /// A multiplier over the days `from ... to` (inclusive). With a peak
    /// date, it rises linearly from 1 at `from` to `multiplier` at `peak`
    /// and falls back to 1 at `to` (a triangular epidemic wave); without,
    /// it is flat.
    public struct Surge: Sendable, Equatable {
        public var from: CivilDate
        public var to: CivilDate
        public var peak: CivilDate?
        public var multiplier: Double
        public init(from: CivilDate, to: CivilDate, peak: CivilDate?, multiplier: Double) {
            self.from = from
            self.to = to
            self.peak = peak
            self.multiplier = multiplier
        }
        /// The factor on `date` (1 outside the period).
        public func factor(on date: CivilDate) -> Double {
            let d = date.dayNumber, a = from.dayNumber, z = to.dayNumber
            guard d >= a && d <= z else { return 1 }
            guard let peak else { return multiplier }
            let p = peak.dayNumber
            // Day midpoints: the ramp is linear in time and reaches 1 half a
            // day outside the period.
            let x = Double(d) + 0.5
            let w: Double
            if x <= Double(p) + 0.5 {
                w = (x - Double(a)) / (Double(p) + 0.5 - Double(a))
            } else {
                w = (Double(z) + 1 - x) / (Double(z) + 1 - Double(p) - 0.5)
            }
            return 1 + (multiplier - 1) * Swift.max(0, Swift.min(1, w))
        }
    }

    public init(perDay: Double, hourShare: [[Double]], dayLevel: [Double]) {
        self.perDay = perDay
        self.hourShare = hourShare
        self.dayLevel = dayLevel
    }

    /// The multiplier of the whole day `date` (run day `d`) and the weekday whose shape it uses.
    public func day(_ date: CivilDate, runDay d: Int) -> (weekday: Int, factor: Double) {
        var k = date.weekday
        var f = month[date.month - 1] * isoWeek[date.isoWeek.week]
        if let s = specialDays[date] {
            if let w = s.asWeekday { k = w }
            f *= s.multiplier
        }
        for s in surges { f *= s.factor(on: date) }
        if trendPerYear != 0 { f *= Self.power(1 + trendPerYear, Double(d) / 365.25) }
        return (k, f * dayLevel[k])
    }

    /// Arrivals per minute in each hour of run days 0 ..< days.
    /// O(days x 24), at compile time.
    public func hourlyRates(calendar: RunCalendar, days: Int) -> [Double] {
        var out: [Double] = []
        out.reserveCapacity(days * 24)
        for d in 0..<days {
            let (k, f) = day(calendar.date(ofDay: d), runDay: d)
            for h in 0..<24 { out.append(perDay * f * hourShare[k][h] / 60) }
        }
        return out
    }

    /// Expected arrivals on `date` (run day `d`).
    public func expectedArrivals(on date: CivilDate, runDay d: Int) -> Double {
        perDay * day(date, runDay: d).factor
    }
    static func power(_ x: Double, _ y: Double) -> Double { pow(x, y) }
}
