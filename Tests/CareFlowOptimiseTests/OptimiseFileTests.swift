import CareFlowAnalysis
import CareFlowOptimise
import CareFlowReport
import CareFlowScenario
import Foundation
import Testing

@Suite("Optimise: files, store, outputs")
struct OptimiseFileTests {
    static let base = """
        name: small
        run: {horizon: 10d, warmup: 1d, seed: 2}
        units:
          server: 1
        arrivals:
          customers: {pathway: queue, per_minute: 0.4}
        pathways:
          queue:
            steps:
              - activity: {name: service, uses: server, duration: {exponential: {mean: 10m}}}
        costs:
          units:
            server: {per_capacity_hour: 100}
        """

    static func folder(_ opt: String) throws -> String {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("careflow-optf-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        try base.write(toFile: dir + "/base.yaml", atomically: true, encoding: .utf8)
        try opt.write(toFile: dir + "/opt.yaml", atomically: true, encoding: .utf8)
        return dir
    }

    static let good = """
        optimise: small
        base: base.yaml
        variables:
          servers: {path: units.server, from: 5, to: 9}
        constraints:
          - {kpi: unit.server.wait_mean_min, at_most: 2m, tolerance: 0.25m}
        replications: {first: 5, max: 40, batch: 5}
        window: 2
        """

    @Test("errors name file, line, column, key and what was expected")
    func errors() throws {
        let cases: [(String, String, String)] = [
            ("units.server", "units.sever", "opt.yaml:4:19: error: variables.servers.path: no key 'sever' at 'units' in the base scenario; expected one of server"),
            ("unit.server.wait_mean_min", "unit.server.wait_mean", "opt.yaml:6:11: error: constraints[0].kpi: unknown KPI 'unit.server.wait_mean'"),
            ("at_most: 2m", "at_most: soon", "opt.yaml:6:47: error: constraints[0].at_most: missing or not a number"),
            ("window: 2", "windows: 2", "opt.yaml:8:1: error: windows: unknown key"),
        ]
        for (old, new, expected) in cases {
            let dir = try Self.folder(Self.good.replacingOccurrences(of: old, with: new))
            do {
                _ = try OptimiseFile.load(dir + "/opt.yaml")
                Issue.record("no error for \(new)")
            } catch {
                #expect("\(error)".contains(expected.replacingOccurrences(of: "opt.yaml", with: dir + "/opt.yaml")), "\(error)")
            }
        }
    }

    @Test("same answer and numbers with 1 and 2 workers, and after resuming from a partial store")
    func determinismAndResume() throws {
        let dir = try Self.folder(Self.good)
        let spec = try OptimiseFile.load(dir + "/opt.yaml")
        let a = try Optimiser.run(spec, store: nil, workers: 1)
        let store = try OptimiseStore(path: dir + "/out/optimise.sqlite", spec: spec, command: "test")
        let b = try Optimiser.run(spec, store: store, workers: 2)
        #expect(a.chosen == b.chosen)
        #expect(a.values.map { $0.map { $0.map(\.bitPattern) } } == b.values.map { $0.map { $0.map(\.bitPattern) } })
        #expect(Answer.json(a, command: "").serialized() == Answer.json(b, command: "").serialized())
        // A second run on the same database runs nothing and ends the same.
        let c = try Optimiser.run(spec, store: store, workers: 2)
        #expect(c.tasksRun == 0)
        #expect(Answer.json(c, command: "").serialized().contains("\"evaluations\": \(b.evaluations)"))
        #expect(c.chosen == b.chosen)
        // Exact answer: Erlang C with a = 4: W(6) = 1.42 min, W(5) = 5.54 min, so 6 servers.
        #expect(b.chosen.map { spec.configurations[$0].values } == [6])
        #expect(Answer.onLowerBound(b).isEmpty)
    }

    @Test("report: escaped, English and Swedish; the what-if extends the base and sets the answer")
    func outputs() throws {
        let dir = try Self.folder(Self.good.replacingOccurrences(of: "optimise: small", with: "optimise: small\ndescription: \"<script>alert(1)</script> & co\""))
        let spec = try OptimiseFile.load(dir + "/opt.yaml")
        let r = try Optimiser.run(spec, store: nil, workers: 2)
        let en = OptimiseReport.render(r, lang: "en", compareCommand: "careflow compare a b")
        #expect(!en.contains("<script>"))
        #expect(en.contains("&lt;script&gt;alert(1)&lt;/script&gt; &amp; co"))
        #expect(en.contains("The answer"))
        #expect(en.contains("<svg class=\"frontier\""))
        let sv = OptimiseReport.render(r, lang: "sv", compareCommand: nil)
        #expect(sv.contains("Svaret") && sv.contains("Konfigurationer nära i kostnad") && !sv.contains("The answer"))
        let y = try #require(Answer.whatIf(r, outDir: dir + "/out"))
        #expect(y.contains("extends: \"../base.yaml\""))
        #expect(y.contains("\"units.server\": 6"))
        // The what-if compiles (from its folder) to the chosen configuration.
        try FileManager.default.createDirectory(atPath: dir + "/out", withIntermediateDirectories: true)
        try y.write(toFile: dir + "/out/chosen.yaml", atomically: true, encoding: .utf8)
        let sc = try ScenarioCompiler.compile(file: dir + "/out/chosen.yaml")
        #expect(sc.model.units[0].capacity == 6)
    }

    /// The report's text without markup, code, styles and SVG attributes.
    static func visibleText(_ html: String) -> String {
        var t = html
        for pattern in ["(?s)<style>.*?</style>", "(?s)<pre>.*?</pre>", "(?s)<code[^>]*>.*?</code>", "<[^>]+>"] {
            t = t.replacingOccurrences(of: pattern, with: " ", options: .regularExpression)
        }
        return t
    }

    @Test("report in Swedish: the main report's numbers (decimal comma, thin-space thousands, \"95 %\"); English keeps points")
    func swedishNumbers() throws {
        let dir = try Self.folder(Self.good)
        let spec = try OptimiseFile.load(dir + "/opt.yaml")
        let r = try Optimiser.run(spec, store: nil, workers: 2)
        let c = try #require(r.chosen)
        let sv = Self.visibleText(OptimiseReport.render(r, lang: "sv", compareCommand: nil))
        let en = Self.visibleText(OptimiseReport.render(r, lang: "en", compareCommand: nil))
        // The chosen configuration's wait (about 1.4 min) and its cost a year, as the main report writes them.
        let wait = r.estimate(c, "unit.server.wait_mean_min").mean
        #expect(PageKit.number(wait, lang: .sv).contains(","))
        #expect(sv.contains(PageKit.number(wait, lang: .sv)) && en.contains(PageKit.number(wait, lang: .en)))
        #expect(sv.contains(PageKit.number(r.objective(c), lang: .sv)))
        #expect(PageKit.number(r.objective(c), lang: .sv) == "5\u{2009}256\u{2009}000")   // 6 servers x 100 an hour x 8760 hours
        #expect(sv.contains("95\u{00A0}%") && sv.contains("5\u{00A0}%"))
        #expect(sv.range(of: "[0-9]\\.[0-9]", options: .regularExpression) == nil, "a decimal point in the Swedish report")
        #expect(en.range(of: "[0-9]\\.[0-9]", options: .regularExpression) != nil)
        #expect(sv.contains("steg 1"))
    }
}
