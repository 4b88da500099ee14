import ArgumentParser
import CareFlow
import CareFlowOptimise
import CareFlowFit
import Foundation

struct Run: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Run a scenario's replications and print its KPIs with 95% confidence intervals.",
        discussion: "Writes DIR/summary.json, DIR/kpis.csv, DIR/series.json, DIR/comparison.json and DIR/report.html (scorecard against the targets, charts, method; default DIR: Results/<scenario name>/).")

    @Argument(help: "The scenario file (YAML).")
    var scenario: String

    @OptionGroup var options: RunOptions

    @Option(help: "Output directory.")
    var out: String?

    @Option(help: "Keep adding replications until every headline KPI's 95% CI half-width is at most this fraction of its mean.")
    var precision: Double?

    @Option(help: "Upper limit on replications with --precision.")
    var maxReplications: Int = 200

    @Option(help: "Write a CSV trace of replication 0 (one row per patient step) to this file.")
    var trace: String?

    @Option(help: "Write replication 0 as an event log (CSV: patient_id,event,timestamp,attributes; docs/event-log.md) to this file.")
    var eventLog: String?

    @Flag(help: "Print every KPI, not only the main ones.")
    var all = false

    @Option(help: "Language of report.html: en or sv (default: the scenario's report.lang, else CAREFLOW_LANG, else en).")
    var lang: String?

    mutating func validate() throws {
        if let p = precision, !(p > 0 && p < 1) { throw ValidationError("--precision must be a fraction between 0 and 1, e.g. 0.05") }
        if !(2...Sizes.maxReplications).contains(maxReplications) { throw ValidationError("--max-replications must be from 2 to \(Sizes.maxReplications)") }
        if let lang, !ReportLanguage.codes.contains(lang) { throw ValidationError("--lang: '\(lang)' is not a report language; expected one of \(ReportLanguage.codes.joined(separator: ", "))") }
    }

    func run() throws {
        let sc = try ScenarioCompiler.compile(file: scenario)
        let seed = options.seed ?? sc.seed
        let first = options.replications ?? sc.replications
        let workers = options.workerCount
        let limits = options.limits(sc.model)
        let results: [ReplicationResult]
        let parts: Comparison.ScenarioParts
        do {
            let progress = Progress(total: first, label: sc.name)
            // The parts of comparison.json that need no results are made while the replications run.
            let (initial, scenarioParts) = try alongside({
                try Runner.run(model: sc.model, config: sc.collector, seed: seed, replications: 0..<first, workers: workers,
                               limits: limits, progress: { progress.update($0) })
            }, { Comparison.scenarioParts([sc]) })
            parts = scenarioParts
            progress.finish()
            results = try precision.map { p in
                try Precision.sequential(initial, target: p, headline: headlineNames(sc), maxReplications: maxReplications) { range in
                    try Runner.run(model: sc.model, config: sc.collector, seed: seed, replications: range, workers: workers, limits: limits)
                }
            } ?? initial
            try DeadlockError.check(sc, results)
            if let trace { try Tracer.trace(sc, seed: seed, to: trace, limits: limits) }
            if let eventLog { try EventLog.write(EventLog.record(sc, seed: seed, limits: limits), clock: EventLog.clock(sc), to: eventLog) }
        } catch let e as RunStopped {
            throw InputError(message: "\(scenario): \(e)")
        }
        let n = results.count
        let summary = RunSummary(results)
        let dir = out ?? defaultOutDir(sc.name)
        // A one-scenario comparison: the report (scorecard against the targets, charts, method) and `export` work on it.
        let single = Comparison(scenarios: [sc], results: [results], seed: seed)
        // What runs once after the replications, on as many cores as it can:
        // the series beside the comparison, then the files' text beside the
        // report (which shares its sections and intervals among the cores).
        let (comparison, series) = alongside({ single.json(command: recordedCommandLine(), gslVersion: GSL.version, parts: parts) },
                                             { Outputs.series(sc, results) })
        let seriesAll = JSON.object([("scenarios", .array([series]))])
        let language = ReportLanguage.resolve(option: lang, scenario: sc.language)
        let (html, texts) = try alongside({ try ReportHook.render(comparison: comparison, series: seriesAll, language: language) }, {
            [("summary.json", Outputs.summary(sc, seed: seed, summary: summary).serialized()),
             ("kpis.csv", Outputs.kpisCSV(summary)),
             ("series.json", series.serialized()),
             ("comparison.json", comparison.serialized())]
        })
        var files = texts
        if let html { files.append(("report.html", html)) }
        do {
            try Outputs.write(files, into: dir)
        } catch {
            // A failed run leaves no trace file of its own behind.
            if let trace { unlink(trace) }
            if let eventLog { unlink(eventLog) }
            throw error
        }
        let rows = zip(summary.names, summary.estimates).filter { printable($0.0, all: all) }.map { [$0.0, Format.estimate($0.1)] }
        say("\(TerminalText.safe(sc.title)): \(n) replication\(n == 1 ? "" : "s"), seed \(seed)\(n > 1 ? ", mean (95% CI)" : "")")
        say(Format.table(["KPI", n > 1 ? "mean (95% CI)" : "value"], rows), terminator: "")
        say("wrote \(dir)/summary.json, kpis.csv, series.json, comparison.json, report.html")
        ProcessEnd.keep((sc, results, summary, single, comparison, series, seriesAll, files))
    }
}

/// The KPIs whose precision `--precision` controls: the scenario's headline
/// KPIs' means, or all its interval KPIs' means if none is marked headline.
func headlineNames(_ sc: CompiledScenario) -> [String] {
    let marked = sc.kpis.filter(\.headline)
    return (marked.isEmpty ? sc.kpis : marked).map { "\($0.name).mean" }
}

struct Validate: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "validate",
        abstract: "Check scenario, what-if, sweep and optimise files without running them (exit 0 when all are valid).",
        discussion: "A file with a top-level 'sweep:' key is checked as a sweep file, one with 'optimise:' as an optimise file (its base scenario and every configuration compiled); anything else as a scenario or what-if.")

    @Argument(help: "Scenario, what-if, sweep or optimise files.")
    var scenarios: [String]

    func run() throws {
        var failed = false
        for f in scenarios {
            do {
                switch Self.kind(f) {
                case "optimise":
                    let o = try OptimiseFile.load(f)
                    say("\(TerminalText.safe(f)): ok (optimise \(TerminalText.safe(o.name)): \(o.variables.count) variable\(o.variables.count == 1 ? "" : "s"), \(o.configurations.count) configurations, \(o.constraints.count) constraint\(o.constraints.count == 1 ? "" : "s"), minimise \(TerminalText.safe(o.objective.kpi)))")
                case "sweep":
                    let s = try SweepFile.load(f)
                    say("\(TerminalText.safe(f)): ok (sweep \(TerminalText.safe(s.name)): \(s.points.count) points x \(s.replications) replications = \(s.taskCount) tasks)")
                default:
                    let sc = try ScenarioCompiler.compile(file: f)
                    say("\(TerminalText.safe(f)): ok (\(TerminalText.safe(sc.name)): \(sc.units.count) units, \(sc.pathways.count) pathways, \(sc.model.steps.count) steps, \(sc.kpis.count) KPIs)")
                }
            } catch {
                sayError(error.description)
                failed = true
            }
        }
        if failed { throw ExitCode(2) }
    }

    /// "optimise" or "sweep" by the file's top-level key, else "scenario"
    /// (also for a file that does not read or parse: the scenario compiler reports it).
    static func kind(_ f: String) -> String {
        guard case .success(let r) = InputFile.read(f), let root = try? YAMLReader.parse(r.text, file: f) else { return "scenario" }
        if root["optimise"] != nil { return "optimise" }
        if root["sweep"] != nil { return "sweep" }
        return "scenario"
    }
}

struct Schema: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "schema", abstract: "Print the JSON Schema of scenario, what-if, sweep and optimise files (for YAML language servers).")
    func run() throws {
        let s = ScenarioSchema.json
        say(s, terminator: s.hasSuffix("\n") ? "" : "\n")
    }
}

struct Warmup: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "warmup",
        abstract: "Suggest a warm-up with MSER-5 on the ED census and ward occupancy of pilot replications.",
        discussion: "Runs the scenario without warm-up, averages the hourly census and occupancy series over the replications, and truncates by MSER-5 (White 1997). Writes DIR/warmup.json and DIR/warmup.csv with the series for plotting.")

    @Argument(help: "The scenario file (YAML).")
    var scenario: String

    @OptionGroup var options: RunOptions

    @Option(help: "Output directory (default: Results/<scenario>/).")
    var out: String?

    func run() throws {
        var sc = try ScenarioCompiler.compile(file: scenario)
        sc.model.warmup = 0
        guard sc.model.horizon.isFinite else { throw InputError(message: "\(scenario): warm-up analysis needs run.horizon") }
        let n = options.replications ?? max(5, sc.replications)
        let seed = options.seed ?? sc.seed
        let results: [ReplicationResult]
        do {
            results = try Runner.run(model: sc.model, config: sc.collector, seed: seed, replications: 0..<n, workers: options.workerCount,
                                     limits: options.limits(sc.model))
        } catch let e as RunStopped { throw InputError(message: "\(scenario): \(e)") }
        try DeadlockError.check(sc, results)
        let series = results.compactMap(\.series)
        guard let first = series.first else { return }
        // ED census and ward occupancy: censuses and busy levels of ED and ward units.
        let names = MSER.seriesNames(sc, available: first.levels.map(\.name))
        var rows: [JSON] = []
        var csv = "hour"
        var columns: [[Double]] = []
        var suggestion = 0
        let hours = Int(sc.model.horizon / 60)
        for name in names {
            guard let i = first.levels.firstIndex(where: { $0.name == name }) else { continue }
            var mean = Array(repeating: 0.0, count: hours)
            for s in series {
                let h = s.levels[i].hourly
                for t in 0..<min(hours, h.count) { mean[t] += h[t] / Double(series.count) }
            }
            let cut = MSER.truncation(mean)
            suggestion = max(suggestion, cut)
            rows.append(.object([("series", .string(name)), ("truncate_hours", .number(Double(cut)))]))
            csv += ",\(name)"
            columns.append(mean)
        }
        csv += "\n"
        for t in 0..<hours { csv += "\(t)," + columns.map { JSON.format($0[t]) }.joined(separator: ",") + "\n" }
        let days = (Double(suggestion) / 24 * 10).rounded(.up) / 10
        let dir = out ?? defaultOutDir(sc.name)
        try Outputs.write([
            ("warmup.json", JSON.object([("scenario", .string(sc.name)), ("method", .string("MSER-5 (White 1997) on replication-mean hourly series")),
                                          ("replications", .number(Double(n))), ("suggested_warmup_hours", .number(Double(suggestion))),
                                          ("series", .array(rows))]).serialized()),
            ("warmup.csv", csv),
        ], into: dir)
        for r in rows { say("\(r["series"]?.string ?? ""): MSER-5 truncates \(JSON.format(r["truncate_hours"]?.double ?? 0)) h") }
        say("suggested warm-up: \(suggestion) h (\(days) days); write it as run.warmup: \(Int(days.rounded(.up)))d")
        say("wrote \(dir)/warmup.json and warmup.csv")
    }
}
