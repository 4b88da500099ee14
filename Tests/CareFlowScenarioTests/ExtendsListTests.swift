import Testing
import Foundation
@testable import CareFlowScenario
import CareFlowEngine

/// `extends:` with a list of files, merged in order (each file after its
/// bases, a shared base once).
@Suite struct ExtendsListTests {
    static func errors(_ text: String, file: String = "t.yaml", directory: String = Fixtures.path("compose")) -> [String] {
        do {
            _ = try compileText(text, file: file, directory: directory)
            return []
        } catch {
            return error.errors.map(\.description)
        }
    }

    @Test func aListComposesLikeTheWrittenOutCopy() throws {
        let both = try Fixtures.compile("compose/both.yaml")
        let copy = try Fixtures.compile("compose/both_copy.yaml")
        let diffs = scenarioDifferences(both, copy)
        #expect(diffs.isEmpty, "\(diffs.joined(separator: "\n"))")
        // Both what-ifs took effect (not only the last one).
        #expect(both.model.units.map(\.capacity) == [3, 4, 40])
        #expect(both.model.branchTables.map(\.cumulative) == [[0.25, 1]])
        // Sources of both listed files are merged (mappings merge key by key).
        #expect(both.sources.map(\.id) == ["staffing", "exam"])
        #expect(both.title == "More nurses and faster exams")
    }

    @Test func laterFilesInTheListWin() throws {
        // more-nurses sets 4 replications, faster-exam 6: the later one wins.
        #expect(try Fixtures.compile("compose/both.yaml").replications == 6)
        let reversed = try compileText("extends: [faster-exam.yaml, more-nurses.yaml]\n", file: "r.yaml", directory: Fixtures.path("compose"))
        #expect(reversed.replications == 4)
        #expect(reversed.name == "r")
    }

    @Test func aSharedBaseIsMergedOnce() throws {
        let both = try Fixtures.compile("compose/both.yaml")
        #expect(both.files.map { ($0.path as NSString).lastPathComponent } == ["base.yaml", "more-nurses.yaml", "faster-exam.yaml", "both.yaml"])
        // The listed files' key paths are reported as changed, in merge order.
        #expect(both.changedPaths == ["name", "sources", "units.nurse.capacity", "run.replications",
                                      "pathways.ed.steps[exam].activity.duration",
                                      "pathways.ed.steps[disposition].branch.options[admit].probability",
                                      "pathways.ed.steps[disposition].branch.options[home].probability", "title"])
    }

    @Test func aListOfOneIsTheSameAsAName() throws {
        let a = try compileText("extends: [more-nurses.yaml]\nname: x\n", directory: Fixtures.path("compose"))
        let b = try compileText("extends: more-nurses.yaml\nname: x\n", directory: Fixtures.path("compose"))
        #expect(modelDifferences(a.model, b.model).isEmpty)
    }

    @Test(arguments: [
        ("extends: []\n", "t.yaml:1:10: error: extends: an empty list; expected the path of the base scenario (e.g. baseline.yaml), or a list of them merged in order"),
        ("extends: [more-nurses.yaml, {a: 1}]\n", "t.yaml:1:29: error: extends[1]: a mapping is not a file name; expected the path of the base scenario (e.g. baseline.yaml), or a list of them merged in order"),
        ("extends: [more-nurses.yaml, more-nurses.yaml]\n", "t.yaml:1:29: error: extends[1]: 'more-nurses.yaml' is listed twice; expected each base file once"),
        ("extends:\n  - more-nurses.yaml\n  - no-such.yaml\n", "t.yaml:3:5: error: extends: no such file 'no-such.yaml'; expected the path of the base scenario, relative to this file"),
    ])
    func badLists(_ text: String, _ expected: String) {
        #expect(Self.errors(text) == [expected])
    }

    @Test func aCycleThroughAListIsNamed() throws {
        let dir = NSTemporaryDirectory() + "careflow-extends-list-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try "extends: [b.yaml]\n".write(toFile: dir + "/a.yaml", atomically: true, encoding: .utf8)
        try "extends: [\(Fixtures.path("valid/base.yaml")), a.yaml]\n".write(toFile: dir + "/b.yaml", atomically: true, encoding: .utf8)
        do {
            _ = try ScenarioCompiler.compile(file: dir + "/a.yaml")
            Issue.record("a cycle loaded")
        } catch {
            #expect(error.errors.count == 1)
            let e = error.errors[0]
            #expect(e.location.file == dir + "/b.yaml" && e.location.line == 1 && e.path == "extends")
            #expect(e.message == "cycle in extends: a.yaml -> b.yaml -> a.yaml")
        }
    }

    /// The shipped combined.yaml composes the three what-ifs; it compiles to
    /// the same model as the copy of their overrides it replaced.
    @Test func shippedCombinedEqualsItsFormerCopy() throws {
        let copy = """
            extends: baseline.yaml
            name: combined
            title: AI triage, AI imaging and discharge planning
            overrides:
              pathways.ed.steps[triage].activity.duration: {lognormal: {mean: 3.26m, sd: 1.89m}}
              pathways.ed.steps[triage_level].assign.triage_level.table:
                red:    {red: 0.95, orange: 0.05}
                orange: {red: 0.04, orange: 0.90, yellow: 0.06}
                yellow: {orange: 0.06, yellow: 0.88, green: 0.06}
                green:  {yellow: 0.08, green: 0.88, blue: 0.04}
                blue:   {green: 0.12, blue: 0.88}
              subpathways.imaging.steps[modality].branch.options[0].steps[report_priority].assign.report_priority:
                from: ai_flag
                table:
                  flagged: {urgent: 1}
                  unflagged: {routine: 1}
              subpathways.imaging.steps[modality].branch.options[0].steps[autonomous_report].branch.options[0].probability: 0.17
              subpathways.imaging.steps[modality].branch.options[0].steps[autonomous_report].branch.options[1].probability: 0.83
              subpathways.imaging.steps[modality].branch.options[0].steps[autonomous_report].branch.options[1].steps[xray_reporting].activity.duration: {lognormal: {mean: 5m, sd: 3.3m}}
              pathways.ed.steps[disposition].branch_on.cases.ward.steps[7].wait_until_time_of_day:
                {empirical: {values: [8h, 12h, 15h, 16h, 18h, 21h], cumulative: [0, 0.35, 0.70, 0.80, 0.92, 1]}}
              pathways.paediatric.steps[4].wait_until_time_of_day:
                {empirical: {values: [8h, 12h, 15h, 16h, 18h, 21h], cumulative: [0, 0.35, 0.70, 0.80, 0.92, 1]}}
            """
        let former = try compileText(copy, file: "former.yaml", directory: (Fixtures.root as NSString).appendingPathComponent("Scenarios"))
        let combined = try ScenarioCompiler.compile(file: Fixtures.scenario("combined.yaml"))
        #expect(modelDifferences(combined.model, former.model).isEmpty, "\(modelDifferences(combined.model, former.model))")
        #expect(combined.seed == former.seed && combined.replications == former.replications)
        #expect(combined.name == "combined")
        #expect(combined.files.map { ($0.path as NSString).lastPathComponent } == ["baseline.yaml", "ai-triage.yaml", "ai-imaging.yaml", "discharge-planning.yaml", "combined.yaml"])
        // It cites the sources of the three what-ifs.
        for id in ["villa2018", "baltruschat2021", "halland"] { #expect(combined.sources.contains { $0.id == id }) }
    }
}
