/// The bins of a `SeriesLevel` in raw memory: 168 areas and 168 times by
/// hour of the week, then areas by day and by hour of the run, which grow.
///
/// Performance shortcut (as `PoolBuffer`): a pass over the hours wrote into
/// four arrays, and each array's copy-on-write check cost more than a pass
/// usually does (one hour). `SeriesLevel` keeps value semantics itself: it
/// copies the bins before a write unless it holds the only reference
/// (`isKnownUniquelyReferenced`, once per pass), as an array would.
final class SeriesBins: @unchecked Sendable {
    /// week[0 ..< 168]: area by hour of the week; week[168 ..< 336]: minutes observed.
    let week: UnsafeMutablePointer<Double>
    private(set) var day: UnsafeMutablePointer<Double>
    private(set) var dayCount = 0
    private var dayCapacity: Int
    private(set) var hour: UnsafeMutablePointer<Double>
    private(set) var hourCount = 0
    private var hourCapacity: Int

    init(dayCapacity: Int = 8, hourCapacity: Int = 64) {
        week = .allocate(capacity: 336)
        week.initialize(repeating: 0, count: 336)
        self.dayCapacity = Swift.max(1, dayCapacity)
        self.hourCapacity = Swift.max(1, hourCapacity)
        day = .allocate(capacity: self.dayCapacity)
        hour = .allocate(capacity: self.hourCapacity)
    }

    deinit {
        week.deallocate()
        day.deallocate()
        hour.deallocate()
    }

    /// An independent copy (for a `SeriesLevel` whose bins are shared).
    func copy() -> SeriesBins {
        let c = SeriesBins(dayCapacity: dayCapacity, hourCapacity: hourCapacity)
        c.week.update(from: week, count: 336)
        c.day.initialize(from: day, count: dayCount)
        c.hour.initialize(from: hour, count: hourCount)
        c.dayCount = dayCount
        c.hourCount = hourCount
        return c
    }

    // growDays and growHours are the same code on two sets of properties,
    // written out: a shared helper would take the properties inout, a long
    // access that makes every access to them checked at run time (`moved`).

    /// Makes day bins 0 ..< n (new ones 0); n is above dayCount.
    @inline(__always)
    func growDays(to n: Int) {
        if n > dayCapacity { (day, dayCapacity) = Self.moved(day, count: dayCount, capacity: dayCapacity, needed: n) }
        var i = dayCount
        while i < n { day[i] = 0; i += 1 }
        dayCount = n
    }

    /// Makes hour bins 0 ..< n (new ones 0); n is above hourCount. (Nearly
    /// every pass makes one: inlined, zeroed in a loop, no call.)
    @inline(__always)
    func growHours(to n: Int) {
        if n > hourCapacity { (hour, hourCapacity) = Self.moved(hour, count: hourCount, capacity: hourCapacity, needed: n) }
        var i = hourCount
        while i < n { hour[i] = 0; i += 1 }
        hourCount = n
    }

    /// Drops the bins from `days` and `hours` on (at most the counts).
    func truncate(days: Int, hours: Int) {
        dayCount = Swift.min(dayCount, days)
        hourCount = Swift.min(hourCount, hours)
    }

    /// Storage for at least `needed` values (doubling), holding the first
    /// `count` of `p`, which it frees. (No inout of a stored property: that
    /// would be a long access, and make every access to it checked at run time.)
    @inline(never)
    private static func moved(_ p: UnsafeMutablePointer<Double>, count: Int, capacity: Int,
                              needed: Int) -> (UnsafeMutablePointer<Double>, Int) {
        let bigger = Swift.max(needed, capacity * 2)
        let q = UnsafeMutablePointer<Double>.allocate(capacity: bigger)
        q.moveInitialize(from: p, count: count)
        p.deallocate()
        return (q, bigger)
    }
}
