import Testing
import CareFlowStats

/// A small deterministic generator so these tests need no other module.
struct LCG {
    var state: UInt64
    mutating func next() -> Double {
        state = state &* 6364136223846793005 &+ 1442695040888963407
        return Double(state >> 11) * 0x1p-53
    }
}

func twoPass(_ xs: [Double]) -> (mean: Double, variance: Double) {
    let mean = xs.reduce(0, +) / Double(xs.count)
    let ss = xs.reduce(0) { $0 + ($1 - mean) * ($1 - mean) }
    return (mean, ss / Double(xs.count - 1))
}

@Suite("Tally")
struct TallyTests {
    @Test("empty and single-value tallies")
    func emptyAndSingle() {
        var t = Tally()
        #expect(t.count == 0 && t.variance == 0 && t.sum == 0)
        t.record(7)
        #expect(t.count == 1 && t.mean == 7 && t.variance == 0 && t.min == 7 && t.max == 7)
    }

    @Test("hand-computed mean, variance, min, max")
    func handComputed() {
        var t = Tally()
        for x in [2.0, 4, 4, 4, 5, 5, 7, 9] { t.record(x) }
        #expect(t.count == 8)
        #expect(t.mean == 5)
        #expect(abs(t.variance - 32.0 / 7) < 1e-12)
        #expect(abs(t.standardDeviation - (32.0 / 7).squareRoot()) < 1e-12)
        #expect(t.min == 2 && t.max == 9 && t.sum == 40)
    }

    /// Welford's update is as accurate as the two-pass formula, even with a
    /// large offset where the naive Σx² - n·mean² loses every digit.
    @Test("Welford agrees with the two-pass algorithm, also with a large offset")
    func welfordVersusTwoPass() {
        var g = LCG(state: 1)
        for offset in [0.0, 1e9] {
            let xs = (0..<10_000).map { _ in offset + g.next() * 10 }
            var t = Tally()
            for x in xs { t.record(x) }
            let (m, v) = twoPass(xs)
            #expect(abs(t.mean - m) <= 1e-12 * Swift.max(1, abs(m)))
            #expect(abs(t.variance - v) / v < 1e-6, "offset \(offset): \(t.variance) vs \(v)")
            // Var of U(0,10) is 100/12; the two-pass answer is the reference.
            #expect(abs(v - 100.0 / 12) < 0.5)
        }
    }

    @Test("merging tallies equals recording everything into one")
    func merge() {
        var g = LCG(state: 99)
        let xs = (0..<1000).map { _ in 50 + g.next() * 3 }
        var whole = Tally(), a = Tally(), b = Tally(), empty = Tally()
        for x in xs { whole.record(x) }
        for x in xs[..<300] { a.record(x) }
        for x in xs[300...] { b.record(x) }
        a.merge(b)
        #expect(a.count == whole.count)
        #expect(abs(a.mean - whole.mean) < 1e-12)
        #expect(abs(a.variance - whole.variance) / whole.variance < 1e-10)
        #expect(a.min == whole.min && a.max == whole.max)
        // Merging with an empty tally, either way round, changes nothing.
        var c = a
        c.merge(empty)
        #expect(c == a)
        empty.merge(a)
        #expect(empty == a)
    }

    @Test("reset forgets everything")
    func reset() {
        var t = Tally()
        t.record(3); t.record(4)
        t.reset()
        #expect(t == Tally())
    }
}

@Suite("TimeWeighted")
struct TimeWeightedTests {
    /// Level 0 on [0,2), 3 on [2,5), 1 on [5,10): area 0 + 9 + 5 = 14.
    @Test("hand-computed area, mean and maximum")
    func handComputedArea() {
        var w = TimeWeighted()
        w.set(3, at: 2)
        w.set(1, at: 5)
        #expect(w.integral(at: 10) == 14)
        #expect(w.mean(at: 10) == 1.4)
        #expect(w.max == 3)
        #expect(w.level == 1)
        // Still open: at time 7 the area is 9 + 2.
        #expect(w.integral(at: 7) == 11)
    }

    @Test("add changes the level by a delta; several changes at one instant leave no area")
    func addAndSameInstant() {
        var w = TimeWeighted(level: 2, at: 10)
        w.add(1, at: 12)        // 2 on [10,12): 4
        w.add(-2, at: 12)       // zero-width 3
        w.add(5, at: 12)        // 6 on [12,20): 48
        #expect(w.integral(at: 20) == 52)
        #expect(w.mean(at: 20) == 5.2)
        #expect(w.max == 6)
    }

    @Test("reset keeps the level and forgets the past area and maximum")
    func resetAtWarmup() {
        var w = TimeWeighted()
        w.set(10, at: 1)
        w.set(4, at: 5)         // area so far: 40
        w.reset(at: 6)
        #expect(w.max == 4)
        #expect(w.integral(at: 6) == 0)
        w.set(2, at: 8)         // 4 on [6,8): 8
        #expect(w.integral(at: 10) == 12)   // + 2 on [8,10)
        #expect(w.mean(at: 10) == 3)
    }

    @Test("mean over an empty span is the current level")
    func emptySpan() {
        let w = TimeWeighted(level: 3, at: 5)
        #expect(w.mean(at: 5) == 3)
    }
}
