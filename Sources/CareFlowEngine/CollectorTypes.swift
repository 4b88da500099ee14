import CareFlowStats

/// What a `StandardCollector` measures beyond the defaults.
public struct CollectorConfig: Sendable {
    /// Per interval KPI: a target in minutes for each group ("share within
    /// target"; NaN: none for that group), or nil for no target.
    public var kpiTargets: [[Double]?]
    /// Counts of patients between two milestones (e.g. ED census: arrival
    /// to leaving the ED). A patient who departs is removed from all.
    public var censuses: [Census]
    /// Record hour-of-week profiles and daily series (for reports).
    public var series: Bool
    /// Per unit: the occupancy or utilisation target as a share of capacity
    /// (NaN or missing: none), for `unit.<u>.time_above_target`.
    public var unitTargets: [Double] = []
    /// The scenario's costs, computed after the run (see Costs.swift); nil: none.
    public var costs: CostSpec? = nil

    public struct Census: Sendable, Equatable {
        public var name: String
        public var from: Int32
        public var to: Int32
        public init(name: String, from: Int32, to: Int32) {
            self.name = name
            self.from = from
            self.to = to
        }
    }

    public init(kpiTargets: [[Double]?] = [], censuses: [Census] = [], series: Bool = false, unitTargets: [Double] = []) {
        self.kpiTargets = kpiTargets
        self.censuses = censuses
        self.series = series
        self.unitTargets = unitTargets
    }
}

/// The statistics of one replication, as flat named values plus series.
public struct ReplicationResult: Sendable {
    /// KPI name -> value, in a stable order.
    public var names: [String] = []
    public var values: [Double] = []
    public var series: ReplicationSeries?
    /// Set when the run stopped on a deadlock (then the values are not valid).
    public var deadlock: Deadlock?

    public init() {}
    public mutating func append(_ name: String, _ value: Double) {
        names.append(name)
        values.append(value)
    }
    public subscript(name: String) -> Double? {
        guard let i = names.firstIndex(of: name) else { return nil }
        return values[i]
    }
}

/// Profiles, daily series and distributions of one replication.
public struct ReplicationSeries: Sendable {
    public struct Level: Sendable {
        public var name: String
        public var hourOfDay: [Double]
        public var dayOfWeek: [Double]
        public var daily: [Double]
        /// Mean per hour of the run from time 0 (warm-up included).
        public var hourly: [Double]
    }
    public struct Histogram: Sendable {
        public var name: String
        /// Upper bin edges in minutes; the last bin is open.
        public var edges: [Double]
        /// Share of values in each bin (edges.count + 1 bins).
        public var shares: [Double]
    }
    public var levels: [Level] = []
    /// Arrivals per hour of day (mean per day) and per day of the run.
    public var arrivalsHourOfDay: [Double] = []
    public var arrivalsDaily: [Double] = []
    public var histograms: [Histogram] = []
}
