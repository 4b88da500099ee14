import CareFlowAnalysis
import CareFlowEngine
import CareFlowExport
import CareFlowReport
import CareFlowScenario
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing
import ZIPFoundation
@testable import CareFlowServe

/// The results of a finished run: the report's fragments (the workbench's
/// view) with any scenario as the reference and in either language, the
/// XLSX workbook of `careflow export`, and report.html; all the same bytes
/// CareFlowReport and CareFlowExport give for the comparison `careflow
/// compare` computes on the downloaded files.
@Suite struct ResultsTests {
    static let run = #"{"baseline": "clinic.yaml", "whatIfs": [{"name": "More desks", "title": "<img src=x onerror=alert(1)> desks", "settings": {"desks": "3"}}], "replications": 3, "seed": 5}"#

    /// The CLI's comparison of the run's files (the what-if as downloaded),
    /// with scenario `reference` first.
    static func cliComparison(_ folder: TestFolder, yaml: String, reference: Int) throws -> (JSON, JSON) {
        try yaml.write(toFile: folder.root + "/more-desks.yaml", atomically: true, encoding: .utf8)
        var files = ["clinic.yaml", "more-desks.yaml"]
        if reference == 1 { files.swapAt(0, 1) }
        let compiled = try files.map { try ScenarioCompiler.compile(file: folder.root + "/" + $0) }
        // The same replications whichever file comes first: each scenario's streams depend on the seed and replication only.
        let results = try Runner.runAll(compiled.map { ($0.model, $0.collector) }, seed: 5, replications: 0..<3, workers: 2)
        let c = Comparison(scenarios: compiled, results: results, seed: 5)
        return (c.json(command: "careflow compare " + files.joined(separator: " ") + " --seed 5 --replications 3", gslVersion: "test"), c.seriesJSON())
    }

    static func start(_ client: some TestClientProtocol) async throws -> String {
        let id = try await client.execute(uri: "/api/jobs", method: .post, headers: .page, body: body(run)) { r in
            #expect(r.status == .accepted, "\(String(buffer: r.body))")
            return json(r)["id"] as? String ?? ""
        }
        let end = try await waitForEnd(client, id)
        #expect(end["state"] as? String == "done")
        return id
    }

    @Test func viewIsTheReportsFragmentsForAnyReference() async throws {
        let folder = try TestFolder()
        let app = try buildApplication(configuration: folder.configuration())
        try await app.test(.router) { client in
            let id = try await Self.start(client)
            let yaml = try await client.execute(uri: "/api/jobs/\(id)/files/more-desks.yaml", method: .get, headers: .local) { String(buffer: $0.body) }
            for ref in [0, 1] {
                let view = try await client.execute(uri: "/api/jobs/\(id)/view?reference=\(ref)&lang=en", method: .get, headers: .local) { r in
                    #expect(r.status == .ok)
                    return json(r)
                }
                let sections = view["sections"] as? [[String: String]] ?? []
                let (c, s) = try Self.cliComparison(folder, yaml: yaml, reference: ref)
                let f = HTMLReport.fragments(comparison: c, series: s, language: .en)
                let expected = [("scorecard", f.scorecard), ("summary", f.summary)].filter { !$0.1.isEmpty }
                    + f.sections.filter { $0.id != "method" }.map { ($0.id, $0.html) }
                #expect(!f.scorecard.isEmpty && !f.summary.isEmpty)
                #expect(sections.map { $0["id"] ?? "" } == expected.map(\.0))
                // Byte for byte the fragments of the CLI's comparison: the same renderer, the same numbers.
                for (got, want) in zip(sections, expected) { #expect(got["html"] == want.1, "reference \(ref): section \(want.0)") }
                #expect(sections.first?["title"] == "Scorecard")
                #expect(view["chartDefs"] as? String == f.chartDefs)
                #expect(view["command"] as? String == (ref == 0 ? "careflow compare clinic.yaml more-desks.yaml --seed 5 --replications 3"
                                                        : "careflow compare more-desks.yaml clinic.yaml --seed 5 --replications 3"))
                let card = sections.first?["html"] ?? ""
                #expect(card.contains("against the reference \(ref == 0 ? "clinic" : "more-desks")"))
                // The what-if's title from the request is text, never markup.
                let all = sections.compactMap { $0["html"] }.joined()
                #expect(!all.contains("<img src=x"))
            }
            try await client.execute(uri: "/api/jobs/\(id)/view?reference=2", method: .get, headers: .local) { r in #expect(r.status == .notFound) }
            try await client.execute(uri: "/api/jobs/\(id)/view?reference=x", method: .get, headers: .local) { r in #expect(r.status == .notFound) }
        }
    }

    @Test func languageFollowsTheRequestTheBrowserOrLang() async throws {
        let folder = try TestFolder()
        let app = try buildApplication(configuration: folder.configuration())
        try await app.test(.router) { client in
            let id = try await Self.start(client)
            let sv: HTTPFields = [.acceptLanguage: "sv-SE,sv;q=0.9,en;q=0.8"]
            try await client.execute(uri: "/", method: .get, headers: sv) { r in #expect(String(buffer: r.body).contains("<html lang=\"sv\">")) }
            try await client.execute(uri: "/", method: .get, headers: [.acceptLanguage: "de-DE,en;q=0.5,sv;q=0.4"]) { r in
                #expect(String(buffer: r.body).contains("<html lang=\"en\">"))
            }
            try await client.execute(uri: "/api/jobs/\(id)/view", method: .get, headers: sv) { r in
                let v = json(r)
                #expect(v["language"] as? String == "sv")
                #expect((v["sections"] as? [[String: String]])?.first?["title"] == "Resultattavla")
            }
            // The page's toggle sends lang=, which wins over the browser.
            try await client.execute(uri: "/api/jobs/\(id)/view?lang=en", method: .get, headers: sv) { r in #expect(json(r)["language"] as? String == "en") }
            try await client.execute(uri: "/api/jobs/\(id)/report?lang=sv", method: .get, headers: .local) { r in
                #expect(r.headers[.contentDisposition] == "attachment; filename=\"report-clinic.html\"")
                #expect(String(buffer: r.body).contains("<html lang=\"sv\">"))
            }
        }
        // --lang sets the page's starting language whatever the browser says.
        var config = folder.configuration()
        config.language = .sv
        let app2 = try buildApplication(configuration: config)
        try await app2.test(.router) { client in
            try await client.execute(uri: "/", method: .get, headers: [.acceptLanguage: "en-GB"]) { r in #expect(String(buffer: r.body).contains("<html lang=\"sv\">")) }
        }
        #expect(ServeConfiguration(folder: ".").language(acceptLanguage: "svenska, en") == .en, "a tag is a language code, not a prefix")
        #expect(ServeConfiguration(folder: ".").language(acceptLanguage: "en;q=0.2, sv;q=0.7") == .sv)
        #expect(ServeConfiguration(folder: ".").language(acceptLanguage: nil) == .en)
    }

    @Test func xlsxIsTheExportWorkbookForTheReference() async throws {
        let folder = try TestFolder()
        let app = try buildApplication(configuration: folder.configuration())
        try await app.test(.router) { client in
            let id = try await Self.start(client)
            let yaml = try await client.execute(uri: "/api/jobs/\(id)/files/more-desks.yaml", method: .get, headers: .local) { String(buffer: $0.body) }
            var sheets: [[String: Data]] = []
            for ref in [0, 1] {
                let data = try await client.execute(uri: "/api/jobs/\(id)/xlsx?reference=\(ref)", method: .get, headers: .local) { r in
                    #expect(r.status == .ok)
                    #expect(r.headers[.contentType] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
                    #expect(r.headers[.contentDisposition] == "attachment; filename=\"comparison-\(ref == 0 ? "clinic" : "more-desks").xlsx\"")
                    return Data(r.body.readableBytesView)
                }
                #expect(data.prefix(4) == Data([0x50, 0x4B, 0x03, 0x04]), "a ZIP container")
                let got = try Self.entries(data)
                #expect(Set(got.keys).isSuperset(of: ["[Content_Types].xml", "_rels/.rels", "xl/workbook.xml", "xl/worksheets/sheet1.xml", "xl/worksheets/sheet2.xml"]))
                // What `careflow export --xlsx` writes for the CLI's comparison, part by part.
                let (c, _) = try Self.cliComparison(folder, yaml: yaml, reference: ref)
                let path = folder.results + "/expected-\(ref).xlsx"
                try XLSX.write([XLSX.Sheet(name: "comparison", header: ExportTable.header, rows: ExportTable.rows(comparison: c)),
                                XLSX.Sheet(name: "replications", header: ExportTable.replicationHeader, rows: ExportTable.replicationRows(comparison: c))], to: path)
                let want = try Self.entries(try Data(contentsOf: URL(fileURLWithPath: path)))
                #expect(got == want)
                sheets.append(got)
            }
            #expect(sheets[0]["xl/worksheets/sheet1.xml"] != sheets[1]["xl/worksheets/sheet1.xml"], "the differences are against the chosen reference")
            #expect(FileManager.default.fileExists(atPath: folder.results + "/\(id)/comparison.xlsx"), "kept with the run's other results")
        }
    }

    static func entries(_ data: Data) throws -> [String: Data] {
        let archive = try Archive(data: data, accessMode: .read)
        var out: [String: Data] = [:]
        for e in archive {
            var d = Data()
            _ = try archive.extract(e) { d.append($0) }
            out[e.path] = d
        }
        return out
    }
}
