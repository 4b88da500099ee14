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
            (a what-if of the base scenario with the chosen values). Default DIR: Results/<optimise name>/. \
            With --shard K/N, runs a share of the next round's tasks into DIR/shard-K-of-N.sqlite; --merge folds a round's \
            shards and writes the answer when no round is left; --emit-slurm writes scripts that do both on Slurm round \
            by round (DIR/drive.sh). See docs/optimise.md.
            """)

    @Argument(help: "The optimise file (YAML).")
    var file: String

    @Option(help: "Output directory.")
    var out: String?

    @Option(help: "Worker threads (default: the file's workers, else all cores). Results do not depend on it.")
    var workers: Int?

    @Option(help: "Report language: en or sv (default: the base scenario's report.lang, else en).")
    var lang: String?

    @Option(help: ArgumentHelp("Run only shard K of N of the first round with tasks not in DIR/optimise.sqlite (K is 1-based: the round's missing tasks t with t % N == K-1) into DIR/shard-K-of-N.sqlite, or 'slurm' to take K and N from SLURM_ARRAY_TASK_ID (0-based) and SLURM_ARRAY_TASK_COUNT. Then --merge.", valueName: "K/N|slurm"))
    var shard: String?

    @Flag(help: "Fold the round's shard databases in DIR into DIR/optimise.sqlite; when no round is left, write the answer.")
    var merge = false

    @Flag(help: "Write DIR/optimise.slurm.sh (a job array: one round's shards), DIR/merge.slurm.sh and DIR/drive.sh (submits both round by round) instead of running.")
    var emitSlurm = false

    @Option(help: "With --emit-slurm: number of array tasks (shards) per round.")
    var shards: Int = 4

    @Option(help: "With --emit-slurm: CPUs (worker threads) per array task (default: --workers, the file's workers, else 1).")
    var cpusPerTask: Int?

    @Option(help: "With --emit-slurm: #SBATCH --time limit per task and round, e.g. 02:00:00 (default: from a pilot run of a few tasks).")
    var time: String?

    @Option(help: "With --emit-slurm: #SBATCH --mem per task, e.g. 2G (default: from a pilot run of a few tasks).")
    var mem: String?

    @Option(help: ArgumentHelp("With --emit-slurm: write absolute paths under PREFIX (the current directory's place on the cluster's shared file system) instead of paths relative to the output folder.", valueName: "PREFIX"))
    var prefix: String?

    @Option(help: "With --emit-slurm: #SBATCH --partition.")
    var partition: String?

    mutating func validate() throws {
        if let w = workers, !(1...Sizes.maxWorkers).contains(w) { throw ValidationError("--workers must be from 1 to \(Sizes.maxWorkers)") }
        if let l = lang, !["en", "sv"].contains(l) { throw ValidationError("--lang must be en or sv") }
        if [shard != nil, merge, emitSlurm].filter({ $0 }).count > 1 { throw ValidationError("--shard, --merge and --emit-slurm do not go together") }
        if !(1...Sizes.maxShards).contains(shards) { throw ValidationError("--shards must be from 1 to \(Sizes.maxShards)") }
        if let c = cpusPerTask, !(1...Sizes.maxWorkers).contains(c) { throw ValidationError("--cpus-per-task must be from 1 to \(Sizes.maxWorkers)") }
    }

    func run() throws {
        do { try body() } catch let e as SweepInputError { throw InputError(message: e.message) }
    }

    func body() throws {
        let spec = try OptimiseFile.load(file)
        let dir = out ?? defaultOutDir(spec.name)
        if emitSlurm { return try emit(spec, absDir: URL(fileURLWithPath: dir).standardizedFileURL.path) }
        var words = ["careflow", "optimise", file] + (out.map { ["--out", $0] } ?? [])
        let w = workers ?? spec.workers ?? Runner.defaultWorkers
        if let shard {
            let s = try Shard.parse(shard)
            words += ["--shard", s.description]
            try runShard(spec, dir: dir, shard: s, workers: w, command: words.joined(separator: " "))
            return
        }
        if merge {
            words.append("--merge")
            try mergeShards(spec, dir: dir, command: words.joined(separator: " "))
            return
        }
        let command = words.joined(separator: " ")
        let store = try OptimiseStore(path: dir + "/optimise.sqlite", spec: spec, command: command)
        let result = try Optimiser.run(spec, store: store, workers: w, command: command) { line in sayError("optimise: " + line) }
        try answer(spec, result, dir: dir, command: command)
    }

    /// Writes optimise.json, report.html and chosen.yaml and prints the answer.
    func answer(_ spec: OptimiseSpec, _ result: OptimiseResult, dir: String, command: String) throws {
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
