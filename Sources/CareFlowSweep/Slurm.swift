import Foundation

/// Slurm job-array scripts for a sweep: one array task per shard, then a
/// merge job that runs when every task succeeded (afterok).
///
/// Every value written into a script goes through `ShellQuote.quote` (shell
/// lines) or is checked by `SlurmScripts.check` (#SBATCH lines and
/// comments, which Slurm reads line by line): no value can run a command
/// or add a line.
public enum SlurmScripts {
    public struct Options: Sendable {
        /// The careflow binary, the sweep file and the sweep folder, as the
        /// scripts name them: relative to the sweep folder (the jobs run
        /// there), or absolute under a --prefix.
        public var binary: String
        public var sweepFile: String
        public var outDir: String
        public var shards: Int
        public var cpusPerTask: Int
        public var time: String?
        public var mem: String?
        public var partition: String?
        /// How --time and --mem were chosen (written as a comment).
        public var sizing: String?
        public init(binary: String, sweepFile: String, outDir: String, shards: Int, cpusPerTask: Int, time: String? = nil,
                    mem: String? = nil, partition: String? = nil, sizing: String? = nil) {
            self.binary = binary
            self.sweepFile = sweepFile
            self.outDir = outDir
            self.shards = shards
            self.cpusPerTask = cpusPerTask
            self.time = time
            self.mem = mem
            self.partition = partition
            self.sizing = sizing
        }
    }

    /// Refuses control characters (a newline would start a new script line)
    /// and, for #SBATCH values, anything outside `allowed`.
    public static func check(_ option: String, _ value: String, allowed: String? = nil, expected: String) throws {
        if let bad = value.unicodeScalars.first(where: { $0.value < 0x20 || $0.value == 0x7f }) {
            throw SweepInputError("\(option): the value contains the control character U+\(String(format: "%04X", bad.value)); expected \(expected)")
        }
        if let allowed, value.isEmpty || !value.unicodeScalars.allSatisfy({ allowed.unicodeScalars.contains($0) || ("a"..."z").contains($0) || ("A"..."Z").contains($0) }) {
            throw SweepInputError("\(option) '\(value.prefix(60))': expected \(expected)")
        }
    }

    /// Slurm's time formats: minutes, MM:SS, HH:MM:SS, D-HH, D-HH:MM, D-HH:MM:SS.
    public static func checkTime(_ t: String) throws {
        let expected = "a Slurm time limit such as 90, 02:00:00 or 1-12:00:00"
        try check("--time", t, expected: expected)
        let ok = t.range(of: #"^([0-9]+|[0-9]+:[0-9]{1,2}|[0-9]+:[0-9]{1,2}:[0-9]{1,2}|[0-9]+-[0-9]{1,2}(:[0-9]{1,2}){0,2})$"#, options: .regularExpression) != nil
        if !ok { throw SweepInputError("--time '\(t.prefix(60))': expected \(expected)") }
    }

    /// A whole number with an optional K, M, G or T suffix.
    public static func checkMem(_ m: String) throws {
        let expected = "a Slurm memory size such as 2G or 1500M"
        try check("--mem", m, expected: expected)
        if m.range(of: #"^[0-9]+[KMGT]?$"#, options: .regularExpression) == nil { throw SweepInputError("--mem '\(m.prefix(60))': expected \(expected)") }
    }

    /// The parts of `o` that go on lines Slurm reads are checked; shell
    /// words are quoted.
    public static func scripts(name: String, _ o: Options) throws -> [(String, String)] {
        for (opt, v) in [("binary", o.binary), ("sweep file", o.sweepFile), ("--out", o.outDir), ("sizing", o.sizing ?? "")] {
            try check(opt, v, expected: "a path without control characters")
        }
        if let t = o.time { try checkTime(t) }
        if let m = o.mem { try checkMem(m) }
        if let p = o.partition { try check("--partition", p, allowed: "0123456789_-.,", expected: "partition names (letters, digits, _ - . and commas)") }
        let q = ShellQuote.quote
        let safe = String(name.map { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-" || $0 == "_") ? $0 : "_" }.prefix(60))
        // Relative paths are relative to the sweep folder; --output of
        // #SBATCH is relative to the job's working directory (the folder
        // submit.sh submits from).
        let relative = !o.outDir.hasPrefix("/")
        let logs = relative ? "logs" : (o.outDir as NSString).appendingPathComponent("logs")
        var extra = ""
        if let t = o.time { extra += "#SBATCH --time=\(t)\n" }
        if let m = o.mem { extra += "#SBATCH --mem=\(m)\n" }
        if let p = o.partition { extra += "#SBATCH --partition=\(p)\n" }
        if let s = o.sizing { extra += "# \(s)\n" }
        // #SBATCH values are not parsed by a shell; they must not hold spaces.
        let chdir = relative ? "" : (o.outDir.contains(" ") ? "" : "#SBATCH --chdir=\(o.outDir)\n")
        let guardLine = relative
            ? "[ -f sweep.slurm.sh ] || { echo \"run from the sweep folder (submit.sh does)\" >&2; exit 2; }\n"
            : "cd \(q(o.outDir))\n"
        let dirWord = relative ? "." : q(o.outDir)
        let array = """
            #!/bin/bash
            # Generated by `careflow sweep --emit-slurm`: one array task per shard.
            # Task i (SLURM_ARRAY_TASK_ID, 0-based) runs shard i+1 of \(o.shards) into
            # shard-<i+1>-of-\(o.shards).sqlite in the sweep folder. A task that fails or is
            # killed can be resubmitted: it resumes where it stopped.
            #SBATCH --job-name=cf-sweep-\(safe)
            #SBATCH --array=0-\(o.shards - 1)
            #SBATCH --ntasks=1
            #SBATCH --cpus-per-task=\(o.cpusPerTask)
            \(chdir)#SBATCH --output=\(logs.contains(" ") ? "slurm-%A_%a.out" : logs + "/shard-%A_%a.out")
            \(extra)set -euo pipefail
            \(guardLine)exec \(q(o.binary)) sweep \(q(o.sweepFile)) --shard slurm --out \(dirWord) --workers "${SLURM_CPUS_PER_TASK:-\(o.cpusPerTask)}"

            """
        let shardFiles = (1...o.shards).map { k -> String in
            let f = "shard-\(k)-of-\(o.shards).sqlite"
            return relative ? f : q((o.outDir as NSString).appendingPathComponent(f))
        }
        let mergeExtra = extra.split(separator: "\n").filter { !$0.hasPrefix("#SBATCH --mem") }.map { $0 + "\n" }.joined()
        let merge = """
            #!/bin/bash
            # Generated by `careflow sweep --emit-slurm`: merges the shards into
            # sweep.sqlite in the sweep folder (submit.sh runs it after the array, afterok).
            #SBATCH --job-name=cf-merge-\(safe)
            #SBATCH --ntasks=1
            #SBATCH --cpus-per-task=1
            \(chdir)#SBATCH --output=\(logs.contains(" ") ? "slurm-%j.out" : logs + "/merge-%j.out")
            \(mergeExtra)set -euo pipefail
            \(guardLine)exec \(q(o.binary)) merge \\
              \(shardFiles.joined(separator: " \\\n  ")) \\
              --out \(dirWord)

            """
        let here = relative ? "cd \"$(dirname \"$0\")\"\n" : "cd \(q(o.outDir))\n"
        let submit = """
            #!/bin/bash
            # Generated by `careflow sweep --emit-slurm`: submits the job array, then
            # the merge job to run when every array task has succeeded. Run it from
            # anywhere: it submits from the sweep folder, which the jobs run in.
            set -euo pipefail
            \(here)mkdir -p logs
            ARRAY_JOB_ID=$(sbatch --parsable sweep.slurm.sh)
            ARRAY_JOB_ID=${ARRAY_JOB_ID%%;*}
            MERGE_JOB_ID=$(sbatch --parsable --dependency=afterok:"$ARRAY_JOB_ID" merge.slurm.sh)
            MERGE_JOB_ID=${MERGE_JOB_ID%%;*}
            echo "$ARRAY_JOB_ID $MERGE_JOB_ID" >jobs.txt
            echo "submitted array job $ARRAY_JOB_ID (\(o.shards) tasks) and merge job $MERGE_JOB_ID (afterok:$ARRAY_JOB_ID)"
            echo "results: $PWD/sweep.sqlite when job $MERGE_JOB_ID has finished"

            """
        return [("sweep.slurm.sh", array), ("merge.slurm.sh", merge), ("submit.sh", submit)]
    }

    /// `path` relative to the folder `from` (both absolute).
    public static func relativePath(_ path: String, from: String) -> String {
        let a = from.split(separator: "/").map(String.init), b = path.split(separator: "/").map(String.init)
        var n = 0
        while n < a.count && n < b.count && a[n] == b[n] { n += 1 }
        let parts = Array(repeating: "..", count: a.count - n) + b[n...]
        return parts.isEmpty ? "." : parts.joined(separator: "/")
    }

    /// --time and --mem from a pilot: `secondsPerTask` (wall, one worker),
    /// `peakBytes` (the pilot process's peak resident memory).
    /// Time: the tasks of the largest shard spread over the CPUs, times 3,
    /// plus 10 minutes (start-up, a slow node), whole minutes. Memory: the
    /// pilot's peak plus 64 MB per extra worker, times 1.5, at least 512 MB.
    public static func sizing(secondsPerTask: Double, peakBytes: Int, tasks: Int, shards: Int, cpus: Int) -> (time: String, mem: String) {
        let perShard = (tasks + shards - 1) / max(1, shards)
        let waves = Double((perShard + cpus - 1) / max(1, cpus))
        let seconds = waves * max(secondsPerTask, 0.001) * 3 + 600
        let minutes = Int(min(seconds / 60, 365 * 1440).rounded(.up))
        let d = minutes / 1440, h = (minutes % 1440) / 60, m = minutes % 60
        let time = d > 0 ? String(format: "%d-%02d:%02d:00", d, h, m) : String(format: "%02d:%02d:00", h, m)
        let mb = (Double(peakBytes) / 1_048_576 + 64 * Double(max(0, cpus - 1))) * 1.5
        let mem = max(512, Int((mb / 64).rounded(.up)) * 64)
        return (time, "\(mem)M")
    }
}

/// Quoting for POSIX shells: the one function every generated script uses.
public enum ShellQuote {
    /// `s` as one shell word: as is when it holds only characters no shell
    /// treats specially, else in single quotes (a quote inside as '\'').
    public static func quote(_ s: String) -> String {
        if !s.isEmpty, s.unicodeScalars.allSatisfy({ $0.isASCII && (("a"..."z").contains($0) || ("A"..."Z").contains($0) || ("0"..."9").contains($0) || "/._-+=:,@%".unicodeScalars.contains($0)) }) {
            return s
        }
        return "'" + s.replacingOccurrences(of: "'", with: "'\\''") + "'"
    }
}
