import Testing
@testable import CareFlowStats
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Exact q-quantile with the histogram's definition: the value of rank
/// ⌈q n⌉ (at least 1) in sorted order.
func exactQuantile(_ sorted: [Double], _ q: Double) -> Double {
    let rank = max(1, Int((q * Double(sorted.count)).rounded(.up)))
    return sorted[rank - 1]
}

@Suite("QuantileHistogram")
struct QuantileHistogramTests {
    /// Lognormal-ish values spanning six orders of magnitude.
    static func values(_ n: Int, seed: UInt64) -> [Double] {
        var g = LCG(state: seed)
        return (0..<n).map { _ in exp(-2 + 10 * g.next()) }   // e^-2 ... e^8
    }

    @Test("quantiles are within 0.4% of the exact sorted quantiles")
    func quantileRelativeError() {
        let xs = Self.values(50_000, seed: 11)
        var h = QuantileHistogram()
        for x in xs { h.record(x) }
        let sorted = xs.sorted()
        #expect(h.total == xs.count)
        for q in [0.0, 0.001, 0.01, 0.1, 0.25, 0.5, 0.75, 0.9, 0.95, 0.99, 0.999, 1] {
            let exact = exactQuantile(sorted, q), got = h.quantile(q)
            // Half a bin of 2^-7 relative width: at most 2^-8 = 0.39%.
            #expect(abs(got - exact) / exact <= 0.004, "q \(q): \(got) vs \(exact)")
        }
    }

    /// Every value in [2^-10, 2^40) lands in a bin whose midpoint is
    /// within 2^-8 of it, across exponent and sub-bin edges.
    @Test("every single value is reported within 0.4%")
    func singleValueError() {
        var v = 0x1p-10
        while v < 0x1p40 {
            for x in [v, v * 1.003, v.nextUp, v * 1.999, (v * 2).nextDown] {
                var h = QuantileHistogram()
                h.record(x)
                #expect(abs(h.quantile(0.5) - x) / x <= 0.0039063, "\(x)")
            }
            v *= 2
        }
    }

    @Test("values below 2^-10, zero included, report as 0")
    func tinyValues() {
        var h = QuantileHistogram()
        h.record(0); h.record(0.0005); h.record(10)
        #expect(h.quantile(0.5) == 0)
        #expect(abs(h.quantile(1) - 10) / 10 <= 0.004)
        #expect(QuantileHistogram().quantile(0.5).isNaN)
    }

    /// fraction(atMost: x) counts the whole bin of x: it lies between the
    /// exact share of values ≤ x and the share ≤ the bin's upper edge.
    @Test("fraction(atMost:) is the exact share to within the bin of x")
    func fractionAtMost() {
        let xs = Self.values(20_000, seed: 5)
        var h = QuantileHistogram()
        for x in xs { h.record(x) }
        for x in [0.2, 1, 3.7, 30, 250, 1000, 2900] {
            let b = QuantileHistogram.bin(x)
            let upper = QuantileHistogram.lowerEdge(b + 1)
            let lo = Double(xs.filter { $0 <= x }.count) / Double(xs.count)
            let hi = Double(xs.filter { $0 < upper }.count) / Double(xs.count)
            let got = h.fraction(atMost: x)
            #expect(got >= lo && got <= hi, "x \(x): \(got) not in [\(lo), \(hi)]")
            #expect(upper <= x * (1 + 0x1p-7) * (1 + 1e-12))
        }
        #expect(h.fraction(atMost: 1e12) == 1)
        #expect(h.fraction(atMost: 0) == 0)
    }

    @Test("merge adds counts; reset empties")
    func mergeAndReset() {
        let xs = Self.values(4000, seed: 8)
        var whole = QuantileHistogram(), a = QuantileHistogram(), b = QuantileHistogram()
        for x in xs { whole.record(x) }
        for x in xs[..<1000] { a.record(x) }
        for x in xs[1000...] { b.record(x) }
        a.merge(b)
        #expect(a == whole)
        a.reset()
        #expect(a == QuantileHistogram())
    }

    @Test("counts(upperEdges:) bins values by their midpoints")
    func chartBins() {
        var h = QuantileHistogram()
        for x in [1.0, 5, 14, 16, 29, 100, 1e4] { h.record(x) }
        #expect(h.counts(upperEdges: [15, 30, 60]) == [3, 2, 0, 2])
    }
}
