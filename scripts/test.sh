#!/usr/bin/env bash
# Runs every test: the Swift test suite (unit, statistical validation against
# queueing theory, scenario parser, fuzzing, reports, sweeps), then the
# integration checks (scenario smoke runs, benchmark smoke mode, the headless
# browser test of the report, the sweep analyses of docs/sweeps.md, the Slurm
# end-to-end sweep and optimisation).
# Set CAREFLOW_SKIP_SLURM=1, CAREFLOW_SKIP_BROWSER=1 or CAREFLOW_SKIP_LIBREOFFICE=1 to leave those out.
set -uo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh || exit 1
passed=0; failed=0; failures=()
step() {  # step NAME COMMAND...
  local name=$1; shift
  echo "=== $name"
  if "$@"; then passed=$((passed + 1)); else failed=$((failed + 1)); failures+=("$name"); fi
}

# 1. The Swift test suite.
echo "=== swift test"
swift build --build-tests 2>&1 | grep -E "error|warning: unre|Compiling|Build" | grep -v "^Compiling" || true
log=$(mktemp)
swift test 2>&1 | tee "$log" | grep -E "✘|error|failed|passed after|Executed|Test run" || true
# Passed only when swift-testing reports its run as passed (XCTest's "Executed 0 tests"
# line comes first and says nothing) and the test process did not crash.
if grep -qE "Test run with [0-9]+ tests? .*passed" "$log" && ! grep -qE "✘|with [1-9][0-9]* failures?|Test run with .* failed|exited with unexpected signal|Fatal error|Precondition failed" "$log"; then
  n=$(grep -oE "Test run with [0-9]+ tests?" "$log" | grep -oE "[0-9]+" | tail -1)
  passed=$((passed + ${n:-1}))
else
  failed=$((failed + 1)); failures+=("swift test")
fi

# 2. Every shipped scenario validates and runs (few replications, short runs).
step "scenarios, sweep and optimise files validate" .build/debug/careflow validate Scenarios/*.yaml Scenarios/sweeps/*.yaml Scenarios/optimise/*.yaml
smoke() {
  local out; out=$(mktemp -d)
  .build/debug/careflow compare Scenarios/baseline.yaml Scenarios/ai-triage.yaml Scenarios/ai-imaging.yaml \
    Scenarios/vr-therapy.yaml Scenarios/vr-paediatrics.yaml Scenarios/discharge-planning.yaml Scenarios/combined.yaml \
    --replications 2 --out "$out" >/dev/null && test -s "$out/report.html" && test -s "$out/comparison.json"
}
step "what-if scenarios run (2 replications)" smoke
determinism() {
  local a b; a=$(mktemp -d); b=$(mktemp -d)
  .build/debug/careflow run Scenarios/bench-b2.yaml --replications 4 --workers 1 --out "$a" >/dev/null &&
  .build/debug/careflow run Scenarios/bench-b2.yaml --replications 4 --workers 2 --out "$b" >/dev/null &&
  cmp "$a/summary.json" "$b/summary.json" && cmp "$a/series.json" "$b/series.json"
}
step "summary.json identical with 1 and 2 workers" determinism
deadlock_exit() {
  # A scenario that deadlocks: exit status 2, the cycle named, no output written.
  local out err; out=$(mktemp -d)/none; err=$(mktemp)
  .build/debug/careflow run Tests/CareFlowScenarioTests/Fixtures/deadlock-opposite-order.yaml --out "$out" 2>"$err"
  test $? -eq 2 && grep -q "pathway 'admit', step 'seize nurse'" "$err" && grep -q "holds ward_bed" "$err" && test ! -e "$out"
}
step "a deadlocking scenario exits 2 naming the cycle" deadlock_exit

# 2b. Hostile-input fuzz of the command line (issue 11): extremes, alias
# bombs, deep nesting, truncation; exit 0 or 2 only, located errors.
step "command-line fuzz (hostile inputs)" python3 Tests/fuzz/cli-fuzz.py .build/debug/careflow 600
step "hardening: run-time limits, damaged results, output errors, determinism" bash Tests/hardening/hardening-test.sh
step "optimise resumes after kill -9 with the same answer" bash Tests/optimise/resume-test.sh
step "optimise in shards, merged round by round, gives the same answer" bash Tests/optimise/shard-test.sh

# 3. Benchmark driver smoke mode (tiny counts) so it cannot rot.
if [ -x Benchmarks/run.sh ]; then step "benchmarks --quick" bash Benchmarks/run.sh --quick; fi

# 4. Headless browser test of the report.
if [ -z "${CAREFLOW_SKIP_BROWSER:-}" ] && [ -f Tests/browser/report-browser-test.sh ]; then
  step "report in headless Chromium" bash Tests/browser/report-browser-test.sh
fi

# 4b. Headless browser test of the replay: its state function against a trace, play, scrub, size, frame rate.
if [ -z "${CAREFLOW_SKIP_BROWSER:-}" ] && [ -f Tests/browser/replay-browser-test.sh ]; then
  step "replay in headless Chromium" bash Tests/browser/replay-browser-test.sh
fi

# 4b2. Event logs: run --event-log, fit (draft + report in Chromium), check, bad logs exit 2.
if [ -f Tests/fit/fit-cli-test.sh ]; then
  step "fit and check end to end (docs/event-log.md)" bash Tests/fit/fit-cli-test.sh .build/debug/careflow
fi

# 4c. Spreadsheet export: the XLSX opens in LibreOffice and round-trips its numbers.
if [ -z "${CAREFLOW_SKIP_LIBREOFFICE:-}" ]; then
  step "export --xlsx opens in LibreOffice" bash Tests/export/xlsx-libreoffice-test.sh
fi

# 5. The Python (and, where R is installed, R) analyses of docs/sweeps.md against a real sweep.
if [ -f Tests/sweeps/sweep-analysis-test.sh ]; then
  step "sweep analysis in Python and R (docs/sweeps.md)" bash Tests/sweeps/sweep-analysis-test.sh
fi

# 4d. The what-if workbench (careflow serve) in headless Chromium.
if [ -z "${CAREFLOW_SKIP_BROWSER:-}" ] && [ -f Tests/browser/serve-browser-test.sh ]; then
  step "workbench in headless Chromium" bash Tests/browser/serve-browser-test.sh
fi

# 6. Slurm end to end: a 4-task job array plus a merge job on a one-machine cluster.

if [ -z "${CAREFLOW_SKIP_SLURM:-}" ] && [ -f Tests/slurm/slurm-sweep-test.sh ]; then
  step "Slurm sweep end to end" bash Tests/slurm/slurm-sweep-test.sh
fi
if [ -z "${CAREFLOW_SKIP_SLURM:-}" ] && [ -f Tests/slurm/slurm-optimise-test.sh ]; then
  step "Slurm optimise end to end (drive.sh: job array and merge per round)" bash Tests/slurm/slurm-optimise-test.sh
fi

[ ${#failures[@]} -eq 0 ] || printf 'FAILED: %s\n' "${failures[@]}"
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
