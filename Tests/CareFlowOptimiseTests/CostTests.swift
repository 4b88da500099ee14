import CareFlowAnalysis
import CareFlowEngine
import CareFlowScenario
import Foundation
import Testing

/// Cost KPIs against hand-computed values: the capacity schedule integrated
/// exactly (shift cycles, partial days, dated changes) and event costs.
@Suite("Costs")
struct CostTests {
    static func compile(_ yaml: String) throws -> CompiledScenario {
        try ScenarioCompiler.compile(try ScenarioLoader.load(text: yaml, file: "costs.yaml"))
    }

    static let base = """
        name: costs
        run: {horizon: HORIZON, warmup: WARMUP, start: 2027-01-04}
        units:
          physician:
            schedule:
              repeat: daily
              changes:
                - {at: "08:00", capacity: 4}
                - {at: "16:00", capacity: 3}
                - {at: "22:00", capacity: 2}
          ward_bed:
            capacity: 20
            dated_changes:
              - {from: 2027-01-06, to: 2027-01-07, change: -5}
          ct: 1
        arrivals:
          walk_in: {pathway: ed, per_hour: 2}
        pathways:
          ed:
            steps:
              - activity: {name: exam, uses: physician, duration: 20m}
              - seize: {unit: ward_bed, balk: {when_full: true}}
              - delay: {name: stay, duration: 2d}
              - release: ward_bed
        costs:
          currency: SEK
          units:
            physician: {per_capacity_hour: 1000}
            ward_bed: {per_bed_day: 5000}
            ct: {per_unit_year: 2000000}
          events:
            unit.ward_bed.balked: 300
          fixed:
            - {label: licence, per_year: 100000}
            - {label: refit, once: 1000000, years: 10}
        """

    static func yaml(horizon: String, warmup: String) -> String {
        base.replacingOccurrences(of: "HORIZON", with: horizon).replacingOccurrences(of: "WARMUP", with: warmup)
    }

    @Test("capacity-hours of a daily shift pattern over a partial window, by hand")
    func shiftIntegral() throws {
        let sc = try Self.compile(Self.yaml(horizon: "10d", warmup: "36h"))
        let u = sc.model.units[0]
        // A day: 00-08 at 2 (16), 08-16 at 4 (32), 16-22 at 3 (18), 22-24 at 2 (4) = 70 capacity-hours.
        // [0, 36h] = 70 + 16 + 4·4 = 102; [0, 240h] = 700; so 598 capacity-hours in [36h, 240h].
        #expect(abs(CostSpec.capacityMinutes(u, from: 36 * 60, to: 240 * 60) - 598 * 60) < 1e-6)
        #expect(abs(CostSpec.capacityMinutes(u, from: 0, to: 1440) - 70 * 60) < 1e-9)
        // 07:00-09:00 crosses the 08:00 change: 2 + 4 = 6 capacity-hours.
        #expect(abs(CostSpec.capacityMinutes(u, from: 7 * 60, to: 9 * 60) - 6 * 60) < 1e-9)
    }

    @Test("dated changes: beds 20, 15 on two dates (Jan 6-7), per bed-day")
    func datedIntegral() throws {
        let sc = try Self.compile(Self.yaml(horizon: "10d", warmup: "1d"))
        let u = sc.model.units[1]
        // Days 1..9 measured: 9 days × 20 beds − 2 days × 5 beds = 170 bed-days.
        #expect(abs(CostSpec.capacityMinutes(u, from: 1440, to: 10 * 1440) - 170 * 1440) < 1e-6)
    }

    @Test("cost KPIs of a run: every part per year, by hand")
    func runKPIs() throws {
        let sc = try Self.compile(Self.yaml(horizon: "10d", warmup: "36h"))
        let results = try Runner.run(model: sc.model, config: sc.collector, seed: 3, replications: 0..<2, workers: 1)
        let r = results[0]
        let perYear = 8760.0 / 204  // measured window 204 h
        let physician = 598 * 1000 * perYear
        // Beds: [36h, 240h] = 20·204 h − 5·48 h (Jan 6-7 = 48..96 h, inside the window) = 3840 bed-hours = 160 bed-days.
        let beds = 160 * 5000 * perYear
        let ct = 2_000_000.0 * 204 / 8760 * perYear
        let fixed = 100_000 + 1_000_000 / 10.0
        let balked = r["unit.ward_bed.balked_per_year"]!
        #expect(abs(r["cost.unit.physician_per_year"]! - physician) < 1e-6 * physician)
        #expect(abs(r["cost.unit.ward_bed_per_year"]! - beds) < 1e-6 * beds)
        #expect(abs(r["cost.unit.ct_per_year"]! - ct) < 1e-6 * ct)
        #expect(abs(r["cost.capacity_per_year"]! - (physician + beds + ct)) < 1e-6 * physician)
        #expect(r["cost.events_per_year"]! == 300 * balked)
        #expect(balked > 0)
        #expect(r["cost.fixed_per_year"]! == fixed)
        #expect(abs(r["cost.total_per_year"]! - (physician + beds + ct + 300 * balked + fixed)) < 1e-6 * physician)
        // The capacity part does not vary between replications; the event part does.
        #expect(results[1]["cost.capacity_per_year"] == r["cost.capacity_per_year"])
    }

    @Test("bad cost input: file, line, column, key and what was expected")
    func errors() throws {
        let cases: [(String, String)] = [
            ("physician: {per_capacity_hour: 1000}", "physician: {per_hour: 1000}"),
            ("ct: {per_unit_year: 2000000}", "ct: {per_unit_year: 1, per_bed_day: 2}"),
            ("unit.ward_bed.balked: 300", "pathway.nowhere.reneged: 300"),
            ("ward_bed: {per_bed_day: 5000}", "ward_bd: {per_bed_day: 5000}"),
        ]
        let expected = [
            "costs.yaml:28:17: error: costs.units.physician.per_hour: unknown key 'per_hour'",
            "costs.yaml:30:9: error: costs.units.ct: more than one rate; expected exactly one of per_capacity_hour, per_bed_day, per_unit_year",
            "costs.yaml:32:5: error: costs.events.pathway.nowhere.reneged: no pathway 'nowhere'",
            "costs.yaml:29:5: error: costs.units.ward_bd: no unit 'ward_bd'",
        ]
        for ((old, new), exp) in zip(cases, expected) {
            let text = Self.yaml(horizon: "10d", warmup: "1d").replacingOccurrences(of: old, with: new)
            do {
                _ = try Self.compile(text)
                Issue.record("no error for \(new)")
            } catch {
                #expect("\(error)".contains(exp), "\(error)")
            }
        }
    }
}
