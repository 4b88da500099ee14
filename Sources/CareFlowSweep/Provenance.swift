import CareFlowAnalysis
import CareFlowBuildInfo
import CareFlowRandom
import CareFlowScenario
import Foundation
import GRDB
import GRDBSQLite

/// What a sweep database holds besides results so that it alone reproduces
/// the sweep (docs/sweeps.md, "Provenance"): the full text and hash of the
/// sweep file and of every scenario file of the base's `extends` chain, the
/// fixed overrides with their values, and the software and machine facts.
public enum Provenance {
    static func create(_ db: Database) throws {
        try db.execute(sql: """
            CREATE TABLE IF NOT EXISTS input_files (
              file INTEGER PRIMARY KEY,
              role TEXT NOT NULL,
              path TEXT NOT NULL UNIQUE,
              original_path TEXT NOT NULL,
              sha256 TEXT NOT NULL,
              bytes INTEGER NOT NULL,
              text TEXT NOT NULL);
            CREATE TABLE IF NOT EXISTS overrides (
              position INTEGER PRIMARY KEY,
              path TEXT NOT NULL,
              value TEXT NOT NULL,
              value_json TEXT NOT NULL);
            CREATE TABLE IF NOT EXISTS provenance (
              key TEXT PRIMARY KEY,
              value TEXT NOT NULL);
            """)
    }

    /// The folder that holds every input file (their longest common parent).
    static func commonFolder(_ paths: [String]) -> String {
        let split = paths.map { $0.parentPath.split(separator: "/", omittingEmptySubsequences: true) }
        guard var common = split.first else { return "/" }
        for s in split.dropFirst() {
            var n = 0
            while n < common.count && n < s.count && common[n] == s[n] { n += 1 }
            common = Array(common.prefix(n))
        }
        return "/" + common.joined(separator: "/")
    }

    /// `path` relative to `folder` (a parent of it).
    static func relative(_ path: String, to folder: String) -> String {
        let prefix = folder.hasSuffix("/") ? folder : folder + "/"
        return path.hasPrefix(prefix) ? String(path.dropFirst(prefix.count)) : path
    }

    public static func sha256(_ text: String) -> String {
        var h = SHA256()
        h.update(Array(text.utf8))
        return h.finalize()
    }

    /// Facts of the software and machine that created the database.
    public static func facts(command: String) -> [(String, String)] {
        [("careflow_version", Outputs.softwareVersion),
         ("git_commit", BuildInfo.commitDescription),
         ("gsl_version", GSL.version),
         ("swift_version", BuildInfo.swiftVersion),
         ("sqlite_version", String(cString: sqlite3_libversion())),
         ("command", command),
         ("host", BuildInfo.host),
         ("os", BuildInfo.operatingSystem),
         ("cores", String(BuildInfo.cores)),
         ("created", SweepStore.timestamp(Date()))]
    }

    static func describe(_ db: Database, spec: SweepSpec, command: String) throws {
        let folder = commonFolder(spec.inputs.map(\.path))
        var seen = Set<String>()
        for (i, f) in spec.inputs.enumerated() {
            let rel = relative(f.path, to: folder)
            // A file the chain names twice (it cannot: cycles are refused) is stored once.
            guard seen.insert(rel).inserted else { continue }
            try db.execute(sql: "INSERT INTO input_files (file, role, path, original_path, sha256, bytes, text) VALUES (?, ?, ?, ?, ?, ?, ?)",
                           arguments: [i, f.role, rel, f.path, sha256(f.text), f.text.utf8.count, f.text])
        }
        for (i, o) in spec.overrideValues.enumerated() {
            try db.execute(sql: "INSERT INTO overrides (position, path, value, value_json) VALUES (?, ?, ?, ?)",
                           arguments: [i, o.path, SweepFile.label(o.value), SweepFile.json(o.value).serialized(pretty: false)])
        }
        for (k, v) in facts(command: command) {
            try db.execute(sql: "INSERT INTO provenance (key, value) VALUES (?, ?)", arguments: [k, v])
        }
    }

    /// The stored input files: (path relative to the inputs folder, role, text, sha256).
    public static func inputs(_ path: String) throws -> [(path: String, role: String, text: String, sha256: String)] {
        let q = try SweepDatabase.openReadOnly(path)
        return try q.read { db in
            guard try db.tableExists("input_files") else {
                throw SweepInputError("\(path) holds no input files (written by a careflow before provenance); it cannot be reproduced from the database alone")
            }
            return try Row.fetchAll(db, sql: "SELECT path, role, text, sha256 FROM input_files ORDER BY file").map { r in
                (r["path"], r["role"], r["text"], r["sha256"])
            }
        }
    }

    /// key -> value of the provenance table (empty for older databases).
    public static func facts(of path: String) throws -> [(String, String)] {
        let q = try SweepDatabase.openReadOnly(path)
        return try q.read { db in
            guard try db.tableExists("provenance") else { return [] }
            return try Row.fetchAll(db, sql: "SELECT key, value FROM provenance ORDER BY rowid").map { ($0["key"], $0["value"]) }
        }
    }
}

/// Checks that a sweep database is whole before it is resumed, exported,
/// reported or merged: SQLite's own structure check (PRAGMA quick_check),
/// then that the tasks agree with the results and the stored inputs with
/// their lengths. A damaged file is refused with one line (exit 2).
public enum SweepIntegrity {
    static func damaged(_ path: String, _ why: String) -> SweepInputError {
        let one = why.split(whereSeparator: \.isNewline).first.map(String.init) ?? why
        return SweepInputError("\(path): the sweep database is damaged (\(one.prefix(200))); restore it from a copy, or rerun the sweep into a new --out directory")
    }

    public static func check(_ path: String) throws {
        var config = Configuration()
        config.readonly = true
        config.busyMode = .timeout(10)
        do {
            let q = try DatabaseQueue(path: path, configuration: config)
            try q.read { db in try check(db, path: path) }
            try q.close()
        } catch let e as SweepInputError {
            throw e
        } catch let e as DatabaseError {
            throw damaged(path, "SQLite: \(e.message ?? "\(e.resultCode)")")
        }
    }

    static func check(_ db: Database, path: String) throws {
        let problems = try String.fetchAll(db, sql: "PRAGMA quick_check(3)")
        if problems != ["ok"] { throw damaged(path, "quick_check: " + problems.joined(separator: "; ")) }
        guard try db.tableExists("sweep"), try db.tableExists("results"), try db.tableExists("tasks_done") else {
            throw SweepInputError("\(path) is not a sweep database (no sweep/results/tasks_done tables)")
        }
        guard let s = try Row.fetchOne(db, sql: "SELECT point_count, replications, kpis FROM sweep WHERE id = 1") else { return }
        let points: Int = s["point_count"], reps: Int = s["replications"]
        let kpiCount = (try? JSON.parse(s["kpis"] as String))?.array?.count ?? -1
        let storedKPIs = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM kpis") ?? 0
        if storedKPIs != kpiCount { throw damaged(path, "the kpis table has \(storedKPIs) rows, the sweep lists \(kpiCount) KPIs") }
        let storedPoints = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM points") ?? 0
        if storedPoints != points { throw damaged(path, "the points table has \(storedPoints) rows, the sweep has \(points) points") }
        let done = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM tasks_done") ?? 0
        let outside = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM tasks_done WHERE point < 0 OR point >= ? OR replication < 0 OR replication >= ?",
                                       arguments: [points, reps]) ?? 0
        if outside > 0 { throw damaged(path, "\(outside) finished tasks lie outside the sweep's \(points) points x \(reps) replications") }
        let results = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM results") ?? 0
        if results != done * kpiCount {
            throw damaged(path, "\(done) tasks are marked done, which write \(done * kpiCount) result rows, but there are \(results)")
        }
        let orphans = try Int.fetchOne(db, sql: """
            SELECT COUNT(*) FROM results r WHERE NOT EXISTS
              (SELECT 1 FROM tasks_done d WHERE d.point = r.point AND d.replication = r.replication)
            """) ?? 0
        if orphans > 0 { throw damaged(path, "\(orphans) result rows belong to no finished task") }
        // The stored inputs' lengths (their SHA-256 is checked when --reproduce re-creates them).
        if try db.tableExists("input_files") {
            let bad = try String.fetchOne(db, sql: "SELECT path FROM input_files WHERE length(CAST(text AS BLOB)) != bytes LIMIT 1")
            if let bad { throw damaged(path, "the stored text of \(bad) does not have its recorded length") }
        }
    }
}
