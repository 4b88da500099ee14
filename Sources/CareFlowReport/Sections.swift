/// Sections 2–6: emergency department, imaging, wards, primary care and
/// utilisation. A section whose area has no data in any scenario is left out.
enum Sections {
    /// A chart; `repeatsTable`: its numbers are all in the table next to it, so
    /// paper (where the table is the record) leaves it out.
    static func figure(_ title: String, legend: String, svg: String, note: String = "", repeatsTable: Bool = false) -> String {
        guard !svg.isEmpty else { return "" }
        var s = "<figure\(repeatsTable ? " class=\"repeats\"" : "")><figcaption>\(esc(title))</figcaption>\(legend)\(svg)"
        if !note.isEmpty { s += "<p class=\"note\">\(esc(note))</p>" }
        return s + "</figure>"
    }

    static func names(_ d: ReportData) -> [String] { d.scenarios.map(\.name) }

    // MARK: Chart builders

    /// A level by hour of day, one line per scenario that has it.
    static func hourChart(_ d: ReportData, level: String, title: String, yLabel: String) -> String {
        var lines: [Chart.Line] = []
        for (i, sc) in d.scenarios.enumerated() {
            guard let l = sc.levels[level], !l.hour.isEmpty else { continue }
            lines.append(Chart.Line(name: sc.name, style: i, x: l.hour.mean.indices.map(Double.init), band: l.hour))
        }
        guard !lines.isEmpty else { return "" }
        let svg = Chart.lines(lines, xLabel: tr("Hour of day"), yLabel: tr(yLabel), xTicks: Chart.hourTicks, xDomain: (0, 23), markers: d.scenarios.count <= 3,
                              describe: tr("{0}: mean by hour of day with 95% CI band, per scenario", title))
        return figure(title, legend: Chart.legend(names(d)), svg: svg, note: tr("Mean over the measured period and replications; shaded: 95% CI."))
    }

    /// A level per measured day, one line per scenario, with optional capacity lines.
    static func dailyChart(_ d: ReportData, level: String, title: String, yLabel: String, capacityOf unit: String? = nil) -> String {
        var lines: [Chart.Line] = []
        var refs: [(y: Double, label: String, style: Int)] = []
        var first = Double.infinity, last = -Double.infinity, weekly = false
        let dates = CalendarSection.dateAxis(d, level: level)   // dated runs: x is the calendar day
        for (i, sc) in d.scenarios.enumerated() {
            guard let l = sc.levels[level], !l.daily.isEmpty else { continue }
            // Long runs: weekly means of the daily values (keeps the file small and the chart readable).
            let k = l.daily.mean.count > 120 ? 7 : 1
            let band = k == 1 ? l.daily : binned(l.daily, k)
            let xs = band.mean.indices.map { (dates?[sc.name] ?? 0) + sc.firstDay + Double($0 * k) + Double(k - 1) / 2 }
            guard let x0 = xs.first, let x1 = xs.last else { continue }
            first = min(first, x0); last = max(last, x1)
            weekly = weekly || k > 1
            lines.append(Chart.Line(name: sc.name, style: i, x: xs, band: band))
            if let unit, let cap = sc.units.first(where: { $0.name == unit })?.capacity, let v = Double(cap) {
                if !refs.contains(where: { $0.y == v }) { refs.append((v, tr("capacity {0} ({1})", Fmt.num(v), sc.name), i)) }
            }
        }
        guard !lines.isEmpty else { return "" }
        let n = Int(exactly: (last - first).rounded()).map { min($0, 1_000_000) + 1 } ?? 1
        let svg = Chart.lines(lines, xLabel: tr(dates == nil ? "Day of the run (after warm-up)" : "Date (after warm-up)"), yLabel: tr(yLabel),
                              xTicks: dates == nil ? Chart.dayTicks(first: first, n: n) : CalendarSection.dateTicks(first: first, last: last),
                              xDomain: (first, max(first + 1, last)), refLines: refs, markers: n <= 40 && dates == nil,
                              describe: tr("{0}: daily mean with 95% CI band, per scenario", title))
        return figure(title, legend: Chart.legend(names(d)), svg: svg, note: tr(weekly ? "Weekly mean of the daily time-weighted means, averaged over replications; shaded: the mean of the daily 95% intervals." : "Daily time-weighted mean, averaged over replications; shaded: 95% CI.") + (refs.isEmpty ? "" : " " + tr("Dashed horizontal lines: capacity.")))
    }

    /// Means of consecutive blocks of k points (the last block may be shorter).
    static func binned(_ b: Band, _ k: Int) -> Band {
        func bin(_ xs: [Double]) -> [Double] {
            stride(from: 0, to: xs.count, by: k).map { i in
                let part = xs[i..<min(xs.count, i + k)].filter(\.isFinite)
                return part.isEmpty ? .nan : part.reduce(0, +) / Double(part.count)
            }
        }
        var out = b
        out.mean = bin(b.mean); out.lo = bin(b.lo); out.hi = bin(b.hi)
        return out
    }

    /// Mean of an interval KPI per group (horizontal bars), per scenario.
    static func groupChart(_ d: ReportData, _ k: KPIMeta) -> String {
        guard !k.groups.isEmpty else { return "" }
        let by = groupWord(k)
        let groups = k.groups.map { g in Chart.BarGroup(label: "\(by) \(g)", values: d.scenarios.map { $0.est("\(k.name)[\(g)].mean") }) }
        guard groups.contains(where: { $0.values.contains { $0 != nil } }) else { return "" }
        let svg = Chart.hbars(groups, names: names(d), xLabel: tr("{0}: mean (minutes)", k.label), format: { Fmt.num($0) + " min" },
                              describe: tr("{0} by {1}: mean per scenario with 95% CI", k.label, by))
        return figure(tr("{0} by {1} (mean, minutes)", k.label, by), legend: Chart.legend(names(d), bars: true, lines: false), svg: svg,
                      note: tr("Bars: mean over replications; whiskers: 95% CI."), repeatsTable: true)
    }

    /// The attribute a KPI is grouped by, in words ("triage_level" -> "triage level").
    static func groupWord(_ k: KPIMeta) -> String { k.by.map(Changes.words) ?? tr("group")
    }

    static func binLabel(_ lo: Double?, _ hi: Double?) -> String {
        func f(_ m: Double, hours: Bool) -> String { hours ? Fmt.fixed(m / 60, m.truncatingRemainder(dividingBy: 60) == 0 ? 0 : 1) : Fmt.fixed(m, 0) }
        switch (lo, hi) {
        case (nil, let h?): return "≤\(f(h, hours: h >= 60))\(h >= 60 ? "h" : "m")"
        case (let l?, nil): return ">\(f(l, hours: l >= 60))\(l >= 60 ? "h" : "m")"
        case (let l?, let h?): let hrs = h > 60; return "\(f(l, hours: hrs))–\(f(h, hours: hrs))\(hrs ? "h" : "m")"
        default: return ""
        }
    }

    /// Histogram of an interval KPI, per scenario, with the share within 4 hours.
    static func histogram(_ d: ReportData, _ k: KPIMeta, hist: String? = nil, fourHours: Bool = true) -> String {
        let name = hist ?? k.name
        guard let edges = d.scenarios.lazy.compactMap({ $0.hists[name]?.edges }).first, !edges.isEmpty else { return "" }
        var groups: [Chart.BarGroup] = []
        for b in 0...edges.count {
            let label = binLabel(b == 0 ? nil : edges[b - 1], b < edges.count ? edges[b] : nil)
            groups.append(Chart.BarGroup(label: label, values: d.scenarios.map { sc in
                guard let h = sc.hists[name], b < h.shares.mean.count else { return nil }
                return Est(mean: h.shares.mean[b], lo: b < h.shares.lo.count ? h.shares.lo[b] : .nan, hi: b < h.shares.hi.count ? h.shares.hi[b] : .nan, n: 0)
            }))
        }
        // Many scenarios: one line per scenario (bars side by side would be unreadable).
        let asLines = d.scenarios.count > 4
        let svg: String
        if asLines {
            let lines = d.scenarios.enumerated().compactMap { i, sc -> Chart.Line? in
                guard let h = sc.hists[name], !h.shares.mean.isEmpty else { return nil }
                var band = h.shares
                band.lo = []; band.hi = []
                return Chart.Line(name: sc.name, style: i, x: band.mean.indices.map(Double.init), band: band)
            }
            let ticks = groups.enumerated().map { (Double($0.offset), $0.element.label) }
            svg = Chart.lines(lines, xLabel: tr("{0} (m: minutes, h: hours)", k.label), yLabel: tr("Share of patients"), xTicks: ticks,
                              xDomain: (0, Double(max(1, groups.count - 1))), percent: true, markers: false,
                              describe: tr("Distribution of {0}, per scenario", k.label))
        } else {
            svg = Chart.vbars(groups, names: names(d), xLabel: tr("{0} (m: minutes, h: hours)", k.label), yLabel: tr("Share of patients"),
                              percent: true, format: { Fmt.percent($0) }, describe: tr("Distribution of {0}, per scenario", k.label))
        }
        var note = tr(asLines ? "Share of patients per band, averaged over replications (the intervals are in the tables)." : "Share of patients per band, averaged over replications; whiskers: 95% CI.")
        if fourHours, let i = edges.firstIndex(of: 240) {
            var parts: [String] = []
            for sc in d.scenarios {
                if k.target == 240, let e = sc.est("\(k.name).within_target") {
                    parts.append("\(sc.name) \(Fmt.percent(e.mean)) (" + tr("95% CI {0} to {1}", Fmt.percent(e.lo), Fmt.percent(e.hi)) + ")")
                } else if let h = sc.hists[name], h.shares.mean.count > i {
                    parts.append("\(sc.name) \(Fmt.percent(h.shares.mean[0...i].reduce(0, +)))")
                }
            }
            if !parts.isEmpty { note += " " + tr("Share within 4 hours:") + " " + parts.joined(separator: "; ") + "." }
        }
        return figure(tr("Distribution of {0}", k.label), legend: asLines ? Chart.legend(names(d)) : Chart.legend(names(d), bars: true, lines: false), svg: svg, note: note)
    }

    static func unitRows(_ d: ReportData, _ units: [String], util: Bool = true, wait: Bool = true, queue: Bool = true, served: Bool = false, busy: Bool = false) -> [Table.Row] {
        var rows: [Table.Row] = []
        for u in units {
            let l = d.unitLabel(u)
            // Beds: occupancy, the word the scorecard uses.
            if util { rows.append(.init(label: tr(isBed(d, u) ? "{0}: occupancy" : "{0}: utilisation", l), key: "unit.\(u).utilisation", kind: .share)) }
            if util, let (t, bed) = utilisationTarget(d, u), d.scenarios.contains(where: { $0.est("unit.\(u).time_above_target") != nil }) {
                let pct = Fmt.percent(t, (t * 100).rounded() == t * 100 ? 0 : 1)
                rows.append(.init(label: tr(bed ? "{0}: share of the time above {1} occupied" : "{0}: share of the time above {1} in use", l, pct),
                                  key: "unit.\(u).time_above_target", kind: .share, indent: true))
            }
            if busy { rows.append(.init(label: tr("{0}: mean in use", l), key: "unit.\(u).busy_mean", kind: .number)) }
            if wait { rows.append(.init(label: "\(l): " + tr("mean wait"), key: "unit.\(u).wait_mean_min", kind: .minutes)) }
            if queue { rows.append(.init(label: tr("{0}: mean number waiting", l), key: "unit.\(u).queue_mean", kind: .number)) }
            if served { rows.append(.init(label: tr("{0}: patients served per run", l), key: "unit.\(u).served", kind: .count)) }
        }
        return rows
    }

    static func unitMeta(_ d: ReportData, _ u: String) -> UnitMeta? { d.scenarios.lazy.compactMap { $0.units.first { $0.name == u } }.first }
    static func isBed(_ d: ReportData, _ u: String) -> Bool { unitMeta(d, u).map { Measures.unitKind($0) == "bed" } ?? false }

    /// The unit's target utilisation (occupancy for beds): declared, or the
    /// beds' default, as the collector measures `time_above_target` against.
    static func utilisationTarget(_ d: ReportData, _ u: String) -> (target: Double, bed: Bool)? {
        guard let meta = unitMeta(d, u) else { return nil }
        let bed = Measures.unitKind(meta) == "bed"
        guard let t = meta.targetUtilisation ?? (bed ? Measures.bedOccupancyTarget : nil) else { return nil }
        return (t, bed)
    }

    static func kpiTable(_ d: ReportData, _ kpis: [KPIMeta], caption: String) -> String {
        let rows = kpis.flatMap { Table.kpiRows($0) }
        return Table.compare(d, rows: rows, caption: tr(caption), withTarget: rows.contains { $0.target != nil })
    }

    static func isLOS(_ k: KPIMeta) -> Bool {
        let n = k.name.lowercased(), l = k.label.lowercased()
        return n.split(separator: "_").contains("los") || n.contains("length_of_stay") || l.contains("length of stay")
    }
    static func isBoarding(_ k: KPIMeta) -> Bool { k.name.lowercased().contains("board") || k.label.lowercased().contains("board") }

    // MARK: 2. Emergency department

    static func ed(_ d: ReportData) -> String {
        guard d.hasArea("ed") else { return "" }
        let kpis = d.kpiNames(area: "ed").compactMap { d.kpiMeta($0) }
        let pathways = d.pathwayNames(area: "ed")
        var s = "<section id=\"ed\"><h2>\(esc(tr("Emergency department")))</h2>"
        // Census by hour of day.
        var census = ""
        for c in d.censusNames(area: "ed") {
            census += hourChart(d, level: "census.\(c)", title: tr("{0}: patients by hour of day", d.censusLabel(c)), yLabel: "Patients (mean)")
        }
        if census.isEmpty {
            // No ED census defined: occupied treatment spaces (cubicles, bays, trolleys) are the ED census.
            let spaces = d.unitNames(area: "ed").filter { u in ["cubicle", "bay", "trolley", "bed", "room", "resus", "space"].contains { u.lowercased().contains($0) } }
            for u in spaces {
                census += hourChart(d, level: "unit.\(u).busy", title: tr("{0}: places occupied by hour of day", d.unitLabel(u)), yLabel: "Spaces occupied (mean)")
            }
        }
        if census.isEmpty {
            for p in pathways {
                census += hourChart(d, level: "pathway.\(p).in_system", title: tr("Patients in pathway {0} by hour of day", d.pathwayLabel(p)), yLabel: "Patients (mean)")
            }
        }
        if !census.isEmpty { s += "<h3>\(esc(tr("Census by hour of day")))</h3>" + census }
        // Waiting times by triage level (grouped KPIs) and all ED KPIs.
        if !kpis.isEmpty {
            s += "<h3>\(esc(tr("Waiting times and length of stay")))</h3>"
            for k in kpis where !k.groups.isEmpty { s += groupChart(d, k) }
            s += kpiTable(d, kpis, caption: "Emergency department KPIs (minutes)")
        }
        // Distributions: length of stay first.
        let ordered = kpis.filter(isLOS) + kpis.filter { !isLOS($0) }
        var dist = ""
        // Distributions of the headline KPIs only (all when none is headline); the rest are in the table.
        let shown = ordered.contains(where: \.headline) ? ordered.filter(\.headline) : ordered
        for k in shown { dist += histogram(d, k) }
        if !dist.isEmpty { s += "<h3>\(esc(tr("Length-of-stay and waiting-time distributions")))</h3>" + dist }
        // Left without being seen.
        var lw: [Table.Row] = []
        for p in pathways {
            let l = d.pathwayLabel(p)
            lw.append(.init(label: tr("{0}: left without being seen (reneged) per run", l), key: "pathway.\(p).reneged", kind: .count))
            lw.append(.init(label: tr("{0}: turned away on arrival (balked) per run", l), key: "pathway.\(p).balked", kind: .count))
            lw.append(.init(label: tr("{0}: patients completed per run", l), key: "pathway.\(p).completed", kind: .count))
        }
        if !lw.isEmpty {
            s += "<h3>\(esc(tr("Left without being seen")))</h3>"
            s += Table.compare(d, rows: lw, caption: tr("Patients who left without being seen (LWBS), over the measured period of one replication"))
            var rates: [String] = []
            for sc in d.scenarios where sc.measuredDays.isFinite {
                let lwbs = pathways.compactMap { sc.est("pathway.\($0).reneged")?.mean }.reduce(0, +)
                let done = pathways.compactMap { sc.est("pathway.\($0).completed")?.mean }.reduce(0, +)
                rates.append(done + lwbs > 0 ? tr("{0}: {1} per day ({2} of patients)", sc.name, Fmt.num(lwbs / sc.measuredDays), Fmt.percent(lwbs / (done + lwbs), 2))
                                              : tr("{0}: {1} per day", sc.name, Fmt.num(lwbs / sc.measuredDays)))
            }
            if !rates.isEmpty { s += "<p>" + esc(tr("Left without being seen per day: {0}.", rates.joined(separator: "; "))) + "</p>" }
        }
        // Boarding.
        let boarding = kpis.filter(isBoarding)
        if !boarding.isEmpty {
            s += "<h3>\(esc(tr("Boarding")))</h3><div class=\"tablewrap\"><table><caption>" + esc(tr("Boarding hours: time admitted patients spend in the ED waiting for a ward bed (mean time × patients)")) + "</caption><thead><tr><th scope=\"col\">" + esc(tr("Measure")) + "</th>"
            for sc in d.scenarios { s += "<th scope=\"col\" class=\"num\">\(esc(sc.name))</th>" }
            s += "</tr></thead><tbody>"
            for k in boarding {
                let rows: [(String, (Scenario) -> String)] = [
                    (tr("{0}: patients per run", k.label), { sc in Fmt.count(sc.est("\(k.name).count")?.mean ?? .nan) }),
                    (tr("{0}: mean (hours)", k.label), { sc in Fmt.num((sc.est("\(k.name).mean")?.mean ?? .nan) / 60) }),
                    (tr("{0}: boarding hours per run", k.label), { sc in
                        Fmt.count((sc.est("\(k.name).mean")?.mean ?? .nan) * (sc.est("\(k.name).count")?.mean ?? .nan) / 60) }),
                    (tr("{0}: boarding hours per day", k.label), { sc in
                        Fmt.num((sc.est("\(k.name).mean")?.mean ?? .nan) * (sc.est("\(k.name).count")?.mean ?? .nan) / 60 / sc.measuredDays) }),
                ]
                for (label, f) in rows {
                    s += "<tr><th scope=\"row\">\(esc(label))</th>" + d.scenarios.map { "<td class=\"num\">\(esc(f($0)))</td>" }.joined() + "</tr>"
                }
            }
            s += "</tbody></table></div><p class=\"note\">" + esc(tr("Boarding hours are the product of the mean boarding time and the number of boarded patients (point estimates). The paired differences of the mean boarding time are in the table above.")) + "</p>"
        }
        return s + "</section>"
    }

    // MARK: 3. Imaging

    static func imaging(_ d: ReportData) -> String {
        guard d.hasArea("imaging") else { return "" }
        let units = d.unitNames(area: "imaging")
        let kpis = d.kpiNames(area: "imaging").compactMap { d.kpiMeta($0) }
        var s = "<section id=\"imaging\"><h2>\(esc(tr("Imaging")))</h2>"
        if !units.isEmpty {
            s += "<h3>\(esc(tr("Waits per modality")))</h3>"
            let groups = units.map { u in Chart.BarGroup(label: d.unitLabel(u), values: d.scenarios.map { $0.est("unit.\(u).wait_mean_min") }) }
            s += figure(tr("Mean wait for each modality (minutes)"), legend: Chart.legend(names(d), bars: true, lines: false),
                        svg: Chart.hbars(groups, names: names(d), xLabel: tr("Mean wait (minutes)"), format: { Fmt.num($0) + " min" }, describe: tr("Mean wait per imaging modality and scenario")),
                        note: tr("Bars: mean over replications; whiskers: 95% CI."), repeatsTable: true)
            s += Table.compare(d, rows: unitRows(d, units, served: true), caption: tr("Imaging modalities: utilisation, waits and throughput"))
        }
        if !kpis.isEmpty {
            s += "<h3>\(esc(tr("Report turnaround and other imaging measures")))</h3>"
            let groups = kpis.map { k in Chart.BarGroup(label: k.label, values: d.scenarios.map { $0.est("\(k.name).mean") }) }
            s += figure(tr("Imaging KPIs: mean (minutes)"), legend: Chart.legend(names(d), bars: true, lines: false),
                        svg: Chart.hbars(groups, names: names(d), xLabel: tr("Mean (minutes)"), format: { Fmt.num($0) + " min" }, describe: tr("Imaging KPIs: mean per scenario")), repeatsTable: true)
            for k in kpis where !k.groups.isEmpty { s += groupChart(d, k) }
            s += kpiTable(d, kpis, caption: "Imaging KPIs (minutes)")
        }
        return s + "</section>"
    }

    // MARK: 4. Wards

    static func wards(_ d: ReportData) -> String {
        guard d.hasArea("ward") else { return "" }
        let units = d.unitNames(area: "ward")
        let kpis = d.kpiNames(area: "ward").compactMap { d.kpiMeta($0) }
        var s = "<section id=\"wards\"><h2>\(esc(tr("Wards")))</h2>"
        for u in units {
            let l = d.unitLabel(u)
            s += "<h3>\(esc(tr("{0}: bed occupancy", l)))</h3>"
            s += dailyChart(d, level: "unit.\(u).busy", title: tr("{0}: beds occupied per day", l), yLabel: "Beds occupied (mean)", capacityOf: u)
            s += hourChart(d, level: "unit.\(u).busy", title: tr("{0}: beds occupied by hour of day", l), yLabel: "Beds occupied (mean)")
            s += "<h3>\(esc(tr("{0}: patients waiting for a bed", l)))</h3>"
            s += dailyChart(d, level: "unit.\(u).queue", title: tr("{0}: patients waiting for a bed per day", l), yLabel: "Patients waiting (mean)")
        }
        if !units.isEmpty {
            s += Table.compare(d, rows: unitRows(d, units, served: true, busy: true), caption: tr("Wards: occupancy, patients waiting for a bed and waits"))
        }
        for c in d.censusNames(area: "ward") {
            s += dailyChart(d, level: "census.\(c)", title: tr("{0} per day", d.censusLabel(c)), yLabel: "Patients (mean)")
        }
        if !kpis.isEmpty { s += kpiTable(d, kpis, caption: "Ward KPIs (minutes)") }
        return s + "</section>"
    }

    // MARK: 5. Primary care

    static func primaryCare(_ d: ReportData) -> String {
        guard d.hasArea("primary_care") else { return "" }
        let units = d.unitNames(area: "primary_care")
        let kpis = d.kpiNames(area: "primary_care").compactMap { d.kpiMeta($0) }
        let pathways = d.pathwayNames(area: "primary_care")
        var s = "<section id=\"primary-care\"><h2>\(esc(tr("Primary care")))</h2>"
        var wl = ""
        for c in d.censusNames(area: "primary_care") {
            wl += dailyChart(d, level: "census.\(c)", title: tr("{0} over time", d.censusLabel(c)), yLabel: "Patients (mean)")
        }
        for u in units {
            wl += dailyChart(d, level: "unit.\(u).queue", title: tr("{0}: waiting list over time", d.unitLabel(u)), yLabel: "Patients waiting (mean)")
        }
        if !wl.isEmpty { s += "<h3>\(esc(tr("Waiting-list length over time")))</h3>" + wl }
        if !kpis.isEmpty {
            s += "<h3>\(esc(tr("Waiting time to treatment start")))</h3>"
            for k in kpis where !k.groups.isEmpty { s += groupChart(d, k) }
            for k in kpis { s += histogram(d, k, fourHours: false) }
            s += kpiTable(d, kpis, caption: "Primary-care KPIs (minutes)")
        }
        if !units.isEmpty {
            s += "<h3>\(esc(tr("Therapist utilisation")))</h3>"
            s += Table.compare(d, rows: unitRows(d, units, served: true), caption: tr("Primary-care staff: utilisation and waits"))
        }
        if !pathways.isEmpty {
            s += "<h3>\(esc(tr("Courses completed")))</h3>"
            let rows = pathways.flatMap { p -> [Table.Row] in
                [.init(label: tr("{0}: courses completed per run", d.pathwayLabel(p)), key: "pathway.\(p).completed", kind: .count),
                 .init(label: "\(d.pathwayLabel(p)): " + tr("mean time in system"), key: "pathway.\(p).time_in_system_mean_min", kind: .minutes),
                 .init(label: tr("{0}: dropped out (reneged) per run", d.pathwayLabel(p)), key: "pathway.\(p).reneged", kind: .count)]
            }
            s += Table.compare(d, rows: rows, caption: tr("Primary-care pathways over the measured period of one replication"))
        }
        return s + "</section>"
    }

    // MARK: 6. Utilisation

    static func utilisation(_ d: ReportData) -> String {
        let units = d.allUnitNames
        guard !units.isEmpty else { return "" }
        var s = "<section id=\"utilisation\"><h2>\(esc(tr("Utilisation of every unit")))</h2>"
        let groups = units.map { u in Chart.BarGroup(label: d.unitLabel(u), values: d.scenarios.map { $0.est("unit.\(u).utilisation") }) }
        s += figure(tr("Utilisation per unit and scenario"), legend: Chart.legend(names(d), bars: true, lines: false),
                    svg: Chart.hbars(groups, names: names(d), xLabel: tr("Utilisation (share of capacity in use)"), percent: true,
                                     format: { Fmt.percent($0) }, describe: tr("Utilisation of every unit per scenario")),
                    note: tr("Bars: time-weighted share of capacity in use over the measured period; whiskers: 95% CI."), repeatsTable: true)
        // The units of imaging, the wards and primary care are in their sections' tables: the rest here.
        let inSections = Set(["imaging", "ward", "primary_care"].filter { d.hasArea($0) }.flatMap { d.unitNames(area: $0) })
        let rest = units.filter { !inSections.contains($0) }
        s += Table.compare(d, rows: unitRows(d, rest, queue: false), caption: tr(inSections.isEmpty ? "Utilisation and waits of every unit" : "Utilisation and waits of the other units"))
        if !inSections.isEmpty && !rest.isEmpty { s += "<p class=\"note\">\(esc(tr("The units of imaging, the wards and primary care are in the tables of their sections.")))</p>" }
        return s + "</section>"
    }
}
