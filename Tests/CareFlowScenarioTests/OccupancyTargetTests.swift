import Testing
import Foundation
@testable import CareFlowScenario
import CareFlowEngine
import CareFlowAnalysis

/// Occupancy and utilisation against a target: `unit.<u>.time_above_target`
/// against a schedule computed by hand.
@Suite struct OccupancyTargetTests {
    /// Four patients arrive at 0, 10, 20 and 30 min and hold a bed for 60 min
    /// each (4 beds, target 0.5: above when more than 2 are busy). Busy:
    /// 1 on [0,10), 2 on [10,20), 3 on [20,30), 4 on [30,60), 3 on [60,70),
    /// 2 on [70,80), 1 on [80,90), 0 to 200. Above target on [20,70): 50 of
    /// 200 min = 0.25. Utilisation 240 bed-minutes / (4 x 200) = 0.3.
    /// The ward (area ward, so beds with the default 0.85 target: above
    /// when 2 of 2 are busy) has patients on [0,100) and [50,150): above on
    /// [50,100), 0.25 again. The desk (staff, no target) gets no such KPI.
    static let text = """
        name: occupancy
        run: {horizon: 200m}
        units:
          bed: {capacity: 4, target_utilisation: 0.5}
          ward_place: {capacity: 2, area: ward}
          desk: 1
        arrivals:
          a: {pathway: stay, at: [0m, 10m, 20m, 30m]}
          b: {pathway: ward, at: [0m, 50m]}
        pathways:
          stay:
            - seize: bed
            - delay: 60m
            - release: bed
            - activity: {name: check_out, uses: desk, duration: 1m}
          ward:
            - seize: ward_place
            - delay: 100m
            - release: ward_place
        """

    @Test func timeAboveTargetMatchesTheHandSchedule() throws {
        let sc = try compileText(Self.text)
        #expect(sc.collector.unitTargets.map { $0.isNaN ? -1 : $0 } == [0.5, 0.85, -1])
        let r = try #require(try Runner.run(model: sc.model, config: sc.collector, seed: 1, replications: 0..<1, workers: 1).first)
        #expect(r["unit.bed.utilisation"] == 0.3)
        #expect(r["unit.bed.time_above_target"] == 0.25)
        #expect(r["unit.ward_place.time_above_target"] == 0.25)
        #expect(r["unit.ward_place.utilisation"] == 200.0 / 400.0)
        #expect(r["unit.desk.time_above_target"] == nil)
    }

    /// After a warm-up only the measured period counts: from 50 min on, the
    /// bed unit is above target on [50,70) of 150 min.
    @Test func theWarmupIsLeftOut() throws {
        let sc = try compileText(Self.text.replacingOccurrences(of: "run: {horizon: 200m}", with: "run: {horizon: 200m, warmup: 50m}"))
        let r = try #require(try Runner.run(model: sc.model, config: sc.collector, seed: 1, replications: 0..<1, workers: 1).first)
        #expect(abs((r["unit.bed.time_above_target"] ?? .nan) - 20.0 / 150.0) < 1e-12)
    }

    /// A capacity drop moves the line: 2 beds from 40 min (target 0.5: above
    /// when more than 1 is busy), so above on [20,80) = 60 of 200 min.
    @Test func theTargetFollowsTheSchedule() throws {
        let sc = try compileText(Self.text.replacingOccurrences(of: "bed: {capacity: 4, target_utilisation: 0.5}", with: """
            bed: {target_utilisation: 0.5, schedule: {repeat: daily, changes: [{at: "00:00", capacity: 4}, {at: "00:40", capacity: 2}]}}
            """))
        let r = try #require(try Runner.run(model: sc.model, config: sc.collector, seed: 1, replications: 0..<1, workers: 1).first)
        #expect(abs((r["unit.bed.time_above_target"] ?? .nan) - 60.0 / 200.0) < 1e-12)
    }

    @Test func theDefaultTargetIsForBedsOnly() throws {
        let info = { (kind: String?, name: String, area: Area) in UnitInfo(name: name, label: name, area: area, capacity: "1", kind: kind) }
        #expect(info("bed", "x", .other).effectiveTarget == 0.85)
        #expect(info(nil, "ward_bed", .other).effectiveTarget == 0.85)
        #expect(info(nil, "places", .ward).effectiveTarget == 0.85)
        #expect(info(nil, "nurse", .ed).effectiveTarget == nil)
        #expect(info("staff", "ward_bed", .ward).effectiveTarget == nil)
        var t = info("staff", "nurse", .ed)
        t.targetUtilisation = 0.9
        #expect(t.effectiveTarget == 0.9)
    }
}
