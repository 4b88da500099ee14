import CareFlowAnalysis
import CareFlowOptimise
import CareFlowScenario
import CareFlowSweep
import Foundation
import Testing

/// Sharded optimisation: shards of a round, their merge, and the refusals.
@Suite("Optimise: shards and merge")
struct ShardTests {
    /// OptimiseFileTests' M/M/c case one configuration at a time: 5 servers miss, 6 meet, in two rounds.
    static func spec() throws -> (OptimiseSpec, String) {
        let dir = try OptimiseFileTests.folder(OptimiseFileTests.good.replacingOccurrences(of: "window: 2", with: "window: 1"))
        return (try OptimiseFile.load(dir + "/opt.yaml"), dir)
    }

    /// The answer without the fields that describe the run (command, this run's tasks, rounds).
    static func answer(_ r: OptimiseResult) -> String {
        guard case .object(let f) = Answer.json(r, command: "") else { return "" }
        return JSON.object(f.filter { !["replications_this_run", "rounds", "command"].contains($0.0) }).serialized()
    }

    static func merge(_ spec: OptimiseSpec, _ out: String) throws -> OptimiseShards.MergeResult {
        try OptimiseShards.merge(spec, dir: out, command: "test merge")
    }

    /// Runs every shard of the current round, one after another.
    static func round(_ spec: OptimiseSpec, _ out: String, n: Int) throws -> [OptimiseShards.ShardRun] {
        try (1...n).map { try OptimiseShards.runShard(spec, dir: out, shard: Shard(k: $0, n: n), workers: 1, command: "test shard") }
    }

    static func error(_ body: () throws -> Void) -> String {
        do { try body(); return "" } catch { return "\(error)" }
    }

    @Test("a round's missing tasks split by t % N == K-1: disjoint, complete, in the round's order")
    func split() throws {
        let missing = (0..<11).map { ($0 / 4, $0 % 4) }
        let parts = try (1...3).map { OptimiseShards.assigned(missing, try Shard(k: $0, n: 3)) }
        #expect(parts.map(\.count) == [4, 4, 3])
        #expect(parts[1].map { $0.0 * 4 + $0.1 } == [1, 4, 7, 10])
        let all = parts.flatMap { $0 }.map { $0.0 * 4 + $0.1 }.sorted()
        #expect(all == Array(0..<11))
        #expect(OptimiseShards.tasksHash(missing) != OptimiseShards.tasksHash(Array(missing.dropLast())))
    }

    @Test("3 shards a round, merged round by round: the answer and every value of an uninterrupted run")
    func shardedEqualsWhole() throws {
        let (spec, dir) = try Self.spec()
        let whole = try Optimiser.run(spec, store: nil, workers: 2)
        let out = dir + "/sharded"
        guard case .pending(1, let first) = Optimiser.replay(spec, stored: [:]) else { Issue.record("an empty store should be at round 1"); return }
        #expect(first.count == spec.window * spec.firstReplications)
        var finished: OptimiseResult?
        for _ in 0..<50 {
            let runs = try Self.round(spec, out, n: 3)
            let round = try #require(runs[0].round)
            #expect(runs.allSatisfy { $0.round == round })
            #expect(runs.map(\.assigned).reduce(0, +) == runs[0].roundTasks)
            let m = try Self.merge(spec, out)
            #expect(m.round == round && m.shards == 3 && m.tasks == runs[0].roundTasks)
            #expect(!FileManager.default.fileExists(atPath: out + "/shard-1-of-3.sqlite"))
            if case .finished(let r) = m.next { finished = r; break }
        }
        let r = try #require(finished)
        #expect(r.rounds == whole.rounds && r.rounds >= 2)
        #expect(r.chosen == whole.chosen)
        #expect(r.values.map { $0.map { $0.map(\.bitPattern) } } == whole.values.map { $0.map { $0.map(\.bitPattern) } })
        #expect(Self.answer(r) == Self.answer(whole))
        // The plain run on the merged store runs nothing and gives the same answer.
        do {
            let store = try OptimiseStore(path: out + "/optimise.sqlite", spec: spec, command: "plain")
            let again = try Optimiser.run(spec, store: store, workers: 1)
            #expect(again.tasksRun == 0)
            #expect(Self.answer(again) == Self.answer(whole))
        }
        // A shard now has nothing to run and writes no file.
        let idle = try OptimiseShards.runShard(spec, dir: out, shard: Shard(k: 2, n: 3), workers: 1, command: "idle")
        #expect(idle.round == nil && !FileManager.default.fileExists(atPath: idle.path))
    }

    @Test("a shard killed part-way resumes from its file; the merge waits for every shard of the round")
    func resume() throws {
        let (spec, dir) = try Self.spec()
        let out = dir + "/resume"
        // A shard file holding part of its share, as a killed shard leaves it.
        guard case .pending(let round, let missing) = Optimiser.replay(spec, stored: [:]) else { return }
        let shard = try Shard(k: 1, n: 2)
        let mine = OptimiseShards.assigned(missing, shard)
        do {
            let store = try OptimiseStore(path: OptimiseShards.shardPath(out, shard), spec: spec, command: "killed")
            try store.setShard(ShardRecord(k: 1, n: 2, round: round, tasks: missing.count, tasksHash: OptimiseShards.tasksHash(missing)))
            let kpis = Optimiser.kpis(spec)
            let whole = try Optimiser.run(spec, store: nil, workers: 1)
            try store.write(mine.prefix(3).map { t in (t.0, t.1, kpis.indices.map { (kpis[$0], whole.values[t.0][t.1][$0]) }) })
        }
        let a = try OptimiseShards.runShard(spec, dir: out, shard: shard, workers: 2, command: "resumed")
        #expect(a.assigned == mine.count && a.ran == mine.count - 3 && a.replaced == nil)
        #expect(Self.error { _ = try Self.merge(spec, out) }.contains("round 1 is not complete: no \(out)/shard-2-of-2.sqlite"))
        let b = try OptimiseShards.runShard(spec, dir: out, shard: Shard(k: 2, n: 2), workers: 2, command: "second")
        #expect(b.ran == b.assigned)
        _ = try Self.merge(spec, out)
    }

    @Test("the merge refuses, naming the file: another spec, another round, another state, shard counts, a renamed or empty shard, an unfinished shard")
    func refusals() throws {
        let (spec, dir) = try Self.spec()
        let out = dir + "/refuse"
        guard case .pending(let round, let missing) = Optimiser.replay(spec, stored: [:]) else { return }
        let hash = OptimiseShards.tasksHash(missing)
        func shardFile(_ name: String, _ rec: ShardRecord?, spec s: OptimiseSpec = spec) throws {
            let store = try OptimiseStore(path: out + "/" + name, spec: s, command: "made")
            if let rec { try store.setShard(rec) }
        }
        func clear() { for f in (try? FileManager.default.contentsOfDirectory(atPath: out)) ?? [] where f.hasPrefix("shard-") { try? FileManager.default.removeItem(atPath: out + "/" + f) } }
        try FileManager.default.createDirectory(atPath: out, withIntermediateDirectories: true)

        #expect(Self.error { _ = try Self.merge(spec, out) }.contains("no shard of round 1 in \(out) (\(missing.count) tasks to run)"))
        // Refused before any merge: no merged store is left behind to be mistaken for one.
        #expect(!FileManager.default.fileExists(atPath: out + "/optimise.sqlite"))
        #expect(!FileManager.default.fileExists(atPath: out + "/optimise.sqlite.lock"))

        try shardFile("shard-1-of-3.sqlite", ShardRecord(k: 1, n: 3, round: round + 4, tasks: missing.count, tasksHash: hash))
        #expect(Self.error { _ = try Self.merge(spec, out) }.contains("\(out)/shard-1-of-3.sqlite is for round 5, but \(out)/optimise.sqlite is at round 1"))
        clear()

        try shardFile("shard-1-of-3.sqlite", ShardRecord(k: 1, n: 3, round: round, tasks: 7, tasksHash: "0000"))
        #expect(Self.error { _ = try Self.merge(spec, out) }.contains("shard-1-of-3.sqlite was made for round 1 from another state of \(out)/optimise.sqlite (the round's missing tasks differ: 7 then, \(missing.count) now"))
        clear()

        try shardFile("shard-2-of-3.sqlite", ShardRecord(k: 1, n: 3, round: round, tasks: missing.count, tasksHash: hash))
        #expect(Self.error { _ = try Self.merge(spec, out) }.contains("shard-2-of-3.sqlite holds shard 1/3, not 2/3 as its name says"))
        clear()

        try shardFile("shard-1-of-3.sqlite", nil)
        #expect(Self.error { _ = try Self.merge(spec, out) }.contains("shard-1-of-3.sqlite holds no shard record"))
        clear()

        try shardFile("shard-1-of-3.sqlite", ShardRecord(k: 1, n: 3, round: round, tasks: missing.count, tasksHash: hash))
        try shardFile("shard-1-of-4.sqlite", ShardRecord(k: 1, n: 4, round: round, tasks: missing.count, tasksHash: hash))
        #expect(Self.error { _ = try Self.merge(spec, out) }.contains("round 1 has shards of different shard counts: \(out)/shard-1-of-3.sqlite (3 shards) and \(out)/shard-1-of-4.sqlite (4)"))
        clear()

        let n = OptimiseShards.assigned(missing, try Shard(k: 1, n: 2)).count
        try shardFile("shard-1-of-2.sqlite", ShardRecord(k: 1, n: 2, round: round, tasks: missing.count, tasksHash: hash))
        let e = Self.error { _ = try Self.merge(spec, out) }
        #expect(e.contains("round 1 is not complete: \(out)/shard-1-of-2.sqlite has 0 of its \(n) tasks; no \(out)/shard-2-of-2.sqlite"), "\(e)")
        clear()

        // Another optimise file (a changed window): the shard is refused by its SHA-256.
        let otherDir = try OptimiseFileTests.folder(OptimiseFileTests.good.replacingOccurrences(of: "window: 2", with: "window: 3"))
        let other = try OptimiseFile.load(otherDir + "/opt.yaml")
        try shardFile("shard-1-of-1.sqlite", ShardRecord(k: 1, n: 1, round: round, tasks: missing.count, tasksHash: hash), spec: other)
        #expect(Self.error { _ = try Self.merge(spec, out) }.contains("\(out)/shard-1-of-1.sqlite was made from other files than \(spec.file) now holds (SHA-256"))
        clear()
        // ... and so is a shard run against a merged store of another file.
        _ = try OptimiseStore(path: out + "/optimise.sqlite", spec: spec, command: "made")
        #expect(Self.error { _ = try OptimiseShards.runShard(other, dir: out, shard: Shard(k: 1, n: 1), workers: 1, command: "") }.contains("\(out)/optimise.sqlite was made from other files"))
        // Nothing was merged by the refusals.
        #expect(try OptimiseStore(path: out + "/optimise.sqlite", spec: spec, command: "check").load().isEmpty)
    }

    @Test("an earlier round's shard left behind (merged, then not removed) is removed by the next merge; a stale shard file restarts")
    func stale() throws {
        let (spec, dir) = try Self.spec()
        let out = dir + "/stale"
        _ = try Self.round(spec, out, n: 2)
        _ = try Self.merge(spec, out)
        // Left behind: a shard of round 1, as if the merge had stopped before removing it.
        try OptimiseStore(path: out + "/shard-2-of-2.sqlite", spec: spec, command: "left").setShard(ShardRecord(k: 2, n: 2, round: 1, tasks: 1, tasksHash: "x"))
        let runs = try Self.round(spec, out, n: 2)
        #expect(runs[0].round == 2)
        #expect(runs[1].replaced?.round == 1)
        let m = try Self.merge(spec, out)
        #expect(m.round == 2 && m.stale.isEmpty)
        guard case .finished = m.next else { Issue.record("two rounds expected"); return }
        try OptimiseStore(path: out + "/shard-1-of-5.sqlite", spec: spec, command: "left").setShard(ShardRecord(k: 1, n: 5, round: 1, tasks: 1, tasksHash: "x"))
        _ = try Self.round(spec, out, n: 2)
        let m2 = try Self.merge(spec, out)
        #expect(m2.stale == [out + "/shard-1-of-5.sqlite"])
        #expect(!FileManager.default.fileExists(atPath: out + "/shard-1-of-5.sqlite"))
    }

    @Test("--emit-slurm scripts: a job array per round, a merge job, a driver that loops with sbatch --wait under a rounds guard")
    func scripts() throws {
        let (spec, _) = try Self.spec()
        let o = SlurmScripts.Options(binary: "../bin/careflow", sweepFile: "../opt it.yaml", outDir: ".", shards: 3, cpusPerTask: 2, time: "00:20:00", mem: "1G")
        let files = Dictionary(uniqueKeysWithValues: try OptimiseSlurm.scripts(name: spec.name, o, maxRounds: OptimiseSlurm.maxRounds(spec)))
        let array = try #require(files["optimise.slurm.sh"]), merge = try #require(files["merge.slurm.sh"]), drive = try #require(files["drive.sh"])
        #expect(array.contains("#SBATCH --array=0-2") && array.contains("--shard slurm") && array.contains("'../opt it.yaml' --out ."))
        #expect(merge.contains("--merge") && !merge.contains("--mem"))
        #expect(drive.contains("sbatch --parsable --wait optimise.slurm.sh") && drive.contains("sbatch --parsable --wait merge.slurm.sh"))
        #expect(drive.contains("max_rounds=${CAREFLOW_MAX_ROUNDS:-\(OptimiseSlurm.maxRounds(spec))}") && drive.contains("[ -f optimise.json ]"))
        // 5 configurations, steps 1 + (40 - 5) / 5 = 8 each, plus 40 / 5 + 1 for selection.
        #expect(OptimiseSlurm.maxRounds(spec) == 5 * 8 + 8 + 1)
        #expect(OptimiseSlurm.firstRoundTasks(spec) == 5)
        var bad = o
        bad.sweepFile = "a\nrm -rf /"
        #expect(Self.error { _ = try OptimiseSlurm.scripts(name: "x", bad, maxRounds: 1) }.contains("control character"))
    }
}
