import CareFlowAnalysis
import CareFlowBuildInfo
import CareFlowRandom
import CareFlowScenario
import Foundation
import GRDB

/// `careflow sweep --reproduce DB --out DIR`: re-creates a sweep's input files
/// from the database alone (DIR/inputs/...), reruns chosen points into
/// DIR/sweep.sqlite and compares every value with the database, bit for bit.
public enum SweepReproduce {
    public struct Outcome: Sendable {
        /// The re-created sweep file.
        public var sweepFile: String
        public var database: String
        public var points: [Int]
        public var values: Int
        /// (point, replication, kpi, stored, rerun) of values that are not bit-identical.
        public var differences: [(Int, Int, String, Double?, Double?)]
        /// Stored tasks of the points that the original database does not have (not yet run there).
        public var missing: Int
        /// Differences between the software that wrote the database and this one.
        public var notes: [String]
    }

    /// Writes the stored inputs under `dir/inputs/` (their original layout
    /// below the folder that held them all) and returns the sweep file's path.
    public static func recreate(_ db: String, into dir: String) throws -> String { try recreateAll(db, into: dir).sweep }

    /// The sweep file's path and, for the scenario files, original path -> re-created path.
    static func recreateAll(_ db: String, into dir: String) throws -> (sweep: String, moved: [String: String]) {
        let inputs = try Provenance.inputs(db)
        let originals = try SweepDatabase.rows(db, sql: "SELECT original_path FROM input_files ORDER BY file")
        var moved: [String: String] = [:]
        let root = (dir as NSString).appendingPathComponent("inputs")
        var sweep: String?
        for f in inputs {
            let parts = f.path.split(separator: "/", omittingEmptySubsequences: false)
            guard !f.path.hasPrefix("/"), !parts.contains(where: { $0 == ".." || $0 == "." || $0.isEmpty }),
                  !f.path.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7f }) else {
                throw SweepInputError("\(db): the stored input path '\(f.path.prefix(80))' is not a plain relative path; refusing to write it")
            }
            guard Provenance.sha256(f.text) == f.sha256 else { throw SweepIntegrity.damaged(db, "the stored text of \(f.path) does not match its SHA-256") }
            let target = (root as NSString).appendingPathComponent(f.path)
            try FileManager.default.createDirectory(atPath: target.parentPath, withIntermediateDirectories: true)
            guard FileManager.default.createFile(atPath: target, contents: Data(f.text.utf8)) else {
                throw SweepInputError("cannot write \(target)")
            }
            if f.role == "sweep" { sweep = target }
            if let i = inputs.firstIndex(where: { $0.path == f.path }), i < originals.count { moved[originals[i]] = target }
        }
        guard let sweep else { throw SweepInputError("\(db): no sweep file among the stored inputs") }
        return (sweep, moved)
    }

    /// Re-creates the inputs, reruns `points` (nil: all) and compares.
    public static func run(_ db: String, out dir: String, points wanted: [Int]?, workers: Int, command: String = "",
                           progress: (@Sendable (Int) -> Void)? = nil) throws -> Outcome {
        let original = try SweepDatabase.contents(db, only: [])
        let facts = Dictionary(original.provenance, uniquingKeysWith: { a, _ in a })
        let (sweepFile, moved) = try recreateAll(db, into: dir)
        let spec: SweepSpec
        // An absolute `base:` is read from its re-created copy.
        do { spec = try SweepFile.load(sweepFile, redirect: moved) } catch {
            throw SweepInputError("the sweep re-created from \(db) does not load:\n\(error.description)")
        }
        guard spec.hash == original.hash else {
            throw SweepInputError("""
                the inputs re-created from \(db) hash to \(spec.hash.prefix(12))..., the database records \(original.hash.prefix(12))...: \
                a scenario's `extends:` names a file by an absolute path; re-create the inputs (they are under \(dir)/inputs) and adjust it
                """)
        }
        let points = wanted ?? spec.points.map(\.id)
        for p in points where p < 0 || p >= spec.points.count {
            throw SweepInputError("--point \(p): the sweep has points 0 to \(spec.points.count - 1)")
        }
        var notes: [String] = []
        if let v = facts["careflow_version"], v != Outputs.softwareVersion { notes.append("written by careflow \(v), this is \(Outputs.softwareVersion)") }
        if let c = facts["git_commit"], c != BuildInfo.commitDescription { notes.append("written by commit \(c), this is \(BuildInfo.commitDescription)") }
        if let g = facts["gsl_version"], g != GSL.version { notes.append("written with GSL \(g), this is GSL \(GSL.version)") }

        let outDB = (dir as NSString).appendingPathComponent("sweep.sqlite")
        let store = try SweepStore(path: outDB, spec: spec, command: command)
        let done = try store.doneTasks()
        let pointSet = Set(points)
        let pending = SweepExecutor.tasks(spec, shard: nil).filter { pointSet.contains($0 / spec.replications) && !done.contains($0) }
        try store.beginRun(shard: nil, workers: workers, total: pending.count, before: 0, command: command)
        do {
            try SweepExecutor.run(spec, pending: pending, workers: workers, sink: { try store.write($0) }, progress: progress)
        } catch {
            try? store.finishRun(tasksRun: 0, status: "failed")
            throw error
        }
        try store.finishRun(tasksRun: pending.count, status: "reproduced")

        // Compare value by value: the bit patterns must be equal.
        let marks = points.map { _ in "?" }.joined(separator: ", ")
        let sql = "SELECT point, replication, kpi, value FROM results WHERE point IN (\(marks)) ORDER BY point, replication, kpi"
        func read(_ path: String) throws -> [String: Double?] {
            let q = try SweepDatabase.openReadOnly(path)
            return try q.read { db in
                var m: [String: Double?] = [:]
                for r in try Row.fetchAll(db, sql: sql, arguments: StatementArguments(points)) {
                    let p: Int = r[0], rep: Int = r[1], k: String = r[2], v: Double? = r[3]
                    m["\(p)\u{1f}\(rep)\u{1f}\(k)"] = v
                }
                return m
            }
        }
        let a = try read(db), b = try read(outDB)
        var diffs: [(Int, Int, String, Double?, Double?)] = []
        var missing = 0
        for key in b.keys.sorted() {
            let parts = key.split(separator: "\u{1f}").map(String.init)
            guard let stored = a[key] else { missing += 1; continue }
            let rerun = b[key] ?? nil
            if stored?.bitPattern != rerun?.bitPattern {
                diffs.append((Int(parts[0]) ?? -1, Int(parts[1]) ?? -1, parts[2], stored, rerun))
            }
        }
        return Outcome(sweepFile: sweepFile, database: outDB, points: points, values: b.count - missing, differences: diffs,
                       missing: missing / max(1, spec.kpis.count), notes: notes)
    }
}
