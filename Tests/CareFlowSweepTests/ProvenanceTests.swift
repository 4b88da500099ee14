import Foundation
import Testing
import CareFlowAnalysis
import CareFlowRandom
import CareFlowScenario
import GRDB
@testable import CareFlowSweep

/// Issue 20: a sweep database reproduces the sweep on its own; issue 11,
/// class 7: a damaged sweep database is refused with one line.
@Suite struct ProvenanceTests {
    /// A sweep of a what-if that extends the baseline, in a folder of its own.
    static func inputs(_ dir: String) throws -> String {
        let baseline = try String(contentsOfFile: Fix.baseline, encoding: .utf8)
        Fix.write(baseline, to: dir + "/in/scenarios/baseline.yaml")
        Fix.write("extends: baseline.yaml\nname: More ward beds\nunits:\n  ward_bed: {capacity: 205}\n", to: dir + "/in/scenarios/whatif.yaml")
        return Fix.write(Fix.sweep(base: "../scenarios/whatif.yaml", beds: [195, 215], physicians: [4, 5], replications: 2, horizon: "3d"),
                         to: dir + "/in/sweeps/s.yaml")
    }

    @Test func reproducesAPointBitForBitFromTheDatabaseAlone() throws {
        let dir = Fix.tempDir("reproduce")
        let file = try Self.inputs(dir)
        let texts = try ["sweeps/s.yaml", "scenarios/baseline.yaml", "scenarios/whatif.yaml"].map {
            ($0, try String(contentsOfFile: dir + "/in/" + $0, encoding: .utf8))
        }
        let spec = try SweepFile.load(file)
        let db = dir + "/run/sweep.sqlite"
        let store = try SweepStore(path: db, spec: spec, command: "careflow sweep s.yaml")
        try store.beginRun(shard: nil, workers: 2, total: spec.taskCount, before: 0, command: "careflow sweep s.yaml")
        try SweepExecutor.run(spec, pending: SweepExecutor.tasks(spec, shard: nil), workers: 2, sink: { try store.write($0) })
        try store.finishRun(tasksRun: spec.taskCount, status: "done")

        // The database holds every input whole, with its hash, and the overrides' values.
        let stored = try Provenance.inputs(db)
        #expect(stored.map(\.path) == texts.map(\.0))
        #expect(stored.map(\.text) == texts.map(\.1), "the stored texts differ from the files")
        #expect(stored.map(\.role) == ["sweep", "scenario", "scenario"])
        for f in stored { #expect(f.sha256 == Provenance.sha256(f.text)) }
        #expect(try SweepDatabase.rows(db, sql: "SELECT path, value, value_json FROM overrides ORDER BY position") == ["run.horizon|3d|\"3d\"", "run.warmup|1d|\"1d\""])
        let facts = Dictionary(try Provenance.facts(of: db), uniquingKeysWith: { a, _ in a })
        #expect(facts["careflow_version"] == Outputs.softwareVersion)
        #expect(facts["gsl_version"] == GSL.version)
        #expect(facts["command"] == "careflow sweep s.yaml")
        #expect(!(facts["git_commit"] ?? "").isEmpty && facts["swift_version"] != nil && facts["os"] != nil && Int(facts["cores"] ?? "") != nil)
        #expect(try SweepDatabase.rows(db, sql: "SELECT git_commit IS NOT NULL, cores > 0, started < finished FROM runs") == ["1|1|1"])

        // Every input file is gone: the database alone re-creates them and reruns point 1.
        try FileManager.default.removeItem(atPath: dir + "/in")
        let r = try SweepReproduce.run(db, out: dir + "/again", points: [1], workers: 2)
        #expect(r.differences.isEmpty)
        #expect(r.values == spec.replications * spec.kpis.count)
        for (path, text) in texts {
            let again = try String(contentsOfFile: dir + "/again/inputs/" + path, encoding: .utf8)
            #expect(again == text, "\(path) re-created differently")
        }
        let sql = "SELECT point, replication, kpi, value FROM results WHERE point = 1 ORDER BY replication, kpi"
        let a = try SweepDatabase.rows(db, sql: sql), b = try SweepDatabase.rows(dir + "/again/sweep.sqlite", sql: sql)
        #expect(a.count == spec.replications * spec.kpis.count)
        #expect(a == b)
        // Only point 1 was rerun.
        #expect(try SweepDatabase.rows(dir + "/again/sweep.sqlite", sql: "SELECT DISTINCT point FROM tasks_done") == ["1"])
    }

    /// A sweep whose `base:` is an absolute path: the base is re-created too
    /// and read from its copy, not from the (deleted) original.
    @Test func reproducesASweepWithAnAbsoluteBasePath() throws {
        let dir = Fix.tempDir("reproduce-abs")
        let baseline = try String(contentsOfFile: Fix.baseline, encoding: .utf8)
        let base = Fix.write(baseline, to: dir + "/elsewhere/base.yaml")
        let file = Fix.write(Fix.sweep(base: base, beds: [195], physicians: [4, 5], replications: 2, horizon: "2d"), to: dir + "/in/s.yaml")
        let spec = try SweepFile.load(file)
        let db = dir + "/run/sweep.sqlite"
        try Fix.runInProcess(spec, db: db)
        try FileManager.default.removeItem(atPath: dir + "/in")
        try FileManager.default.removeItem(atPath: dir + "/elsewhere")
        let r = try SweepReproduce.run(db, out: dir + "/again", points: nil, workers: 2)
        #expect(r.differences.isEmpty && r.values == 2 * 2 * spec.kpis.count)
    }

    @Test func timestampsAreISO8601UTCWithMilliseconds() {
        let f = ISO8601DateFormatter()
        f.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        for t in [0.0, 1_764_624_941.551, 951_782_400.999, 4_102_444_799.0005] {
            let d = Date(timeIntervalSince1970: t)
            #expect(SweepStore.timestamp(d) == f.string(from: d), "\(t)")
        }
    }

    @Test func factorsGetShortNamesAndKPIsUnits() throws {
        let dir = Fix.tempDir("names")
        let text = Fix.sweep(beds: [195], physicians: [4], replications: 1, horizon: "2d")
            .replacingOccurrences(of: "{values: [4]}", with: "{name: physician_day, values: [4]}")
            + "\n"
        let spec = try SweepFile.load(Fix.write(text, to: dir + "/s.yaml"))
        #expect(spec.factors.map(\.name) == ["ward_bed", "physician_day"])
        #expect(FactorNames.derive("units.physician.schedule.changes[0].capacity", root: spec.base.root) == "physician_0800")
        #expect(FactorNames.derive("arrivals.ed_walk_in.per_day", root: spec.base.root) == "ed_walk_in_per_day")
        #expect(KPIUnits.column("time_to_physician_true_acuity[orange].within_target") == "time_to_physician_true_acuity_orange_within_target_share")
        #expect(KPIUnits.unit("unit.physician.wait_mean_min") == "min" && KPIUnits.column("unit.physician.wait_mean_min") == "unit_physician_wait_mean_min")
        let db = dir + "/sweep.sqlite"
        try Fix.runInProcess(spec, db: db)
        #expect(try SweepDatabase.rows(db, sql: "SELECT name, path FROM factors ORDER BY factor")
                == ["ward_bed|units.ward_bed.capacity", "physician_day|units.physician.schedule.changes[0].capacity"])
        #expect(try SweepDatabase.rows(db, sql: "SELECT point, ward_bed, physician_day FROM points") == ["0|195.0|4.0"])
        #expect(try SweepDatabase.rows(db, sql: "SELECT unit FROM kpis ORDER BY position") == ["min", "share", "min", "share"])
        #expect(try SweepDatabase.rows(db, sql: "SELECT COUNT(ed_los_mean_min), COUNT(boarding_mean_min) FROM point_means") == ["1|1"])
        // A bad or reserved name is a located error.
        for bad in ["9lives", "mean", "has space"] {
            let t = text.replacingOccurrences(of: "name: physician_day", with: "name: '\(bad)'")
            #expect(throws: ScenarioErrors.self) { try SweepFile.load(Fix.write(t, to: dir + "/bad.yaml")) }
        }
    }

    /// A finished sweep whose database has been checkpointed into one file.
    static func finishedDatabase(_ dir: String) throws -> (SweepSpec, String, String) {
        let file = Fix.write(Fix.sweep(beds: [195, 215], physicians: [4], replications: 2, horizon: "2d"), to: dir + "/s.yaml")
        let spec = try SweepFile.load(file)
        let db = dir + "/good/sweep.sqlite"
        try Fix.runInProcess(spec, db: db)
        // The sweep's own connections may still be closing on a loaded machine: wait for them.
        var config = Configuration()
        config.busyMode = .timeout(30)
        let q = try DatabaseQueue(path: db, configuration: config)
        try q.writeWithoutTransaction { try $0.execute(sql: "PRAGMA wal_checkpoint(TRUNCATE)") }
        try q.close()
        return (spec, file, db)
    }

    @Test func aDatabaseWithAnyPageOverwrittenIsRefused() throws {
        let dir = Fix.tempDir("damaged")
        let (spec, _, good) = try Self.finishedDatabase(dir)
        let bytes = try #require(FileManager.default.contents(atPath: good))
        let pageSize = 4096
        #expect(bytes.count % pageSize == 0 && bytes.count / pageSize >= 4)
        var rng = SplitMix64(seed: 11)
        // Every page but the first (whose damage makes it "not a database", checked below).
        for page in 1..<(bytes.count / pageSize) {
            var copy = bytes
            for i in (page * pageSize)..<((page + 1) * pageSize) { copy[i] = UInt8(truncatingIfNeeded: rng.next()) }
            let path = dir + "/p\(page)/sweep.sqlite"
            Fix.write("", to: path)
            try copy.write(to: URL(fileURLWithPath: path))
            do {
                _ = try SweepStore(path: path, spec: spec)
                Issue.record("page \(page): resume accepted a damaged database")
            } catch let e as SweepInputError {
                #expect(e.message.contains("damaged") && !e.message.contains("\n"), "page \(page): \(e.message)")
            }
            #expect(throws: SweepInputError.self, "page \(page)") { try SweepDatabase.contents(path) }
            #expect(throws: SweepInputError.self, "page \(page)") { try SweepDatabase.exportCSV(path, to: dir + "/p\(page)/results.csv") }
            #expect(throws: SweepInputError.self, "page \(page)") { try SweepDatabase.merge([path], into: dir + "/p\(page)/merged/sweep.sqlite", allowIncomplete: true) }
        }
        var header = bytes
        for i in 0..<pageSize { header[i] = UInt8(truncatingIfNeeded: rng.next()) }
        try header.write(to: URL(fileURLWithPath: dir + "/p0.sqlite"))
        #expect(throws: SweepInputError.self) { try SweepDatabase.contents(dir + "/p0.sqlite") }
    }

    @Test func tasksThatDisagreeWithResultsAreRefused() throws {
        let dir = Fix.tempDir("inconsistent")
        let (spec, _, good) = try Self.finishedDatabase(dir)
        let cases = [
            "DELETE FROM results WHERE rowid IN (SELECT rowid FROM results LIMIT 1)",
            "DELETE FROM results WHERE point = 0 AND replication = 0",
            "INSERT INTO tasks_done VALUES (99, 0)",
            "UPDATE input_files SET text = text || ' ' WHERE file = 0",
        ]
        for (i, sql) in cases.enumerated() {
            let path = dir + "/c\(i)/sweep.sqlite"
            try FileManager.default.createDirectory(atPath: dir + "/c\(i)", withIntermediateDirectories: true)
            try FileManager.default.copyItem(atPath: good, toPath: path)
            let q = try DatabaseQueue(path: path)
            try q.write { db in
                // WITHOUT ROWID tables have no rowid: delete one row by its key instead.
                if sql.contains("rowid") {
                    try db.execute(sql: "DELETE FROM results WHERE point = 1 AND replication = 1 AND kpi = 'ed_los.mean'")
                } else {
                    try db.execute(sql: sql)
                }
            }
            try q.close()
            #expect(throws: SweepInputError.self, "\(sql)") { _ = try SweepStore(path: path, spec: spec) }
            #expect(throws: SweepInputError.self, "\(sql)") { try SweepDatabase.contents(path) }
        }
    }

    @Test func theCommandLineRefusesADamagedDatabaseWithExitTwo() throws {
        guard Fix.careflow != nil else { return }
        let dir = Fix.tempDir("damaged-cli")
        let (_, file, good) = try Self.finishedDatabase(dir)
        var bytes = try #require(FileManager.default.contents(atPath: good))
        var rng = SplitMix64(seed: 3)
        let page = bytes.count / 4096 - 1
        for i in (page * 4096)..<((page + 1) * 4096) { bytes[i] = UInt8(truncatingIfNeeded: rng.next()) }
        try bytes.write(to: URL(fileURLWithPath: good))
        for args in [["sweep", file, "--out", dir + "/good"], ["export", dir + "/good", "--csv"], ["report", dir + "/good"],
                     ["merge", good, "--out", dir + "/merged"]] {
            let (status, err) = try Fix.run(args)
            #expect(status == 2, "\(args): \(err)")
            let lines = err.split(separator: "\n")
            #expect(lines.count == 1 && err.contains("damaged"), "\(args): \(err)")
        }
    }
}
