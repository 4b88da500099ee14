#!/usr/bin/env bash
# careflow optimise resumes after kill -9 with the same answer: runs
# Tests/optimise/tandem-opt.yaml uninterrupted (2 workers), then again into
# another folder killed with SIGKILL once some tasks are committed, resumes
# it (1 worker), and compares optimise.json without the fields that describe
# the run itself (replications_this_run, rounds, command). Ends with
# "N passed, M failed".
#
#   CAREFLOW_BIN   careflow binary   [<repo>/.build/debug/careflow]
set -uo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
BIN=${CAREFLOW_BIN:-$ROOT/.build/debug/careflow}
OPT=$ROOT/Tests/optimise/tandem-opt.yaml
passed=0; failed=0
pass() { echo "  ok: $*"; passed=$((passed + 1)); }
fail() { echo "  FAIL: $*" >&2; failed=$((failed + 1)); }
finish() { echo "$passed passed, $failed failed"; [ "$failed" -eq 0 ]; exit $?; }
WORK=$(mktemp -d "${TMPDIR:-/tmp}/careflow-optimise-resume.XXXXXX")
trap 'rm -rf "$WORK"' EXIT
[ -x "$BIN" ] || { fail "no careflow binary at $BIN"; finish; }

"$BIN" optimise "$OPT" --out "$WORK/whole" --workers 2 >"$WORK/whole.log" 2>&1 &&
  pass "uninterrupted run" || { cat "$WORK/whole.log" >&2; fail "uninterrupted run"; finish; }
grep -q "chosen: nurses=3 doctors=7" "$WORK/whole.log" && pass "answer 3 nurses, 7 doctors (Jackson)" || { cat "$WORK/whole.log" >&2; fail "answer"; }

"$BIN" optimise "$OPT" --out "$WORK/killed" --workers 2 >"$WORK/killed.log" 2>&1 &
PID=$!
# Kill once at least 12 tasks are committed (or give up after 120 s).
for _ in $(seq 1200); do
  n=$(sqlite3 "$WORK/killed/optimise.sqlite" "SELECT COUNT(*) FROM tasks_done" 2>/dev/null || echo 0)
  [ "${n:-0}" -ge 12 ] && break
  kill -0 $PID 2>/dev/null || break
  sleep 0.1
done
if kill -0 $PID 2>/dev/null; then kill -9 $PID; wait $PID 2>/dev/null; pass "killed with SIGKILL after ${n} tasks"; else fail "the run ended before it could be killed"; fi
test ! -e "$WORK/killed/optimise.json" && pass "no answer written by the killed run" || fail "a killed run left optimise.json"
"$BIN" optimise "$OPT" --out "$WORK/killed" --workers 1 >"$WORK/resumed.log" 2>&1 &&
  pass "resumed run" || { cat "$WORK/resumed.log" >&2; fail "resumed run"; finish; }

strip() { python3 - "$1" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
for k in ("replications_this_run", "rounds", "command"): d.pop(k, None)
print(json.dumps(d, sort_keys=True))
PY
}
if [ "$(strip "$WORK/whole/optimise.json")" = "$(strip "$WORK/killed/optimise.json")" ]; then pass "resumed answer identical to the uninterrupted one"; else fail "resumed optimise.json differs"; diff <(strip "$WORK/whole/optimise.json") <(strip "$WORK/killed/optimise.json") | head -5 >&2; fi
a=$(sqlite3 "$WORK/whole/optimise.sqlite" "SELECT config, replication, kpi, value FROM results ORDER BY 1, 2, 3" | sha256sum)
b=$(sqlite3 "$WORK/killed/optimise.sqlite" "SELECT config, replication, kpi, value FROM results ORDER BY 1, 2, 3" | sha256sum)
[ "$a" = "$b" ] && pass "results tables identical row for row" || fail "results tables differ"
grep -q "interrupted" <(sqlite3 "$WORK/killed/optimise.sqlite" "SELECT status FROM runs") && pass "the killed run is recorded as interrupted" || fail "no interrupted run recorded"
finish
