/// Sizes computed from input (replications, grid points, tasks) and their
/// limits: a size is computed with overflow checks and compared with its
/// limit before anything of that size is allocated.
public enum Sizes {
    /// The most replications of one scenario (`run.replications`,
    /// `--replications`, a sweep's `replications`). A CI of a mean shrinks
    /// with the square root of the count: 100,000 replications are far past
    /// any useful precision.
    public static let maxReplications = 100_000
    /// The most tasks (points x replications) in one sweep.
    public static let maxTasks = 10_000_000
    /// The most steps of a compiled model, after sub-pathway calls are
    /// copied in (the shipped scenarios have about 120).
    public static let maxSteps = 50_000
    /// The largest capacity of a unit: the engine and its observers hold
    /// capacities and amounts as 32-bit integers.
    public static let maxCapacity = Int(Int32.max)
    /// The highest arrival rate of one stream, per day. The busiest
    /// emergency departments see a few hundred patients a day; 10 million a
    /// day is past any health system, and a rate like 9.2e18 a day would only
    /// fill memory until the runaway guard stops it (slowly).
    public static let maxArrivalsPerDay = 10_000_000.0
    /// The most worker threads (`--workers`, a sweep's `workers`).
    public static let maxWorkers = 1024
    /// The most shards of a sweep (`--shards`; Slurm's default MaxArraySize is 1001).
    public static let maxShards = 100_000

    /// The product of `factors`, or nil if it overflows Int (or a factor is negative).
    public static func product(_ factors: [Int]) -> Int? {
        var p = 1
        for f in factors {
            guard f >= 0 else { return nil }
            let (r, overflow) = p.multipliedReportingOverflow(by: f)
            if overflow { return nil }
            p = r
        }
        return p
    }
}
