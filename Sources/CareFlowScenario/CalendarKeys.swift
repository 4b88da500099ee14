import CareFlowCalendar
import CareFlowEngine

/// Scenario keys that follow the calendar: `run.start`, dated arrival
/// patterns (day types, month and ISO-week multipliers, holidays, special
/// days, surges, trend) and dated capacity changes. Everything is turned
/// into plain rate tables and change lists here, at compile time.
extension Compiler {
    static let calendarArrivalKeys = ["month_of_year", "iso_week", "holidays", "special_days", "surges", "trend"]
    static let dayTypeKeys = ["weekday", "saturday", "sunday_holiday", "mon", "tue", "wed", "thu", "fri", "sat", "sun"]

    /// `run.start: 2027-01-01`, `2027-01-01T00:00` or `2027-01-01T07:30`
    /// (time 0 is that moment; every clock-time rule follows the calendar).
    func readStart(_ n: YNode) {
        let help = "a date such as 2027-01-01, or a date and time such as 2027-01-01T07:30"
        guard let s = n.string else { d.error(n, "run.start", "\(n.kindName) is not a date", expected: help); return }
        var datePart = s
        var minute = 0.0
        if let t = s.firstIndex(where: { $0 == "T" || $0 == " " }) {
            datePart = String(s[..<t])
            var clock = String(s[s.index(after: t)...])
            if clock.count == 8, clock.hasSuffix(":00") { clock = String(clock.dropLast(3)) }   // 07:30:00
            guard clock.count == 5, let m = ValueReader.parseClock(clock), m < 1440 else {
                d.error(n, "run.start", "'\(s)' does not have a time of day HH:MM", expected: help)
                return
            }
            minute = m
        }
        guard let date = CivilDate.parse(datePart) else { d.error(n, "run.start", "'\(s)' is not a date", expected: help); return }
        runCalendar = RunCalendar(start: date, minuteOfDay: minute)
        b.startWeekday = date.weekday
        b.clockOffset = minute
    }

    /// KPIs by month for every dated run with a horizon: the month of
    /// each calendar day from the start date.
    func markMonths() {
        guard let cal = runCalendar, b.horizon.isFinite else { return }
        let days = Int(((b.horizon + cal.minuteOfDay) / 1440).rounded(.up)) + 1
        b.monthOfDay = (0..<days).map { UInt8(cal.date(ofDay: $0).month - 1) }
    }

    /// A rate table of hourly pieces that starts at the start date's
    /// midnight, started at the run's clock time instead: rotated (a weekly
    /// table) or cut (a dated one). A start part-way through an hour
    /// splits the pieces into gcd(60, minute) minutes, so the rate stays
    /// exact (07:30: half-hour pieces).
    func fromClockOffset(_ hourly: [Double], cyclic: Bool) -> RateProfile {
        let off = Int(b.model.clockOffset) + (cyclic ? b.model.startWeekday * 1440 : 0)
        guard off != 0 else { return RateProfile(pieceLength: 60, rates: hourly) }
        func gcd(_ a: Int, _ b: Int) -> Int { b == 0 ? a : gcd(b, a % b) }
        let g = gcd(60, off % 60)
        let perHour = 60 / g
        let pieces = perHour == 1 ? hourly : hourly.flatMap { repeatElement($0, count: perHour) }
        let k = (off / g) % pieces.count
        let rates = cyclic ? Array(pieces[k...] + pieces[..<k]) : Array(pieces[k...])
        return RateProfile(pieceLength: Double(g), rates: rates)
    }

    /// A date, or an ISO week "2027-W50" (its Monday, or with `end`, its Sunday).
    func date(_ n: YNode, _ path: String, end: Bool = false) -> CivilDate? {
        let help = "a date such as 2027-06-21, or an ISO week such as 2027-W50"
        guard let s = n.string else { d.error(n, path, "\(n.kindName) is not a date", expected: help); return nil }
        if let date = CivilDate.parse(s) { return date }
        let parts = s.split(separator: "-")
        if parts.count == 2, parts[1].first == "W", let y = Int(parts[0]), let w = Int(parts[1].dropFirst()), (1...53).contains(w),
           let jan4 = CivilDate(year: y, month: 1, day: 4) {
            let monday = jan4.adding(days: -jan4.weekday + 7 * (w - 1))
            if monday.isoWeek.week == w { return end ? monday.adding(days: 6) : monday }
        }
        d.error(n, path, "'\(s)' is not a date", expected: help)
        return nil
    }

    /// The run's calendar, or an error at `n` saying the key needs one.
    func needCalendar(_ n: YNode, _ path: String) -> RunCalendar? {
        guard let c = runCalendar else {
            d.error(n, path, "a dated setting, but the run has no start date", expected: "run.start: YYYY-MM-DD")
            return nil
        }
        return c
    }

    /// Whole days the run covers (the horizon rounded up), or nil with an error.
    func runDays(_ n: YNode, _ path: String) -> Int? {
        guard b.horizon.isFinite else {
            d.error(n, path, "a dated setting in a run without a horizon", expected: "run.horizon")
            return nil
        }
        return Int(((b.horizon + b.model.clockOffset) / 1440).rounded(.up)) + 1
    }

    // MARK: Arrivals

    /// The arrival pattern of a rate stream: a constant rate, a weekly
    /// profile, or a dated table over the whole run.
    func arrivalPattern(_ m: MapReader, perMinute: Double) -> ArrivalPattern? {
        let hodN = m["hour_of_day"], dowN = m["day_of_week"]
        let dated = Self.calendarArrivalKeys.filter { m[$0] != nil }
        if hodN == nil && dowN == nil && dated.isEmpty { return .poisson(rate: perMinute) }
        guard let shares = hourShares(hodN, m.sub("hour_of_day")),
              let days = weights(dowN, m.sub("day_of_week"), count: 7) else { return nil }
        let mean = days.reduce(0, +) / 7
        var cal = ArrivalCalendar(perDay: perMinute * 1440, hourShare: shares, dayLevel: days.map { $0 / mean })
        if dated.isEmpty {
            // A weekly profile from Monday 00:00, rotated so that piece 0 starts at time 0.
            var profile: [Double] = []
            for k in 0..<7 {
                for h in 0..<24 { profile.append(perMinute * 24 * cal.dayLevel[k] * shares[k][h]) }   // as before calendars: bit-identical
            }
            return .profile(fromClockOffset(profile, cyclic: true))
        }
        let anchor = m[dated[0]] ?? m.node
        if dated != ["trend"] { guard needCalendar(anchor, m.sub(dated[0])) != nil else { return nil } }
        guard let nDays = runDays(anchor, m.sub(dated[0])) else { return nil }
        // A trend alone needs no dates: any Monday start gives the same table.
        let calendar = runCalendar ?? RunCalendar(start: CivilDate(dayNumber: 4))   // 1970-01-05, a Monday
        if let n = m["month_of_year"], let w = multipliers(n, m.sub("month_of_year"), count: 12, what: "12 multipliers, January first") { cal.month = w }
        if let n = m["iso_week"] { readISOWeeks(n, m.sub("iso_week"), into: &cal) }
        if let n = m["holidays"] { readHolidays(n, m.sub("holidays"), calendar: calendar, days: nDays, into: &cal) }
        if let n = m["special_days"] { readSpecialDays(n, m.sub("special_days"), into: &cal) }
        if let n = m["surges"] { readSurges(n, m.sub("surges"), into: &cal) }
        if let n = m["trend"], let t = v.number(n, m.sub("trend"), expected: "a growth per year such as 0.02") {
            if t <= -1 { d.error(n, m.sub("trend"), "a trend of \(t) per year", expected: "a growth per year above -1, e.g. 0.02 for +2%") } else { cal.trendPerYear = t }
        }
        return .profile(fromClockOffset(cal.hourlyRates(calendar: calendar, days: nDays), cyclic: false))
    }

    /// 24 hourly shares per weekday from `hour_of_day`: one list for every
    /// day, or a mapping of day types (weekday, saturday, sunday_holiday)
    /// and/or days (mon ... sun) to lists. Each row is normalised to 1.
    func hourShares(_ n: YNode?, _ path: String) -> [[Double]]? {
        guard let n else { return Array(repeating: Array(repeating: 1.0 / 24, count: 24), count: 7) }
        if n.items != nil {
            guard let w = weights(n, path, count: 24) else { return nil }
            let s = w.reduce(0, +)
            return Array(repeating: w.map { $0 / s }, count: 7)
        }
        guard let pairs = n.pairs else {
            d.error(n, path, "\(n.kindName) is not an hourly profile", expected: "a list of 24 weights, or a mapping of weekday/saturday/sunday_holiday (or mon ... sun) to lists of 24")
            return nil
        }
        var rows: [[Double]?] = Array(repeating: nil, count: 7)
        var byDay: [Int: [Double]] = [:]
        for (k, val) in pairs {
            guard let key = k.string, Self.dayTypeKeys.contains(key) else {
                d.error(k, path, "'\(k.string ?? "?")' is not a day type", expected: "one of \(Self.dayTypeKeys.joined(separator: ", "))")
                continue
            }
            guard let w = weights(val, "\(path).\(key)", count: 24) else { continue }
            let s = w.reduce(0, +)
            let row = w.map { $0 / s }
            switch key {
            case "weekday": for i in 0..<5 where rows[i] == nil { rows[i] = row }
            case "saturday": if rows[5] == nil { rows[5] = row }
            case "sunday_holiday": if rows[6] == nil { rows[6] = row }
            default: if let i = Self.days.firstIndex(of: key) { byDay[i] = row }
            }
        }
        for (i, r) in byDay { rows[i] = r }
        let missing = (0..<7).filter { rows[$0] == nil }
        if !missing.isEmpty {
            d.error(n, path, "no hourly profile for \(missing.map { Self.days[$0] }.joined(separator: ", "))", expected: "profiles covering every day (weekday, saturday, sunday_holiday)")
            return nil
        }
        return rows.compactMap { $0 }
    }

    func multipliers(_ n: YNode, _ path: String, count: Int, what: String) -> [Double]? {
        guard let items = n.items, items.count == count else {
            d.error(n, path, "\(n.kindName) does not have \(count) values", expected: what)
            return nil
        }
        let w = items.enumerated().compactMap { v.number($1, "\(path)[\($0)]", expected: "a multiplier of 0 or more") }
        guard w.count == count else { return nil }
        if let i = w.firstIndex(where: { $0 < 0 }) { d.error(items[i], "\(path)[\(i)]", "negative multiplier", expected: "a multiplier of 0 or more"); return nil }
        return w
    }

    /// `{50: 1.2, 51: 1.3}`: multipliers by ISO week number (others 1).
    func readISOWeeks(_ n: YNode, _ path: String, into cal: inout ArrivalCalendar) {
        guard let pairs = n.pairs else {
            d.error(n, path, "\(n.kindName) is not a mapping", expected: "a mapping of ISO week numbers (1-53) to multipliers, e.g. {50: 1.2}")
            return
        }
        for (k, val) in pairs {
            guard let w = v.integer(k, path, min: 1, max: 53, expected: "an ISO week number from 1 to 53"),
                  let x = v.number(val, "\(path).\(w)", expected: "a multiplier of 0 or more") else { continue }
            if x < 0 { d.error(val, "\(path).\(w)", "negative multiplier", expected: "a multiplier of 0 or more"); continue }
            cal.isoWeek[w] = x
        }
    }

    /// `holidays: sweden` (the 13 public holidays) or `sweden_with_eves`
    /// (also Midsummer, Christmas and New Year's eves): those days take the
    /// Sunday profile.
    func readHolidays(_ n: YNode, _ path: String, calendar: RunCalendar, days: Int, into cal: inout ArrivalCalendar) {
        guard let s = n.string, s == "sweden" || s == "sweden_with_eves" else {
            d.error(n, path, "'\(n.string ?? n.kindName)' is not a holiday calendar", expected: "sweden or sweden_with_eves")
            return
        }
        let first = calendar.start.year, last = calendar.date(ofDay: days).year
        for y in first...last {
            for h in SwedishHolidays.holidays(y, eves: s == "sweden_with_eves") where cal.specialDays[h.date] == nil {
                cal.specialDays[h.date] = .init(asWeekday: 6, multiplier: 1)
            }
        }
    }

    /// `[{date: 2027-12-24, as: sunday, multiplier: 1.1}]`.
    func readSpecialDays(_ n: YNode, _ path: String, into cal: inout ArrivalCalendar) {
        guard let items = n.items else {
            d.error(n, path, "\(n.kindName) is not a list", expected: "a list of {date: YYYY-MM-DD, as: sunday, multiplier: X}")
            return
        }
        for (i, it) in items.enumerated() {
            let p = "\(path)[\(i)]"
            guard let m = MapReader(it, p, d, expected: "{date: YYYY-MM-DD, as: DAY, multiplier: X}", allowed: ["date", "as", "multiplier", "label"], required: ["date"]),
                  let dn = m["date"], let day = date(dn, m.sub("date")) else { continue }
            var special = ArrivalCalendar.SpecialDay(asWeekday: nil, multiplier: 1)
            if let a = m["as"] {
                let names = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
                if let s = a.string?.lowercased(), let k = names.firstIndex(where: { $0.hasPrefix(s) && s.count >= 3 }) ?? (s == "sunday_holiday" ? 6 : nil) {
                    special.asWeekday = k
                } else {
                    d.error(a, m.sub("as"), "'\(a.string ?? a.kindName)' is not a day", expected: "monday ... sunday, or sunday_holiday")
                }
            }
            if let x = m["multiplier"], let f = v.number(x, m.sub("multiplier"), expected: "a multiplier of 0 or more") {
                if f < 0 { d.error(x, m.sub("multiplier"), "negative multiplier", expected: "a multiplier of 0 or more") } else { special.multiplier = f }
            }
            if m["as"] == nil && m["multiplier"] == nil { d.error(it, p, "a special day without 'as' or 'multiplier'", expected: "as: sunday and/or multiplier: X") }
            cal.specialDays[day] = special
        }
    }

    /// `[{from: 2027-11-15, peak: 2028-01-10, to: 2028-03-15, multiplier: 1.4}]`.
    func readSurges(_ n: YNode, _ path: String, into cal: inout ArrivalCalendar) {
        guard let items = n.items else {
            d.error(n, path, "\(n.kindName) is not a list", expected: "a list of {from: DATE, to: DATE, multiplier: X, peak: DATE}")
            return
        }
        for (i, it) in items.enumerated() {
            let p = "\(path)[\(i)]"
            guard let m = MapReader(it, p, d, expected: "{from: DATE, to: DATE, multiplier: X}", allowed: ["from", "to", "peak", "multiplier", "label"], required: ["from", "to", "multiplier"]),
                  let fn = m["from"], let tn = m["to"], let mn = m["multiplier"],
                  let from = date(fn, m.sub("from")), let to = date(tn, m.sub("to"), end: true),
                  let x = v.number(mn, m.sub("multiplier"), expected: "a multiplier of 0 or more") else { continue }
            guard to >= from else { d.error(tn, m.sub("to"), "the surge ends before it starts", expected: "a date on or after \(from)"); continue }
            guard x >= 0 else { d.error(mn, m.sub("multiplier"), "negative multiplier", expected: "a multiplier of 0 or more"); continue }
            var peak: CivilDate?
            if let pn = m["peak"] {
                peak = date(pn, m.sub("peak"))
                if let pk = peak, pk < from || pk > to {
                    d.error(pn, m.sub("peak"), "the peak \(pk) lies outside \(from) ... \(to)", expected: "a peak date within the surge")
                    peak = nil
                }
            }
            cal.surges.append(.init(from: from, to: to, peak: peak, multiplier: x))
        }
    }

    // MARK: Capacity

    /// A weekly schedule written from Monday 00:00 (a daily one from
    /// 00:00), shifted so that time 0 is the start's weekday and clock time.
    func alignedToStart(_ s: CapacitySchedule) -> CapacitySchedule {
        guard let cycle = s.cycle, cycle == 10080 || cycle == 1440 else { return s }
        let shift = (cycle == 10080 ? Double(b.model.startWeekday) * 1440 : 0) + b.model.clockOffset
        guard shift != 0 else { return s }
        let changes = s.changes.map { (time: ($0.time - shift + cycle).truncatingRemainder(dividingBy: cycle), capacity: $0.capacity) }
        return CapacitySchedule(changes: changes.sorted { $0.time < $1.time }, cycle: cycle)
    }

    /// `dated_changes: [{from: 2027-06-21, to: 2027-08-15, change: -12}, {from: 2027-W50, to: 2028-W10, change: 10}]`
    /// on top of the unit's capacity or schedule: one dated schedule over the run.
    func datedSchedule(_ n: YNode, _ path: String, capacity: Int, schedule: CapacitySchedule?) -> CapacitySchedule? {
        guard let calendar = needCalendar(n, path), runDays(n, path) != nil else { return nil }
        guard let items = n.items, !items.isEmpty else {
            d.error(n, path, "\(n.kindName) is not a list of changes", expected: "a list of {from: DATE, to: DATE, change: N} or {from, to, capacity: N}")
            return nil
        }
        var changes: [DatedCapacityChange] = []
        for (i, it) in items.enumerated() {
            let p = "\(path)[\(i)]"
            guard let m = MapReader(it, p, d, expected: "{from: DATE, to: DATE, change: N}", allowed: ["from", "to", "change", "capacity", "label"], required: ["from", "to"]),
                  let fn = m["from"], let tn = m["to"], let from = date(fn, m.sub("from")), let to = date(tn, m.sub("to"), end: true) else { continue }
            guard to >= from else { d.error(tn, m.sub("to"), "the change ends before it starts", expected: "a date on or after \(from)"); continue }
            switch (m["change"], m["capacity"]) {
            case (let c?, nil):
                guard let x = v.integer(c, m.sub("change"), min: -1_000_000, max: 1_000_000, expected: "a whole number of units to add (negative: closed)") else { continue }
                changes.append(.init(from: from, to: to, effect: .add(x)))
            case (nil, let c?):
                guard let x = v.integer(c, m.sub("capacity"), min: 0, expected: "a capacity of 0 or more") else { continue }
                changes.append(.init(from: from, to: to, effect: .set(x)))
            default:
                d.error(it, p, "\(m["change"] == nil ? "neither" : "both") 'change' \(m["change"] == nil ? "nor" : "and") 'capacity'", expected: "exactly one of change: N (added to the schedule) or capacity: N")
            }
        }
        guard !changes.isEmpty else { return nil }
        var baseTimes: [Double] = []
        if let s = schedule, let cycle = s.cycle {
            var k = 0.0
            while k * cycle <= b.horizon {
                for ch in s.changes { baseTimes.append(k * cycle + ch.time) }
                k += 1
            }
        }
        let list = CapacityCalendar.expand(calendar: calendar, horizon: b.horizon, baseChanges: baseTimes,
                                           base: { schedule?.capacity(at: $0, initial: capacity) ?? capacity }, changes: changes)
        return CapacitySchedule(changes: list, cycle: nil)
    }
}
