/// Patients waiting for a unit, served by priority (lower number first),
/// then first come, first served, on one 64-bit key,
/// (priority + 2^15) << 48 | sequence number.
///
/// Two forms, one order. While entries arrive in key order (a unit without
/// priorities: every FIFO queue), the entries are a sorted run read from a
/// moving head: push appends, pop advances the head, both O(1). The first
/// push out of order (a priority, a preempted patient going back to the
/// front) turns the run into a binary min-heap (a sorted array already is
/// one), O(log n) per push and pop, until the queue is next empty.
///
/// Removal (reneging, preemption bookkeeping) is lazy: an entry carries the
/// patient's wait ticket and is dropped when it reaches the top if the
/// ticket is stale. `Simulation` keeps the live count.
struct WaitQueue {
    struct Entry: Sendable, BitwiseCopyable {
        var key: UInt64
        var entity: Int32
        var ticket: UInt32
    }
    // Raw storage (see PoolBuffer); reference semantics.
    private let heap = PoolBuffer<Entry>(capacity: 16)
    /// state[0]: the head of the sorted run (>= 0), or -1 in heap form.
    private let state = PoolBuffer<Int>(repeating: 0, count: 1)

    var isEmpty: Bool { heap.count == Swift.max(0, state[0]) }
    var top: Entry? {
        let head = state[0]
        if head >= 0 { return heap.count > head ? heap[head] : nil }
        return heap.count > 0 ? heap[0] : nil
    }

    @inline(__always)
    static func key(priority: Int, sequence: UInt64) -> UInt64 {
        let p = UInt64(Swift.max(0, Swift.min(0xFFFF, priority &+ 0x8000)))
        return (p << 48) | (sequence & 0xFFFF_FFFF_FFFF)
    }

    @inline(__always)
    func push(_ e: Entry) {
        let head = state[0]
        if head >= 0 {
            let n = heap.count
            if n == head || heap[n &- 1].key <= e.key {
                heap.append(e)
                return
            }
            // Out of order: the sorted run becomes a heap.
            if head > 0 { heap.removeFirst(head) }
            state[0] = -1
        }
        heap.append(e)
        let h = heap.base
        var i = heap.count - 1
        while i > 0 {
            let p = (i - 1) >> 1
            guard e.key < h[p].key else { break }
            h[i] = h[p]
            i = p
        }
        h[i] = e
    }

    @inline(__always)
    func pop() -> Entry? {
        let head = state[0]
        if head >= 0 {
            let n = heap.count
            guard n > head else { return nil }
            let top = heap[head]
            if head + 1 == n {
                heap.removeAll()
                state[0] = 0
            } else if head >= 1024 && head >= n >> 1 {
                heap.removeFirst(head + 1)      // amortised O(1): the run's dead front goes
                state[0] = 0
            } else {
                state[0] = head + 1
            }
            return top
        }
        guard heap.count > 0 else { return nil }
        let last = heap.popLast()
        let n = heap.count
        if n == 0 { state[0] = 0; return last }
        let h = heap.base
        let top = h[0]
        var i = 0
        while true {
            var c = 2 * i + 1
            if c >= n { break }
            if c + 1 < n && h[c + 1].key < h[c].key { c += 1 }
            guard h[c].key < last.key else { break }
            h[i] = h[c]
            i = c
        }
        h[i] = last
        return top
    }

    /// Drops every entry (when all are known to be stale). O(1).
    func removeAll() { heap.removeAll(); state[0] = 0 }

    /// The entries (in heap or queue order), for scans off the hot path
    /// (re-prioritisation).
    var entryCount: Int { heap.count - Swift.max(0, state[0]) }
    func entry(_ i: Int) -> Entry { heap[Swift.max(0, state[0]) + i] }
}
