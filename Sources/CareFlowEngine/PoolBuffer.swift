/// A growable buffer of trivial values with reference semantics, for the
/// simulation's per-patient and per-unit state.
///
/// Performance shortcut: Swift arrays check uniqueness (copy-on-write) on
/// every write; with a dozen state arrays that check was the single largest
/// cost of the run loop (11% of B1 under perf). This buffer owns raw memory
/// and writes straight into it. Indices are checked only in debug builds
/// (`assert`); the interpreter only uses ids it handed out itself.
final class PoolBuffer<Element: BitwiseCopyable> {
    private(set) var base: UnsafeMutablePointer<Element>
    private(set) var count: Int = 0
    private var capacity: Int

    init(capacity: Int = 16) {
        self.capacity = Swift.max(1, capacity)
        base = Self.allocate(self.capacity)
    }

    /// Cache-line aligned storage, so that 64-byte records never straddle lines.
    private static func allocate(_ n: Int) -> UnsafeMutablePointer<Element> {
        UnsafeMutableRawPointer.allocate(byteCount: n * MemoryLayout<Element>.stride,
                                         alignment: Swift.max(64, MemoryLayout<Element>.alignment))
            .bindMemory(to: Element.self, capacity: n)
    }

    convenience init(_ values: [Element]) {
        self.init(capacity: values.count)
        for v in values { append(v) }
    }

    convenience init(repeating v: Element, count n: Int) {
        self.init(capacity: n)
        for _ in 0..<n { append(v) }
    }

    deinit { UnsafeMutableRawPointer(base).deallocate() }

    /// Addressors: `buffer[i].field = x` writes the field in place.
    @inline(__always)
    subscript(i: Int) -> Element {
        unsafeAddress { assert(i >= 0 && i < count); return UnsafePointer(base + i) }
        unsafeMutableAddress { assert(i >= 0 && i < count); return base + i }
    }

    @inline(__always)
    func append(_ v: Element) {
        if count == capacity { grow() }
        (base + count).initialize(to: v)
        count &+= 1     // below the capacity: no overflow
    }

    /// Empties the buffer, keeping its storage.
    func removeAll() { count = 0 }

    /// Removes the first `k` elements, moving the rest down. O(count).
    func removeFirst(_ k: Int) {
        assert(k >= 0 && k <= count)
        base.moveInitialize(from: base + k, count: count - k)
        count -= k
    }

    /// Removes and returns the last element (count must be > 0).
    @inline(__always)
    func popLast() -> Element {
        assert(count > 0)
        count &-= 1
        return base[count]
    }

    // Performance: `releasenone` (true: it frees raw memory, never an
    // object) lets a caller holding a buffer loaded from an array (the wait
    // queues) append without a retain and release around this rare call.
    @_effects(releasenone)
    private func grow() {
        let bigger = capacity * 2
        let p = Self.allocate(bigger)
        p.moveInitialize(from: base, count: count)
        UnsafeMutableRawPointer(base).deallocate()
        base = p
        capacity = bigger
    }
}
