import ArgumentParser
import CareFlow
import CareFlowOptimise
import Foundation

extension OptimiseCommand {
    /// --shard K/N: one shard of the first round with tasks missing.
    func runShard(_ spec: OptimiseSpec, dir: String, shard: Shard, workers: Int, command: String) throws {
        let r = try OptimiseShards.runShard(spec, dir: dir, shard: shard, workers: workers, command: command)
        let merge = "careflow optimise \(file) --out \(dir) --merge"
        guard let round = r.round else {
            say("every round's tasks are in \(TerminalText.safe(OptimiseShards.mergedPath(dir))): nothing to run for shard \(shard); \(TerminalText.safe(merge)) writes the answer")
            return
        }
        if let old = r.replaced { say("note: \(TerminalText.safe(r.path)) held shard \(old.k)/\(old.n) of round \(old.round) (merged since, or made from another state of optimise.sqlite): started afresh") }
        say("round \(round): \(r.roundTasks) task\(r.roundTasks == 1 ? "" : "s") to run in \(shard.n) shard\(shard.n == 1 ? "" : "s"); shard \(shard) ran \(r.ran) of its \(r.assigned) (\(r.assigned - r.ran) were in its file), \(workers) worker\(workers == 1 ? "" : "s")")
        say("wrote \(TerminalText.safe(r.path)); no answer yet: round \(round) needs a merge when \(shard.n == 1 ? "the shard has" : "its \(shard.n) shards have") finished: \(TerminalText.safe(merge))")
    }

    /// --merge: fold the round's shards; the answer when no round is left.
    func mergeShards(_ spec: OptimiseSpec, dir: String, command: String) throws {
        let m = try OptimiseShards.merge(spec, dir: dir, command: command)
        for p in m.stale { say("removed \(TerminalText.safe(p)) (a shard of an earlier round, merged before)") }
        if let r = m.round { say("merged round \(r): \(m.shards) shard\(m.shards == 1 ? "" : "s"), \(m.tasks) tasks into \(TerminalText.safe(OptimiseShards.mergedPath(dir)))") }
        switch m.next {
        case .finished(let result):
            try answer(spec, result, dir: dir, command: command)
        case .pending(let round, let missing):
            say("round \(round) next: \(missing.count) task\(missing.count == 1 ? "" : "s") to run: its shards (careflow optimise \(TerminalText.safe(file)) --out \(TerminalText.safe(dir)) --shard K/N), then --merge again; or finish on this machine: careflow optimise \(TerminalText.safe(file)) --out \(TerminalText.safe(dir))")
        }
    }

    /// --emit-slurm: the round's job array, the merge job and drive.sh, with
    /// paths relative to the output folder (or absolute under --prefix) and
    /// --time/--mem from a pilot run sized for the largest round (the first).
    func emit(_ spec: OptimiseSpec, absDir: String) throws {
        let cpus = cpusPerTask ?? workers ?? spec.workers ?? 1
        if let t = time { try SlurmScripts.checkTime(t) }
        if let m = mem { try SlurmScripts.checkMem(m) }
        if let p = prefix { try SlurmScripts.check("--prefix", p, expected: "an absolute path without control characters") }
        let paths = try slurmPaths(file: spec.file, what: "the optimise file", absDir: absDir, prefix: prefix)
        let roundTasks = OptimiseSlurm.firstRoundTasks(spec)
        var t = time, m = mem, sizing: String?
        if t == nil || m == nil {
            let t0 = Date()
            let n = try OptimiseSlurm.pilot(spec)
            let secs = Date().timeIntervalSince(t0) / Double(max(1, n))
            let peak = peakResidentBytes()
            let s = SlurmScripts.sizing(secondsPerTask: secs, peakBytes: peak, tasks: roundTasks, shards: shards, cpus: cpus)
            t = t ?? s.time
            m = m ?? s.mem
            sizing = String(format: "--time and --mem from a pilot of %d tasks on %@: %.3f s a task, peak memory %.0f MB, for the largest round (%d tasks; given values are kept)",
                            n, ProcessInfo.processInfo.hostName, secs, Double(peak) / 1_048_576, roundTasks)
            say(sizing ?? "")
        }
        let o = SlurmScripts.Options(binary: paths.binary, sweepFile: paths.file, outDir: paths.out, shards: shards, cpusPerTask: cpus,
                                     time: t, mem: m, partition: partition, sizing: sizing)
        let rounds = OptimiseSlurm.maxRounds(spec)
        let files = try OptimiseSlurm.scripts(name: spec.name, o, maxRounds: rounds)
        try FileManager.default.createDirectory(atPath: (absDir as NSString).appendingPathComponent("logs"), withIntermediateDirectories: true)
        try Outputs.replace(files, in: absDir)
        for (name, _) in files { chmod((absDir as NSString).appendingPathComponent(name), 0o755) }
        say("\(TerminalText.safe(spec.name)): \(spec.configurations.count) configurations; each round's tasks (at most \(roundTasks)) in \(shards) shards, \(cpus) CPU\(cpus == 1 ? "" : "s") each, --time=\(t ?? "") --mem=\(m ?? ""); at most \(rounds) rounds")
        say("wrote \(TerminalText.safe(absDir))/optimise.slurm.sh, merge.slurm.sh, drive.sh")
        say("run (and keep running, e.g. in tmux or with nohup): \(TerminalText.safe(absDir))/drive.sh")
    }
}
