import Testing
@testable import CareFlowEngine
import CareFlowRandom

/// `sim.run()` on a `Simulation<StandardCollector>` calls the overload
/// compiled for the standard collector (Specialised.swift); the generic
/// `run()` (other observers, generic code such as `run(_:_:)` in
/// TestSupport) runs the same loop unspecialised. Both must give the same
/// results to the last bit.
@Suite("The specialised run loop")
struct SpecialisedRunTests {
    /// B2 (priorities, imaging branches, boarding) shortened, plus what the
    /// benchmark leaves out: a KPI grouped by priority with per-group
    /// targets, a census, hour-of-week series and histograms.
    static func model() throws -> (Model, CollectorConfig) {
        var m = try BenchmarkModels.b2(warmupDays: 2, days: 28)
        let priority = Int32(m.attributes.firstIndex(of: "priority")!)
        let leftED = Int32(m.milestones.firstIndex(of: "left_ed")!)
        m.attributeLabels[Int(priority)] = ["none", "p1", "p2", "p3", "p4", "p5"]
        m.kpis.append(IntervalKPI(name: "ed_los_by_priority", from: 0, to: leftED, groupBy: priority))
        let config = CollectorConfig(kpiTargets: [[240], nil, [.nan, 15, 60, 120, 240, 360]],
                                     censuses: [.init(name: "in_ed", from: 0, to: leftED)],
                                     series: true)
        return (m, config)
    }

    /// Runs through the generic `run()`: inside a generic function the
    /// constrained overload is not visible.
    static func runGeneric<O: SimObserver>(_ sim: inout Simulation<O>) { sim.run() }

    static func same(_ a: [Double], _ b: [Double]) -> Bool {
        a.count == b.count && zip(a, b).allSatisfy { $0.bitPattern == $1.bitPattern }
    }

    @Test("specialised and generic runs give identical results, series and histograms")
    func identicalToGeneric() throws {
        let (m, config) = try Self.model()
        var fast = Simulation(model: m, seed: 7, replication: 3, observer: StandardCollector(config: config))
        fast.run()
        var slow = Simulation(model: m, seed: 7, replication: 3, observer: StandardCollector(config: config))
        Self.runGeneric(&slow)
        let a = fast.observer.result(), b = slow.observer.result()
        #expect(fast.eventCount == slow.eventCount && fast.eventCount > 10_000)
        #expect(a.names == b.names)
        #expect(Self.same(a.values, b.values))
        // The grouped KPI, its targets and the census were really measured.
        #expect((a["ed_los_by_priority[p3].count"] ?? 0) > 100)
        #expect((a["ed_los_by_priority[p3].within_target"] ?? .nan) > 0)
        #expect((a["census.in_ed.mean"] ?? 0) > 1)
        let sa = try #require(a.series), sb = try #require(b.series)
        #expect(sa.levels.count == sb.levels.count && sa.histograms.count == sb.histograms.count)
        for (x, y) in zip(sa.levels, sb.levels) {
            #expect(x.name == y.name)
            #expect(Self.same(x.hourOfDay, y.hourOfDay) && Self.same(x.dayOfWeek, y.dayOfWeek))
            #expect(Self.same(x.daily, y.daily) && Self.same(x.hourly, y.hourly))
        }
        for (x, y) in zip(sa.histograms, sb.histograms) { #expect(x.name == y.name && Self.same(x.shares, y.shares)) }
        #expect(Self.same(sa.arrivalsHourOfDay, sb.arrivalsHourOfDay) && Self.same(sa.arrivalsDaily, sb.arrivalsDaily))
    }

    /// The collector's flat KPI slots: KPI k, group g is slot first[k] + g,
    /// so a group value beyond KPI k's groups must be dropped, not counted
    /// in KPI k + 1's first group.
    @Test("an out-of-range group is ignored, not counted in the next KPI")
    func outOfRangeGroupIgnored() {
        var m = Model()
        m.attributes = ["a"]
        m.attributeLabels = [["x", "y"]]
        m.milestones = ["arrival", "departure", "m"]
        m.kpis = [IntervalKPI(name: "k0", from: 0, to: 2, groupBy: 0), IntervalKPI(name: "k1", from: 0, to: 1, groupBy: -1)]
        var c = StandardCollector()
        c.start(model: m, capacities: [])
        c.interval(kpi: 0, group: 1, value: 5, at: 5)
        c.interval(kpi: 0, group: 2, value: 7, at: 7)       // no group 2: dropped
        c.interval(kpi: 0, group: -1, value: 8, at: 8)      // dropped
        c.interval(kpi: 1, group: 0, value: 9, at: 9)
        let r = c.result()
        #expect(r["k0.count"] == 1 && r["k0[y].count"] == 1 && r["k0[x].count"] == 0)
        #expect(r["k1.count"] == 1 && r["k1.mean"] == 9)
    }
}
