import CareFlowAnalysis
import CareFlowBuildInfo
import Foundation
import GRDB

/// What a sweep database holds, in plain values (no GRDB types).
public struct SweepContents: Sendable {
    public struct Factor: Sendable {
        /// The short column name (the key path in older databases).
        public var name: String
        public var path: String
        /// From the scenario's labels, e.g. "ED physicians from 08:00".
        public var label: String
        public var kind: String
        /// The duration unit of a range factor (nil: none).
        public var unit: String?
        public var levels: [JSON]
    }
    public struct Point: Sendable {
        public var id: Int
        public var values: [JSON]
    }
    public struct KPI: Sendable {
        public var name: String
        public var target: Double?
        /// "higher", "lower" or nil (no preference).
        public var direction: String?
        /// "min", "share", "patients", "servers" ("" in older databases).
        public var unit: String
        public var label: String
    }
    public struct Cell: Sendable {
        public var n: Int
        public var mean: Double
        public var ciLow: Double
        public var ciHigh: Double
    }
    public var name: String
    public var description: String
    public var file: String
    public var hash: String
    public var softwareVersion: String
    public var base: String
    public var design: String
    public var seed: UInt64
    public var replications: Int
    public var factors: [Factor]
    public var points: [Point]
    public var kpis: [KPI]
    /// cells[point][kpi] (nil: no value yet).
    public var cells: [[Cell?]]
    public var tasksDone: Int
    public var tasksTotal: Int
    /// The provenance table (key, value), in order.
    public var provenance: [(String, String)]
    /// The fixed overrides: (key path, value as written).
    public var overrides: [(String, String)]
    /// The stored input files: (path, role, SHA-256).
    public var inputs: [(String, String, String)]
}

public enum SweepDatabase {
    static func openReadOnly(_ path: String) throws -> DatabaseQueue {
        guard FileManager.default.fileExists(atPath: path) else { throw SweepInputError("\(path): no such file") }
        var config = Configuration()
        config.readonly = true
        config.busyMode = .timeout(10)
        let q: DatabaseQueue
        do {
            q = try DatabaseQueue(path: path, configuration: config)
        } catch let e as DatabaseError {
            throw SweepInputError("\(path): not a sweep database (\(e.message ?? "\(e)"))")
        }
        do {
            try q.read { db in try SweepIntegrity.check(db, path: path) }
        } catch let e as DatabaseError {
            throw SweepIntegrity.damaged(path, "SQLite: \(e.message ?? "\(e.resultCode)")")
        }
        return q
    }

    /// Reads a sweep database (complete or not) with per-point means and CIs.
    /// `only`: read the means of these KPIs only (faster on big sweeps).
    public static func contents(_ path: String, only: [String]? = nil) throws -> SweepContents {
        let q = try openReadOnly(path)
        return try q.read { db in
            guard let s = try Row.fetchOne(db, sql: "SELECT * FROM sweep WHERE id = 1") else { throw SweepInputError("\(path): the sweep table is empty") }
            let v2 = (try Int.fetchOne(db, sql: "PRAGMA user_version") ?? 0) >= 2
            let factors = try Row.fetchAll(db, sql: "SELECT \(v2 ? "name, unit, label" : "path AS name, NULL AS unit, path AS label"), path, kind, levels FROM factors ORDER BY factor").map { r in
                SweepContents.Factor(name: r["name"], path: r["path"], label: r["label"], kind: r["kind"], unit: r["unit"], levels: (try? JSON.parse(r["levels"] as String))?.array ?? [])
            }
            let points = try Row.fetchAll(db, sql: "SELECT point, values_json FROM points ORDER BY point").map { r -> SweepContents.Point in
                let obj = (try? JSON.parse(r["values_json"] as String))?.object ?? []
                return SweepContents.Point(id: r["point"], values: factors.map { f in obj.first { $0.0 == f.path }?.1 ?? .null })
            }
            let kpis = try Row.fetchAll(db, sql: "SELECT kpi, target, direction, \(v2 ? "unit, label" : "'' AS unit, kpi AS label") FROM kpis ORDER BY position").map { r in
                SweepContents.KPI(name: r["kpi"], target: r["target"], direction: r["direction"], unit: r["unit"], label: r["label"])
            }
            let kIndex = Dictionary(uniqueKeysWithValues: kpis.enumerated().map { ($1.name, $0) })
            let pIndex = Dictionary(uniqueKeysWithValues: points.enumerated().map { ($1.id, $0) })
            var cells = Array(repeating: [SweepContents.Cell?](repeating: nil, count: kpis.count), count: points.count)
            let filter = only.map { names in " WHERE kpi IN (" + names.map { _ in "?" }.joined(separator: ", ") + ")" } ?? ""
            for r in try Row.fetchAll(db, sql: "SELECT point, kpi, n, mean, ci_low, ci_high FROM kpi_summary" + filter,
                                      arguments: StatementArguments(only ?? [])) {
                guard let p = pIndex[r["point"]], let k = kIndex[r["kpi"]] else { continue }
                let mean: Double? = r["mean"], lo: Double? = r["ci_low"], hi: Double? = r["ci_high"]
                cells[p][k] = SweepContents.Cell(n: r["n"], mean: mean ?? .nan, ciLow: lo ?? .nan, ciHigh: hi ?? .nan)
            }
            let done = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM tasks_done") ?? 0
            let seed: Int64 = s["seed"]
            let reps: Int = s["replications"], count: Int = s["point_count"]
            var provenance: [(String, String)] = [], overrides: [(String, String)] = [], inputs: [(String, String, String)] = []
            if v2 {
                provenance = try Row.fetchAll(db, sql: "SELECT key, value FROM provenance ORDER BY rowid").map { ($0["key"], $0["value"]) }
                overrides = try Row.fetchAll(db, sql: "SELECT path, value FROM overrides ORDER BY position").map { ($0["path"], $0["value"]) }
                inputs = try Row.fetchAll(db, sql: "SELECT path, role, sha256 FROM input_files ORDER BY file").map { ($0["path"], $0["role"], $0["sha256"]) }
            }
            return SweepContents(name: s["name"], description: v2 ? s["description"] : "", file: s["file"], hash: s["file_hash"], softwareVersion: s["software_version"],
                                 base: s["base"], design: s["design"], seed: UInt64(bitPattern: seed), replications: reps,
                                 factors: factors, points: points, kpis: kpis, cells: cells, tasksDone: done, tasksTotal: reps * count,
                                 provenance: provenance, overrides: overrides, inputs: inputs)
        }
    }

    /// Rows of a query as text (columns joined by "|", NULL as empty), for
    /// tests and quick checks.
    public static func rows(_ path: String, sql: String) throws -> [String] {
        let q = try openReadOnly(path)
        return try q.read { db in
            try Row.fetchAll(db, sql: sql).map { r in
                r.databaseValues.map { v -> String in
                    switch v.storage {
                    case .null: return ""
                    case .int64(let i): return String(i)
                    case .double(let d): return "\(d)"
                    case .string(let s): return s
                    case .blob(let b): return "blob(\(b.count))"
                    }
                }.joined(separator: "|")
            }
        }
    }

    /// Tidy long CSV: point, one column per factor, replication, kpi, value.
    public static func exportCSV(_ path: String, to out: String) throws -> Int {
        let q = try openReadOnly(path)
        return try q.read { db in
            let v2 = (try Int.fetchOne(db, sql: "PRAGMA user_version") ?? 0) >= 2
            let rows = try Row.fetchAll(db, sql: "SELECT \(v2 ? "name" : "path AS name"), path FROM factors ORDER BY factor")
            let factors: [String] = rows.map { $0["path"] }, columns: [String] = rows.map { $0["name"] }
            var units: [String: String] = [:]
            if v2 { for r in try Row.fetchAll(db, sql: "SELECT kpi, unit FROM kpis") { units[r["kpi"]] = r["unit"] } }
            var pointValues: [Int: [String]] = [:]
            for r in try Row.fetchAll(db, sql: "SELECT point, values_json FROM points") {
                let obj = (try? JSON.parse(r["values_json"] as String))?.object ?? []
                pointValues[r["point"]] = factors.map { f in
                    switch obj.first(where: { $0.0 == f })?.1 ?? .null {
                    case .number(let x): return JSON.format(x)
                    case .string(let s): return Outputs.csv(s)
                    case .null: return ""
                    case let other: return Outputs.csv(other.serialized(pretty: false))
                    }
                }
            }
            let fh = try AtomicFile(path: out)
            var chunk = (["point"] + columns.map(Outputs.csv) + ["replication", "kpi", "unit", "value"]).joined(separator: ",") + "\n"
            var count = 0
            let cursor = try Row.fetchCursor(db, sql: """
                SELECT r.point, r.replication, r.kpi, r.value FROM results r JOIN kpis k ON k.kpi = r.kpi
                ORDER BY r.point, r.replication, k.position
                """)
            while let r = try cursor.next() {
                let p: Int = r[0], rep: Int = r[1], kpi: String = r[2], v: Double? = r[3]
                chunk += "\(p),"
                for c in pointValues[p] ?? [] { chunk += c + "," }
                chunk += "\(rep),\(Outputs.csv(kpi)),\(Outputs.csv(units[kpi] ?? "")),\(v.map(JSON.format) ?? "")\n"
                count += 1
                if chunk.utf8.count > 1 << 20 { try fh.write(chunk); chunk = "" }
            }
            try fh.write(chunk)
            try fh.commit()
            return count
        }
    }

    /// Per-point summary CSV: point, factor columns (short names), kpi, unit, label, n, mean, ci_low, ci_high.
    public static func summaryCSV(_ c: SweepContents) -> String {
        var out = (["point"] + c.factors.map { Outputs.csv($0.name) } + ["kpi", "unit", "label", "n", "mean", "ci_low", "ci_high"]).joined(separator: ",") + "\n"
        for (i, p) in c.points.enumerated() {
            let fv = p.values.map { v -> String in
                switch v {
                case .number(let x): return JSON.format(x)
                case .string(let s): return Outputs.csv(s)
                case .null: return ""
                default: return Outputs.csv(v.serialized(pretty: false))
                }
            }.joined(separator: ",")
            for (k, kpi) in c.kpis.enumerated() {
                guard let cell = c.cells[i][k] else { continue }
                func f(_ x: Double) -> String { x.isFinite ? JSON.format(x) : "" }
                out += "\(p.id),\(fv.isEmpty ? "" : fv + ",")\(Outputs.csv(kpi.name)),\(Outputs.csv(kpi.unit)),\(Outputs.csv(kpi.label)),\(cell.n),\(f(cell.mean)),\(f(cell.ciLow)),\(f(cell.ciHigh))\n"
            }
        }
        return out
    }

    public struct MergeReport: Sendable {
        public var tasksDone: Int
        public var tasksTotal: Int
        public var inputs: Int
    }

    /// Combines shard databases of one sweep into `out` (replaced atomically).
    /// Refuses shards of different sweeps, overlapping shards, and (unless
    /// `allowIncomplete`) a result with tasks missing.
    public static func merge(_ inputs: [String], into out: String, allowIncomplete: Bool = false, command: String = "") throws -> MergeReport {
        guard !inputs.isEmpty else { throw SweepInputError("merge: no shard databases given") }
        let absOut = URL(fileURLWithPath: out).standardizedFileURL.path
        var firstSweep: Row?
        var firstPoints: [Row] = []
        var done = 0
        for path in inputs {
            let abs = URL(fileURLWithPath: path).standardizedFileURL.path
            if abs == absOut { throw SweepInputError("merge: the output \(out) is also an input; write the merge to another file") }
            let q = try openReadOnly(path)
            try q.read { db in
                let v = try Int.fetchOne(db, sql: "PRAGMA user_version") ?? 0
                if v != SweepSchema.version { throw SweepInputError("\(path) has sweep database schema \(v), this careflow merges schema \(SweepSchema.version): merge it with the careflow that wrote it") }
                guard let s = try Row.fetchOne(db, sql: "SELECT name, file_hash, software_version, design, seed, replications, point_count, factors, kpis, overrides FROM sweep WHERE id = 1") else {
                    throw SweepInputError("\(path): the sweep table is empty (the shard never started)")
                }
                let points = try Row.fetchAll(db, sql: "SELECT * FROM points ORDER BY point")
                if let f = firstSweep {
                    if f != s {
                        throw SweepInputError("\(path) is from another sweep or a changed sweep file (hash \((s["file_hash"] as String).prefix(12))... vs \((f["file_hash"] as String).prefix(12))... in \(inputs[0]))")
                    }
                    if points != firstPoints { throw SweepInputError("\(path): its points differ from \(inputs[0])'s") }
                } else {
                    firstSweep = s
                    firstPoints = points
                }
                done += try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM tasks_done") ?? 0
            }
        }
        guard let s = firstSweep else { throw SweepInputError("merge: no shard databases given") }
        let total = (s["point_count"] as Int) * (s["replications"] as Int)
        if done < total && !allowIncomplete {
            throw SweepInputError("merge: the shards hold \(done) of \(total) tasks; finish the missing shards (rerun them: they resume) or pass --allow-incomplete")
        }
        try FileManager.default.createDirectory(atPath: absOut.parentPath, withIntermediateDirectories: true)
        // Not while a sweep is writing the output database.
        let lockFD = open(absOut + ".lock", O_RDWR | O_CREAT, 0o644)
        defer { if lockFD >= 0 { close(lockFD) } }
        if lockFD < 0 || flock(lockFD, LOCK_EX | LOCK_NB) != 0 {
            throw SweepInputError("\(out) is being written by another careflow process; merge into another directory or wait")
        }
        let tmp = absOut + ".merge-\(getpid())"
        for suffix in ["", "-wal", "-shm", "-journal"] { try? FileManager.default.removeItem(atPath: tmp + suffix) }
        var merged = 0
        do {
            let q = try DatabaseQueue(path: tmp)
            try q.writeWithoutTransaction { db in
                // Same schema and description as the first shard.
                try db.execute(sql: "ATTACH DATABASE ? AS src", arguments: [URL(fileURLWithPath: inputs[0]).standardizedFileURL.path])
                let schema = try Row.fetchAll(db, sql: "SELECT type, name, sql FROM src.sqlite_master WHERE sql IS NOT NULL AND name NOT LIKE 'sqlite_%' ORDER BY type = 'view', rowid")
                try db.inTransaction {
                    for r in schema { try db.execute(sql: r["sql"] as String) }
                    for t in ["sweep", "factors", "kpis", "points", "t_quantiles", "input_files", "overrides", "provenance"] {
                        try db.execute(sql: "INSERT INTO main.\(t) SELECT * FROM src.\(t)")
                    }
                    try db.execute(sql: "PRAGMA main.user_version = \(SweepSchema.version)")
                    return .commit
                }
                try db.execute(sql: "DETACH DATABASE src")
                for path in inputs {
                    let abs = URL(fileURLWithPath: path).standardizedFileURL.path
                    try db.execute(sql: "ATTACH DATABASE ? AS src", arguments: [abs])
                    do {
                        try db.inTransaction {
                            try db.execute(sql: "INSERT INTO main.tasks_done SELECT point, replication FROM src.tasks_done")
                            try db.execute(sql: "INSERT INTO main.results SELECT point, replication, kpi, value FROM src.results")
                            try db.execute(sql: """
                                INSERT INTO main.runs (source, started, finished, duration_s, host, pid, shard, workers, tasks_total, tasks_before, tasks_run, status, command, software_version, git_commit, os, cores)
                                SELECT ?, started, finished, duration_s, host, pid, shard, workers, tasks_total, tasks_before, tasks_run, status, command, software_version, git_commit, os, cores FROM src.runs ORDER BY run
                                """, arguments: [abs])
                            return .commit
                        }
                    } catch let e as DatabaseError where e.resultCode == .SQLITE_CONSTRAINT {
                        throw SweepInputError("merge: \(path) overlaps an earlier shard (a task appears twice); give each shard once")
                    }
                    try db.execute(sql: "DETACH DATABASE src")
                }
                merged = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM tasks_done") ?? 0
                let now = SweepStore.timestamp(Date())
                try db.execute(sql: """
                    INSERT INTO runs (source, started, finished, duration_s, host, pid, shard, workers, tasks_total, tasks_before, tasks_run, status, command, software_version, git_commit, os, cores)
                    VALUES ('merge', ?, ?, 0, ?, ?, NULL, NULL, ?, 0, ?, 'merged', ?, ?, ?, ?, ?)
                    """, arguments: [now, now, BuildInfo.host, Int(getpid()), total, merged, command, Outputs.softwareVersion,
                                     BuildInfo.commitDescription, BuildInfo.operatingSystem, BuildInfo.cores])
                _ = try String.fetchOne(db, sql: "PRAGMA journal_mode = WAL")
            }
            try q.close()
        } catch {
            for suffix in ["", "-wal", "-shm", "-journal"] { try? FileManager.default.removeItem(atPath: tmp + suffix) }
            throw error
        }
        for suffix in ["-wal", "-shm"] { try? FileManager.default.removeItem(atPath: absOut + suffix) }
        guard rename(tmp, absOut) == 0 else { throw SweepInputError("cannot rename \(tmp) to \(absOut): \(String(cString: strerror(errno)))") }
        for suffix in ["-wal", "-shm"] where FileManager.default.fileExists(atPath: tmp + suffix) {
            _ = rename(tmp + suffix, absOut + suffix)
        }
        return MergeReport(tasksDone: merged, tasksTotal: total, inputs: inputs.count)
    }
}
