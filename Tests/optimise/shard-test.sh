#!/usr/bin/env bash
# careflow optimise sharded on one machine gives the answer of an
# uninterrupted run: runs Tests/optimise/tandem-opt.yaml uninterrupted
# (2 workers), then round by round as 3 shards (--shard K/3, the three at
# once, as a job array runs them) and a merge (--merge) until the merge
# writes optimise.json; one shard of the first round is killed with SIGKILL
# part-way and rerun (it resumes). Compares optimise.json without the fields
# that describe the run itself (replications_this_run, rounds, command) and
# the results tables row for row, and checks the refusals: merging an
# unfinished round, shards of another round count, a changed optimise file
# (exit 2, the file named). Ends with "N passed, M failed".
#
#   CAREFLOW_BIN   careflow binary   [<repo>/.build/debug/careflow]
set -uo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
BIN=${CAREFLOW_BIN:-$ROOT/.build/debug/careflow}
OPT=$ROOT/Tests/optimise/tandem-opt.yaml
N=3
passed=0; failed=0
pass() { echo "  ok: $*"; passed=$((passed + 1)); }
fail() { echo "  FAIL: $*" >&2; failed=$((failed + 1)); }
finish() { echo "$passed passed, $failed failed"; [ "$failed" -eq 0 ]; exit $?; }
WORK=$(mktemp -d "${TMPDIR:-/tmp}/careflow-optimise-shard.XXXXXX")
trap 'rm -rf "$WORK"' EXIT
[ -x "$BIN" ] || { fail "no careflow binary at $BIN"; finish; }
command -v sqlite3 >/dev/null || { fail "sqlite3 (the command-line shell) is needed to compare databases"; finish; }

"$BIN" optimise "$OPT" --out "$WORK/whole" --workers 2 >"$WORK/whole.log" 2>&1 &&
  pass "uninterrupted run" || { cat "$WORK/whole.log" >&2; fail "uninterrupted run"; finish; }

S=$WORK/sharded
expect_refusal() {  # expect_refusal WHAT PATTERN COMMAND...
  local what=$1 pattern=$2; shift 2
  "$@" >"$WORK/refusal.log" 2>&1
  local rc=$?
  if [ $rc -eq 2 ] && grep -q -- "$pattern" "$WORK/refusal.log"; then pass "refused: $what (exit 2)"; else fail "$what: exit $rc"; cat "$WORK/refusal.log" >&2; fi
}

# Round 1, shard 1 killed part-way, then rerun: it resumes from its file.
"$BIN" optimise "$OPT" --out "$S" --shard 1/$N --workers 1 >"$WORK/killed.log" 2>&1 &
PID=$!
for _ in $(seq 600); do
  n=$(sqlite3 "$S/shard-1-of-$N.sqlite" "SELECT COUNT(*) FROM tasks_done" 2>/dev/null || echo 0)
  [ "${n:-0}" -ge 3 ] && break
  kill -0 $PID 2>/dev/null || break
  sleep 0.1
done
if kill -0 $PID 2>/dev/null; then kill -9 $PID; wait $PID 2>/dev/null; pass "shard 1/$N killed with SIGKILL after ${n} tasks"; else fail "shard 1/$N ended before it could be killed"; fi
expect_refusal "merging a round with shards missing" "round 1 is not complete" "$BIN" optimise "$OPT" --out "$S" --merge
"$BIN" optimise "$OPT" --out "$S" --shard 1/2 --workers 1 >/dev/null 2>&1
expect_refusal "shards of one round with different shard counts" "different shard counts" "$BIN" optimise "$OPT" --out "$S" --merge
rm -f "$S"/shard-1-of-2.sqlite*
mkdir -p "$WORK/changed" && cp "$ROOT/Tests/optimise/tandem.yaml" "$WORK/changed/" && sed 's/^window: 4$/window: 3/' "$OPT" >"$WORK/changed/tandem-opt.yaml"
# Before the first merge there is no merged store to compare with; the shard's own file (shard 1's, from the killed run) refuses it.
expect_refusal "a shard of a changed optimise file" "changed since $S/shard-1-of-$N.sqlite was started" "$BIN" optimise "$WORK/changed/tandem-opt.yaml" --out "$S" --shard 1/$N
[ -e "$S/optimise.sqlite" ] && fail "a refused merge left an optimise.sqlite behind" || pass "the refused merges left no optimise.sqlite behind"

rounds=0
for _ in $(seq 20); do
  [ -f "$S/optimise.json" ] && break
  pids=()
  for k in $(seq 1 $N); do
    "$BIN" optimise "$OPT" --out "$S" --shard "$k/$N" --workers 1 >"$WORK/shard-$k.log" 2>&1 &
    pids+=($!)
  done
  ok=1
  for p in "${pids[@]}"; do wait "$p" || ok=0; done
  [ $ok -eq 1 ] || { cat "$WORK"/shard-*.log >&2; fail "a shard failed"; finish; }
  grep -q "no answer yet" "$WORK/shard-1.log" || { cat "$WORK/shard-1.log" >&2; fail "a shard did not say the round needs a merge"; }
  [ -e "$S/optimise.json" ] && { fail "a shard wrote optimise.json"; finish; }
  "$BIN" optimise "$OPT" --out "$S" --merge >"$WORK/merge.log" 2>&1 || { cat "$WORK/merge.log" >&2; fail "merge failed"; finish; }
  rounds=$((rounds + 1))
  for k in $(seq 1 $N); do cp "$WORK/shard-$k.log" "$WORK/shard-$k-round-$rounds.log"; done
done
if [ -f "$S/optimise.json" ]; then pass "$rounds rounds of $N shards and a merge wrote optimise.json"; else fail "no optimise.json after $rounds rounds"; finish; fi
grep -q "^round 1: .* shard 1/$N ran [0-9]* of its [0-9]* ([1-9][0-9]* were in its file)" "$WORK/shard-1-round-1.log" &&
  pass "the killed shard resumed: $(grep -o '([0-9]* were in its file)' "$WORK/shard-1-round-1.log")" || { cat "$WORK/shard-1-round-1.log" >&2; fail "the killed shard did not resume from its file"; }
n_runs=$(sqlite3 "$S/optimise.sqlite" "SELECT COUNT(*) FROM runs WHERE status = 'interrupted' AND command LIKE '%--shard 1/$N'")
[ "$n_runs" -ge 1 ] && pass "the killed shard's run is recorded in optimise.sqlite as interrupted" || fail "no interrupted shard run in optimise.sqlite"
ls "$S"/shard-*.sqlite >/dev/null 2>&1 && fail "shard files left after the merges" || pass "merged shard files removed"

strip() { python3 - "$1" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
for k in ("replications_this_run", "rounds", "command"): d.pop(k, None)
print(json.dumps(d, sort_keys=True))
PY
}
if [ "$(strip "$WORK/whole/optimise.json")" = "$(strip "$S/optimise.json")" ]; then pass "sharded answer identical to the uninterrupted one"; else fail "sharded optimise.json differs"; diff <(strip "$WORK/whole/optimise.json") <(strip "$S/optimise.json") | head -5 >&2; fi
q="SELECT config, replication, kpi, value FROM results ORDER BY 1, 2, 3"
a=$(sqlite3 "$WORK/whole/optimise.sqlite" "$q" | sha256sum); b=$(sqlite3 "$S/optimise.sqlite" "$q" | sha256sum)
[ "$a" = "$b" ] && pass "results tables identical row for row ($(sqlite3 "$S/optimise.sqlite" "SELECT COUNT(*) FROM tasks_done") tasks)" || fail "results tables differ"
q="SELECT config, replication FROM tasks_done ORDER BY 1, 2"
[ "$(sqlite3 "$WORK/whole/optimise.sqlite" "$q")" = "$(sqlite3 "$S/optimise.sqlite" "$q")" ] && pass "tasks_done identical" || fail "tasks_done differs"
cmp -s "$WORK/whole/chosen.yaml" <(sed "s#$S#$WORK/whole#g" "$S/chosen.yaml") && pass "chosen.yaml identical (but for the folder)" || fail "chosen.yaml differs"
# The plain command afterwards runs nothing and gives the same answer.
"$BIN" optimise "$OPT" --out "$S" --workers 1 >"$WORK/plain.log" 2>&1 && grep -q "(0 in this run)" "$WORK/plain.log" &&
  [ "$(strip "$WORK/whole/optimise.json")" = "$(strip "$S/optimise.json")" ] && pass "the plain command afterwards runs nothing, same answer" || { cat "$WORK/plain.log" >&2; fail "plain command after the merges"; }
finish
