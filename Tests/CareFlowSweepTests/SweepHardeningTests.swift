import Foundation
import Testing
import CareFlowScenario
@testable import CareFlowSweep

/// Sweep files whose numbers once trapped or allocated without bound
/// (issue 11, classes 2 and 3): each is a located error.
@Suite struct SweepHardeningTests {
    static func errors(_ factor: String, extra: String = "", replications: String = "1") -> [ScenarioError] {
        let dir = Fix.tempDir("hard")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let text = """
            sweep: h
            base: \(Fix.baseline)
            overrides: {run.horizon: 1d, run.warmup: 0d}
            factors:
              units.ward_bed.capacity: \(factor)
            \(extra)
            replications: \(replications)

            """
        let path = Fix.write(text, to: dir + "/h.yaml")
        do { _ = try SweepFile.load(path); return [] } catch { return error.errors }
    }

    static func expectOne(_ errs: [ScenarioError], line: Int, _ contains: String, sourceLocation: Testing.SourceLocation = #_sourceLocation) {
        #expect(errs.count == 1, "\(errs.map(\.description))", sourceLocation: sourceLocation)
        #expect(errs.first?.location.line == line, "\(errs.map(\.description))", sourceLocation: sourceLocation)
        #expect(errs.first?.description.contains(contains) == true, "\(errs.map(\.description))", sourceLocation: sourceLocation)
    }

    @Test func rangeWithATinyStep() {
        // (2 - 1) / 1e-300 values: once "Double value cannot be converted to Int".
        Self.expectOne(Self.errors("{range: {from: 1, to: 2, step: 1e-300}}"), line: 5, "more than 10^15 values; expected at most 100000 values per factor")
    }

    @Test func rangeWithHugeBounds() {
        // to - from overflows to inf.
        Self.expectOne(Self.errors("{range: {from: -1e308, to: 1e308, step: 1}}"), line: 5, "more than 10^15 values")
    }

    @Test func rangeWithNonFiniteValues() {
        for bad in ["nan", "inf", "-inf", ".nan", "1e999"] {
            Self.expectOne(Self.errors("{range: {from: 1, to: \(bad), step: 1}}"), line: 5, "is not a number or duration")
        }
    }

    @Test func rangeJustOverTheLimit() {
        Self.expectOne(Self.errors("{range: {from: 0, to: 100000, step: 1}}"), line: 5, "100001 values; expected at most 100000")
    }

    @Test func latinHypercubeWithHugePoints() {
        // Once an allocation of Int.max rows (a crash).
        Self.expectOne(Self.errors("{values: [195, 215]}", extra: "design: {type: latin_hypercube, points: 9223372036854775807}"),
                       line: 6, "design.points: 9223372036854775807 points; expected at most 1000000 design points")
    }

    @Test func hugeReplications() {
        // Once points x replications overflowed (a crash).
        Self.expectOne(Self.errors("{values: [195, 215]}", replications: "9223372036854775807"), line: 7,
                       "replications: 9223372036854775807 replications; expected at most \(Sizes.maxReplications)")
    }

    @Test func gridSizeIsCheckedBeforeItIsBuilt() {
        // Three factors of 100,000 values: 10^15 points, refused before the
        // grid is built (once: an attempt to allocate them).
        let r = "{range: {from: 1, to: 100000, step: 1}}"
        let errs = Self.errors(r, extra: "  units.physician.schedule.changes[0].capacity: \(r)\n  units.physician.schedule.changes[1].capacity: \(r)")
        Self.expectOne(errs, line: 5, "the grid has 1000000000000000 points; expected at most 1000000 points")
        #expect(Sizes.product(Array(repeating: 100_000, count: 4)) == nil)
    }

    @Test func slurmTaskNumbersDoNotOverflow() {
        let env = ["SLURM_ARRAY_TASK_ID": "9223372036854775807", "SLURM_ARRAY_TASK_MIN": "-9223372036854775808", "SLURM_ARRAY_TASK_COUNT": "4"]
        #expect(throws: SweepInputError.self) { _ = try Shard.parse("slurm", environment: env) }
    }
}
