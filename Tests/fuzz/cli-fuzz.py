#!/usr/bin/env python3
"""Hostile-input fuzz of the careflow command line (issue 11).

Mutates the shipped scenario and sweep files into extremes (1e308, 5e-324,
.nan, .inf, huge counts, 100,000-character strings, control characters and
escape sequences), YAML alias bombs and deep nesting, and truncation at
random bytes; validates each with a time and memory limit and runs what
validates (one replication, a one-day horizon set through `extends` +
`overrides`, so runaway models end). Checks: no signal (crash), no hang, exit
status 0 or 2 only, every validation error line located (FILE:LINE:COL),
no raw control character on the terminal, nothing written outside --out.

Runs that hit the time limit are hangs (failures); with
CAREFLOW_FUZZ_STRICT_RUNS=0 they are only counted and named in a NOTE line.

usage: cli-fuzz.py CAREFLOW [CASES] [SEED]     (CASES default 250; 250 cases take about 20 s of CPU)
"""
import os, random, re, resource, shutil, subprocess, sys, tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
CAREFLOW = os.path.abspath(sys.argv[1])
CASES = int(sys.argv[2]) if len(sys.argv) > 2 else 250
SEED = int(sys.argv[3]) if len(sys.argv) > 3 else 11
TIME_LIMIT = 20          # seconds of wall time per command (a hang is longer)
MEMORY_LIMIT = 2 << 30   # bytes of address space per command
STRICT_RUNS = os.environ.get("CAREFLOW_FUZZ_STRICT_RUNS", "1") == "1"

EXTREMES = ["1e308", "-1e308", "5e-324", ".nan", ".inf", "-.inf", "nan", "inf", "9223372036854775807",
            "9223372036854775808", "-9223372036854775808", "2147483648", "4294967296", "1e-300", "0", "-1",
            "99999999999999999999999", "1e15", "1e9"]
STRINGS = ["x" * 100_000, "\"\\e[2J\\e]0;pwned\\aCLEARED\"", "\"a\\nf.yaml:1:1: error: forged\"", "\"\\u202Eevil\"",
           "\"../../escaped\"", "\"/tmp/abs\"", "\"\\0\"", "\"..\"", "\".\""]
LOCATED = re.compile(r"^[^\n]*:\d+:\d+: error: ")

def bomb():
    s = 'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]\n'
    for p, q in zip("abcdefgh", "bcdefghi"):
        s += f"{q}: &{q} [" + ",".join([f"*{p}"] * 9) + "]\n"
    return s

def mutate(text, rng):
    kind = rng.randrange(10)
    lines = text.split("\n")
    if kind <= 3:   # a number becomes an extreme (1-3 times)
        for _ in range(rng.choice([1, 1, 2, 3])):
            spots = [(i, m) for i, l in enumerate(lines) if not l.lstrip().startswith("#") for m in re.finditer(r"\d+(\.\d+)?", l)]
            if not spots: break
            i, m = rng.choice(spots)
            lines[i] = lines[i][:m.start()] + rng.choice(EXTREMES) + lines[i][m.end():]
        return "\n".join(lines), "extreme number"
    if kind <= 5:   # a value becomes a hostile string
        spots = [i for i, l in enumerate(lines) if re.match(r"^\s*[\w.\[\]-]+: \S", l) and not l.lstrip().startswith("#")]
        if spots:
            i = rng.choice(spots)
            k = lines[i].index(": ")
            lines[i] = lines[i][:k + 2] + rng.choice(STRINGS + EXTREMES)
        return "\n".join(lines), "hostile value"
    if kind == 6:   # an alias bomb, as a key of its own or before the file
        b = bomb()
        return (b + text if rng.random() < 0.5 else text + "\nzz: " + b.replace("\n", "\n  ")), "alias bomb"
    if kind == 7:   # deep nesting in a value
        n = rng.choice([200, 1200, 20000])
        return text + "\ndeep: " + "[" * n + "]" * n + "\n", f"nesting {n}"
    if kind == 8:   # truncation at a random byte
        b = text.encode()
        return b[:rng.randrange(len(b) + 1)].decode("utf-8", "ignore"), "truncated"
    # duplicated lines (a list or mapping grows), then a number changed
    i = rng.randrange(len(lines))
    lines[i:i] = [lines[i]] * rng.choice([2, 50])
    return "\n".join(lines), "duplicated lines"

def limits():
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_LIMIT, MEMORY_LIMIT))
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))

def careflow(args, cwd):
    env = dict(os.environ, CI="1")
    try:
        p = subprocess.run([CAREFLOW] + args, cwd=cwd, capture_output=True, timeout=TIME_LIMIT, preexec_fn=limits, env=env)
        return p.returncode, p.stdout.decode("utf-8", "replace"), p.stderr.decode("utf-8", "replace")
    except subprocess.TimeoutExpired:
        return "timeout", "", ""

def main():
    rng = random.Random(SEED)
    scen = sorted(os.path.join(ROOT, "Scenarios", f) for f in os.listdir(os.path.join(ROOT, "Scenarios")) if f.endswith(".yaml"))
    sweep = os.path.join(ROOT, "Scenarios", "sweeps", "small.yaml")
    # A second sweep seed with a range factor and a Latin hypercube (the
    # shipped small sweep has values factors and a grid only).
    lhs = ("sweep: fuzz-lhs\nbase: ../baseline.yaml\noverrides:\n  run.horizon: 1d\n  run.warmup: 0d\nfactors:\n"
           "  units.ward_bed.capacity: {range: {from: 195, to: 215, step: 10}}\n"
           "  arrivals.ed_walk_in.per_day: {range: {from: 110, to: 130, step: 10}}\n"
           "  units.physician.schedule.changes[0].capacity: {values: [4, 5]}\n"
           "design: {type: latin_hypercube, points: 3, seed: 7}\nreplications: 1\nseed: 5\n")
    stats = {"cases": 0, "rejected (exit 2)": 0, "valid and ran": 0, "run refused (exit 2)": 0, "run hit the time limit": 0}
    kinds = {}
    failures = []
    notes = []
    work = tempfile.mkdtemp(prefix="careflow-cli-fuzz-")
    try:
        for case in range(CASES):
            is_sweep = case % 5 == 4
            seed_file = (sweep if case % 10 == 4 else "fuzz-lhs.yaml") if is_sweep else rng.choice(scen)
            text = lhs if seed_file == "fuzz-lhs.yaml" else open(seed_file).read()
            if is_sweep:
                text = text.replace("../baseline.yaml", os.path.join(ROOT, "Scenarios", "baseline.yaml"))
                text = re.sub(r"run\.horizon: \S+", "run.horizon: 1d", text).replace("replications: 3", "replications: 1")
            else:
                # Bases of what-if files resolve next to the case.
                text = re.sub(r"^extends: (\S+)", lambda m: "extends: " + os.path.join(ROOT, "Scenarios", m.group(1)), text, flags=re.M)
            text, kind = mutate(text, rng)
            kinds[kind] = kinds.get(kind, 0) + 1
            d = os.path.join(work, f"c{case}")
            out = os.path.join(d, "out", "inner")
            os.makedirs(out)
            f = os.path.join(d, "case.yaml")
            with open(f, "w") as h: h.write(text)
            stats["cases"] += 1
            where = f"case {case} ({os.path.basename(seed_file)}, {kind}; seed {SEED})"

            def check(stage, rc, so, se):
                if rc == "timeout":
                    return "timeout"
                if rc < 0:
                    failures.append(f"{where}: {stage}: killed by signal {-rc}: {se[-300:]}")
                elif rc not in (0, 2):
                    failures.append(f"{where}: {stage}: exit {rc}: {se[-300:]}")
                if "\x1b" in so or "\x1b" in se:
                    failures.append(f"{where}: {stage}: a raw ESC reached the terminal")
                return rc

            if is_sweep:
                rc = check("sweep", *careflow(["sweep", f, "--out", out, "--workers", "1"], d))
                if rc == 0: stats["valid and ran"] += 1
            else:
                rc, so, se = careflow(["validate", f], d)
                rc = check("validate", rc, so, se)
                if rc == 2:
                    bad = [l for l in se.splitlines() if l and not LOCATED.match(l) and not l.startswith("... and ")]
                    if bad: failures.append(f"{where}: validate: unlocated error line: {bad[0][:200]}")
                if rc == 0:
                    # Run it: one replication, one day (the horizon through extends + overrides).
                    w = os.path.join(d, "short.yaml")
                    with open(w, "w") as h: h.write("extends: case.yaml\noverrides:\n  run.horizon: 1d\n  run.warmup: 0d\n")
                    rc = check("run", *careflow(["run", w, "--replications", "1", "--workers", "1", "--out", out], d))
                    if rc == 0: stats["valid and ran"] += 1
                    elif rc == 2: stats["run refused (exit 2)"] += 1
                    elif rc == "timeout":
                        stats["run hit the time limit"] += 1
                        notes.append(f"{where}: run hit the {TIME_LIMIT} s limit (a runaway or no-progress model)")
                        # With the runtime guards (runaway patients, no
                        # progress) every run ends by itself: then a run
                        # that hits the limit is a hang.
                        if STRICT_RUNS: failures.append(f"{where}: run: no answer within {TIME_LIMIT} s (hang)")
                    rc = 0
            if rc == 2: stats["rejected (exit 2)"] += 1
            if rc == "timeout":
                failures.append(f"{where}: {'sweep' if is_sweep else 'validate'}: no answer within {TIME_LIMIT} s (hang)")
            # Nothing outside --out: the case folder holds only what we put there.
            extra = sorted(set(os.listdir(d)) - {"case.yaml", "short.yaml", "out"}) + sorted(set(os.listdir(os.path.join(d, "out"))) - {"inner"})
            if extra: failures.append(f"{where}: wrote outside --out: {extra}")
            shutil.rmtree(d, ignore_errors=True)
        # A scenario whose name is a path: compare must keep it inside --out.
        d = os.path.join(work, "names"); os.makedirs(os.path.join(d, "out", "inner"))
        base = open(os.path.join(ROOT, "Scenarios", "bench-b1.yaml")).read().replace("limit: 1000000", "limit: 50")
        with open(os.path.join(d, "a.yaml"), "w") as h: h.write(base)
        with open(os.path.join(d, "b.yaml"), "w") as h: h.write(base.replace("name: bench-b1", 'name: "../../escaped"'))
        rc, so, se = careflow(["compare", "a.yaml", "b.yaml", "--replications", "1", "--out", "out/inner"], d)
        if rc != 0: failures.append(f"compare with a path-like name: exit {rc}: {se[-300:]}")
        if sorted(os.listdir(d)) != ["a.yaml", "b.yaml", "out"] or os.listdir(os.path.join(d, "out")) != ["inner"] or os.path.exists(os.path.join(work, "escaped")):
            failures.append("compare with a path-like name wrote outside --out")
    finally:
        shutil.rmtree(work, ignore_errors=True)
    print("cli fuzz: " + ", ".join(f"{k} {v}" for k, v in stats.items()))
    print("mutations: " + ", ".join(f"{k} {v}" for k, v in sorted(kinds.items())))
    for n in notes: print("NOTE " + n)
    for f in failures: print("FAIL " + f)
    print(f"{len(failures)} problems")
    sys.exit(1 if failures else 0)

main()
