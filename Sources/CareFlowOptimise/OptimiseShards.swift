import CareFlowAnalysis
import CareFlowSweep
import Foundation
import GRDB

/// Sharding an optimisation (docs/optimise.md#shards-and-slurm). The
/// procedure is round-synchronous and, given the stored values,
/// deterministic: a shard replays DIR/optimise.sqlite (the merged store) up
/// to the first round with tasks not stored, runs its share of them (task t
/// of the round's missing tasks when t % N == K-1, as sweep shards) into
/// DIR/shard-K-of-N.sqlite and stops. The merge folds a round's shards into
/// optimise.sqlite; the rounds then replay one further. Values are per
/// (configuration, replication), whoever ran them, so the answer is that of
/// an uninterrupted run.
public enum OptimiseShards {
    /// What one shard did.
    public struct ShardRun: Sendable {
        /// The round run (nil: every round's tasks are stored; nothing to run).
        public var round: Int?
        /// The round's missing tasks (all shards) and this shard's share.
        public var roundTasks = 0
        public var assigned = 0
        /// Run now (the rest of the share were in the shard file already).
        public var ran = 0
        public var path: String
        /// The shard file held another round's tasks (merged since) and was started afresh.
        public var replaced: ShardRecord?
    }

    /// What a merge did, and where the rounds stand after it.
    public struct MergeResult: Sendable {
        /// The round merged (nil: no shard of the current round; the procedure had ended).
        public var round: Int?
        public var shards = 0
        public var tasks = 0
        /// Shard files of earlier rounds (already merged), removed.
        public var stale: [String] = []
        public var next: Optimiser.Replay
    }

    public static func shardPath(_ dir: String, _ shard: Shard) -> String { (dir as NSString).appendingPathComponent(shard.fileName) }
    public static func mergedPath(_ dir: String) -> String { (dir as NSString).appendingPathComponent("optimise.sqlite") }

    /// The share of shard `shard` of a round's missing tasks.
    public static func assigned(_ missing: [(Int, Int)], _ shard: Shard) -> [(Int, Int)] {
        missing.enumerated().filter { shard.contains(task: $0.offset) }.map(\.element)
    }

    /// SHA-256 of a round's missing-task list: shards of one round agree on it.
    public static func tasksHash(_ tasks: [(Int, Int)]) -> String {
        var h = SHA256()
        for (c, r) in tasks { h.update("\(c) \(r)\n") }
        return h.finalize()
    }

    /// Runs shard `shard` of the first round with missing tasks.
    public static func runShard(_ spec: OptimiseSpec, dir: String, shard: Shard, workers: Int, command: String) throws -> ShardRun {
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        let path = shardPath(dir, shard)
        let stored = try mergedValues(mergedPath(dir), spec: spec)
        guard case .pending(let round, let missing) = Optimiser.replay(spec, stored: stored) else { return ShardRun(round: nil, path: path) }
        let mine = assigned(missing, shard)
        let store = try OptimiseStore(path: path, spec: spec, command: command)
        let replaced = try store.setShard(ShardRecord(k: shard.k, n: shard.n, round: round, tasks: missing.count, tasksHash: tasksHash(missing)))
        let done = try store.load()
        let toRun = mine.filter { done[$0.0]?[$0.1] == nil }
        try store.beginRun(workers: workers, before: mine.count - toRun.count, command: command)
        do {
            _ = try Optimiser.runTasks(spec, toRun, kpis: Optimiser.kpis(spec), workers: workers, store: store)
        } catch {
            try? store.finishRun(tasksRun: 0, status: "shard \(shard) of round \(round): failed")
            throw error
        }
        try store.finishRun(tasksRun: toRun.count, status: "shard \(shard) of round \(round): finished")
        return ShardRun(round: round, roundTasks: missing.count, assigned: mine.count, ran: toRun.count, path: path, replaced: replaced)
    }

    /// The merged store's values, read without writing (a round's shards
    /// read it at once); none before the first merge.
    static func mergedValues(_ path: String, spec: OptimiseSpec) throws -> [Int: [Int: [String: Double]]] {
        guard FileManager.default.fileExists(atPath: path) else { return [:] }
        let fd = open(path + ".lock", O_RDWR | O_CREAT, 0o644)
        defer { if fd >= 0 { close(fd) } }
        if fd < 0 || flock(fd, LOCK_SH | LOCK_NB) != 0 {
            throw SweepInputError("\(path) is being written by another careflow process (a run or a merge); run the shards when it has ended")
        }
        let q = try openReadOnly(path, what: "the optimise database")
        return try q.read { db in
            guard try db.tableExists("optimise") else { return [:] }
            try checkHash(db, path: path, spec: spec)
            return try OptimiseStore.values(db)
        }
    }

    static func openReadOnly(_ path: String, what: String) throws -> DatabaseQueue {
        var config = GRDB.Configuration()
        config.readonly = true
        config.busyMode = .timeout(10)
        do { return try DatabaseQueue(path: path, configuration: config) } catch let e as DatabaseError {
            throw SweepInputError("\(path): cannot open \(what) (\(e.message ?? "\(e.resultCode)"))")
        }
    }

    static func checkHash(_ db: Database, path: String, spec: OptimiseSpec) throws {
        guard let row = try Row.fetchOne(db, sql: "SELECT file_hash, file, software_version FROM optimise WHERE id = 1") else {
            throw SweepInputError("\(path): not a careflow optimise database (its optimise table is empty)")
        }
        let hash: String = row["file_hash"], file: String = row["file"]
        if hash != spec.hash {
            throw SweepInputError("\(path) was made from other files than \(spec.file) now holds (SHA-256 \(hash.prefix(12))… there, \(spec.hash.prefix(12))… now; it was made from \(file)): it belongs to another optimisation, or the optimise file or its base scenario changed since; use the original files, or another --out directory")
        }
    }

    /// Whether `path` is a database of careflow optimise (a shard or a merged store).
    public static func isOptimiseDatabase(_ path: String) -> Bool {
        guard FileManager.default.fileExists(atPath: path), let q = try? openReadOnly(path, what: "") else { return false }
        return (try? q.read { db in try db.tableExists("optimise") }) ?? false
    }

    /// Shard databases in `dir`: (path, shard) by file name, in (N, K) order.
    static func shardFiles(_ dir: String) -> [(String, Shard)] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: dir)) ?? []
        var out: [(String, Shard)] = []
        for name in names {
            guard name.hasPrefix("shard-"), name.hasSuffix(".sqlite") else { continue }
            let parts = name.dropFirst(6).dropLast(7).components(separatedBy: "-of-")
            guard parts.count == 2, let k = Int(parts[0]), let n = Int(parts[1]), let s = try? Shard(k: k, n: n) else { continue }
            out.append(((dir as NSString).appendingPathComponent(name), s))
        }
        return out.sorted { ($0.1.n, $0.1.k) < ($1.1.n, $1.1.k) }
    }

    /// Folds the shards of the current round in `dir` into optimise.sqlite.
    /// Refuses (changing nothing) shards made from other files, by another
    /// careflow, for another state of optimise.sqlite or a later round,
    /// shards of one round with different shard counts, a shard still being
    /// written, and a round with a shard missing or unfinished. Shard files
    /// of earlier rounds (already merged) and the merged ones are removed.
    /// A refused merge leaves the folder as it found it: a merged store it
    /// had to create is removed again.
    public static func merge(_ spec: OptimiseSpec, dir: String, command: String) throws -> MergeResult {
        let path = mergedPath(dir)
        let existed = FileManager.default.fileExists(atPath: path)
        do {
            return try mergeRound(spec, dir: dir, command: command)
        } catch {
            if !existed {
                for suffix in ["", "-wal", "-shm", "-journal", ".lock"] { try? FileManager.default.removeItem(atPath: path + suffix) }
            }
            throw error
        }
    }

    private static func mergeRound(_ spec: OptimiseSpec, dir: String, command: String) throws -> MergeResult {
        let store = try OptimiseStore(path: mergedPath(dir), spec: spec, command: command)
        let stored = try store.load()
        let now = Optimiser.replay(spec, stored: stored)
        var locks: [Int32] = []
        defer { for fd in locks { close(fd) } }
        struct Part { var path: String; var shard: Shard; var record: ShardRecord; var values: [Int: [Int: [String: Double]]]; var runs: [Row] }
        var current: [Part] = [], stale: [String] = []
        for (path, shard) in shardFiles(dir) {
            let fd = open(path + ".lock", O_RDWR | O_CREAT, 0o644)
            if fd >= 0 { locks.append(fd) }
            if fd < 0 || flock(fd, LOCK_EX | LOCK_NB) != 0 {
                throw SweepInputError("\(path) is still being written by a careflow process (is its Slurm task still running?); merge when it has ended")
            }
            let q = try openReadOnly(path, what: "the shard database")
            let part: Part? = try q.read { db in
                guard try db.tableExists("optimise") else { throw SweepInputError("\(path): not a shard of careflow optimise (no optimise table; a sweep's shard?)") }
                try checkHash(db, path: path, spec: spec)
                let version = try String.fetchOne(db, sql: "SELECT software_version FROM optimise WHERE id = 1") ?? ""
                if version != Outputs.softwareVersion {
                    throw SweepInputError("\(path) was written by \(version), this is \(Outputs.softwareVersion): its values could differ from this version's; merge with the careflow that wrote it, or delete it and rerun the shard")
                }
                guard let r = try ShardRecord.fetch(db) else {
                    throw SweepInputError("\(path) holds no shard record (its process stopped before it began); rerun shard \(shard) (careflow optimise \(spec.file) --out \(dir) --shard \(shard)), then merge")
                }
                if r.k != shard.k || r.n != shard.n {
                    throw SweepInputError("\(path) holds shard \(r.k)/\(r.n), not \(shard) as its name says (renamed?); give it its name back (shard-\(r.k)-of-\(r.n).sqlite) or delete it")
                }
                guard case .pending(let round, let missing) = now, r.round >= round else { return nil }
                if r.round > round {
                    throw SweepInputError("\(path) is for round \(r.round), but \(mergedPath(dir)) is at round \(round): the shard was made from another optimise.sqlite; delete it and run round \(round)'s shards")
                }
                if r.tasksHash != tasksHash(missing) {
                    throw SweepInputError("\(path) was made for round \(round) from another state of \(mergedPath(dir)) (the round's missing tasks differ: \(r.tasks) then, \(missing.count) now; tasks were stored since, e.g. by the plain command); delete round \(round)'s shard files and run its shards again")
                }
                return Part(path: path, shard: shard, record: r, values: try OptimiseStore.values(db),
                            runs: try Row.fetchAll(db, sql: "SELECT * FROM runs ORDER BY run"))
            }
            if let part { current.append(part) } else { stale.append(path) }
        }
        var round: Int?
        var tasks: [(Int, Int, [(String, Double)])] = []
        var runs: [Row] = []
        if case .pending(let r, let missing) = now {
            round = r
            guard let n = current.first?.shard.n else {
                throw SweepInputError("no shard of round \(r) in \(dir) (\(missing.count) tasks to run): run the round's shards first (careflow optimise \(spec.file) --out \(dir) --shard K/N for K = 1..N, or the job array of --emit-slurm), then merge")
            }
            if let other = current.first(where: { $0.shard.n != n }) {
                throw SweepInputError("round \(r) has shards of different shard counts: \(current[0].path) (\(n) shards) and \(other.path) (\(other.shard.n)); delete the files of the count you did not run, then merge")
            }
            var problems: [String] = []
            for k in 1...n {
                guard let s = try? Shard(k: k, n: n) else { continue }
                let want = assigned(missing, s)
                guard let p = current.first(where: { $0.shard.k == k }) else {
                    if !want.isEmpty { problems.append("no \(shardPath(dir, s))") }
                    continue
                }
                let have = want.filter { p.values[$0.0]?[$0.1] != nil }.count
                if have < want.count { problems.append("\(p.path) has \(have) of its \(want.count) tasks") }
            }
            if !problems.isEmpty {
                throw SweepInputError("round \(r) is not complete: \(problems.joined(separator: "; ")); run those shards (a shard resumes from its file), then merge again")
            }
            let kpis = Optimiser.kpis(spec)
            for p in current {
                for (c, reps) in p.values.sorted(by: { $0.key < $1.key }) {
                    for (rep, row) in reps.sorted(by: { $0.key < $1.key }) { tasks.append((c, rep, kpis.map { ($0, row[$0] ?? .nan) })) }
                }
                runs += p.runs
            }
        }
        try store.beginRun(workers: 1, before: stored.values.reduce(0) { $0 + $1.count }, command: command)
        try store.fold(tasks, runs: runs)
        try store.finishRun(tasksRun: tasks.count, status: round.map { "merged round \($0) (\(current.count) shards)" } ?? "merged")
        try store.settle()
        for path in current.map(\.path) + stale {
            for suffix in ["", "-wal", "-shm", "-journal", ".lock"] { try? FileManager.default.removeItem(atPath: path + suffix) }
        }
        return MergeResult(round: current.isEmpty ? nil : round, shards: current.count, tasks: tasks.count, stale: stale,
                           next: Optimiser.replay(spec, stored: try store.load()))
    }
}
