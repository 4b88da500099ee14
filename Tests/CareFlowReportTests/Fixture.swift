import CareFlowAnalysis

/// A tiny comparison (baseline + one what-if) and its series, built in code.
enum Fixture {
    static func est(_ m: Double, _ lo: Double, _ hi: Double, n: Double = 5) -> JSON {
        .object([("mean", .number(m)), ("ci_low", .number(lo)), ("ci_high", .number(hi)), ("n", .number(n))])
    }
    static func str(_ s: String) -> JSON { .string(s) }
    static func strs(_ s: [String]) -> JSON { .array(s.map(JSON.string)) }

    struct Options {
        var baseName = "today"
        var baseTitle = "ED as it is today"
        var whatIfName = "ai-triage"
        var whatIfTitle = "AI-assisted triage"
        var unitLabel = "cubicle"
        var ed = true
        var imaging = true
        var ward = true
        var primaryCare = false
        var fileText = "name: today\nunits:\n  cubicle: {capacity: 20, area: ed}\n"
    }

    static func kpiMeta(_ name: String, _ label: String, area: String, headline: Bool, by: String? = nil, groups: [String] = [],
                        target: Double? = nil, groupTargets: [Double?] = [nil], share: Double? = nil) -> JSON {
        var o: [(String, JSON)] = [("area", str(area))]
        if let by { o.append(("by", str(by))) }
        o += [("from", str("arrival")),
              ("groupTargets", .array(groupTargets.map { $0.map(JSON.number) ?? .null })),
              ("groups", strs(groups)), ("headline", .bool(headline)), ("label", str(label)), ("name", str(name))]
        if let target { o.append(("target", .number(target))) }
        if let share { o.append(("targetShare", .number(share))) }
        o.append(("to", str("seen")))
        return .object(o)
    }

    static func unit(_ name: String, _ label: String, _ area: String, _ cap: String) -> JSON {
        .object([("area", str(area)), ("capacity", str(cap)), ("label", str(label)), ("name", str(name))])
    }

    static func node(_ id: Int, _ kind: String, _ text: String, _ units: [String], _ key: String) -> JSON {
        .object([("id", .number(Double(id))), ("key", str(key)), ("kind", str(kind)), ("text", str(text)), ("units", strs(units))])
    }
    static func edge(_ a: Int, _ b: Int, _ label: String = "") -> JSON {
        .object([("from", .number(Double(a))), ("label", str(label)), ("to", .number(Double(b)))])
    }

    /// The ED pathway; the what-if has a faster triage step and an extra AI check.
    static func edPathway(whatIf: Bool) -> JSON {
        var nodes: [JSON] = [
            node(0, "start", "ed", [], "start"),
            node(1, "activity", whatIf ? "triage [triage_nurse]: lognormal(mean 3, sd 1)" : "triage [triage_nurse]: lognormal(mean 5, sd 2)", ["triage_nurse"], "steps[0]"),
            node(2, "branch", "needs imaging", [], "steps[1]"),
            node(3, "activity", "ct [ct]: triangular(10, 15, 30)", ["ct"], "steps[1][0].steps[0]"),
            node(4, "activity", "assessment [physician]: lognormal(mean 25, sd 15)", ["physician"], "steps[2]"),
            node(5, "leave", "leave", [], "steps[3]"),
        ]
        var edges: [JSON] = [edge(0, 1), edge(1, 2), edge(2, 3, "30%"), edge(2, 4, "70%"), edge(3, 4), edge(4, 5)]
        if whatIf {
            nodes.append(node(6, "activity", "AI check [ai]: fixed(1)", ["ai"], "steps[0b]"))
            edges = [edge(0, 6), edge(6, 1), edge(1, 2), edge(2, 3, "30%"), edge(2, 4, "70%"), edge(3, 4), edge(4, 5)]
        }
        return .object([("area", str("ed")), ("description", str("Walk-in and ambulance patients.")),
                        ("diagram", .object([("edges", .array(edges)), ("nodes", .array(nodes))])),
                        ("label", str("Emergency department")), ("name", str("ed"))])
    }

    static func scenario(_ o: Options, whatIf: Bool) -> JSON {
        let f = whatIf ? 0.7 : 1.0 // the what-if is faster
        var kpis: [(String, JSON)] = []
        var metaKPIs: [JSON] = []
        var units: [JSON] = []
        var pathways: [JSON] = []
        var censuses: [JSON] = []
        func interval(_ name: String, _ mean: Double, within: Double? = nil) {
            kpis.append(("\(name).mean", est(mean * f, mean * f * 0.9, mean * f * 1.1)))
            kpis.append(("\(name).median", est(mean * f * 0.8, mean * f * 0.75, mean * f * 0.85)))
            kpis.append(("\(name).p90", est(mean * f * 2, mean * f * 1.8, mean * f * 2.2)))
            kpis.append(("\(name).p95", est(mean * f * 2.5, mean * f * 2.2, mean * f * 2.8)))
            if let within { let w = whatIf ? min(0.99, within + 0.04) : within; kpis.append(("\(name).within_target", est(w, w - 0.01, w + 0.01))) }
            kpis.append(("\(name).count", est(1000, 980, 1020)))
        }
        if o.ed {
            metaKPIs.append(kpiMeta("ttp", "Time to physician", area: "ed", headline: true, by: "triage", groups: ["red", "orange", "green"],
                                    groupTargets: [10, 30, nil], share: 0.9))
            interval("ttp", 40, within: 0.88)
            interval("ttp[red]", 8, within: 0.93)
            interval("ttp[orange]", 41, within: 0.86)
            interval("ttp[green]", 60)
            metaKPIs.append(kpiMeta("ed_los", "ED length of stay", area: "ed", headline: true, target: 240, groupTargets: [240], share: 0.95))
            interval("ed_los", 200, within: 0.93)
            units.append(unit("triage_nurse", "triage nurse", "ed", "2"))
            units.append(unit("cubicle", o.unitLabel, "ed", "20"))
            units.append(unit("physician", "physician", "other", "4"))
            pathways.append(edPathway(whatIf: whatIf))
            kpis.append(("pathway.ed.completed", est(9000, 8900, 9100)))
            kpis.append(("pathway.ed.time_in_system_mean_min", est(210 * f, 200 * f, 220 * f)))
            kpis.append(("pathway.ed.reneged", est(whatIf ? 40 : 90, whatIf ? 30 : 80, whatIf ? 50 : 100)))
            kpis.append(("pathway.ed.balked", est(0, 0, 0)))
            kpis.append(("pathway.ed.in_system_mean", est(12, 11, 13)))
            censuses.append(.object([("area", str("ed")), ("label", str("Patients in the ED")), ("name", str("ed_census"))]))
            kpis.append(("census.ed_census.mean", est(12 * f, 11 * f, 13 * f)))
            kpis.append(("census.ed_census.max", est(30, 28, 32)))
        }
        if o.imaging {
            metaKPIs.append(kpiMeta("report_tat", "CT report turnaround", area: "imaging", headline: false))
            interval("report_tat", 90)
            units.append(unit("ct", "CT scanner", "imaging", "1"))
        }
        if o.ward { units.append(unit("ward_bed", "ward bed", "ward", whatIf ? "32" : "30")) }
        if o.primaryCare {
            metaKPIs.append(kpiMeta("wait_to_treatment", "Wait to first treatment", area: "primary_care", headline: false))
            interval("wait_to_treatment", 20160)
            units.append(unit("physio", "physiotherapist", "primary_care", "3"))
            pathways.append(.object([("area", str("primary_care")), ("description", str("")),
                                     ("diagram", .object([("edges", .array([edge(0, 1)])), ("nodes", .array([node(0, "start", "msk", [], "start"), node(1, "leave", "leave", [], "steps[0]")]))])),
                                     ("label", str("MSK physiotherapy")), ("name", str("msk"))]))
            kpis.append(("pathway.msk.completed", est(300, 290, 310)))
            kpis.append(("pathway.msk.time_in_system_mean_min", est(40000, 39000, 41000)))
            kpis.append(("pathway.msk.reneged", est(5, 3, 7)))
        }
        for u in units {
            let n = u["name"]!.string!
            let util = n == "ward_bed" ? (whatIf ? 0.88 : 0.95) : 0.5 * f
            kpis.append(("unit.\(n).utilisation", est(util, util - 0.01, util + 0.01)))
            kpis.append(("unit.\(n).busy_mean", est(util * 10, util * 9, util * 11)))
            kpis.append(("unit.\(n).wait_mean_min", est(12 * f, 10 * f, 14 * f)))
            kpis.append(("unit.\(n).queue_mean", est(2 * f, 1.5 * f, 2.5 * f)))
            kpis.append(("unit.\(n).served", est(5000, 4900, 5100)))
            // Beds have a target (0.85 by default): the share of the time above it.
            if n == "ward_bed" { kpis.append(("unit.\(n).time_above_target", whatIf ? est(0.62, 0.55, 0.69) : est(0.91, 0.88, 0.94))) }
        }
        let name = whatIf ? o.whatIfName : o.baseName
        let files: [JSON] = [.object([("path", str("Scenarios/\(o.baseName).yaml")), ("text", str(o.fileText))])]
            + (whatIf ? [.object([("path", str("/tmp/\(o.whatIfName).yaml")), ("text", str("extends: Scenarios/\(o.baseName).yaml\nname: \(o.whatIfName)\n"))])] : [])
        let meta: JSON = .object([
            ("assumptions", strs(whatIf ? [] : ["Arrivals follow last year's pattern."])),
            ("censuses", .array(censuses)),
            ("changed_paths", strs(whatIf ? ["name", "pathways.ed.steps[triage].activity.duration"] : [])),
            ("description", str("")),
            ("files", .array(files)),
            ("horizon_min", .number(40 * 1440)), ("kpis", .array(metaKPIs)), ("name", str(name)),
            ("pathways", .array(pathways)), ("seed", .number(7)),
            ("sources", .array(whatIf ? [] : [.object([("id", str("nhs2024")), ("text", str("NHS A&E statistics 2024 <annual>"))])])),
            ("title", str(whatIf ? o.whatIfTitle : o.baseTitle)),
            ("units", .array(units)), ("warmup_given", .bool(true)), ("warmup_min", .number(10 * 1440)),
        ])
        return .object([
            ("name", str(name)), ("file", str(whatIf ? "/tmp/\(o.whatIfName).yaml" : "Scenarios/\(o.baseName).yaml")),
            ("summary", .object([("scenario", str(name)), ("seed", .number(7)), ("replications", .number(5)),
                                 ("warmup_min", .number(14400)), ("horizon_min", .number(57600)), ("kpis", .object(kpis))])),
            ("meta", meta),
        ])
    }

    static func comparison(_ o: Options = Options()) -> JSON {
        let b = scenario(o, whatIf: false), w = scenario(o, whatIf: true)
        // Paired differences: what-if minus baseline, with a CI that excludes 0 for
        // the faster times and includes 0 for counts that barely move.
        var diffs: [(String, JSON)] = []
        let bk = b["summary"]!["kpis"]!.object!, wk = w["summary"]!["kpis"]!.object!
        for (k, wv) in wk {
            guard let bv = bk.first(where: { $0.0 == k })?.1 else { continue }
            let d = wv["mean"]!.double! - bv["mean"]!.double!
            let clear = abs(d) > 1e-9 && !k.hasSuffix(".count") && !k.hasPrefix("pathway.ed.completed")
            diffs.append((k, clear ? est(d, min(d * 1.3, d * 0.7), max(d * 1.3, d * 0.7)) : est(d, d - 5, d + 5)))
        }
        return .object([
            ("baseline", str(o.baseName)), ("seed", .number(7)), ("replications", .number(5)), ("common_random_numbers", .bool(true)),
            ("scenarios", .array([b, w])),
            ("differences", .object([(o.whatIfName, .object(diffs))])),
            ("software", .object([("careflow", str("0.1.0")), ("gsl", str("2.7.1"))])),
            ("command", str("careflow compare Scenarios/\(o.baseName).yaml /tmp/\(o.whatIfName).yaml --replications 5")),
        ])
    }

    static func band(_ xs: [Double]) -> JSON {
        .object([("mean", .nums(xs)), ("ci_low", .nums(xs.map { $0 * 0.9 })), ("ci_high", .nums(xs.map { $0 * 1.1 }))])
    }

    static func series(_ o: Options = Options()) -> JSON {
        func scen(_ name: String, _ f: Double, units: [String]) -> JSON {
            var levels: [JSON] = []
            func level(_ n: String, _ base: Double) {
                // A deterministic daily profile: low at night, high in the afternoon.
                let profile: [Double] = [0.6, 0.5, 0.45, 0.4, 0.4, 0.45, 0.55, 0.7, 0.9, 1.1, 1.25, 1.35, 1.4, 1.45, 1.45, 1.4, 1.35, 1.3, 1.2, 1.1, 1.0, 0.9, 0.8, 0.7]
                let scale = base * f
                let hour = profile.map { $0 * scale }
                let dow = (0..<7).map { d in base * f * (1 + 0.1 * Double(d % 3)) }
                let daily = (0..<30).map { d in base * f * (1 + 0.05 * Double(d % 5)) }
                levels.append(.object([("name", str(n)), ("hour_of_day", band(hour)), ("day_of_week", band(dow)), ("daily", band(daily))]))
            }
            for u in units { level("unit.\(u).busy", 10); level("unit.\(u).queue", 2) }
            if o.ed { level("pathway.ed.in_system", 12); level("census.ed_census", 12) }
            let shares: [Double] = [0.1, 0.1, 0.2, 0.15, 0.15, 0.1, 0.08, 0.05, 0.03, 0.02, 0.01, 0.01]
            var hists: [JSON] = []
            if o.ed {
                for h in ["ttp", "ttp[red]", "ttp[orange]", "ttp[green]", "ed_los"] {
                    hists.append(.object([("name", str(h)), ("edges_min", .nums([15, 30, 60, 90, 120, 180, 240, 360, 480, 720, 1440])),
                                          ("shares", band(shares.enumerated().map { $1 * (($0 < 4) == (f < 1) ? 1.2 : 0.8) }))]))
                }
            }
            return .object([("scenario", str(name)), ("replications", .number(5)), ("first_day", .number(10)), ("levels", .array(levels)),
                            ("arrivals", .object([("hour_of_day", band(Array(repeating: 6, count: 24))), ("daily", band(Array(repeating: 150, count: 30)))])),
                            ("histograms", .array(hists))])
        }
        var units: [String] = []
        if o.ed { units += ["triage_nurse", "cubicle", "physician"] }
        if o.imaging { units.append("ct") }
        if o.ward { units.append("ward_bed") }
        if o.primaryCare { units.append("physio") }
        return .object([("scenarios", .array([scen(o.baseName, 1, units: units), scen(o.whatIfName, 0.8, units: units)]))])
    }
}
