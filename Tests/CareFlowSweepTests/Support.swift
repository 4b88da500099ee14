import Foundation
import Testing
import CareFlowScenario
import CareFlowAnalysis
@testable import CareFlowSweep

/// Paths and small sweep files for the tests (no SwiftPM resources).
enum Fix {
    static let root: String = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().path
    static let baseline = root + "/Scenarios/baseline.yaml"

    static func tempDir(_ tag: String) -> String {
        let d = NSTemporaryDirectory() + "careflow-sweep-tests-\(tag)-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        try? FileManager.default.createDirectory(atPath: d, withIntermediateDirectories: true)
        return d
    }

    @discardableResult
    static func write(_ text: String, to path: String) -> String {
        try? FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        FileManager.default.createFile(atPath: path, contents: Data(text.utf8))
        return path
    }

    /// A sweep on the baseline with short runs: beds x day physicians.
    static func sweep(name: String = "t", base: String = baseline, beds: [Int] = [195, 215], physicians: [Int] = [4, 5],
                      replications: Int = 2, horizon: String = "4d", extra: String = "") -> String {
        """
        sweep: \(name)
        base: \(base)
        overrides:
          run.horizon: \(horizon)
          run.warmup: 1d
        factors:
          units.ward_bed.capacity: {values: [\(beds.map(String.init).joined(separator: ", "))]}
          units.physician.schedule.changes[0].capacity: {values: [\(physicians.map(String.init).joined(separator: ", "))]}
        replications: \(replications)
        seed: 12345
        kpis:
          - ed_los.mean
          - ed_los.within_target
          - boarding.mean
          - time_to_physician_true_acuity[orange].within_target
        \(extra)
        """
    }

    /// The careflow binary next to the test bundle (swift test builds it), or $CAREFLOW_BIN.
    static var careflow: String? {
        if let p = ProcessInfo.processInfo.environment["CAREFLOW_BIN"], FileManager.default.isExecutableFile(atPath: p) { return p }
        let exe = (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0]
        var dir = (exe as NSString).deletingLastPathComponent
        for _ in 0..<4 {
            let c = (dir as NSString).appendingPathComponent("careflow")
            if FileManager.default.isExecutableFile(atPath: c) { return c }
            dir = (dir as NSString).deletingLastPathComponent
        }
        return nil
    }

    static func launch(_ args: [String], stdout: String? = nil) throws -> Process {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: careflow!)
        p.arguments = args
        var env = ProcessInfo.processInfo.environment
        env["CI"] = "1"
        p.environment = env
        let sink = FileHandle(forWritingAtPath: "/dev/null")
        p.standardOutput = sink
        p.standardError = sink
        try p.run()
        return p
    }

    /// Runs careflow to the end; returns the exit status and stderr.
    static func run(_ args: [String]) throws -> (Int32, String) {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: careflow!)
        p.arguments = args
        var env = ProcessInfo.processInfo.environment
        env["CI"] = "1"
        p.environment = env
        let err = Pipe()
        p.standardOutput = FileHandle(forWritingAtPath: "/dev/null")
        p.standardError = err
        try p.run()
        let data = err.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        return (p.terminationStatus, String(decoding: data, as: UTF8.self))
    }

    /// Runs a whole sweep (or one shard) in-process into `db`.
    static func runInProcess(_ spec: SweepSpec, db: String, shard: Shard? = nil, workers: Int = 2) throws {
        let store = try SweepStore(path: db, spec: spec)
        let done = try store.doneTasks()
        let pending = SweepExecutor.tasks(spec, shard: shard).filter { !done.contains($0) }
        try store.beginRun(shard: shard?.description, workers: workers, total: pending.count, before: 0, command: "test")
        try SweepExecutor.run(spec, pending: pending, workers: workers, batchSize: 3, sink: { try store.write($0) })
        try store.finishRun(tasksRun: pending.count, status: "done")
    }

    static let tables = [
        "SELECT point, replication, kpi, value FROM results ORDER BY 1, 2, 3",
        "SELECT * FROM points ORDER BY point",
        "SELECT * FROM sweep",
        "SELECT point, replication FROM tasks_done ORDER BY 1, 2",
    ]
}
