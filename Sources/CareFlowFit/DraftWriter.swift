import Foundation

/// Writes the draft scenario: the base scenario extended, with every fitted
/// number set through `overrides` and commented with its sample size, fit
/// statistics and the log it came from. What has no key path in the mapping
/// is listed in comments, as are the capacity lower bounds.
public enum DraftWriter {
    /// `baseWarmupDays`: the base scenario's warm-up in whole days, when it
    /// compiled: the draft is then dated so that its measured period is the
    /// log's (`run.start` that many days before the log, `run.horizon` the
    /// warm-up plus the log), and dated patterns (months, holidays) are set.
    public static func yaml(_ r: FitResult, mapping m: FitMapping, name: String, command: String, baseWarmupDays: Int? = nil) -> String {
        let logName = (r.log as NSString).lastPathComponent
        var out = """
        # Draft scenario fitted from an event log by `careflow fit` (docs/event-log.md).
        #
        # Log: \(logName), \(r.patients) patients, \(r.rows) events, \(r.startDate) to \(r.endDate) (\(r.days) days);
        # \(r.present) patients were still present at the log's end (their open
        # intervals are right-censored in the likelihoods).
        # Command: \(command)
        #
        # Each fitted number is commented: sample size, \(pct(r.level)) interval, and for
        # durations the fit statistics (AIC, Kolmogorov-Smirnov D, Anderson-Darling A²)
        # and the runner-up. Check it against the log with `careflow check`.
        #
        # NOT INFERRED: capacities and staffing. An event log shows what the
        # hospital did with the resources it had, not how many it had; the
        # peak numbers of patients seen at once are lower bounds only (below).

        """
        if let base = m.base { out += "extends: \(base)\n" }
        out += "name: \(name)\n"
        out += "title: \(q("Fitted from \(logName)"))\n"
        out += "sources:\n  fit_log: \(q("Event log \(logName): \(r.patients) patients, \(r.startDate) to \(r.endDate); fitted by careflow fit (maximum likelihood, GSL)."))\n"
        out += "assumptions:\n"
        out += "  - \(q("Parameters fitted to \(logName) by maximum likelihood; the distribution family is the lowest AIC among exponential, gamma, lognormal and Weibull unless the mapping fixed it."))\n"
        out += "  - \(q("Capacities and staffing are not fitted (an event log cannot show them); they are the base scenario's."))\n"
        var placed: [String] = [], unplaced: [String] = []
        if let w = baseWarmupDays {
            placed.append("  run.start: \(r.startDate.adding(days: -w))   # the log's first day minus the base's \(w)-day warm-up [fit_log]")
            placed.append("  run.horizon: \(w + r.days)d   # warm-up + the log's \(r.days) days [fit_log]")
        }
        func put(_ path: String?, _ value: String, _ comment: String) {
            let c = "   # \(comment) [fit_log]"
            if let path { placed.append("  \(path): \(value)\(c)") } else { unplaced.append("#   \(value)\(c)") }
        }
        for a in r.arrivals {
            let p = a.spec.sets
            unplaced.append("# arrivals.\(a.spec.name) (\(a.spec.event)):")
            put(p.map { "\($0).per_day" }, num(a.perDay.value, 2),
                "\(a.perDay.count) arrivals over \(r.days) days; \(pct(r.level)) CI \(num(a.perDay.ciLow, 2))-\(num(a.perDay.ciHigh, 2))")
            let worst = a.weekdayTests.map(\.pValue).min() ?? .nan
            let typeTest = a.dayTypeTest.map { "one profile for weekdays, Saturdays and Sundays: chi-squared \(num($0.statistic, 1)) (df \($0.df)), p = \(num($0.pValue, 3))" } ?? "day types not testable"
            if a.usesDayTypes {
                let lists = a.dayTypes.map { "\($0.name): [" + $0.shares.map { num($0.p * 100, 2) }.joined(separator: ", ") + "]" }
                put(p.map { "\($0).hour_of_day" }, "{" + lists.joined(separator: ", ") + "}",
                    "% of each day type's arrivals by hour (days \(a.dayTypes.map { String($0.days) }.joined(separator: "/")); holidays counted with their weekdays); \(typeTest): rejected, so per day type")
            } else {
                put(p.map { "\($0).hour_of_day" }, "[" + a.hourShare.map { num($0.p * 100, 2) }.joined(separator: ", ") + "]",
                    "% of arrivals by hour; \(typeTest); chi-squared per weekday: lowest p = \(num(worst, 3))")
            }
            put(p.map { "\($0).day_of_week" }, "[" + a.weekdayLevel.map { num($0.value, 3) }.joined(separator: ", ") + "]",
                "daily rate by weekday over the mean, Monday first; days per weekday \(a.weekdayLevel.map { String($0.days) }.joined(separator: "/"))")
            let dated = baseWarmupDays != nil ? p : nil
            if let mo = a.monthMultiplier {
                put(dated.map { "\($0).month_of_year" }, "[" + mo.map { num($0.value, 3) }.joined(separator: ", ") + "]", "daily rate by month over the mean, January first")
            }
            if a.holidaysDetected {
                put(dated.map { "\($0).holidays" }, "sweden",
                    "\(a.holidays.days) public holidays: \(a.holidays.observed) arrivals vs \(num(a.holidays.expectedWeekday, 0)) expected for their weekdays, \(num(a.holidays.expectedSunday, 0)) for Sundays")
            }
        }
        for d in r.durations {
            unplaced.append("# durations.\(d.spec.name) (\(d.spec.from) to \(d.spec.to)):")
            let g = d.overall
            if let f = g.chosen {
                put(d.spec.sets, durationYAML(f), fitComment(g))
            } else {
                unplaced.append("#   too few positive durations to fit (\(g.sample.exact.count))")
            }
            for sub in d.groups { if let f = sub.chosen { unplaced.append("#   \(d.spec.by ?? "")=\(sub.label): \(durationYAML(f))   # \(fitComment(sub))") } }
            if !g.empirical.values.isEmpty {
                unplaced.append("#   empirical (Kaplan-Meier): {empirical: {values: [" + g.empirical.values.map { num($0, 1) + "m" }.joined(separator: ", ") +
                                "], cumulative: [" + g.empirical.cumulative.map { num($0, 3) }.joined(separator: ", ") + "]}}")
            }
        }
        for b in r.branches {
            unplaced.append("# branches.\(b.spec.name) (after \(b.spec.from)):")
            for (i, o) in b.options.enumerated() {
                put(i < b.spec.sets.count ? b.spec.sets[i] : nil, num(o.p, 4),
                    "\(o.label): \(o.count) of \(o.total); \(pct(r.level)) CI \(num(o.ciLow, 4))-\(num(o.ciHigh, 4))\(b.undecided > 0 ? "; \(b.undecided) undecided at the log's end left out" : "")")
            }
        }
        for x in r.mixes {
            let v = "{categorical: {" + x.shares.map { "\(key($0.label)): \(num($0.p, 4))" }.joined(separator: ", ") + "}}"
            put(x.spec.sets, v, "\(x.spec.attribute) among \(x.shares.first?.total ?? 0) patients; \(pct(r.level)) CIs " +
                x.shares.map { "\($0.label) \(num($0.ciLow, 3))-\(num($0.ciHigh, 3))" }.joined(separator: ", "))
        }
        for c in r.confusions {
            var table = "{from: \(key(c.spec.truth)), table: {"
            table += c.truthLabels.indices.compactMap { t -> String? in
                let row = c.rows[t].filter { $0.count > 0 }
                guard !row.isEmpty else { return nil }
                return "\(key(c.truthLabels[t])): {" + row.map { "\(key($0.label)): \(num($0.p, 4))" }.joined(separator: ", ") + "}"
            }.joined(separator: ", ") + "}}"
            let n = c.rows.map { $0.first?.total ?? 0 }.reduce(0, +)
            let agree = c.truthLabels.indices.map { t in c.assignedLabels.firstIndex(of: c.truthLabels[t]).map { c.rows[t][$0].count } ?? 0 }.reduce(0, +)
            put(c.spec.sets, table, "\(c.spec.assigned) given \(c.spec.truth), \(n) patients; \(num(n > 0 ? 100 * Double(n - agree) / Double(n) : .nan, 1))% assigned another level")
        }
        if !placed.isEmpty { out += "overrides:\n" + placed.joined(separator: "\n") + "\n" }
        out += "\n# Fitted values (all of them, placed above where the mapping gave a key path):\n" + unplaced.joined(separator: "\n") + "\n"
        let bounds = r.durations.filter { $0.spec.unit != nil }
        if !bounds.isEmpty {
            out += "\n# Capacity lower bounds (NOT capacities: the most patients seen at once in the interval):\n"
            for d in bounds {
                out += "#   units.\(d.spec.unit!): at least \(d.peak) (\(d.spec.name), peak on \(r.startDate.adding(days: Int(d.peakTime / 1440))))\n"
            }
        }
        return out
    }

    static func fitComment(_ g: DurationGroupFit) -> String {
        guard let f = g.chosen else { return "" }
        var s = "n = \(g.sample.exact.count)"
        if !g.sample.censored.isEmpty { s += " + \(g.sample.censored.count) censored" }
        if g.zeros > 0 { s += ", \(g.zeros) zero left out" }
        s += "; AIC \(num(f.aic, 1)), KS D \(num(f.ks, 4)), AD \(num(f.ad, 2))"
        s += "; " + f.parameters.map { "\($0.name) \(num($0.ciLow, 4))-\(num($0.ciHigh, 4))" }.joined(separator: ", ")
        if g.fits.count > 1 { s += "; next \(g.fits[1].family.rawValue) (ΔAIC \(num(g.fits[1].aic - f.aic, 1)))" }
        return s
    }

    /// A duration in the scenario language (minutes).
    public static func durationYAML(_ f: FittedDistribution) -> String {
        let v = f.values
        switch f.family {
        case .exponential: return "{exponential: {mean: \(num(v[0], 4))m}}"
        case .gamma: return "{gamma: {shape: \(num(v[0], 4)), scale: \(num(v[1], 4))m}}"
        case .lognormal: return "{lognormal: {mean: \(num(f.mean, 4))m, sd: \(num(f.sd, 4))m}}"
        case .weibull: return "{weibull: {scale: \(num(v[1], 4))m, shape: \(num(v[0], 4))}}"
        }
    }

    static func num(_ x: Double, _ d: Int) -> String {
        guard x.isFinite else { return ".nan" }
        var s = String(format: "%.\(d)f", x)
        if s.hasPrefix("-") && s.dropFirst().allSatisfy({ $0 == "0" || $0 == "." }) { s.removeFirst() }
        return s
    }
    static func pct(_ level: Double) -> String { "\(num(level * 100, level * 100 == (level * 100).rounded() ? 0 : 1))%" }
    /// A YAML double-quoted string.
    static func q(_ s: String) -> String {
        var o = "\""
        for c in s.unicodeScalars {
            switch c {
            case "\"": o += "\\\""
            case "\\": o += "\\\\"
            case "\n": o += "\\n"
            default: if c.value < 0x20 { o += " " } else { o.unicodeScalars.append(c) }
            }
        }
        return o + "\""
    }
    /// A mapping key: plain when safe, else quoted.
    static func key(_ s: String) -> String {
        s.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" || $0 == "-" }) && !["yes", "no", "true", "false", "null", "on", "off"].contains(s.lowercased()) && !(s.first?.isNumber ?? true) ? s : q(s)
    }
}
