import CareFlowAnalysis
@testable import CareFlowReport
import Foundation
import Testing

/// Ids of the sections in the order the report shows them.
private let allSections = ["scorecard", "summary", "ed", "imaging", "wards", "primary-care", "utilisation", "pathways", "method"]

private func sections(_ html: String) -> [String] {
    allSections.filter { html.contains("<section id=\"\($0)\"") }
}

private func render(_ o: Fixture.Options = .init()) -> String {
    HTMLReport.render(comparison: Fixture.comparison(o), series: Fixture.series(o))
}

@Suite("HTML report snapshot")
struct SnapshotTests {
    static let dir = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("__Snapshots__")

    /// Compares with the stored snapshot; records it when missing or with RECORD_SNAPSHOTS=1.
    func assertSnapshot(_ html: String, named name: String) throws {
        let url = Self.dir.appendingPathComponent(name)
        let record = ProcessInfo.processInfo.environment["RECORD_SNAPSHOTS"] == "1"
        if record || !FileManager.default.fileExists(atPath: url.path) {
            try FileManager.default.createDirectory(at: Self.dir, withIntermediateDirectories: true)
            try Data(html.utf8).write(to: url)
            return
        }
        let stored = try String(contentsOf: url, encoding: .utf8)
        if stored != html {
            // Point at the first difference so a failure is easy to read.
            let a = Array(stored.utf8), b = Array(html.utf8)
            let i = (0..<min(a.count, b.count)).first { a[$0] != b[$0] } ?? min(a.count, b.count)
            let ctx = { (x: [UInt8]) in String(decoding: x[max(0, i - 80)..<min(x.count, i + 80)], as: UTF8.self) }
            Issue.record("report differs from \(name) at byte \(i) (run with RECORD_SNAPSHOTS=1 to accept):\nstored: \(ctx(a))\nnew:    \(ctx(b))")
        }
    }

    @Test("the fixture report matches the stored snapshot")
    func fixtureSnapshot() throws {
        var o = Fixture.Options()
        o.primaryCare = true
        try assertSnapshot(render(o), named: "fixture-report.html")
    }

    @Test("the Swedish fixture report matches its snapshot")
    func swedishSnapshot() throws {
        var o = Fixture.Options()
        o.primaryCare = true
        try assertSnapshot(HTMLReport.render(comparison: Fixture.comparison(o), series: Fixture.series(o), language: .sv), named: "fixture-report-sv.html")
    }

    @Test("a report of a comparison without primary care matches its snapshot")
    func edOnlySnapshot() throws {
        try assertSnapshot(render(), named: "fixture-no-primary-care.html")
    }

    @Test("rendering is deterministic and does not depend on a JSON round trip")
    func deterministic() throws {
        let c = Fixture.comparison(), s = Fixture.series()
        let a = HTMLReport.render(comparison: c, series: s)
        #expect(a == HTMLReport.render(comparison: c, series: s))
        let parsed = HTMLReport.render(comparison: try JSON.parse(c.serialized()), series: try JSON.parse(s.serialized(pretty: false)))
        #expect(a == parsed)
    }
}

@Suite("HTML report content")
struct ContentTests {
    @Test("scenario names and labels with markup are shown as text")
    func escaping() {
        var o = Fixture.Options()
        o.whatIfName = "<script>alert(1)</script>"
        o.whatIfTitle = "<script>alert(1)</script>"
        o.unitLabel = "cubicle <b>\"bay\"</b> & 'trolley'"
        o.fileText = "name: x\n# </pre><script>alert(1)</script>\n"
        let html = render(o)
        #expect(!html.contains("<script>alert(1)</script>"))
        #expect(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"))
        #expect(!html.lowercased().contains("<script"))
        #expect(!html.contains("<b>\"bay\"</b>"))
        #expect(html.contains("cubicle &lt;b&gt;&quot;bay&quot;&lt;/b&gt; &amp; &#39;trolley&#39;"))
        #expect(!html.contains("</pre><script>"))
        #expect(html.contains("NHS A&amp;E statistics 2024 &lt;annual&gt;"))
    }

    @Test("the escaping function escapes the five HTML specials")
    func escapeFunction() {
        #expect(esc("<a href=\"x\">Tom & Jerry's</a>") == "&lt;a href=&quot;x&quot;&gt;Tom &amp; Jerry&#39;s&lt;/a&gt;")
        #expect(esc("plain ✔ text") == "plain ✔ text")
    }

    @Test("all sections in order when every area has data")
    func allSectionsPresent() {
        var o = Fixture.Options()
        o.primaryCare = true
        let html = render(o)
        #expect(sections(html) == allSections)
        var last = html.startIndex
        for id in allSections {
            let r = html.range(of: "<section id=\"\(id)\"")
            #expect(r != nil)
            if let r { #expect(r.lowerBound > last, "section \(id) out of order"); last = r.lowerBound }
        }
    }

    @Test("sections without data are left out")
    func emptySectionsLeftOut() {
        #expect(sections(render()) == ["scorecard", "summary", "ed", "imaging", "wards", "utilisation", "pathways", "method"])
        var o = Fixture.Options()
        o.ed = false; o.imaging = false; o.ward = false
        let bare = render(o)
        #expect(sections(bare) == ["summary", "method"])
        #expect(!bare.contains("href=\"#ed\""))
        o.ward = true
        #expect(sections(render(o)) == ["scorecard", "summary", "wards", "utilisation", "method"])
    }

    @Test("the summary names only clear and important changes, biggest first, and lists the rest in one line")
    func summaryWording() {
        let html = render()
        let summary = String(html[html.range(of: "<section id=\"summary\"")!.lowerBound..<html.range(of: "<section id=\"ed\"")!.lowerBound])
        #expect(summary.contains("AI-assisted triage"))
        #expect(summary.contains("What changed"))
        #expect(summary.contains("Time to physician (mean) falls from 40\u{00A0}min to 28\u{00A0}min (−12\u{00A0}min, better)."))
        #expect(summary.contains("ED length of stay (mean) falls from 3.33\u{00A0}h to 2.33\u{00A0}h (−1\u{00A0}h, better)."))
        #expect(!summary.contains("95% CI"))
        // Not one sentence per unchanged KPI: at most one "No clear change" line per what-if.
        #expect(summary.components(separatedBy: "No clear change").count - 1 <= 1)
    }

    @Test("minimal important difference: a clear change smaller than the MID is not named; direction decides better or worse")
    func midRule() {
        let m = Measure(label: "wait", key: "wait.mean", quantity: .duration, higherIsBetter: false, mid: 5)
        // CI excludes 0 but the change (2 min) is below the MID (5 min).
        #expect(Measures.effect(m, diff: Est(mean: -2, lo: -3, hi: -1, n: 20)) == .small)
        // CI includes 0: no clear change, however large the mean.
        #expect(Measures.effect(m, diff: Est(mean: -8, lo: -20, hi: 1, n: 20)) == .none)
        // "0 (-0.01 to 0)": an upper end of exactly 0 is not a clear change.
        #expect(Measures.effect(m, diff: Est(mean: 0, lo: -0.01, hi: 0, n: 20)) == .none)
        #expect(Measures.effect(m, diff: Est(mean: -8, lo: -10, hi: -6, n: 20)) == .better)
        #expect(Measures.effect(m, diff: Est(mean: 8, lo: 6, hi: 10, n: 20)) == .worse)
        var h = m
        h.higherIsBetter = true
        #expect(Measures.effect(h, diff: Est(mean: 8, lo: 6, hi: 10, n: 20)) == .better)
        // Verdicts from the interval against a target.
        #expect(Measures.verdict(Est(mean: 80, lo: 70, hi: 90, n: 20), target: 100, bound: .atMost) == .meets)
        #expect(Measures.verdict(Est(mean: 95, lo: 90, hi: 105, n: 20), target: 100, bound: .atMost) == .borderline)
        #expect(Measures.verdict(Est(mean: 0.91, lo: 0.9, hi: 0.92, n: 20), target: 0.85, bound: .atMost) == .misses)
    }

    @Test("what changed is written with labels and old -> new values, never raw key paths")
    func changesInWords() throws {
        var c = Fixture.comparison()
        // Add recorded changes to the what-if (as `compare` writes them).
        guard case .object(var top) = c, let si = top.firstIndex(where: { $0.0 == "scenarios" }), case .array(var scs) = top[si].1,
              scs.count == 2, case .object(var w) = scs[1] else { Issue.record("fixture shape"); return }
        w.append(("changes", .array([
            .object([("path", .string("units.cubicle.capacity")), ("old", .string("20")), ("new", .string("24"))]),
            .object([("path", .string("pathways.ed.steps[triage].activity.duration")), ("old", .string("lognormal mean 5m, sd 2m")), ("new", .string("lognormal mean 3m, sd 1m"))]),
            .object([("path", .string("attributes.acuity.table")), ("rows", .number(5))]),
        ])))
        scs[1] = .object(w); top[si].1 = .array(scs); c = .object(top)
        let html = HTMLReport.render(comparison: c, series: Fixture.series())
        let summary = String(html[html.range(of: "<section id=\"summary\"")!.lowerBound..<html.range(of: "<section id=\"ed\"")!.lowerBound])
        #expect(summary.contains(": capacity: 20 → 24"))
        #expect(summary.contains("step triage duration: lognormal mean 5m, sd 2m → lognormal mean 3m, sd 1m"))
        #expect(summary.contains("5 rows changed"))
        #expect(!summary.contains("units.cubicle.capacity"))
    }

    @Test("Swedish: fixed texts in Swedish, decimal comma, thin-space thousands; labels as written")
    func swedish() {
        let html = HTMLReport.render(comparison: Fixture.comparison(), series: Fixture.series(), language: .sv)
        #expect(html.contains("<html lang=\"sv\">"))
        #expect(html.contains("Resultattavla"))
        #expect(html.contains("Sammanfattning"))
        #expect(html.contains("AI-assisted triage"))
        // Fixed chart texts (axes, notes, KPI table captions) that used to stay English under sv.
        for english in ["Hour of day", "Day of the run (after warm-up)", "Patients (mean)", "Beds occupied (mean)",
                        "Share of patients", "shaded: 95% CI", "KPIs (minutes)"] {
            #expect(!html.contains(english), "English fixed text left in the Swedish report: \(english)")
        }
        ReportLanguage.$current.withValue(.sv) {
            #expect(Fmt.num(8.4) == "8,4")
            #expect(Fmt.num(12_345) == "12\u{2009}345")
            #expect(Fmt.percent(0.915) == "91,5\u{00A0}%")
        }
        #expect(Fmt.num(8.4) == "8.4")
    }

    @Test("the what-if's pathway diagram marks changed and new steps")
    func diagramMarks() {
        let html = render()
        let pathways = String(html[html.range(of: "<section id=\"pathways\"")!.lowerBound..<html.range(of: "<section id=\"method\"")!.lowerBound])
        #expect(pathways.components(separatedBy: ">✎ changed</text>").count - 1 == 1)
        #expect(pathways.components(separatedBy: ">✚ new</text>").count - 1 == 1)
        #expect(pathways.contains("2 change(s) from the reference"))
        #expect(pathways.contains("<svg class=\"diagram\""))
    }

    @Test("the file is self-contained: no scripts, no external resources")
    func selfContained() {
        var o = Fixture.Options()
        o.primaryCare = true
        let html = render(o)
        #expect(!html.lowercased().contains("<script"))
        for bad in ["src=\"http", "href=\"http", "href=\"//", "src=\"//", "@import", "url(http", "<link", "<img", "<iframe"] {
            #expect(!html.contains(bad), "found \(bad)")
        }
        #expect(html.contains("<style>"))
        #expect(html.contains("@media print"))
        #expect(html.contains("<details class=\"file\">"))
    }

    @Test("method section reports run settings, CRN, versions and the command line")
    func method() {
        let html = render()
        let m = String(html[html.range(of: "<section id=\"method\"")!.lowerBound...])
        for s in ["STRESS-DES", "10 days", "40 days", "30 days", "given in the scenario file", "Common random numbers: yes",
                  "GNU Scientific Library 2.7.1", "CareFlow 0.1.0", "careflow compare Scenarios/today.yaml /tmp/ai-triage.yaml --replications 5",
                  "Arrivals follow last year&#39;s pattern.", "[nhs2024]", "Student-t"] {
            #expect(m.contains(s), "method lacks \(s)")
        }
    }

    @Test("a unit with a target shows the share of the time above it, under its occupancy, in both languages")
    func timeAboveTarget() {
        let en = render()
        #expect(en.contains("ward bed: share of the time above 85% occupied"))
        // Baseline 91.0%, what-if 62.0%, the difference -29.0 percentage points.
        let row = en.components(separatedBy: "share of the time above 85% occupied").dropFirst().first?.components(separatedBy: "</tr>").first ?? ""
        #expect(row.contains("91.0") && row.contains("62.0"), "\(row)")
        let sv = HTMLReport.render(comparison: Fixture.comparison(), series: Fixture.series(), language: .sv)
        #expect(sv.contains("ward bed: andel av tiden med beläggning över 85\u{00A0}%"))
        // Units without a target (the CT scanner) have no such row.
        #expect(!en.contains("CT scanner: share of the time above"))
    }

    @Test("areas fall back to name heuristics for units left as 'other'")
    func areaFallback() {
        #expect(ReportData.area("other", name: "ct_scanner") == "imaging")
        #expect(ReportData.area("other", name: "ward_bed") == "ward")
        #expect(ReportData.area("other", name: "triage_nurse") == "ed")
        #expect(ReportData.area("other", name: "physio_therapist") == "primary_care")
        #expect(ReportData.area("other", name: "doctor") == "other")
        #expect(ReportData.area("ed", name: "ct") == "ed")
    }
}
