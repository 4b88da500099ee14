import CareFlowStats

/// KPIs by month of the year, for dated runs (`Model.monthOfDay`, set by
/// the compiler for every scenario with `run.start` and a horizon). Interval KPIs are counted in the month their
/// interval ends; levels (beds occupied, queues, censuses) are the
/// time-weighted mean over the measured minutes of that month, from the
/// daily bins the collector keeps anyway. Months of several years pool
/// (a 15-month run's two Januaries make one January).
///
/// Inactive (one branch per interval) in undated runs.
public struct MonthlyStats: Sendable {
    public private(set) var active = false
    private var monthOfDay: [UInt8] = []
    private var offset: Double = 0
    /// [kpi][month]
    private var tally: [[Tally]] = []
    private var within: [[Int]] = []
    private var targeted: [[Int]] = []

    public init() {}

    public init(model: Model) {
        guard !model.monthOfDay.isEmpty else { return }
        active = true
        monthOfDay = model.monthOfDay
        offset = model.clockOffset
        tally = Array(repeating: Array(repeating: Tally(), count: 12), count: model.kpis.count)
        within = Array(repeating: Array(repeating: 0, count: 12), count: model.kpis.count)
        targeted = within
    }

    /// The month (0-11) of time `t`, or nil past the table.
    @inline(__always)
    func month(at t: Double) -> Int? {
        let d = Int(((t + offset) / 1440).rounded(.down))
        return d >= 0 && d < monthOfDay.count ? Int(monthOfDay[d]) : nil
    }

    @inline(__always)
    public mutating func record(kpi k: Int, value: Double, target: Double, at t: Double) {
        guard let m = month(at: t) else { return }
        tally[k][m].record(value)
        if !target.isNaN {
            targeted[k][m] += 1
            if value <= target { within[k][m] += 1 }
        }
    }

    public mutating func reset() {
        for k in tally.indices {
            for m in 0..<12 { tally[k][m].reset(); within[k][m] = 0; targeted[k][m] = 0 }
        }
    }

    /// Measured minutes of each month in [from, to], and of each calendar day.
    func measured(from: Double, to: Double) -> (months: [Double], days: [Double]) {
        var months = [Double](repeating: 0, count: 12)
        var days = [Double](repeating: 0, count: monthOfDay.count)
        guard to > from else { return (months, days) }
        let first = Swift.max(0, Int(((from + offset) / 1440).rounded(.down)))
        var d = first
        while d < monthOfDay.count {
            let a = Double(d) * 1440 - offset, b = a + 1440
            if a >= to { break }
            let w = Swift.min(b, to) - Swift.max(a, from)
            if w > 0 { days[d] = w; months[Int(monthOfDay[d])] += w }
            d += 1
        }
        return (months, days)
    }

    /// Two-digit month numbers: "01" ... "12".
    public static let monthKeys = (1...12).map { $0 < 10 ? "0\($0)" : "\($0)" }

    /// Appends `<kpi>.month.MM.mean/.count[/.within_target]` for every KPI
    /// and `<level>.month.MM` for the given levels, for each month with
    /// measured time (the same months in every replication).
    public func emit(into r: inout ReplicationResult, kpiNames: [String], levels: [(String, SeriesLevel)],
                     from: Double, to: Double) {
        guard active else { return }
        let (months, days) = measured(from: from, to: to)
        let shown = (0..<12).filter { months[$0] > 0 }
        for (k, name) in kpiNames.enumerated() where k < tally.count {
            let hasTarget = targeted[k].contains { $0 > 0 }
            for m in shown {
                let t = tally[k][m], key = "\(name).month.\(Self.monthKeys[m])"
                r.append("\(key).mean", t.count > 0 ? t.mean : .nan)
                r.append("\(key).count", Double(t.count))
                if hasTarget { r.append("\(key).within_target", targeted[k][m] > 0 ? Double(within[k][m]) / Double(targeted[k][m]) : .nan) }
            }
        }
        for (name, level) in levels where level.binned {
            var area = [Double](repeating: 0, count: 12)
            let dayArea = level.dayArea
            for (d, w) in days.enumerated() where w > 0 && d < dayArea.count { area[Int(monthOfDay[d])] += dayArea[d] }
            for m in shown { r.append("\(name).month.\(Self.monthKeys[m])", area[m] / months[m]) }
        }
    }
}
