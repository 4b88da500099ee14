import CareFlowCalendar
import CareFlowRandom
import Foundation

/// A proportion with its Wilson score interval (Wilson 1927).
public struct Proportion: Sendable {
    public var label: String
    public var count: Int
    public var total: Int
    public var p: Double { total > 0 ? Double(count) / Double(total) : .nan }
    public var ciLow: Double
    public var ciHigh: Double

    public init(label: String, count: Int, total: Int, level: Double) {
        self.label = label; self.count = count; self.total = total
        let z = GSL.normalQuantile(0.5 + level / 2)
        guard total > 0 else { ciLow = .nan; ciHigh = .nan; return }
        let n = Double(total), ph = Double(count) / n
        let c = (ph + z * z / (2 * n)) / (1 + z * z / n)
        let h = z / (1 + z * z / n) * (ph * (1 - ph) / n + z * z / (4 * n * n)).squareRoot()
        ciLow = max(0, c - h); ciHigh = min(1, c + h)
    }
}

/// A rate (events per day) with a Poisson interval (normal approximation to
/// the count, N ± z√N, then per day; exact enough from about 30 events).
public struct Rate: Sendable {
    public var count: Int
    public var days: Double
    public var value: Double { Double(count) / days }
    public var ciLow: Double
    public var ciHigh: Double
    public init(count: Int, days: Double, level: Double) {
        self.count = count; self.days = days
        let z = GSL.normalQuantile(0.5 + level / 2), n = Double(count)
        ciLow = max(0, n - z * n.squareRoot()) / days
        ciHigh = (n + z * n.squareRoot()) / days
    }
}

/// A chi-squared test of counts against expected counts.
public struct ChiSquared: Sendable {
    public var label: String
    public var statistic: Double
    public var df: Int
    public var pValue: Double
}

public struct ArrivalFit: Sendable {
    public var spec: FitMapping.ArrivalSpec
    public var perDay: Rate
    /// Share of arrivals by hour of day (0-23).
    public var hourShare: [Proportion]
    /// Weekday levels (Monday first): the weekday's daily rate over the mean daily rate.
    public var weekdayLevel: [(value: Double, ciLow: Double, ciHigh: Double, days: Int)]
    /// Month multipliers (January first), nil when the log covers less than every month for 28 days.
    public var monthMultiplier: [(value: Double, ciLow: Double, ciHigh: Double, days: Int)]?
    /// Per weekday: the hour counts against the common hour profile; per hour: weekdays against their levels.
    public var weekdayTests: [ChiSquared]
    public var hourTests: [ChiSquared]
    /// Public holidays seen: observed arrivals on them over the count expected
    /// for their weekday, and over the count expected for a Sunday.
    public var holidays: (days: Int, observed: Int, expectedWeekday: Double, expectedSunday: Double)
    public var holidaysDetected: Bool
    /// Daily counts (day 0 = the log's first day), for the report.
    public var daily: [Int]
    /// Hour shares per day type of the scenario language (weekday = Mon-Fri,
    /// saturday, sunday_holiday = Sundays; a holiday counts with its weekday).
    public var dayTypes: [DayTypeProfile] = []
    /// One hour profile for all three day types, tested on their 3 x 24
    /// table (chi-squared homogeneity); nil when fewer than two have arrivals.
    public var dayTypeTest: ChiSquared?
    /// Whether the draft sets `hour_of_day` per day type: the one-profile
    /// hypothesis rejected at 1%, and every day type seen with arrivals.
    public var usesDayTypes: Bool {
        guard let t = dayTypeTest, t.pValue < 0.01, dayTypes.count == 3 else { return false }
        return dayTypes.allSatisfy { $0.days > 0 && ($0.shares.first?.total ?? 0) > 0 }
    }
}

public struct DayTypeProfile: Sendable {
    /// `weekday`, `saturday` or `sunday_holiday`, as in `hour_of_day`.
    public var name: String
    /// Days of this type in the log.
    public var days: Int
    public var shares: [Proportion]
}

public struct DurationGroupFit: Sendable {
    public var label: String
    public var sample: DurationSample
    /// Zero durations (left out of the parametric fits).
    public var zeros: Int
    /// Patients who reached `from` but left without `to` (not censored).
    public var notReached: Int
    /// Candidates ranked by AIC (best first).
    public var fits: [FittedDistribution]
    /// Kaplan-Meier based empirical distribution: values and cumulative probabilities.
    public var empirical: (values: [Double], cumulative: [Double])
    public var chosen: FittedDistribution? { fits.first }
}

public struct DurationFit: Sendable {
    public var spec: FitMapping.DurationSpec
    public var overall: DurationGroupFit
    public var groups: [DurationGroupFit]
    /// Most patients inside the interval at once, and when (minutes).
    public var peak: Int
    public var peakTime: Double
}

public struct BranchFit: Sendable {
    public var spec: FitMapping.BranchSpec
    public var options: [Proportion]
    /// Patients still undecided at the log's end (left out).
    public var undecided: Int
}

public struct MixFit: Sendable {
    public var spec: FitMapping.MixSpec
    public var shares: [Proportion]
}

public struct ConfusionFit: Sendable {
    public var spec: FitMapping.ConfusionSpec
    public var truthLabels: [String]
    public var assignedLabels: [String]
    /// rows[truth][assigned]: P(assigned | truth) with its interval.
    public var rows: [[Proportion]]
}

/// Everything `careflow fit` estimated from one log.
public struct FitResult: Sendable {
    public var log: String
    public var patients: Int
    public var rows: Int
    public var startDate: CivilDate
    public var days: Int
    /// Patients with none of the end events: still present at the log's end.
    public var present: Int
    public var level: Double
    public var arrivals: [ArrivalFit] = []
    public var durations: [DurationFit] = []
    public var branches: [BranchFit] = []
    public var mixes: [MixFit] = []
    public var confusions: [ConfusionFit] = []
    public var endDate: CivilDate { startDate.adding(days: max(0, days - 1)) }
}
