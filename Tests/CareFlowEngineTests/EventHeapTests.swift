import Testing
@testable import CareFlowEngine

/// Events are keyed as the engine keys them: (sequence << 8 | kind).
func event(_ time: Double, seq: UInt64, kind: EventKind = .wake, target: Int32 = 0) -> Event {
    Event(time: time, key: (seq << 8) | UInt64(kind.rawValue), target: target, token: 0)
}

@Suite("Event list ordering")
struct EventHeapTests {
    @Test("events at the same time pop in the order they were pushed")
    func sameTimeFIFO() {
        var h = EventHeap()
        for i in 0..<200 { h.push(event(5, seq: UInt64(i + 1), target: Int32(i)), now: 0) }
        var out: [Int32] = []
        while let e = h.pop() { out.append(e.target) }
        #expect(out == Array(0..<200))
    }

    /// A stable sort by time of the push order is exactly the pop order.
    @Test("random times pop sorted, ties in push order")
    func randomTimesSorted() {
        var g = SeededGenerator(seed: 17)
        var h = EventHeap()
        var pushed: [Event] = []
        for i in 0..<5000 {
            // Few distinct times, so there are many ties.
            let e = event(Double(Int.random(in: 0..<300, using: &g)) / 4, seq: UInt64(i + 1), target: Int32(i))
            pushed.append(e)
            h.push(e, now: 0)
        }
        #expect(h.count == 5000)
        let expected = pushed.enumerated().sorted { ($0.element.time, $0.offset) < ($1.element.time, $1.offset) }.map(\.element.target)
        var out: [Int32] = []
        while let e = h.pop() { out.append(e.target) }
        #expect(out == expected)
        #expect(h.isEmpty && h.pop() == nil && h.first == nil)
    }

    /// The hold model: pop the earliest, push it again a random time later.
    @Test("interleaved push and pop never go back in time")
    func holdModel() {
        var g = SeededGenerator(seed: 17)
        var h = EventHeap()
        var seq: UInt64 = 0
        for _ in 0..<1000 { seq += 1; h.push(event(Double.random(in: 0..<10, using: &g), seq: seq), now: 0) }
        var now = 0.0, lastKey: UInt64 = 0
        for _ in 0..<20_000 {
            let peeked = h.first!
            let e = h.pop()!
            #expect(e.time == peeked.time && e.key == peeked.key)
            #expect(e.time > now || (e.time == now && e.key > lastKey), "went back to \(e.time) from \(now)")
            now = e.time; lastKey = e.key
            seq += 1
            // Zero delays too: same-time events must queue behind.
            let d = Bool.random(using: &g) ? 0 : Double.random(in: 0..<10, using: &g)
            h.push(event(now + d, seq: seq), now: now)
        }
        #expect(h.count == 1000)
    }

    /// The heap compares one 128-bit number (the time's bit pattern above
    /// the key); for times of 0 or more that must be the (time, key) order.
    @Test("the integer event order is the (time, key) order for every time of 0 or more")
    func integerOrder() {
        var g = SeededGenerator(seed: 29)
        let special: [Double] = [0, .leastNonzeroMagnitude, .leastNormalMagnitude, 1e-300, 0.5, 1, 1440, 525_600, 1e15,
                                 .greatestFiniteMagnitude, .infinity]
        func time() -> Double {
            switch Int.random(in: 0..<4, using: &g) {
            case 0: return special.randomElement(using: &g)!
            case 1: return Double(Int.random(in: 0..<50, using: &g))
            case 2: return Double.random(in: 0..<1e6, using: &g)
            default: return Double(bitPattern: UInt64.random(in: 0...Double.infinity.bitPattern, using: &g))
            }
        }
        var bad = 0
        for _ in 0..<100_000 {
            let a = event(time(), seq: UInt64.random(in: 0..<(1 << 50), using: &g))
            let b = Bool.random(using: &g) ? event(a.time, seq: UInt64.random(in: 0..<(1 << 50), using: &g))
                                           : event(time(), seq: UInt64.random(in: 0..<(1 << 50), using: &g))
            if Event.before(a, b) != ((a.time, a.key) < (b.time, b.key)) { bad += 1 }
            if Event.before(b, a) != ((b.time, b.key) < (a.time, a.key)) { bad += 1 }
        }
        #expect(bad == 0)
        // As a bit pattern -0 would sort after every other time.
        #expect(Event.before(event(1e300, seq: 1), event(-0.0, seq: 2)))
    }

    @Test("scheduling at -0 stores +0, so the event comes before every later one")
    func minusZeroScheduledAsZero() throws {
        var sim = Simulation(model: try BenchmarkModels.mmc(servers: 1, patients: 1), seed: 1, replication: 0, observer: NullObserver())
        sim.schedule(.warmup, at: 5, target: 0, token: 0)
        sim.schedule(.warmup, at: -0.0, target: 1, token: 0)
        let first = sim.events.pop(), second = sim.events.pop()
        #expect(first?.target == 1 && first?.time.sign == .plus && first?.time == 0)
        #expect(second?.target == 0)
    }

    /// Heaps of every size from 1 to 300 (full and partly full last nodes:
    /// the four-child tournament and the scan of a short last node) with
    /// times across many orders of magnitude.
    @Test("heaps of every size pop in order, times across magnitudes")
    func everySize() {
        var g = SeededGenerator(seed: 31)
        for size in 1...300 {
            var h = EventHeap()
            var pushed: [Event] = []
            for i in 0..<size {
                let t = Bool.random(using: &g) ? Double(Int.random(in: 0..<20, using: &g))
                                               : Double.random(in: 0..<1, using: &g) * Double(sign: .plus, exponent: Int.random(in: -40...40, using: &g), significand: 1)
                let e = event(t, seq: UInt64(i + 1), target: Int32(i))
                pushed.append(e)
                h.push(e, now: 0)     // times from 1,440 on go to the far heap
            }
            let expected = pushed.sorted { ($0.time, $0.key) < ($1.time, $1.key) }.map(\.target)
            var out: [Int32] = []
            while let e = h.pop() { out.append(e.target) }
            #expect(out == expected, "size \(size)")
        }
    }

    /// Ward stays among minutes-long activities: the far heap (events a day
    /// or more ahead) and the near one pop as one list, whatever the mix,
    /// with `first` and `count` right after every step. The reference keeps
    /// every pending event sorted by (time, key), latest first.
    @Test("near and far events pop as one list")
    func nearAndFar() {
        var g = SeededGenerator(seed: 41)
        var h = EventHeap()
        var pending: [Event] = []
        var seq: UInt64 = 0
        var now = 0.0
        func schedule(_ delay: Double) {
            seq += 1
            let e = event(now + delay, seq: seq, target: Int32(truncatingIfNeeded: seq))
            var lo = 0, hi = pending.count      // first position that comes before e
            while lo < hi {
                let mid = (lo + hi) / 2
                if (pending[mid].time, pending[mid].key) > (e.time, e.key) { lo = mid + 1 } else { hi = mid }
            }
            pending.insert(e, at: lo)
            h.push(e, now: now)
        }
        func delay() -> Double {
            switch Int.random(in: 0..<10, using: &g) {
            case 0, 1: return Double.random(in: 1440..<20_000, using: &g)      // a stay: far
            case 2: return 1440 * Double(Int.random(in: 1...3, using: &g))     // exactly whole days
            case 3: return 0
            default: return Double.random(in: 0..<120, using: &g)
            }
        }
        for _ in 0..<200 { schedule(delay()) }
        var popped = 0
        while popped < 30_000, let want = pending.last {
            #expect(h.count == pending.count)
            let peeked = h.first
            let e = h.pop()
            #expect(peeked?.key == want.key && e?.key == want.key && e?.time == want.time)
            if e?.key != want.key { break }
            pending.removeLast()
            now = want.time
            popped += 1
            // Mostly one event scheduled per event (the hold model), at times
            // none or two; the population stays between 150 and 250.
            let k = pending.count < 150 ? 2 : pending.count > 250 ? 0 : [0, 1, 1, 1, 2].randomElement(using: &g)!
            for _ in 0..<k { schedule(delay()) }
        }
        #expect(popped == 30_000)
        // Drain: the rest comes out in order too.
        var rest: [UInt64] = []
        while let e = h.pop() { rest.append(e.key) }
        #expect(rest == pending.reversed().map(\.key))
        #expect(h.isEmpty && h.first == nil)
    }

    /// `first` with the root taken and no far events reads the root's four
    /// children with a tournament (the prefetch in big models).
    @Test("first after a pop is the next event, at every size")
    func firstAfterPop() {
        var g = SeededGenerator(seed: 43)
        for size in 2...40 {
            var h = EventHeap()
            for i in 0..<size { h.push(event(Double.random(in: 0..<100, using: &g), seq: UInt64(i + 1)), now: 0) }
            while h.count > 0 {
                let e = h.pop()!
                let next = h.first
                let after = h.pop()
                #expect(next?.key == after?.key, "size \(size)")
                if let after { h.push(after, now: e.time) }     // put it back: the next pop returns it again
            }
        }
    }

    @Test("an event's kind rides in the low byte of its key")
    func kindInKey() {
        for k in [EventKind.arrival, .wake, .renege, .capacity, .warmup] {
            #expect(event(1, seq: 12345, kind: k).kind == k)
        }
    }
}
