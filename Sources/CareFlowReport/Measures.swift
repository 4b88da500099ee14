/// The headline measures of a comparison: what they are, which direction is
/// better, their target and minimal important difference (MID), and the
/// effect of each what-if against the reference in those terms.
struct Measure {
    enum Quantity { case duration, share, count }
    enum Bound { case atMost, atLeast }

    var label: String
    var key: String
    var quantity: Quantity
    var higherIsBetter: Bool
    var target: (value: Double, bound: Bound)? = nil
    /// Minimal important difference in the KPI's own unit (minutes, share, count).
    var mid: Double
    /// The target's source, when it is a default of the report.
    var targetNote: String? = nil
}

enum Effect: Equatable {
    /// The CI excludes 0 and the mean difference is at least the MID.
    case better, worse
    /// The CI excludes 0 but the change is smaller than the MID.
    case small
    /// The CI contains 0 (or no interval).
    case none
}

enum Verdict { case meets, misses, borderline }

enum Measures {
    /// Default bed-occupancy yardstick: above about 85% mean occupancy, bed
    /// shortages and boarding become regular (Bagust, Place & Posnett 1999).
    static let bedOccupancyTarget = 0.85
    static let bedOccupancySource = "Bagust A, Place M, Posnett JW. Dynamics of bed use in accommodating emergency admissions: stochastic simulation model. BMJ 1999;319:155-158."
    /// Default MIDs: 5% of the reference value (at least 1 minute or 1 count); 2 percentage points for shares.
    static let relativeMID = 0.05, shareMID = 0.02

    static func unitKind(_ u: UnitMeta) -> String {
        if let k = u.kind { return k }
        let n = (u.name + " " + u.label).lowercased()
        if n.contains("bed") || n.contains(" cot") || u.area == "ward" { return "bed" }
        if ["ct", "mri", "x-ray", "xray", "scanner", "ultrasound", "machine"].contains(where: { n.contains($0) }) { return "equipment" }
        if ["room", "theatre", "bay", "chair", "cubicle", "trolley"].contains(where: { n.contains($0) }) { return "room" }
        return "staff"
    }

    /// The rows of the scorecard: headline KPIs (mean, share within target,
    /// p90 when it has a target) and bed occupancy, at most 8.
    static func headline(_ d: ReportData) -> [Measure] {
        guard let ref = d.baseline else { return [] }
        var out: [Measure] = [], beds: [Measure] = []
        for k in Summary.headlineKPIs(d).prefix(6) {
            let refMean = ref.est("\(k.name).mean")?.mean ?? .nan
            let mid = k.mid ?? max(1, relativeMID * (refMean.isFinite ? abs(refMean) : 0))
            var m = Measure(label: tr("{0} (mean)", k.label), key: "\(k.name).mean", quantity: .duration,
                            higherIsBetter: k.higherIsBetter, mid: mid)
            if let t = k.meanTarget { m.target = (t, k.higherIsBetter ? .atLeast : .atMost) }
            out.append(m)
            if let t = k.target, t.isFinite, let share = k.targetShare {
                var w = Measure(label: tr("{0}: share within {1}", k.label, Fmt.duration(t)), key: "\(k.name).within_target",
                                quantity: .share, higherIsBetter: true, mid: shareMID)
                w.target = (share, .atLeast)
                out.append(w)
            }
            if let t = k.p90Target {
                let refP = ref.est("\(k.name).p90")?.mean ?? .nan
                var p = Measure(label: tr("{0} (90th percentile)", k.label), key: "\(k.name).p90", quantity: .duration,
                                higherIsBetter: k.higherIsBetter, mid: k.mid ?? max(1, relativeMID * (refP.isFinite ? abs(refP) : 0)))
                p.target = (t, k.higherIsBetter ? .atLeast : .atMost)
                out.append(p)
            }
        }
        for u in ref.units {
            let kind = unitKind(u)
            guard kind == "bed" || u.targetUtilisation != nil else { continue }
            var m = Measure(label: tr(kind == "bed" ? "{0}: occupancy" : "{0}: busy", u.label), key: "unit.\(u.name).utilisation",
                            quantity: .share, higherIsBetter: false, mid: shareMID)
            if let t = u.targetUtilisation { m.target = (t, .atMost) } else if kind == "bed" {
                m.target = (bedOccupancyTarget, .atMost)
                m.targetNote = bedOccupancySource
            }
            beds.append(m)
        }
        // Room for up to two occupancy rows within the 8.
        beds = Array(beds.prefix(2))
        // The cost row (scenarios with a costs section, issue 18); 1% of the reference is the MID.
        var cost: [Measure] = []
        if let e = ref.est("cost.total_per_year"), e.mean.isFinite {
            cost.append(Measure(label: tr("Cost per year"), key: "cost.total_per_year", quantity: .count, higherIsBetter: false, mid: max(1, 0.01 * abs(e.mean))))
        }
        return Array(out.prefix(8 - beds.count - cost.count)) + beds + cost
    }

    static func effect(_ m: Measure, diff: Est?) -> Effect {
        guard let diff, diff.mean.isFinite, diff.clear else { return .none }
        guard abs(diff.mean) >= m.mid else { return .small }
        return (diff.mean > 0) == m.higherIsBetter ? .better : .worse
    }

    /// The verdict against a target, from the CI (point estimate when there is none).
    static func verdict(_ e: Est, target: Double, bound: Measure.Bound) -> Verdict {
        let lo = e.lo.isFinite ? e.lo : e.mean, hi = e.hi.isFinite ? e.hi : e.mean
        switch bound {
        case .atMost: return hi <= target ? .meets : lo > target ? .misses : .borderline
        case .atLeast: return lo >= target ? .meets : hi < target ? .misses : .borderline
        }
    }

    /// The display unit of a measure: the same for every scenario, chosen from the largest value.
    static func scale(_ m: Measure, _ d: ReportData) -> (div: Double, unit: String) {
        switch m.quantity {
        case .share: return (1, "%")
        case .count: return (1, "")
        case .duration:
            let big = d.scenarios.compactMap { $0.est(m.key)?.mean }.filter(\.isFinite).map(abs).max() ?? 0
            let (div, unit) = Fmt.durationUnit(for: big)
            return (div, Fmt.unitShort(unit))
        }
    }

    /// A value of the measure in its display unit ("5.1 h", "91%").
    static func value(_ x: Double, _ m: Measure, _ sc: (div: Double, unit: String), signed: Bool = false) -> String {
        guard x.isFinite else { return "—" }
        switch m.quantity {
        case .share: return signed ? Fmt.signed(x * 100, 1) + " " + tr("pp") : Fmt.percent(x, x < 0.1 ? 1 : 0)
        case .count: return signed ? Fmt.signed(x, Fmt.decimals(x)) : Fmt.num(x)
        case .duration:
            let v = x / sc.div
            return (signed ? Fmt.signed(v, Fmt.decimals(v)) : Fmt.num(v)) + "\u{00A0}" + sc.unit
        }
    }

    static func targetText(_ m: Measure, _ sc: (div: Double, unit: String)) -> String {
        guard let t = m.target else { return "" }
        let v = m.quantity == .share ? Fmt.percent(t.value, 0) : value(t.value, m, sc)
        return (t.bound == .atMost ? "≤ " : "≥ ") + v
    }
}
