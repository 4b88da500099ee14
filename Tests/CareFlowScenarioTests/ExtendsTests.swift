import Testing
import Foundation
@testable import CareFlowScenario
import CareFlowEngine
import CareFlowAnalysis

/// `extends` + overrides give the same compiled model as the equivalent full file.
@Suite struct ExtendsTests {
    @Test func childEqualsFullFile() throws {
        let child = try Fixtures.compile("valid/child.yaml")
        let full = try Fixtures.compile("valid/child_full.yaml")
        let diffs = scenarioDifferences(child, full)
        #expect(diffs.isEmpty, "\(diffs.joined(separator: "\n"))")
        // The overrides really took effect (not two copies of the base).
        let base = try Fixtures.compile("valid/base.yaml")
        #expect(!scenarioDifferences(child, base).isEmpty)
        #expect(child.model.units.map(\.capacity) == [2, 5, 40, 2])
        #expect(base.model.units.map(\.capacity) == [2, 4, 40])
        #expect(child.model.branchTables.map(\.cumulative) == [[0.3, 1]])
        #expect(child.replications == 5 && child.seed == 7)
        #expect(child.kpis.first { $0.name == "los" }?.target == 240)
    }

    @Test func childRecordsItsFilesAndChangedPaths() throws {
        let child = try Fixtures.compile("valid/child.yaml")
        #expect(child.files.map { ($0.path as NSString).lastPathComponent } == ["base.yaml", "child.yaml"])
        #expect(child.changedPaths == ["name", "title", "run", "units",
                                       "units.doctor.capacity", "arrivals.walk_in.per_day",
                                       "pathways.ed.steps[triage].activity.duration",
                                       "pathways.ed.steps[disposition].branch.options[admit].probability",
                                       "pathways.ed.steps[disposition].branch.options[home].probability",
                                       "pathways.ed.steps[1].activity.duration", "kpis.los.target"])
    }

    @Test func childAndFullFileRunIdentically() throws {
        var child = try Fixtures.compile("valid/child.yaml")
        var full = try Fixtures.compile("valid/child_full.yaml")
        child.model.horizon = 5 * 1440; full.model.horizon = 5 * 1440
        let a = try Runner.run(model: child.model, config: child.collector, seed: child.seed, replications: 0..<2, workers: 1)
        let b = try Runner.run(model: full.model, config: full.collector, seed: full.seed, replications: 0..<2, workers: 1)
        #expect(a.map(\.names) == b.map(\.names))
        #expect(a.map { $0.values.map { $0.bitPattern } } == b.map { $0.values.map { $0.bitPattern } })
    }

    @Test func twoLevelsOfExtends() throws {
        let g = try Fixtures.compile("valid/grandchild.yaml")
        let child = try Fixtures.compile("valid/child.yaml")
        #expect(g.name == "grandchild")
        #expect(g.files.count == 3)
        let doctor = try #require(g.model.units.first { $0.name == "doctor" })
        #expect(doctor.schedule?.changes.map(\.capacity) == [5, 2])
        #expect(doctor.schedule?.cycle == 1440)
        // Capacity at time 0 (00:00) is the night capacity.
        #expect(doctor.capacity == 2)
        // Everything but the doctor unit is the child's.
        var m = g.model
        m.units = child.model.units
        #expect(modelDifferences(m, child.model).isEmpty)
    }

    @Test func extendsFromTextResolvesRelativeToDirectory() throws {
        let text = """
            extends: base.yaml
            overrides:
              units.nurse.capacity: 3
              run.horizon: 10d
            """
        let sc = try compileText(text, file: "inline.yaml", directory: Fixtures.path("valid"))
        #expect(sc.name == "inline")        // no name given: the file stem
        #expect(sc.model.units[0].capacity == 3)
        #expect(sc.model.horizon == 14400)
    }

    @Test func overrideSelectorsByIndexLabelAndName() throws {
        let base = try Fixtures.compile("valid/base.yaml")
        let text = """
            extends: base.yaml
            overrides:
              pathways.ed.steps[0].activity.uses: doctor
              pathways.ed.steps[exam].activity.priority: priority
              pathways.ed.steps[disposition].branch.options[admit].steps[stay].delay.duration: 3d
            """
        let sc = try compileText(text, file: "sel.yaml", directory: Fixtures.path("valid"))
        #expect(sc.model.steps.count == base.model.steps.count)
        #expect(sc.model.distributions.contains { $0.description == "fixed(4320)" })
        // Triage now seizes the doctor (unit 1) instead of the nurse (unit 0).
        #expect(sc.model.steps[0] == .seize(unit: 1, amount: 1, priorityAttribute: -1, balk: -1))
    }

    @Test(arguments: [
        ("units..capacity: 3", "t.yaml:3:3: error: overrides.units..capacity: empty segment in key path 'units..capacity'; expected keys separated by dots"),
        ("pathways.ed.steps[0.activity: {}", "t.yaml:3:3: error: overrides.pathways.ed.steps[0.activity: unclosed [ in key path 'pathways.ed.steps[0.activity'; expected key[selector]"),
        ("units.doctor[0]: 3", "t.yaml:3:3: error: overrides.units.doctor[0]: 'units.doctor' is a mapping, not a list; expected a list to select [0] from"),
        ("units.doctor.capacity.x: 3", "t.yaml:3:3: error: overrides.units.doctor.capacity.x: 'units.doctor.capacity' is the value '4', not a mapping with 'x'; expected a key path that exists in the base scenario"),
        ("pathways.ed.steps[nope].activity.duration: 3m", "t.yaml:3:3: error: overrides.pathways.ed.steps[nope].activity.duration: no item 'nope' in 'pathways.ed.steps'; expected an index from 0 to 2, a label, a step name or an assigned attribute; the items here: triage, exam, disposition"),
    ])
    func badOverridePaths(_ line: String, _ expected: String) throws {
        let text = "extends: base.yaml\noverrides:\n  \(line)\n"
        do {
            _ = try compileText(text, file: "t.yaml", directory: Fixtures.path("valid"))
            Issue.record("compiled: \(line)")
        } catch {
            #expect(error.description == expected)
        }
    }

    @Test func overrideErrorsPointIntoTheChild() throws {
        // An override that breaks the merged scenario: the error points at
        // the override's value in the child file.
        let text = "extends: base.yaml\noverrides:\n  units.doctor.capacity: -3\n"
        do {
            _ = try compileText(text, file: "t.yaml", directory: Fixtures.path("valid"))
            Issue.record("compiled")
        } catch {
            #expect(error.description == "t.yaml:3:26: error: units.doctor.capacity: -3 is too small; expected a capacity from 0 to 2147483647")
        }
    }
}
