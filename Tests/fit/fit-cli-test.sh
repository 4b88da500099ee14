#!/usr/bin/env bash
# End to end: `careflow run --event-log`, `careflow fit` (draft + report,
# screenshots in headless Chromium), `careflow check`, and bad logs exiting 2
# with file:line:column. Usage: bash Tests/fit/fit-cli-test.sh [careflow binary]
set -u
cf=$(realpath "${1:-.build/debug/careflow}")
fx=$(realpath Tests/CareFlowFitTests/Fixtures)
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
cp "$fx"/closed-loop.yaml "$fx"/closed-loop-map.yaml "$tmp"/
cd "$tmp"
fail() { echo "FAIL: $*"; exit 1; }
"$cf" run closed-loop.yaml --replications 2 --event-log log.csv --out run >/dev/null || fail "run --event-log"
head -1 log.csv | grep -qx 'patient_id,event,timestamp,pathway,acuity,admit' || fail "event log header"
"$cf" fit log.csv --map closed-loop-map.yaml --out draft.yaml >fit.txt || fail "fit"
grep -q 'capacities and staffing are not inferred' fit.txt || fail "fit says what it cannot infer"
test -s draft.yaml && test -s draft-fit.html || fail "fit outputs"
"$cf" validate draft.yaml >/dev/null || fail "the draft compiles"
"$cf" check draft.yaml log.csv --replications 5 --out chk >check.txt || fail "check"
test -s chk/check.csv || fail "check.csv"
# Bad logs: file, line and column, exit 2, nothing written.
printf 'patient_id,event,timestamp\n1,ed_arrival,2027-13-01T00:00\n' > bad.csv
"$cf" fit bad.csv --map closed-loop-map.yaml --out bad.yaml 2>err.txt; rc=$?
test $rc -eq 2 && grep -q '^bad.csv:2:14: error: ' err.txt && test ! -e bad.yaml || fail "bad timestamp: rc $rc $(cat err.txt)"
printf 'patient_id,event,timestamp\n1,ed_arrival,2027-01-01T10:00\n1,in_cubicle,2027-01-01T09:00\n' > order.csv
"$cf" fit order.csv --map closed-loop-map.yaml --out bad.yaml 2>err.txt; rc=$?
test $rc -eq 2 && grep -q '^order.csv:3:14: error: .*earlier' err.txt || fail "out of order: rc $rc $(cat err.txt)"
printf 'patient_id,event,timestamp\n1,ed_arival,2027-01-01T10:00\n' > unknown.csv
"$cf" fit unknown.csv --map closed-loop-map.yaml --out bad.yaml 2>err.txt; rc=$?
test $rc -eq 2 && grep -q "^unknown.csv:2:3: error: unknown event 'ed_arival'" err.txt || fail "unknown event: rc $rc $(cat err.txt)"
printf 'patient_id,event,timestamp\n1,treated,2027-01-01T10:00\n1,in_cubicle,2027-01-01T10:05\n' > endstart.csv
"$cf" fit endstart.csv --map closed-loop-map.yaml --out bad.yaml 2>err.txt; rc=$?
test $rc -eq 2 && grep -q "^endstart.csv:2:3: error: patient '1': 'treated' comes before 'in_cubicle'" err.txt || fail "end before start: rc $rc $(cat err.txt)"
"$cf" check closed-loop.yaml bad.csv 2>err.txt; rc=$?
test $rc -eq 2 && grep -q '^bad.csv:2:14' err.txt || fail "check on a bad log: rc $rc"
if [ -z "${CAREFLOW_SKIP_BROWSER:-}" ] && command -v chromium >/dev/null; then
  for w in 1280 390; do
    timeout 120 chromium --headless --no-sandbox --disable-gpu --hide-scrollbars --window-size=$w,3000 --screenshot="$tmp/fit-$w.png" "file://$tmp/draft-fit.html" >/dev/null 2>&1
    test -s "$tmp/fit-$w.png" || fail "screenshot at $w px"
  done
fi
echo "fit/check end to end: ok"
