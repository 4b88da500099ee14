import Foundation
import Testing
@testable import CareFlowSweep

/// Generated Slurm scripts (issue 11, class 12; issue 20, item 4): one
/// quoting function, no control characters in #SBATCH values, paths relative
/// to the sweep folder, and a dry run of submit.sh against a stub sbatch.
@Suite struct SlurmTests {
    static let hostile = [
        "$(touch PWNED)", "`touch PWNED`", "'; touch PWNED; '", "a\"b$(touch PWNED)\"", "x'y", "a b", "*", "~", "-rf",
        "", "$HOME", "!!", "\\", "a\nb", "tab\there", "semi;colon", "amp&&touch PWNED", "|touch PWNED", ">PWNED", "ä ö",
    ]

    /// bash reads every quoted word back as the original string and runs nothing.
    @Test func quotedWordsReadBackUnchangedAndRunNothing() throws {
        let dir = Fix.tempDir("quote")
        let script = "printf '%s\\0' " + Self.hostile.map(ShellQuote.quote).joined(separator: " ") + "\n"
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/bin/bash")
        p.arguments = ["-c", script]
        p.currentDirectoryURL = URL(fileURLWithPath: dir)
        let out = Pipe()
        p.standardOutput = out
        try p.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        #expect(p.terminationStatus == 0)
        var words = String(decoding: data, as: UTF8.self).components(separatedBy: "\0")
        words.removeLast()
        #expect(words == Self.hostile)
        #expect(!FileManager.default.fileExists(atPath: dir + "/PWNED"))
    }

    @Test func controlCharactersAndBadValuesAreRefused() {
        let base = SlurmScripts.Options(binary: "careflow", sweepFile: "s.yaml", outDir: ".", shards: 2, cpusPerTask: 1)
        for t in ["00:10:00\nrm -rf ~", "1h", "$(touch PWNED)", "10 ", ""] {
            var o = base
            o.time = t
            #expect(throws: SweepInputError.self) { try SlurmScripts.scripts(name: "s", o) }
        }
        for m in ["1G\n#SBATCH --x", "lots", "1.5G"] {
            var o = base
            o.mem = m
            #expect(throws: SweepInputError.self) { try SlurmScripts.scripts(name: "s", o) }
        }
        var o = base
        o.partition = "gpu;touch PWNED"
        #expect(throws: SweepInputError.self) { try SlurmScripts.scripts(name: "s", o) }
        o = base
        o.outDir = "/w/out\n#SBATCH --wrap=x"
        #expect(throws: SweepInputError.self) { try SlurmScripts.scripts(name: "s", o) }
        for t in ["90", "02:00:00", "1-12:00:00", "1-12", "30:00"] {
            o = base
            o.time = t
            #expect((try? SlurmScripts.scripts(name: "s", o)) != nil, "\(t)")
        }
    }

    @Test func scriptsUseRelativePathsAndAfterok() throws {
        let files = try SlurmScripts.scripts(name: "s", .init(binary: "../../.build/release/careflow", sweepFile: "../../s.yaml", outDir: ".",
                                                              shards: 4, cpusPerTask: 2, time: "01:30:00", mem: "768M"))
        let byName = Dictionary(uniqueKeysWithValues: files)
        let array = try #require(byName["sweep.slurm.sh"]), merge = try #require(byName["merge.slurm.sh"]), submit = try #require(byName["submit.sh"])
        #expect(array.contains("#SBATCH --array=0-3\n"))
        #expect(!array.contains("--chdir"))
        #expect(array.contains("#SBATCH --output=logs/shard-%A_%a.out\n"))
        #expect(array.contains("#SBATCH --cpus-per-task=2\n"))
        #expect(array.contains("#SBATCH --time=01:30:00\n#SBATCH --mem=768M\n"))
        #expect(array.contains("exec ../../.build/release/careflow sweep ../../s.yaml --shard slurm --out . "))
        #expect(merge.contains("shard-4-of-4.sqlite"))
        #expect(!merge.contains("--mem"))
        #expect(submit.contains("cd \"$(dirname \"$0\")\""))
        #expect(submit.contains("sbatch --parsable sweep.slurm.sh"))
        #expect(submit.contains("--dependency=afterok:\"$ARRAY_JOB_ID\" merge.slurm.sh"))
        #expect(SlurmScripts.relativePath("/a/b/c/careflow", from: "/a/x/y") == "../../b/c/careflow")
        #expect(SlurmScripts.relativePath("/a/x", from: "/a/x") == ".")
    }

    @Test func pilotSizingScalesWithTasksAndCPUs() {
        // 100 tasks of 2 s in 4 shards of 2 CPUs: 25 tasks a shard, 13 waves,
        // 13 * 2 s * 3 + 600 s = 678 s -> 12 minutes.
        let a = SlurmScripts.sizing(secondsPerTask: 2, peakBytes: 100 << 20, tasks: 100, shards: 4, cpus: 2)
        #expect(a.time == "00:12:00")
        // (100 MB + 64 MB) * 1.5 = 246 MB, at least 512 MB.
        #expect(a.mem == "512M")
        let b = SlurmScripts.sizing(secondsPerTask: 60, peakBytes: 2000 << 20, tasks: 10_000, shards: 2, cpus: 1)
        // 5000 * 60 * 3 + 600 s = 900,600 s = 15,010 min = 10 days 10:10.
        #expect(b.time == "10-10:10:00")
        // 2000 MB * 1.5 = 3000 MB -> 3008 MB (64 MB steps).
        #expect(b.mem == "3008M")
    }

    /// submit.sh against a stub sbatch that checks each script (bash -n, one
    /// word per #SBATCH line) and runs it as Slurm would (array tasks one by
    /// one in the submission directory), from another working directory, with
    /// an output folder named to inject a command.
    @Test func submitRunsAgainstAStubSbatchWithAHostileFolderName() throws {
        guard Fix.careflow != nil else { return }
        let dir = Fix.tempDir("stub-sbatch")
        let sweep = Fix.write(Fix.sweep(beds: [195, 215], physicians: [4], replications: 1, horizon: "2d"), to: dir + "/in/s.yaml")
        let out = dir + "/out $(touch PWNED) 'q'"
        let bin = dir + "/bin"
        let log = dir + "/sbatch.log"
        Fix.write("""
            #!/bin/bash
            set -euo pipefail
            dep=""; script=""
            for a in "$@"; do
              case $a in --parsable) ;; --dependency=*) dep=${a#--dependency=} ;; -*) echo "stub sbatch: unexpected $a" >&2; exit 1 ;; *) script=$a ;; esac
            done
            [ -f "$script" ] || { echo "stub sbatch: no $script in $PWD" >&2; exit 1; }
            bash -n "$script"
            while read -r tag opt rest; do
              [ -z "$rest" ] || { echo "stub sbatch: more than one word in '$tag $opt $rest'" >&2; exit 1; }
            done < <(grep '^#SBATCH' "$script")
            echo "submit dir=$PWD dep=$dep script=$script" >>"$STUB_LOG"
            last=$(sed -n 's/^#SBATCH --array=0-\\([0-9]*\\)$/\\1/p' "$script")
            if [ -n "$last" ]; then
              for i in $(seq 0 "$last"); do
                SLURM_ARRAY_TASK_ID=$i SLURM_ARRAY_TASK_MIN=0 SLURM_ARRAY_TASK_COUNT=$((last + 1)) SLURM_CPUS_PER_TASK=1 bash "$script" >>"$STUB_LOG" 2>&1
              done
              echo "1001;cluster"
            else
              [ "$dep" = "afterok:1001" ] || { echo "stub sbatch: merge without afterok on the array" >&2; exit 1; }
              bash "$script" >>"$STUB_LOG" 2>&1
              echo 1002
            fi
            """, to: bin + "/sbatch")
        chmod(bin + "/sbatch", 0o755)
        let (status, err) = try Fix.run(["sweep", sweep, "--emit-slurm", "--shards", "2", "--time", "00:10:00", "--out", out])
        #expect(status == 0, "\(err)")
        let array = try String(contentsOfFile: out + "/sweep.slurm.sh", encoding: .utf8)
        #expect(array.contains("#SBATCH --time=00:10:00\n"))
        #expect(array.range(of: #"#SBATCH --mem=[0-9]+M\n"#, options: .regularExpression) != nil, "--mem from the pilot")
        #expect(!array.contains(dir), "no absolute paths")

        let elsewhere = Fix.tempDir("stub-sbatch-cwd")
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/bin/bash")
        p.arguments = [out + "/submit.sh"]
        p.currentDirectoryURL = URL(fileURLWithPath: elsewhere)
        var env = ProcessInfo.processInfo.environment
        env["PATH"] = bin + ":" + (env["PATH"] ?? "/usr/bin:/bin")
        env["STUB_LOG"] = log
        env["CI"] = "1"
        p.environment = env
        p.standardOutput = FileHandle(forWritingAtPath: "/dev/null")
        try p.run()
        p.waitUntilExit()
        let logText = (try? String(contentsOfFile: log, encoding: .utf8)) ?? ""
        #expect(p.terminationStatus == 0, "\(logText)")
        #expect(try String(contentsOfFile: out + "/jobs.txt", encoding: .utf8) == "1001 1002\n")
        #expect(try SweepDatabase.rows(out + "/sweep.sqlite", sql: "SELECT COUNT(*) FROM tasks_done") == ["2"])
        for d in [dir, elsewhere, out, dir + "/in", FileManager.default.currentDirectoryPath] {
            #expect(!FileManager.default.fileExists(atPath: d + "/PWNED"), "\(d)")
        }
    }
}
