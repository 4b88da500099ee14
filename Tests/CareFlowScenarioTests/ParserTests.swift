import Testing
import Foundation
@testable import CareFlowScenario
import CareFlowEngine

/// Valid scenario files compile; invalid ones give the exact
/// `FILE:LINE:COLUMN: error: <key path>: <what is wrong>; expected <what>`.
@Suite struct ParserTests {
    static let validFixtures = Fixtures.yamlFiles(in: "valid").map { "valid/\($0)" } + Fixtures.yamlFiles(in: "e2e").map { "e2e/\($0)" }

    @Test(arguments: validFixtures)
    func validFixtureCompiles(_ name: String) throws {
        let sc = try Fixtures.compile(name)
        #expect(!sc.model.steps.isEmpty)
        #expect(!sc.model.sources.isEmpty)
        try sc.model.validate()
    }

    @Test(arguments: ["bench-b1.yaml", "bench-b2.yaml"])
    func benchmarkScenariosCompile(_ name: String) throws {
        let sc = try ScenarioCompiler.compile(file: Fixtures.scenario(name))
        try sc.model.validate()
        #expect(sc.kpis.count >= 1)
    }

    @Test func benchB2Structure() throws {
        let sc = try ScenarioCompiler.compile(file: Fixtures.scenario("bench-b2.yaml"))
        #expect(sc.name == "bench-b2")
        #expect(sc.model.horizon == 395 * 1440)
        #expect(sc.model.warmup == 30 * 1440)
        #expect(sc.replications == 10)
        #expect(sc.model.units.map(\.name) == ["triage_nurse", "cubicle", "physician", "xray", "ct", "ward_bed"])
        #expect(sc.model.units.map(\.capacity) == [2, 30, 6, 1, 1, 120])
        #expect(sc.model.attributeLabels == [["P1", "P2", "P3", "P4", "P5"]])
        #expect(sc.model.sources == [ArrivalSource(name: "ed", pathway: 0, pattern: .poisson(rate: 150.0 / 1440), limit: .max,
                                                   stream: sc.model.sources[0].stream, entry: 0)])
        #expect(sc.kpis.map(\.name) == ["ed_los", "boarding"])
        #expect(sc.units.map(\.area) == [.ed, .ed, .ed, .imaging, .imaging, .ward])
        // Branch probabilities become cumulative tables.
        #expect(sc.model.branchTables.map(\.cumulative) == [[0.35, 1], [0.7, 1], [0.25, 1]])
        #expect(sc.model.distributions.contains { $0.description == "triangular(10, 15, 30)" })
    }

    @Test func fullFixtureFeatures() throws {
        let sc = try Fixtures.compile("valid/full.yaml")
        let m = sc.model
        #expect(m.units.first { $0.name == "doctor" }?.schedule?.changes.map(\.capacity) == [2, 4, 3])
        #expect(m.units.first { $0.name == "doctor" }?.preemptive == true)
        let clinic = try #require(m.units.first { $0.name == "clinic_room" }?.schedule)
        #expect(clinic.cycle == 10080)
        #expect(clinic.changes.count == 12)
        let firstChange = try #require(clinic.changes.first)
        #expect(firstChange.time == 480.0)
        #expect(clinic.changes.last.map { ($0.time, $0.capacity) } ?? (0, -1) == (5 * 1440 + 13 * 60, 0))
        guard case .profile(let profile) = m.sources[0].pattern else { Issue.record("walk_in is not a profile"); return }
        #expect(profile.rates.count == 168)
        #expect(abs(profile.arrivalsPerPeriod - 7 * 60) < 1e-9)
        #expect(m.sources[2].pattern == .scheduled([480, 510, 540, 1440 + 480]))
        #expect(m.sources[3].limit == 20)
        #expect(m.lookupTables.count == 1 && m.lookupTables[0].count == 4)
        #expect(m.balkRules.map(\.queueLimit) == [30])
        #expect(sc.kpis.first { $0.name == "door_to_doctor" }?.groupTargets == [0, 15, 60, 120])
        #expect(sc.kpis.first { $0.name == "door_to_doctor" }?.targetShare == 0.95)
        #expect(sc.censuses.map(\.name) == ["in_ed"])
        #expect(sc.sources == [Citation(id: "nhs", text: "NHS England, A&E attendances (illustrative)")])
        #expect(sc.assumptions.count == 1)
        #expect(sc.pathways.map(\.name) == ["ed", "clinic"])
        #expect(sc.pathways[0].label == "Emergency department")
        // Sub-pathway steps are inlined: two calls of imaging, two scans.
        #expect(m.stepLabels.filter { $0.hasPrefix("scan:") }.count == 2)
    }

    // MARK: Invalid files: exact messages

    static let invalidCases: [(String, [String])] = [
        ("yaml_syntax", ["invalid/yaml_syntax.yaml:4:9: error: YAML syntax: did not find expected ',' or ']' (while parsing a flow sequence at line 3); expected valid YAML"]),
        ("yaml_bad_indent", ["invalid/yaml_bad_indent.yaml:4:9: error: YAML syntax: mapping values are not allowed in this context; expected valid YAML"]),
        ("top_level_list", ["invalid/top_level_list.yaml:1:1: error: the file holds a list; expected a mapping of scenario sections (name, run, units, arrivals, pathways, kpis ...)"]),
        ("unknown_top_key", ["invalid/unknown_top_key.yaml:11:1: error: titel: unknown key 'titel' (did you mean 'title'?); expected one of name, title, description, sources, assumptions, run, units, attributes, arrivals, pathways, subpathways, kpis, census, report, initial, inputs, costs"]),
        ("unknown_nested_key", ["invalid/unknown_nested_key.yaml:4:25: error: units.doctor.aera: unknown key 'aera' (did you mean 'area'?); expected one of capacity, schedule, dated_changes, preemptive, label, area, kind, target_utilisation, reprioritise"]),
        ("unknown_activity_key", [
            "invalid/unknown_activity_key.yaml:10:19: error: pathways.ed.steps[0].activity: missing key 'duration'; expected {name: NAME, uses: [UNIT, ...], duration: DISTRIBUTION}",
            "invalid/unknown_activity_key.yaml:10:46: error: pathways.ed.steps[0].activity.duraton: unknown key 'duraton' (did you mean 'duration'?); expected one of name, uses, duration, priority, start_milestone, end_milestone",
        ]),
        ("unknown_step", ["invalid/unknown_step.yaml:11:9: error: pathways.ed.steps[1]: unknown step 'seise' (did you mean 'seize'?); expected one of activity, seize, release, delay, wait_until_time_of_day, assign, branch, branch_on, repeat, patience, end_patience, milestone, label, goto, call, leave"]),
        ("wrong_type_units", [
            "invalid/wrong_type_units.yaml:3:8: error: units: a list is not a mapping; expected a mapping of unit names to {capacity: N} or {schedule: ...}",
            "invalid/wrong_type_units.yaml:9:38: error: pathways.ed.steps[0].activity.uses: no unit named 'doctor'; expected a unit declared under 'units'",
        ]),
        ("wrong_type_capacity", ["invalid/wrong_type_capacity.yaml:4:22: error: units.doctor.capacity: the value 'two' is not a whole number; expected a capacity from 0 to 2147483647"]),
        ("wrong_type_replications", ["invalid/wrong_type_replications.yaml:2:34: error: run.replications: the value 'many' is not a whole number; expected a whole number from 1 to 100000"]),
        ("bad_duration", ["invalid/bad_duration.yaml:10:56: error: pathways.ed.steps[0].activity.duration: the value '20 mins' is not a duration; expected a duration such as 45m, 8h, 3d, 1h30m, 90s or 2w (a bare number means minutes)"]),
        ("bad_horizon", ["invalid/bad_horizon.yaml:2:16: error: run.horizon: the value 'one day' is not a duration; expected a duration such as 45m, 8h, 3d, 1h30m, 90s or 2w (a bare number means minutes)"]),
        ("negative_duration", ["invalid/negative_duration.yaml:11:16: error: pathways.ed.steps[1].delay: -5m is negative; expected a duration of 0 or more"]),
        ("branch_sum", ["invalid/branch_sum.yaml:12:11: error: pathways.ed.steps[1].branch: probabilities sum to 0.9; expected probabilities that sum to 1"]),
        ("categorical_sum", ["invalid/categorical_sum.yaml:12:29: error: arrivals.walk_in.set.triage.categorical: probabilities sum to 0.9; expected probabilities that sum to 1"]),
        ("confusion_row_sum", ["invalid/confusion_row_sum.yaml:18:20: error: pathways.ed.steps[0].assign.triaged.table.low: probabilities sum to 0.9; expected probabilities that sum to 1"]),
        ("confusion_missing_row", ["invalid/confusion_missing_row.yaml:17:15: error: pathways.ed.steps[0].assign.triaged.table: no row for low; expected one row per category of true_level"]),
        ("probability_out_of_range", [
            "invalid/probability_out_of_range.yaml:12:26: error: pathways.ed.steps[1].branch[0].probability: 1.5 is not a probability; expected a probability between 0 and 1",
            "invalid/probability_out_of_range.yaml:13:26: error: pathways.ed.steps[1].branch[1].probability: -0.5 is not a probability; expected a probability between 0 and 1",
        ]),
        ("unknown_unit", ["invalid/unknown_unit.yaml:11:16: error: pathways.ed.steps[1].seize: no unit named 'nurse'; expected one of doctor"]),
        ("unknown_attribute", ["invalid/unknown_attribute.yaml:11:41: error: pathways.ed.steps[1].seize.priority: no attribute named 'acuity'; expected an attribute declared under 'attributes'"]),
        ("unknown_category", ["invalid/unknown_category.yaml:8:53: error: arrivals.walk_in.set.triage: 'blue' is not a category of triage; expected one of red, amber, green"]),
        ("unknown_pathway", ["invalid/unknown_pathway.yaml:6:22: error: arrivals.walk_in.pathway: no pathway named 'emergency'; expected one of ed"]),
        ("kpi_milestone", ["invalid/kpi_milestone.yaml:12:39: error: kpis.door_to_doctor.to: no milestone named 'seen_by_doctor' is marked in any pathway; expected one of arrival, departure"]),
        ("kpi_by_numeric", ["invalid/kpi_by_numeric.yaml:14:43: error: kpis.los.by: 'age' is not a categorical attribute; expected a categorical attribute to split by"]),
        ("label_never_placed", ["invalid/label_never_placed.yaml:11:15: error: pathways.ed.steps[1].goto: no label 'review' in this pathway; expected the name of a '- label: NAME' step in pathway ed"]),
        ("label_twice", ["invalid/label_twice.yaml:13:16: error: pathways.ed.steps[3].label: label 'again' is placed twice; expected each label once per pathway"]),
        ("extends_cycle_a", ["invalid/extends_cycle_b.yaml:2:10: error: extends: cycle in extends: extends_cycle_a.yaml -> extends_cycle_b.yaml -> extends_cycle_a.yaml; expected a chain of scenarios that ends in one without extends"]),
        ("extends_cycle_b", ["invalid/extends_cycle_a.yaml:2:10: error: extends: cycle in extends: extends_cycle_b.yaml -> extends_cycle_a.yaml -> extends_cycle_b.yaml; expected a chain of scenarios that ends in one without extends"]),
        ("extends_missing", ["invalid/extends_missing.yaml:2:10: error: extends: no such file 'no_such_base.yaml'; expected the path of the base scenario, relative to this file"]),
        ("override_bad_path", [
            "invalid/override_bad_path.yaml:5:3: error: overrides.units.physician.capacity: no key 'physician' at 'units'; expected one of nurse, doctor, bed",
            "invalid/override_bad_path.yaml:6:3: error: overrides.pathways.ed.steps[7].activity.duration: no item '7' in 'pathways.ed.steps'; expected an index from 0 to 2, a label, a step name or an assigned attribute; the items here: triage, exam, disposition",
        ]),
        ("override_not_mapping", ["invalid/override_not_mapping.yaml:2:12: error: overrides: a list is not a mapping; expected a mapping of key paths to values, e.g. units.physician.capacity: 8"]),
        ("negative_capacity", ["invalid/negative_capacity.yaml:4:11: error: units.doctor: -2 is too small; expected a capacity from 0 to 2147483647"]),
        ("negative_capacity_nested", ["invalid/negative_capacity_nested.yaml:4:22: error: units.doctor.capacity: -1 is too small; expected a capacity from 0 to 2147483647"]),
        ("normal_negative_sd", ["invalid/normal_negative_sd.yaml:10:81: error: pathways.ed.steps[0].activity.duration.normal.sd: must be greater than 0, got -5; expected a valid sd"]),
        ("triangular_mode", ["invalid/triangular_mode.yaml:10:85: error: pathways.ed.steps[0].activity.duration.triangular.mode: must lie between min (5) and max (20), got 30; expected a valid mode"]),
        ("lognormal_mean_zero", ["invalid/lognormal_mean_zero.yaml:10:75: error: pathways.ed.steps[0].activity.duration.lognormal.mean: must be greater than 0, got 0; expected a valid mean"]),
        ("normal_min_too_high", ["invalid/normal_min_too_high.yaml:10:90: error: pathways.ed.steps[0].activity.duration.normal.min: cuts off more than 99% of the distribution (lower 40 > mean + 2.33 sd); expected a lower bound below 31.630000000000003"]),
        ("uniform_max_below_min", ["invalid/uniform_max_below_min.yaml:10:82: error: pathways.ed.steps[0].activity.duration.uniform.max: must be greater than min (30), got 10; expected a valid max"]),
        ("unknown_distribution", ["invalid/unknown_distribution.yaml:10:57: error: pathways.ed.steps[0].activity.duration: unknown distribution 'lognorm'; expected one of fixed, uniform, exponential, normal, lognormal, gamma, erlang, weibull, triangular, pert, discrete, empirical, poisson, bernoulli"]),
        ("distribution_missing_param", ["invalid/distribution_missing_param.yaml:10:68: error: pathways.ed.steps[0].activity.duration.lognormal: missing parameter 'sd'; expected mean, sd"]),
        ("schedule_bad_time", ["invalid/schedule_bad_time.yaml:9:16: error: units.doctor.schedule.changes[1].at: '25:00' is not a time; expected a time of day such as \"08:00\""]),
        ("schedule_day_range", ["invalid/schedule_day_range.yaml:8:16: error: units.doctor.schedule.changes[0].at: 'Fri-Mon' is not a day or a range of days; expected Mon, Tue, ... or a range such as Mon-Fri"]),
        ("schedule_day_in_daily", ["invalid/schedule_day_in_daily.yaml:7:16: error: units.doctor.schedule.changes[0].at: a day in a daily schedule; expected repeat: weekly, or a time of day only"]),
        ("duplicate_keys", ["invalid/duplicate_keys.yaml:4:3: error: doctor: duplicate key; expected each key once per mapping"]),
        ("missing_required", [
            "invalid/missing_required.yaml:6:12: error: arrivals.walk_in: missing key 'pathway'; expected {pathway: NAME, per_day: N, ...}",
            "invalid/missing_required.yaml:10:19: error: pathways.ed.steps[0].activity: missing key 'duration'; expected {name: NAME, uses: [UNIT, ...], duration: DISTRIBUTION}",
        ]),
        ("missing_sections", [
            "invalid/missing_sections.yaml:1:1: error: pathways: missing section 'pathways'; expected a mapping of pathway names to {steps: [...]}",
            "invalid/missing_sections.yaml:1:1: error: arrivals: missing section 'arrivals'; expected a mapping of arrival streams",
        ]),
        ("hour_of_day_23", ["invalid/hour_of_day_23.yaml:9:18: error: arrivals.walk_in.hour_of_day: a list does not have 24 values; expected a list of 24 relative weights (hour 0-1 first)"]),
        ("day_of_week_negative", ["invalid/day_of_week_negative.yaml:9:34: error: arrivals.walk_in.day_of_week[5]: negative weight; expected a weight of 0 or more"]),
        ("negative_rate", ["invalid/negative_rate.yaml:6:36: error: arrivals.walk_in.per_hour: the rate is negative; expected a rate of 0 or more"]),
        ("two_rates", ["invalid/two_rates.yaml:6:12: error: arrivals.walk_in: more than one rate; expected exactly one of per_day, per_hour, per_minute, or a list 'at'"]),
        ("unlimited_no_horizon", ["invalid/unlimited_no_horizon.yaml:2:6: error: run.horizon: no horizon, and some arrival stream has no limit; expected run.horizon, or a limit on every arrival stream"]),
        ("warmup_ge_horizon", ["invalid/warmup_ge_horizon.yaml:2:28: error: run.warmup: the warm-up does not end before the horizon; expected a warm-up shorter than the horizon"]),
        ("at_backwards", ["invalid/at_backwards.yaml:6:30: error: arrivals.walk_in.at: arrival times go backwards; expected arrival times in increasing order"]),
        ("bad_seed", ["invalid/bad_seed.yaml:2:26: error: run.seed: the value '-1' is not a seed; expected a whole number from 0 to 18446744073709551615"]),
        ("replications_zero", ["invalid/replications_zero.yaml:2:34: error: run.replications: 0 is too small; expected a whole number from 1 to 100000"]),
        ("repeat_zero", ["invalid/repeat_zero.yaml:11:25: error: pathways.ed.steps[1].repeat.times: 0 is too small; expected a whole number from 1 to 2147483647"]),
        ("unknown_area", ["invalid/unknown_area.yaml:4:31: error: units.doctor.area: the value 'icu' is not an area; expected one of ed, imaging, ward, primary_care, other"]),
        ("unit_twice_in_uses", ["invalid/unit_twice_in_uses.yaml:10:47: error: pathways.ed.steps[0].activity.uses: unit 'doctor' is listed twice; expected each unit once"]),
        ("balk_when_full_false", ["invalid/balk_when_full_false.yaml:11:49: error: pathways.ed.steps[1].seize.balk.when_full: when_full: false never balks; expected when_full: true, or when_queue_at_least: N"]),
        ("subpathway_cycle", ["invalid/subpathway_cycle.yaml:14:27: error: subpathways.loop_b.steps[0].call: sub-pathway 'loop_a' calls itself (loop_a -> loop_b -> loop_a); expected sub-pathways without cycles"]),
        ("several_errors", [
            "invalid/several_errors.yaml:5:11: error: run.warmup: the warm-up does not end before the horizon; expected a warm-up shorter than the horizon",
            "invalid/several_errors.yaml:7:11: error: units.doctor: -1 is too small; expected a capacity from 0 to 2147483647",
            "invalid/several_errors.yaml:8:24: error: units.nurse.aera: unknown key 'aera' (did you mean 'area'?); expected one of capacity, schedule, dated_changes, preemptive, label, area, kind, target_utilisation, reprioritise",
            "invalid/several_errors.yaml:10:36: error: arrivals.walk_in.per_hour: the rate is negative; expected a rate of 0 or more",
            "invalid/several_errors.yaml:14:16: error: pathways.ed.steps[0].seize: no unit named 'surgeon'; expected one of doctor, nurse",
            "invalid/several_errors.yaml:15:16: error: pathways.ed.steps[1].delay: the value '5 mins' is not a duration; expected a duration such as 45m, 8h, 3d, 1h30m, 90s or 2w (a bare number means minutes)",
            "invalid/several_errors.yaml:17:11: error: pathways.ed.steps[2].branch: probabilities sum to 0.9; expected probabilities that sum to 1",
            "invalid/several_errors.yaml:20:29: error: kpis.wait.to: no milestone named 'seen' is marked in any pathway; expected one of arrival, departure",
        ]),
    ]

    @Test(arguments: invalidCases.map(\.0))
    func invalidFixtureGivesExactErrors(_ name: String) throws {
        let expected = try #require(Self.invalidCases.first { $0.0 == name }?.1)
        let text = Fixtures.errorText("invalid/\(name).yaml")
        #expect(text == expected.joined(separator: "\n"), "\(name)")
    }

    @Test func everyInvalidFixtureIsCovered() {
        let files = Set(Fixtures.yamlFiles(in: "invalid").map { String($0.dropLast(5)) })
        let cases = Set(Self.invalidCases.map(\.0))
        #expect(files == cases)
        #expect(cases.count >= 30)
    }

    @Test func errorStructureMatchesDescription() throws {
        do {
            _ = try Fixtures.compile("invalid/negative_capacity_nested.yaml")
            Issue.record("compiled")
        } catch {
            #expect(error.errors.count == 1)
            let e = error.errors[0]
            #expect(e.location.file == Fixtures.path("invalid/negative_capacity_nested.yaml"))
            #expect(e.location.line == 4 && e.location.column == 22)
            #expect(e.path == "units.doctor.capacity")
            #expect(e.message == "-1 is too small")
            #expect(e.expected == "a capacity from 0 to 2147483647")
            #expect(e.description == "\(e.location.file):4:22: error: units.doctor.capacity: -1 is too small; expected a capacity from 0 to 2147483647")
        }
        // No key path: the "<key path>: " part is left out.
        let e = ScenarioError(at: SourceLocation(file: "a.yaml", line: 1, column: 2), path: "", message: "m", expected: "x")
        #expect(e.description == "a.yaml:1:2: error: m; expected x")
    }

    @Test func severalErrorsAreReportedAtOnceSortedByLine() throws {
        do {
            _ = try Fixtures.compile("invalid/several_errors.yaml")
            Issue.record("compiled")
        } catch {
            #expect(error.errors.count == 8)
            let positions = error.errors.map { [$0.location.line, $0.location.column] }
            #expect(positions == positions.sorted { $0.lexicographicallyPrecedes($1) })
            #expect(Set(error.errors.map(\.location.line)).count == 8)
        }
    }

    // MARK: Inline text (no file on disk)

    static let skeleton = """
        name: inline
        run: {horizon: 1d}
        units:
          doctor: 2
        arrivals:
          walk_in: {pathway: ed, per_hour: 4}
        pathways:
          ed:
            steps:
              - activity: {name: exam, uses: doctor, duration: 20m}

        """

    static let inlineCases: [(String, String, String)] = [
        ("negative sd in a delay", "      - delay: {normal: {mean: 10m, sd: -1m}}\n",
         "t.yaml:11:41: error: pathways.ed.steps[1].delay.normal.sd: must be greater than 0, got -1; expected a valid sd"),
        ("empty steps", "      - {}\n",
         "t.yaml:11:9: error: pathways.ed.steps[1]: a mapping is not a step; expected a mapping with one of activity, seize, release, delay, wait_until_time_of_day, assign, branch, branch_on, repeat, patience, end_patience, milestone, label, goto, call, leave"),
        ("bare unknown step", "      - sleep\n",
         "t.yaml:11:9: error: pathways.ed.steps[1]: unknown step 'sleep'; expected a step such as leave, end_patience, or a mapping like activity: {...}"),
        ("release an unknown unit", "      - release: {unit: bed}\n",
         "t.yaml:11:25: error: pathways.ed.steps[1].release.unit: no unit named 'bed'; expected one of doctor"),
        ("gamma without scale", "      - delay: {gamma: {shape: 2}}\n",
         "t.yaml:11:24: error: pathways.ed.steps[1].delay.gamma: missing shape or scale; expected shape and scale"),
        ("erlang k 0", "      - delay: {erlang: {k: 0, mean: 5m}}\n",
         "t.yaml:11:29: error: pathways.ed.steps[1].delay.erlang.k: 0 is too small; expected a whole number of at least 1"),
        ("empirical not ending at 1", "      - delay: {empirical: {values: [1m, 2m], cumulative: [0, 0.5]}}\n",
         "t.yaml:11:59: error: pathways.ed.steps[1].delay.empirical.cumulative: must end at 1, got 0.5; expected a valid cumulative"),
        ("wait_until_time_of_day bad", "      - wait_until_time_of_day: noon\n",
         "t.yaml:11:33: error: pathways.ed.steps[1].wait_until_time_of_day: the value 'noon' is not a duration; expected a duration such as 45m, 8h, 3d, 1h30m, 90s or 2w (a bare number means minutes)"),
    ]

    @Test(arguments: inlineCases.map(\.0))
    func inlineTextErrors(_ label: String) throws {
        let c = try #require(Self.inlineCases.first { $0.0 == label })
        do {
            _ = try compileText(Self.skeleton + c.1, file: "t.yaml")
            Issue.record("compiled: \(label)")
        } catch {
            #expect(error.description == c.2, "\(label)")
        }
    }

    @Test func skeletonCompiles() throws {
        let sc = try compileText(Self.skeleton)
        #expect(sc.model.units.map(\.capacity) == [2])
        #expect(sc.model.sources[0].pattern == .poisson(rate: 4.0 / 60))
    }

    @Test(arguments: [("45m", 45.0), ("8h", 480), ("3d", 4320), ("1h30m", 90), ("90s", 1.5), ("2w", 20160), ("12", 12), ("1_000", 1000), ("0.5h", 30)])
    func durations(_ text: String, _ minutes: Double) {
        #expect(ValueReader.parseDuration(text) == minutes)
    }

    @Test(arguments: ["", "m", "5x", "5 mins", "h5", "1e400", "nan", "--5m", "5m-"])
    func badDurations(_ text: String) {
        #expect(ValueReader.parseDuration(text) == nil)
    }

    @Test func didYouMeanOnlyForCloseKeys() {
        #expect(MapReader.closest("aera", ["capacity", "area"]) == "area")
        #expect(MapReader.closest("zzzzzz", ["capacity", "area"]) == nil)
        #expect(MapReader.closest("", ["a"]) == "a")
    }
}
