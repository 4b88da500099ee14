import ArgumentParser
import CareFlow
import CareFlowOptimise
import Foundation

struct SweepCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sweep",
        abstract: "Run a parameter sweep: every (design point, replication) task of a sweep file, into SQLite.",
        discussion: """
            Writes DIR/sweep.sqlite (default DIR: Results/<sweep name>/); with --shard K/N, DIR/shard-K-of-N.sqlite. \
            Results are committed as tasks finish: rerunning the same command after a crash or kill resumes without \
            recomputing finished tasks. A changed sweep or base file is refused on resume. See docs/sweeps.md.
            """)

    @Argument(help: "The sweep file (YAML).")
    var sweepFile: String?

    @Option(help: ArgumentHelp("Re-create the input files from a sweep database into DIR/inputs/, rerun points into DIR/sweep.sqlite and compare every value with the database bit for bit (exit 1 if any differs).", valueName: "DB"))
    var reproduce: String?

    @Option(help: ArgumentHelp("With --reproduce: the point to rerun (repeat for several; default: every point).", valueName: "N"))
    var point: [Int] = []

    @Option(help: "Output directory.")
    var out: String?

    @Option(help: "Worker threads (default: the sweep file's workers, else all cores). Results do not depend on it.")
    var workers: Int?

    @Option(help: ArgumentHelp("Run only shard K of N (K is 1-based: tasks t with t % N == K-1), or 'slurm' to take it from SLURM_ARRAY_TASK_ID (0-based) and SLURM_ARRAY_TASK_COUNT.", valueName: "K/N|slurm"))
    var shard: String?

    @Flag(help: "Write DIR/sweep.slurm.sh (a job array), DIR/merge.slurm.sh and DIR/submit.sh instead of running.")
    var emitSlurm = false

    @Option(help: "With --emit-slurm: number of array tasks (shards).")
    var shards: Int = 4

    @Option(help: "With --emit-slurm: CPUs (worker threads) per array task (default: --workers, the file's workers, else 1).")
    var cpusPerTask: Int?

    @Option(help: "With --emit-slurm: #SBATCH --time limit per task, e.g. 02:00:00 (default: from a pilot run of a few tasks).")
    var time: String?

    @Option(help: "With --emit-slurm: #SBATCH --mem per task, e.g. 2G (default: from a pilot run of a few tasks).")
    var mem: String?

    @Option(help: ArgumentHelp("With --emit-slurm: write absolute paths under PREFIX (the current directory's place on the cluster's shared file system) instead of paths relative to the sweep folder.", valueName: "PREFIX"))
    var prefix: String?

    @Option(help: "With --emit-slurm: #SBATCH --partition.")
    var partition: String?

    @Flag(help: .hidden)
    var discardResults = false

    mutating func validate() throws {
        if let w = workers, !(1...Sizes.maxWorkers).contains(w) { throw ValidationError("--workers must be from 1 to \(Sizes.maxWorkers)") }
        if !(1...Sizes.maxShards).contains(shards) { throw ValidationError("--shards must be from 1 to \(Sizes.maxShards)") }
        if let c = cpusPerTask, !(1...Sizes.maxWorkers).contains(c) { throw ValidationError("--cpus-per-task must be from 1 to \(Sizes.maxWorkers)") }
        if emitSlurm && shard != nil { throw ValidationError("--emit-slurm and --shard do not go together (the scripts pass --shard slurm)") }
        if (sweepFile == nil) == (reproduce == nil) { throw ValidationError("give a sweep file, or --reproduce DB (not both)") }
        if reproduce != nil && (emitSlurm || shard != nil) { throw ValidationError("--reproduce does not go with --emit-slurm or --shard") }
        if reproduce != nil && out == nil { throw ValidationError("--reproduce needs --out DIR (where the inputs and the rerun go)") }
        if reproduce == nil && !point.isEmpty { throw ValidationError("--point goes with --reproduce") }
    }

    func run() throws {
        do {
            if let db = reproduce { try reproduceSweep(db) } else { try body() }
        } catch let e as SweepInputError { throw InputError(message: e.message) }
    }

    func body() throws {
        let t0 = Date()
        let spec = try SweepFile.load(sweepFile ?? "")
        let dir = out ?? defaultOutDir(spec.name)
        let absDir = URL(fileURLWithPath: dir).standardizedFileURL.path
        if emitSlurm {
            try emit(spec, absDir: absDir)
            return
        }
        let shardSpec = try shard.map { try Shard.parse($0) }
        let nWorkers = workers ?? spec.workers ?? Runner.defaultWorkers
        let all = SweepExecutor.tasks(spec, shard: shardSpec)
        let dbPath = (dir as NSString).appendingPathComponent(shardSpec?.fileName ?? "sweep.sqlite")
        let header = "\(TerminalText.safe(spec.name)): \(spec.points.count) point\(spec.points.count == 1 ? "" : "s") x \(spec.replications) replication\(spec.replications == 1 ? "" : "s") = \(spec.taskCount) tasks\(shardSpec.map { ", shard \($0) (\(all.count) tasks)" } ?? ""), \(nWorkers) worker\(nWorkers == 1 ? "" : "s"), seed \(spec.seed)"
        say(header)
        fflush(nil)
        if discardResults {
            // For measuring the database's overhead: run everything, write nothing.
            let progress = SweepProgress(total: all.count, already: 0, label: spec.name)
            try SweepExecutor.run(spec, pending: all, workers: nWorkers, sink: nil, progress: { progress.update($0) })
            progress.finish()
            say(String(format: "ran %d tasks in %.2fs without writing results", all.count, Date().timeIntervalSince(t0)))
            return
        }
        let store = try SweepStore(path: dbPath, spec: spec, command: commandLine())
        let done = try store.doneTasks()
        let pending = all.filter { !done.contains($0) }
        let before = all.count - pending.count
        if before > 0 { say("resuming \(dbPath): \(before) of \(all.count) tasks already done") }
        try store.beginRun(shard: shardSpec?.description, workers: nWorkers, total: all.count, before: before, command: commandLine())
        let progress = SweepProgress(total: all.count, already: before, label: spec.name)
        let counter = Counter()
        let runStart = Date()
        do {
            try SweepExecutor.run(spec, pending: pending, workers: nWorkers, sink: { batch in
                try store.write(batch)
                counter.add(batch.count)
            }, progress: { progress.update(before + $0) })
        } catch {
            progress.finish()
            try? store.finishRun(tasksRun: counter.value, status: "failed")
            throw error
        }
        progress.finish()
        try store.finishRun(tasksRun: counter.value, status: "done")
        let secs = Date().timeIntervalSince(runStart)
        if pending.isEmpty {
            say("all \(all.count) tasks were already done")
        } else {
            say(String(format: "ran %d tasks in %.1fs (%.1f tasks/s)", pending.count, secs, Double(pending.count) / max(secs, 1e-9)))
        }
        if shardSpec == nil {
            printSummary(dbPath, kpis: Array(spec.kpis.prefix(4)))
        }
        say("wrote \(dbPath)")
    }

    func printSummary(_ dbPath: String, kpis names: [String]) {
        guard let c = try? SweepDatabase.contents(dbPath, only: names), !c.kpis.isEmpty else { return }
        let shown = Array(c.kpis.prefix(4))
        var rows: [[String]] = []
        for (i, p) in c.points.enumerated().prefix(30) {
            var row = ["\(p.id)"] + p.values.map { v -> String in
                switch v { case .number(let x): return JSON.format(x); case .string(let s): return s; default: return v.serialized(pretty: false) }
            }
            for k in shown.indices { row.append(c.cells[i][k].map { cell in Format.estimate(Estimate(mean: cell.mean, lo: cell.ciLow, hi: cell.ciHigh)) } ?? "-") }
            rows.append(row)
        }
        say("mean (95% CI) per point\(c.kpis.count > shown.count ? " (first \(shown.count) KPIs; all in the database)" : ""):")
        say(Format.table(["point"] + c.factors.map(\.name) + shown.map { $0.unit.isEmpty ? $0.name : "\($0.name) (\($0.unit))" }, rows), terminator: "")
        if c.points.count > 30 { say("... \(c.points.count - 30) more points") }
    }
}

extension Estimate {
    init(mean: Double, lo: Double, hi: Double) {
        self.init([])
        self.mean = mean
        self.ciLow = lo
        self.ciHigh = hi
    }
}

struct MergeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "merge",
        abstract: "Merge the shard databases of a sweep into DIR/sweep.sqlite.",
        discussion: "The merged tables results, points, tasks_done and sweep are identical to a single-machine run's; runs keeps every shard's run records.")

    @Argument(help: "Shard databases (shard-K-of-N.sqlite).")
    var shards: [String]

    @Option(help: "Output directory (the merged database is DIR/sweep.sqlite).")
    var out: String

    @Flag(help: "Merge even if tasks are missing.")
    var allowIncomplete = false

    mutating func validate() throws {
        if shards.isEmpty { throw ValidationError("merge needs at least one shard database") }
    }

    func run() throws {
        let dest = (out as NSString).appendingPathComponent("sweep.sqlite")
        if let o = shards.first(where: { OptimiseShards.isOptimiseDatabase($0) }) {
            throw InputError(message: "\(o) is a shard of careflow optimise, not of a sweep: merge an optimisation's shards with careflow optimise OPT.yaml --out DIR --merge")
        }
        do {
            let r = try SweepDatabase.merge(shards, into: dest, allowIncomplete: allowIncomplete, command: commandLine())
            say("merged \(r.inputs) shard\(r.inputs == 1 ? "" : "s"): \(r.tasksDone) of \(r.tasksTotal) tasks")
            say("wrote \(dest)")
        } catch let e as SweepInputError { throw InputError(message: e.message) }
    }
}

struct ExportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Export results for spreadsheets.",
        discussion: "A comparison directory (from `compare` or `run`): --csv writes DIR/comparison.csv (one tidy table: scenario, KPI, group, statistic, mean, CI, difference from the reference with CI, target, verdict) and DIR/replications.csv (per-replication values); --xlsx writes DIR/comparison.xlsx with both as sheets. A sweep directory: --csv writes DIR/results.csv (tidy long format) and DIR/summary.csv (per-point means and 95% CIs); --xlsx writes DIR/summary.xlsx (the per-point means and CIs with each KPI's target and direction).")

    @Argument(help: "A comparison directory (with comparison.json), a sweep directory (with sweep.sqlite) or a sweep database file.")
    var dir: String

    @Flag(help: "Write CSV files.")
    var csv = false

    @Flag(help: "Write an Excel workbook (comparison.xlsx for a comparison, summary.xlsx for a sweep).")
    var xlsx = false

    func run() throws {
        let cpath = (dir as NSString).appendingPathComponent("comparison.json")
        if FileManager.default.fileExists(atPath: cpath) {
            try ComparisonExport.run(dir: dir, csv: csv || !xlsx, xlsx: xlsx)
            return
        }
        do {
            let (db, outDir) = sweepDatabase(dir)
            let c = try SweepDatabase.contents(db)
            if csv || !xlsx {
                let results = (outDir as NSString).appendingPathComponent("results.csv")
                let rows = try SweepDatabase.exportCSV(db, to: results)
                try Outputs.replace([("summary.csv", SweepDatabase.summaryCSV(c))], in: outDir)
                say("wrote \(results) (\(rows) rows) and \((outDir as NSString).appendingPathComponent("summary.csv"))")
            }
            if xlsx {
                let path = (outDir as NSString).appendingPathComponent("summary.xlsx")
                let n = try SweepExport.xlsx(c, to: path)
                say("wrote \(path) (\(n) rows: one per point and KPI)")
            }
            if c.tasksDone < c.tasksTotal { say("note: the sweep is incomplete (\(c.tasksDone) of \(c.tasksTotal) tasks)") }
        } catch let e as SweepInputError { throw InputError(message: e.message) }
    }
}

/// (database, directory) for a sweep directory or a database path.
func sweepDatabase(_ dirOrFile: String) -> (String, String) {
    var isDir: ObjCBool = false
    if FileManager.default.fileExists(atPath: dirOrFile, isDirectory: &isDir), !isDir.boolValue {
        return (dirOrFile, dirOrFile.parentPath.isEmpty ? "." : dirOrFile.parentPath)
    }
    return ((dirOrFile as NSString).appendingPathComponent("sweep.sqlite"), dirOrFile)
}

/// The sweep report: DIR/sweep.sqlite -> DIR/report.html.
enum SweepReportHook {
    /// report.html (English) and report.sv.html (Swedish).
    static func render(_ db: String) throws -> [(String, String)] {
        let c: SweepContents
        do { c = try SweepDatabase.contents(db) } catch let e as SweepInputError { throw InputError(message: e.message) }
        var data = SweepReportData(
            name: c.name, file: c.file, hash: c.hash, softwareVersion: c.softwareVersion, base: c.base, design: c.design,
            seed: c.seed, replications: c.replications, tasksDone: c.tasksDone, tasksTotal: c.tasksTotal,
            factors: c.factors.map { SweepReportData.Factor(path: $0.path, name: $0.name, label: $0.label, unit: $0.unit ?? "", levels: $0.levels.map(reportValue)) },
            points: c.points.map { SweepReportData.Point(id: $0.id, values: $0.values.map(reportValue)) },
            kpis: c.kpis.map { SweepReportData.KPI(name: $0.name, label: $0.label, unit: $0.unit, target: $0.target, higherIsBetter: $0.direction.map { $0 == "higher" }) },
            cells: c.cells.map { row in row.map { $0.map { SweepReportData.Cell(n: $0.n, mean: $0.mean, ciLow: $0.ciLow, ciHigh: $0.ciHigh) } } })
        data.description = c.description
        data.provenance = c.provenance
        data.overrides = c.overrides
        data.inputs = c.inputs
        return SweepReport.files(data)
    }

    static func reportValue(_ j: JSON) -> SweepReportData.Value {
        switch j {
        case .number(let x): return SweepReportData.Value(text: JSON.format(x), number: x)
        case .string(let s): return SweepReportData.Value(text: s, number: durationMinutes(s))
        case .null: return SweepReportData.Value(text: "", number: nil)
        default: return SweepReportData.Value(text: j.serialized(pretty: false), number: nil)
        }
    }

    /// Minutes of "8h", "1h30m" (for charting duration factors), else nil.
    static func durationMinutes(_ s: String) -> Double? {
        let mult: [Character: Double] = ["s": 1.0 / 60, "m": 1, "h": 60, "d": 1440, "w": 10080]
        var total = 0.0, num = "", any = false
        for ch in s where ch != " " && ch != "_" {
            if ch.isNumber || ch == "." || (ch == "-" && num.isEmpty) { num.append(ch); continue }
            guard let v = Double(num), let m = mult[ch] else { return nil }
            total += v * m; num = ""; any = true
        }
        return any && num.isEmpty ? total : nil
    }
}

/// The absolute path of the running careflow binary.
func executablePath() -> String {
    if let p = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe") { return p }
    if let p = Bundle.main.executablePath { return URL(fileURLWithPath: p).standardizedFileURL.path }
    return URL(fileURLWithPath: CommandLine.arguments[0]).standardizedFileURL.path
}

final class Counter: @unchecked Sendable {
    private let lock = NSLock()
    private var n = 0
    func add(_ k: Int) { lock.lock(); n += k; lock.unlock() }
    var value: Int { lock.lock(); defer { lock.unlock() }; return n }
}

/// Sweep progress on stderr: a bar with done/total, rate and ETA on a
/// terminal; in a pipe or CI (CI set, or stderr not a terminal) a plain line
/// every 10% or every 5 s, whichever comes first.
final class SweepProgress: @unchecked Sendable {
    private let total: Int
    private let already: Int
    private let label: String
    private let start = Date()
    private let tty: Bool
    private let lock = NSLock()
    private var lastLine = Date.distantPast
    private var lastDecile = -1
    private var shown = false
    private var lastDone = 0

    init(total: Int, already: Int, label: String) {
        self.total = total
        self.already = already
        self.label = TerminalText.safe(label)
        let env = ProcessInfo.processInfo.environment
        tty = isatty(STDERR_FILENO) == 1 && env["CI"] == nil && env["TERM"] != "dumb"
    }

    func update(_ done: Int) {
        lock.lock(); defer { lock.unlock() }
        lastDone = done
        let now = Date()
        let elapsed = now.timeIntervalSince(start)
        let ranHere = done - already
        let rate = elapsed > 0 ? Double(ranHere) / elapsed : 0
        let eta = rate > 0 ? Double(total - done) / rate : 0
        let pct = total > 0 ? Double(done) / Double(total) : 1
        if tty {
            guard now.timeIntervalSince(lastLine) >= 0.1 || done == total else { return }
            lastLine = now
            shown = true
            let width = 30
            let filled = Int(pct * Double(width))
            let bar = String(repeating: "#", count: filled) + String(repeating: "-", count: width - filled)
            FileHandle.standardError.write(Data(String(format: "\r%@ [%@] %d/%d tasks, %.1f/s, ETA %@ ", label, bar, done, total, rate, fmt(eta)).utf8))
        } else {
            let decile = Int(pct * 10)
            guard decile > lastDecile || now.timeIntervalSince(lastLine) >= 5 else { return }
            lastDecile = max(lastDecile, decile)
            lastLine = now
            FileHandle.standardError.write(Data(String(format: "%@: %d/%d tasks (%.0f%%), %.1f tasks/s, ETA %@\n", label, done, total, pct * 100, rate, fmt(eta)).utf8))
        }
    }

    private func fmt(_ s: Double) -> String {
        guard s.isFinite else { return "-" }
        let t = Int(s.rounded())
        return t >= 3600 ? String(format: "%dh%02dm", t / 3600, t % 3600 / 60) : t >= 60 ? String(format: "%dm%02ds", t / 60, t % 60) : "\(t)s"
    }

    func finish() {
        lock.lock(); defer { lock.unlock() }
        if tty && shown { FileHandle.standardError.write(Data("\r\u{1B}[K".utf8)) }
    }
}
