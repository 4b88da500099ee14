import Testing
import Foundation
@testable import CareFlowScenario
import CareFlowEngine

/// The `inputs:` section (knobs): reading, located errors, automatic knobs,
/// and settings written as a what-if file that loads back to the same values.
@Suite struct InputsTests {
    static let small = """
    name: small
    run: {horizon: 10d, replications: 2, seed: 7}
    units:
      desk: {capacity: 3, label: Front desk}
      room:
        schedule: {repeat: daily, changes: [{at: "08:00", capacity: 2}, {at: "16:00", capacity: 1}]}
    arrivals:
      walk_in: {pathway: visit, per_day: 40}
    pathways:
      visit:
        steps:
          - activity: {name: check_in, uses: desk, duration: {exponential: {mean: 5m}}}
          - branch:
              name: route
              options:
                - {probability: 0.3, label: room, steps: [{activity: {name: exam, uses: room, duration: 20m}}]}
                - {probability: 0.7}
    """

    func load(_ text: String) throws -> LoadedScenario { try ScenarioLoader.load(text: text, file: "t.yaml") }

    func errors(_ inputs: String) -> String {
        let text = Self.small + "\ninputs:\n" + inputs
        do {
            let loaded = try load(text)
            _ = try ScenarioCompiler.compile(loaded)
            return ""
        } catch let e as ScenarioErrors {
            return e.description
        } catch {
            return "\(error)"
        }
    }

    @Test func shippedBaselineKnobs() throws {
        let loaded = try ScenarioLoader.load(Fixtures.scenario("baseline.yaml"))
        let knobs = try ScenarioInputs.knobs(loaded)
        let byName = Dictionary(uniqueKeysWithValues: knobs.map { ($0.name, $0) })
        #expect(byName["ed_cubicles"]?.current == 30)
        #expect(byName["ed_cubicles"]?.kind == .integer)
        #expect(byName["ed_visits"]?.current == 150)          // 36 / 0.24
        #expect(byName["treatment_time"]?.current == 180)     // 180m in minutes
        #expect(byName["imaged_share"]?.current == 0.29)
        #expect(byName["vr_share"]?.current == 0)
        #expect(byName["triage"]?.choices.map(\.name) == ["nurse", "ai_assisted"])
        #expect(knobs.allSatisfy { !$0.automatic })
        // What-ifs inherit the knobs, starting from their own values.
        let vr = try ScenarioInputs.knobs(try ScenarioLoader.load(Fixtures.scenario("vr-therapy.yaml")))
        #expect(vr.first { $0.name == "vr_share" }?.current == 0.4)
        #expect(vr.first { $0.name == "vr_rooms" }?.current == 2)
    }

    @Test func automaticKnobsWithoutInputs() throws {
        let knobs = try ScenarioInputs.knobs(try load(Self.small))
        #expect(knobs.map(\.name) == ["units.desk.capacity", "arrivals.walk_in.per_day"])   // the scheduled room is left out
        #expect(knobs[0].label == "Front desk" && knobs[0].current == 3 && knobs[0].max == 13)
        #expect(knobs[1].current == 40 && knobs[1].unit == "per day")
        #expect(knobs.allSatisfy { $0.automatic })
    }

    @Test func locatedErrors() throws {
        let base = Self.small.split(separator: "\n").count + 2   // line of the first knob's first key
        let bad = errors("  desks:\n    label: Desks\n    type: integr\n    sets: units.desk.capacity\n    min: 0\n    max: 9\n")
        #expect(bad.contains("t.yaml:\(base + 2):11: error: inputs.desks.type: the value 'integr' is not a knob type; expected one of integer, number, probability, duration, choice"))
        let path = errors("  desks:\n    label: Desks\n    type: integer\n    sets: units.desks.capacity\n    min: 0\n    max: 9\n")
        #expect(path.contains("t.yaml:\(base + 3):11: error: inputs.desks.sets: no key 'desks' at 'units'"))
        let bounds = errors("  desks: {label: Desks, type: integer, sets: units.desk.capacity, min: 5, max: 2}\n")
        #expect(bounds.contains("inputs.desks.max: max 2 is below min 5"))
        // A value outside the planning range widens the range (a what-if may go beyond it).
        let wide = try ScenarioInputs.knobs(try load(Self.small + "\ninputs:\n  desks: {label: Desks, type: integer, sets: units.desk.capacity, min: 5, max: 9}\n"))
        #expect(wide[0].min == 3 && wide[0].max == 9)
        let noBounds = errors("  desks: {label: Desks, type: integer, sets: units.desk.capacity}\n")
        #expect(noBounds.contains("missing key 'min'") && noBounds.contains("missing key 'max'"))
        let notNumber = errors("  route: {label: Route, type: number, sets: \"pathways.visit.steps[route].branch\", min: 0, max: 1}\n")
        #expect(notNumber.contains("is not a number"))
        let dur = errors("  exam: {label: Exam, type: duration, sets: \"pathways.visit.steps[0].activity.duration.exponential.mean\", min: 1, max: 9}\n")
        #expect(dur.contains("a duration knob needs a unit"))
        let unknown = errors("  desks: {label: Desks, type: integer, sets: units.desk.capacity, min: 0, max: 9, colour: red}\n")
        #expect(unknown.contains("inputs.desks.colour: unknown key 'colour'"))
        let oneChoice = errors("  c: {label: C, type: choice, choices: {a: {set: {units.desk.capacity: 4}}}}\n")
        #expect(oneChoice.contains("a choice knob needs at least 2 choices"))
        let badDefault = errors("  c: {label: C, type: choice, default: z, choices: {a: {set: {units.desk.capacity: 4}}, b: {set: {units.desk.capacity: 5}}}}\n")
        #expect(badDefault.contains("inputs.c.default: the value 'z' is not one of the choices; expected one of a, b"))
        let badChoicePath = errors("  c: {label: C, type: choice, choices: {a: {set: {units.nope.capacity: 4}}, b: {set: {units.desk.capacity: 5}}}}\n")
        #expect(badChoicePath.contains("inputs.c.choices.a.set.units.nope.capacity: no key 'nope'"))
        let complementScale = errors("  p: {label: P, type: probability, sets: [{path: \"pathways.visit.steps[route].branch.options[0].probability\", as: complement, scale: 2}]}\n")
        #expect(complementScale.contains("a complement target takes no scale"))
        #expect(errors("  desks: {label: Desks, type: integer, sets: units.desk.capacity, min: 0, max: 9}\n") == "")
    }

    @Test func settingsBecomeAWhatIfThatLoadsBack() throws {
        let text = Self.small + """

        inputs:
          desks: {label: Desks, type: integer, sets: units.desk.capacity, min: 1, max: 9, unit: desks}
          share:
            label: Share examined
            type: probability
            sets:
              - pathways.visit.steps[route].branch.options[0].probability
              - path: pathways.visit.steps[route].branch.options[1].probability
                as: complement
          exam:
            label: Exam time
            type: duration
            sets: pathways.visit.steps[route].branch.options[0].steps[exam].activity.duration
            min: 5
            max: 60
            unit: m
          volume: {label: Visits, type: number, sets: [{path: arrivals.walk_in.per_day, scale: 0.5}], min: 10, max: 200}
        """
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("careflow-inputs-\(getpid())").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try text.write(toFile: dir + "/small.yaml", atomically: true, encoding: .utf8)
        let knobs = try ScenarioInputs.knobs(try ScenarioLoader.load(dir + "/small.yaml"))
        #expect(knobs.first { $0.name == "volume" }?.current == 80)
        #expect(throws: KnobSettingError.self) { try ScenarioInputs.overrides(knobs, settings: ["desks": "10"]) }
        #expect(throws: KnobSettingError.self) { try ScenarioInputs.overrides(knobs, settings: ["desks": "2.5"]) }
        #expect(throws: KnobSettingError.self) { try ScenarioInputs.overrides(knobs, settings: ["nope": "1"]) }
        let ov = try ScenarioInputs.overrides(knobs, settings: ["desks": "5", "share": "0.7", "exam": "25", "volume": "100"])
        #expect(ov.map(\.comment) == ["Desks: 5 desks (base: 3 desks)", "Share examined: 0.7 (base: 0.3)",
                                      "Exam time: 25 m (base: 20 m)", "Visits: 100 (base: 80)"])
        #expect(ov[1].pairs.map(\.yaml) == ["0.7", "0.3"])   // 1 - 0.7 written as 0.3
        #expect(ov[2].pairs.map(\.yaml) == ["25m"])
        #expect(ov[3].pairs.map(\.yaml) == ["50"])
        // Unchanged knobs are left out.
        #expect(try ScenarioInputs.overrides(knobs, settings: ["desks": "3"]).isEmpty)
        let yaml = ScenarioInputs.whatIfYAML(base: "small.yaml", name: "more-desks", title: "Five desks \"quoted\"\nsecond line", overrides: ov,
                                             reproduce: "careflow compare small.yaml more-desks.yaml --seed 7")
        #expect(yaml.contains("  # Desks: 5 desks (base: 3 desks)\n  \"units.desk.capacity\": 5\n"))
        try yaml.write(toFile: dir + "/more-desks.yaml", atomically: true, encoding: .utf8)
        let what = try ScenarioLoader.load(dir + "/more-desks.yaml")
        let back = Dictionary(uniqueKeysWithValues: try ScenarioInputs.knobs(what).map { ($0.name, $0.current) })
        #expect(back == ["desks": 5, "share": 0.7, "exam": 25, "volume": 100])
        let compiled = try ScenarioCompiler.compile(what)
        #expect(compiled.name == "more-desks" && compiled.title == "Five desks \"quoted\" second line")
    }

    @Test func choiceWritesItsOverrides() throws {
        let loaded = try ScenarioLoader.load(Fixtures.scenario("baseline.yaml"))
        let knobs = try ScenarioInputs.knobs(loaded)
        let ov = try ScenarioInputs.overrides(knobs, settings: ["triage": "ai_assisted"])
        #expect(ov.count == 1 && ov[0].pairs.count == 2)
        #expect(ov[0].pairs[0].yaml == "{lognormal: {mean: 3.26m, sd: 1.89m}}")
        #expect(ov[0].pairs[1].yaml.hasPrefix("{red: {red: 0.95, orange: 0.05}, orange: {red: 0.04"))
        #expect(try ScenarioInputs.overrides(knobs, settings: ["triage": "nurse"]).isEmpty)
        #expect(throws: KnobSettingError.self) { try ScenarioInputs.overrides(knobs, settings: ["triage": "robot"]) }
    }
}
