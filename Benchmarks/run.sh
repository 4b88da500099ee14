#!/usr/bin/env bash
# CareFlow benchmark driver: runs the reference models B1, B2, B3
# (shared/bench/MODELS.md) in CareFlow, a hand-written C reference and the
# Python libraries SimPy, Ciw and salabim, and writes Benchmarks/RESULTS.md
# (and, from it, README.md's benchmark table: Benchmarks/readme-table.py).
#
#   Benchmarks/run.sh [--rounds N] [--cap SECONDS] [--out FILE]
#                     [--skip-careflow] [--quick]
#
#   --rounds N        alternating rounds (default 3): round r runs every model
#                     in every library, with seed r, before round r+1 starts
#   --cap SECONDS     wall-time cap of one run (default 300; 120 in --quick).
#                     A B1/B3 Python run that hits it reports the patients it
#                     completed so far (`truncated: true`) and is listed as
#                     "timeout (partial)"
#   --out FILE        where to write the report (default Benchmarks/RESULTS.md;
#                     in --quick a temp file unless given)
#   --skip-careflow   do not build or run CareFlow (ratios are then left out)
#   --quick           smoke mode for CI: tiny patient counts, 1 round, every
#                     script and the C reference exercised; exits non-zero if
#                     any run fails, times out or prints malformed output (no
#                     statistical checks)
#   exit status: 0 ok; 1 a run failed / timed out in --quick / malformed output;
#                3 (full mode) the statistical agreement check failed
#   environment: CAREFLOW_BIN=path  use this careflow-bench instead of building
#                PYTHON=python3     interpreter that creates Benchmarks/.venv
#
# Patients per second = patients completed / whole-process wall seconds
# (nanosecond clock around the process); peak memory = max RSS from
# /usr/bin/time -v.  Needs root (or the packages already installed) for
# apt-get, and PyPI for the venv.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
BENCH=$ROOT/Benchmarks
VENV=$BENCH/.venv
PINS="simpy==4.1.2 ciw==3.2.7 salabim==26.0.9"
PY=${PYTHON:-python3}

ROUNDS=3
CAP=
OUT=
QUICK=0
SKIP_CAREFLOW=0
CMDLINE="Benchmarks/run.sh${*:+ $*}"

usage() { sed -n '2,/^set -euo/p' "${BASH_SOURCE[0]}" | sed '$d; s/^# \{0,1\}//'; }
while [ $# -gt 0 ]; do
    case $1 in
        --rounds) ROUNDS=${2:?}; shift 2 ;;
        --cap) CAP=${2:?}; shift 2 ;;
        --out) OUT=${2:?}; shift 2 ;;
        --quick) QUICK=1; shift ;;
        --skip-careflow) SKIP_CAREFLOW=1; shift ;;
        -h|--help) usage; exit 0 ;;
        *) echo "run.sh: unknown option $1" >&2; usage >&2; exit 2 ;;
    esac
done
[[ $ROUNDS =~ ^[1-9][0-9]*$ ]] || { echo "run.sh: --rounds must be a positive integer" >&2; exit 2; }
if [ $QUICK = 1 ]; then
    ROUNDS=1
    CAP=${CAP:-120}
    OUT=${OUT:-$(mktemp /tmp/careflow-bench-quick.XXXXXX.md)}
else
    CAP=${CAP:-300}
    OUT=${OUT:-$BENCH/RESULTS.md}
fi
[[ $CAP =~ ^[1-9][0-9]*$ ]] || { echo "run.sh: --cap must be a positive integer" >&2; exit 2; }

log() { echo "[run.sh] $*" >&2; }

# ---------------------------------------------------------------- set-up
install_prerequisites() {
    local need=()
    [ -x /usr/bin/time ] || need+=(time)
    command -v cc >/dev/null || need+=(gcc)
    command -v timeout >/dev/null || need+=(coreutils)
    "$PY" -c 'import venv, ensurepip' 2>/dev/null || need+=(python3-venv)
    if [ ${#need[@]} -gt 0 ]; then
        log "installing ${need[*]}"
        export DEBIAN_FRONTEND=noninteractive
        apt-get update
        apt-get install -y "${need[@]}"
    fi
}

setup_venv() {
    if [ -x "$VENV/bin/python" ] && [ "$(cat "$VENV/.careflow-pins" 2>/dev/null)" = "$PINS" ]; then
        return
    fi
    log "creating $VENV with $PINS"
    rm -rf "$VENV"
    "$PY" -m venv "$VENV"
    # shellcheck disable=SC2086
    "$VENV/bin/pip" install --quiet --disable-pip-version-check $PINS
    echo "$PINS" > "$VENV/.careflow-pins"
}

install_prerequisites
setup_venv
VPY=$VENV/bin/python

mkdir -p "$BENCH/.build"
REF=$BENCH/.build/ref
log "building the C reference"
cc -O2 -o "$REF" "$BENCH/reference/ref.c" -lm

CAREFLOW=${CAREFLOW_BIN:-$ROOT/.build/release/careflow-bench}
if [ $SKIP_CAREFLOW = 0 ] && [ -z "${CAREFLOW_BIN:-}" ]; then
    log "building CareFlow (release)"
    (cd "$ROOT" && bash scripts/build.sh --product careflow-bench && bash scripts/build.sh --product careflow)
    [ -x "$CAREFLOW" ] || { echo "run.sh: $CAREFLOW was not built" >&2; exit 1; }
fi

# ---------------------------------------------------------------- the plan
LIBS=(careflow c simpy ciw salabim)
[ $SKIP_CAREFLOW = 1 ] && LIBS=(c simpy ciw salabim)
CASES=(b1 b2 b3-c10 b3-c1000 b3-c100000)

# args LIB CASE: the size arguments of one run ("" = this library does not run this case)
args() {
    local lib=$1 case=$2
    if [ $QUICK = 1 ]; then
        case $case/$lib in
            b1/careflow|b1/c) echo "--patients 200000" ;;
            b1/*) echo "--patients 2000" ;;
            b2/careflow) echo "--replications 2" ;;
            b2/c) echo "" ;;
            b2/*) echo "--replications 2 --days 10 --warmup-days 1" ;;
            b3-c10/careflow|b3-c10/c) echo "--servers 10 --patients 200000" ;;
            b3-c10/*) echo "--servers 10 --patients 2000" ;;
            b3-c1000/careflow|b3-c1000/c) echo "--servers 1000 --patients 200000" ;;
            b3-c1000/*) echo "--servers 1000 --patients 5000" ;;
            b3-c100000/careflow|b3-c100000/c) echo "--servers 100000 --patients 200000" ;;
            b3-c100000/*) echo "--servers 100000 --patients 300" ;;
        esac
        return
    fi
    case $case/$lib in
        b1/careflow|b1/c) echo "--patients 1000000" ;;
        b1/simpy) echo "--patients 200000" ;;
        b1/ciw) echo "--patients 100000" ;;
        b1/salabim) echo "--patients 50000" ;;
        b2/careflow|b2/simpy|b2/ciw) echo "--replications 10" ;;
        b2/salabim) echo "--replications 2" ;;
        b2/c) echo "" ;;
        b3-c10/careflow|b3-c10/c) echo "--servers 10 --patients 2000000" ;;
        b3-c10/simpy) echo "--servers 10 --patients 200000" ;;
        b3-c10/ciw) echo "--servers 10 --patients 100000" ;;
        b3-c10/salabim) echo "--servers 10 --patients 50000" ;;
        b3-c1000/careflow|b3-c1000/c) echo "--servers 1000 --patients 2000000" ;;
        b3-c1000/simpy) echo "--servers 1000 --patients 200000" ;;
        b3-c1000/ciw) echo "--servers 1000 --patients 50000" ;;
        b3-c1000/salabim) echo "--servers 1000 --patients 30000" ;;
        b3-c100000/careflow|b3-c100000/c) echo "--servers 100000 --patients 2000000" ;;
        b3-c100000/*) echo "--servers 100000 --patients 300000" ;;
    esac
}

command_for() { # LIB MODEL -> the program to run
    case $1 in
        careflow) echo "$CAREFLOW" ;;
        c) echo "$REF" ;;
        *) echo "$VPY $BENCH/peers/$1_models.py" ;;
    esac
}

WORK=$(mktemp -d /tmp/careflow-bench.XXXXXX)
RUNS=$WORK/runs.tsv
printf 'lib\tcase\tround\targs\tstatus\tout\ttime\n' > "$RUNS"

run_one() { # LIB CASE ROUND
    local lib=$1 case=$2 round=$3 model=${2%%-*} a prog rc status
    a=$(args "$lib" "$case")
    [ -n "$a" ] || return 0
    prog=$(command_for "$lib")
    local out=$WORK/$lib.$case.r$round.out err=$WORK/$lib.$case.r$round.err tim=$WORK/$lib.$case.r$round.time
    log "round $round: $lib $model $a --seed $round"
    local t0 t1
    set +e
    t0=$(date +%s%N)
    # shellcheck disable=SC2086
    env -u DISPLAY /usr/bin/time -v -o "$tim" timeout --kill-after=10 "$CAP" \
        $prog "$model" $a --seed "$round" > "$out" 2> "$err"
    rc=$?
    t1=$(date +%s%N)
    set -e
    echo "Process wall nanoseconds: $((t1 - t0))" >> "$tim"
    case $rc in
        0) status=ok ;;
        124|137) status=timeout ;;
        *) status="failed(rc=$rc)"; sed 's/^/    /' "$err" | tail -5 >&2 ;;
    esac
    printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$lib" "$case" "$round" "$a" "$status" "$out" "$tim" >> "$RUNS"
}

START_DATE=$(date -u '+%Y-%m-%d %H:%M UTC')
for round in $(seq 1 "$ROUNDS"); do
    for case in "${CASES[@]}"; do
        for lib in "${LIBS[@]}"; do
            run_one "$lib" "$case" "$round"
        done
    done
done

# ---------------------------------------------------------------- the report
set +e
QUICK=$QUICK SKIP_CAREFLOW=$SKIP_CAREFLOW CMDLINE=$CMDLINE START_DATE=$START_DATE \
    ROUNDS=$ROUNDS CAP=$CAP PINS=$PINS "$VPY" - "$RUNS" "$OUT" <<'PYEOF'
import math, os, platform, statistics, subprocess, sys

runs_path, out_path = sys.argv[1], sys.argv[2]
quick = os.environ["QUICK"] == "1"
LIB_NAMES = {"careflow": "CareFlow", "c": "C reference", "simpy": "SimPy",
             "ciw": "Ciw", "salabim": "salabim"}
ERLANG_C_WQ = 6.687
B1_TOL = 0.075          # at 1,000,000 patients (about 3 standard deviations)
B1_TOL_AT = 1_000_000
MMC_KEYS = ("patients_completed", "mean_wait_min", "wall_seconds", "patients_per_second")
B2_KEYS = ("patients_completed", "ed_los_mean_min", "ed_los_ci_halfwidth_min",
           "boarding_mean_min", "boarding_ci_halfwidth_min", "ward_occupancy",
           "ward_occupancy_ci_halfwidth", "wall_seconds", "patients_per_second")
T975 = (12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228,
        2.201, 2.179, 2.160, 2.145, 2.131, 2.120, 2.110, 2.101, 2.093, 2.086,
        2.080, 2.074, 2.069, 2.064, 2.060, 2.056, 2.052, 2.048, 2.045, 2.042)
def t975(df): return T975[df - 1] if 1 <= df <= len(T975) else 1.96

def t_two_sided_p(t, df):
    """P(|T| >= |t|) for Student's t with df (possibly fractional) degrees of
    freedom: 1 - 2 * integral of the density from 0 to |t| (Simpson's rule,
    2,000 panels: error far below the 1e-4 that a Bonferroni bound needs)."""
    t = abs(t)
    if t == 0: return 1.0
    if not math.isfinite(t): return 0.0
    c = math.exp(math.lgamma((df + 1) / 2) - math.lgamma(df / 2)) / math.sqrt(df * math.pi)
    f = lambda x: c * (1 + x * x / df) ** (-(df + 1) / 2)
    n = 2000
    hstep = t / n
    acc = f(0) + f(t) + sum((4 if k % 2 else 2) * f(k * hstep) for k in range(1, n))
    return max(0.0, 1 - 2 * acc * hstep / 3)

def welch_p(ma, sa, na, mb, sb, nb):
    """Two-sided p-value of Welch's two-sample t-test from two means with
    their standard errors over na and nb replications (Welch-Satterthwaite
    degrees of freedom). A single replication (infinite standard error)
    cannot reject."""
    se2 = sa * sa + sb * sb
    if not math.isfinite(se2): return 1.0
    if se2 == 0: return 1.0 if ma == mb else 0.0
    df = se2 * se2 / (sa ** 4 / (na - 1) + sb ** 4 / (nb - 1))
    return t_two_sided_p((ma - mb) / math.sqrt(se2), df)

def parse_kv(path, last=False):
    """`key: value` lines; last=True splits at the last ": " (GNU time's keys contain colons)."""
    d = {}
    with open(path, errors="replace") as f:
        for line in f:
            if ":" in line:
                k, v = line.rsplit(": ", 1) if last and ": " in line else line.split(":", 1)
                d[k.strip()] = v.strip()
    return d

def size_arg(args, name):
    a = args.split()
    return int(a[a.index(name) + 1]) if name in a else None

problems = []
runs = []
with open(runs_path) as f:
    next(f)
    for line in f:
        lib, case, rnd, args, status, out, tim = line.rstrip("\n").split("\t")
        r = dict(lib=lib, case=case, model=case.split("-")[0], round=int(rnd),
                 args=args, status=status, truncated=False)
        kv = parse_kv(out)
        tv = parse_kv(tim, last=True) if os.path.exists(tim) else {}
        need = B2_KEYS if r["model"] == "b2" else MMC_KEYS
        try:
            vals = {k: float(kv[k]) for k in need}
            if not all(math.isfinite(v) for v in vals.values()):
                raise ValueError("non-finite value")
            if vals["patients_completed"] < 1:
                raise ValueError("no patient completed")
            r.update(vals)
            r["truncated"] = kv.get("truncated") == "true"
            if r["model"] != "b2" and lib != "careflow" and not r["truncated"]:
                want = size_arg(args, "--patients")
                if int(vals["patients_completed"]) != want:
                    raise ValueError(f"completed {vals['patients_completed']:.0f} != {want}")
        except (KeyError, ValueError) as e:
            if status == "ok":
                r["status"] = "malformed"
                problems.append(f"{lib} {case} round {rnd}: malformed output ({e})")
        if r["status"].startswith("failed"):
            problems.append(f"{lib} {case} round {rnd}: {r['status']}")
        if r["status"] == "timeout":
            r["status"] = "timeout (partial)" if r["truncated"] else "timeout"
            if quick:
                problems.append(f"{lib} {case} round {rnd}: timeout after {os.environ['CAP']} s")
        # whole-process wall time (nanosecond clock around the command; GNU
        # time's own has only 10 ms resolution) and peak RSS from /usr/bin/time -v
        try:
            r["proc_wall"] = int(tv["Process wall nanoseconds"]) / 1e9
            r["peak_mb"] = int(tv["Maximum resident set size (kbytes)"]) / 1024
        except (KeyError, ValueError):
            r["proc_wall"] = r["peak_mb"] = None
            if r["status"] == "ok":
                problems.append(f"{lib} {case} round {rnd}: no /usr/bin/time output")
        if "patients_completed" in r and r.get("proc_wall"):
            r["pps"] = r["patients_completed"] / r["proc_wall"]
        runs.append(r)

def describe(args):
    a = args.split()
    opts = dict(zip(a[::2], a[1::2]))
    if "--replications" in opts:
        d = f"{opts['--replications']} repl."
        if "--days" in opts:
            d += f" × ({opts.get('--warmup-days', '30')}+{opts['--days']} days)"
        return d
    return f"{int(opts['--patients']):,} arrivals" if "--patients" in opts else args

def median(xs):
    return statistics.median(xs) if xs else None

def fmt(x, nd=0):
    if x is None:
        return "–"
    return f"{x:,.{nd}f}"

libs = [l for l in LIB_NAMES if any(r["lib"] == l for r in runs)]
cases = []
for r in runs:
    if r["case"] not in cases:
        cases.append(r["case"])

CASE_TITLES = {"b1": "B1 — M/M/10 clinic queue",
               "b2": "B2 — emergency department with imaging and ward boarding",
               "b3-c10": "B3 — scale, c = 10", "b3-c1000": "B3 — scale, c = 1,000",
               "b3-c100000": "B3 — scale, c = 100,000"}

def summary(case, lib):
    rs = [r for r in runs if r["case"] == case and r["lib"] == lib]
    good = [r for r in rs if "pps" in r and r["status"] in ("ok", "timeout (partial)")]
    return rs, good

cf_pps = {}
for case in cases:
    _, good = summary(case, "careflow")
    full = [r["pps"] for r in good if r["status"] == "ok"]
    cf_pps[case] = median(full)

L = []
L.append("# CareFlow benchmark results\n")
if quick:
    L.append("**Smoke run (`--quick`): tiny patient counts, the figures below mean nothing.**\n")
try:
    cpu = next(l.split(":", 1)[1].strip() for l in open("/proc/cpuinfo") if l.startswith("model name"))
except (OSError, StopIteration):
    cpu = platform.processor() or "unknown"
nproc = os.cpu_count()
L.append(f"- Date: {os.environ['START_DATE']}")
L.append(f"- Machine: {nproc} cores (`nproc` = {subprocess.run(['nproc'], capture_output=True, text=True).stdout.strip()}), CPU `{cpu}`, "
         f"{platform.system()} {platform.release()}, Python {platform.python_version()}")
L.append(f"- Command: `{os.environ['CMDLINE']}` ({os.environ['ROUNDS']} alternating round(s); "
         f"per-run cap {os.environ['CAP']} s; round r uses seed r)")
L.append(f"- Python peers: {os.environ['PINS']} (virtual environment Benchmarks/.venv); "
         f"C reference: `cc -O2` Benchmarks/reference/ref.c")
if os.environ["SKIP_CAREFLOW"] == "1":
    L.append("- **CareFlow was skipped (`--skip-careflow`): no CareFlow figures or ratios.**")
L.append("")
L.append("Patients per second = patients completed / whole-process wall seconds "
         "(nanosecond clock around the whole process, start-up included), median over rounds; peak memory = "
         "maximum resident set size, median over rounds. Slower libraries simulate fewer "
         "patients (column *patients*); patients per second is the comparable figure. "
         "*CareFlow ÷ library* = CareFlow's patients per second / the library's (above 1: CareFlow is faster). "
         "A run that hits the cap is listed with what it completed by then (Python B1/B3 scripts "
         "report their progress when stopped); its patients per second covers that partial run.\n")

for case in cases:
    L.append(f"## {CASE_TITLES.get(case, case)}\n")
    L.append("| library | patients / run | runs ok | patients per second | CareFlow ÷ library | peak memory (MB) | "
             + ("mean wait (min)" if case != "b2" else "ED LOS / boarding (min), occupancy") + " |")
    L.append("|---|---|---|---|---|---|---|")
    for lib in libs:
        rs, good = summary(case, lib)
        if not rs:
            continue
        ok = [r for r in good if r["status"] == "ok"]
        use = ok or good  # all partial: report what was managed
        pps = median([r["pps"] for r in use])
        ratio = f"{cf_pps[case] / pps:.3g}" if pps and cf_pps.get(case) else "–"
        mem = median([r["peak_mb"] for r in use if r.get("peak_mb") is not None])
        size = describe(rs[0]["args"])
        notes = sorted({r["status"] for r in rs if r["status"] != "ok"})
        if case == "b2":
            stat = " / ".join(fmt(median([r[k] for r in use]), 1) for k in ("ed_los_mean_min", "boarding_mean_min")) \
                + ", " + fmt(median([r["ward_occupancy"] for r in use]), 3) if use else "–"
        else:
            stat = fmt(median([r["mean_wait_min"] for r in use]), 3) if use else "–"
        if use and not ok:
            done = median([r["patients_completed"] for r in use])
            size += f" (cap hit: {done:,.0f} completed)"
        L.append(f"| {LIB_NAMES[lib]} | {size} | {len(ok)}/{len(rs)}{' ' + ', '.join(notes) if notes else ''} | "
                 f"{fmt(pps)} | {ratio} | {fmt(mem, 1)} | {stat} |")
    L.append("")

# ---------------------------------------------------------------- agreement
agreement_failed = []
if not quick:
    L.append("## Statistical agreement\n")
    L.append(f"**B1** (Erlang C, Wq = {ERLANG_C_WQ} min). Each library's mean wait is the "
             "patient-weighted mean over its completed rounds (different seeds). One run of "
             "1,000,000 patients has a standard deviation of about 2.5% of Wq, so the 7.5% "
             "tolerance is about 3 standard deviations; libraries that simulate fewer "
             "patients in total get the same 3-sigma tolerance scaled by "
             "sqrt(1,000,000 / patients simulated), and the strict 7.5% verdict is shown beside it.\n")
    L.append("| library | patients simulated | mean wait (min) | deviation | tolerance | verdict | within 7.5% |")
    L.append("|---|---|---|---|---|---|---|")
    for lib in libs:
        rs = [r for r in runs if r["case"] == "b1" and r["lib"] == lib and r["status"] == "ok"]
        if not rs:
            L.append(f"| {LIB_NAMES[lib]} | – | – | – | – | not checked (no completed run) | – |")
            continue
        n = sum(r["patients_completed"] for r in rs)
        wq = sum(r["mean_wait_min"] * r["patients_completed"] for r in rs) / n
        dev = (wq - ERLANG_C_WQ) / ERLANG_C_WQ
        tol = B1_TOL * math.sqrt(max(1.0, B1_TOL_AT / n))
        ok = abs(dev) <= tol
        if not ok:
            agreement_failed.append(f"B1 {LIB_NAMES[lib]}")
        L.append(f"| {LIB_NAMES[lib]} | {n:,.0f} | {wq:.3f} | {dev:+.1%} | ±{tol:.1%} | "
                 f"{'PASS' if ok else 'FAIL'} | {'yes' if abs(dev) <= B1_TOL else 'no'} |")
    L.append("")

    L.append("**B2**: for each library and measure, all replications of all its rounds are pooled "
             "(round r uses seed r, so the replications are independent) and a 95% t-interval is "
             "computed over the replication means. Each script reports the mean and CI half-width "
             "over its own replications; the pooled mean and standard deviation are recovered "
             "exactly from those (sd = half-width × sqrt(n) / t(n−1)). Two libraries agree on a "
             "measure unless Welch's two-sample t-test rejects equal means at the 5% level "
             "with a Bonferroni correction over all pairs and measures (p < 0.05 / comparisons); "
             "the table gives each pair's p-value. (The earlier rule, each mean inside the "
             "other's interval, is stricter than a two-sample test at 5%: two correct libraries fail it "
             "often, the more so when one has few replications.)\n")
    MEAS = (("ED length of stay (min)", "ed_los_mean_min", "ed_los_ci_halfwidth_min"),
            ("boarding time (min)", "boarding_mean_min", "boarding_ci_halfwidth_min"),
            ("ward occupancy", "ward_occupancy", "ward_occupancy_ci_halfwidth"))
    pooled = {}
    for lib in libs:
        rs = [r for r in runs if r["case"] == "b2" and r["lib"] == lib and r["status"] == "ok"]
        if not rs:
            continue
        for name, km, kh in MEAS:
            groups = []
            for r in rs:
                n = size_arg(r["args"], "--replications") or 1
                s = r[kh] * math.sqrt(n) / t975(n - 1) if n > 1 else 0.0
                groups.append((n, r[km], s))
            N = sum(g[0] for g in groups)
            M = sum(g[0] * g[1] for g in groups) / N
            if N > 1:
                var = (sum((g[0] - 1) * g[2] ** 2 for g in groups)
                       + sum(g[0] * (g[1] - M) ** 2 for g in groups)) / (N - 1)
                se = math.sqrt(var / N)
                h = t975(N - 1) * se
            else:
                se = h = float("inf")
            pooled[(lib, km)] = (M, h, N, se)
    b2libs = [l for l in libs if (l, "ed_los_mean_min") in pooled]
    if len(b2libs) < 2:
        agreement_failed.append("B2 not checked: fewer than two libraries completed B2")
    L.append("| library | replications | " + " | ".join(m[0] for m in MEAS) + " |")
    L.append("|---|---|" + "---|" * len(MEAS))
    for lib in b2libs:
        cells = []
        for name, km, kh in MEAS:
            M, h, N, _ = pooled[(lib, km)]
            nd = 3 if km == "ward_occupancy" else 1
            cells.append(f"{M:.{nd}f} ± {h:.{nd}f}")
        L.append(f"| {LIB_NAMES[lib]}{' (approx. model)' if lib == 'ciw' else ''} | "
                 f"{pooled[(lib, 'ed_los_mean_min')][2]} | " + " | ".join(cells) + " |")
    L.append("")
    pairs = [(a, b) for i, a in enumerate(b2libs) for b in b2libs[i + 1:]]
    if pairs:
        L.append("| pair | " + " | ".join(m[0] for m in MEAS) + " |")
        L.append("|---|" + "---|" * len(MEAS))
        alpha = 0.05 / (len(pairs) * len(MEAS))
        for a, b in pairs:
            cells = []
            for name, km, kh in MEAS:
                ma, _, na, sa = pooled[(a, km)]
                mb, _, nb, sb = pooled[(b, km)]
                pval = welch_p(ma, sa, na, mb, sb, nb)
                ok = pval >= alpha
                cells.append(f"{'agree' if ok else 'DISAGREE'} (p = {pval:.3g})")
                if not ok:
                    agreement_failed.append(f"B2 {LIB_NAMES[a]} vs {LIB_NAMES[b]}: {name}"
                                            + (" (Ciw's B2 is an approximation)" if "ciw" in (a, b) else ""))
            L.append(f"| {LIB_NAMES[a]} – {LIB_NAMES[b]} | " + " | ".join(cells) + " |")
        L.append("")
    L.append("Ciw cannot hold a cubicle while queueing for a physician or imaging, so its B2 "
             "serves assessment, imaging and review inside the cubicle without contention "
             "(boarding in the cubicle is exact, via blocking); see the top of "
             "Benchmarks/peers/ciw_models.py.\n")
    if agreement_failed:
        L.append("**Agreement check failed:** " + "; ".join(agreement_failed) + "\n")
    else:
        L.append("**Agreement check passed.**\n")

def med_pps(case, lib):
    _, good = summary(case, lib)
    return median([r["pps"] for r in good if r["status"] == "ok"])

def med_mem(case, lib):
    _, good = summary(case, lib)
    return median([r["peak_mb"] for r in good if r["status"] == "ok" and r.get("peak_mb") is not None])

if "careflow" in libs and not quick:
    L.append("## Targets\n")
    L.append("| target | measured | met |")
    L.append("|---|---|---|")
    def target(name, value, ok, shown):
        L.append(f"| {name} | {shown if value is not None else 'no data'} | "
                 f"{('yes' if ok else 'NO') if value is not None else '–'} |")
    cf, sp, cr = med_pps("b1", "careflow"), med_pps("b1", "simpy"), med_pps("b1", "c")
    v = cf / sp if cf and sp else None
    target("B1: CareFlow ≥ 25× SimPy", v, v is not None and v >= 25, f"{v:.1f}×" if v else "")
    v = cf / cr if cf and cr else None
    target("B1: CareFlow ≥ 25% of the C reference", v, v is not None and v >= 0.25, f"{v:.0%}" if v else "")
    py = [x for x in (med_pps("b2", l) for l in ("simpy", "ciw", "salabim")) if x]
    cf2 = med_pps("b2", "careflow")
    v = cf2 / max(py) if cf2 and py else None
    target("B2: CareFlow ≥ 20× the fastest Python peer", v, v is not None and v >= 20, f"{v:.1f}×" if v else "")
    cf3, cr3 = med_pps("b3-c100000", "careflow"), med_pps("b3-c100000", "c")
    v = cf3 / cr3 if cf3 and cr3 else None
    target("B3 c = 100,000: CareFlow ≥ 25% of the C reference", v, v is not None and v >= 0.25, f"{v:.0%}" if v else "")
    v = med_mem("b3-c100000", "careflow")
    target("B3 c = 100,000: CareFlow peak memory < 50 MB", v, v is not None and v < 50, f"{v:.1f} MB" if v else "")
    L.append("")

L.append("## Runs\n")
L.append("| round | library | case | arguments | status | patients completed | process wall (s) | patients per second | peak MB |")
L.append("|---|---|---|---|---|---|---|---|---|")
for r in sorted(runs, key=lambda r: (r["case"], r["lib"], r["round"])):
    L.append(f"| {r['round']} | {LIB_NAMES[r['lib']]} | {r['case']} | `{r['args']}` | {r['status']} | "
             f"{fmt(r.get('patients_completed'))} | {fmt(r.get('proc_wall'), 2)} | {fmt(r.get('pps'))} | "
             f"{fmt(r.get('peak_mb'), 1)} |")
L.append("")
if problems:
    L.append("## Problems\n")
    L.extend(f"- {p}" for p in problems)
    L.append("")

with open(out_path, "w") as f:
    f.write("\n".join(L))
print(f"[run.sh] report written to {out_path}", file=sys.stderr)
for p in problems:
    print(f"[run.sh] PROBLEM: {p}", file=sys.stderr)
for a in agreement_failed:
    print(f"[run.sh] AGREEMENT: {a}", file=sys.stderr)
sys.exit(1 if problems else 3 if agreement_failed else 0)
PYEOF
status=$?
set -e
# A full run into the default report also rewrites README.md's table from it.
if [ $QUICK = 0 ] && [ "$OUT" = "$BENCH/RESULTS.md" ] && [ $status != 1 ]; then
    python3 "$BENCH/readme-table.py" >&2 || log "README.md's benchmark table not written"
fi
if [ $status = 0 ]; then
    log "all runs ok"
    rm -rf "$WORK"
elif [ $status = 3 ]; then
    log "all runs ok, but the statistical agreement check failed (see $OUT)"
    rm -rf "$WORK"
else
    log "some runs failed; raw outputs kept in $WORK"
fi
exit $status
