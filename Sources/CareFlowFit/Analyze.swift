import CareFlowCalendar
import CareFlowRandom
import Foundation

/// Turns an event log and a mapping into a FitResult.
public enum FitAnalysis {
    public static func run(_ log: PatientLog, _ m: FitMapping, level: Double = 0.95) throws -> FitResult {
        let ctx = try Context(log, m)
        var r = FitResult(log: log.file, patients: log.patientCount, rows: log.time.count, startDate: log.startDate,
                          days: Int((log.end / 1440).rounded(.down)) + 1, present: ctx.present.filter { $0 }.count, level: level)
        r.arrivals = try m.arrivals.map { try arrivals($0, ctx, days: r.days, level: level) }
        r.durations = try m.durations.map { try durations($0, ctx, level: level) }
        r.branches = try m.branches.map { try branch($0, ctx, level: level) }
        r.mixes = try m.mixes.map { s in
            let a = try ctx.column(s.attribute, "mixes.\(s.name).attribute")
            let f = try ctx.filter(s.filter, "mixes.\(s.name).where")
            let keep: (Int) -> Bool = { ctx.arrived[$0] && f($0) }
            var counts = Array(repeating: 0, count: log.labels[a].count)
            for p in 0..<log.patientCount where keep(p) { let v = log.value(patient: p, attribute: a); if v >= 0 { counts[Int(v)] += 1 } }
            let total = counts.reduce(0, +)
            return MixFit(spec: s, shares: counts.indices.map { Proportion(label: log.labels[a][$0], count: counts[$0], total: total, level: level) })
        }
        r.confusions = try m.confusions.map { s in
            let t = try ctx.column(s.truth, "confusion.\(s.name).true"), a = try ctx.column(s.assigned, "confusion.\(s.name).assigned")
            let f = try ctx.filter(s.filter, "confusion.\(s.name).where")
            let keep: (Int) -> Bool = { ctx.arrived[$0] && f($0) }
            var table = Array(repeating: Array(repeating: 0, count: log.labels[a].count), count: log.labels[t].count)
            for p in 0..<log.patientCount where keep(p) {
                let x = log.value(patient: p, attribute: t), y = log.value(patient: p, attribute: a)
                if x >= 0 && y >= 0 { table[Int(x)][Int(y)] += 1 }
            }
            return ConfusionFit(spec: s, truthLabels: log.labels[t], assignedLabels: log.labels[a], rows: table.map { row in
                let n = row.reduce(0, +)
                return row.indices.map { Proportion(label: log.labels[a][$0], count: row[$0], total: n, level: level) }
            })
        }
        return r
    }

    /// Column look-ups, filters and who is still present, checked against the log.
    struct Context {
        let log: PatientLog
        let m: FitMapping
        /// Per patient: none of the end events (still present at the log's end).
        var present: [Bool]
        /// Per patient: its arrival (an event of the mapping's arrivals) is in
        /// the log. Mixes count only these: patients already there when the
        /// log starts over-represent long stays (length-biased sampling).
        var arrived: [Bool]

        init(_ log: PatientLog, _ m: FitMapping) throws {
            self.log = log; self.m = m
            let ends = Set(m.endEvents.compactMap { log.eventIndex($0) })
            present = (0..<log.patientCount).map { p in !m.endEvents.isEmpty && !log.range(p).contains { ends.contains(log.kind[$0]) } }
            let starts = Set(m.arrivals.compactMap { log.eventIndex($0.event) })
            arrived = (0..<log.patientCount).map { p in m.arrivals.isEmpty || log.range(p).contains { starts.contains(log.kind[$0]) } }
        }

        func column(_ name: String, _ usedBy: String) throws -> Int {
            guard let a = log.attributeIndex(name) else {
                throw FitInputError(file: log.file, line: 1, column: 1, message: "no column '\(name)' (\(usedBy) in \(m.file))",
                                    expected: "one of the attribute columns: \(log.attributes.joined(separator: ", "))")
            }
            return a
        }

        func filter(_ f: FitMapping.Filter, _ usedBy: String) throws -> (Int) -> Bool {
            let tests: [(Int, Set<Int32>)] = try f.map { name, values in
                let a = try column(name, usedBy)
                return (a, Set(values.compactMap { v in log.labels[a].firstIndex(of: v).map(Int32.init) }))
            }
            let l = log
            return { p in tests.allSatisfy { $0.1.contains(l.value(patient: p, attribute: $0.0)) } }
        }

        func event(_ name: String) -> Int32 { log.eventIndex(name) ?? -1 }
    }

    // MARK: Arrivals

    static func arrivals(_ s: FitMapping.ArrivalSpec, _ c: Context, days: Int, level: Double) throws -> ArrivalFit {
        let log = c.log
        let keep = try c.filter(s.filter, "arrivals.\(s.name).where")
        let e = c.event(s.event)
        var daily = Array(repeating: 0, count: days)
        var cell = Array(repeating: Array(repeating: 0, count: 24), count: 7)
        for p in 0..<log.patientCount where keep(p) {
            guard let t = log.firstTime(p, e) else { continue }
            let d = min(days - 1, Int(t / 1440))
            daily[d] += 1
            let wd = log.startDate.adding(days: d).weekday
            cell[wd][min(23, Int(t.truncatingRemainder(dividingBy: 1440) / 60))] += 1
        }
        let n = daily.reduce(0, +)
        let perDay = Rate(count: n, days: Double(days), level: level)
        var hourCount = Array(repeating: 0, count: 24)
        for w in 0..<7 { for h in 0..<24 { hourCount[h] += cell[w][h] } }
        let hourShare = (0..<24).map { Proportion(label: "\($0)", count: hourCount[$0], total: n, level: level) }
        var wdDays = Array(repeating: 0, count: 7), wdCount = Array(repeating: 0, count: 7)
        for d in 0..<days { let w = log.startDate.adding(days: d).weekday; wdDays[w] += 1; wdCount[w] += daily[d] }
        let mean = perDay.value
        let weekdayLevel = (0..<7).map { w -> (value: Double, ciLow: Double, ciHigh: Double, days: Int) in
            guard wdDays[w] > 0, mean > 0 else { return (.nan, .nan, .nan, 0) }
            let r = Rate(count: wdCount[w], days: Double(wdDays[w]), level: level)
            return (r.value / mean, r.ciLow / mean, r.ciHigh / mean, wdDays[w])
        }
        // Months: only when each month is seen for at least 28 days.
        var moDays = Array(repeating: 0, count: 12), moCount = Array(repeating: 0, count: 12)
        for d in 0..<days { let mo = log.startDate.adding(days: d).month - 1; moDays[mo] += 1; moCount[mo] += daily[d] }
        let months: [(value: Double, ciLow: Double, ciHigh: Double, days: Int)]? = moDays.allSatisfy({ $0 >= 28 }) && mean > 0 ? (0..<12).map { mo -> (value: Double, ciLow: Double, ciHigh: Double, days: Int) in
            let r = Rate(count: moCount[mo], days: Double(moDays[mo]), level: level)
            return (r.value / mean, r.ciLow / mean, r.ciHigh / mean, moDays[mo])
        } : nil
        // Chi-squared: per weekday, its hours against the common profile (df 23);
        // per hour, its weekdays against the weekday totals (df 6).
        var weekdayTests: [ChiSquared] = [], hourTests: [ChiSquared] = []
        let names = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]
        if n > 0 {
            for w in 0..<7 where wdCount[w] > 0 {
                var x = 0.0, k = 0
                for h in 0..<24 where hourCount[h] > 0 {
                    let ex = Double(wdCount[w]) * Double(hourCount[h]) / Double(n)
                    x += (Double(cell[w][h]) - ex) * (Double(cell[w][h]) - ex) / ex; k += 1
                }
                weekdayTests.append(ChiSquared(label: names[w], statistic: x, df: k - 1, pValue: k > 1 ? GSL.chiSquaredQ(x, degreesOfFreedom: Double(k - 1)) : .nan))
            }
            for h in 0..<24 where hourCount[h] > 0 {
                var x = 0.0, k = 0
                for w in 0..<7 where wdCount[w] > 0 {
                    let ex = Double(hourCount[h]) * Double(wdCount[w]) / Double(n)
                    x += (Double(cell[w][h]) - ex) * (Double(cell[w][h]) - ex) / ex; k += 1
                }
                hourTests.append(ChiSquared(label: "\(h)", statistic: x, df: k - 1, pValue: k > 1 ? GSL.chiSquaredQ(x, degreesOfFreedom: Double(k - 1)) : .nan))
            }
        }
        // Day types: each type's hour shares, and the 3 x 24 table of types
        // by hours against one common profile (df (types - 1)(hours - 1)).
        let types: [(name: String, weekdays: [Int])] = [("weekday", [0, 1, 2, 3, 4]), ("saturday", [5]), ("sunday_holiday", [6])]
        let typeCount = types.map { t in t.weekdays.reduce(0) { $0 + wdCount[$1] } }
        var dayTypes: [DayTypeProfile] = [], typeX = 0.0
        for (i, t) in types.enumerated() {
            let counts = (0..<24).map { hr in t.weekdays.reduce(0) { $0 + cell[$1][hr] } }
            dayTypes.append(DayTypeProfile(name: t.name, days: t.weekdays.reduce(0) { $0 + wdDays[$1] },
                                           shares: counts.enumerated().map { Proportion(label: "\($0.offset)", count: $0.element, total: typeCount[i], level: level) }))
            for hr in 0..<24 where hourCount[hr] > 0 && typeCount[i] > 0 {
                let ex = Double(typeCount[i]) * Double(hourCount[hr]) / Double(n)
                typeX += (Double(counts[hr]) - ex) * (Double(counts[hr]) - ex) / ex
            }
        }
        let kt = typeCount.filter { $0 > 0 }.count, kh = hourCount.filter { $0 > 0 }.count
        let typeDF = (kt - 1) * (kh - 1)
        let dayTypeTest = kt > 1 && kh > 1 ? ChiSquared(label: "day types", statistic: typeX, df: typeDF, pValue: GSL.chiSquaredQ(typeX, degreesOfFreedom: Double(typeDF))) : nil
        // Holidays: Swedish public holidays inside the log.
        var hDays = 0, hObs = 0, eWd = 0.0, eSun = 0.0
        let first = log.startDate, last = log.startDate.adding(days: days - 1)
        let sunRate = wdDays[6] > 0 ? Double(wdCount[6]) / Double(wdDays[6]) : .nan
        for y in first.year...last.year {
            for h in SwedishHolidays.holidays(y) where h.date >= first && h.date <= last && h.date.weekday != 6 {
                let d = h.date.dayNumber - first.dayNumber
                hDays += 1; hObs += daily[d]
                let w = h.date.weekday
                eWd += wdDays[w] > 0 ? Double(wdCount[w]) / Double(wdDays[w]) : 0
                eSun += sunRate.isFinite ? sunRate : 0
            }
        }
        // Detected: the holiday total is more than 3 Poisson sds below its
        // weekday expectation and nearer to the Sunday one.
        let detected = hDays >= 3 && eWd > 0 && (eWd - Double(hObs)) > 3 * eWd.squareRoot() && abs(Double(hObs) - eSun) < abs(Double(hObs) - eWd)
        return ArrivalFit(spec: s, perDay: perDay, hourShare: hourShare, weekdayLevel: weekdayLevel, monthMultiplier: months,
                          weekdayTests: weekdayTests, hourTests: hourTests, holidays: (hDays, hObs, eWd, eSun), holidaysDetected: detected, daily: daily,
                          dayTypes: dayTypes, dayTypeTest: dayTypeTest)
    }

    // MARK: Durations

    static func durations(_ s: FitMapping.DurationSpec, _ c: Context, level: Double) throws -> DurationFit {
        let log = c.log
        let keep = try c.filter(s.filter, "durations.\(s.name).where")
        let by = try s.by.map { try c.column($0, "durations.\(s.name).by") }
        let from = c.event(s.from), to = c.event(s.to)
        let nGroups = by.map { log.labels[$0].count } ?? 0
        var exact: [[Double]] = Array(repeating: [], count: nGroups + 1)
        var censored: [[Double]] = Array(repeating: [], count: nGroups + 1)
        var zeros = Array(repeating: 0, count: nGroups + 1), notReached = Array(repeating: 0, count: nGroups + 1)
        var edges: [(Double, Int)] = []
        for p in 0..<log.patientCount where keep(p) {
            var tFrom: Double?, tTo: Double?, toLine: Int32 = 0
            for k in log.range(p) {
                if tFrom == nil && log.kind[k] == from { tFrom = log.time[k]; continue }
                if log.kind[k] == to {
                    if tFrom != nil { tTo = log.time[k]; break }
                    if toLine == 0 { toLine = log.line[k] }
                }
            }
            // An end with its start later in the log (a start missing altogether
            // is a patient already there when the log began: left out).
            if tFrom != nil && toLine > 0 {
                throw FitInputError(file: log.file, line: Int(toLine), column: log.ids[p].utf8.count + 2,
                                    message: "patient '\(log.ids[p])': '\(s.to)' comes before '\(s.from)' (durations.\(s.name))",
                                    expected: "each interval's end after its start")
            }
            guard let tf = tFrom else { continue }
            let g = by.map { Int(log.value(patient: p, attribute: $0)) } ?? -1
            let slots = g >= 0 ? [0, g + 1] : [0]
            if let tt = tTo {
                edges.append((tf, 1)); edges.append((tt, -1))
                let d = tt - tf
                for i in slots { if d > 0 { exact[i].append(d) } else { zeros[i] += 1 } }
            } else if c.present[p] {
                edges.append((tf, 1))
                let d = log.end - tf
                for i in slots where d > 0 { censored[i].append(d) }
            } else {
                for i in slots { notReached[i] += 1 }
            }
        }
        edges.sort { $0.0 != $1.0 ? $0.0 < $1.0 : $0.1 < $1.1 }
        var now = 0, peak = 0, peakTime = 0.0
        for (t, d) in edges { now += d; if now > peak { peak = now; peakTime = t } }
        func group(_ i: Int, _ label: String) -> DurationGroupFit {
            let sample = DurationSample(exact: exact[i], censored: censored[i])
            var fits = Fitter.fitAll(sample, level: level).sorted { $0.aic < $1.aic }
            if let f = s.family, let k = fits.firstIndex(where: { $0.family == f }) { fits.insert(fits.remove(at: k), at: 0) }
            return DurationGroupFit(label: label, sample: sample, zeros: zeros[i], notReached: notReached[i], fits: fits,
                                    empirical: KaplanMeier.quantiles(sample))
        }
        return DurationFit(spec: s, overall: group(0, "all"), groups: (0..<nGroups).map { group($0 + 1, log.labels[by!][$0]) }.filter { $0.sample.n > 0 || $0.zeros > 0 },
                           peak: peak, peakTime: peakTime)
    }

    // MARK: Branches

    static func branch(_ s: FitMapping.BranchSpec, _ c: Context, level: Double) throws -> BranchFit {
        let log = c.log
        let keep = try c.filter(s.filter, "branches.\(s.name).where")
        let from = c.event(s.from)
        let opts = s.options.map { c.event($0.event) }
        var counts = Array(repeating: 0, count: opts.count + 1), undecided = 0
        for p in 0..<log.patientCount where keep(p) {
            guard let tf = log.firstTime(p, from) else { continue }
            var chosen = -1
            for k in log.range(p) where log.time[k] >= tf { if let i = opts.firstIndex(of: log.kind[k]) { chosen = i; break } }
            if chosen >= 0 { counts[chosen] += 1 } else if c.present[p] { undecided += 1 } else { counts[opts.count] += 1 }
        }
        let total = s.otherwise == nil ? counts.dropLast().reduce(0, +) : counts.reduce(0, +)
        var props = s.options.indices.map { Proportion(label: s.options[$0].label, count: counts[$0], total: total, level: level) }
        if let o = s.otherwise { props.append(Proportion(label: o, count: counts[opts.count], total: total, level: level)) }
        return BranchFit(spec: s, options: props, undecided: undecided)
    }
}

/// The Kaplan-Meier estimate of a distribution from exact and right-censored
/// durations, read at 5% steps (an `empirical` duration for the draft).
enum KaplanMeier {
    static func quantiles(_ s: DurationSample, steps: Int = 20) -> (values: [Double], cumulative: [Double]) {
        var all = s.exact.map { ($0, true) } + s.censored.map { ($0, false) }
        guard !s.exact.isEmpty else { return ([], []) }
        all.sort { $0.0 != $1.0 ? $0.0 < $1.0 : ($0.1 && !$1.1) }
        var atRisk = Double(all.count), surv = 1.0
        var cdf: [(Double, Double)] = []
        var i = 0
        while i < all.count {
            let t = all[i].0
            var d = 0.0, n = 0.0
            while i < all.count && all[i].0 == t { if all[i].1 { d += 1 }; n += 1; i += 1 }
            if d > 0 { surv *= 1 - d / atRisk; cdf.append((t, 1 - surv)) }
            atRisk -= n
        }
        var values = [0.0], cum = [0.0]
        var j = 0
        for k in 1...steps {
            let q = Double(k) / Double(steps)
            while j < cdf.count - 1 && cdf[j].1 < q - 1e-12 { j += 1 }
            let v = k == steps ? cdf[cdf.count - 1].0 : cdf[j].0
            if v > values.last! { values.append(v); cum.append(k == steps ? 1 : min(q, cdf[j].1)) }
        }
        if cum.last! < 1 { cum[cum.count - 1] = 1 }
        return (values, cum)
    }
}
