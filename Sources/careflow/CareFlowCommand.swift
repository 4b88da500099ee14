import ArgumentParser
import CareFlow
import Foundation

@main
struct CareFlowCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "careflow",
        abstract: "Discrete-event simulation of hospital and primary-care capacity.",
        discussion: "Scenario files are YAML; see docs/scenario-format.md. Exit status: 0 success, 2 bad input or a model that hits a run-time limit, 3 an output could not be written (docs/limits.md).",
        version: Outputs.softwareVersion,
        subcommands: [Run.self, Compare.self, ReplayCommand.self, Serve.self, Validate.self, Schema.self, Warmup.self, Report.self, SweepCommand.self, MergeCommand.self, ExportCommand.self, FitCommand.self, CheckCommand.self, OptimiseCommand.self]
    )

    /// Like ParsableCommand.main(), but every usage or input error exits
    /// with status 2 and a one-line message, never a stack trace.
    static func main() async {
        do {
            var command = try parseAsRoot()
            if var async = command as? AsyncParsableCommand {
                try await async.run()
            } else {
                try command.run()
            }
        } catch let e as ScenarioErrors {
            sayError(e.description)
            Foundation.exit(2)
        } catch let e as DeadlockError {
            sayError("error: " + e.description)
            Foundation.exit(2)
        } catch let e as InputError {
            sayError("error: " + TerminalText.safe(e.message))
            Foundation.exit(2)
        } catch let e as RunStopped {
            sayError("careflow: error: \(e)")
            Foundation.exit(2)
        } catch let e as OutputError {
            sayError("careflow: error: \(e)")
            Foundation.exit(3)
        } catch let e as CocoaError where e.isFileError {
            // A file-system error not already turned into an OutputError.
            let path = (e.userInfo[NSFilePathErrorKey] as? String) ?? (e.userInfo[NSURLErrorKey] as? URL)?.path ?? "output"
            let reason = (e.userInfo[NSUnderlyingErrorKey] as? NSError).map { String(cString: strerror(Int32($0.code))) } ?? "cannot be written"
            sayError("careflow: error: \(path): \(reason)")
            Foundation.exit(3)
        } catch {
            let code = exitCode(for: error)
            if code == .success || error is CleanExit {
                exit(withError: error)
            }
            if code.rawValue == 64 || error is ValidationError {
                sayError(fullMessage(for: error))
                Foundation.exit(2)
            }
            exit(withError: error)
        }
    }
}

/// A problem with the user's input that is not in a scenario file.
struct InputError: Error {
    let message: String
}

struct RunOptions: ParsableArguments {
    @Option(help: "Number of replications (default: the scenario's run.replications).")
    var replications: Int?

    @Option(help: "Master seed (default: the scenario's run.seed).")
    var seed: UInt64?

    @Option(help: "Worker threads (default: all cores). Results do not depend on it.")
    var workers: Int?

    @Option(help: "Stop a replication with more patients than this in the system at once (default: from the machine's memory; docs/limits.md).")
    var maxPatients: Int?

    @Option(help: "Stop a replication after this many events or steps without the clock advancing (default: 16777216).")
    var maxStalledEvents: Int?

    mutating func validate() throws {
        if let r = replications, !(1...Sizes.maxReplications).contains(r) { throw ValidationError("--replications must be from 1 to \(Sizes.maxReplications)") }
        if let w = workers, !(1...Sizes.maxWorkers).contains(w) { throw ValidationError("--workers must be from 1 to \(Sizes.maxWorkers)") }
        if let m = maxPatients, m < 1 { throw ValidationError("--max-patients must be at least 1") }
        if let m = maxStalledEvents, m < 1 { throw ValidationError("--max-stalled-events must be at least 1") }
    }

    var workerCount: Int { workers ?? Runner.defaultWorkers }

    /// The run-time limits for `model` (options over the memory budget).
    func limits(_ model: Model) -> RunLimits {
        RunLimits.forMachine(model, workers: workerCount, maxPatients: maxPatients, maxStalledEvents: maxStalledEvents)
    }
}

/// Shows "replications done / total, ETA" on a terminal (not in pipes or CI),
/// once a run has taken about a second.
final class Progress: @unchecked Sendable {
    private let total: Int
    private let label: String
    private let start = Date()
    private let enabled: Bool
    private let lock = NSLock()
    private var shown = false

    init(total: Int, label: String) {
        self.total = total
        self.label = TerminalText.safe(label)
        let env = ProcessInfo.processInfo.environment
        enabled = isatty(STDERR_FILENO) == 1 && env["CI"] == nil && env["TERM"] != "dumb"
    }

    func update(_ done: Int) {
        guard enabled else { return }
        lock.lock(); defer { lock.unlock() }
        let elapsed = Date().timeIntervalSince(start)
        guard elapsed > 1 || shown else { return }
        shown = true
        let frac = Double(done) / Double(max(1, total))
        let width = 30
        let filled = Int(frac * Double(width))
        let eta = done > 0 ? elapsed / Double(done) * Double(total - done) : 0
        let bar = String(repeating: "#", count: filled) + String(repeating: "-", count: width - filled)
        let line = String(format: "\r%@ [%@] %d/%d replications, ETA %.0fs ", label, bar, done, total, eta)
        FileHandle.standardError.write(Data(line.utf8))
    }

    func finish() {
        guard enabled, shown else { return }
        FileHandle.standardError.write(Data("\r\u{1B}[K".utf8))
    }
}

enum Format {
    static func number(_ x: Double) -> String { Readable.number(x) }

    static func estimate(_ e: Estimate) -> String {
        guard e.ciLow.isFinite else { return number(e.mean) }
        return "\(number(e.mean)) (\(number(e.ciLow)) to \(number(e.ciHigh)))"
    }

    /// A plain text table with aligned columns.
    static func table(_ header: [String], _ rows: [[String]]) -> String {
        // Cells hold names from files: one line each, no control characters.
        let header = header.map(TerminalText.safe), rows = rows.map { $0.map(TerminalText.safe) }
        var widths = header.map(\.count)
        for r in rows { for (i, c) in r.enumerated() where i < widths.count { widths[i] = max(widths[i], c.count) } }
        func line(_ cells: [String]) -> String {
            cells.enumerated().map { i, c in i == 0 ? c.padding(toLength: widths[i], withPad: " ", startingAt: 0)
                : String(repeating: " ", count: max(0, widths[i] - c.count)) + c }.joined(separator: "  ")
        }
        var out = line(header) + "\n" + widths.map { String(repeating: "-", count: $0) }.joined(separator: "  ") + "\n"
        for r in rows { out += line(r) + "\n" }
        return out
    }
}

/// Which KPI rows to print: the scenario's own KPIs, censuses and pathway
/// totals (all of them with --all).
func printable(_ name: String, all: Bool) -> Bool {
    if all { return true }
    if name.contains(".month.") { return false }   // by-month values of dated runs: in the files and the report
    if name.hasPrefix("unit.") { return name.hasSuffix(".utilisation") || name.hasSuffix(".wait_mean_min") }
    if name.hasPrefix("pathway.") { return name.hasSuffix(".completed") || name.hasSuffix(".reneged") || name.hasSuffix(".time_in_system_mean_min") }
    if name.hasPrefix("census.") { return name.hasSuffix(".mean") }
    return name.hasSuffix(".mean") || name.hasSuffix(".median") || name.hasSuffix(".p90") || name.hasSuffix(".within_target")
}

func defaultOutDir(_ name: String) -> String {
    "Results/\(FileNames.component(name))"
}

/// Standard output: every line the program prints goes through here, so no
/// control character from a file reaches the terminal (TerminalText).
func say(_ text: String, terminator: String = "\n") {
    print(TerminalText.safeLines(text), terminator: terminator)
}

/// Standard error, likewise.
func sayError(_ text: String) {
    FileHandle.standardError.write(Data((TerminalText.safeLines(text) + "\n").utf8))
}

func commandLine() -> String {
    CommandLine.arguments.map { $0.contains(" ") ? "'\($0)'" : $0 }.joined(separator: " ")
}

/// The command line as recorded in results: without the options that do not
/// change them (--workers, --out) and with the program as plain `careflow`,
/// so that the files are byte-identical whatever those options were.
func recordedCommandLine(_ arguments: [String] = CommandLine.arguments) -> String {
    let dropped: Set<String> = ["--workers", "--out"]
    var out = ["careflow"], i = 1
    while i < arguments.count {
        let a = arguments[i]
        if dropped.contains(a) { i += 2; continue }
        if let eq = a.firstIndex(of: "="), dropped.contains(String(a[..<eq])) { i += 1; continue }
        out.append(a.contains(" ") ? "'\(a)'" : a)
        i += 1
    }
    return out.joined(separator: " ")
}
