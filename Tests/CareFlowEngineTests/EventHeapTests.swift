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
        for i in 0..<200 { h.push(event(5, seq: UInt64(i + 1), target: Int32(i))) }
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
            h.push(e)
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
        for _ in 0..<1000 { seq += 1; h.push(event(Double.random(in: 0..<10, using: &g), seq: seq)) }
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
            h.push(event(now + d, seq: seq))
        }
        #expect(h.count == 1000)
    }

    @Test("an event's kind rides in the low byte of its key")
    func kindInKey() {
        for k in [EventKind.arrival, .wake, .renege, .capacity, .warmup] {
            #expect(event(1, seq: 12345, kind: k).kind == k)
        }
    }
}
