import ArgumentParser
import CareFlow
import CareFlowOptimise
import Foundation

struct OptimiseCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "optimise",
        abstract: "Find the cheapest configuration that meets KPI targets with a stated confidence (sequential feasibility checks, common random numbers).",
        discussion: """
            Writes DIR/optimise.sqlite (every replication, committed as it finishes: rerunning the same command after a kill \
            resumes), DIR/optimise.json (the answer and every configuration evaluated), DIR/report.html and DIR/chosen.yaml \
            (a what-if of the base scenario with the chosen values). Default DIR: Results/<optimise name>/. See docs/optimise.md.
            """)

    @Argument(help: "The optimise file (YAML).")
    var file: String

    @Option(help: "Output directory.")
    var out: String?

    @Option(help: "Worker threads (default: the file's workers, else all cores). Results do not depend on it.")
    var workers: Int?

    @Option(help: "Report language: en or sv (default: the base scenario's report.lang, else en).")
    var lang: String?

    mutating func validate() throws {
        if let w = workers, !(1...Sizes.maxWorkers).contains(w) { throw ValidationError("--workers must be from 1 to \(Sizes.maxWorkers)") }
        if let l = lang, !["en", "sv"].contains(l) { throw ValidationError("--lang must be en or sv") }
    }

    func run() throws {
        do { try body() } catch let e as SweepInputError { throw InputError(message: e.message) }
    }

    func body() throws {
        let spec = try OptimiseFile.load(file)
        let dir = out ?? defaultOutDir(spec.name)
        let command = (["careflow", "optimise", file] + (out.map { ["--out", $0] } ?? [])).joined(separator: " ")
        let store = try OptimiseStore(path: dir + "/optimise.sqlite", spec: spec, command: command)
        let w = workers ?? spec.workers ?? Runner.defaultWorkers
        let result = try Optimiser.run(spec, store: store, workers: w, command: command) { line in sayError("optimise: " + line) }
        let language = lang ?? spec.baseScenario.language ?? "en"
        let compareCmd = result.chosen == nil ? nil : "careflow compare \(spec.baseFile) \(dir)/chosen.yaml --seed \(spec.seed)"
        var files: [(String, String)] = [
            ("optimise.json", Answer.json(result, command: command).serialized(pretty: true) + "\n"),
            ("report.html", OptimiseReport.render(result, lang: language, compareCommand: compareCmd)),
        ]
        if let y = Answer.whatIf(result, outDir: dir) { files.append(("chosen.yaml", y)) }
        try Outputs.replace(files, in: dir)
        if let c = result.chosen {
            let label = zip(spec.variables, spec.configurations[c].values).map { "\($0.name)=\($1)" }.joined(separator: " ")
            say("chosen: \(TerminalText.safe(label))  \(spec.objective.kpi) = \(Readable.number(result.objective(c)))")
            for con in spec.constraints {
                let e = result.estimate(c, con.kpi)
                say("  \(TerminalText.safe(con.kpi)) \(con.atMost ? "<=" : ">=") \(Readable.number(con.limit)): \(Readable.number(e.mean)) [\(Readable.number(e.ciLow)), \(Readable.number(e.ciHigh))]")
            }
            let low = Answer.onLowerBound(result)
            if !low.isEmpty { say("  note: at the lower bound of its range: \(low.joined(separator: ", ")) (widen the range to be sure)") }
        } else {
            say("no configuration was shown to meet every constraint")
        }
        say("\(result.evaluations) of \(spec.configurations.count) configurations evaluated, \(result.replications) replications (\(result.tasksRun) in this run), "
            + String(format: "%.1f s", result.wallSeconds) + " -> " + TerminalText.safe(dir))
    }
}
