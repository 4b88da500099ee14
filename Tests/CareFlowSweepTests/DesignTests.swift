import Foundation
import Testing
import CareFlowAnalysis
import CareFlowScenario
@testable import CareFlowSweep

@Suite struct DesignTests {
    @Test func sha256KnownVectors() {
        #expect(SHA256.hex([UInt8]()) == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        #expect(SHA256.hex(Array("abc".utf8)) == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        #expect(SHA256.hex(Array("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq".utf8))
                == "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1")
        #expect(SHA256.hex([UInt8](repeating: 0x61, count: 1000)) == "41edece42d63e8d9bf515a9ba6932e1c20cbc9f5a5d134645adb5db1b9737ea3")
    }

    /// Updates in uneven pieces (buffered partial blocks) give the one-shot digest.
    @Test func sha256IncrementalUpdatesAgree() {
        let bytes = (0..<1000).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ 7) }
        let whole = SHA256.hex(bytes)
        for pieces in [[1, 63, 64, 65, 807], [100, 0, 27, 500, 373], [64, 64, 872], [999, 1]] {
            var h = SHA256(), at = 0
            for n in pieces { h.update(Array(bytes[at..<(at + n)])); at += n }
            #expect(h.finalize() == whole, "\(pieces)")
        }
    }

    @Test func gridIsEveryCombinationFirstFactorSlowest() {
        #expect(Designs.grid(levels: [2, 3]) == [[0, 0], [0, 1], [0, 2], [1, 0], [1, 1], [1, 2]])
        #expect(Designs.grid(levels: [4]) == [[0], [1], [2], [3]])
        #expect(Designs.grid(levels: [2, 2, 2]).count == 8)
    }

    @Test func gridSweepFileLevelsFromValuesAndRanges() throws {
        let dir = Fix.tempDir("grid")
        let text = """
            sweep: g
            base: \(Fix.baseline)
            factors:
              units.ward_bed.capacity: {values: [195, 215]}
              units.physician.schedule.changes[0].capacity: {range: {from: 4, to: 6, step: 1}}
              run.warmup: {range: {from: 1d, to: 2d, step: 12h}}
            replications: 3
            kpis: [ed_los.mean]
            """
        let spec = try SweepFile.load(Fix.write(text, to: dir + "/g.yaml"))
        #expect(spec.points.count == 2 * 3 * 3)
        #expect(spec.taskCount == 54)
        #expect(spec.factors.map { $0.levels.count } == [2, 3, 3])
        #expect(spec.factors[2].levels.map { $0.string! } == ["24h", "36h", "48h"])
        #expect(spec.factors[1].levels.map { $0.string! } == ["4", "5", "6"])
        #expect(spec.pointLabel(spec.points[0]) == "units.ward_bed.capacity=195, units.physician.schedule.changes[0].capacity=4, run.warmup=24h")
        #expect(spec.pointLabel(spec.points[4]) == "units.ward_bed.capacity=195, units.physician.schedule.changes[0].capacity=5, run.warmup=36h")
        #expect(spec.pointJSON(spec.points[17]) == #"{"units.ward_bed.capacity":215,"units.physician.schedule.changes[0].capacity":6,"run.warmup":"48h"}"#)
        // Defaults from the base scenario; the compiled model carries the factor values.
        #expect(spec.seed == 20261124)
        #expect(spec.models[17].model.warmup == 2 * 1440)
        #expect(spec.models[0].model.warmup == 1440)
    }

    @Test func latinHypercubeOnePointPerStratumAndDeterministic() {
        let n = 10
        let u = Designs.latinHypercube(points: n, factors: 3, seed: 7)
        for j in 0..<3 {
            let strata = u.map { Int($0[j] * Double(n)) }
            #expect(Set(strata) == Set(0..<n), "factor \(j): strata \(strata)")
        }
        #expect(Designs.latinHypercube(points: n, factors: 3, seed: 7) == u)
        #expect(Designs.latinHypercube(points: n, factors: 3, seed: 8) != u)
    }

    @Test func latinHypercubeSweepFile() throws {
        let dir = Fix.tempDir("lhs")
        let text = """
            sweep: l
            base: \(Fix.baseline)
            factors:
              arrivals.ed_walk_in.per_day: {range: {from: 100, to: 200, step: 0.01}}
              units.ward_bed.capacity: {values: [190, 200, 210, 220, 230]}
            design: {type: latin_hypercube, points: 10, seed: 99}
            replications: 2
            kpis: [ed_los.mean]
            """
        let path = Fix.write(text, to: dir + "/l.yaml")
        let spec = try SweepFile.load(path)
        #expect(spec.points.count == 10)
        // The range factor: one point in each tenth of 100...200.
        let demand = spec.points.map { Double(spec.factors[0].label($0.levels[0]))! }
        #expect(Set(demand.map { min(9, Int(($0 - 100) / 10)) }) == Set(0..<10), "\(demand)")
        // The values factor: 10 strata over 5 levels, so each level twice.
        let beds = spec.points.map { $0.levels[1] }
        #expect((0..<5).allSatisfy { l in beds.filter { $0 == l }.count == 2 }, "\(beds)")
        // Same file, same design.
        #expect(try SweepFile.load(path).points == spec.points)
    }

    @Test func unknownFactorKeyPathIsReportedAtItsLineAndColumn() throws {
        let dir = Fix.tempDir("badpath")
        let file = dir + "/bad.yaml"
        Fix.write("""
            sweep: bad
            base: \(Fix.baseline)
            factors:
              units.ward_bed.capacity: {values: [200]}
              units.ward_bd.capacity: {values: [1, 2]}
                # the last key must exist too
              units.physician.capacityy: {values: [1]}
            """, to: file)
        do {
            _ = try SweepFile.load(file)
            Issue.record("an unknown key path was accepted")
        } catch {
            let lines = error.description.split(separator: "\n").map(String.init)
            #expect(lines.count == 2, "\(error)")
            #expect(lines.first?.hasPrefix("\(file):5:3: error: factors.units.ward_bd.capacity: no key 'ward_bd' at 'units'") == true, "\(error)")
            #expect(lines.first?.contains("expected one of triage_nurse, cubicle, physician") == true)
            #expect(lines.last?.hasPrefix("\(file):7:3: error: factors.units.physician.capacityy: no key 'capacityy' at 'units.physician'") == true, "\(error)")
        }
        if let _ = Fix.careflow {
            let (status, err) = try Fix.run(["sweep", file, "--out", dir + "/out"])
            #expect(status == 2)
            #expect(err.contains("bad.yaml:5:3: error: factors.units.ward_bd.capacity"))
        }
    }

    @Test func unknownKPIsAreListedWithTheValidOnes() throws {
        let dir = Fix.tempDir("badkpi")
        let file = Fix.write(Fix.sweep().replacingOccurrences(of: "boarding.mean", with: "boarding.mena"), to: dir + "/k.yaml")
        do {
            _ = try SweepFile.load(file)
            Issue.record("an unknown KPI was accepted")
        } catch {
            #expect(error.description.contains("k.yaml:14:"), "\(error)")
            #expect(error.description.contains("kpis: unknown KPI 'boarding.mena'; expected one of the base scenario's KPIs: "))
            #expect(error.description.contains("boarding.mean, "))
        }
    }

    @Test func pointCompileErrorsNameTheFactorValues() throws {
        let dir = Fix.tempDir("badvalue")
        let file = Fix.write("""
            sweep: v
            base: \(Fix.baseline)
            factors:
              units.ward_bed.capacity: {values: [200, lots]}
            """, to: dir + "/v.yaml")
        do {
            _ = try SweepFile.load(file)
            Issue.record("a bad factor value was accepted")
        } catch {
            #expect(error.description.hasPrefix("\(file):4:"), "\(error)")
            #expect(error.description.contains(": error: units.ward_bed.capacity: "), "\(error)")
            #expect(error.description.contains("(sweep point 1: units.ward_bed.capacity=lots)"), "\(error)")
        }
    }

    @Test func shardsPartitionTheTasks() throws {
        #expect(try Shard.parse("1/4") == Shard(k: 1, n: 4))
        #expect(throws: SweepInputError.self) { try Shard.parse("0/4") }
        #expect(throws: SweepInputError.self) { try Shard.parse("5/4") }
        #expect(try Shard.parse("slurm", environment: ["SLURM_ARRAY_TASK_ID": "0", "SLURM_ARRAY_TASK_COUNT": "4"]) == Shard(k: 1, n: 4))
        #expect(try Shard.parse("slurm", environment: ["SLURM_ARRAY_TASK_ID": "3", "SLURM_ARRAY_TASK_COUNT": "4"]) == Shard(k: 4, n: 4))
        #expect(throws: SweepInputError.self) { try Shard.parse("slurm", environment: [:]) }
        let shards = try (1...3).map { try Shard(k: $0, n: 3) }
        var seen: [Int] = []
        for s in shards { seen += (0..<20).filter { s.contains(task: $0) } }
        #expect(seen.sorted() == Array(0..<20))
    }
}
