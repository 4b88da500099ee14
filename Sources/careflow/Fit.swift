import ArgumentParser
import CareFlow
import CareFlowFit
import Foundation

struct FitCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "fit",
        abstract: "Fit arrivals, durations and routing to an event log; write a draft scenario and an HTML fit report.",
        discussion: "The mapping (YAML) names the log's events and says which events start and end which interval, which attributes matter, and where each fitted number goes in the draft (docs/event-log.md). Capacities and staffing cannot be inferred from a log: the report gives the peak numbers of patients at once as lower bounds only.")

    @Argument(help: "The event log (CSV: patient_id,event,timestamp[,attribute columns]).")
    var log: String

    @Option(help: "The mapping file (YAML).")
    var map: String

    @Option(help: "The draft scenario to write (YAML).")
    var out: String

    @Option(help: "The HTML fit report to write (default: the draft's name with -fit.html).")
    var report: String?

    @Option(help: "Name of the draft scenario (default: the draft's file name).")
    var name: String?

    @Option(help: "Language of the report: en or sv (default: CAREFLOW_LANG, else en).")
    var lang: String?

    mutating func validate() throws {
        if let lang, !ReportLanguage.codes.contains(lang) { throw ValidationError("--lang: '\(lang)' is not a report language; expected one of \(ReportLanguage.codes.joined(separator: ", "))") }
        if !out.hasSuffix(".yaml") && !out.hasSuffix(".yml") { throw ValidationError("--out: '\(out)' should be a .yaml file (the draft scenario)") }
    }

    func run() throws {
        let started = Date()
        let result: FitResult, mapping: FitMapping
        do {
            mapping = try FitMapping.read(file: map)
            let parsed = try LogReader.read(file: log, knownEvents: mapping.knownEvents)
            result = try FitAnalysis.run(parsed, mapping)
        } catch let e as FitInputError {
            sayError(e.description)
            throw ExitCode(2)
        }
        let reportPath = report ?? (out.replacingOccurrences(of: ".yaml", with: "").replacingOccurrences(of: ".yml", with: "") + "-fit.html")
        let draftName = name ?? FileNames.component(((out as NSString).lastPathComponent as NSString).deletingPathExtension)
        // The base scenario's warm-up dates the draft (its path is relative to the draft).
        let warmup: Int? = mapping.base.flatMap { base in
            let path = base.hasPrefix("/") ? base : ((out as NSString).deletingLastPathComponent as NSString).appendingPathComponent(base)
            return (try? ScenarioCompiler.compile(file: path)).map { Int(($0.model.warmup / 1440).rounded(.up)) }
        }
        let yaml = DraftWriter.yaml(result, mapping: mapping, name: draftName, command: recordedCommandLine(), baseWarmupDays: warmup)
        let html = FitReport.html(result, language: ReportLanguage.resolve(option: lang, scenario: nil))
        let a = try AtomicFile(path: out), b = try AtomicFile(path: reportPath)
        try a.write(yaml); try b.write(html)
        try a.commit(); try b.commit()
        say("\(TerminalText.safe(log)): \(result.patients) patients, \(result.rows) events, \(result.startDate) to \(result.endDate); \(result.present) still present at the end")
        for x in result.arrivals { say("  arrivals \(x.spec.name): \(Format.number(x.perDay.value)) per day (95% CI \(Format.number(x.perDay.ciLow)) to \(Format.number(x.perDay.ciHigh)))") }
        for d in result.durations {
            let g = d.overall
            say("  duration \(d.spec.name): " + (g.chosen.map { "\($0.family.rawValue), mean \(Format.number($0.mean)) min (n \(g.sample.exact.count), censored \(g.sample.censored.count))" } ?? "not fitted") +
                (d.spec.unit.map { "; peak \(d.peak) at once: \($0) capacity at least \(d.peak)" } ?? ""))
        }
        for br in result.branches { say("  branch \(br.spec.name): " + br.options.map { "\($0.label) \(Format.number($0.p))" }.joined(separator: ", ")) }
        say("capacities and staffing are not inferred from a log (lower bounds only, in the report)")
        say("wrote \(out) and \(reportPath) in \(String(format: "%.1f", Date().timeIntervalSince(started))) s")
    }
}

struct CheckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Compare a scenario with an event log: KPIs from the log against the simulated mean and 95% prediction interval.",
        discussion: "Simulates the scenario over the log's period (after its warm-up) and computes the same KPIs, the same way, from the log and from each replication's event log: median and 90th percentile of every interval KPI of the scenario (overall and by group) and every event's count per day. Rows where the log falls outside the interval are flagged. Writes DIR/check.csv with --out. Exit status 1 with --strict when any row is flagged.")

    @Argument(help: "The scenario file (YAML).")
    var scenario: String

    @Argument(help: "The event log (CSV).")
    var log: String

    @OptionGroup var options: RunOptions

    @Option(help: "Output directory for check.csv.")
    var out: String?

    @Flag(help: "Exit with status 1 when any KPI falls outside its prediction interval.")
    var strict = false

    func run() throws {
        let sc = try ScenarioCompiler.compile(file: scenario)
        let parsed: PatientLog
        do { parsed = try LogReader.read(file: log) } catch let e as FitInputError {
            sayError(e.description)
            throw ExitCode(2)
        }
        let n = options.replications ?? max(10, sc.replications)
        let seed = options.seed ?? sc.seed
        let rows: [Check.Row]
        do {
            rows = try Check.run(sc, log: parsed, replications: n, seed: seed, workers: options.workerCount, limits: options.limits(sc.model))
        } catch let e as RunStopped { throw InputError(message: "\(scenario): \(e)") }
        let table = rows.map { r in [r.kpi, Format.number(r.observed), Format.number(r.simulatedMean), "\(Format.number(r.low)) to \(Format.number(r.high))", r.outside ? "OUTSIDE" : ""] }
        say("\(TerminalText.safe(sc.title)) against \(TerminalText.safe(log)): \(n) replications over \(Int(parsed.end / 1440) + 1) days, seed \(seed)")
        say(Format.table(["KPI", "log", "simulated mean", "95% prediction interval", ""], table), terminator: "")
        let flagged = rows.filter(\.outside).count
        say("\(flagged) of \(rows.count) KPIs outside the prediction interval")
        if let out {
            var csv = "kpi,observed,simulated_mean,pi_low,pi_high,replications,outside\n"
            for r in rows { csv += "\(Outputs.csv(r.kpi)),\(JSON.format(r.observed)),\(JSON.format(r.simulatedMean)),\(JSON.format(r.low)),\(JSON.format(r.high)),\(r.n),\(r.outside)\n" }
            try Outputs.write([("check.csv", csv)], into: out)
            say("wrote \(out)/check.csv")
        }
        if strict && flagged > 0 { throw ExitCode(1) }
    }
}
