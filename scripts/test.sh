#!/usr/bin/env bash
# Runs every test: the Swift test suite (unit, statistical validation against
# queueing theory, scenario parser, fuzzing, reports, sweeps), then the
# integration checks (scenario smoke runs, benchmark smoke mode, the headless
# browser test of the report, the Slurm end-to-end sweep).
# Set CAREFLOW_SKIP_SLURM=1 or CAREFLOW_SKIP_BROWSER=1 to leave those out.
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
if grep -qE "Test run with [0-9]+ tests? .*passed|Executed [0-9]+ tests?, with 0 failures" "$log" && ! grep -qE "✘|with [1-9][0-9]* failures?|Test run with .* failed" "$log"; then
  n=$(grep -oE "Test run with [0-9]+ tests?" "$log" | grep -oE "[0-9]+" | tail -1)
  passed=$((passed + ${n:-1}))
else
  failed=$((failed + 1)); failures+=("swift test")
fi

# 2. Every shipped scenario validates and runs (few replications, short runs).
step "scenarios validate" .build/debug/careflow validate Scenarios/*.yaml
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

# 3. Benchmark driver smoke mode (tiny counts) so it cannot rot.
if [ -x Benchmarks/run.sh ]; then step "benchmarks --quick" bash Benchmarks/run.sh --quick; fi

# 4. Headless browser test of the report.
if [ -z "${CAREFLOW_SKIP_BROWSER:-}" ] && [ -f Tests/browser/report-browser-test.sh ]; then
  step "report in headless Chromium" bash Tests/browser/report-browser-test.sh
fi

# 4b. The what-if workbench (careflow serve) in headless Chromium.
if [ -z "${CAREFLOW_SKIP_BROWSER:-}" ] && [ -f Tests/browser/serve-browser-test.sh ]; then
  step "workbench in headless Chromium" bash Tests/browser/serve-browser-test.sh
fi

# 5. Slurm end to end: a 4-task job array plus a merge job on a one-machine cluster.
if [ -z "${CAREFLOW_SKIP_SLURM:-}" ] && [ -f Tests/slurm/slurm-sweep-test.sh ]; then
  step "Slurm sweep end to end" bash Tests/slurm/slurm-sweep-test.sh
fi

[ ${#failures[@]} -eq 0 ] || printf 'FAILED: %s\n' "${failures[@]}"
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
