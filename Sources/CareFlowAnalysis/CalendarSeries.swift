import CareFlowCalendar
import CareFlowEngine
import CareFlowScenario

/// The calendar in series.json: the dates of the daily points and
/// month-of-year profiles, for runs with `run.start`.
public enum CalendarSeries {
    /// The first whole calendar day after the warm-up (day 0: the start
    /// date; a run starting at 07:30 measures from the next midnight on).
    public static func firstDay(_ sc: CompiledScenario) -> Double {
        ((sc.model.warmup + sc.model.clockOffset) / 1440).rounded(.up)
    }

    /// `start` and `dates` (one per daily point) of a dated run; nothing otherwise.
    public static func dates(_ sc: CompiledScenario, days: Int) -> [(String, JSON)] {
        guard let cal = sc.calendar else { return [] }
        let first = Int(firstDay(sc))
        return [("start", .string(cal.startText)),
                ("dates", .array((0..<days).map { .string(cal.date(ofDay: first + $0).description) }))]
    }

    /// Month (1 ... 12) of each daily point of a dated run.
    public static func months(_ sc: CompiledScenario, days: Int) -> [Int] {
        guard let cal = sc.calendar else { return [] }
        let first = Int(firstDay(sc))
        return (0..<days).map { cal.date(ofDay: first + $0).month }
    }

    /// Per replication, the mean of the daily values in each month of the
    /// year (NaN for a month the measured period does not cover); then the
    /// mean and 95% CI across replications. Empty for an undated run.
    public static func monthOfYear(_ sc: CompiledScenario, _ daily: [[Double]]) -> [(String, JSON)] {
        guard sc.calendar != nil else { return [] }
        let n = daily.map(\.count).min() ?? 0
        let month = months(sc, days: n)
        let rows = daily.map { d -> [Double] in
            var sum = [Double](repeating: 0, count: 12), count = [Double](repeating: 0, count: 12)
            for i in 0..<n where d[i].isFinite { sum[month[i] - 1] += d[i]; count[month[i] - 1] += 1 }
            return (0..<12).map { count[$0] > 0 ? sum[$0] / count[$0] : .nan }
        }
        return [("month_of_year", Outputs.band(rows))]
    }
}
