import ArgumentParser
import CareFlow
import Foundation

extension SweepCommand {
    /// --emit-slurm: the job scripts, with paths relative to the sweep folder
    /// (or absolute under --prefix) and --time/--mem from a pilot run.
    func emit(_ spec: SweepSpec, absDir: String) throws {
        let cpus = cpusPerTask ?? workers ?? spec.workers ?? 1
        if let t = time { try SlurmScripts.checkTime(t) }
        if let m = mem { try SlurmScripts.checkMem(m) }
        if let p = prefix { try SlurmScripts.check("--prefix", p, expected: "an absolute path without control characters") }
        let paths = try slurmPaths(file: spec.file, what: "the sweep file", absDir: absDir, prefix: prefix)
        var t = time, m = mem, sizing: String?
        if t == nil || m == nil {
            let pilot = try pilotRun(spec)
            let s = SlurmScripts.sizing(secondsPerTask: pilot.secondsPerTask, peakBytes: pilot.peakBytes, tasks: spec.taskCount, shards: shards, cpus: cpus)
            t = t ?? s.time
            m = m ?? s.mem
            sizing = String(format: "--time and --mem from a pilot of %d tasks on %@: %.3f s a task, peak memory %.0f MB (given values are kept)",
                            pilot.tasks, ProcessInfo.processInfo.hostName, pilot.secondsPerTask, Double(pilot.peakBytes) / 1_048_576)
            say(sizing ?? "")
        }
        let o = SlurmScripts.Options(binary: paths.binary, sweepFile: paths.file, outDir: paths.out, shards: shards, cpusPerTask: cpus,
                                     time: t, mem: m, partition: partition, sizing: sizing)
        let files = try SlurmScripts.scripts(name: spec.name, o)
        try FileManager.default.createDirectory(atPath: (absDir as NSString).appendingPathComponent("logs"), withIntermediateDirectories: true)
        try Outputs.replace(files, in: absDir)
        for (name, _) in files { chmod((absDir as NSString).appendingPathComponent(name), 0o755) }
        say("\(TerminalText.safe(spec.name)): \(spec.points.count) points x \(spec.replications) replications = \(spec.taskCount) tasks in \(shards) shards of about \((spec.taskCount + shards - 1) / shards) tasks, \(cpus) CPU\(cpus == 1 ? "" : "s") each, --time=\(t ?? "") --mem=\(m ?? "")")
        say("wrote \(absDir)/sweep.slurm.sh, merge.slurm.sh, submit.sh")
        say("submit with: \(absDir)/submit.sh")
    }

    /// Runs the first replication of up to 3 points (first, middle, last),
    /// one worker, writing nothing.
    func pilotRun(_ spec: SweepSpec) throws -> (tasks: Int, secondsPerTask: Double, peakBytes: Int) {
        let n = spec.points.count
        let chosen = Array(Set([0, n / 2, n - 1])).sorted().map { $0 * spec.replications }
        let t0 = Date()
        try SweepExecutor.run(spec, pending: chosen, workers: 1, sink: nil)
        let secs = Date().timeIntervalSince(t0) / Double(chosen.count)
        return (chosen.count, secs, peakResidentBytes())
    }

    /// --reproduce DB --out DIR [--point N ...]
    func reproduceSweep(_ db: String) throws {
        let dir = out ?? "."
        let nWorkers = workers ?? Runner.defaultWorkers
        let r = try SweepReproduce.run(db, out: dir, points: point.isEmpty ? nil : point, workers: nWorkers, command: commandLine())
        say("re-created the inputs of \(db): \(r.sweepFile)")
        for n in r.notes { say("note: \(n)") }
        let which = r.points.count <= 8 ? "point\(r.points.count == 1 ? "" : "s") " + r.points.map(String.init).joined(separator: ", ") : "\(r.points.count) points"
        if r.missing > 0 { say("note: \(r.missing) of the rerun tasks are not in \(db) yet (an unfinished sweep): nothing to compare them with") }
        say("reran \(which) into \(r.database)")
        if r.differences.isEmpty {
            say("all \(r.values) values are bit-identical to \(db)")
        } else {
            for (p, rep, k, a, b) in r.differences.prefix(10) {
                say("differs: point \(p), replication \(rep), \(k): database \(a.map { "\($0)" } ?? "NULL"), rerun \(b.map { "\($0)" } ?? "NULL")")
            }
            say("\(r.differences.count) of \(r.values) values differ from \(db)")
            throw ExitCode(1)
        }
    }
}

/// This process's peak resident memory (for --emit-slurm's --mem from a pilot).
func peakResidentBytes() -> Int {
    var u = rusage()
    #if os(Linux)
    getrusage(__rusage_who_t(RUSAGE_SELF.rawValue), &u)
    return Int(u.ru_maxrss) * 1024   // KB on Linux
    #else
    getrusage(RUSAGE_SELF, &u)
    return Int(u.ru_maxrss)          // bytes on macOS
    #endif
}

/// The careflow binary, the input file and the output folder as --emit-slurm
/// scripts name them: relative to the output folder (the jobs run there), or
/// absolute under --prefix (the current directory's place on the cluster).
func slurmPaths(file: String, what: String, absDir: String, prefix: String?) throws -> (binary: String, file: String, out: String) {
    let binary = executablePath()
    guard let prefix else {
        return (SlurmScripts.relativePath(binary, from: absDir), SlurmScripts.relativePath(URL(fileURLWithPath: file).standardizedFileURL.path, from: absDir), ".")
    }
    guard prefix.hasPrefix("/") else { throw SweepInputError("--prefix '\(prefix.prefix(60))': expected an absolute path (where the current directory is on the cluster)") }
    let cwd = URL(fileURLWithPath: FileManager.default.currentDirectoryPath).standardizedFileURL.path
    func mapped(_ p: String, _ what: String) throws -> String {
        let r = SlurmScripts.relativePath(URL(fileURLWithPath: p).standardizedFileURL.path, from: cwd)
        if r.hasPrefix("..") { throw SweepInputError("--prefix: \(what) \(p) is not below the current directory \(cwd), so it has no place under \(prefix)") }
        return r == "." ? prefix : (prefix as NSString).appendingPathComponent(r)
    }
    return (try mapped(binary, "the careflow binary"), try mapped(file, what), try mapped(absDir, "the output folder"))
}
