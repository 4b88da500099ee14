import CareFlowAnalysis
import CareFlowEngine
import CareFlowScenario
import Foundation
import Testing

/// Issue 11, classes 4, 6, 8, 9 and 13 at the analysis layer: the reader of
/// our own JSON files, output sets, I/O errors, run-time limits through the
/// runner and worker-independent precision control.
@Suite("Hardening: readers, outputs, limits, precision")
struct HardeningTests {
    // MARK: JSON reader (class 6)

    func fails(_ text: String, _ fragment: String) {
        do {
            _ = try JSON.parse(text)
            Issue.record("parsed: \(text.prefix(40))")
        } catch {
            #expect("\(error)".contains(fragment), "\(error)")
        }
    }

    @Test("lone surrogate escapes, bad escapes and raw control characters are errors")
    func surrogates() throws {
        fails(#"{"a": "\ud800"}"#, "lone high surrogate")
        fails(#"{"a": "\ud800x"}"#, "lone high surrogate")
        fails(#"{"a": "\udc00"}"#, "lone low surrogate")
        fails(#"{"a": "\ud800\u0041"}"#, "without a low one")
        fails(#"{"a": "\u+12f"}"#, "bad \\u escape")
        fails(#"{"a": "\u12"}"#, "bad \\u escape")
        fails("{\"a\": \"x\ny\"}", "control character")
        fails(#"{"a": "\q"}"#, "bad escape")
        // A proper pair is one scalar.
        #expect(try JSON.parse(#"["\ud83d\ude00", "\u00e9\/"]"#) == .array([.string("😀"), .string("é/")]))
    }

    @Test("deep nesting is refused without overflowing the stack")
    func deepNesting() throws {
        fails(String(repeating: "[", count: 200_000), "nested more than")
        fails(String(repeating: "{\"a\":", count: 100_000) + "1" + String(repeating: "}", count: 100_000), "nested more than")
        let ok = String(repeating: "[", count: JSON.maxDepth) + String(repeating: "]", count: JSON.maxDepth)
        _ = try JSON.parse(ok)
    }

    @Test("numbers follow the JSON grammar and must be finite; counts convert only when whole and in range")
    func numbers() throws {
        fails("[1e999]", "out of range")
        fails("[-]", "bad value")
        fails("[1.]", "bad number")
        fails("[1e]", "bad number")
        fails("[+1]", "bad value")
        fails("[1 2]", "expected ]")
        fails("{\"a\" 1}", "expected :")
        fails("{1: 2}", "expected a key")
        #expect(try JSON.parse("[-0.5e-3]") == .array([.number(-0.0005)]))
        #expect(JSON.number(1e300).int == nil)
        #expect(JSON.null.int == nil)
        #expect(JSON.number(2.5).int == nil)
        #expect(JSON.number(-7).int == -7)
    }

    // MARK: Output sets and I/O errors (classes 8, 9)

    func tempDir() throws -> String {
        let d = NSTemporaryDirectory() + "careflow-hardening-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        try FileManager.default.createDirectory(atPath: d, withIntermediateDirectories: true)
        return d
    }

    func read(_ p: String) -> String? { try? String(contentsOfFile: p, encoding: .utf8) }

    @Test("a set replaces the previous one whole; other files stay; nothing temporary is left")
    func publish() throws {
        let root = try tempDir()
        defer { try? FileManager.default.removeItem(atPath: root) }
        let out = root + "/result"
        try Outputs.write([("summary.json", "old"), ("series.json", "old"), ("a/kpis.csv", "old")], into: out)
        try "mine".write(toFile: out + "/notes.txt", atomically: false, encoding: .utf8)
        try Outputs.write([("summary.json", "new"), ("a/kpis.csv", "new")], into: out)
        #expect(read(out + "/summary.json") == "new")
        #expect(read(out + "/a/kpis.csv") == "new")
        #expect(read(out + "/series.json") == "old")       // not part of the new set: kept
        #expect(read(out + "/notes.txt") == "mine")
        #expect(try FileManager.default.contentsOfDirectory(atPath: root) == ["result"])
        #expect(try FileManager.default.contentsOfDirectory(atPath: out).sorted() == ["a", "notes.txt", "series.json", "summary.json"])
    }

    @Test("writing where a file is, or where permission is denied, is an OutputError naming the path")
    func outputErrors() throws {
        let root = try tempDir()
        defer { try? FileManager.default.removeItem(atPath: root) }
        try "x".write(toFile: root + "/file", atomically: false, encoding: .utf8)
        #expect(throws: OutputError.self) { try Outputs.write([("summary.json", "{}")], into: root + "/file") }
        #expect(throws: OutputError.self) { try Outputs.write([("summary.json", "{}")], into: root + "/file/sub") }
        do {
            try Outputs.write([("summary.json", "{}")], into: root + "/file/sub")
        } catch let e as OutputError {
            #expect(e.path == root + "/file")
            #expect(e.description.hasPrefix(root + "/file: "))
        }
        // A full device: StreamFile reports ENOSPC instead of trapping.
        if FileManager.default.fileExists(atPath: "/dev/full") {
            let f = try StreamFile(path: "/dev/full")
            do {
                try f.write(Array(repeating: 0x41, count: 1 << 16))
                Issue.record("writing to /dev/full succeeded")
            } catch let e as OutputError {
                #expect(e.description == "/dev/full: " + String(cString: strerror(ENOSPC)))
            }
        }
        // An atomic file that is never committed leaves nothing behind.
        do {
            let a = try AtomicFile(path: root + "/trace.csv")
            try a.write("partial")
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: root) == ["file"])
    }

    // MARK: Runner with limits (class 4) and precision (class 13)

    static let overloaded = """
        name: overloaded
        run: {replications: 4, seed: 1, horizon: 365d}
        units:
          doctor: 1
        arrivals:
          walk_in: {pathway: walk_in, per_hour: 600}
        pathways:
          walk_in:
            steps:
              - activity: {name: consult, uses: doctor, duration: 10m}
        """

    /// 600 arrivals an hour against 6 an hour of service: about 594 more
    /// patients each hour, 5,000 after about 8.5 hours.
    @Test("a runaway replication stops the runner with a message naming unit, pathway, time and rates")
    func runawayThroughRunner() throws {
        let sc = try ScenarioCompiler.compile(try ScenarioLoader.load(text: Self.overloaded, file: "overloaded.yaml"))
        do {
            _ = try Runner.run(model: sc.model, config: sc.collector, seed: 1, replications: 0..<4, workers: 2,
                               limits: RunLimits(maxPatients: 5_000))
            Issue.record("the runaway model ran to its horizon")
        } catch let e as RunStopped {
            let m = e.description
            #expect(m.hasPrefix("runaway model: "))
            #expect(m.contains("unit 'doctor' (capacity 1)"))
            #expect(m.contains("pathway 'walk_in'"))
            #expect(m.contains("add up to 600.0/h"))   // the configured arrival rate
            #expect(m.contains("5001 patients in the system"))
            #expect(m.contains("--max-patients"))
            #expect(e.replication == 0)           // the lowest failing replication, whatever the workers
        }
    }

    @Test("the memory budget scales with the machine and the model's size")
    func memoryBudget() throws {
        let sc = try ScenarioCompiler.compile(try ScenarioLoader.load(text: Self.overloaded, file: "overloaded.yaml"))
        let one = RunLimits.forMachine(sc.model, workers: 1), two = RunLimits.forMachine(sc.model, workers: 2)
        let expected = Int(ProcessInfo.processInfo.physicalMemory / 2) / RunLimits.bytesPerPatient(sc.model)
        #expect(abs(one.maxPatients - max(10_000, expected)) <= 1)
        #expect(two.maxPatients <= one.maxPatients / 2 + 1)
        #expect(RunLimits.forMachine(sc.model, workers: 1, maxPatients: 77).maxPatients == 77)
    }

    static let noisy = """
        name: noisy
        run: {replications: 3, seed: 4, horizon: 2d}
        units:
          doctor: 2
        arrivals:
          walk_in: {pathway: walk_in, per_hour: 5}
        pathways:
          walk_in:
            steps:
              - activity: {name: consult, uses: doctor, duration: {exponential: {mean: 20m}}}
        kpis:
          stay: {from: arrival, to: departure, headline: true}
        """

    /// The sequential rule is evaluated at n = 3, 5, 7, 10, 15 ... whatever
    /// the workers, so 1 and 7 workers end at the same count with the same
    /// bits (on main the step was max(workers, n/2)).
    @Test("precision control adds the same replications for any number of workers")
    func precisionIndependentOfWorkers() throws {
        let sc = try ScenarioCompiler.compile(try ScenarioLoader.load(text: Self.noisy, file: "noisy.yaml"))
        func go(_ workers: Int) throws -> [ReplicationResult] {
            let first = try Runner.run(model: sc.model, config: sc.collector, seed: 4, replications: 0..<3, workers: workers)
            return try Precision.sequential(first, target: 0.1, headline: ["stay.mean"], maxReplications: 60) { range in
                try Runner.run(model: sc.model, config: sc.collector, seed: 4, replications: range, workers: workers)
            }
        }
        let a = try go(1), b = try go(7)
        #expect(a.count == b.count)
        #expect(a.count > 3)
        for (x, y) in zip(a, b) { #expect(x.values.map(\.bitPattern) == y.values.map(\.bitPattern)) }
        var n = 3, boundaries = [3]
        while n < 60 { n = Precision.nextBoundary(after: n, max: 60); boundaries.append(n) }
        #expect(boundaries.contains(a.count))
    }
}
