/// Patients waiting for a unit, served by priority (lower number first),
/// then first come, first served: a binary min-heap on one 64-bit key,
/// (priority + 2^15) << 48 | sequence number.
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

    var isEmpty: Bool { heap.count == 0 }
    var top: Entry? { heap.count > 0 ? heap[0] : nil }

    @inline(__always)
    static func key(priority: Int, sequence: UInt64) -> UInt64 {
        let p = UInt64(Swift.max(0, Swift.min(0xFFFF, priority + 0x8000)))
        return (p << 48) | (sequence & 0xFFFF_FFFF_FFFF)
    }

    @inline(__always)
    func push(_ e: Entry) {
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
        guard heap.count > 0 else { return nil }
        let last = heap.popLast()
        let n = heap.count
        if n == 0 { return last }
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
    func removeAll() { heap.removeAll() }

    /// Entries in heap order, for scans off the hot path (re-prioritisation).
    var entryCount: Int { heap.count }
    func entry(_ i: Int) -> Entry { heap[i] }
}
