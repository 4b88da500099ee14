import CareFlowReport

/// The fixed texts of the fit report, in English and Swedish.
struct FitText {
    let lang: ReportLanguage
    private func t(_ en: String, _ sv: String) -> String { lang == .sv ? sv : en }

    var title: String { t("Fit report", "Anpassningsrapport") }
    var subtitle: String { t("Arrivals, durations and routing fitted to an event log by maximum likelihood", "Ankomster, tider och vägval anpassade till en händelselogg med maximum likelihood") }
    var log: String { t("Event log", "Händelselogg") }
    var patients: String { t("Patients", "Patienter") }
    var events: String { t("Events", "Händelser") }
    var period: String { t("Period", "Period") }
    var days: String { t("days", "dagar") }
    var present: String { t("Still present at the log's end (censored)", "Kvar när loggen slutar (censurerade)") }
    var notInferred: String { t("What an event log cannot tell", "Vad en händelselogg inte kan visa") }
    var notInferredText: String {
        t("Capacities and staffing cannot be inferred from an event log: it shows what was done with the resources there were, not how many there were. The peak numbers of patients seen at once below are lower bounds only; take capacities from the hospital's own records.",
          "Kapacitet och bemanning kan inte skattas ur en händelselogg: den visar vad som gjordes med de resurser som fanns, inte hur många de var. Det högsta antalet patienter samtidigt nedan är bara en nedre gräns; hämta kapaciteten från sjukhusets egna uppgifter.")
    }
    var unit: String { t("Unit", "Enhet") }
    var interval: String { t("Interval", "Intervall") }
    var peak: String { t("Most at once", "Flest samtidigt") }
    var arrivals: String { t("Arrivals", "Ankomster") }
    var perDay: String { t("Arrivals per day", "Ankomster per dygn") }
    var ci: String { t("95% interval", "95 % intervall") }
    var hourProfile: String { t("Share of arrivals by hour of day, with its confidence band", "Andel ankomster per timme, med konfidensband") }
    var hour: String { t("Hour", "Timme") }
    var share: String { t("Share", "Andel") }
    var weekday: String { t("Weekday", "Veckodag") }
    var level: String { t("Level (rate over the mean)", "Nivå (takt genom medel)") }
    var weekdays: [String] { lang == .sv ? ["mån", "tis", "ons", "tor", "fre", "lör", "sön"] : ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"] }
    var months: [String] { lang == .sv ? ["jan", "feb", "mar", "apr", "maj", "jun", "jul", "aug", "sep", "okt", "nov", "dec"] : ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"] }
    var chiTitle: String { t("Does one hour profile fit every weekday? Chi-squared per weekday", "Passar en timprofil alla veckodagar? Chi-två per veckodag") }
    var chiNote: String { t("A small p (below 0.01) says that weekday's hours differ from the common profile: consider day types (weekday, saturday, sunday_holiday).",
                            "Ett litet p (under 0,01) säger att den dagens timmar skiljer sig från den gemensamma profilen: överväg dagtyper (weekday, saturday, sunday_holiday).") }
    func dayTypeText(_ x: String, _ df: Int, _ p: String, _ used: Bool) -> String {
        t("One hour profile for weekdays, Saturdays and Sundays (chi-squared on their 3 × 24 table): \(x) with \(df) df, p = \(p). " +
          (used ? "Rejected: the draft sets hour_of_day per day type (weekday, saturday, sunday_holiday)." : "The draft keeps one hour profile."),
          "En timprofil för vardagar, lördagar och söndagar (chi-två på deras 3 × 24-tabell): \(x) med \(df) fg, p = \(p). " +
          (used ? "Förkastas: utkastet sätter hour_of_day per dagtyp (weekday, saturday, sunday_holiday)." : "Utkastet behåller en timprofil."))
    }
    var statistic: String { t("Statistic", "Statistika") }
    var df: String { t("df", "fg") }
    var month: String { t("Month", "Månad") }
    var monthsMissing: String { t("Month-of-year multipliers need every month seen for at least 28 days; this log is shorter.", "Månadsfaktorer kräver att varje månad finns med i minst 28 dagar; loggen är kortare.") }
    var holidays: String { t("Public holidays", "Helgdagar") }
    func holidayText(_ n: Int, _ obs: Int, _ wd: String, _ sun: String, _ detected: Bool) -> String {
        t("\(n) Swedish public holidays on weekdays in the log: \(obs) arrivals, against \(wd) expected for their weekdays and \(sun) for Sundays. " + (detected ? "Holidays look like Sundays: the draft sets holidays: sweden." : "No holiday effect detected."),
          "\(n) svenska helgdagar på vardagar i loggen: \(obs) ankomster, mot \(wd) väntade för deras veckodagar och \(sun) för söndagar. " + (detected ? "Helgdagarna liknar söndagar: utkastet sätter holidays: sweden." : "Ingen helgdagseffekt syns."))
    }
    var durations: String { t("Durations", "Tider") }
    var candidates: String { t("Candidates, best (lowest AIC) first", "Kandidater, bäst (lägst AIC) först") }
    var family: String { t("Distribution", "Fördelning") }
    var parameters: String { t("Parameters (95% interval)", "Parametrar (95 % intervall)") }
    var histogram: String { t("Histogram of the completed durations with the fitted densities", "Histogram över avslutade tider med anpassade täthetsfunktioner") }
    var qq: String { t("Q-Q plot: observed against fitted quantiles (best fit)", "Q-Q-diagram: observerade mot anpassade kvantiler (bästa anpassning)") }
    var minutes: String { t("minutes", "minuter") }
    var observed: String { t("Observed", "Observerat") }
    var fitted: String { t("Fitted", "Anpassat") }
    func sampleText(_ exact: Int, _ cens: Int, _ zeros: Int, _ notReached: Int) -> String {
        t("\(exact) completed, \(cens) censored at the log's end, \(zeros) of zero length (left out of the fits), \(notReached) left without reaching the end event.",
          "\(exact) avslutade, \(cens) censurerade när loggen slutar, \(zeros) med längden noll (utanför anpassningen), \(notReached) lämnade utan sluthändelsen.")
    }
    var censorNote: String { t("KS and AD are computed on the completed durations; with censoring they favour short-tailed fits, so rank by AIC.",
                               "KS och AD räknas på avslutade tider; med censurering gynnar de korta svansar, så rangordna efter AIC.") }
    var byGroup: String { t("By group (best fit)", "Per grupp (bästa anpassning)") }
    var group: String { t("Group", "Grupp") }
    var routing: String { t("Routing and mixes", "Vägval och fördelningar") }
    var option: String { t("Option", "Alternativ") }
    var count: String { t("Count", "Antal") }
    var probability: String { t("Probability", "Sannolikhet") }
    func undecided(_ n: Int) -> String { t("\(n) patients still undecided at the log's end are left out.", "\(n) patienter som ännu inte valt väg när loggen slutar räknas inte.") }
    var confusion: String { t("Assigned level against the later true level (row shares)", "Tilldelad nivå mot senare sann nivå (andel per rad)") }
    var truth: String { t("True", "Sann") }
    var method: String { t("Method", "Metod") }
    var methodText: String {
        t("Maximum-likelihood fits with GSL special functions: exponential and lognormal in closed form, gamma and Weibull by Newton iteration on the profile equation, right-censored observations (patients still in an interval when the log ends) through the survival function in the likelihood. Intervals: Wald, from the observed Fisher information (numerical Hessian), on the log scale for positive parameters. Proportions: Wilson score intervals. Arrival rates: Poisson.",
          "Maximum likelihood-anpassning med GSL:s specialfunktioner: exponential- och lognormalfördelning i sluten form, gamma och Weibull med Newtoniteration på profilekvationen, högercensurerade observationer (patienter kvar i ett intervall när loggen slutar) genom överlevnadsfunktionen i likelihooden. Intervall: Wald, från observerad Fisherinformation (numerisk Hessian), på logskala för positiva parametrar. Andelar: Wilsonintervall. Ankomsttakt: Poisson.")
    }
}
