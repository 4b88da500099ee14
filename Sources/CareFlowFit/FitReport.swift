import CareFlowReport
import Foundation

/// The HTML fit report: one self-contained page, inline SVG, every text
/// from the log or the mapping escaped.
public enum FitReport {
    public static func html(_ r: FitResult, language: ReportLanguage) -> String {
        let T = FitText(lang: language)
        let f = Num(lang: language)
        var b = """
        <!DOCTYPE html>
        <html lang="\(language.rawValue)"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
        <title>\(h(T.title)) — \(h((r.log as NSString).lastPathComponent))</title>
        <style>\(css)</style></head><body><main>
        <header><h1>\(h(T.title))</h1><p class="sub">\(h(T.subtitle))</p>
        <dl class="facts"><div><dt>\(h(T.log))</dt><dd>\(h((r.log as NSString).lastPathComponent))</dd></div>
        <div><dt>\(h(T.patients))</dt><dd>\(f.int(r.patients))</dd></div><div><dt>\(h(T.events))</dt><dd>\(f.int(r.rows))</dd></div>
        <div><dt>\(h(T.period))</dt><dd>\(h(r.startDate.description)) – \(h(r.endDate.description)) (\(r.days) \(h(T.days)))</dd></div>
        <div><dt>\(h(T.present))</dt><dd>\(f.int(r.present))</dd></div></dl></header>

        """
        let bounds = r.durations.filter { $0.spec.unit != nil }
        b += "<section class=\"note\"><h2>\(h(T.notInferred))</h2><p>\(h(T.notInferredText))</p>"
        if !bounds.isEmpty {
            b += "<table><thead><tr><th>\(h(T.unit))</th><th>\(h(T.interval))</th><th class=\"n\">\(h(T.peak))</th></tr></thead><tbody>"
            for d in bounds { b += "<tr><td>\(h(d.spec.unit!))</td><td>\(h(d.spec.name))</td><td class=\"n\">≥ \(d.peak)</td></tr>" }
            b += "</tbody></table>"
        }
        b += "</section>\n"
        if !r.arrivals.isEmpty {
            b += "<section><h2>\(h(T.arrivals))</h2>"
            for a in r.arrivals { b += arrivalSection(a, T, f) }
            b += "</section>\n"
        }
        if !r.durations.isEmpty {
            b += "<section><h2>\(h(T.durations))</h2>"
            for d in r.durations { b += durationSection(d, T, f) }
            b += "</section>\n"
        }
        if !r.branches.isEmpty || !r.mixes.isEmpty || !r.confusions.isEmpty {
            b += "<section><h2>\(h(T.routing))</h2>"
            for br in r.branches {
                b += "<h3>\(h(br.spec.name)) <span class=\"muted\">(\(h(br.spec.from)))</span></h3>" + shareTable(br.options, T, f)
                if br.undecided > 0 { b += "<p class=\"muted\">\(h(T.undecided(br.undecided)))</p>" }
            }
            for m in r.mixes { b += "<h3>\(h(m.spec.name)) <span class=\"muted\">(\(h(m.spec.attribute)))</span></h3>" + shareTable(m.shares, T, f) }
            for c in r.confusions {
                b += "<h3>\(h(c.spec.name))</h3><p class=\"muted\">\(h(T.confusion))</p><div class=\"scroll\"><table><thead><tr><th>\(h(T.truth)): \(h(c.spec.truth))</th>"
                for a in c.assignedLabels { b += "<th class=\"n\">\(h(a))</th>" }
                b += "<th class=\"n\">n</th></tr></thead><tbody>"
                for (t, row) in c.rows.enumerated() {
                    b += "<tr><td>\(h(c.truthLabels[t]))</td>" + row.map { "<td class=\"n\">\(f.fixed($0.p * 100, 1)) %</td>" }.joined() + "<td class=\"n\">\(f.int(row.first?.total ?? 0))</td></tr>"
                }
                b += "</tbody></table></div>"
            }
            b += "</section>\n"
        }
        b += "<section><h2>\(h(T.method))</h2><p>\(h(T.methodText))</p></section>\n</main></body></html>\n"
        return b
    }

    static func arrivalSection(_ a: ArrivalFit, _ T: FitText, _ f: Num) -> String {
        var b = "<h3>\(h(a.spec.name)) <span class=\"muted\">(\(h(a.spec.event)))</span></h3>"
        b += "<p>\(h(T.perDay)): <strong>\(f.fixed(a.perDay.value, 2))</strong> (\(h(T.ci)) \(f.fixed(a.perDay.ciLow, 2))–\(f.fixed(a.perDay.ciHigh, 2)); n = \(f.int(a.perDay.count)))</p>"
        b += "<figure class=\"wide\">\(Charts.band(a.hourShare, xLabel: T.hour, yLabel: T.share, f: f))<figcaption>\(h(T.hourProfile))</figcaption></figure>"
        b += "<div class=\"scroll\"><table><thead><tr><th>\(h(T.weekday))</th>" + T.weekdays.map { "<th class=\"n\">\(h($0))</th>" }.joined() + "</tr></thead><tbody>"
        b += "<tr><td>\(h(T.level))</td>" + a.weekdayLevel.map { "<td class=\"n\">\(f.fixed($0.value, 3))<br><span class=\"muted\">\(f.fixed($0.ciLow, 2))–\(f.fixed($0.ciHigh, 2))</span></td>" }.joined() + "</tr>"
        b += "<tr><td>\(h(T.statistic)) χ² (\(h(T.df)))</td>" + T.weekdays.indices.map { w in
            let name = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"][w]
            guard let x = a.weekdayTests.first(where: { $0.label == name }) else { return "<td class=\"n\">—</td>" }
            return "<td class=\"n\">\(f.fixed(x.statistic, 1)) (\(x.df))<br><span class=\"\(x.pValue < 0.01 ? "flag" : "muted")\">p = \(f.fixed(x.pValue, 3))</span></td>"
        }.joined() + "</tr></tbody></table></div><p class=\"muted\">\(h(T.chiNote))</p>"
        if let x = a.dayTypeTest {
            b += "<p>\(h(T.dayTypeText(f.fixed(x.statistic, 1), x.df, f.fixed(x.pValue, 3), a.usesDayTypes)))</p>"
        }
        if let mo = a.monthMultiplier {
            b += "<div class=\"scroll\"><table><thead><tr><th>\(h(T.month))</th>" + T.months.map { "<th class=\"n\">\(h($0))</th>" }.joined() + "</tr></thead><tbody><tr><td>\(h(T.level))</td>"
            b += mo.map { "<td class=\"n\">\(f.fixed($0.value, 3))<br><span class=\"muted\">\(f.fixed($0.ciLow, 2))–\(f.fixed($0.ciHigh, 2))</span></td>" }.joined() + "</tr></tbody></table></div>"
        } else {
            b += "<p class=\"muted\">\(h(T.monthsMissing))</p>"
        }
        if a.holidays.days > 0 {
            b += "<p>\(h(T.holidays)): \(h(T.holidayText(a.holidays.days, a.holidays.observed, f.fixed(a.holidays.expectedWeekday, 0), f.fixed(a.holidays.expectedSunday, 0), a.holidaysDetected)))</p>"
        }
        return b
    }

    static func durationSection(_ d: DurationFit, _ T: FitText, _ f: Num) -> String {
        let g = d.overall
        var b = "<h3>\(h(d.spec.name)) <span class=\"muted\">(\(h(d.spec.from)) → \(h(d.spec.to)))</span></h3>"
        b += "<p class=\"muted\">\(h(T.sampleText(g.sample.exact.count, g.sample.censored.count, g.zeros, g.notReached)))</p>"
        guard let best = g.chosen else { return b }
        b += "<div class=\"scroll\"><table><thead><tr><th>\(h(T.family))</th><th>\(h(T.parameters))</th><th class=\"n\">AIC</th><th class=\"n\">ΔAIC</th><th class=\"n\">BIC</th><th class=\"n\">KS D</th><th class=\"n\">AD A²</th></tr></thead><tbody>"
        for x in g.fits {
            let ps = x.parameters.map { "\(h($0.name)) \(f.sig($0.value)) (\(f.sig($0.ciLow))–\(f.sig($0.ciHigh)))" }.joined(separator: "<br>")
            b += "<tr><td>\(h(x.family.rawValue))</td><td>\(ps)</td><td class=\"n\">\(f.fixed(x.aic, 1))</td><td class=\"n\">\(f.fixed(x.aic - best.aic, 1))</td><td class=\"n\">\(f.fixed(x.bic, 1))</td><td class=\"n\">\(f.fixed(x.ks, 4))</td><td class=\"n\">\(f.fixed(x.ad, 2))</td></tr>"
        }
        b += "</tbody></table></div>"
        if !g.sample.censored.isEmpty { b += "<p class=\"muted\">\(h(T.censorNote))</p>" }
        b += "<div class=\"pair\"><figure>\(Charts.histogram(g.sample.exact, fits: Array(g.fits.prefix(3)), xLabel: T.minutes, f: f))<figcaption>\(h(T.histogram))</figcaption></figure>"
        b += "<figure>\(Charts.qq(g.sample.exact, best, xLabel: T.fitted, yLabel: T.observed, f: f))<figcaption>\(h(T.qq)): \(h(best.family.rawValue))</figcaption></figure></div>"
        if !d.groups.isEmpty {
            b += "<h4>\(h(T.byGroup))</h4><div class=\"scroll\"><table><thead><tr><th>\(h(T.group))</th><th class=\"n\">n</th><th>\(h(T.family))</th><th>\(h(T.parameters))</th></tr></thead><tbody>"
            for s in d.groups {
                let x = s.chosen
                b += "<tr><td>\(h(s.label))</td><td class=\"n\">\(f.int(s.sample.n))</td><td>\(h(x?.family.rawValue ?? "—"))</td><td>" +
                    (x?.parameters.map { "\(h($0.name)) \(f.sig($0.value)) (\(f.sig($0.ciLow))–\(f.sig($0.ciHigh)))" }.joined(separator: "; ") ?? "") + "</td></tr>"
            }
            b += "</tbody></table></div>"
        }
        return b
    }

    static func shareTable(_ ps: [Proportion], _ T: FitText, _ f: Num) -> String {
        var b = "<div class=\"scroll\"><table><thead><tr><th>\(h(T.option))</th><th class=\"n\">\(h(T.count))</th><th class=\"n\">\(h(T.probability))</th><th class=\"n\">\(h(T.ci))</th></tr></thead><tbody>"
        for p in ps { b += "<tr><td>\(h(p.label))</td><td class=\"n\">\(f.int(p.count))</td><td class=\"n\">\(f.fixed(p.p, 4))</td><td class=\"n\">\(f.fixed(p.ciLow, 4))–\(f.fixed(p.ciHigh, 4))</td></tr>" }
        return b + "</tbody></table></div>"
    }

    static let css = """
    :root{--ink:#1d2733;--muted:#5b6675;--line:#d5dbe3;--accent:#1f5fa8;--band:#c9dbf0;--flag:#a3361f}
    *{box-sizing:border-box}body{margin:0;font:15px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:var(--ink);background:#f6f8fa}
    main{max-width:1100px;margin:0 auto;padding:24px 20px 48px;background:#fff}
    h1{margin:0 0 4px;font-size:26px}h2{margin:32px 0 8px;font-size:20px;border-bottom:2px solid var(--line);padding-bottom:4px}
    h3{margin:24px 0 6px;font-size:17px}h4{margin:16px 0 6px;font-size:15px}.sub{margin:0 0 12px;color:var(--muted)}
    .facts{display:flex;flex-wrap:wrap;gap:8px 28px;margin:0}.facts div{min-width:120px}.facts dt{font-size:12px;color:var(--muted)}.facts dd{margin:0;font-weight:600}
    .note{background:#fff8e6;border-left:4px solid #d9a400;padding:4px 16px 12px;margin-top:20px}.note h2{border:0;margin-top:12px}
    table{border-collapse:collapse;margin:8px 0;font-size:14px}th,td{padding:4px 10px;border-bottom:1px solid var(--line);text-align:left;vertical-align:top}
    th{font-weight:600;background:#f0f3f7}.n{text-align:right;font-variant-numeric:tabular-nums}.muted{color:var(--muted);font-size:13px}.flag{color:var(--flag);font-weight:600;font-size:13px}
    .scroll{overflow-x:auto}figure{margin:8px 0 16px}figure.wide{max-width:760px}figcaption{font-size:13px;color:var(--muted)}svg{max-width:100%;height:auto;display:block}
    .pair{display:grid;grid-template-columns:1fr 1fr;gap:16px}@media (max-width:700px){.pair{grid-template-columns:1fr}main{padding:16px 12px}}
    """
}

/// HTML escaping: every text from the log or the mapping goes through it.
func h(_ s: String) -> String {
    var out = ""
    out.reserveCapacity(s.utf8.count)
    for c in s.unicodeScalars {
        switch c {
        case "&": out += "&amp;"
        case "<": out += "&lt;"
        case ">": out += "&gt;"
        case "\"": out += "&quot;"
        case "'": out += "&#39;"
        default: if c.value < 0x20 && c != "\n" && c != "\t" { out += "\u{FFFD}" } else { out.unicodeScalars.append(c) }
        }
    }
    return out
}

/// Numbers in the report's language (decimal comma and U+2212 minus in Swedish).
struct Num {
    let lang: ReportLanguage
    func fixed(_ x: Double, _ d: Int) -> String {
        guard x.isFinite else { return "—" }
        var s = String(format: "%.\(d)f", x)
        if s.hasPrefix("-") { let body = String(s.dropFirst()); s = body.allSatisfy({ $0 == "0" || $0 == "." }) ? body : "\u{2212}" + body }
        return lang == .sv ? s.replacingOccurrences(of: ".", with: ",") : s
    }
    /// About four significant digits.
    func sig(_ x: Double) -> String {
        guard x.isFinite else { return "—" }
        let a = abs(x)
        return fixed(x, a >= 1000 ? 0 : a >= 100 ? 1 : a >= 10 ? 2 : a >= 1 ? 3 : 4)
    }
    func int(_ n: Int) -> String {
        let s = String(n)
        guard n >= 10_000 else { return s }
        var out = "", k = 0
        for c in s.reversed() { if k > 0 && k % 3 == 0 { out.append(lang == .sv ? "\u{202F}" : ",") }; out.append(c); k += 1 }
        return String(out.reversed())
    }
}
