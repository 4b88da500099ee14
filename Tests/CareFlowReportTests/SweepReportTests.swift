import Foundation
import Testing
@testable import CareFlowReport

/// The sweep report: every point (paged, not cut), labels and units,
/// escaping, English and Swedish, no scripts.
@Suite struct SweepReportTests {
    static func data(points n: Int) -> SweepReportData {
        let beds = SweepReportData.Factor(path: "units.ward_bed.capacity", name: "ward_beds", label: "Medical <b>ward</b> beds",
                                          levels: (0..<n).map { .init(text: "\(100 + $0)", number: Double(100 + $0)) })
        let kpi = SweepReportData.KPI(name: "ed_los.within_target", label: "ED length of stay, share within target", unit: "share",
                                      target: 0.9, higherIsBetter: true)
        var d = SweepReportData(name: "t<script>", file: "/w/s.yaml", hash: "ab", softwareVersion: "0.1.0", base: "/w/b.yaml", design: "grid",
                                seed: 7, replications: 3, tasksDone: 3 * n, tasksTotal: 3 * n, factors: [beds],
                                points: (0..<n).map { .init(id: $0, values: [.init(text: "\(100 + $0)", number: Double(100 + $0))]) },
                                kpis: [kpi], cells: (0..<n).map { i in [.init(n: 3, mean: 0.5 + Double(i) / Double(4 * n), ciLow: 0.4, ciHigh: 0.99)] })
        d.provenance = [("careflow_version", "0.1.0"), ("git_commit", "abc123"), ("gsl_version", "2.7.1"), ("swift_version", "6.3.1"), ("os", "Linux"), ("cores", "2")]
        d.overrides = [("run.horizon", "20d")]
        d.inputs = [("s.yaml", "sweep", String(repeating: "a", count: 64))]
        return d
    }

    @Test func everyPointIsInThePagedTableAndNothingRuns() {
        let html = SweepReport.render(Self.data(points: 120))
        // 120 points: 3 pages of at most 50 rows, every point id in the table.
        #expect(html.contains("id=pg3") && !html.contains("id=pg4"))
        let table = String(html[html.range(of: "<h2>All points</h2>")!.lowerBound...])
        for i in 0..<120 { #expect(table.contains("<tr><td>\(i)</td><td>\(100 + i)</td>")) }
        #expect(!html.contains("<script"))
        #expect(html.contains("default-src 'none'"))
        #expect(html.contains("t&lt;script&gt;") && html.contains("Medical &lt;b&gt;ward&lt;/b&gt; beds"))
        #expect(html.contains("ED length of stay, share within target (share)"))
        // The method section names the design, seeds, overrides and versions.
        for s in ["Full factorial grid", "master seed 7", "run.horizon", "abc123", "2.7.1", "careflow sweep --reproduce"] {
            #expect(html.contains(s), "\(s)")
        }
    }

    @Test func swedishAndEnglishLinkToEachOther() {
        let files = SweepReport.files(Self.data(points: 3))
        #expect(files.map(\.0) == ["report.html", "report.sv.html"])
        let en = files[0].1, sv = files[1].1
        #expect(en.contains("<html lang=\"en\">") && en.contains("href=\"report.sv.html\""))
        #expect(sv.contains("<html lang=\"sv\">") && sv.contains("href=\"report.html\""))
        for s in ["Parameterstudie", "Alla punkter", "Metod", "Faktorer", "andel"] { #expect(sv.contains(s), "\(s)") }
        #expect(!sv.contains(">All points<"))
    }
}
