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
///
/// Two heaps: events due a day (`farWindow`) or more after the clock at
/// their push go to a second heap, and a pop takes the earlier of the two
/// roots. A hospital model keeps its ward stays there (B2: 113 beds in use
/// on average, each stay pushed and popped once), so the sifts of its
/// minutes-long activities (some ten pending) run through a small heap. Callgrind,
/// B2 (one replication): 265.8 M -> 251.1 M instructions (-5.5%); B1
/// +1.1% and B3 (c = 1,000) +1.0%, where the far heap stays empty and the
/// tests cost a few instructions per event.
///
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
    /// Events due before `farFrom`: almost all of the traffic.
    private let h = PoolBuffer<Event>(capacity: 64)
    /// Events due later, such as the end of a ward stay of days: pushed
    /// once and popped once, they stay out of the sifts of the near heap.
    private let f = PoolBuffer<Event>(capacity: 16)
    /// The event handed out by `pop`, still in place: 0 none, 1 the root
    /// of `h`, 2 the root of `f`.
    private var taken: UInt8 = 0
    /// Events at or after this time go to `f`. A push past it moves it to
    /// the caller's clock plus `farWindow`, first. Only speed depends on
    /// it, never the order: a pop takes the earlier of the two roots.
    private var farFrom: Double = EventHeap.farWindow

    /// A day: longer than most activities (minutes to hours), shorter than
    /// a stay on a ward.
    static let farWindow: Double = 1440

    public init() {}

    /// Pending events (the one last popped is not one).
    public var count: Int { h.count + f.count - (taken != 0 ? 1 : 0) }
    /// The events of the near heap, taken one included (the prefetch's
    /// test in the run loop: one load).
    var nearCount: Int { h.count }
    /// Drops every pending event (a run that must stop: nothing more happens).
    public mutating func removeAll() { h.removeAll(); f.removeAll(); taken = 0 }
    public var isEmpty: Bool { count == 0 }
    /// The next event `pop` would return.
    public var first: Event? {
        let a = taken == 1 ? Self.secondSmallest(h) : h.count > 0 ? h[0] : nil
        let b = taken == 2 ? Self.secondSmallest(f) : f.count > 0 ? f[0] : nil
        guard let a else { return b }
        guard let b else { return a }
        return b.order < a.order ? b : a
    }

    /// The smallest of the four events from `c`, its order kept in
    /// registers (selects, not branches). Orders are distinct (the key holds
    /// a sequence number), so this tournament picks the event a scan does.
    @inline(__always)
    private static func smallestOfFour(_ a: UnsafeMutablePointer<Event>, from c: Int) -> (index: Int, order: UInt128) {
        let o0 = a[c].order, o1 = a[c &+ 1].order, o2 = a[c &+ 2].order, o3 = a[c &+ 3].order
        let low = o1 < o0, high = o3 < o2
        let mlow = low ? o1 : o0, mhigh = high ? o3 : o2
        let ilow = low ? c &+ 1 : c, ihigh = high ? c &+ 3 : c &+ 2
        let second = mhigh < mlow
        return (second ? ihigh : ilow, second ? mhigh : mlow)
    }

    /// With the root taken: the smallest of its children (the run loop's
    /// prefetch in a big model reads it once per event).
    @inline(__always)
    private static func secondSmallest(_ h: PoolBuffer<Event>) -> Event? {
        let n = h.count
        guard n > 1 else { return nil }
        let a = h.base
        if n >= 5 { return a[smallestOfFour(a, from: 1).index] }
        var m = 1, mo = a[1].order
        var j = 2
        while j < n {
            let o = a[j].order
            if o < mo { m = j; mo = o }
            j += 1
        }
        return a[m]
    }

    /// Schedules `e`; `now` is the caller's clock (no earlier than the last
    /// pop's time), for where the far heap starts.
    @inline(__always)
    public mutating func push(_ e: Event, now: Double) {
        guard e.time < farFrom else { pushLate(e, now: now); return }
        pushNear(e)
    }

    @inline(__always)
    private mutating func pushNear(_ e: Event) {
        if taken == 1 {
            taken = 0
            Self.siftDown(h, e, count: h.count)
            return
        }
        Self.siftUp(h, e)
    }

    /// Out of line: rare, and it keeps `push` small where it is inlined.
    @inline(never)
    private mutating func pushLate(_ e: Event, now: Double) {
        farFrom = now + Self.farWindow
        guard e.time >= farFrom else { pushNear(e); return }
        if taken == 2 {
            // In the taken root's place: the far heap keeps its size.
            taken = 0
            Self.siftDown(f, e, count: f.count)
            return
        }
        Self.siftUp(f, e)
    }

    @inline(__always)
    public mutating func pop() -> Event? {
        if taken != 0 {
            if taken == 1 { Self.removeRoot(h) } else { removeFarRoot() }
        }
        guard f.count == 0 else { return popEither() }
        guard h.count > 0 else { taken = 0; return nil }
        taken = 1
        return h[0]
    }

    /// `pop` with events in both heaps: the earlier root.
    @inline(__always)
    private mutating func popEither() -> Event {
        if h.count == 0 || f[0].order < h[0].order {
            taken = 2
            return f[0]
        }
        taken = 1
        return h[0]
    }

    @inline(never)
    private func removeFarRoot() { Self.removeRoot(f) }

    /// Removes the taken root of `b`: the last element sifts down from the root.
    @inline(__always)
    private static func removeRoot(_ b: PoolBuffer<Event>) {
        let last = b.popLast()
        let n = b.count
        if n > 0 { siftDown(b, last, count: n) }
    }

    @inline(__always)
    private static func siftUp(_ h: PoolBuffer<Event>, _ e: Event) {
        h.append(e)
        let a = h.base
        let eo = e.order
        var i = h.count &- 1
        while i > 0 {
            let p = (i &- 1) >> 2
            guard eo < a[p].order else { break }
            a[i] = a[p]
            i = p
        }
        a[i] = e
    }

    /// Places `e` at the root of the first `n` elements and sifts it down.
    @inline(__always)
    private static func siftDown(_ h: PoolBuffer<Event>, _ e: Event, count n: Int) {
        let a = h.base
        let eo = e.order
        var i = 0
        while true {
            // Indices below the count (wrapping arithmetic: no overflow checks).
            let c = 4 &* i &+ 1
            if c >= n { break }
            var m = c, mo = a[c].order
            if c &+ 4 <= n {
                (m, mo) = smallestOfFour(a, from: c)
            } else {
                var j = c &+ 1
                while j < n {
                    let o = a[j].order
                    if o < mo { m = j; mo = o }
                    j &+= 1
                }
            }
            guard mo < eo else { break }
            a[i] = a[m]
            i = m
        }
        a[i] = e
    }
}

