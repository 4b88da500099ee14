import CareFlowAnalysis
@testable import CareFlowReport
import Foundation
import Testing

/// A demo-like comparison: every area, the reference and two what-ifs, a
/// warm-up that MSER-5 finds too short, and a pathway with every kind of
/// step the compiler writes (waits for units, releases, delays, patience,
/// repeats, clock waits).
enum DemoLike {
    static func replacing(_ o: [(String, JSON)], _ key: String, _ value: JSON) -> [(String, JSON)] {
        var o = o
        if let i = o.firstIndex(where: { $0.0 == key }) { o[i].1 = value } else { o.append((key, value)) }
        return o
    }

    static let stepsPathway: JSON = {
        let n = Fixture.node, e = Fixture.edge
        let nodes: [JSON] = [
            n(0, "start", "Admissions", [], "start"),
            n(1, "seize", "wait for ward_bed", ["ward_bed"], "steps[0]"),
            n(2, "activity", "ward stay [ward_bed]: lognormal(mean 5760, sd 2880)", ["ward_bed"], "steps[1]"),
            n(3, "wait", "wait until time of day: uniform(600, 960)", [], "steps[2]"),
            n(4, "patience", "patience exponential(mean 240)", [], "steps[3]"),
            n(5, "leave", "leave (reneged)", [], "steps[3].reneged"),
            n(6, "repeat", "repeat 6×, fixed(10080) apart", [], "steps[4]"),
            n(7, "delay", "wait: triangular(10, 15, 30)", [], "steps[5]"),
            n(8, "release", "release ward_bed", ["ward_bed"], "steps[6]"),
            n(9, "leave", "leave", [], "end"),
        ]
        let edges: [JSON] = [e(0, 1, ""), e(1, 2, ""), e(2, 3, ""), e(3, 4, ""), e(4, 5, "reneged"), e(4, 6, ""), e(6, 7, ""),
                             e(7, 6, "next pass"), e(6, 8, ""), e(8, 9, "")]
        return .object([("area", .string("ward")), ("description", .string("")),
                        ("diagram", .object([("edges", .array(edges)), ("nodes", .array(nodes))])),
                        ("label", .string("Admissions")), ("name", .string("admissions"))])
    }()

    static func comparison() -> JSON {
        var o = Fixture.Options()
        o.primaryCare = true
        guard case .object(var top) = Fixture.comparison(o),
              case .array(var scs)? = top.first(where: { $0.0 == "scenarios" })?.1,
              case .object(var diffs)? = top.first(where: { $0.0 == "differences" })?.1, scs.count == 2,
              case .object(var base) = scs[0], case .object(let w) = scs[1] else { return .null }
        // MSER-5 suggests 300 hours, longer than the 10-day warm-up of the reference.
        base.append(("warmup_check", .object([("suggested_hours", .number(300))])))
        if case .object(var meta)? = base.first(where: { $0.0 == "meta" })?.1, case .array(var ps)? = meta.first(where: { $0.0 == "pathways" })?.1 {
            ps.append(stepsPathway)
            meta = replacing(meta, "pathways", .array(ps))
            base = replacing(base, "meta", .object(meta))
        }
        scs[0] = .object(base)
        // A second what-if: the first one under another name.
        var w2 = replacing(w, "name", .string("ai-triage-2"))
        if case .object(var meta)? = w2.first(where: { $0.0 == "meta" })?.1 {
            meta = replacing(meta, "name", .string("ai-triage-2"))
            meta = replacing(meta, "title", .string("AI-assisted triage, second site"))
            w2 = replacing(w2, "meta", .object(meta))
        }
        scs.append(.object(w2))
        diffs.append(("ai-triage-2", diffs[0].1))
        top = replacing(top, "scenarios", .array(scs))
        top = replacing(top, "differences", .object(diffs))
        return .object(top)
    }

    static func render(_ lang: ReportLanguage) -> String {
        var o = Fixture.Options()
        o.primaryCare = true
        return HTMLReport.render(comparison: comparison(), series: Fixture.series(o), language: lang)
    }

    /// The summary section's text without tags.
    static func text(_ html: String) -> String {
        var out = "", inTag = false
        for c in html {
            if c == "<" { inTag = true; out.append(" ") } else if c == ">" { inTag = false } else if !inTag { out.append(c) }
        }
        return out
    }

    static func section(_ html: String, _ id: String) -> String {
        guard let a = html.range(of: "<section id=\"\(id)\"") else { return "" }
        let rest = html[a.lowerBound...]
        guard let b = rest.range(of: "</section>") else { return String(rest) }
        return String(rest[..<b.upperBound])
    }
}

@Suite("Report language and wording")
struct LanguageTests {
    /// Fixed English phrases of the report (none of them occurs in the fixture's
    /// own labels, titles or files): none may be left in the Swedish rendering,
    /// neither in the text nor in hover texts (<title>) or aria-labels.
    static let englishPhrases = [
        "Run settings", "Setting<", "Warm-up", "How the warm-up", "Replications", "Seed<", "Common random numbers", "Software:",
        "Command line", "used by", "Objectives", "To estimate", "judged by", "A discrete-event", "Reported following",
        "Units (capacity", ">Area<", "per run", "per day", "by hour of day", "over time", "left without being seen", "LWBS",
        "Boarding hours", "Bars:", "whiskers", "95% CI", "CI band", "Distribution of", ": utilisation", "Utilisation",
        "mean wait", "mean number waiting", "mean in use", "wait for ", "release ", "leave", "reneged", "next pass", "next step",
        "patience", "repeat ", "apart", "until time of day", "lognormal(", "triangular(", "uniform(", "exponential(", "fixed(",
        "changed from", "new in this", "of patients", "further smaller", "This applies", "Warm-up may be", "minus reference",
        "What changed", "No clear change", ", better)", ", worse)", ">better<", "Target", "Measure", "higher is better", "lower is better",
        " falls ", " rises ", "minutes", "hours", " days", "per group", "Pathway", "Scorecard", "Summary",
        "reference", "capacity ", "Primary-care", "Imaging modalities", "Mean wait", "Wards:", "beds occupied", "waiting for a bed",
    ]

    @Test("the Swedish demo-like report has no English fixed text, in the text, hover texts and screen-reader descriptions")
    func swedishHasNoEnglishFixedText() {
        let html = DemoLike.render(.sv)
        // The scenario files (<pre>) and the command line are the user's own text.
        var checked = html
        while let a = checked.range(of: "<pre>"), let b = checked.range(of: "</pre>", range: a.upperBound..<checked.endIndex) {
            checked.removeSubrange(a.lowerBound..<b.upperBound)
        }
        while let a = checked.range(of: "<code class=\"cmd\">"), let b = checked.range(of: "</code>", range: a.upperBound..<checked.endIndex) {
            checked.removeSubrange(a.lowerBound..<b.upperBound)
        }
        // The stylesheet is not text.
        if let a = checked.range(of: "<style>"), let b = checked.range(of: "</style>") { checked.removeSubrange(a.lowerBound..<b.upperBound) }
        for phrase in Self.englishPhrases {
            #expect(!checked.contains(phrase), "English fixed text left in the Swedish report: \(phrase)")
        }
        // The English rendering does use them (the list is not stale).
        let en = DemoLike.render(.en)
        for phrase in ["Run settings", "per run", "wait for ", "lognormal, mean 4\u{00A0}d", "95% CI", "Bars:"] {
            #expect(en.contains(phrase), "the English report lacks \(phrase)")
        }
    }

    @Test("diagram texts: durations in natural units, clock times, unit labels instead of names, in English and Swedish")
    func diagramTexts() {
        let html = DemoLike.render(.en)
        let pathways = DemoLike.section(html, "pathways")
        #expect(pathways.contains("ward stay [ward bed]: lognormal, mean 4\u{00A0}d, sd 2\u{00A0}d"))
        #expect(pathways.contains("wait until time of day: uniform 10:00–16:00"))
        #expect(pathways.contains("patience exponential, mean 4\u{00A0}h"))
        #expect(pathways.contains("repeat 6×, 7\u{00A0}d apart"))
        #expect(pathways.contains("wait: triangular 10\u{00A0}min – 30\u{00A0}min, mode 15\u{00A0}min"))
        #expect(pathways.contains("wait for ward bed"))
        #expect(!pathways.contains("5760"))
        #expect(!pathways.contains("ward_bed"))
        let sv = DemoLike.section(DemoLike.render(.sv), "pathways")
        #expect(sv.contains("lognormal, medelvärde 4\u{00A0}dygn, sd 2\u{00A0}dygn"))
        #expect(sv.contains("väntar på ward bed"))
        #expect(sv.contains("triangulär 10\u{00A0}min – 30\u{00A0}min, typvärde 15\u{00A0}min"))
    }

    @Test("no raw unit name in the report's text: labels, or the name in words when a unit has none")
    func noRawUnitNames() {
        let html = DemoLike.render(.en)
        var text = DemoLike.text(html)
        // The scenario files may name units, of course.
        if let r = text.range(of: "Scenario files") { text = String(text[..<r.lowerBound]) }
        for raw in ["ward_bed", "triage_nurse"] { #expect(!text.contains(raw), "raw unit name in the report: \(raw)") }
        #expect(ReportData.humanised("ward_bed") == "Ward bed")
    }

    @Test("a warning that touches every what-if is said once, above the first what-if's conclusion")
    func sharedWarningOnce() {
        let summary = DemoLike.section(DemoLike.render(.en), "summary")
        #expect(summary.components(separatedBy: "Warm-up may be too short").count - 1 == 1)
        let warning = summary.range(of: "Warm-up may be too short")!.lowerBound
        #expect(warning < summary.range(of: "<div class=\"whatif\"")!.lowerBound)
        #expect(summary.contains("This applies to every what-if below."))
        // One what-if alone: the warning stands in its block.
        let one = DemoLike.section(HTMLReport.render(comparison: Fixture.comparison(), series: Fixture.series()), "summary")
        #expect(!one.contains("This applies to every what-if below."))
    }

    @Test("at most about 150 words per what-if in the summary")
    func summaryLength() {
        let summary = DemoLike.section(DemoLike.render(.en), "summary")
        for block in summary.components(separatedBy: "<div class=\"whatif\">").dropFirst() {
            let words = DemoLike.text(block).split { $0 == " " || $0 == "\n" }.count
            #expect(words <= 150, "a what-if's summary has \(words) words")
        }
    }

    @Test("further smaller changes: singular and plural in English and Swedish")
    func furtherChangesGrammar() {
        #expect(Summary.furtherChanges(1) == "1 further smaller change is in the tables below.")
        #expect(Summary.furtherChanges(3) == "3 further smaller changes are in the tables below.")
        ReportLanguage.$current.withValue(.sv) {
            #expect(Summary.furtherChanges(1) == "1 ytterligare mindre förändring finns i tabellerna nedan.")
            #expect(Summary.furtherChanges(3) == "3 ytterligare mindre förändringar finns i tabellerna nedan.")
        }
    }

    @Test("the scorecard's cells carry their scenario's name for the phone view (cards)")
    func scorecardCards() {
        let sc = DemoLike.section(DemoLike.render(.en), "scorecard")
        #expect(sc.contains("data-label=\"today (reference)\""))
        #expect(sc.contains("data-label=\"ai-triage-2\""))
        #expect(HTMLReport.css.contains("table.scorecard td::before { content: attr(data-label)"))
    }

    @Test("every text the report translates has a Swedish entry")
    func swedishComplete() throws {
        // Every tr("...") literal in the module's sources.
        let dir = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Sources/CareFlowReport")
        var missing: [String] = []
        for f in try FileManager.default.contentsOfDirectory(atPath: dir.path) where f.hasSuffix(".swift") && !f.hasPrefix("Swedish") {
            let s = try String(contentsOf: dir.appendingPathComponent(f), encoding: .utf8)
            var rest = Substring(s)
            while let r = rest.range(of: "tr(\"") {
                let after = rest[r.upperBound...]
                var key = "", escaped = false
                for c in after {
                    if escaped { key.append(c); escaped = false; continue }
                    if c == "\\" { escaped = true; key.append(c); continue }
                    if c == "\"" { break }
                    key.append(c)
                }
                rest = after.dropFirst(key.count)
                // Keys built with interpolation are checked by the rendering test above.
                if !key.contains("\\(") && Swedish.text[key] == nil && CalendarSwedish.text[key] == nil { missing.append(key) }
            }
        }
        #expect(missing.isEmpty, "texts without a Swedish entry: \(missing)")
    }
}
