import CareFlowCalendar

/// The calendar in the report (dated runs, `run.start`): daily charts on a
/// date axis, and a "Seasons and months" section with month-of-year
/// profiles and KPIs by month.
enum CalendarSection {
    // MARK: Dates on the daily charts

    /// The start date of a dated scenario.
    static func startDate(_ sc: Scenario) -> CivilDate? {
        guard let s = sc.start else { return nil }
        return CivilDate.parse(String(s.prefix(10)))
    }

    /// The x offset that turns a scenario's run day into a calendar day
    /// number when every scenario with a daily series is dated (nil: the
    /// axis stays "day of the run").
    static func dateAxis(_ d: ReportData, level: String) -> [String: Double]? {
        var out: [String: Double] = [:]
        for sc in d.scenarios {
            guard let l = sc.levels[level], !l.daily.isEmpty else { continue }
            guard let s = startDate(sc) else { return nil }
            out[sc.name] = Double(s.dayNumber)
        }
        return out.isEmpty ? nil : out
    }

    static let monthsEN = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"]
    static let monthsSV = ["januari", "februari", "mars", "april", "maj", "juni", "juli", "augusti", "september", "oktober", "november", "december"]

    /// "January" / "januari"; short: "Jan" / "jan".
    static func monthName(_ m: Int, short: Bool = false) -> String {
        let n = (ReportLanguage.current == .sv ? monthsSV : monthsEN)[(m - 1 + 12) % 12]
        return short ? String(n.prefix(3)) : n
    }

    /// "4 Jan 2027" / "4 jan 2027".
    static func dateText(_ c: CivilDate, year: Bool = true) -> String {
        "\(c.day) \(monthName(c.month, short: true))" + (year ? " \(c.year)" : "")
    }

    /// Ticks on a date axis from day number `first` to `last`: month starts
    /// (every 1, 2 or 3 months by span), or every 7 days for short spans.
    static func dateTicks(first: Double, last: Double) -> [(Double, String)] {
        let a = Int(first.rounded(.up)), z = Int(last.rounded(.down))
        guard z >= a else { return [] }
        let span = z - a
        if span < 75 {
            let step = span < 15 ? 2 : 7
            return stride(from: a, through: z, by: step).map { (Double($0), dateText(CivilDate(dayNumber: $0), year: false)) }
        }
        let every = span > 500 ? 3 : span > 250 ? 2 : 1
        var out: [(Double, String)] = []
        var c = CivilDate(dayNumber: a)
        c = CivilDate(year: c.year, month: c.month, day: 1) ?? c
        var k = 0
        while c.dayNumber <= z {
            if c.dayNumber >= a && k % every == 0 {
                out.append((Double(c.dayNumber), c.month == 1 || out.isEmpty ? "\(monthName(c.month, short: true)) \(c.year)" : monthName(c.month, short: true)))
            }
            k += 1
            let m = c.month == 12 ? 1 : c.month + 1
            c = CivilDate(year: c.month == 12 ? c.year + 1 : c.year, month: m, day: 1) ?? c.adding(days: 31)
        }
        return out
    }

    // MARK: Seasons and months

    /// Months (1-12) with a value in any scenario's by-month results.
    static func months(_ d: ReportData) -> [Int] {
        var have = Set<Int>()
        for sc in d.scenarios where sc.start != nil {
            for (i, x) in sc.arrivalsByMonth.mean.enumerated() where x.isFinite { have.insert(i + 1) }
            for k in sc.kpis.keys where k.contains(".month.") {
                if let r = k.literalRange(of: ".month."), let m = Int(k[r.upperBound...].prefix(2)) { have.insert(m) }
            }
        }
        return have.sorted()
    }

    static func render(_ d: ReportData) -> String {
        guard let ref = d.scenarios.first(where: { $0.start != nil }), let start = startDate(ref) else { return "" }
        // Months in the order the measured period meets them (a winter: Nov, Dec, Jan ...).
        let first = start.adding(days: Int(ref.firstDay)).month
        let ms = months(d).sorted { ($0 - first + 12) % 12 < ($1 - first + 12) % 12 }
        guard ms.count >= 2 else { return "" }
        var s = "<section id=\"calendar\"><h2>\(esc(tr("Seasons and months")))</h2>"
        let clock = ref.start.map { String($0.dropFirst(11)) } ?? ""
        s += "<p>" + esc(tr("The run is dated: time 0 is {0} at {1}. Profiles by month are the means of the daily values of each calendar month over the measured period and the replications; a measured period longer than a year pools the same month of different years. KPIs of patients are counted in the month their interval ends.",
                          dateText(start), clock.isEmpty ? "00:00" : clock)) + "</p>"
        s += monthChart(d, title: tr("Arrivals per day by month"), yLabel: tr("Arrivals per day (mean)"), months: ms) { $0.arrivalsByMonth }
        for u in d.unitNames(area: "ward") {
            s += monthChart(d, title: tr("{0}: occupied by month", d.unitLabel(u)), yLabel: tr("Beds occupied (mean)"), months: ms) { $0.levels["unit.\(u).busy"]?.month }
        }
        for c in d.censusNames(area: "ed") + d.censusNames(area: "ward") {
            s += monthChart(d, title: tr("{0} by month", d.censusLabel(c)), yLabel: tr("Patients (mean)"), months: ms) { $0.levels["census.\(c)"]?.month }
        }
        s += kpiTables(d, months: ms)
        return s + "</section>"
    }

    /// One line per dated scenario over the measured months, in the order given.
    static func monthChart(_ d: ReportData, title: String, yLabel: String, months ms: [Int], band: (Scenario) -> Band?) -> String {
        var lines: [Chart.Line] = []
        func pick(_ xs: [Double]) -> [Double] { ms.map { $0 - 1 < xs.count ? xs[$0 - 1] : .nan } }
        for (i, sc) in d.scenarios.enumerated() {
            guard sc.start != nil, let b = band(sc), b.mean.count == 12, b.mean.contains(where: \.isFinite) else { continue }
            var sub = b
            sub.mean = pick(b.mean); sub.lo = pick(b.lo); sub.hi = pick(b.hi)
            lines.append(Chart.Line(name: sc.name, style: i, x: ms.indices.map(Double.init), band: sub))
        }
        guard !lines.isEmpty else { return "" }
        let ticks = ms.enumerated().map { (Double($0.offset), monthName($0.element, short: true)) }
        let svg = Chart.lines(lines, xLabel: tr("Month"), yLabel: yLabel, xTicks: ticks, xDomain: (0, Double(max(1, ms.count - 1))), markers: false,
                              describe: tr("{0}: mean by month of the year with 95% CI band, per scenario", title))
        return Sections.figure(title, legend: Chart.legend(lines.map(\.name)), svg: svg,
                               note: tr("Mean of the daily time-weighted means in each month, over replications; shaded: 95% CI."))
    }

    /// KPIs by month (one unit, minutes, for all months of a table): the headline KPIs (else the first four), and the
    /// ward units' beds occupied, each a table of months.
    static func kpiTables(_ d: ReportData, months ms: [Int]) -> String {
        let all = d.scenarios.flatMap(\.kpiMeta)
        var seen = Set<String>()
        let unique = all.filter { seen.insert($0.name).inserted }
        let headline = unique.filter(\.headline)
        var s = ""
        for k in (headline.isEmpty ? Array(unique.prefix(4)) : headline) {
            var rows: [Table.Row] = ms.map { Table.Row(label: monthName($0), key: "\(k.name).month.\(key($0)).mean", kind: .number) }
            if d.scenarios.contains(where: { $0.kpis["\(k.name).month.\(key(ms[0])).within_target"] != nil }) {
                rows += ms.map { Table.Row(label: tr("{0}: share within target", monthName($0)), key: "\(k.name).month.\(key($0)).within_target", kind: .share, indent: true) }
            }
            guard rows.contains(where: { r in d.scenarios.contains { $0.kpis[r.key] != nil } }) else { continue }
            s += Table.compare(d, rows: rows, caption: tr("{0}: mean by month (minutes)", k.label))
        }
        for u in d.unitNames(area: "ward") {
            let rows = ms.map { Table.Row(label: monthName($0), key: "unit.\(u).busy_mean.month.\(key($0))", kind: .number) }
            guard rows.contains(where: { r in d.scenarios.contains { $0.kpis[r.key] != nil } }) else { continue }
            s += Table.compare(d, rows: rows, caption: tr("{0}: beds occupied by month (mean)", d.unitLabel(u)))
        }
        return s
    }

    static func key(_ m: Int) -> String { m < 10 ? "0\(m)" : "\(m)" }
}

/// Swedish texts of the calendar parts (looked up by `tr` after `Swedish.text`).
enum CalendarSwedish {
    static let text: [String: String] = [
        "Seasons and months": "Säsonger och månader",
        "Date": "Datum",
        "Month": "Månad",
        "The run is dated: time 0 is {0} at {1}. Profiles by month are the means of the daily values of each calendar month over the measured period and the replications; a measured period longer than a year pools the same month of different years. KPIs of patients are counted in the month their interval ends.":
            "Körningen är daterad: tid 0 är {0} kl. {1}. Profilerna per månad är medelvärdena av de dagliga värdena i varje kalendermånad över mätperioden och replikeringarna; en mätperiod längre än ett år slår ihop samma månad från olika år. Patienternas nyckeltal räknas i den månad då intervallet slutar.",
        "Arrivals per day by month": "Ankomster per dygn per månad",
        "Arrivals per day (mean)": "Ankomster per dygn (medelvärde)",
        "{0}: occupied by month": "{0}: belagt per månad",
        "{0} by month": "{0} per månad",
        "{0}: mean by month of the year with 95% CI band, per scenario": "{0}: medelvärde per månad med 95 % KI-band, per scenario",
        "Mean of the daily time-weighted means in each month, over replications; shaded: 95% CI.": "Medelvärde av de dagliga tidsviktade medelvärdena i varje månad, över replikeringarna; skuggat: 95 % KI.",
        "{0}: share within target": "{0}: andel inom målet",
        "{0}: mean by month (minutes)": "{0}: medelvärde per månad (minuter)",
        "{0}: beds occupied by month (mean)": "{0}: belagda sängar per månad (medelvärde)",
        "Date (after warm-up)": "Datum (efter uppvärmning)",
    ]
}
