/// Dated capacity changes on top of a unit's daily or weekly shift
/// schedule: "12 of 198 beds closed 2027-06-21 to 2027-08-15", "10 surge
/// beds open weeks 50-10". `expand` merges both into one dated list of
/// (time, capacity) changes over the run, once at compile time; the
/// engine then runs it as a one-off (non-repeating) schedule.
public struct DatedCapacityChange: Sendable, Equatable {
    public enum Effect: Sendable, Equatable {
        /// Capacity is the schedule's value plus this (negative: closed), at least 0.
        case add(Int)
        /// Capacity is this, whatever the schedule says.
        case set(Int)
    }
    /// First day it applies (from 00:00).
    public var from: CivilDate
    /// Last day it applies (to 24:00).
    public var to: CivilDate
    public var effect: Effect
    public init(from: CivilDate, to: CivilDate, effect: Effect) {
        self.from = from
        self.to = to
        self.effect = effect
    }
}

public enum CapacityCalendar {
    /// The capacity changes over [0, horizon] (minutes) of a unit with
    /// capacity `base(t)` from its own schedule (`baseChanges`: the
    /// times within [0, horizon] where the schedule changes) and the dated
    /// changes. Overlapping `add`s sum; a `set` wins over `add`s (the
    /// latest-starting `set` if several overlap). Only actual changes are
    /// listed; the first entry is at time 0.
    public static func expand(calendar: RunCalendar, horizon: Double, baseChanges: [Double],
                              base: (Double) -> Int, changes: [DatedCapacityChange]) -> [(time: Double, capacity: Int)] {
        var times = Set(baseChanges.filter { $0 >= 0 && $0 <= horizon })
        times.insert(0)
        var windows: [(start: Double, end: Double, effect: DatedCapacityChange.Effect)] = []
        for c in changes {
            let s = calendar.time(ofDay: calendar.day(of: c.from))
            let e = calendar.time(ofDay: calendar.day(of: c.to) + 1)
            guard e > 0, s <= horizon, e > s else { continue }
            windows.append((Swift.max(0, s), e, c.effect))
            times.insert(Swift.max(0, s))
            if e <= horizon { times.insert(e) }
        }
        var out: [(time: Double, capacity: Int)] = []
        for t in times.sorted() {
            var cap = base(t)
            var add = 0
            var set: (start: Double, value: Int)?
            for w in windows where w.start <= t && t < w.end {
                switch w.effect {
                case .add(let a): add += a
                case .set(let v): if w.start >= (set?.start ?? -.infinity) { set = (w.start, v) }
                }
            }
            if let set { cap = set.value } else { cap = Swift.max(0, cap + add) }
            if out.last?.capacity != cap || out.isEmpty { out.append((t, cap)) }
        }
        return out
    }
}
