import CareFlowAnalysis
import CareFlowExport
import CareFlowReport
import CareFlowRandom
import Foundation

/// What a finished job shows: its comparison with any scenario as the
/// reference, as the report's fragments (the workbench's results view), as
/// report.html and as the XLSX workbook. All rendered by CareFlowReport and
/// CareFlowExport, the code behind `careflow compare` and `careflow export`;
/// a reference switch re-renders the stored results without rerunning.
final class RenderCache: @unchecked Sendable {
    struct Key: Hashable { var kind: String, reference: Int, language: ReportLanguage }
    private let lock = NSLock()
    private var texts: [Key: String] = [:]
    private var views: [Key: JobView] = [:]

    func text(_ key: Key, _ make: () -> String) -> String {
        lock.lock()
        if let t = texts[key] { lock.unlock(); return t }
        lock.unlock()
        let t = make()
        lock.lock(); texts[key] = t; lock.unlock()
        return t
    }

    func view(_ key: Key, _ make: () -> JobView) -> JobView {
        lock.lock()
        if let v = views[key] { lock.unlock(); return v }
        lock.unlock()
        let v = make()
        lock.lock(); views[key] = v; lock.unlock()
        return v
    }
}

/// The results view: the report's scorecard, summary and detailed sections
/// (charts and tables) as HTML fragments, for the page to put in place.
struct JobView: Encodable, Sendable {
    struct Section: Encodable, Sendable { var id, title, html: String }
    var reference: Int
    var language: String
    var title: String
    /// The SVG definitions the charts refer to (once per page).
    var chartDefs: String
    /// Scorecard, summary, then the detailed sections; the method section
    /// (run settings, sources, files) is in the downloadable report.
    var sections: [Section]
    var command: String
}

extension Job {
    /// The comparison with scenario `reference` first (the reference of the report and the workbook).
    func reordered(_ reference: Int) -> (comparison: JSON, series: JSON)? {
        guard let cmp = comparison, cmp.scenarios.indices.contains(reference) else { return nil }
        var order = Array(cmp.scenarios.indices)
        if reference > 0 { order.swapAt(0, reference) }
        let c = Comparison(scenarios: order.map { cmp.scenarios[$0] }, results: order.map { cmp.results[$0] }, seed: cmp.seed)
        return (c.json(command: command(reference: reference), gslVersion: GSL.version), c.seriesJSON())
    }

    /// report.html with scenario `reference` as the reference.
    func report(reference: Int, language: ReportLanguage) -> String? {
        guard comparison?.scenarios.indices.contains(reference) == true else { return nil }
        return renders.text(.init(kind: "report", reference: reference, language: language)) {
            guard let (c, s) = reordered(reference) else { return "" }
            return HTMLReport.render(comparison: c, series: s, language: language)
        }
    }

    /// The results view with scenario `reference` as the reference.
    func view(reference: Int, language: ReportLanguage) -> JobView? {
        guard comparison?.scenarios.indices.contains(reference) == true else { return nil }
        return renders.view(.init(kind: "view", reference: reference, language: language)) {
            let (c, s) = reordered(reference)!
            let f = HTMLReport.fragments(comparison: c, series: s, language: language)
            var sections: [JobView.Section] = []
            if !f.scorecard.isEmpty { sections.append(.init(id: "scorecard", title: HTMLReport.fragmentTitle("scorecard", language: language) ?? "", html: f.scorecard)) }
            if !f.summary.isEmpty { sections.append(.init(id: "summary", title: HTMLReport.fragmentTitle("summary", language: language) ?? "", html: f.summary)) }
            sections += f.sections.filter { $0.id != "method" }.map { JobView.Section(id: $0.id, title: $0.title, html: $0.html) }
            return JobView(reference: reference, language: language.rawValue, title: f.title, chartDefs: f.chartDefs,
                           sections: sections, command: command(reference: reference))
        }
    }

    /// The XLSX workbook (`careflow export --xlsx`'s sheets) with scenario
    /// `reference` as the reference, written once under the job's results
    /// folder and read back.
    func workbook(reference: Int, resultsFolder: String) throws(ServeError) -> Data? {
        guard let (c, _) = reordered(reference) else { return nil }
        let dir = (resultsFolder as NSString).appendingPathComponent(id)
        let path = (dir as NSString).appendingPathComponent(reference == 0 ? "comparison.xlsx" : "comparison-reference-\(reference + 1).xlsx")
        if let data = FileManager.default.contents(atPath: path) { return data }
        let rows = ExportTable.rows(comparison: c)
        let reps = ExportTable.replicationRows(comparison: c)
        do {
            try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
            try XLSX.write([XLSX.Sheet(name: "comparison", header: ExportTable.header, rows: rows),
                            XLSX.Sheet(name: "replications", header: ExportTable.replicationHeader, rows: reps)], to: path)
        } catch {
            throw ServeError(.internal, "could not write the workbook under \(resultsFolder): \(error)")
        }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw ServeError(.internal, "could not read back the workbook under \(resultsFolder)")
        }
        return data
    }
}
