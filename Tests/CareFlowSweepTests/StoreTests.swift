import Foundation
import Testing
import CareFlowScenario
import CareFlowAnalysis
@testable import CareFlowSweep

@Suite struct StoreTests {
    @Test func viewsGiveTheSameMeansAndCIsAsEstimate() throws {
        let dir = Fix.tempDir("views")
        let spec = try SweepFile.load(Fix.write(Fix.sweep(beds: [200], physicians: [4, 5], replications: 4), to: dir + "/s.yaml"))
        let db = dir + "/sweep.sqlite"
        try Fix.runInProcess(spec, db: db)
        #expect(try SweepDatabase.rows(db, sql: "SELECT COUNT(*) FROM results") == ["\(2 * 4 * spec.kpis.count)"])
        #expect(try SweepDatabase.rows(db, sql: "SELECT COUNT(*) FROM t_quantiles") == ["200"])
        #expect(try SweepDatabase.rows(db, sql: "PRAGMA journal_mode") == ["wal"])
        let c = try SweepDatabase.contents(db)
        #expect(c.tasksDone == 8 && c.tasksTotal == 8)
        for (pi, p) in c.points.enumerated() {
            for (ki, k) in c.kpis.enumerated() {
                let values = try SweepDatabase.rows(db, sql: "SELECT value FROM results WHERE point = \(p.id) AND kpi = '\(k.name)' ORDER BY replication")
                    .map { Double($0) ?? .nan }
                let e = Estimate(values)
                let cell = try #require(c.cells[pi][ki])
                #expect(cell.n == e.n)
                #expect(abs(cell.mean - e.mean) <= 1e-9 * max(1, abs(e.mean)))
                #expect(abs(cell.ciLow - e.ciLow) <= 1e-9 * max(1, abs(e.ciLow)), "\(k.name): \(cell.ciLow) vs \(e.ciLow)")
                #expect(abs(cell.ciHigh - e.ciHigh) <= 1e-9 * max(1, abs(e.ciHigh)))
            }
        }
        // ed_los.within_target has the base scenario's share as its target.
        #expect(c.kpis.first { $0.name == "ed_los.within_target" }?.target == 0.9)
    }

    @Test func shardsMergeIntoTheSingleMachineResult() throws {
        let dir = Fix.tempDir("shards")
        let spec = try SweepFile.load(Fix.write(Fix.sweep(beds: [195, 215], physicians: [4, 5, 6], replications: 2), to: dir + "/s.yaml"))
        try Fix.runInProcess(spec, db: dir + "/single/sweep.sqlite", workers: 2)
        var shards: [String] = []
        for k in 1...4 {
            let s = try Shard(k: k, n: 4)
            let path = dir + "/sharded/" + s.fileName
            try Fix.runInProcess(spec, db: path, shard: s, workers: 1)
            shards.append(path)
        }
        #expect(throws: SweepInputError.self) { try SweepDatabase.merge(Array(shards.prefix(3)), into: dir + "/partial/sweep.sqlite") }
        let r = try SweepDatabase.merge(shards, into: dir + "/sharded/sweep.sqlite")
        #expect(r.tasksDone == 12 && r.tasksTotal == 12)
        for sql in Fix.tables {
            let a = try SweepDatabase.rows(dir + "/single/sweep.sqlite", sql: sql)
            let b = try SweepDatabase.rows(dir + "/sharded/sweep.sqlite", sql: sql)
            #expect(!a.isEmpty)
            #expect(a == b, "\(sql)")
        }
        // Overlapping shards are refused; so are shards of another sweep.
        #expect(throws: SweepInputError.self) { try SweepDatabase.merge([shards[0], shards[0]], into: dir + "/dup/sweep.sqlite") }
        let other = try SweepFile.load(Fix.write(Fix.sweep(name: "other", beds: [195, 215], physicians: [4, 5, 6], replications: 2), to: dir + "/o.yaml"))
        try Fix.runInProcess(other, db: dir + "/other/shard-1-of-4.sqlite", shard: try Shard(k: 1, n: 4), workers: 1)
        #expect(throws: SweepInputError.self) { try SweepDatabase.merge([dir + "/other/shard-1-of-4.sqlite"] + shards.dropFirst(), into: dir + "/mixed/sweep.sqlite") }
    }

    @Test func aChangedSweepOrBaseFileIsRefusedOnResume() throws {
        let dir = Fix.tempDir("changed")
        // A private copy of the baseline, to change it.
        let base = Fix.write(try String(contentsOfFile: Fix.baseline, encoding: .utf8), to: dir + "/base.yaml")
        let file = Fix.write(Fix.sweep(base: base, beds: [200], physicians: [4], replications: 1), to: dir + "/s.yaml")
        let db = dir + "/out/sweep.sqlite"
        try Fix.runInProcess(try SweepFile.load(file), db: db)
        // Unchanged: opens fine, nothing left to do.
        #expect(try SweepStore(path: db, spec: try SweepFile.load(file)).doneTasks().count == 1)
        // A changed sweep file (even a comment) is refused.
        Fix.write(Fix.sweep(base: base, beds: [200], physicians: [4], replications: 1) + "\n# edited\n", to: file)
        do {
            _ = try SweepStore(path: db, spec: try SweepFile.load(file))
            Issue.record("a changed sweep file was accepted")
        } catch let e as SweepInputError {
            #expect(e.message.contains("changed since"), "\(e.message)")
        }
        if Fix.careflow != nil {
            let (status, err) = try Fix.run(["sweep", file, "--out", dir + "/out"])
            #expect(status == 2)
            #expect(err.contains("changed since"), "\(err)")
        }
        // So is a changed base scenario.
        Fix.write(Fix.sweep(base: base, beds: [200], physicians: [4], replications: 1), to: file)
        #expect(throws: Never.self) { _ = try SweepStore(path: db, spec: try SweepFile.load(file)) }
        Fix.write(try String(contentsOfFile: base, encoding: .utf8) + "\n# edited\n", to: base)
        #expect(throws: SweepInputError.self) { _ = try SweepStore(path: db, spec: try SweepFile.load(file)) }
    }

    @Test func resumeAfterSIGKILLFinishesWithIdenticalResults() throws {
        guard Fix.careflow != nil else {
            Issue.record("the careflow binary was not found next to the test bundle; build it (swift build) or set CAREFLOW_BIN")
            return
        }
        let dir = Fix.tempDir("kill")
        let file = Fix.write(Fix.sweep(beds: [195, 205, 215, 225], physicians: [4, 5], replications: 12, horizon: "5d"), to: dir + "/s.yaml")
        let total = 4 * 2 * 12
        let killedDB = dir + "/killed/sweep.sqlite"
        let child = try Fix.launch(["sweep", file, "--out", dir + "/killed", "--workers", "2"])
        // Wait until some tasks are committed, then kill without warning.
        var doneAtKill = 0
        let deadline = Date().addingTimeInterval(120)
        while Date() < deadline && child.isRunning {
            if FileManager.default.fileExists(atPath: killedDB),
               let n = try? SweepDatabase.rows(killedDB, sql: "SELECT COUNT(*) FROM tasks_done").first.flatMap({ Int($0) }), n >= 6 {
                break
            }
            usleep(20_000)
        }
        kill(child.processIdentifier, SIGKILL)
        child.waitUntilExit()
        #expect(child.terminationReason == .uncaughtSignal, "the sweep finished before it could be killed")
        doneAtKill = Int(try SweepDatabase.rows(killedDB, sql: "SELECT COUNT(*) FROM tasks_done")[0])!
        #expect(doneAtKill >= 6 && doneAtKill < total, "\(doneAtKill) of \(total) done when killed")
        // Every committed task has all its results, and nothing else is there.
        #expect(try SweepDatabase.rows(killedDB, sql: "SELECT COUNT(*) FROM results") == ["\(doneAtKill * 4)"])

        // Rerun the same command: it resumes.
        let (status, err) = try Fix.run(["sweep", file, "--out", dir + "/killed", "--workers", "2"])
        #expect(status == 0, "\(err)")
        let runs = try SweepDatabase.rows(killedDB, sql: "SELECT status, tasks_before, tasks_run FROM runs ORDER BY run")
        #expect(runs == ["interrupted|0|0", "done|\(doneAtKill)|\(total - doneAtKill)"])

        // An uninterrupted run gives the same rows.
        let (status2, err2) = try Fix.run(["sweep", file, "--out", dir + "/clean", "--workers", "1"])
        #expect(status2 == 0, "\(err2)")
        for sql in Fix.tables {
            let a = try SweepDatabase.rows(killedDB, sql: sql)
            let b = try SweepDatabase.rows(dir + "/clean/sweep.sqlite", sql: sql)
            #expect(a.count == b.count && a == b, "\(sql)")
        }
        #expect(try SweepDatabase.rows(killedDB, sql: "SELECT COUNT(*) FROM results") == ["\(total * 4)"])
    }
}
