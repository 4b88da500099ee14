import ArgumentParser
import CareFlow
import Foundation

struct Compare: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "compare",
        abstract: "Compare what-if scenarios with a baseline using common random numbers.",
        discussion: "Every scenario runs the same replications with the same per-source random streams. Prints each scenario's mean with a 95% CI and the paired difference from the baseline; '*' marks differences whose CI excludes zero. Writes DIR/comparison.json, DIR/series.json and DIR/report.html.")

    @Argument(help: "The baseline scenario, then one or more what-if scenarios.")
    var scenarios: [String]

    @OptionGroup var options: RunOptions

    @Option(help: "Output directory (default: Results/<baseline>-vs-<what-if>/).")
    var out: String?

    @Flag(help: "Print every KPI, not only the main ones.")
    var all = false

    @Option(help: "The scenario (by name) the others are compared with (default: the first).")
    var reference: String?

    @Option(help: "Language of report.html: en or sv (default: the reference scenario's report.lang, else CAREFLOW_LANG, else en).")
    var lang: String?

    @Flag(help: "Add to the report a replay of one day in the ED (replication 0 of the baseline and the first what-if side by side, same random numbers; the first Monday after the warm-up). Writes DIR/replay.json.")
    var replay = false

    mutating func validate() throws {
        if scenarios.count < 2 { throw ValidationError("compare needs a baseline and at least one what-if scenario") }
        if let lang, !ReportLanguage.codes.contains(lang) { throw ValidationError("--lang: '\(lang)' is not a report language; expected one of \(ReportLanguage.codes.joined(separator: ", "))") }
    }

    func run() throws {
        // Compile everything first: a bad file stops the run before any output.
        var compiled: [CompiledScenario] = []
        var errors: [ScenarioError] = []
        for f in scenarios {
            do { compiled.append(try ScenarioCompiler.compile(file: f)) } catch { errors += error.errors }
        }
        if !errors.isEmpty { throw ScenarioErrors(errors) }
        var names = compiled.map(\.name)
        if Set(names).count != names.count { throw InputError(message: "two scenarios have the same name (\(names.joined(separator: ", "))); give each a distinct 'name'") }
        // Each scenario's files go to a folder named after it (FileNames:
        // never outside --out); names that differ only in characters a
        // folder name cannot hold would share one.
        let folders = names.map { FileNames.component($0) }
        if Set(folders).count != folders.count {
            throw InputError(message: "two scenario names give the same folder name (\(zip(names, folders).map { "\($0) -> \($1)" }.joined(separator: ", "))); give each a distinct 'name'")
        }
        if let reference {
            guard let i = names.firstIndex(of: reference) else {
                throw InputError(message: "--reference: no scenario named '\(reference)'; expected one of \(names.joined(separator: ", "))")
            }
            compiled.insert(compiled.remove(at: i), at: 0)
        }
        names = compiled.map(\.name)
        let base = compiled[0]
        let seed = options.seed ?? base.seed
        let n = options.replications ?? base.replications
        let progress = Progress(total: n * compiled.count, label: "compare")
        let results: [[ReplicationResult]]
        let parts: Comparison.ScenarioParts
        do {
            // The parts of comparison.json that need no results are made while the replications run.
            let toRun = compiled
            (results, parts) = try alongside({
                try Runner.runAll(toRun.map { ($0.model, $0.collector) }, seed: seed, replications: 0..<n,
                                  workers: options.workerCount, limits: toRun.map { options.limits($0.model) },
                                  progress: { progress.update($0) })
            }, { Comparison.scenarioParts(toRun) })
        } catch let e as RunStopped {
            progress.finish()
            throw InputError(message: "\(scenarios[e.job]): \(e)")
        }
        progress.finish()
        for (sc, rs) in zip(compiled, results) { try DeadlockError.check(sc, rs) }
        let cmp = Comparison(scenarios: compiled, results: results, seed: seed)
        let dir = out ?? defaultOutDir(names.count == 2 ? "\(names[0])-vs-\(names[1])" : "\(names[0])-comparison")
        // What runs once after the replications, on as many cores as it can
        // (see `alongside`): the series and the replay beside the comparison,
        // then the files' text beside the report.
        let (comparison, (series, replayData)) = try alongside({ cmp.json(command: recordedCommandLine(), gslVersion: GSL.version, parts: parts) }, {
            (cmp.seriesJSON(), replay ? Result { try ReportHook.replay(cmp.scenarios[0], cmp.scenarios[1], seed: seed) } : nil)
        })
        let replayJSON = try replayData?.get()
        let language = ReportLanguage.resolve(option: lang, scenario: base.language)
        let (html, texts) = try alongside({ try ReportHook.render(comparison: comparison, series: series, language: language, replay: replayJSON) }, {
            var files = [("comparison.json", comparison.serialized()), ("series.json", series.serialized())]
            for (i, sc) in cmp.scenarios.enumerated() {
                files.append(("\(folders[i])/summary.json", Outputs.summary(sc, seed: seed, summary: cmp.summaries[i]).serialized()))
                files.append(("\(folders[i])/kpis.csv", Outputs.kpisCSV(cmp.summaries[i])))
            }
            if let replayJSON { files.append(("replay.json", replayJSON.serialized(pretty: false) + "\n")) }
            return files
        })
        var files = texts
        if let html { files.append(("report.html", html)) }
        try Outputs.write(files, into: dir)

        say("\(n) replications per scenario, seed \(seed), common random numbers; mean (95% CI); '*': the difference's CI excludes 0")
        for w in 1..<compiled.count {
            let diffs = Dictionary(uniqueKeysWithValues: cmp.differences(w).map { ($0.0, $0.1) })
            var rows: [[String]] = []
            for (k, name) in cmp.summaries[0].names.enumerated() where printable(name, all: all) {
                let b = cmp.summaries[0].estimates[k]
                guard let we = cmp.summaries[w].estimate(name) else { continue }
                var diff = "-"
                if let d = diffs[name] {
                    let sig = d.ciLow.isFinite && (d.ciLow > 0 || d.ciHigh < 0)
                    diff = Format.estimate(d) + (sig ? " *" : "")
                }
                rows.append([name, Format.estimate(b), Format.estimate(we), diff])
            }
            say("\n\(TerminalText.safe(compiled[w].name)) vs \(TerminalText.safe(base.name))")
            say(Format.table(["KPI", base.name, compiled[w].name, "difference"], rows), terminator: "")
        }
        say("\nwrote \(dir)/comparison.json, series.json\(files.contains { $0.0 == "report.html" } ? ", report.html" : "")")
        ProcessEnd.keep((compiled, results, cmp, comparison, series, replayJSON, files))
    }
}

struct Report: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "report", abstract: "Regenerate DIR/report.html from the stored results of `compare` or `sweep` (no re-run).")

    @Argument(help: "A directory written by `careflow compare`, or a sweep directory (with sweep.sqlite).")
    var dir: String

    @Option(help: "Language of report.html: en or sv (default: the reference scenario's report.lang, else CAREFLOW_LANG, else en).")
    var lang: String?

    mutating func validate() throws {
        if let lang, !ReportLanguage.codes.contains(lang) { throw ValidationError("--lang: '\(lang)' is not a report language; expected one of \(ReportLanguage.codes.joined(separator: ", "))") }
    }

    func run() throws {
        // A sweep directory: the sweep report (Sources/careflow/Sweep.swift).
        let sweepDB = (dir as NSString).appendingPathComponent("sweep.sqlite")
        if FileManager.default.fileExists(atPath: sweepDB) {
            try Outputs.replace(try SweepReportHook.render(sweepDB), in: dir)
            say("wrote \((dir as NSString).appendingPathComponent("report.html")) and report.sv.html")
            return
        }
        let cpath = (dir as NSString).appendingPathComponent("comparison.json")
        let spath = (dir as NSString).appendingPathComponent("series.json")
        guard let ctext = try? String(contentsOfFile: cpath, encoding: .utf8) else {
            throw InputError(message: "\(cpath): no such file; expected a directory written by `careflow compare`")
        }
        let comparison: JSON, series: JSON
        do {
            comparison = try JSON.parse(ctext)
            let s = try JSON.parse((try? String(contentsOfFile: spath, encoding: .utf8)) ?? "{\"scenarios\": []}")
            // `run` writes one scenario's series without the list around it.
            series = s["scenarios"] == nil ? .object([("scenarios", .array([s]))]) : s
        } catch {
            throw InputError(message: "\(cpath): \(error)")
        }
        let scenarioLang = (comparison["scenarios"]?.array ?? []).first { $0["name"]?.string == comparison["baseline"]?.string }?["meta"]?["lang"]?.string
        // A replay recorded by `compare --replay` comes back too.
        let rpath = (dir as NSString).appendingPathComponent("replay.json")
        var replayData: JSON?
        if let rtext = try? String(contentsOfFile: rpath, encoding: .utf8) {
            do { replayData = try JSON.parse(rtext) } catch { throw InputError(message: "\(rpath): \(error)") }
        }
        guard let html = try ReportHook.render(comparison: comparison, series: series, language: ReportLanguage.resolve(option: lang, scenario: scenarioLang), replay: replayData) else {
            throw InputError(message: "the HTML report generator is not available in this build")
        }
        try Outputs.replace([("report.html", html)], in: dir)
        say("wrote \((dir as NSString).appendingPathComponent("report.html"))")
    }
}

/// Where the report generator plugs in.
enum ReportHook {
    static func render(comparison: JSON, series: JSON, language: ReportLanguage = .en, replay: JSON? = nil) throws -> String? {
        // The replay section (compare --replay): panes read back from replay.json.
        var extra: [PageSection] = []
        if let replay {
            do {
                extra.append(ReplayPage.reportSection(try (replay.array ?? []).map { try ReplayPane(json: $0) }))
            } catch let e as ReplayError { throw InputError(message: "replay.json: \(e.message)") }
        }
        return HTMLReport.render(comparison: comparison, series: series, language: language, extra: extra)
    }

    /// One day in the ED of the baseline and a what-if (same replication, seed and window).
    static func replay(_ base: CompiledScenario, _ whatIf: CompiledScenario, seed: UInt64) throws -> JSON {
        var o = ReplayOptions()
        o.seed = seed
        o.fromDay = Replay.firstMonday(after: base.model.warmup)
        let ed = base.units.contains { PageKit.area($0.area.rawValue, name: $0.name) == "ed" }
        o.areas = ed ? ["ed"] : nil
        do {
            return .array(try [base, whatIf].map { try Replay.record($0, options: o).json })
        } catch let e as ReplayError { throw InputError(message: "--replay: \(e.message)") }
    }
}
