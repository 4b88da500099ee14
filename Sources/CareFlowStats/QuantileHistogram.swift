/// Quantiles of non-negative values without keeping the values: a
/// log-linear histogram in the manner of HdrHistogram (Tene 2012).
///
/// A value's bin is its IEEE-754 exponent and the top 7 bits of its
/// mantissa, so every bin spans at most 2^-7 of its lower edge: a quantile
/// is reported as the midpoint of its bin, within **0.4% relative error**
/// (half a bin) for values from 2^-10 (about 0.06 s, in minutes) to 2^40.
/// Smaller values, zero included, fall in bin 0 and report as 0, so the
/// absolute error there is below 2^-10. Memory: 6,400 counters (50 KB),
/// allocated once per histogram; recording is O(1).
public struct QuantileHistogram: Sendable, Equatable {
    // Constants as inlinable computed properties, not stored `static let`s:
    // `bin` inlines into the collector's per-event code in another module,
    // where a stored global costs a lazy-initialisation check per access.
    @inlinable static var subBits: Int { 7 }
    @inlinable static var minExponent: Int { -10 }
    @inlinable static var maxExponent: Int { 40 }
    /// Bin 0: below 2^-10; bins 1...: log-linear; the last: 2^40 and above.
    @inlinable public static var binCount: Int { ((maxExponent - minExponent) << subBits) + 2 }
    @inlinable static var firstBits: UInt64 { (UInt64(1023 + minExponent) << 52) >> UInt64(52 - subBits) }

    @usableFromInline var _counts: [UInt32]
    @usableFromInline var _total: Int = 0
    public var counts: [UInt32] { _counts }
    public var total: Int { _total }

    public init() { _counts = [UInt32](repeating: 0, count: Self.binCount) }

    /// A histogram with these bin counts (`binCount` of them, in the order
    /// of `bin(_:)`): for a collector that counts into its own storage.
    public init(counts: [UInt32]) {
        precondition(counts.count == Self.binCount, "QuantileHistogram(counts:) needs \(Self.binCount) counts")
        _counts = counts
        _total = counts.reduce(0) { $0 + Int($1) }
    }

    /// The bin a value is counted in (0 ..< binCount).
    @inlinable
    public static func bin(_ v: Double) -> Int {
        guard v >= 0x1p-10 else { return 0 }
        guard v < 0x1p40 else { return binCount - 1 }
        // v >= 2^-10 (so key >= firstBits) and v < 2^40: no overflow checks needed.
        let key = v.bitPattern >> UInt64(52 - subBits)
        return Int(truncatingIfNeeded: key &- firstBits) &+ 1
    }

    /// Lower edge of bin `i` (0 for bin 0).
    static func lowerEdge(_ i: Int) -> Double {
        if i == 0 { return 0 }
        return Double(bitPattern: (UInt64(i - 1) + firstBits) << UInt64(52 - subBits))
    }

    @inlinable
    public mutating func record(_ v: Double) {
        _counts[Self.bin(v)] &+= 1
        _total += 1
    }

    /// The q-quantile (0 ≤ q ≤ 1) of the recorded values; NaN if none.
    public func quantile(_ q: Double) -> Double {
        guard total > 0 else { return .nan }
        let rank = Swift.max(1, Int((q * Double(total)).rounded(.up)))
        var seen = 0
        for i in counts.indices where counts[i] > 0 {
            seen += Int(counts[i])
            if seen >= rank {
                if i == 0 { return 0 }
                return (Self.lowerEdge(i) + Self.lowerEdge(i + 1)) / 2
            }
        }
        return Self.lowerEdge(Self.binCount - 1)
    }

    /// Share of the recorded values at most `x` (to within a bin).
    public func fraction(atMost x: Double) -> Double {
        guard total > 0 else { return .nan }
        let b = Self.bin(x)
        var n = 0
        for i in 0...b { n += Int(counts[i]) }
        return Double(n) / Double(total)
    }

    /// Counts merged into `bins` bins with the given upper edges (for charts).
    public func counts(upperEdges: [Double]) -> [Int] {
        var out = [Int](repeating: 0, count: upperEdges.count + 1)
        for i in counts.indices where counts[i] > 0 {
            let mid = i == 0 ? 0 : (Self.lowerEdge(i) + Self.lowerEdge(i + 1)) / 2
            var k = 0
            while k < upperEdges.count && mid > upperEdges[k] { k += 1 }
            out[k] += Int(counts[i])
        }
        return out
    }

    public mutating func merge(_ o: QuantileHistogram) {
        for i in _counts.indices { _counts[i] &+= o._counts[i] }
        _total += o._total
    }

    public mutating func reset() {
        for i in _counts.indices { _counts[i] = 0 }
        _total = 0
    }
}
