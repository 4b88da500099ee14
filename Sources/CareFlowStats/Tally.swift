/// Observations of a quantity, one value at a time (a "tally" in salabim's
/// words): count, mean and variance by Welford's algorithm, min and max.
/// O(1) per observation, no allocation.
public struct Tally: Sendable, Equatable {
    public private(set) var count: Int = 0
    public private(set) var mean: Double = 0
    private var m2: Double = 0
    public private(set) var min: Double = .infinity
    public private(set) var max: Double = -.infinity

    public init() {}

    @inline(__always)
    public mutating func record(_ x: Double) {
        count &+= 1
        let d = x - mean
        mean += d / Double(count)
        m2 += d * (x - mean)
        if x < min { min = x }
        if x > max { max = x }
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
        mean += d * Double(o.count) / Double(n)
        count = n
        min = Swift.min(min, o.min)
        max = Swift.max(max, o.max)
    }

    public mutating func reset() { self = Tally() }
}

/// A level that changes at instants (busy servers, queue length, census):
/// its time average, maximum and the time it was observed.
/// O(1) per change, no allocation.
public struct TimeWeighted: Sendable, Equatable {
    public private(set) var level: Double
    private var lastTime: Double
    private var startTime: Double
    private var area: Double = 0
    public private(set) var max: Double

    public init(level: Double = 0, at time: Double = 0) {
        self.level = level
        self.lastTime = time
        self.startTime = time
        self.max = level
    }

    /// Sets the level from `time` on (time must not go backwards).
    @inline(__always)
    public mutating func set(_ newLevel: Double, at time: Double) {
        area += level * (time - lastTime)
        lastTime = time
        level = newLevel
        if newLevel > max { max = newLevel }
    }

    @inline(__always)
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
        max = level
    }
}
