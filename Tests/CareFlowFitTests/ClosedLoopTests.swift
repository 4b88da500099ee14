import CareFlowAnalysis
import CareFlowEngine
import CareFlowScenario
import Foundation
import Testing
@testable import CareFlowFit

/// Simulate a known scenario, write its event log, read it back, fit it and
/// check that every fitted parameter's interval holds the true value; then
/// `check` the original scenario and a wrong one against the log.
@Suite struct ClosedLoopTests {
    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures")
    static let scenario = fixtures.appendingPathComponent("closed-loop.yaml").path
    static let mappingFile = fixtures.appendingPathComponent("closed-loop-map.yaml").path

    /// The log of one replication (seed 99, not the scenario's), through CSV text.
    static func log(horizon: Double? = nil, file: String = scenario) throws -> (CompiledScenario, PatientLog, String) {
        let sc = try ScenarioCompiler.compile(file: file)
        var m = sc.model
        if let horizon { m.horizon = horizon }
        let rows = try EventLog.record(sc, model: m, seed: 99)
        let csv = rows.csv(clock: EventLog.clock(sc))
        let mapping = try FitMapping.read(file: mappingFile)
        return (sc, try LogReader.parse(Array(csv.utf8), file: "closed-loop.csv", knownEvents: mapping.knownEvents), csv)
    }

    // 46 intervals are checked at once: per day (1), hour shares (24), weekday
    // levels (7), two mixes (4), the branch (2) and four two-parameter
    // durations (8). At 95% each, about two would miss by chance; Bonferroni
    // (level 1 - 0.05/46) keeps the chance of any miss under 5%. The seed is
    // fixed, so the test is deterministic.
    static let level = 1 - 0.05 / 46

    static func contains(_ lo: Double, _ hi: Double, _ truth: Double, _ what: String) {
        #expect(lo <= truth && truth <= hi, "\(what): \(truth) not in [\(lo), \(hi)]")
    }

    @Test func fittedIntervalsContainTheTrueValues() throws {
        let (_, log, _) = try Self.log()
        let m = try FitMapping.read(file: Self.mappingFile)
        let r = try FitAnalysis.run(log, m, level: Self.level)
        #expect(r.days == 84)
        let a = try #require(r.arrivals.first)
        Self.contains(a.perDay.ciLow, a.perDay.ciHigh, 80, "per_day")
        let w: [Double] = [1, 1, 1, 1, 1, 1, 2, 3, 4, 5, 5, 5, 5, 5, 5, 4, 4, 4, 3, 3, 2, 2, 1, 1]
        let total = w.reduce(0, +)
        for (hour, s) in a.hourShare.enumerated() { Self.contains(s.ciLow, s.ciHigh, w[hour] / total, "hour \(hour) share") }
        for (d, lv) in a.weekdayLevel.enumerated() { Self.contains(lv.ciLow, lv.ciHigh, [1.2, 1, 1, 1, 1, 0.8, 1][d], "weekday \(d) level") }
        for mix in r.mixes {
            let truth = mix.spec.attribute == "acuity" ? ["high": 0.3, "low": 0.7] : ["ward": 0.25, "home": 0.75]
            for s in mix.shares { Self.contains(s.ciLow, s.ciHigh, truth[s.label]!, "\(mix.spec.attribute) \(s.label)") }
        }
        let b = try #require(r.branches.first)
        Self.contains(b.options[0].ciLow, b.options[0].ciHigh, 0.3, "imaging")
        Self.contains(b.options[1].ciLow, b.options[1].ciHigh, 0.7, "no imaging")
        func duration(_ name: String) throws -> FittedDistribution {
            try #require(r.durations.first { $0.spec.name == name }?.overall.chosen)
        }
        // Lognormal mean m, sd s: sdlog² = log(1 + s²/m²), meanlog = log m - sdlog²/2.
        func lognormalTruth(_ mean: Double, _ sd: Double) -> (Double, Double) {
            let v = Foundation.log(1 + sd * sd / (mean * mean)); return (Foundation.log(mean) - v / 2, v.squareRoot())
        }
        for (name, mean, sd) in [("treatment", 90.0, 60.0), ("followup", 1200.0, 900.0)] {
            let f = try duration(name)
            #expect(f.family == .lognormal)
            let (mu, sg) = lognormalTruth(mean, sd)
            Self.contains(f.parameters[0].ciLow, f.parameters[0].ciHigh, mu, "\(name) meanlog")
            Self.contains(f.parameters[1].ciLow, f.parameters[1].ciHigh, sg, "\(name) sdlog")
        }
        for (name, shape, scale) in [("imaging_time", 2.5, 12.0), ("ward_stay", 1.5, 2880.0)] {
            let f = try duration(name)
            #expect(f.family == .gamma)
            Self.contains(f.parameters[0].ciLow, f.parameters[0].ciHigh, shape, "\(name) shape")
            Self.contains(f.parameters[1].ciLow, f.parameters[1].ciHigh, scale, "\(name) scale")
        }
        // Without a mapped family, lognormal treatment data rank lognormal first by AIC.
        let cw = try #require(r.durations.first { $0.spec.name == "cubicle_wait" })
        #expect(cw.groups.map(\.label).sorted() == ["high", "low"])
        // The peak in the cubicle interval is a lower bound of its capacity (10).
        let t = try #require(r.durations.first { $0.spec.name == "treatment" })
        #expect(t.peak <= 10 && t.peak >= 7)
    }

    /// A short log (14 days) leaves many ward stays open at its end: with
    /// censoring in the likelihood the intervals still hold the truth, while
    /// dropping the open stays biases the fit toward short stays.
    @Test func censoredStaysAreHandled() throws {
        let (_, log, _) = try Self.log(horizon: 24 * 1440)
        let m = try FitMapping.read(file: Self.mappingFile)
        let r = try FitAnalysis.run(log, m, level: 1 - 0.05 / 4)
        for name in ["ward_stay", "followup"] {
            let d = try #require(r.durations.first { $0.spec.name == name })
            let g = d.overall
            #expect(Double(g.sample.censored.count) > 0.05 * Double(g.sample.n), "\(name): censoring matters here")
            let f = try #require(g.chosen)
            let naive = try #require(Fitter.fit(f.family, DurationSample(exact: g.sample.exact)))
            if name == "ward_stay" {
                Self.contains(f.parameters[0].ciLow, f.parameters[0].ciHigh, 1.5, "censored ward shape")
                Self.contains(f.parameters[1].ciLow, f.parameters[1].ciHigh, 2880, "censored ward scale")
                #expect(naive.mean < 0.9 * 4320, "dropping censored stays understates the mean (\(naive.mean))")
            } else {
                let v = Foundation.log(1 + 0.5625)
                Self.contains(f.parameters[0].ciLow, f.parameters[0].ciHigh, Foundation.log(1200) - v / 2, "censored followup meanlog")
                Self.contains(f.parameters[1].ciLow, f.parameters[1].ciHigh, v.squareRoot(), "censored followup sdlog")
            }
            #expect(naive.mean < f.mean)
        }
    }

    @Test func checkPassesTheOriginalAndFlagsFewerCubicles() throws {
        let (sc, log, _) = try Self.log()
        let rows = try Check.run(sc, log: log, replications: 10, seed: 1234, workers: 2)
        // 18 rows (2 + 4 for each group of the wait, 12 events per day) at 95%
        // prediction intervals: 0.9 expected outside by chance; more than 3
        // (P = 1.1% under Binomial(18, 0.05)) is a failure.
        #expect(rows.count >= 18)
        #expect(rows.filter(\.outside).count <= 3, "\(rows.filter(\.outside).map(\.kpi))")
        // 20% fewer cubicles (10 -> 8): waits and stays grow.
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("careflow-check-\(getpid())")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let wrong = dir.appendingPathComponent("wrong.yaml")
        try "extends: \(Self.scenario)\nname: fewer_cubicles\noverrides:\n  units.cubicle.capacity: 8\n".write(to: wrong, atomically: true, encoding: .utf8)
        let bad = try Check.run(try ScenarioCompiler.compile(file: wrong.path), log: log, replications: 10, seed: 1234, workers: 2)
        let flagged = Set(bad.filter(\.outside).map(\.kpi))
        for k in ["cubicle_wait.median_min", "cubicle_wait.p90_min", "ed_los.p90_min"] { #expect(flagged.contains(k), "\(k) not flagged: \(flagged)") }
        // Results do not depend on the number of workers.
        let one = try Check.run(sc, log: log, replications: 4, seed: 5, workers: 1)
        let two = try Check.run(sc, log: log, replications: 4, seed: 5, workers: 3)
        #expect(one.map(\.simulatedMean) == two.map(\.simulatedMean))
    }

    @Test func theDraftCompilesAndSetsTheFittedValues() throws {
        let (_, log, _) = try Self.log()
        let m = try FitMapping.read(file: Self.mappingFile)
        let r = try FitAnalysis.run(log, m)
        let yaml = DraftWriter.yaml(r, mapping: m, name: "fitted", command: "careflow fit")
        let draft = Self.fixtures.appendingPathComponent("fitted-\(getpid()).yaml")
        try yaml.write(to: draft, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: draft) }
        let sc = try ScenarioCompiler.compile(file: draft.path)
        #expect(sc.name == "fitted")
        #expect(yaml.contains("arrivals.ed.per_day: "))
        #expect(yaml.contains("pathways.ed.steps[treatment].delay.duration: {lognormal:"))
        #expect(yaml.contains("NOT INFERRED: capacities and staffing"))
        #expect(yaml.contains("units.cubicle: at least"))
        // The fitted draft passes `check` against the log it came from.
        let rows = try Check.run(sc, log: log, replications: 10, seed: 77, workers: 2)
        #expect(rows.filter(\.outside).count <= 3, "\(rows.filter(\.outside).map(\.kpi))")
    }

    @Test func oneHourProfileIsKeptWhenTheDayTypesShareIt() throws {
        // The scenario has one profile for every day: the test does not reject it (seed fixed).
        let (_, log, _) = try Self.log()
        let m = try FitMapping.read(file: Self.mappingFile)
        let a = try #require(try FitAnalysis.run(log, m).arrivals.first)
        let t = try #require(a.dayTypeTest)
        #expect(t.df == 46 && t.pValue > 0.01 && !a.usesDayTypes, "\(t)")
        #expect(DraftWriter.yaml(try FitAnalysis.run(log, m), mapping: m, name: "fitted", command: "careflow fit").contains("arrivals.ed.hour_of_day: [1."))
    }

    @Test func hourProfilesPerDayTypeAreFittedAndWritten() throws {
        // Weekends without the daytime peak: the fit finds the day types and each share's interval holds its truth.
        let weekday: [Double] = [1, 1, 1, 1, 1, 1, 2, 3, 4, 5, 5, 5, 5, 5, 5, 4, 4, 4, 3, 3, 2, 2, 1, 1]
        let flat = [Double](repeating: 1, count: 24)
        let text = try String(contentsOfFile: Self.scenario, encoding: .utf8).replacingOccurrences(
            of: "hour_of_day: [1, 1, 1, 1, 1, 1, 2, 3, 4, 5, 5, 5, 5, 5, 5, 4, 4, 4, 3, 3, 2, 2, 1, 1]",
            with: "hour_of_day: {weekday: \(weekday.map { Int($0) }), saturday: \(flat.map { Int($0) }), sunday_holiday: \(flat.map { Int($0) })}")
        let file = Self.fixtures.appendingPathComponent("day-types-\(getpid()).yaml")
        try text.write(to: file, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: file) }
        let (_, log, _) = try Self.log(file: file.path)
        let m = try FitMapping.read(file: Self.mappingFile)
        // 72 shares at once: Bonferroni, as above.
        let r = try FitAnalysis.run(log, m, level: 1 - 0.05 / 72)
        let a = try #require(r.arrivals.first)
        #expect(a.usesDayTypes && (a.dayTypeTest?.pValue ?? 1) < 1e-6)
        #expect(a.dayTypes.map(\.name) == ["weekday", "saturday", "sunday_holiday"] && a.dayTypes.map(\.days) == [60, 12, 12])
        for (t, truth) in zip(a.dayTypes, [weekday, flat, flat]) {
            let total = truth.reduce(0, +)
            for (hour, s) in t.shares.enumerated() { Self.contains(s.ciLow, s.ciHigh, truth[hour] / total, "\(t.name) hour \(hour) share") }
        }
        // The draft sets them, and compiles.
        let yaml = DraftWriter.yaml(r, mapping: m, name: "fitted", command: "careflow fit")
        #expect(yaml.contains("arrivals.ed.hour_of_day: {weekday: ["))
        let draft = Self.fixtures.appendingPathComponent("day-types-fitted-\(getpid()).yaml")
        try yaml.write(to: draft, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: draft) }
        #expect(try ScenarioCompiler.compile(file: draft.path).name == "fitted")
    }

    @Test func reportEscapesAndSpeaksBothLanguages() throws {
        let (_, log, _) = try Self.log(horizon: 24 * 1440)
        var m = try FitMapping.read(file: Self.mappingFile)
        m.durations[0].name = "<script>alert(1)</script>"
        let r = try FitAnalysis.run(log, m)
        let en = FitReport.html(r, language: .en), sv = FitReport.html(r, language: .sv)
        #expect(!en.contains("<script>"))
        #expect(en.contains("&lt;script&gt;"))
        #expect(en.contains("Capacities and staffing cannot be inferred"))
        #expect(sv.contains("Kapacitet och bemanning kan inte skattas"))
        #expect(sv.contains("<html lang=\"sv\">"))
    }
}
