import Testing
@testable import CareFlowCalendar

/// Swedish public holidays against the official lists (Lag (1989:253) om
/// allmänna helgdagar; dates as published by the Swedish government's
/// calendar, e.g. "Helgdagar 2025-2028" at kalender.se / riksdagen.se):
/// the 13 holidays of each year, in date order.
@Suite struct SwedishHolidayTests {
    static let official: [Int: [String]] = [
        2025: ["2025-01-01", "2025-01-06", "2025-04-18", "2025-04-20", "2025-04-21", "2025-05-01", "2025-05-29",
               "2025-06-06", "2025-06-08", "2025-06-21", "2025-11-01", "2025-12-25", "2025-12-26"],
        2026: ["2026-01-01", "2026-01-06", "2026-04-03", "2026-04-05", "2026-04-06", "2026-05-01", "2026-05-14",
               "2026-05-24", "2026-06-06", "2026-06-20", "2026-10-31", "2026-12-25", "2026-12-26"],
        2027: ["2027-01-01", "2027-01-06", "2027-03-26", "2027-03-28", "2027-03-29", "2027-05-01", "2027-05-06",
               "2027-05-16", "2027-06-06", "2027-06-26", "2027-11-06", "2027-12-25", "2027-12-26"],
        2028: ["2028-01-01", "2028-01-06", "2028-04-14", "2028-04-16", "2028-04-17", "2028-05-01", "2028-05-25",
               "2028-06-04", "2028-06-06", "2028-06-24", "2028-11-04", "2028-12-25", "2028-12-26"],
    ]

    @Test(arguments: [2025, 2026, 2027, 2028])
    func publicHolidaysMatchTheOfficialList(year: Int) {
        let computed = SwedishHolidays.holidays(year).map(\.date.description)
        #expect(computed == Self.official[year])
    }

    @Test func evesAreMidsummerChristmasAndNewYear() {
        let eves = SwedishHolidays.holidays(2027, eves: true).filter(\.eve).map(\.date.description)
        #expect(eves == ["2027-06-25", "2027-12-24", "2027-12-31"])
    }

    @Test func easterSundaysOfKnownYears() {
        // Dates of Western Easter from the published tables.
        let known = [(2000, "2000-04-23"), (2008, "2008-03-23"), (2011, "2011-04-24"), (2019, "2019-04-21"),
                     (2024, "2024-03-31"), (2038, "2038-04-25"), (2285, "2285-03-22")]
        for (y, e) in known { #expect(SwedishHolidays.easterSunday(y).description == e) }
    }
}

@Suite struct CivilDateTests {
    @Test func dayNumbersRoundTrip() {
        for n in stride(from: -800_000, through: 800_000, by: 997) {
            #expect(CivilDate(dayNumber: n).dayNumber == n)
        }
        #expect(CivilDate(year: 1970, month: 1, day: 1)?.dayNumber == 0)
        #expect(CivilDate(year: 2027, month: 2, day: 29) == nil)
        #expect(CivilDate(year: 2028, month: 2, day: 29) != nil)
    }

    @Test func weekdaysAndISOWeeks() {
        // 2027-01-01 is a Friday in ISO week 53 of 2026; 2027-01-04 starts week 1.
        let d = CivilDate(year: 2027, month: 1, day: 1)!
        #expect(d.weekday == 4)
        #expect(d.isoWeek.year == 2026 && d.isoWeek.week == 53)
        #expect(CivilDate(year: 2027, month: 1, day: 4)!.isoWeek.week == 1)
        #expect(CivilDate(year: 2026, month: 12, day: 31)!.isoWeek.week == 53)
        #expect(CivilDate(year: 2025, month: 12, day: 29)!.isoWeek.year == 2026)
        #expect(CivilDate.parse("2027-06-21")?.description == "2027-06-21")
        #expect(CivilDate.parse("2027-6-21") == nil)
    }
}
