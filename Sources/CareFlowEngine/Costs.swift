/// What a scenario's capacity and events cost (the `costs:` section).
///
/// Costs are computed after a replication from the compiled capacity
/// schedules and the replication's event counters: nothing of it runs in
/// the event loop. All costs are per year of measured time (warm-up to
/// horizon, scaled to 365 days), in the scenario's currency.
public struct CostSpec: Sendable, Equatable {
    /// Cost of one unit of capacity held for one minute (per capacity-hour / 60,
    /// per bed-day / 1440, per unit-year / 525,600), by engine unit index.
    public struct UnitCost: Sendable, Equatable {
        public var unit: Int
        public var name: String
        public var perCapacityMinute: Double
        public init(unit: Int, name: String, perCapacityMinute: Double) {
            self.unit = unit
            self.name = name
            self.perCapacityMinute = perCapacityMinute
        }
    }
    /// Cost of one event counted by a counter KPI (e.g. pathway.ed.reneged).
    public struct EventCost: Sendable, Equatable {
        public var counter: String
        public var cost: Double
        public init(counter: String, cost: Double) {
            self.counter = counter
            self.cost = cost
        }
    }
    /// A fixed cost of a change, per year (a one-off amount is spread over its years).
    public struct FixedCost: Sendable, Equatable {
        public var label: String
        public var perYear: Double
        public init(label: String, perYear: Double) {
            self.label = label
            self.perYear = perYear
        }
    }

    public var currency: String
    public var units: [UnitCost]
    public var events: [EventCost]
    public var fixed: [FixedCost]

    public init(currency: String = "", units: [UnitCost] = [], events: [EventCost] = [], fixed: [FixedCost] = []) {
        self.currency = currency
        self.units = units
        self.events = events
        self.fixed = fixed
    }

    public static let minutesPerYear = 525_600.0

    /// The cost KPIs of one replication, per year: `cost.total_per_year`,
    /// `cost.capacity_per_year`, `cost.unit.<name>_per_year`,
    /// `cost.events_per_year`, `cost.event.<counter>_per_year`, `cost.fixed_per_year`.
    /// `counter(name)` gives a counter's value per year (nil: the model has
    /// no such counter, i.e. no such events).
    public func kpis(model: Model, counter: (String) -> Double?) -> [(String, Double)] {
        let window = model.horizon - model.warmup
        let scale = window > 0 && window.isFinite ? Self.minutesPerYear / window : .nan
        var out: [(String, Double)] = []
        var capacity = 0.0
        var perUnit: [(String, Double)] = []
        for u in units {
            let spec = model.units[u.unit]
            let c = u.perCapacityMinute * Self.capacityMinutes(spec, from: model.warmup, to: model.horizon) * scale
            capacity += c
            perUnit.append(("cost.unit.\(u.name)_per_year", c))
        }
        var events = 0.0
        var perEvent: [(String, Double)] = []
        for e in self.events {
            let c = e.cost * (counter("\(e.counter)_per_year") ?? 0)
            events += c
            perEvent.append(("cost.event.\(e.counter)_per_year", c))
        }
        let fixed = self.fixed.reduce(0) { $0 + $1.perYear }
        out.append(("cost.total_per_year", capacity + events + fixed))
        out.append(("cost.capacity_per_year", capacity))
        out += perUnit
        out.append(("cost.events_per_year", events))
        out += perEvent
        out.append(("cost.fixed_per_year", fixed))
        return out
    }

    /// The KPI names `kpis` returns, in order.
    public var kpiNames: [String] {
        ["cost.total_per_year", "cost.capacity_per_year"] + units.map { "cost.unit.\($0.name)_per_year" }
            + ["cost.events_per_year"] + events.map { "cost.event.\($0.counter)_per_year" } + ["cost.fixed_per_year"]
    }

    /// ∫ capacity dt over [a, b] (capacity-minutes), exactly, from the unit's
    /// schedule: constant capacity, a daily or weekly cycle, or dated changes.
    public static func capacityMinutes(_ u: UnitSpec, from a: Double, to b: Double) -> Double {
        guard b > a else { return 0 }
        guard let s = u.schedule, !s.changes.isEmpty else { return Double(u.capacity) * (b - a) }
        return cumulative(s, initial: u.capacity, b) - cumulative(s, initial: u.capacity, a)
    }

    /// ∫ capacity dt over [0, t].
    static func cumulative(_ s: CapacitySchedule, initial: Int, _ t: Double) -> Double {
        guard t > 0 else { return 0 }
        if let c = s.cycle, c > 0 {
            let k = (t / c).rounded(.down)
            return k * within(s, initial: s.changes[s.changes.count - 1].capacity, c) + within(s, initial: s.changes[s.changes.count - 1].capacity, t - k * c)
        }
        return within(s, initial: initial, t)
    }

    /// ∫ over [0, t] of the change list read once, starting at `initial`.
    static func within(_ s: CapacitySchedule, initial: Int, _ t: Double) -> Double {
        var total = 0.0, at = 0.0, cap = Double(initial)
        for ch in s.changes {
            if ch.time >= t { break }
            if ch.time > at { total += cap * (ch.time - at); at = ch.time }
            cap = Double(ch.capacity)
        }
        return total + cap * (t - at)
    }
}
