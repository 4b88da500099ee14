#!/usr/bin/env bash
# Browser test of the what-if workbench (`careflow serve`): starts the server
# on a free loopback port over a copy of Scenarios/, drives the page in
# headless Chromium through the DevTools protocol (Tests/browser/serve_cdp.py):
# pick the baseline, move the ED cubicles knob 30 -> 34, run 10 replications,
# wait for the scorecard (the report's fragments, in the page), read the
# numbers from the page, download the what-if YAML and the XLSX, run `careflow
# compare` (and `careflow export --xlsx`) on the downloaded YAML with the same
# seed and check the numbers and the workbook are the same. Also: no console
# errors, no request leaves the server, the page and the results at 390 px,
# the reference switch, Swedish texts, keyboard focus. Logs the time from
# pressing Run to the scorecard (not asserted).
#
# Artifacts: Results/ci-artifacts/serve-1280.png, serve-1280-results.png,
# serve-390.png, serve-390-results.png, serve-390-results-full.png, serve-sv.png,
# serve-sv-results.png, serve-whatif.yaml, serve-comparison.xlsx, serve.log.
# Prints "N passed, M failed" last; exits non-zero on any failure.
#
# Environment: CAREFLOW_SCRATCH, CAREFLOW_BIN, REPORT_TEST_VENV as in report-browser-test.sh.
set -uo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$ROOT"
ART="$ROOT/Results/ci-artifacts"
mkdir -p "$ART"
WORK="$(mktemp -d "${TMPDIR:-/tmp}/careflow-serve-test.XXXXXX")"
CHROME_PID=""
SERVE_PID=""
cleanup() {
    if [ -n "$CHROME_PID" ]; then kill "$CHROME_PID" 2>/dev/null; wait "$CHROME_PID" 2>/dev/null; fi
    if [ -n "$SERVE_PID" ]; then kill "$SERVE_PID" 2>/dev/null; wait "$SERVE_PID" 2>/dev/null; fi
    rm -rf "$WORK"
}
trap cleanup EXIT

# shellcheck source=common.sh
. "$ROOT/Tests/browser/common.sh"
browser_chromium    # CHROME
browser_careflow    # BIN
browser_venv        # VENV

# 4. The server, over a copy of the shipped scenarios, on a free port.
SERVED="$WORK/served"
mkdir -p "$SERVED"
cp Scenarios/*.yaml "$SERVED/"
"$BIN" serve "$SERVED" --port 0 --results "$WORK/results" >"$WORK/serve.out" 2>"$ART/serve.log" &
SERVE_PID=$!
URL=""
for _ in $(seq 1 100); do
    URL="$(grep -oE 'http://127\.0\.0\.1:[0-9]+/' "$WORK/serve.out" | head -1)"
    [ -n "$URL" ] && break
    kill -0 "$SERVE_PID" 2>/dev/null || break
    sleep 0.1
done
if [ -n "$URL" ]; then pass "careflow serve prints its URL ($URL)"; else cat "$WORK/serve.out" "$ART/serve.log"; fail "careflow serve did not start"; finish; fi

PROFILE="$WORK/profile"
mkdir -p "$PROFILE"
"$CHROME" --headless=new --no-sandbox --disable-gpu --disable-dev-shm-usage --no-first-run --no-default-browser-check \
    --disable-background-networking --disable-component-update --disable-sync --disable-extensions \
    --enable-logging=stderr --v=0 --user-data-dir="$PROFILE" --remote-debugging-port=0 \
    --window-size=1280,800 about:blank >"$WORK/chromium.log" 2>&1 &
CHROME_PID=$!

case "$BIN" in /*) ;; *) BIN="$PWD/$BIN" ;; esac   # the driver runs commands in other folders
"$VENV/bin/python" "$ROOT/Tests/browser/serve_cdp.py" "$PROFILE" "$URL" "$ART" "$SERVED" "$BIN" >"$WORK/cdp.out" 2>&1
CDP_STATUS=$?
while IFS= read -r line; do
    case "$line" in
        "PASS "*) pass "${line#PASS }" ;;
        "FAIL "*) fail "${line#FAIL }" ;;
        *) echo "  $line" ;;
    esac
done <"$WORK/cdp.out"
grep -q "^PASS page opened" "$WORK/cdp.out" || fail "DevTools session did not complete"
[ "$CDP_STATUS" -eq 0 ] || fail "the DevTools driver exited with status $CDP_STATUS (a traceback above)"
if grep -E 'CONSOLE.*(Uncaught|Error)|Refused to (load|connect|apply|execute|frame)' "$WORK/chromium.log" >/dev/null 2>&1; then
    fail "chromium log shows console errors or CSP refusals: $(grep -E 'CONSOLE|Refused to' "$WORK/chromium.log" | head -3)"
else
    pass "chromium log has no console errors or CSP refusals"
fi
if kill -0 "$SERVE_PID" 2>/dev/null; then pass "server still running after the session"; else fail "server exited"; fi
finish
