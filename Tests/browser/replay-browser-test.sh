#!/usr/bin/env bash
# Browser test of the replay (careflow replay): builds careflow, writes a
# CSV trace and a replay of the same replication of a 4-day variant of the
# baseline (with a preemptive ED cubicle), then in headless Chromium
# (DevTools protocol, see replay_cdp.py) checks the page's state function
# against counts derived from the trace at 60 times, scrubbing, play/pause,
# no console errors or network requests; screenshots at 1280x800 and 390 px.
# Then one day of Scenarios/baseline.yaml: size (< 3 MB) and frame rate
# (requestAnimationFrame callbacks while playing; target 30 per second).
#
# Artifacts: Results/ci-artifacts/replay.png, replay-full.png, replay-390.png,
# replay.html, replay-baseline.html, replay-chromium.log.
# Prints "N passed, M failed" last; exits non-zero on any failure.
# Environment: CAREFLOW_SCRATCH, CAREFLOW_BIN, REPORT_TEST_VENV as in report-browser-test.sh.
set -uo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$ROOT"
ART="$ROOT/Results/ci-artifacts"
mkdir -p "$ART"
WORK="$(mktemp -d "${TMPDIR:-/tmp}/careflow-replay-test.XXXXXX")"
CHROME_PID=""
stop_chrome() { if [ -n "$CHROME_PID" ]; then kill "$CHROME_PID" 2>/dev/null; wait "$CHROME_PID" 2>/dev/null; CHROME_PID=""; fi; }
cleanup() { stop_chrome; rm -rf "$WORK"; }
trap cleanup EXIT

. "$ROOT/Tests/browser/common.sh"   # pass, fail, finish; browser_chromium, browser_careflow, browser_venv

browser_chromium
browser_careflow
browser_venv

start_chrome() {  # start_chrome PROFILE
    mkdir -p "$1"
    "$CHROME" --headless=new --no-sandbox --disable-gpu --disable-dev-shm-usage --no-first-run --no-default-browser-check \
        --disable-background-networking --disable-component-update --disable-sync --disable-extensions \
        --enable-logging=stderr --v=0 --user-data-dir="$1" --remote-debugging-port=0 \
        --window-size=1280,800 about:blank >>"$ART/replay-chromium.log" 2>&1 &
    CHROME_PID=$!
}
run_cdp() {  # run_cdp PROFILE PAGE MODE [ARGS...]
    "$VENV/bin/python" "$ROOT/Tests/browser/replay_cdp.py" "$@" "" >"$WORK/cdp.out" 2>&1
    while IFS= read -r line; do
        case "$line" in
            "PASS "*) pass "${line#PASS }" ;;
            "FAIL "*) fail "${line#FAIL }" ;;
            *) echo "  $line" ;;
        esac
    done <"$WORK/cdp.out"
}
: >"$ART/replay-chromium.log"

# 1. Exactness: a trace and a replay of the same replication (4 days, day 1 replayed).
cat >"$WORK/short.yaml" <<YAML
extends: $ROOT/Scenarios/baseline.yaml
name: baseline-4d
title: "Regional hospital, 4 days, preemptive cubicles (test)"
overrides:
  run.horizon: 4d
  run.warmup: 0d
  units.cubicle.preemptive: true
  units.cubicle.capacity: 14
YAML
if "$BIN" run "$WORK/short.yaml" --replications 1 --workers 1 --trace "$WORK/trace.csv" --out "$WORK/run" >"$WORK/run.log" 2>&1; then
    pass "careflow run --trace ($(wc -l <"$WORK/trace.csv") trace rows)"
else
    tail -5 "$WORK/run.log"; fail "careflow run --trace"; finish
fi
if "$BIN" replay "$WORK/short.yaml" --from 1 --hours 24 --out "$WORK/replay.html" >"$WORK/replay.log" 2>&1; then
    pass "careflow replay ($(tail -1 "$WORK/replay.log"))"
else
    cat "$WORK/replay.log"; fail "careflow replay"; finish
fi
cp "$WORK/replay.html" "$ART/replay.html"
if grep -Eqi '(src|href)="(https?:|//|file:)' "$WORK/replay.html" || grep -Eqi '@import|url\(' "$WORK/replay.html"; then
    fail "replay references external resources"
else
    pass "no external references"
fi
grep -q "script-src 'sha256-" "$WORK/replay.html" && pass "CSP allows only the replay's script, by hash" || fail "no script hash in the CSP"
start_chrome "$WORK/profile1"
run_cdp "$WORK/profile1" "$WORK/replay.html" "$ART" check "$WORK/trace.csv" 1440 2880
stop_chrome

# 2. compare --replay: the report gets the ED replay of both scenarios, and `report DIR` re-renders it.
cat >"$WORK/short-whatif.yaml" <<YAML
extends: $WORK/short.yaml
name: baseline-4d-more-cubicles
title: "18 cubicles (test)"
overrides:
  units.cubicle.capacity: 18
YAML
if "$BIN" compare "$WORK/short.yaml" "$WORK/short-whatif.yaml" --replications 2 --replay --out "$WORK/cmp" >"$WORK/cmp.log" 2>&1 \
   && [ -s "$WORK/cmp/replay.json" ] && grep -q 'id="replay"' "$WORK/cmp/report.html"; then
    pass "compare --replay writes replay.json and a report section"
    cp "$WORK/cmp/report.html" "$WORK/report-before.html"
    if "$BIN" report "$WORK/cmp" >/dev/null 2>&1 && cmp -s "$WORK/cmp/report.html" "$WORK/report-before.html"; then
        pass "careflow report DIR re-renders the same report with its replay"
    else
        fail "careflow report DIR does not reproduce the report with the replay"
    fi
    cp "$WORK/cmp/report.html" "$ART/report-with-replay.html"
    start_chrome "$WORK/profile3"
    run_cdp "$WORK/profile3" "$WORK/cmp/report.html" "$ART" report
    stop_chrome
else
    tail -5 "$WORK/cmp.log"; fail "compare --replay"
fi

# 3. One day of the baseline: size and frame rate.
if "$BIN" replay Scenarios/baseline.yaml --out "$WORK/baseline.html" >"$WORK/replay2.log" 2>&1; then
    size=$(wc -c <"$WORK/baseline.html")
    echo "  $(head -1 "$WORK/replay2.log")"
    echo "  SIZE $size bytes"
    [ "$size" -lt 3000000 ] && pass "baseline day: $size bytes (< 3 MB)" || fail "baseline day: $size bytes (>= 3 MB)"
    cp "$WORK/baseline.html" "$ART/replay-baseline.html"
else
    cat "$WORK/replay2.log"; fail "careflow replay Scenarios/baseline.yaml"
fi
start_chrome "$WORK/profile2"
run_cdp "$WORK/profile2" "$WORK/baseline.html" "$ART" fps
stop_chrome

if grep -E 'CONSOLE.*(Uncaught|Error)|Refused to (load|connect|apply|execute)' "$ART/replay-chromium.log" >/dev/null 2>&1; then
    fail "chromium log shows console errors or refused loads: $(grep -E 'CONSOLE|Refused to' "$ART/replay-chromium.log" | head -3)"
else
    pass "chromium log has no console errors or refused loads (CSP)"
fi
finish
