import Foundation
@testable import CareFlowScenario
import Testing

/// "What changed" compares full merged trees: with a two-level `extends`
/// (base <- child <- grandchild) every change against the base is listed,
/// not only the last file's, with old and new values.
@Suite struct ScenarioDiffTests {
    @Test func twoLevelExtendsListsEveryChangeWithOldAndNew() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("careflow-diff-\(getpid())")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let base = try String(contentsOfFile: Fixtures.path("valid/base.yaml"), encoding: .utf8)
        try base.write(to: dir.appendingPathComponent("base.yaml"), atomically: true, encoding: .utf8)
        try """
        extends: base.yaml
        name: more-doctors
        overrides:
          units.doctor.capacity: 5
        """.write(to: dir.appendingPathComponent("child.yaml"), atomically: true, encoding: .utf8)
        try """
        extends: child.yaml
        name: more-doctors-faster-triage
        overrides:
          pathways.ed.steps[triage].activity.duration: {lognormal: {mean: 3m, sd: 1m}}
        """.write(to: dir.appendingPathComponent("grandchild.yaml"), atomically: true, encoding: .utf8)
        let b = try ScenarioCompiler.compile(file: dir.appendingPathComponent("base.yaml").path)
        let g = try ScenarioCompiler.compile(file: dir.appendingPathComponent("grandchild.yaml").path)
        // The grandchild's own file only names the triage duration...
        #expect(!g.changedPaths.contains("units.doctor.capacity"))
        // ...but against the base both changes show, with old -> new.
        guard let bt = b.tree, let gt = g.tree else { Issue.record("no merged trees"); return }
        let changes = ScenarioDiff.changes(from: bt, to: gt)
        #expect(changes.contains(SettingChange(path: "units.doctor.capacity", old: "4", new: "5")))
        let triage = changes.first { $0.path.hasPrefix("pathways.ed.steps[triage]") }
        #expect(triage?.path == "pathways.ed.steps[triage].activity.duration")
        #expect(triage?.new == "lognormal mean 3m, sd 1m")
        #expect(triage?.old?.isEmpty == false)
        // Names and titles are not settings.
        #expect(!changes.contains { $0.path == "name" })
        // Against itself: nothing.
        #expect(ScenarioDiff.changes(from: gt, to: gt).isEmpty)
    }

    @Test func tablesAreCountedInRows() throws {
        let a = try YAMLReader.parse("t:\n  a: 1\n  b: 2\n  c: 3\n  d: 4\n", file: "a.yaml")
        let b = try YAMLReader.parse("t:\n  a: 1\n  b: 5\n  c: 6\n  d: 4\n", file: "b.yaml")
        #expect(ScenarioDiff.changes(from: a, to: b) == [SettingChange(path: "t", old: nil, new: nil, rows: 2)])
    }
}
