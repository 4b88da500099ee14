/// Observations of a quantity, one value at a time (a "tally" in salabim's
/// words): count, mean and variance by Welford's algorithm, min and max.
/// O(1) per observation, no allocation.
public struct Tally: Sendable, Equatable {
    // Internal setters are @usableFromInline so that `record`, called per
    // event from other modules, inlines there.
    @usableFromInline var _count: Int = 0
    public var count: Int { _count }
    @usableFromInline var _mean: Double = 0
    public var mean: Double { _mean }
    @usableFromInline var m2: Double = 0
    @usableFromInline var _min: Double = .infinity
    public var min: Double { _min }
    @usableFromInline var _max: Double = -.infinity
    public var max: Double { _max }

    public init() {}

    @inlinable @inline(__always)
    public mutating func record(_ x: Double) {
        _count &+= 1
        let d = x - mean
        _mean += d / Double(count)
        m2 += d * (x - mean)
        if x < min { _min = x }
        if x > max { _max = x }
    }

    /// Sample variance (n - 1 denominator); 0 for fewer than two values.
    public var variance: Double { count > 1 ? m2 / Double(count - 1) : 0 }
    public var standardDeviation: Double { variance.squareRoot() }
    public var sum: Double { mean * Double(count) }

    /// Combines two tallies (Chan et al. 1979), as if all values went into one.
    public mutating func merge(_ o: Tally) {
        guard o.count > 0 else { return }
        guard count > 0 else { self = o; return }
        let n = count + o.count
        let d = o.mean - mean
        m2 += o.m2 + d * d * Double(count) * Double(o.count) / Double(n)
        _mean += d * Double(o.count) / Double(n)
        _count = n
        _min = Swift.min(min, o.min)
        _max = Swift.max(max, o.max)
    }

    public mutating func reset() { self = Tally() }
}

/// A level that changes at instants (busy servers, queue length, census):
/// its time average, maximum and the time it was observed.
/// O(1) per change, no allocation.
public struct TimeWeighted: Sendable, Equatable {
    @usableFromInline var _level: Double
    public var level: Double { _level }
    @usableFromInline var lastTime: Double
    @usableFromInline var startTime: Double
    @usableFromInline var area: Double = 0
    @usableFromInline var _max: Double
    public var max: Double { _max }

    public init(level: Double = 0, at time: Double = 0) {
        self._level = level
        self.lastTime = time
        self.startTime = time
        self._max = level
    }

    /// Sets the level from `time` on (time must not go backwards).
    @inlinable
    public mutating func set(_ newLevel: Double, at time: Double) {
        area += level * (time - lastTime)
        lastTime = time
        _level = newLevel
        if newLevel > max { _max = newLevel }
    }

    /// `set(newLevel, at: time)` for a caller that has already computed the
    /// area since the last change, `level * (time - lastTime)` (it must be
    /// exactly that product: SeriesLevel, which keeps the same last time).
    @inlinable
    public mutating func set(_ newLevel: Double, at time: Double, areaSinceLastChange x: Double) {
        area += x
        lastTime = time
        _level = newLevel
        if newLevel > max { _max = newLevel }
    }

    @inlinable
    public mutating func add(_ delta: Double, at time: Double) { set(level + delta, at: time) }

    /// The time average from the last reset to `time`.
    public func mean(at time: Double) -> Double {
        let span = time - startTime
        guard span > 0 else { return level }
        return (area + level * (time - lastTime)) / span
    }

    /// Area under the level from the last reset to `time` (e.g. bed-minutes).
    public func integral(at time: Double) -> Double { area + level * (time - lastTime) }

    /// Forgets the past (end of warm-up), keeping the current level.
    public mutating func reset(at time: Double) {
        area = 0
        lastTime = time
        startTime = time
        _max = level
    }
}
