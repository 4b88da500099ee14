import CareFlowAnalysis
import CareFlowBuildInfo
import CareFlowRandom
import CareFlowScenario
import Foundation
import GRDB
import GRDBSQLite

/// A problem with the user's input (exit status 2 in the CLI).
public struct SweepInputError: Error, CustomStringConvertible, Sendable {
    public var message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}

/// The KPI values of one finished task (one replication of one point).
public struct TaskResult: Sendable {
    public var point: Int
    public var replication: Int
    /// One value per KPI of the sweep, in the sweep's order (NaN: none).
    public var values: [Double]
    public init(point: Int, replication: Int, values: [Double]) {
        self.point = point
        self.replication = replication
        self.values = values
    }
}

/// The SQLite schema of a sweep database (see docs/sweeps.md).
public enum SweepSchema {
    public static let tQuantileMaxDF = 200
    /// The 0.975 standard normal quantile, used by the views beyond df 200.
    public static let z975 = 1.959963984540054

    static func quote(_ id: String) -> String { "\"" + id.replacingOccurrences(of: "\"", with: "\"\"") + "\"" }

    /// PRAGMA user_version of the schema this code writes (1: before
    /// provenance and factor names).
    public static let version = 2

    static func create(_ db: Database, factorNames: [String]) throws {
        try db.execute(sql: """
            CREATE TABLE IF NOT EXISTS sweep (
              id INTEGER PRIMARY KEY CHECK (id = 1),
              name TEXT NOT NULL,
              file TEXT NOT NULL,
              file_hash TEXT NOT NULL,
              software_version TEXT NOT NULL,
              base TEXT NOT NULL,
              design TEXT NOT NULL,
              seed INTEGER NOT NULL,
              replications INTEGER NOT NULL,
              point_count INTEGER NOT NULL,
              factors TEXT NOT NULL,
              kpis TEXT NOT NULL,
              overrides TEXT NOT NULL,
              description TEXT NOT NULL DEFAULT '');
            CREATE TABLE IF NOT EXISTS factors (
              factor INTEGER PRIMARY KEY,
              name TEXT NOT NULL UNIQUE,
              path TEXT NOT NULL UNIQUE,
              label TEXT NOT NULL,
              kind TEXT NOT NULL,
              unit TEXT,
              levels TEXT NOT NULL);
            CREATE TABLE IF NOT EXISTS kpis (
              kpi TEXT PRIMARY KEY,
              position INTEGER NOT NULL,
              target REAL,
              direction TEXT,
              unit TEXT NOT NULL,
              label TEXT NOT NULL,
              column_name TEXT NOT NULL);
            CREATE TABLE IF NOT EXISTS results (
              point INTEGER NOT NULL,
              replication INTEGER NOT NULL,
              kpi TEXT NOT NULL,
              value REAL,
              PRIMARY KEY (point, replication, kpi)) WITHOUT ROWID;
            CREATE TABLE IF NOT EXISTS tasks_done (
              point INTEGER NOT NULL,
              replication INTEGER NOT NULL,
              PRIMARY KEY (point, replication)) WITHOUT ROWID;
            CREATE TABLE IF NOT EXISTS t_quantiles (
              df INTEGER PRIMARY KEY,
              q975 REAL NOT NULL);
            CREATE TABLE IF NOT EXISTS runs (
              run INTEGER PRIMARY KEY,
              source TEXT,
              started TEXT NOT NULL,
              finished TEXT,
              duration_s REAL,
              host TEXT,
              pid INTEGER,
              shard TEXT,
              workers INTEGER,
              tasks_total INTEGER,
              tasks_before INTEGER,
              tasks_run INTEGER,
              status TEXT,
              command TEXT,
              software_version TEXT,
              git_commit TEXT,
              os TEXT,
              cores INTEGER);
            """)
        try Provenance.create(db)
        let cols = factorNames.map { ",\n  \(quote($0))" }.joined()
        try db.execute(sql: "CREATE TABLE IF NOT EXISTS points (\n  point INTEGER PRIMARY KEY,\n  values_json TEXT NOT NULL\(cols));")
        try db.execute(sql: """
            CREATE VIEW IF NOT EXISTS kpi_summary AS
            WITH d AS (
              SELECT point, kpi, value, AVG(value) OVER (PARTITION BY point, kpi) AS m
              FROM results),
            v AS (
              SELECT point, kpi, COUNT(value) AS n, AVG(value) AS mean, SUM((value - m) * (value - m)) AS ss
              FROM d GROUP BY point, kpi)
            SELECT v.point AS point, v.kpi AS kpi, v.n AS n, v.mean AS mean,
              CASE WHEN v.n > 1 THEN sqrt(v.ss / (v.n - 1)) END AS sd,
              CASE WHEN v.n > 1 THEN COALESCE(t.q975, \(z975)) * sqrt(v.ss / (v.n - 1)) / sqrt(v.n) END AS half_width,
              CASE WHEN v.n > 1 THEN v.mean - COALESCE(t.q975, \(z975)) * sqrt(v.ss / (v.n - 1)) / sqrt(v.n) END AS ci_low,
              CASE WHEN v.n > 1 THEN v.mean + COALESCE(t.q975, \(z975)) * sqrt(v.ss / (v.n - 1)) / sqrt(v.n) END AS ci_high
            FROM v LEFT JOIN t_quantiles t ON t.df = v.n - 1;
            CREATE VIEW IF NOT EXISTS point_summary AS
              SELECT p.*, s.kpi, k.unit, s.n, s.mean, s.sd, s.half_width, s.ci_low, s.ci_high
              FROM points p JOIN kpi_summary s ON s.point = p.point JOIN kpis k ON k.kpi = s.kpi;
            CREATE VIEW IF NOT EXISTS progress AS
              SELECT (SELECT COUNT(*) FROM tasks_done) AS tasks_done,
                     (SELECT point_count * replications FROM sweep) AS tasks_total;
            """)
    }

    /// The wide view: one row per point, its factors, then the mean of every
    /// KPI in a column named with its unit (kpis.column_name).
    static func createWide(_ db: Database, spec: SweepSpec) throws {
        let factorCols = spec.factors.map { ", p." + quote($0.name) }.joined()
        let kpiCols = spec.kpis.map { k in
            ",\n  MAX(CASE WHEN s.kpi = '\(k.replacingOccurrences(of: "'", with: "''"))' THEN s.mean END) AS \(quote(KPIUnits.column(k)))"
        }.joined()
        try db.execute(sql: "CREATE VIEW IF NOT EXISTS point_means AS\nSELECT p.point\(factorCols)\(kpiCols)\nFROM points p JOIN kpi_summary s ON s.point = p.point GROUP BY p.point;")
    }

    /// Fills the tables that describe the sweep (not results).
    static func describe(_ db: Database, spec: SweepSpec, command: String) throws {
        let factorJSON = JSON.array(spec.factors.map { .string($0.path) }).serialized(pretty: false)
        let kpiJSON = JSON.array(spec.kpis.map(JSON.string)).serialized(pretty: false)
        let ovJSON = JSON.array(spec.overrides.map(JSON.string)).serialized(pretty: false)
        try db.execute(sql: """
            INSERT INTO sweep (id, name, file, file_hash, software_version, base, design, seed, replications, point_count, factors, kpis, overrides, description)
            VALUES (1, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """, arguments: [spec.name, spec.file, spec.hash, Outputs.softwareVersion, spec.baseFile, spec.design.description,
                             Int64(bitPattern: spec.seed), spec.replications, spec.points.count, factorJSON, kpiJSON, ovJSON, spec.description])
        for (i, f) in spec.factors.enumerated() {
            let kind: String
            switch f.kind {
            case .values: kind = "values"
            case .range(let from, let to, let step, let unit): kind = "range(from: \(JSON.format(from)), to: \(JSON.format(to)), step: \(JSON.format(step))\(unit.map { ", unit: \($0)" } ?? ""))"
            }
            var unit: String?
            if case .range(_, _, _, let u) = f.kind { unit = u }
            let levels = JSON.array(f.levels.map(SweepFile.json)).serialized(pretty: false)
            try db.execute(sql: "INSERT INTO factors (factor, name, path, label, kind, unit, levels) VALUES (?, ?, ?, ?, ?, ?, ?)",
                           arguments: [i, f.name, f.path, FactorNames.label(f.path, root: spec.base.root), kind, unit, levels])
        }
        let cols = spec.factors.map { ", " + quote($0.name) }.joined()
        let marks = spec.factors.map { _ in ", ?" }.joined()
        let ins = try db.makeStatement(sql: "INSERT INTO points (point, values_json\(cols)) VALUES (?, ?\(marks))")
        for p in spec.points {
            var args: [(any DatabaseValueConvertible)?] = [p.id, spec.pointJSON(p)]
            for (f, li) in zip(spec.factors, p.levels) {
                switch SweepFile.json(f.levels[li]) {
                case .number(let x): args.append(x)
                case .string(let s): args.append(s)
                case .null: args.append(nil)
                case let other: args.append(other.serialized(pretty: false))
                }
            }
            try ins.execute(arguments: StatementArguments(args))
        }
        var columns = Set(spec.factors.map(\.name)).union(["point"])
        for (i, k) in spec.kpis.enumerated() {
            let t = target(k, spec.baseScenario)
            var column = KPIUnits.column(k), n = 2
            while columns.contains(column) { column = KPIUnits.column(k) + "_\(n)"; n += 1 }
            columns.insert(column)
            try db.execute(sql: "INSERT INTO kpis (kpi, position, target, direction, unit, label, column_name) VALUES (?, ?, ?, ?, ?, ?, ?)",
                           arguments: [k, i, t.target, t.direction, KPIUnits.unit(k), KPIUnits.label(k, spec.baseScenario), column])
        }
        try createWide(db, spec: spec)
        try Provenance.describe(db, spec: spec, command: command)
        for df in 1...tQuantileMaxDF {
            try db.execute(sql: "INSERT INTO t_quantiles (df, q975) VALUES (?, ?)", arguments: [df, GSL.tQuantile(0.975, degreesOfFreedom: Double(df))])
        }
    }

    /// The target of a KPI value, from the base scenario's KPI definitions:
    /// `X.within_target` and `X[g].within_target` are shares, higher is
    /// better, with the scenario's `share` as target; time KPIs are lower
    /// is better without a target.
    static func target(_ name: String, _ sc: CompiledScenario) -> (target: Double?, direction: String?) {
        guard let dot = name.lastIndex(of: ".") else { return (nil, nil) }
        var stem = String(name[..<dot])
        let stat = String(name[name.index(after: dot)...])
        if let b = stem.firstIndex(of: "[") { stem = String(stem[..<b]) }
        guard let info = sc.kpis.first(where: { $0.name == stem }) else {
            if name.hasSuffix(".wait_mean_min") || name.hasSuffix(".time_in_system_mean_min") || name.hasSuffix(".reneged") || name.hasSuffix(".balked") { return (nil, "lower") }
            return (nil, nil)
        }
        if stat == "within_target" { return (info.targetShare, "higher") }
        if ["mean", "median", "p90", "p95", "max"].contains(stat) { return (nil, "lower") }
        return (nil, nil)
    }
}

/// The database of one sweep (or one shard), open for writing.
public final class SweepStore: @unchecked Sendable {
    public let path: String
    let pool: DatabasePool
    let kpis: [String]
    private let kpiCStrings: [ContiguousArray<CChar>]
    let replications: Int
    private var lockFD: Int32 = -1
    private var runID: Int64?
    private let started = Date()

    /// Opens (creating if needed) the database at `path` for `spec`. Refuses a
    /// database of another sweep or of a changed sweep file, and one another
    /// process is writing.
    public init(path: String, spec: SweepSpec, command: String = "") throws {
        self.path = path
        kpis = spec.kpis
        kpiCStrings = spec.kpis.map { ContiguousArray($0.utf8CString) }
        replications = spec.replications
        try FileManager.default.createDirectory(atPath: path.parentPath, withIntermediateDirectories: true)
        // One writer at a time: an advisory lock next to the database
        // (released by the kernel if the process dies).
        lockFD = open(path + ".lock", O_RDWR | O_CREAT, 0o644)
        if lockFD < 0 || flock(lockFD, LOCK_EX | LOCK_NB) != 0 {
            throw SweepInputError("\(path) is being written by another careflow process; wait for it or use another --out directory")
        }
        var config = Configuration()
        config.prepareDatabase { db in
            try db.execute(sql: "PRAGMA synchronous = NORMAL")
        }
        config.busyMode = .timeout(10)
        // A database that is there must be whole before anything is written to it.
        let existing = (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? 0
        if existing > 0 { try SweepIntegrity.check(path) }
        do {
            pool = try DatabasePool(path: path, configuration: config)
        } catch let e as DatabaseError {
            throw SweepInputError("\(path): cannot open the sweep database (\(e.message ?? "\(e.resultCode)"))")
        }
        try pool.write { db in
            let fresh = try !db.tableExists("sweep")
            if !fresh {
                let v = try Int.fetchOne(db, sql: "PRAGMA user_version") ?? 0
                if v != SweepSchema.version {
                    throw SweepInputError("\(path) has sweep database schema \(v), this careflow writes schema \(SweepSchema.version) (provenance, factor names): run the sweep into a new --out directory")
                }
            }
            try SweepSchema.create(db, factorNames: spec.factors.map(\.name))
            try db.execute(sql: "PRAGMA user_version = \(SweepSchema.version)")
            if let row = try Row.fetchOne(db, sql: "SELECT file, file_hash, software_version, name FROM sweep WHERE id = 1") {
                let hash: String = row["file_hash"], version: String = row["software_version"], file: String = row["file"]
                if hash != spec.hash {
                    throw SweepInputError("""
                        \(spec.displayFile) changed since \(path) was started (from \(file)): \
                        the hash of the sweep and base scenario files is \(spec.hash.prefix(12))..., the database has \(hash.prefix(12))...; \
                        resume with the original files, or run the changed sweep into a new --out directory (or delete \(path))
                        """)
                }
                if version != Outputs.softwareVersion {
                    throw SweepInputError("\(path) was written by careflow \(version), this is \(Outputs.softwareVersion); results would not be comparable: use a new --out directory")
                }
            } else {
                try SweepSchema.describe(db, spec: spec, command: command)
            }
            // Runs that never finished were killed.
            try db.execute(sql: "UPDATE runs SET status = 'interrupted' WHERE status = 'running'")
        }
    }

    deinit {
        if lockFD >= 0 { close(lockFD) }
    }

    /// Task indices (point * replications + replication) already done.
    public func doneTasks() throws -> Set<Int> {
        try pool.read { db in
            var s = Set<Int>()
            let rows = try Row.fetchCursor(db, sql: "SELECT point, replication FROM tasks_done")
            while let r = try rows.next() {
                let p: Int = r[0], rep: Int = r[1]
                s.insert(p * replications + rep)
            }
            return s
        }
    }

    /// Writes finished tasks: their results and tasks_done rows in one transaction.
    public func write(_ batch: [TaskResult]) throws {
        guard !batch.isEmpty else { return }
        // Bound through the SQLite C API: GRDB's StatementArguments cost
        // about 15 µs a row, several times SQLite's own insert.
        let names = kpiCStrings
        try pool.write { db in
            let ins = try db.cachedStatement(sql: "INSERT INTO results (point, replication, kpi, value) VALUES (?, ?, ?, ?)").sqliteStatement
            let done = try db.cachedStatement(sql: "INSERT INTO tasks_done (point, replication) VALUES (?, ?)").sqliteStatement
            // The text bindings point into `names`: cleared before leaving.
            defer { sqlite3_clear_bindings(ins) }
            func step(_ s: OpaquePointer) throws {
                let rc = sqlite3_step(s)
                if rc != SQLITE_DONE {
                    let message = String(cString: sqlite3_errmsg(db.sqliteConnection))
                    sqlite3_reset(s)
                    throw DatabaseError(resultCode: ResultCode(rawValue: rc), message: message)
                }
                sqlite3_reset(s)
            }
            for t in batch {
                for (k, v) in t.values.enumerated() where k < names.count {
                    sqlite3_bind_int64(ins, 1, Int64(t.point))
                    sqlite3_bind_int64(ins, 2, Int64(t.replication))
                    if v.isNaN { sqlite3_bind_null(ins, 4) } else { sqlite3_bind_double(ins, 4, v) }
                    try names[k].withUnsafeBufferPointer { buf in
                        sqlite3_bind_text(ins, 3, buf.baseAddress, Int32(buf.count - 1), nil)
                        try step(ins)
                    }
                }
                sqlite3_bind_int64(done, 1, Int64(t.point))
                sqlite3_bind_int64(done, 2, Int64(t.replication))
                try step(done)
            }
        }
    }

    public func beginRun(shard: String?, workers: Int, total: Int, before: Int, command: String) throws {
        runID = try pool.write { db in
            try db.execute(sql: """
                INSERT INTO runs (source, started, host, pid, shard, workers, tasks_total, tasks_before, tasks_run, status, command, software_version,
                                  git_commit, os, cores)
                VALUES (NULL, ?, ?, ?, ?, ?, ?, ?, 0, 'running', ?, ?, ?, ?, ?)
                """, arguments: [Self.timestamp(started), BuildInfo.host, Int(getpid()), shard, workers, total, before,
                                 command, Outputs.softwareVersion, BuildInfo.commitDescription, BuildInfo.operatingSystem, BuildInfo.cores])
            return db.lastInsertedRowID
        }
    }

    public func finishRun(tasksRun: Int, status: String) throws {
        guard let runID else { return }
        let now = Date()
        try pool.write { db in
            try db.execute(sql: "UPDATE runs SET finished = ?, duration_s = ?, tasks_run = ?, status = ? WHERE run = ?",
                           arguments: [Self.timestamp(now), now.timeIntervalSince(started), tasksRun, status, runID])
        }
    }

    /// UTC, ISO 8601 with milliseconds: 2026-12-01T21:35:41.551Z (by hand:
    /// Foundation's ISO8601DateFormatter costs milliseconds on first use).
    static func timestamp(_ d: Date) -> String {
        let total = Int64((d.timeIntervalSince1970 * 1000).rounded())
        var secs = time_t(total >= 0 ? total / 1000 : (total - 999) / 1000)
        let ms = Int(total - Int64(secs) * 1000)
        var tm = tm()
        gmtime_r(&secs, &tm)
        return String(format: "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", Int(tm.tm_year) + 1900, Int(tm.tm_mon) + 1, Int(tm.tm_mday),
                      Int(tm.tm_hour), Int(tm.tm_min), Int(tm.tm_sec), ms)
    }
}
