/// A fixed number of values of any type in raw memory, with reference
/// semantics: the statistics collector's per-unit, per-pathway and per-KPI
/// accumulators.
///
/// Performance shortcut (as `PoolBuffer`, which holds only trivial values
/// and grows): an Array checks uniqueness (copy-on-write) on every write,
/// and a collector writes on every event; here a write goes straight to
/// memory. Indices are checked only in debug builds (`assert`); callers
/// index with unit, pathway and KPI numbers the engine hands out.
/// A copy of a struct holding `Slots` shares them: the owner replaces them
/// (`start`) rather than mutating a copy.
final class Slots<Element> {
    private let base: UnsafeMutablePointer<Element>
    let count: Int

    init(repeating v: Element, count n: Int) {
        count = Swift.max(0, n)
        base = .allocate(capacity: Swift.max(1, count))
        base.initialize(repeating: v, count: count)
    }

    init(_ values: [Element]) {
        count = values.count
        base = .allocate(capacity: Swift.max(1, count))
        for (i, v) in values.enumerated() { (base + i).initialize(to: v) }
    }

    deinit {
        base.deinitialize(count: count)
        base.deallocate()
    }

    var indices: Range<Int> { 0..<count }

    /// Addressors: `slots[i].record(x)` mutates the value in place.
    @inline(__always)
    subscript(i: Int) -> Element {
        unsafeAddress { assert(i >= 0 && i < count); return UnsafePointer(base + i) }
        unsafeMutableAddress { assert(i >= 0 && i < count); return base + i }
    }

    /// Sets every value to `v`.
    func fill(_ v: Element) { for i in 0..<count { base[i] = v } }

    var array: [Element] { (0..<count).map { base[$0] } }
}
