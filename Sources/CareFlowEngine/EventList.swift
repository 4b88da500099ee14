/// A scheduled event: 24 bytes, no references.
///
/// `key` is (sequence number << 8 | kind): events at the same time run in
/// the order they were scheduled, and the kind rides along for free.
public struct Event: Sendable, BitwiseCopyable {
    public var time: Double
    public var key: UInt64
    public var target: Int32
    public var token: UInt32

    @inline(__always) public var kind: EventKind { EventKind(rawValue: UInt8(truncatingIfNeeded: key)) ?? .wake }

    /// The event order, (time, key) lexicographically, as one unsigned
    /// 128-bit number: the time's bit pattern above the key. For the times
    /// the engine schedules (0 or more, never NaN, and -0 made +0 by
    /// `Simulation.schedule`) the bit patterns order as the numbers do, so
    /// one integer comparison (no floating-point compare, no branch) gives
    /// exactly the order of `time < || (time == && key <)`.
    @inline(__always) var order: UInt128 { UInt128(time.bitPattern) << 64 | UInt128(key) }

    @inline(__always) static func before(_ a: Event, _ b: Event) -> Bool { a.order < b.order }
}

public enum EventKind: UInt8, Sendable {
    case arrival = 0    // target: source index
    case wake = 1       // target: entity; token must match the entity's
    case renege = 2     // target: entity; token must match its patience token
    case capacity = 3   // target: unit; token: index into its schedule
    case warmup = 4
    case reprioritise = 5   // target: index into Model.reprioritisations
}

/// The future event list: an implicit 4-ary min-heap ordered by (time, seq).
///
/// Chosen by measurement: B3 (2,000,000 patients through the full engine),
/// release build, CPU seconds (best of 3) on this project's 2-core machine,
/// patients per CPU second:
///
///     structure            c = 10      c = 1,000    c = 100,000
///     binary heap          4.26 M      3.57 M       2.41 M
///     4-ary heap           4.08 M      3.45 M       2.41 M
///     8-ary heap           4.17 M      3.28 M       2.30 M
///
/// Binary and 4-ary are within the measurement noise (about 3%); 8-ary
/// loses at scale. The 4-ary heap is kept: half the depth of a binary one,
/// the four children of a node in one or two cache lines, which is what
/// matters once the heap outgrows the cache. (A calendar queue would give
/// O(1) but needs its bucket width tuned to the event-time distribution,
/// which varies from minutes to days in a hospital model.)
/// Cancellation is lazy: an event carries its entity's token and is
/// skipped when popped if the token has moved on, so cancelling is O(1) and
/// the heap never needs a search.
///
/// The pop is lazy (the "hold" operation of the event-list literature,
/// Vaucher & Duval 1975): `pop` hands out the top event and leaves it in
/// place, marked taken; the next `push` overwrites it and sifts down from
/// the root (one sift instead of a sift-down for the pop and a sift-up for
/// the push), and only a `pop` with no push in between removes it. Almost
/// every event schedules another (the next arrival, the end of the activity
/// that starts), so most events cost one sift. The order of events is
/// exactly that of an eager heap: (time, key) is a strict total order.
///
/// Complexity: `push` and `pop` O(log n); `peek` O(1).
public struct EventHeap {
    // Raw storage (see PoolBuffer): no copy-on-write check per push and pop.
    // Reference semantics: a copied heap shares its storage.
    private let h = PoolBuffer<Event>(capacity: 64)
    /// The event at the root was handed out by `pop` and is no longer pending.
    private var taken = false

    public init() {}

    /// Pending events (the one last popped is not one).
    public var count: Int { h.count - (taken ? 1 : 0) }
    /// Drops every pending event (a run that must stop: nothing more happens).
    public mutating func removeAll() { h.removeAll(); taken = false }
    public var isEmpty: Bool { count == 0 }
    /// The next event `pop` would return.
    public var first: Event? {
        if !taken { return h.count > 0 ? h[0] : nil }
        return secondSmallest
    }

    /// With the root taken: the smallest of its children, the next event
    /// (for prefetching, and `first`).
    @inline(__always)
    var secondSmallest: Event? {
        let n = h.count
        guard n > 1 else { return nil }
        let a = h.base
        var m = 1, mo = a[1].order
        var j = 2
        let end = Swift.min(5, n)
        while j < end {
            let o = a[j].order
            if o < mo { m = j; mo = o }
            j += 1
        }
        return a[m]
    }

    @inline(__always)
    public mutating func push(_ e: Event) {
        if taken {
            taken = false
            siftDown(e, count: h.count)
            return
        }
        h.append(e)
        let a = h.base
        let eo = e.order
        var i = h.count - 1
        while i > 0 {
            let p = (i - 1) >> 2
            guard eo < a[p].order else { break }
            a[i] = a[p]
            i = p
        }
        a[i] = e
    }

    @inline(__always)
    public mutating func pop() -> Event? {
        if taken { removeTaken() }
        guard h.count > 0 else { return nil }
        taken = true
        return h[0]
    }

    /// Removes the taken root: the last element sifts down from the root.
    @inline(__always)
    private mutating func removeTaken() {
        taken = false
        let last = h.popLast()
        let n = h.count
        if n > 0 { siftDown(last, count: n) }
    }

    /// Places `e` at the root of the first `n` elements and sifts it down.
    @inline(__always)
    private func siftDown(_ e: Event, count n: Int) {
        let a = h.base
        let eo = e.order
        var i = 0
        while true {
            let c = 4 * i + 1
            if c >= n { break }
            // The smallest child, its order kept in registers (selects, not
            // branches). Orders are distinct (the key holds a sequence number),
            // so a tournament over four children picks the child the scan does.
            var m = c, mo = a[c].order
            if c + 4 <= n {
                let o1 = a[c + 1].order, o2 = a[c + 2].order, o3 = a[c + 3].order
                let low = o1 < mo, high = o3 < o2
                let mlow = low ? o1 : mo, mhigh = high ? o3 : o2
                let ilow = low ? c + 1 : c, ihigh = high ? c + 3 : c + 2
                let second = mhigh < mlow
                mo = second ? mhigh : mlow
                m = second ? ihigh : ilow
            } else {
                var j = c + 1
                while j < n {
                    let o = a[j].order
                    if o < mo { m = j; mo = o }
                    j += 1
                }
            }
            guard mo < eo else { break }
            a[i] = a[m]
            i = m
        }
        a[i] = e
    }
}

