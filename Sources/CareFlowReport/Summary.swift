/// Section 1: a short summary per what-if, generated from the numbers: only
/// the changes that are statistically clear (95% CI of the paired
/// difference excludes 0) and at least the measure's minimal important
/// difference, biggest first (in units of the MID), one unit per sentence;
/// the rest in one line; warnings that touch a conclusion next to it.
enum Summary {
    static let maxSentences = 3
    /// The KPIs the summary talks about: the headline ones, else all.
    static func headlineKPIs(_ d: ReportData) -> [KPIMeta] {
        let all = ordered(d.scenarios.flatMap { $0.kpiMeta.map(\.name) }).compactMap { d.kpiMeta($0) }
        let h = all.filter(\.headline)
        return h.isEmpty ? all : h
    }

    /// "ED length of stay" → "ED length of stay"; "Boarding time" → "boarding time".
    static func lowerFirst(_ s: String) -> String {
        let cs = Array(s)
        guard cs.count > 1, cs[0].isUppercase, cs[1].isLowercase else { return s }
        return cs[0].lowercased() + String(cs.dropFirst())
    }

    static func capitalised(_ s: String) -> String { s.prefix(1).uppercased() + s.dropFirst() }


    /// Every measure the summary may name: the headline ones, the other KPIs' means,
    /// the use of every unit and patients leaving without being seen.
    static func candidates(_ d: ReportData) -> [Measure] {
        guard let ref = d.baseline else { return [] }
        var out = Measures.headline(d)
        var keys = Set(out.map(\.key))
        func add(_ m: Measure) { if keys.insert(m.key).inserted { out.append(m) } }
        for name in ordered(d.scenarios.flatMap { $0.kpiMeta.map(\.name) }) {
            guard let k = d.kpiMeta(name) else { continue }
            let r = ref.est("\(k.name).mean")?.mean ?? .nan
            add(Measure(label: tr("{0} (mean)", k.label), key: "\(k.name).mean", quantity: .duration, higherIsBetter: k.higherIsBetter,
                        mid: k.mid ?? max(1, Measures.relativeMID * (r.isFinite ? abs(r) : 0))))
        }
        for u in ref.units {
            let kind = Measures.unitKind(u)
            add(Measure(label: tr(kind == "bed" ? "{0}: occupancy" : "{0}: busy", u.label), key: "unit.\(u.name).utilisation",
                        quantity: .share, higherIsBetter: false, mid: Measures.shareMID))
        }
        for p in ref.pathways {
            let r = ref.est("pathway.\(p.name).reneged")?.mean ?? .nan
            guard r.isFinite else { continue }
            add(Measure(label: tr("{0}: patients leaving before treatment per run", p.label), key: "pathway.\(p.name).reneged", quantity: .count,
                        higherIsBetter: false, mid: max(1, Measures.relativeMID * abs(r))))
        }
        return out
    }

    /// "Mean ED length of stay falls from 6.2 to 5.1 h (−1.1 h), better."
    static func sentence(_ m: Measure, ref: Est, other: Est, diff: Est, _ d: ReportData, effect: Effect) -> String {
        let sc = Measures.scale(m, d)
        let verb = diff.mean < 0 ? tr("falls") : tr("rises")
        return tr("{0} {1} from {2} to {3} ({4}, {5}).", capitalised(m.label), verb, Measures.value(ref.mean, m, sc), Measures.value(other.mean, m, sc),
                  Measures.value(diff.mean, m, sc, signed: true), effect == .better ? tr("better") : tr("worse"))
    }

    /// "1 further smaller change is ..." / "3 further smaller changes are ...".
    static func furtherChanges(_ n: Int) -> String {
        n == 1 ? tr("1 further smaller change is in the tables below.") : tr("{0} further smaller changes are in the tables below.", "\(n)")
    }

    static func warmupWarning(_ w: Scenario) -> String? {
        guard w.warmupMSERHours.isFinite, w.warmupMin.isFinite, w.warmupMSERHours * 60 > w.warmupMin else { return nil }
        return tr("Warm-up may be too short: MSER-5 suggests {0}, longer than the {1} used, so these differences may carry start-up bias.",
                  Fmt.duration(w.warmupMSERHours * 60), Fmt.duration(w.warmupMin))
    }

    /// One block per what-if: its changes in words, the clear and important effects, the rest in one line, warnings.
    static func paragraph(_ d: ReportData, _ w: Scenario, sharedWarnings: Set<String> = []) -> String {
        guard let ref = d.baseline else { return "" }
        var found: [(m: Measure, size: Double, text: String)] = []
        var unchanged: [String] = [], unsure: [String] = []
        let headlineKeys = Set(Measures.headline(d).map(\.key))
        for m in candidates(d) {
            guard let r = ref.est(m.key), let o = w.est(m.key), r.mean.isFinite, o.mean.isFinite else { continue }
            let diff = d.diff(w.name, m.key)
            let eff = Measures.effect(m, diff: diff)
            if eff == .better || eff == .worse, let diff {
                found.append((m, abs(diff.mean) / m.mid, sentence(m, ref: r, other: o, diff: diff, d, effect: eff)))
            } else if headlineKeys.contains(m.key) {
                unchanged.append(m.label)
                // Too few replications to tell: the interval is wider than twice the MID.
                if let diff, diff.lo.isFinite, diff.hi - diff.lo > 4 * m.mid { unsure.append(m.label) }
            }
        }
        // Headline measures first, then the rest; biggest (in MIDs) first within each.
        found.sort { (headlineKeys.contains($0.m.key) ? 1 : 0, $0.size) > (headlineKeys.contains($1.m.key) ? 1 : 0, $1.size) }
        var s = "<div class=\"whatif\"><h3>\(esc(w.displayTitle)) <span class=\"role\">(\(esc(w.name)))</span></h3>"
        s += Changes.render(w, d, limit: 3)
        if found.isEmpty {
            s += "<p class=\"verdict\">\(esc(tr("No clear and important change in any measure.")))</p>"
        } else {
            s += "<p class=\"verdict\">" + found.prefix(maxSentences).map { esc($0.text) }.joined(separator: " ")
            if found.count > maxSentences {
                s += " " + esc(furtherChanges(found.count - maxSentences))
            }
            s += "</p>"
        }
        if !unchanged.isEmpty { s += "<p class=\"same\">\(esc(tr("No clear change")))<span>: </span>\(esc(unchanged.joined(separator: "; ")))." }
        if !unsure.isEmpty { s += " " + esc(tr("Too few replications to tell for: {0}.", unsure.joined(separator: "; "))) }
        if !unchanged.isEmpty { s += "</p>" }
        for x in warnings(d, w) where !sharedWarnings.contains(x) { s += "<p class=\"warning\">⚠ \(esc(x))</p>" }
        return s + "</div>"
    }

    /// The warnings that touch a what-if's conclusions: a warm-up that may be
    /// too short (its own or the reference's), a unit in use almost all the time.
    static func warnings(_ d: ReportData, _ w: Scenario) -> [String] {
        guard let ref = d.baseline else { return [] }
        var out: [String] = []
        if let ww = warmupWarning(w) ?? warmupWarning(ref) { out.append(ww) }
        for u in w.units {
            if let e = w.est("unit.\(u.name).utilisation"), e.mean >= 0.98 {
                out.append(tr("{0} is in use {1} of the time: its queue may grow without bound, so its waits depend on the run length.", u.label, Fmt.percent(e.mean, 0)))
            }
        }
        return out
    }

    /// Warnings that touch every what-if (with two or more): said once, above the first conclusion.
    static func sharedWarnings(_ d: ReportData) -> [String] {
        guard d.whatIfs.count > 1, let first = d.whatIfs.first else { return [] }
        let rest = d.whatIfs.dropFirst().map { Set(warnings(d, $0)) }
        return warnings(d, first).filter { x in rest.allSatisfy { $0.contains(x) } }
    }

    static func render(_ d: ReportData) -> String {
        guard let b = d.baseline else { return "<section id=\"summary\"><h2>\(esc(tr("Summary")))</h2><p>\(esc(tr("No scenarios.")))</p></section>" }
        var s = "<section id=\"summary\"><h2>\(esc(tr("Summary")))</h2>"
        s += "<p class=\"note\">\(esc(tr("Each what-if against the reference {0}; {1} replications each, with the same random numbers. A change is named when it is statistically clear and at least the measure's minimal important difference.", b.displayTitle, Fmt.num(d.replications))))</p>"
        let shared = sharedWarnings(d)
        for x in shared { s += "<p class=\"warning\">⚠ \(esc(x + " " + tr("This applies to every what-if below.")))</p>" }
        for w in d.whatIfs { s += paragraph(d, w, sharedWarnings: Set(shared)) }
        return s + "</section>"
    }
}
