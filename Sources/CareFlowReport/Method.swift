/// Section 8: the method, following the STRESS-DES reporting guideline
/// (Monks et al. 2019, doi:10.1080/17477778.2018.1442155).
enum Method {
    static func days(_ minutes: Double) -> String {
        guard minutes.isFinite, minutes >= 0 else { return tr("not set (runs until the arrivals end)") }
        let d = minutes / 1440
        return d == d.rounded() ? tr("{0} days", Fmt.fixed(d, 0)) : tr("{0} days", Fmt.num(d)) + " (\(Fmt.count(minutes)) min)"
    }

    /// An area's name in the report's language.
    static func areaName(_ a: String) -> String {
        switch a {
        case "ed": return tr("Emergency department")
        case "imaging": return tr("Imaging")
        case "ward": return tr("Wards")
        case "primary_care": return tr("Primary care")
        default: return tr(Changes.words(a))
        }
    }

    static func render(_ d: ReportData) -> String {
        var s = "<section id=\"method\"><h2>\(esc(tr("Method")))</h2>"
        s += "<p class=\"note\">" + esc(tr("Reported following STRESS-DES (Strengthening the Reporting of Empirical Simulation Studies – Discrete-Event Simulation; Monks et al., 2019).")) + "</p>"
        guard let b = d.baseline else { return s + "</section>" }
        // 1. Objectives.
        let hk = Summary.headlineKPIs(d)
        let judged = hk.map { Summary.lowerFirst($0.label) + (Table.targetText($0.target, share: $0.targetShare).isEmpty ? "" : " (" + tr("target {0}", Table.targetText($0.target, share: $0.targetShare)) + ")") }.joined(separator: "; ")
        let objective = d.whatIfs.isEmpty
            ? tr("To estimate waiting times, length of stay, queues and the use of capacity of {0}", b.displayTitle)
            : tr("To estimate how {0} would change waiting times, length of stay, queues and the use of capacity compared with the reference {1}", d.whatIfs.map(\.displayTitle).joined(separator: ", "), b.displayTitle)
        s += "<h3>\(esc(tr("Objectives")))</h3><p>" + esc(objective + (hk.isEmpty ? "" : ", " + tr("judged by {0}", judged)) + ".") + "</p>"
        // Descriptions once: a what-if's only when it differs from the reference's.
        for sc in d.scenarios where !sc.description.isEmpty && (sc.name == b.name || sc.description != b.description) {
            s += "<p><strong>\(esc(sc.name))</strong>: \(esc(sc.description))</p>"
        }
        // 2. Model logic.
        s += "<h3>\(esc(tr("Model logic")))</h3><p>" + esc(tr("A discrete-event simulation: patients arrive, follow pathways of steps (activities that use units, waits for units, branches with probabilities, delays, milestones) and leave. Units have a capacity (possibly by schedule) and priority queues. The pathways are drawn in the section on pathway diagrams.")) + "</p>"
        // The reference's capacity once; a what-if's only where it differs.
        s += "<div class=\"tablewrap\"><table><caption>" + esc(tr("Units: the reference's capacity and the what-ifs that change it")) + "</caption><thead><tr><th scope=\"col\">" + esc(tr("Unit")) + "</th><th scope=\"col\">" + esc(tr("Area")) + "</th>"
        s += "<th scope=\"col\">\(esc(b.name))</th>" + (d.whatIfs.isEmpty ? "" : "<th scope=\"col\">\(esc(tr("Changed in")))</th>")
        s += "</tr></thead><tbody>"
        for u in d.allUnitNames {
            let area = d.scenarios.lazy.compactMap { $0.units.first { $0.name == u } }.first.map { ReportData.area($0.area, name: $0.name) } ?? ""
            let refCap = b.units.first { $0.name == u }?.capacity ?? "—"
            s += "<tr><th scope=\"row\">\(esc(d.unitLabel(u)))</th><td>\(esc(areaName(area)))</td><td>\(esc(refCap))</td>"
            if !d.whatIfs.isEmpty {
                let changes = d.whatIfs.compactMap { w -> String? in
                    let cap = w.units.first { $0.name == u }?.capacity ?? "—"
                    return cap == refCap ? nil : "\(w.name): \(cap)"
                }
                s += "<td>" + (changes.isEmpty ? "" : "<span class=\"mark\">✎</span> " + esc(changes.joined(separator: "; "))) + "</td>"
            }
            s += "</tr>"
        }
        s += "</tbody></table></div>"
        // Scenario logic: every setting that differs from the reference.
        s += "<h3>\(esc(tr("Scenario logic")))</h3><ul>"
        for w in d.whatIfs {
            let ls = Changes.composed(w, d)
            s += "<li><strong>\(esc(w.name))</strong> (\(esc(w.displayTitle))): "
            s += ls.isEmpty ? esc(tr("no settings differ from the reference.")) : ls.map { esc($0) }.joined(separator: "; ") + "."
            s += "</li>"
        }
        s += "</ul>"
        // 3. Data sources and assumptions: the reference's once, then what each what-if adds.
        s += "<h3>\(esc(tr("Data sources and assumptions")))</h3>"
        func list(_ srcs: [(String, String)], _ assumptions: [String]) -> String {
            var t = ""
            if !srcs.isEmpty { t += "<ul class=\"sources\">" + srcs.map { "<li><span class=\"cite\">[\(esc($0.0))]</span> \(esc($0.1))</li>" }.joined() + "</ul>" }
            if !assumptions.isEmpty { t += "<p>\(esc(tr("Assumptions:")))</p><ul>" + assumptions.map { "<li>\(esc($0))</li>" }.joined() + "</ul>" }
            return t
        }
        if b.sources.isEmpty && b.assumptions.isEmpty && d.whatIfs.allSatisfy({ $0.sources.isEmpty && $0.assumptions.isEmpty }) {
            s += "<p>\(esc(tr("The scenario files cite no sources and list no assumptions.")))</p>"
        } else {
            s += "<h4>\(esc(tr("Reference {0}", b.name)))</h4>" + list(b.sources, b.assumptions)
            var ids = Set(b.sources.map(\.0)), texts = Set(b.assumptions)
            let refIDs = ids, refTexts = texts
            var firstWith: [String: String] = [:]  // source id or assumption -> the what-if that listed it
            for w in d.whatIfs {
                let srcs = w.sources.filter { !ids.contains($0.0) }, ass = w.assumptions.filter { !texts.contains($0) }
                if srcs.isEmpty && ass.isEmpty {
                    // Everything it adds was listed for an earlier what-if: say so in one line.
                    let earlier = ordered(w.sources.filter { !refIDs.contains($0.0) }.compactMap { firstWith[$0.0] }
                                          + w.assumptions.filter { !refTexts.contains($0) }.compactMap { firstWith[$0] })
                    if !earlier.isEmpty { s += "<p>" + esc(tr("{0}: as listed above for {1}.", w.name, earlier.joined(separator: ", "))) + "</p>" }
                    continue
                }
                s += "<h4>\(esc(tr("{0} adds", w.name)))</h4>" + list(srcs, ass)
                for x in srcs { ids.insert(x.0); firstWith[x.0] = w.name }
                for x in ass { texts.insert(x); firstWith[x] = w.name }
            }
        }
        // 4. Experimentation.
        s += "<h3>\(esc(tr("Experimentation")))</h3><div class=\"tablewrap\"><table><caption>" + esc(tr("Run settings per scenario")) + "</caption><thead><tr><th scope=\"col\">" + esc(tr("Setting")) + "</th>"
        let rows: [(String, (Scenario) -> String)] = [
            (tr("Warm-up"), { sc in days(sc.warmupMin) }),
            (tr("How the warm-up was chosen"), { sc in
                let given = sc.warmupGiven ? tr("given in the scenario file") : tr("not given in the file: no warm-up (0), results include the empty-and-idle start")
                guard sc.warmupMSERHours.isFinite else { return given }
                let ok = sc.warmupMSERHours <= sc.warmupMin / 60
                return given + "; " + tr("MSER-5 (White 1997) on this run's ED and ward series suggests {0}", days(sc.warmupMSERHours * 60)) + (ok ? tr(", within the warm-up used") : tr(" — LONGER than the warm-up used: consider a longer warm-up"))
            }),
            (tr("Run length (horizon)"), { sc in days(sc.horizonMin) }),
            (tr("Measured period (after warm-up)"), { sc in sc.measuredDays.isFinite ? days(sc.measuredDays * 1440) : tr("until the arrivals end") }),
            (tr("Replications"), { sc in Fmt.num(sc.replications) }),
            (tr("Seed"), { sc in Fmt.count(sc.seed) }),
        ]
        // Settings the same in every scenario: one column.
        let same = rows.allSatisfy { r in Set(d.scenarios.map { r.1($0) }).count <= 1 }
        let cols = same ? Array(d.scenarios.prefix(1)) : d.scenarios
        s += same && d.scenarios.count > 1 ? "<th scope=\"col\">\(esc(tr("every scenario")))</th>" : cols.map { "<th scope=\"col\">\(esc($0.name))</th>" }.joined()
        s += "</tr></thead><tbody>"
        for (label, f) in rows {
            s += "<tr><th scope=\"row\">\(esc(label))</th>" + cols.map { "<td>\(esc(f($0)))</td>" }.joined() + "</tr>"
        }
        s += "</tbody></table></div>"
        s += "<p>" + esc(tr("Replications: {0} per scenario, master seed {1}.", Fmt.num(d.replications), Fmt.count(d.seed))) + " "
        s += esc(d.crn ? tr("Common random numbers: yes — replication r of every scenario uses the same random streams (one per source of randomness), so the paired differences (what-if minus reference, per replication) have small variance.") : tr("Common random numbers: no.")) + " "
        s += esc(d.bootstrap
            ? tr("Intervals are 95% bootstrap percentile intervals over replications (2,000 resamples of the replication values, Efron & Tibshirani 1993): they never leave a quantity's range (shares stay within 0-100%, times and counts at or above 0), percentile KPIs (median, 90th percentile per replication) get a valid interval for their mean over replications, and a quantity that is 0 in every replication gets the interval 0 to 0. Differences are bootstrapped the same way from the paired (same random numbers) per-replication differences.")
            : tr("Intervals are 95% Student-t intervals over replications (the per-replication values were not recorded).")) + " "
        s += esc(tr("A change is called clear when the interval of the paired difference excludes 0, and important when its mean is at least the measure's minimal important difference (MID): the KPI's 'mid' in the scenario file, else 5% of the reference's value (at least 1 minute or 1 patient); 2 percentage points for shares and occupancy.")) + "</p>"
        // 5. Implementation.
        s += "<h3>\(esc(tr("Implementation")))</h3><ul>"
        s += "<li>" + esc(tr("Software: CareFlow {0}, GNU Scientific Library {1} for random variates.", d.careflowVersion.isEmpty ? tr("(version unknown)") : d.careflowVersion, d.gslVersion.isEmpty ? tr("(version unknown)") : d.gslVersion)) + "</li>"
        s += "<li>" + esc(tr("Command line:")) + " <code class=\"cmd\">\(esc(d.command))</code></li></ul>"
        // 6. Code access: the scenario files.
        s += "<h3>\(esc(tr("Scenario files")))</h3><p class=\"printnote\">\(esc(tr("The scenario files are included in the HTML version of this report (not printed).")))</p>"
        // Each distinct file text once, with the scenarios that use it.
        var files: [(path: String, text: String, users: [String])] = []
        for sc in d.scenarios {
            for (path, text) in sc.files {
                if let i = files.firstIndex(where: { $0.text == text }) { files[i].users.append(sc.name) } else { files.append((path, text, [sc.name])) }
            }
        }
        for f in files {
            s += "<details class=\"file\"><summary>\(esc(f.path)) <span class=\"role\">(\(esc(tr("used by {0}", f.users.joined(separator: ", ")))))</span></summary><pre>\(esc(f.text))</pre></details>"
        }
        return s + "</section>"
    }
}
