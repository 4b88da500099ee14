import CareFlowStats

/// A level recorded both as a whole-run time average and binned by hour of
/// the week (168 bins; hour 0 is Monday 00-01) and by day of the run, for
/// profiles and daily series. O(1) amortised per change: the area between
/// two changes is split at hour boundaries, of which there are usually none.
public struct SeriesLevel: Sendable {
    public private(set) var total: TimeWeighted
    /// The bins, in raw memory shared by copies until one writes (SeriesBins).
    private var bins = SeriesBins()
    /// Area (level x minutes) per hour of the week, and minutes observed.
    public var weekArea: [Double] { Array(UnsafeBufferPointer(start: bins.week, count: 168)) }
    public var weekTime: [Double] { Array(UnsafeBufferPointer(start: bins.week + 168, count: 168)) }
    /// Area per day since time 0 (days before the warm-up ended stay 0).
    public var dayArea: [Double] { Array(UnsafeBufferPointer(start: bins.day, count: bins.dayCount)) }
    /// Area per hour since time 0, never reset: the run's whole trajectory,
    /// for warm-up detection (MSER-5).
    public var hourArea: [Double] { Array(UnsafeBufferPointer(start: bins.hour, count: bins.hourCount)) }
    /// false: only the whole-run average is kept (no bins touched).
    public let binned: Bool
    /// Hour of the week of the start date's midnight (a run starting on a Wednesday: 48).
    public let weekShift: Double
    /// Minutes past midnight of time 0: bins are clock hours and calendar
    /// days (day 0 is the start date; hour bin 0 is the clock hour time 0 lies in).
    public let clockOffset: Double
    private let firstHour: Int
    /// A clock offset of whole minutes (every scenario's): a pass can count
    /// hours after its first (see `accumulate`).
    private let wholeMinuteOffset: Bool
    private let weekShiftHours: Int
    private var binHour = 0
    private var last: Double = 0
    // The hour bin `last` lies in: fast path for changes within one hour.
    private var binEnd: Double = -1
    private var binWeek = 0
    private var binDay = 0
    private var curArea = 0.0
    private var curTime = 0.0

    public init(at time: Double = 0, binned: Bool = true, weekShift: Double = 0, clockOffset: Double = 0) {
        total = TimeWeighted(level: 0, at: time)
        last = time
        self.binned = binned
        self.weekShift = weekShift
        self.clockOffset = clockOffset
        firstHour = Int((clockOffset / 60).rounded(.down))
        precondition(weekShift >= 0 && weekShift == weekShift.rounded(.down), "weekShift is a whole number of hours")
        weekShiftHours = Int(weekShift)
        wholeMinuteOffset = clockOffset >= 0 && clockOffset < 0x1p40 && clockOffset == clockOffset.rounded(.down)
    }

    @inline(__always)
    public mutating func set(_ newLevel: Double, at t: Double) {
        if binned {
            if t <= binEnd {
                // Within the current hour: accumulate in two scalars; the
                // bins are written once per hour (see flush). The whole-run
                // average's last change is at `last` too (both move to every
                // change's time), so its area since then is this same product.
                let d = t - last
                let x = level * d
                curArea += x
                curTime += d
                last = t
                total.set(newLevel, at: t, areaSinceLastChange: x)
                return
            }
            accumulate(to: t)
        }
        total.set(newLevel, at: t)
    }
    /// The level now (the whole-run average's: they change together).
    public var current: Double { total.level }
    private var level: Double { total.level }
    @inline(__always)
    public mutating func add(_ d: Double, at t: Double) { set(level + d, at: t) }

    /// The bins, made this level's own before a write (copy on write).
    @inline(__always)
    private mutating func ownBins() -> SeriesBins {
        if !isKnownUniquelyReferenced(&bins) { bins = bins.copy() }
        return bins
    }

    /// Writes the current hour's scalars into the bins.
    @inline(__always)
    private mutating func flush() {
        guard binEnd >= 0, curTime > 0 || curArea != 0 else { return }
        let b = ownBins()
        b.week[binWeek] += curArea
        b.week[168 + binWeek] += curTime
        b.day[binDay] += curArea
        b.hour[binHour] += curArea
        curArea = 0
        curTime = 0
    }

    /// floor(x), for the clock hours (x >= 0 below 2^52: truncation, one
    /// instruction instead of a call to libm's floor).
    @inline(__always)
    static func floorHour(_ x: Double) -> Double {
        x >= 0 && x < 0x1p52 ? Double(Int64(x)) : x.rounded(.down)
    }

    /// Splits the area since the last change at clock-hour boundaries.
    ///
    /// Performance: one pass per hour and level, the run's most repeated
    /// loop outside the engine. The day and hour bins it reaches are made
    /// first, so that the pass writes through pointers (no uniqueness check
    /// and no growth test per hour). After its first hour a pass starts on
    /// a clock-hour boundary, and with a whole-minute clock offset (`wholeMinuteOffset`) the next hour is then
    /// exactly one more: (h + 1) * 60 - off + off is an integer below 2^53,
    /// so the formula's division gives h + 1 without rounding, and the
    /// pass counts the hours instead of dividing. Every sum, and so every
    /// bit, is that of the plain loop (SeriesLevelTests compares them).
    private mutating func accumulate(to t: Double) {
        var a = last
        flush()
        guard a < t else { last = t; return }
        let off = clockOffset, lv = level, shift = weekShiftHours, first = firstHour
        // No pass goes past the hour of t (a < t, and rounding is monotone).
        // It may stop one short (t on an hour boundary), or not: a just
        // below a boundary can round onto it. So make the bins up to the hour
        // of t, and drop afterwards the ones no pass reached, as the plain
        // loop makes a bin only when it gets there.
        let lastHour = Int(Self.floorHour((t + off) / 60))
        let bins = ownBins()
        let days = bins.dayCount, hours = bins.hourCount
        if lastHour / 24 >= days { bins.growDays(to: lastHour / 24 + 1) }
        if lastHour - first >= hours { bins.growHours(to: lastHour - first + 1) }
        let wa = bins.week, wt = bins.week + 168, da = bins.day, ha = bins.hour
        let dayBins = bins.dayCount, hourBins = bins.hourCount
        let counts = wholeMinuteOffset
        var hour = 0.0, how = 0, day = 0, h = 0
        var started = false
        while a < t {
            if counts && started {
                // a is (hour + 1) * 60 - off, exactly: the next clock hour.
                // Below the bin counts (the precondition): no overflow checks.
                hour += 1
                how = how == 167 ? 0 : how &+ 1
                h &+= 1
                day = (h &+ first) / 24
            } else {
                // Clock hour (from the start date's midnight) that a lies in.
                hour = Self.floorHour((a + off) / 60)
                // Whole numbers, at or above 0: the integer remainder is the
                // floating-point one (no fmod call per hour and level).
                how = (Int(hour) + shift) % 168
                day = Int(hour) / 24
                h = Int(hour) - first
                started = true
            }
            let b = Swift.min(t, (hour + 1) * 60 - off)
            precondition(day < dayBins && h >= 0 && h < hourBins, "SeriesLevel: hour bin out of range")
            let dt = b - a
            let x = lv * dt
            wa[how] += x
            wt[how] += dt
            da[day] += x
            ha[h] += x
            a = b
        }
        bins.truncate(days: Swift.max(days, day + 1), hours: Swift.max(hours, h + 1))
        binEnd = (hour + 1) * 60 - off
        binHour = h
        binWeek = how
        binDay = day
        last = t
    }

    public mutating func reset(at t: Double) {
        guard binned else { total.reset(at: t); return }
        accumulate(to: t)
        let b = ownBins()
        b.week.update(repeating: 0, count: 336)
        b.day.update(repeating: 0, count: b.dayCount)
        total.reset(at: t)
    }

    public mutating func finish(at t: Double) {
        if binned { accumulate(to: t) }
        total.set(level, at: t)
    }

    /// Mean level by hour of day (24 values) over the observed time.
    public var hourOfDay: [Double] {
        (0..<24).map { h in
            var a = 0.0, w = 0.0
            for d in 0..<7 { a += bins.week[d * 24 + h]; w += bins.week[168 + d * 24 + h] }
            return w > 0 ? a / w : .nan
        }
    }
    /// Mean level by day of week (Monday first).
    public var dayOfWeek: [Double] {
        (0..<7).map { d in
            var a = 0.0, w = 0.0
            for h in 0..<24 { a += bins.week[d * 24 + h]; w += bins.week[168 + d * 24 + h] }
            return w > 0 ? a / w : .nan
        }
    }
    /// Mean level per hour of the run, from time 0 to the last change (a
    /// start part-way through an hour: the first bin is that part hour).
    public var hourly: [Double] {
        let part = 60 - clockOffset.truncatingRemainder(dividingBy: 60)
        let ha = bins.hour
        return (0..<bins.hourCount).map { ha[$0] / ($0 == 0 ? part : 60) }
    }

    /// Mean level per whole day from day `firstDay`, up to `days` days.
    public func daily(firstDay: Int, days: Int) -> [Double] {
        let da = bins.day, n = bins.dayCount
        return (firstDay..<(firstDay + days)).map { d in d >= 0 && d < n ? da[d] / 1440 : .nan }
    }
}
