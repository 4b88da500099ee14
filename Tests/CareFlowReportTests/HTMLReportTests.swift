import CareFlowAnalysis
@testable import CareFlowReport
import Foundation
import Testing

/// Ids of the sections in the order the report shows them.
private let allSections = ["summary", "ed", "imaging", "wards", "primary-care", "utilisation", "pathways", "method"]

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
        #expect(sections(render()) == ["summary", "ed", "imaging", "wards", "utilisation", "pathways", "method"])
        var o = Fixture.Options()
        o.ed = false; o.imaging = false; o.ward = false
        let bare = render(o)
        #expect(sections(bare) == ["summary", "method"])
        #expect(!bare.contains("href=\"#ed\""))
        o.ward = true
        #expect(sections(render(o)) == ["summary", "wards", "utilisation", "method"])
    }

    @Test("the summary claims changes only where the CI excludes 0, with targets")
    func summaryWording() {
        let html = render()
        // Time to physician: 40 → 28 minutes with a CI that excludes 0.
        #expect(html.contains("With AI-assisted triage"))
        #expect(html.contains("The average time to physician falls from 40 to 28 minutes (95% CI 8.4 to 15.6 minutes shorter)."))
        #expect(html.contains("For triage orange patients it falls from 41 to 28.7 minutes"))
        // LWBS counts fall clearly; completed has a CI around 0.
        #expect(html.contains("Patients leaving without being seen (Emergency department) fall from 90 to 40 per run (95% CI 35 to 65 fewer)."))
        // Target verdicts in words and symbols.
        #expect(html.contains("✔ meets"))
        #expect(html.contains("✘ misses"))
        #expect(html.contains("against the target (≤ 4 h for 95% of patients) the baseline misses it and the what-if meets it"))
        #expect(html.contains("○ no clear difference"))
    }

    @Test("no clear difference is said when the CI includes 0")
    func noClearDifference() {
        let p = Summary.durationSentence(what: "the average wait", base: Est(mean: 41, lo: 39, hi: 43, n: 5), other: Est(mean: 40, lo: 38, hi: 42, n: 5),
                                         diff: Est(mean: -1, lo: -3, hi: 1, n: 5))
        #expect(p == "there is no clear difference in the average wait (41 vs 40 minutes; 95% CI of the difference −3 to +1 minutes)")
        let c = Summary.durationSentence(what: "the median time to physician for orange patients", base: Est(mean: 41, lo: 39, hi: 43, n: 5),
                                         other: Est(mean: 29, lo: 27, hi: 31, n: 5), diff: Est(mean: -12, lo: -15, hi: -9, n: 5))
        #expect(c == "the median time to physician for orange patients falls from 41 to 29 minutes (95% CI 9 to 15 minutes shorter)")
    }

    @Test("the what-if's pathway diagram marks changed and new steps")
    func diagramMarks() {
        let html = render()
        let pathways = String(html[html.range(of: "<section id=\"pathways\"")!.lowerBound..<html.range(of: "<section id=\"method\"")!.lowerBound])
        #expect(pathways.components(separatedBy: ">✎ changed</text>").count - 1 == 1)
        #expect(pathways.components(separatedBy: ">✚ new</text>").count - 1 == 1)
        #expect(pathways.contains("2 change(s) from the baseline"))
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
                  "Arrivals follow last year&#39;s pattern.", "[nhs2024]", "pathways.ed.steps[triage].activity.duration"] {
            #expect(m.contains(s), "method lacks \(s)")
        }
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
