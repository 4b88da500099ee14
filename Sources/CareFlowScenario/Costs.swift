import CareFlowEngine

/// The `costs:` section: what capacity, events and a change's fixed items
/// cost, turned into cost KPIs per year after every replication.
///
/// ```yaml
/// costs:
///   currency: SEK
///   units:
///     physician: {per_capacity_hour: 1450}     # staff: per hour of scheduled capacity
///     ward_bed: {per_bed_day: 7200}             # beds: per bed-day of capacity
///     ct_scanner: {per_unit_year: 3200000}      # equipment, rooms: per unit of capacity per year
///   events:
///     pathway.ed.reneged: 900                   # per event, any counter KPI (its _per_year twin)
///   fixed:
///     - {label: AI triage licence, per_year: 350000}
///     - {label: Refit of the VR room, once: 1200000, years: 10}
/// ```
extension Compiler {
    static let unitCounters = ["served", "blocked", "balked", "reneged", "preempted"]
    static let pathwayCounters = ["arrivals", "completed", "reneged", "balked", "dropped_out"]

    func readCosts(_ n: YNode?) -> CostSpec? {
        guard let n else { return nil }
        guard let m = MapReader(n, "costs", d, expected: "{currency, units, events, fixed}", allowed: ["currency", "units", "events", "fixed"]) else { return nil }
        var spec = CostSpec()
        if let c = m["currency"] {
            if let s = c.string, !s.isEmpty, s.count <= 8 { spec.currency = s } else {
                d.error(c, "costs.currency", "\(c.kindName) is not a currency", expected: "a currency code such as SEK or EUR")
            }
        }
        if let un = m["units"] {
            if let pairs = un.pairs {
                for (k, val) in pairs {
                    guard let name = k.string else { continue }
                    let path = "costs.units.\(name)"
                    guard let u = units[name] else {
                        d.error(k, path, "no unit '\(name)'", expected: "one of \(unitInfos.map(\.name).joined(separator: ", "))")
                        continue
                    }
                    let rates = ["per_capacity_hour": 60.0, "per_bed_day": 1440.0, "per_unit_year": CostSpec.minutesPerYear]
                    guard let um = MapReader(val, path, d, expected: "{per_capacity_hour: X}, {per_bed_day: X} or {per_unit_year: X}",
                                             allowed: ["per_capacity_hour", "per_bed_day", "per_unit_year"]) else { continue }
                    let given = um.pairs.compactMap { p in p.key.string.flatMap { rates[$0] != nil ? ($0, p.value) : nil } }
                    guard given.count == 1, let key = given.first?.0, let node = given.first?.1, let per = rates[key] else {
                        d.error(val, path, given.isEmpty ? "no rate" : "more than one rate",
                                expected: "exactly one of per_capacity_hour, per_bed_day, per_unit_year")
                        continue
                    }
                    guard let x = v.number(node, um.sub(key), expected: "a cost of at least 0"), x >= 0 else {
                        if node.string.flatMap(Double.init) != nil { d.error(node, um.sub(key), "a negative cost", expected: "a cost of at least 0") }
                        continue
                    }
                    spec.units.append(.init(unit: Int(u), name: name, perCapacityMinute: x / per))
                }
            } else {
                d.error(un, "costs.units", "\(un.kindName) is not a mapping", expected: "a mapping of unit names to {per_capacity_hour: X}")
            }
        }
        if let ev = m["events"] {
            if let pairs = ev.pairs {
                for (k, val) in pairs {
                    guard let name = k.string else { continue }
                    let path = "costs.events.\(name)"
                    guard let problem = counterProblem(name) else {
                        if let x = v.number(val, path, expected: "a cost per event of at least 0") {
                            if x >= 0 { spec.events.append(.init(counter: name, cost: x)) } else { d.error(val, path, "a negative cost", expected: "a cost per event of at least 0") }
                        }
                        continue
                    }
                    d.error(k, path, problem, expected: "a counter such as pathway.<pathway>.reneged or unit.<unit>.balked (\(Self.pathwayCounters.joined(separator: ", ")) of a pathway; \(Self.unitCounters.joined(separator: ", ")) of a unit)")
                }
            } else {
                d.error(ev, "costs.events", "\(ev.kindName) is not a mapping", expected: "a mapping of counters to a cost per event")
            }
        }
        if let fx = m["fixed"] {
            if let items = fx.items {
                for (i, it) in items.enumerated() {
                    let path = "costs.fixed[\(i)]"
                    guard let fm = MapReader(it, path, d, expected: "{label, per_year} or {label, once, years}", allowed: ["label", "per_year", "once", "years"], required: ["label"]) else { continue }
                    let label = fm["label"]?.string ?? ""
                    if let py = fm["per_year"] {
                        if fm["once"] != nil || fm["years"] != nil { d.error(it, path, "both per_year and once", expected: "either per_year, or once with years") }
                        if let x = v.number(py, fm.sub("per_year")) { spec.fixed.append(.init(label: label, perYear: x)) }
                    } else if let once = fm["once"] {
                        guard let yn = fm["years"] else { d.error(it, path, "a one-off cost without years", expected: "years: the years it is spread over"); continue }
                        if let x = v.number(once, fm.sub("once")), let y = v.number(yn, fm.sub("years"), expected: "a number of years greater than 0") {
                            if y > 0 { spec.fixed.append(.init(label: label, perYear: x / y)) } else { d.error(yn, fm.sub("years"), "\(y) years", expected: "a number of years greater than 0") }
                        }
                    } else {
                        d.error(it, path, "no amount", expected: "per_year: X, or once: X with years: N")
                    }
                }
            } else {
                d.error(fx, "costs.fixed", "\(fx.kindName) is not a list", expected: "a list of {label, per_year} or {label, once, years}")
            }
        }
        if !b.horizon.isFinite { d.error(n, "costs", "costs need a finite run", expected: "run.horizon (costs are per year of measured time)") }
        return spec
    }

    /// Why `name` is not a counter of this scenario (nil: it is one).
    func counterProblem(_ name: String) -> String? {
        let parts = name.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
        guard parts.count == 3 else { return "'\(name)' is not a counter" }
        switch parts[0] {
        case "unit":
            guard units[parts[1]] != nil else { return "no unit '\(parts[1])'" }
            return Self.unitCounters.contains(parts[2]) ? nil : "'\(parts[2])' is not a counter of a unit"
        case "pathway":
            guard pathways[parts[1]] != nil else { return "no pathway '\(parts[1])'" }
            return Self.pathwayCounters.contains(parts[2]) ? nil : "'\(parts[2])' is not a counter of a pathway"
        default:
            return "'\(name)' is not a counter"
        }
    }
}
