/// Patients waiting, for ever, on units held by each other (Ciw's
/// deadlock detection, Palmer et al. 2018): the engine stops and returns
/// this; the command line names them and exits with status 2.
public struct Deadlock: Sendable, Equatable {
    public struct Waiter: Sendable, Equatable {
        public var pathway: Int32
        /// The seize step it waits at.
        public var step: Int32
        /// The units it waits for (with the amounts), and the units it holds.
        public var waitingFor: [(unit: Int32, amount: Int)]
        public var holding: [(unit: Int32, amount: Int)]
        public static func == (a: Waiter, b: Waiter) -> Bool {
            a.pathway == b.pathway && a.step == b.step
                && a.waitingFor.map(\.unit) == b.waitingFor.map(\.unit) && a.waitingFor.map(\.amount) == b.waitingFor.map(\.amount)
                && a.holding.map(\.unit) == b.holding.map(\.unit) && a.holding.map(\.amount) == b.holding.map(\.amount)
        }
    }
    /// When the deadlock formed: the last of its patients started waiting.
    public var time: Double
    /// When it was found (the run stopped here).
    public var detectedAt: Double
    /// How many of `waiters` (the first ones) hold units and wait on each
    /// other; the others hold nothing and queue behind them.
    public var inCycle: Int
    /// The patients in it, each part in the order they started waiting.
    public var waiters: [Waiter]

    /// The distinct (pathway, step) pairs, in order of first appearance.
    public var places: [(pathway: Int32, step: Int32)] {
        var seen = Set<Int64>(), out: [(Int32, Int32)] = []
        for w in waiters where seen.insert(Int64(w.pathway) << 32 | Int64(w.step)).inserted { out.append((w.pathway, w.step)) }
        return out
    }
}

/// Deadlock detection for units with several places: the detection
/// algorithm of Coffman, Elphick and Shoshani (1971) over the patients
/// waiting in queues. Patients not waiting (in an activity, a delay) will
/// give back what they hold; so will a waiting patient whose request fits
/// in what would then be free, or who can still renege. The waiting patients
/// left over can never proceed: they are deadlocked. O(waiting patients x
/// units per pass), run only off the hot path.
struct DeadlockDetector {
    /// One waiting patient: what it asks for, what it holds, whether it can
    /// leave the queue by itself (a patience clock still running).
    struct Waiter {
        var entity: Int32
        var request: [(unit: Int, amount: Int)]
        var holding: [(unit: Int, amount: Int)]
        var canRenege: Bool
        var since: Double
        /// One of the requested units will do (a pool), not all of them.
        var anyOf = false
    }

    /// `maxCapacity[u]`: the most places `u` will ever have. Returns the
    /// deadlocked waiters (empty: none), in the order they started waiting.
    static func deadlocked(_ waiters: [Waiter], maxCapacity: [Int]) -> [Waiter] {
        var work = maxCapacity
        for w in waiters { for h in w.holding { work[h.unit] -= h.amount } }
        var done = waiters.map(\.canRenege)
        for (k, w) in waiters.enumerated() where done[k] { for h in w.holding { work[h.unit] += h.amount } }
        var progress = true
        while progress {
            progress = false
            for (k, w) in waiters.enumerated() where !done[k] && (w.anyOf ? w.request.contains { work[$0.unit] >= $0.amount } : w.request.allSatisfy { work[$0.unit] >= $0.amount }) {
                done[k] = true
                progress = true
                for h in w.holding { work[h.unit] += h.amount }
            }
        }
        // A request larger than the unit will ever be is stuck, not
        // deadlocked; keep only waiters that hold something another left-over
        // waiter needs, or need something a left-over waiter holds.
        let left = waiters.indices.filter { !done[$0] }
        var heldByLeft = Set<Int>(), neededByLeft = Set<Int>()
        for k in left {
            for h in waiters[k].holding { heldByLeft.insert(h.unit) }
            for r in waiters[k].request { neededByLeft.insert(r.unit) }
        }
        return left.map { waiters[$0] }
            .filter { w in w.request.contains { heldByLeft.contains($0.unit) } || w.holding.contains { neededByLeft.contains($0.unit) } }
            .sorted { $0.since < $1.since }
    }
}
