/// Swedish public holidays ("allmänna helgdagar", Lag (1989:253) om
/// allmänna helgdagar), computed for any year.
public enum SwedishHolidays {
    /// Easter Sunday of the Gregorian calendar (the anonymous Gregorian
    /// algorithm, "Meeus/Jones/Butcher").
    public static func easterSunday(_ year: Int) -> CivilDate {
        let a = year % 19, b = year / 100, c = year % 100
        let d = b / 4, e = b % 4, f = (b + 8) / 25, g = (b - f + 1) / 3
        let h = (19 * a + b - d - g + 15) % 30
        let i = c / 4, k = c % 4
        let l = (32 + 2 * e + 2 * i - h - k) % 7
        let m = (a + 11 * h + 22 * l) / 451
        let month = (h + l - 7 * m + 114) / 31
        let day = (h + l - 7 * m + 114) % 31 + 1
        // Always a valid March or April date.
        return CivilDate(year: year, month: month, day: day) ?? CivilDate(dayNumber: 0)
    }

    /// The Saturday in [from, from + 6] (Midsommardagen: 20-26 June; Alla
    /// helgons dag: 31 October - 6 November).
    static func saturday(onOrAfter from: CivilDate) -> CivilDate {
        from.adding(days: (5 - from.weekday + 7) % 7)
    }

    public struct Holiday: Sendable, Equatable {
        public let date: CivilDate
        public let name: String
        /// A de facto holiday (an eve most workplaces treat as a Sunday), not in the law's list.
        public let eve: Bool
    }

    /// The 13 public holidays of `year` in date order; with `eves`, also
    /// Midsommarafton, Julafton and Nyårsafton (not public holidays by law,
    /// but Sundays in practice for outpatient clinics and elective care).
    public static func holidays(_ year: Int, eves: Bool = false) -> [Holiday] {
        func d(_ m: Int, _ day: Int) -> CivilDate { CivilDate(year: year, month: m, day: day) ?? CivilDate(dayNumber: 0) }
        let easter = easterSunday(year)
        let midsummer = saturday(onOrAfter: d(6, 20))
        var out: [Holiday] = [
            .init(date: d(1, 1), name: "Nyårsdagen", eve: false),
            .init(date: d(1, 6), name: "Trettondedag jul", eve: false),
            .init(date: easter.adding(days: -2), name: "Långfredagen", eve: false),
            .init(date: easter, name: "Påskdagen", eve: false),
            .init(date: easter.adding(days: 1), name: "Annandag påsk", eve: false),
            .init(date: d(5, 1), name: "Första maj", eve: false),
            .init(date: easter.adding(days: 39), name: "Kristi himmelsfärdsdag", eve: false),
            .init(date: easter.adding(days: 49), name: "Pingstdagen", eve: false),
            .init(date: d(6, 6), name: "Sveriges nationaldag", eve: false),
            .init(date: midsummer, name: "Midsommardagen", eve: false),
            .init(date: saturday(onOrAfter: d(10, 31)), name: "Alla helgons dag", eve: false),
            .init(date: d(12, 25), name: "Juldagen", eve: false),
            .init(date: d(12, 26), name: "Annandag jul", eve: false),
        ]
        if eves {
            out.append(.init(date: midsummer.adding(days: -1), name: "Midsommarafton", eve: true))
            out.append(.init(date: d(12, 24), name: "Julafton", eve: true))
            out.append(.init(date: d(12, 31), name: "Nyårsafton", eve: true))
        }
        return out.sorted { $0.date < $1.date }
    }
}
