import Testing
import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
@testable import CareFlowScenario
import CareFlowEngine
import CareFlowRandom

/// SplitMix64 (Steele, Lea and Flood 2014): a tiny, seedable PRNG of our
/// own, so fuzz cases are the same on every machine and every run.
struct SplitMix64 {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
    mutating func below(_ n: Int) -> Int { n <= 1 ? 0 : Int(next() % UInt64(n)) }
    mutating func pick<T>(_ xs: [T]) -> T { xs[below(xs.count)] }
}

// MARK: Crash and hang reporting
//
// A Swift runtime trap kills the whole test process, so the case being run
// is kept in a global slot per chunk; a signal handler prints the slots
// before the trap proceeds, and a watchdog thread reports (and aborts on)
// a case that runs too long. Replay one case with FUZZ_CASE=N.

nonisolated(unsafe) let fuzzSlots: UnsafeMutablePointer<Int> = {
    let p = UnsafeMutablePointer<Int>.allocate(capacity: FuzzTests.chunks)
    p.initialize(repeating: -1, count: FuzzTests.chunks)
    return p
}()
nonisolated(unsafe) let fuzzSlotStart: UnsafeMutablePointer<Double> = {
    let p = UnsafeMutablePointer<Double>.allocate(capacity: FuzzTests.chunks)
    p.initialize(repeating: 0, count: FuzzTests.chunks)
    return p
}()
nonisolated(unsafe) let fuzzSavedActions: UnsafeMutablePointer<sigaction> = .allocate(capacity: 64)
nonisolated(unsafe) let fuzzMessage: UnsafeMutablePointer<UInt8> = .allocate(capacity: 256)

/// Writes "FUZZ: case N is running" for every busy slot (async-signal-safe:
/// no allocation, only write(2)).
func fuzzReportSlots() {
    let prefix: StaticString = "\nFUZZ: crashed or hung in fuzz case "
    let suffix: StaticString = " (replay: FUZZ_CASE=<case> swift test --filter fuzzReplay)\n"
    for s in 0..<FuzzTests.chunks {
        var c = fuzzSlots[s]
        guard c >= 0 else { continue }
        var n = 0
        for k in 0..<prefix.utf8CodeUnitCount { fuzzMessage[n] = prefix.utf8Start[k]; n += 1 }
        // Digits backwards at the end of the buffer, then copied forwards.
        var d = 255
        repeat { d -= 1; fuzzMessage[d] = UInt8(48 + c % 10); c /= 10 } while c > 0
        while d < 255 { fuzzMessage[n] = fuzzMessage[d]; n += 1; d += 1 }
        for k in 0..<suffix.utf8CodeUnitCount { fuzzMessage[n] = suffix.utf8Start[k]; n += 1 }
        _ = write(2, fuzzMessage, n)
    }
}

private let fuzzSignals: [Int32] = [SIGILL, SIGTRAP, SIGSEGV, SIGBUS, SIGFPE]

private let installFuzzCrashReporter: Void = {
    for sig in fuzzSignals {
        _ = sigaction(sig, nil, fuzzSavedActions + Int(sig))
        _ = signal(sig) { s in
            fuzzReportSlots()
            // Put the previous handler back; the trapping instruction runs
            // again and the runtime reports the crash as usual.
            _ = sigaction(s, fuzzSavedActions + Int(s), nil)
        }
    }
    let t = Thread {
        while true {
            Thread.sleep(forTimeInterval: 1)
            let now = Date().timeIntervalSinceReferenceDate
            for s in 0..<FuzzTests.chunks where fuzzSlots[s] >= 0 && now - fuzzSlotStart[s] > FuzzTests.hangSeconds {
                fuzzReportSlots()
                abort()
            }
        }
    }
    t.start()
}()

// MARK: The fuzzer

/// Mutates valid scenarios (drop, duplicate, swap, re-indent lines; change
/// numbers, names and values; truncate) and checks that every case ends in
/// a clean `ScenarioErrors` or a model that compiles and runs a short horizon.
@Suite struct FuzzTests {
    static let chunks = 10
    static let casesPerChunk = 1000
    static let hangSeconds = 30.0

    struct Seed: Sendable {
        var name: String
        var text: String
        var directory: String
    }

    static let corpus: [Seed] = {
        var out: [Seed] = []
        func add(_ path: String) {
            let text = Fixtures.text(atPath: path)
            precondition(!text.isEmpty, "missing fuzz seed \(path)")
            out.append(Seed(name: (path as NSString).lastPathComponent, text: text, directory: (path as NSString).deletingLastPathComponent))
        }
        add(Fixtures.scenario("bench-b2.yaml"))
        add(Fixtures.scenario("bench-b1.yaml"))
        for f in ["valid/full.yaml", "valid/full.yaml", "valid/base.yaml", "valid/child.yaml", "valid/grandchild.yaml",
                  "e2e/boarding.yaml", "e2e/renege_many.yaml", "e2e/hourly.yaml", "e2e/deterministic.yaml"] {
            add(Fixtures.path(f))
        }
        return out
    }()

    /// Every identifier in the corpus: replacement names.
    static let vocabulary: [String] = {
        var words = Set<String>()
        for s in corpus { for w in identifiers(in: s.text) { words.insert(w.text) } }
        return words.sorted()
    }()

    /// Values at the edges of what the engine's types hold.
    static let extremes = ["0", "-1", "3000000000", "2147483648", "9223372036854775807", "99999999999999999999", "1e-300", "5e-324",
                           "1e300", "1e308", "-1e300", "nan", "inf", "0.0001", "1e-9"]
    /// Keys whose numbers feed integer fields, rates, attributes or distribution parameters.
    static let numericKeys = ["amount", "times", "capacity", "limit", "when_queue_at_least", "k", "score", "p", "mean", "sd", "min", "max",
                              "mode", "shape", "scale", "per_day", "per_hour", "per_minute", "probability", "replications", "seed"]
    static let numbers = ["0", "-1", "1", "2", "3", "0.5", "1.5", "0.999", "100", "1000", "3000000000", "9223372036854775807",
                          "99999999999999999999", "1e-300", "1e300", "0.0001", "-0", "1e9", "nan", "inf", ".5", "1_0", "24", "25", "59", "60", "7"]
    static let weirdValues = ["", "[]", "{}", "~", "[1, 2]", "{a: 1}", "''", "-", "x", "true", "\"08:00\"", "\"Mon-Fri 08:00\"",
                              "{exponential: {mean: 0}}", "{fixed: 1e-300}", "leave", "0", "[0m, 1m]", "{steps: []}", "{goto: review}",
                              "{categorical: {P1: 1}}", "{from: acuity, table: {}}", "&a 1", "*a", "!!str 5", "|\n  text", "{lognormal: {mean: 1, sd: 1e300}}",
                              "{normal: {mean: 1e300, sd: 1e300}}", "{uniform: {min: -1e300, max: 1e300}}", "{discrete: {values: [1e300], weights: [1]}}"]

    struct Token { var range: Range<String.Index>; var text: String }

    static func identifiers(in s: String) -> [Token] {
        var out: [Token] = []
        var i = s.startIndex
        while i < s.endIndex {
            let c = s[i]
            if c.isLetter || c == "_" {
                var j = s.index(after: i)
                while j < s.endIndex, s[j].isLetter || s[j].isNumber || s[j] == "_" { j = s.index(after: j) }
                out.append(Token(range: i..<j, text: String(s[i..<j])))
                i = j
            } else if c.isNumber {
                // Skip numbers with unit suffixes (20m, 1h30m): not names.
                var j = s.index(after: i)
                while j < s.endIndex, s[j].isLetter || s[j].isNumber || s[j] == "." { j = s.index(after: j) }
                i = j
            } else {
                i = s.index(after: i)
            }
        }
        return out
    }

    static func numbersIn(_ s: String) -> [Token] {
        var out: [Token] = []
        var i = s.startIndex
        while i < s.endIndex {
            if s[i].isNumber {
                var j = s.index(after: i)
                while j < s.endIndex, s[j].isNumber || s[j] == "." || s[j] == "_" { j = s.index(after: j) }
                out.append(Token(range: i..<j, text: String(s[i..<j])))
                i = j
            } else {
                i = s.index(after: i)
            }
        }
        return out
    }

    /// One to three mutations of `text`.
    static func mutate(_ text: String, _ rng: inout SplitMix64) -> String {
        var lines = text.components(separatedBy: "\n")
        let count = [1, 1, 1, 1, 1, 1, 2, 2, 2, 3][rng.below(10)]
        for _ in 0..<count {
            guard !lines.isEmpty else { break }
            let i = rng.below(lines.count)
            switch rng.below(12) {
            case 0:
                lines.remove(at: i)
            case 1:
                lines.insert(lines[i], at: i)
            case 2:
                lines.swapAt(i, rng.below(lines.count))
            case 3, 4, 5:
                // Change a number (keeping any unit suffix).
                let withNumbers = lines.indices.filter { !numbersIn(lines[$0]).isEmpty }
                guard !withNumbers.isEmpty else { continue }
                let k = rng.pick(withNumbers)
                let toks = numbersIn(lines[k])
                let t = rng.pick(toks)
                let replacement: String
                switch rng.below(10) {
                case 0, 1, 2: replacement = rng.pick(extremes)
                case 3, 4: replacement = rng.pick(numbers)
                case 5, 6: replacement = String((Double(t.text.replacingOccurrences(of: "_", with: "")) ?? 1) * rng.pick([0, 0.1, 0.5, 2, 10, 1000, -1]))
                default: replacement = String(rng.below(30))
                }
                lines[k].replaceSubrange(t.range, with: replacement)
            case 6:
                // An extreme value for a key that holds a number.
                let candidates = lines.indices.filter { k in
                    numericKeys.contains { key in lines[k].contains(" \(key): ") || lines[k].contains("{\(key): ") } && !numbersIn(lines[k]).isEmpty
                }
                guard !candidates.isEmpty else { continue }
                let k = rng.pick(candidates)
                let t = rng.pick(numbersIn(lines[k]))
                lines[k].replaceSubrange(t.range, with: rng.pick(extremes))
            case 7:
                // Change a name: another word of the corpus, or a typo.
                let toks = identifiers(in: lines[i])
                guard !toks.isEmpty else { continue }
                let t = rng.pick(toks)
                var w = t.text
                switch rng.below(3) {
                case 0: w = rng.pick(vocabulary)
                case 1: if w.count > 1 { w.remove(at: w.index(w.startIndex, offsetBy: rng.below(w.count))) }
                default: w += rng.pick(["s", "_", "x", "2"])
                }
                lines[i].replaceSubrange(t.range, with: w)
            case 8:
                // Truncate the whole text.
                let joined = lines.joined(separator: "\n")
                return String(joined.prefix(rng.below(joined.count + 1)))
            case 9:
                // Re-indent a line.
                if rng.below(2) == 0 { lines[i] = "  " + lines[i] } else if lines[i].hasPrefix("  ") { lines[i].removeFirst(2) } else { lines[i] = " " + lines[i] }
            case 10:
                // Replace a value after "key:" or "- ".
                if let colon = lines[i].range(of: ": ") {
                    lines[i] = String(lines[i][..<colon.upperBound]) + rng.pick(weirdValues)
                } else if let dash = lines[i].range(of: "- ") {
                    lines[i] = String(lines[i][..<dash.upperBound]) + rng.pick(weirdValues)
                }
            default:
                // A line from another seed.
                let other = rng.pick(corpus).text.components(separatedBy: "\n")
                lines.insert(rng.pick(other), at: i)
            }
        }
        return lines.joined(separator: "\n")
    }

    enum Outcome: Equatable { case rejected(Int), ran, notRun }

    /// Does following steps that take no time lead around a cycle? Such a
    /// model (e.g. `- label: a` / `- goto: a`) spins forever at one instant:
    /// a property of the scenario, not an engine bug, so it is not run.
    static func hasZeroTimeCycle(_ m: Model) -> Bool {
        let n = m.steps.count
        func takesTime(_ s: Step) -> Bool {
            switch s {
            case .delay(let d, _):
                return m.distributions[Int(d)].mean >= 1e-3
            case .delayUntilTimeOfDay(let d, _):
                return m.distributions[Int(d)].variance > 0
            default: return false
            }
        }
        func successors(_ i: Int) -> [Int] {
            var out: [Int] = []
            switch m.steps[i] {
            case .goto(let t): out = [Int(t)]
            case .branch(let t, _): out = m.branchTables[Int(t)].targets.map(Int.init)
            case .branchOnAttribute(_, let t): out = m.attributeBranches[Int(t)].targets.map(Int.init) + [Int(m.attributeBranches[Int(t)].otherwise)]
            case .leave: out = []
            case .seize(_, _, _, let b): out = [i + 1] + (b >= 0 ? [Int(m.balkRules[Int(b)].target)] : [])
            case .setPatience(_, _, let t): out = [i + 1, Int(t)]
            default: out = [i + 1]   // .loop: the back edge is bounded (times is capped)
            }
            return out.filter { $0 >= 0 && $0 < n }
        }
        var color = [UInt8](repeating: 0, count: n)   // 0 new, 1 on stack, 2 done
        for start in 0..<n where color[start] == 0 && !takesTime(m.steps[start]) {
            var stack: [(node: Int, next: [Int])] = [(start, successors(start))]
            color[start] = 1
            while !stack.isEmpty {
                if let s = stack[stack.count - 1].next.popLast() {
                    if takesTime(m.steps[s]) { continue }
                    if color[s] == 1 { return true }
                    if color[s] == 0 { color[s] = 1; stack.append((s, successors(s))) }
                } else {
                    color[stack.removeLast().node] = 2
                }
            }
        }
        return false
    }

    /// Runs one case: compile, and if it compiles, run two days.
    static func runCase(_ index: Int) -> (Outcome, String?) {
        var rng = SplitMix64(seed: 0xCA4E_F10C ^ (UInt64(index) &* 0x9E37_79B9_7F4A_7C15))
        let seed = corpus[index % corpus.count]
        let text = mutate(seed.text, &rng)
        let sc: CompiledScenario
        do {
            let loaded = try ScenarioLoader.load(text: text, file: seed.name, directory: seed.directory)
            sc = try ScenarioCompiler.compile(loaded)
        } catch {
            // A clean report: at least one error, each well formed.
            guard !error.errors.isEmpty else { return (.rejected(0), "no errors in ScenarioErrors") }
            for e in error.errors {
                let ok = e.location.line >= 1 && e.location.column >= 1 && !e.location.file.isEmpty && !e.message.isEmpty && !e.expected.isEmpty
                    && e.description.hasPrefix("\(e.location.file):\(e.location.line):\(e.location.column): error: ")
                if !ok { return (.rejected(error.errors.count), "malformed error: \(e.description)") }
            }
            return (.rejected(error.errors.count), nil)
        }
        var m = sc.model
        m.horizon = 2 * 1440
        m.warmup = 0
        for i in m.sources.indices { m.sources[i].limit = min(m.sources[i].limit, 100) }
        for i in m.steps.indices {
            if case .loop(let c, let t, let target) = m.steps[i], t > 20 { m.steps[i] = .loop(counter: c, times: 20, target: target) }
        }
        if hasZeroTimeCycle(m) { return (.notRun, nil) }
        var sim = Simulation(model: m, seed: rng.next(), replication: 0, observer: StandardCollector(config: sc.collector))
        sim.run()
        let r = sim.observer.result()
        if r.names.count != r.values.count { return (.ran, "result names and values differ") }
        if sim.now > m.horizon { return (.ran, "clock \(sim.now) past the horizon") }
        return (.ran, nil)
    }

    @Test(arguments: 0..<chunks)
    func fuzzChunk(_ chunk: Int) {
        _ = installFuzzCrashReporter
        var rejected = 0, ran = 0, notRun = 0
        let lo = chunk * Self.casesPerChunk
        for index in lo..<(lo + Self.casesPerChunk) {
            fuzzSlotStart[chunk] = Date().timeIntervalSinceReferenceDate
            fuzzSlots[chunk] = index
            let (outcome, problem) = Self.runCase(index)
            if let problem { Issue.record("fuzz case \(index) (FUZZ_CASE=\(index)): \(problem)") }
            switch outcome {
            case .rejected: rejected += 1
            case .ran: ran += 1
            case .notRun: notRun += 1
            }
        }
        fuzzSlots[chunk] = -1
        print("fuzz chunk \(chunk): cases \(lo)..<\(lo + Self.casesPerChunk): rejected \(rejected), ran \(ran), not run (zero-time loop) \(notRun)")
        // The mutations are neither all fatal nor all harmless.
        #expect(rejected > Self.casesPerChunk / 5, "rejected \(rejected), ran \(ran), not run \(notRun)")
        #expect(ran > Self.casesPerChunk / 10, "rejected \(rejected), ran \(ran), not run \(notRun)")
        #expect(notRun < Self.casesPerChunk / 20, "rejected \(rejected), ran \(ran), not run \(notRun)")
    }

    /// FUZZ_CASE=N swift test --filter fuzzReplay: prints case N's text and outcome.
    @Test func fuzzReplay() throws {
        guard let s = ProcessInfo.processInfo.environment["FUZZ_CASE"], let index = Int(s) else { return }
        var rng = SplitMix64(seed: 0xCA4E_F10C ^ (UInt64(index) &* 0x9E37_79B9_7F4A_7C15))
        let seed = Self.corpus[index % Self.corpus.count]
        let text = Self.mutate(seed.text, &rng)
        try text.write(toFile: "/tmp/fuzz-case-\(index).yaml", atomically: true, encoding: .utf8)
        print("FUZZ_CASE \(index): seed \(seed.name), text in /tmp/fuzz-case-\(index).yaml")
        let (outcome, problem) = Self.runCase(index)
        print("outcome \(outcome), problem \(problem ?? "none")")
    }

    @Test func splitMixIsDeterministic() {
        var a = SplitMix64(seed: 1), b = SplitMix64(seed: 1)
        let xs = (0..<5).map { _ in a.next() }
        #expect(xs == (0..<5).map { _ in b.next() })
        // Reference values of SplitMix64 seeded with 0.
        var z = SplitMix64(seed: 0)
        #expect(z.next() == 0xE220_A839_7B1D_CDAF)
        #expect(z.next() == 0x6E78_9E6A_A1B9_65F4)
    }

    @Test func zeroTimeCycleDetector() throws {
        // A closed loop that takes no time is rejected by the compiler itself.
        #expect(throws: ScenarioErrors.self) { try compileText(ParserTests.skeleton + "      - label: top\n      - goto: top\n") }
        // One with a way out (here a branch) compiles; the fuzzer's own
        // detector still sees its zero-time cycle and does not run it.
        let open = try compileText(ParserTests.skeleton + "      - label: top\n      - branch: [{probability: 0.5, goto: top}, {probability: 0.5}]\n")
        #expect(Self.hasZeroTimeCycle(open.model))
        let timed = try compileText(ParserTests.skeleton + "      - label: top\n      - delay: 5m\n      - goto: top\n")
        #expect(!Self.hasZeroTimeCycle(timed.model))
        #expect(!Self.hasZeroTimeCycle(try Fixtures.compile("valid/full.yaml").model))
    }
}
