import CareFlowAnalysis
import CareFlowSweep
import Foundation
import GRDB

/// The optimiser's SQLite database (GRDB), laid out like a sweep's: one
/// row per (configuration, replication, KPI) in `results`, a `tasks_done`
/// row per finished task in the same transaction, so a killed run loses at
/// most the tasks not yet committed and the same command resumes.
public final class OptimiseStore: @unchecked Sendable {
    public let path: String
    let queue: DatabaseQueue
    private var lockFD: Int32 = -1
    private var runID: Int64?
    private let started = Date()

    public init(path: String, spec: OptimiseSpec, command: String) throws {
        self.path = path
        try FileManager.default.createDirectory(atPath: path.parentPath, withIntermediateDirectories: true)
        lockFD = open(path + ".lock", O_RDWR | O_CREAT, 0o644)
        if lockFD < 0 || flock(lockFD, LOCK_EX | LOCK_NB) != 0 {
            throw SweepInputError("\(path) is being written by another careflow process; wait for it or use another --out directory")
        }
        var config = GRDB.Configuration()
        config.prepareDatabase { db in try db.execute(sql: "PRAGMA synchronous = NORMAL") }
        config.busyMode = .timeout(10)
        do { queue = try DatabaseQueue(path: path, configuration: config) } catch let e as DatabaseError {
            throw SweepInputError("\(path): cannot open the optimise database (\(e.message ?? "\(e.resultCode)"))")
        }
        try queue.writeWithoutTransaction { db in try db.execute(sql: "PRAGMA journal_mode = WAL") }
        try queue.write { db in
            try db.execute(sql: """
                CREATE TABLE IF NOT EXISTS optimise (
                  id INTEGER PRIMARY KEY CHECK (id = 1), name TEXT NOT NULL, file TEXT NOT NULL, file_hash TEXT NOT NULL,
                  software_version TEXT NOT NULL, seed INTEGER NOT NULL, variables TEXT NOT NULL, constraints TEXT NOT NULL, objective TEXT NOT NULL);
                CREATE TABLE IF NOT EXISTS inputs (role TEXT NOT NULL, path TEXT NOT NULL, text TEXT NOT NULL);
                CREATE TABLE IF NOT EXISTS configurations (config INTEGER PRIMARY KEY, values_json TEXT NOT NULL, known_objective REAL);
                CREATE TABLE IF NOT EXISTS results (
                  config INTEGER NOT NULL, replication INTEGER NOT NULL, kpi TEXT NOT NULL, value REAL,
                  PRIMARY KEY (config, replication, kpi)) WITHOUT ROWID;
                CREATE TABLE IF NOT EXISTS tasks_done (config INTEGER NOT NULL, replication INTEGER NOT NULL, PRIMARY KEY (config, replication)) WITHOUT ROWID;
                CREATE TABLE IF NOT EXISTS runs (run INTEGER PRIMARY KEY, started TEXT NOT NULL, finished TEXT, duration_s REAL, host TEXT, pid INTEGER,
                  workers INTEGER, tasks_before INTEGER, tasks_run INTEGER, status TEXT, command TEXT, software_version TEXT);
                """)
            if let row = try Row.fetchOne(db, sql: "SELECT file_hash, file FROM optimise WHERE id = 1") {
                let hash: String = row["file_hash"], file: String = row["file"]
                if hash != spec.hash {
                    throw SweepInputError("\(spec.file) or its base scenario changed since \(path) was started (from \(file)); resume with the original files, or use a new --out directory (or delete \(path))")
                }
            } else {
                func j(_ x: JSON) -> String { x.serialized(pretty: false) }
                let vars = JSON.array(spec.variables.map { v in .object([("name", .string(v.name)), ("path", .string(v.path)), ("from", .number(Double(v.from))), ("to", .number(Double(v.to))), ("step", .number(Double(v.step)))]) })
                let cons = JSON.array(spec.constraints.map { c in .object([("kpi", .string(c.kpi)), (c.atMost ? "at_most" : "at_least", .number(c.limit)), ("confidence", .number(c.confidence)), ("tolerance", .number(c.tolerance))]) })
                try db.execute(sql: "INSERT INTO optimise VALUES (1, ?, ?, ?, ?, ?, ?, ?, ?)",
                               arguments: [spec.name, spec.file, spec.hash, Outputs.softwareVersion, Int64(bitPattern: spec.seed), j(vars), j(cons), spec.objective.kpi])
                for t in spec.texts { try db.execute(sql: "INSERT INTO inputs VALUES (?, ?, ?)", arguments: [t.role, t.path, t.text]) }
                for c in spec.configurations {
                    try db.execute(sql: "INSERT INTO configurations VALUES (?, ?, ?)",
                                   arguments: [c.id, j(.object(zip(spec.variables, c.values).map { ($0.name, .number(Double($1))) })), c.knownObjective.isFinite ? c.knownObjective : nil])
                }
            }
            try db.execute(sql: "UPDATE runs SET status = 'interrupted' WHERE status = 'running'")
        }
    }

    deinit { if lockFD >= 0 { close(lockFD) } }

    /// Every stored value: [config: [replication: [kpi: value]]] (NaN for NULL).
    public func load() throws -> [Int: [Int: [String: Double]]] {
        try queue.read { db in try Self.values(db) }
    }

    static func values(_ db: Database) throws -> [Int: [Int: [String: Double]]] {
        var out: [Int: [Int: [String: Double]]] = [:]
        let done = try Row.fetchAll(db, sql: "SELECT config, replication FROM tasks_done")
        for r in done { let c: Int = r[0], rep: Int = r[1]; out[c, default: [:]][rep] = [:] }
        let rows = try Row.fetchCursor(db, sql: "SELECT r.config, r.replication, r.kpi, r.value FROM results r JOIN tasks_done t ON t.config = r.config AND t.replication = r.replication")
        while let r = try rows.next() {
            let c: Int = r[0], rep: Int = r[1], k: String = r[2], v: Double? = r[3]
            out[c, default: [:]][rep, default: [:]][k] = v ?? .nan
        }
        return out
    }

    /// Commits finished tasks: their values and tasks_done rows in one transaction.
    public func write(_ tasks: [(Int, Int, [(String, Double)])]) throws {
        guard !tasks.isEmpty else { return }
        try queue.write { db in
            for t in tasks {
                for (k, v) in t.2 {
                    try db.execute(sql: "INSERT OR REPLACE INTO results VALUES (?, ?, ?, ?)", arguments: [t.0, t.1, k, v.isFinite ? v : nil])
                }
                try db.execute(sql: "INSERT OR IGNORE INTO tasks_done VALUES (?, ?)", arguments: [t.0, t.1])
            }
        }
    }

    /// Replaces the shard record of a shard database. A different earlier
    /// record (a shard of an earlier round, whose tasks are all merged, or one
    /// made from another state of optimise.sqlite) goes with its tasks, in the
    /// same transaction. Returns the record replaced, if any.
    @discardableResult
    public func setShard(_ r: ShardRecord) throws -> ShardRecord? {
        try queue.write { db in
            try db.execute(sql: "CREATE TABLE IF NOT EXISTS shard (id INTEGER PRIMARY KEY CHECK (id = 1), k INTEGER NOT NULL, n INTEGER NOT NULL, round INTEGER NOT NULL, tasks INTEGER NOT NULL, tasks_hash TEXT NOT NULL)")
            let old = try ShardRecord.fetch(db)
            if old == r { return nil }
            if old != nil {
                try db.execute(sql: "DELETE FROM results")
                try db.execute(sql: "DELETE FROM tasks_done")
            }
            try db.execute(sql: "INSERT OR REPLACE INTO shard VALUES (1, ?, ?, ?, ?, ?)", arguments: [r.k, r.n, r.round, r.tasks, r.tasksHash])
            return old
        }
    }

    /// Commits the tasks of merged shards and their run records in one transaction.
    func fold(_ tasks: [(Int, Int, [(String, Double)])], runs: [Row]) throws {
        try queue.write { db in
            for t in tasks {
                for (k, v) in t.2 {
                    try db.execute(sql: "INSERT OR REPLACE INTO results VALUES (?, ?, ?, ?)", arguments: [t.0, t.1, k, v.isFinite ? v : nil])
                }
                try db.execute(sql: "INSERT OR IGNORE INTO tasks_done VALUES (?, ?)", arguments: [t.0, t.1])
            }
            let columns = ["started", "finished", "duration_s", "host", "pid", "workers", "tasks_before", "tasks_run", "status", "command", "software_version"]
            for r in runs {
                try db.execute(sql: "INSERT INTO runs (\(columns.joined(separator: ", "))) VALUES (\(columns.map { _ in "?" }.joined(separator: ", ")))",
                               arguments: StatementArguments(columns.map { r[$0] as DatabaseValue }))
            }
        }
    }

    /// Leaves the database in rollback-journal mode, so that shards on other
    /// machines can read it over a shared file system (WAL needs shared memory).
    func settle() throws {
        try queue.writeWithoutTransaction { db in _ = try String.fetchOne(db, sql: "PRAGMA journal_mode = DELETE") }
    }

    public func beginRun(workers: Int, before: Int, command: String) throws {
        try queue.write { db in
            try db.execute(sql: "INSERT INTO runs (started, host, pid, workers, tasks_before, status, command, software_version) VALUES (?, ?, ?, ?, ?, 'running', ?, ?)",
                           arguments: [ISO8601DateFormatter().string(from: started), ProcessInfo.processInfo.hostName, Int(getpid()), workers, before, command, Outputs.softwareVersion])
            runID = db.lastInsertedRowID
        }
    }

    public func finishRun(tasksRun: Int, status: String) throws {
        guard let id = runID else { return }
        try queue.write { db in
            try db.execute(sql: "UPDATE runs SET finished = ?, duration_s = ?, tasks_run = ?, status = ? WHERE run = ?",
                           arguments: [ISO8601DateFormatter().string(from: Date()), Date().timeIntervalSince(started), tasksRun, status, id])
        }
    }
}

/// Which shard of which round a shard database holds: shard k of n of the
/// missing tasks of round `round` (`tasks` of them; SHA-256 of their list).
public struct ShardRecord: Equatable, Sendable {
    public var k: Int, n: Int, round: Int, tasks: Int, tasksHash: String
    public init(k: Int, n: Int, round: Int, tasks: Int, tasksHash: String) {
        self.k = k; self.n = n; self.round = round; self.tasks = tasks; self.tasksHash = tasksHash
    }

    static func fetch(_ db: Database) throws -> ShardRecord? {
        guard try db.tableExists("shard"), let r = try Row.fetchOne(db, sql: "SELECT k, n, round, tasks, tasks_hash FROM shard WHERE id = 1") else { return nil }
        return ShardRecord(k: r["k"], n: r["n"], round: r["round"], tasks: r["tasks"], tasksHash: r["tasks_hash"])
    }
}
