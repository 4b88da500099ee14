import Testing
import Foundation
import CareFlowAnalysis
import CareFlowScenario
@testable import CareFlowReport

/// The report of dated runs: date axes, the "Seasons and months" section
/// with month profiles and KPIs by month, in English and Swedish.
@Suite struct CalendarSectionTests {
    static func scenario(_ name: String, surge: String = "") throws -> CompiledScenario {
        try ScenarioCompiler.compile(ScenarioLoader.load(text: """
        name: \(name)
        run: {start: 2026-12-14T07:30, horizon: 70d, warmup: 3d, replications: 3}
        units: {bed: {capacity: 6, label: "Beds <ward>", area: ward}}
        pathways: {p: {area: ward, steps: [{milestone: admitted}, {activity: {name: stay, uses: bed, duration: {exponential: {mean: 1d}}}}]}}
        arrivals: {a: {pathway: p, per_day: 4\(surge)}}
        kpis: {stay: {label: Stay, from: admitted, to: departure, area: ward, headline: true}}
        """, file: "\(name).yaml"))
    }

    static func report(_ lang: ReportLanguage, workers: Int = 2) throws -> (html: String, comparison: JSON) {
        let s = [try scenario("ref"), try scenario("surge", surge: ", surges: [{from: 2027-01-01, to: 2027-01-31, multiplier: 1.5}]")]
        let results = try Runner.runAll(s.map { ($0.model, $0.collector) }, seed: 3, replications: 0..<3, workers: workers)
        let cmp = Comparison(scenarios: s, results: results, seed: 3).json(command: "test", gslVersion: "x")
        let series = JSON.object([("scenarios", .array(zip(s, results).map { Outputs.series($0, $1) }))])
        return (HTMLReport.render(comparison: cmp, series: series, language: lang), cmp)
    }

    @Test func datedComparisonsGetMonthsAndDateAxes() throws {
        let (html, cmp) = try Self.report(.en)
        #expect(html.contains("<section id=\"calendar\"><h2>Seasons and months</h2>"))
        #expect(html.contains("time 0 is 14 Dec 2026 at 07:30"))
        #expect(html.contains("Date (after warm-up)") && html.contains(" Jan<"))
        #expect(html.contains("Stay: mean by month (minutes)") && html.contains(">January"))
        // Labels from the file are escaped.
        #expect(html.contains("Beds &lt;ward&gt;: occupied by month") && !html.contains("Beds <ward>"))
        // The surge's January stays show up as a paired by-month difference.
        let d = cmp["differences"]?["surge"]?["unit.bed.busy_mean.month.01"]?["mean"]?.double
        #expect((d ?? 0) > 0)
        let sv = try Self.report(.sv).html
        #expect(sv.contains("Säsonger och månader") && sv.contains(">januari") && sv.contains("Datum (efter uppvärmning)"))
    }

    @Test func datedResultsAreTheSameWhateverTheWorkers() throws {
        let a = try Self.report(.en, workers: 1).comparison.serialized()
        let b = try Self.report(.en, workers: 2).comparison.serialized()
        #expect(a == b)
    }
}
