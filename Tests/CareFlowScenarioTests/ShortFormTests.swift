import Testing
import Foundation
@testable import CareFlowScenario
import CareFlowEngine

/// Short forms (`nurse: 2`, `ed: [steps]`, `seize: bed`, ...) can be reached
/// by key paths and merged into, as if the base had written them out.
@Suite struct ShortFormTests {
    static let dir = Fixtures.path("compose")

    /// The expansion is exact: every short form compiles as its long form.
    @Test func shortAndLongFormsCompileAlike() throws {
        let short = try Fixtures.compile("compose/short.yaml")
        let long = try Fixtures.compile("compose/long.yaml")
        let diffs = scenarioDifferences(short, long)
        #expect(diffs.isEmpty, "\(diffs.joined(separator: "\n"))")
    }

    @Test(arguments: [
        // (override, what it must equal when written into long.yaml's long form)
        ("units.nurse.capacity: 4", "units.nurse.capacity: 4"),
        ("units.nurse.label: Triage nurses", "units.nurse.label: Triage nurses"),
        ("pathways.ed.steps[1].seize.unit: nurse", "pathways.ed.steps[1].seize.unit: nurse"),
        ("pathways.ed.steps[1].seize.priority: priority", "pathways.ed.steps[1].seize.priority: priority"),
        ("pathways.ed.steps[2].delay.duration: 25m", "pathways.ed.steps[2].delay.duration: 25m"),
        ("pathways.ed.steps[1].seize.unit: nurse\n  pathways.ed.steps[3].release.unit: nurse", "pathways.ed.steps[1].seize.unit: nurse\n  pathways.ed.steps[3].release.unit: nurse"),
        ("pathways.ed.steps[by_priority].branch_on.cases.P2.goto: admit", "pathways.ed.steps[by_priority].branch_on.cases.P2.goto: admit"),
        ("pathways.ed.steps[6].branch.options[0].probability: 0.4\n  pathways.ed.steps[6].branch.options[1].probability: 0.6",
         "pathways.ed.steps[6].branch.options[0].probability: 0.4\n  pathways.ed.steps[6].branch.options[1].probability: 0.6"),
        ("subpathways.ward.steps[3].delay.duration: 3d", "subpathways.ward.steps[3].delay.duration: 3d"),
        ("kpis.boarding.target.share: 0.9", "kpis.boarding.target.share: 0.9"),
    ])
    func keyPathsReachIntoShortForms(_ override: String, _ same: String) throws {
        let a = try compileText("extends: short.yaml\noverrides:\n  \(override)\n", file: "a.yaml", directory: Self.dir)
        let b = try compileText("extends: long.yaml\noverrides:\n  \(same)\n", file: "a.yaml", directory: Self.dir)
        let diffs = scenarioDifferences(a, b)
        #expect(diffs.isEmpty, "\(override): \(diffs.joined(separator: "\n"))")
        // And the override took effect.
        let plain = try compileText("extends: short.yaml\n", file: "a.yaml", directory: Self.dir)
        #expect(!scenarioDifferences(a, plain).isEmpty, "\(override) changed nothing")
    }

    @Test func theShortCapacityTakesTheOverride() throws {
        let a = try compileText("extends: short.yaml\noverrides:\n  units.nurse.capacity: 4\n  pathways.ed.steps[2].delay.duration: 25m\n",
                                file: "a.yaml", directory: Self.dir)
        #expect(a.model.units.map(\.capacity) == [4, 3, 10])
        #expect(a.model.distributions.contains { $0.description == "fixed(25)" })
        #expect(!a.model.distributions.contains { $0.description == "fixed(20)" })
    }

    /// A merged section reaches into a short form too, keeping its value.
    @Test func sectionsMergeIntoShortForms() throws {
        let a = try compileText("extends: short.yaml\nunits:\n  nurse: {label: Triage nurses}\n  doctor: 5\n", file: "a.yaml", directory: Self.dir)
        #expect(a.model.units.map(\.capacity) == [2, 5, 10])
        #expect(a.units.first { $0.name == "nurse" }?.label == "Triage nurses")
        let p = try compileText("extends: short.yaml\npathways:\n  ed: {label: Emergency}\n", file: "p.yaml", directory: Self.dir)
        #expect(p.pathways.first { $0.name == "ed" }?.label == "Emergency")
        #expect(p.model.steps.count == (try Fixtures.compile("compose/short.yaml")).model.steps.count)
    }

    @Test func aPathPastAShortFormValueIsStillAnError() {
        do {
            _ = try compileText("extends: short.yaml\noverrides:\n  units.nurse.capacity.x: 4\n", file: "a.yaml", directory: Self.dir)
            Issue.record("compiled")
        } catch {
            #expect(error.description == "a.yaml:3:3: error: overrides.units.nurse.capacity.x: 'units.nurse.capacity' is the value '2', not a mapping with 'x'; expected a key path that exists in the base scenario")
        }
    }

    @Test func theExpansionKeepsTheBaseLocation() throws {
        // An error in the base's short form still points at the base's line.
        let tree = try YAMLReader.parse("units:\n  nurse: 2\n", file: "b.yaml")
        let nurse = try #require(tree["units"]?["nurse"])
        let long = try #require(ShortForms.expanded(nurse, context: ["units", "nurse"]))
        #expect(long["capacity"]?.string == "2")
        #expect(long.location == SourceLocation(file: "b.yaml", line: 2, column: 10))
        #expect(ShortForms.expanded(nurse, context: ["arrivals", "nurse"]) == nil)
    }
}
