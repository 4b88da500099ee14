#!/usr/bin/env bash
# End-to-end test of careflow optimise on Slurm: builds careflow (debug),
# starts the one-machine cluster (.ci/slurm/cluster.sh), runs
# Tests/optimise/tandem-opt.yaml on this machine, emits the Slurm scripts
# with 3 shards (--emit-slurm), runs the emitted drive.sh (per round: the job
# array with sbatch --wait, then the merge job, until optimise.json exists),
# and checks that the answer (optimise.json without replications_this_run,
# rounds, command) and the results table equal the single-machine run's, and
# that every array task and merge job completed. Ends with "1 passed,
# 0 failed" or "0 passed, 1 failed".
#
#   CAREFLOW_SCRATCH            SwiftPM scratch path for the build      [<repo>/.build]
#   CAREFLOW_SLURM_JOB_TIMEOUT  seconds to wait for drive.sh            [600]
#   CAREFLOW_SLURM_STOP=1       stop the cluster even if it was already up
set -uo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
CLUSTER=$ROOT/.ci/slurm/cluster.sh
SCRATCH=${CAREFLOW_SCRATCH:-$ROOT/.build}
JOB_TIMEOUT=${CAREFLOW_SLURM_JOB_TIMEOUT:-600}
OPT=$ROOT/Tests/optimise/tandem-opt.yaml
SHARDS=3

t0=$EPOCHREALTIME
lap() { printf '[slurm-optimise %6ss] %s\n' "$(awk -v a="$t0" -v b="$EPOCHREALTIME" 'BEGIN{printf "%.2f", b-a}')" "$*"; }
fail() { printf '[slurm-optimise] FAIL: %s\n' "$*" >&2; exit 1; }

WORK=""
was_up=""
started=""
on_exit() {
  local rc=$?
  trap - EXIT
  if [[ $rc -ne 0 ]]; then
    echo "---- diagnostics" >&2
    [[ -n $started || -n $was_up ]] && timeout 10 squeue >&2 2>/dev/null || true
    for f in "$WORK"/drive.log "$WORK"/slurm/logs/*.out "${CAREFLOW_SLURM_DIR:-/nonexistent}"/log/jobcomp.log; do
      [[ -f $f ]] && { echo "== $f" >&2; tail -n 20 "$f" >&2; }
    done
  fi
  if [[ -n $started && ( -z $was_up || -n ${CAREFLOW_SLURM_STOP:-} ) ]]; then
    "$CLUSTER" stop || rc=1
    lap "cluster stopped"
  elif [[ -n $was_up ]]; then
    lap "cluster was already running; leaving it up"
  fi
  [[ $rc -eq 0 && -n $WORK ]] && rm -rf "$WORK"
  if [[ $rc -eq 0 ]]; then echo "1 passed, 0 failed"; else echo "0 passed, 1 failed"; fi
  exit "$rc"
}
trap on_exit EXIT
trap 'exit 130' INT TERM

command -v sqlite3 >/dev/null || fail "sqlite3 (the command-line shell) is needed to compare databases"

# ---------------------------------------------------------------- build
(cd "$ROOT" && swift build --scratch-path "$SCRATCH" --product careflow) >"${TMPDIR:-/tmp}/slurm-optimise-build.log" 2>&1 ||
  { tail -n 40 "${TMPDIR:-/tmp}/slurm-optimise-build.log" >&2; fail "swift build failed"; }
BIN=$(cd "$ROOT" && swift build --scratch-path "$SCRATCH" --show-bin-path)/careflow
[[ -x $BIN ]] || fail "no careflow binary at $BIN"
lap "built $BIN"

# ---------------------------------------------------------------- cluster
eval "$("$CLUSTER" env)"          # SLURM_CONF, CAREFLOW_SLURM_DIR
"$CLUSTER" status >/dev/null 2>&1 && was_up=1
"$CLUSTER" start || fail "cluster.sh start failed"
started=1
lap "cluster up"

WORK=$(mktemp -d "${TMPDIR:-/tmp}/careflow-slurm-optimise.XXXXXX")
chmod 755 "$WORK"

# ---------------------------------------------------------------- one machine
# Run from its folder with the optimise file named as the emitted scripts name it
# (relative to the folder; local/ and slurm/ are siblings), so that optimise.json's
# base and chosen.yaml's extends are the same paths.
mkdir -p "$WORK/local"
REL=$(python3 -c 'import os, sys; print(os.path.relpath(sys.argv[1], sys.argv[2]))' "$OPT" "$WORK/local")
(cd "$WORK/local" && "$BIN" optimise "$REL" --out . --workers 2) >"$WORK/local.log" 2>&1 || { cat "$WORK/local.log" >&2; fail "single-machine optimise failed"; }
lap "single-machine run done: $(tail -n 1 "$WORK/local.log")"

# ---------------------------------------------------------------- Slurm
"$BIN" optimise "$OPT" --emit-slurm --shards "$SHARDS" --out "$WORK/slurm" >"$WORK/emit.log" 2>&1 || { cat "$WORK/emit.log" >&2; fail "--emit-slurm failed"; }
for f in optimise.slurm.sh merge.slurm.sh drive.sh; do [[ -x $WORK/slurm/$f ]] || fail "--emit-slurm did not write an executable $f"; done
grep -q -- "--array=0-$((SHARDS - 1))" "$WORK/slurm/optimise.slurm.sh" || fail "optimise.slurm.sh lacks --array=0-$((SHARDS - 1))"
grep -q -- "--shard slurm" "$WORK/slurm/optimise.slurm.sh" || fail "optimise.slurm.sh does not run --shard slurm"
grep -q -- "--merge" "$WORK/slurm/merge.slurm.sh" || fail "merge.slurm.sh does not run --merge"
grep -q -- "sbatch --parsable --wait" "$WORK/slurm/drive.sh" || fail "drive.sh does not wait for its jobs"
[[ -e $WORK/slurm/optimise.sqlite ]] && fail "--emit-slurm ran the optimisation"
lap "emitted: $(grep -c . "$WORK/emit.log") lines; $(grep -o 'at most [0-9]* rounds' "$WORK/emit.log")"

timeout "$JOB_TIMEOUT" "$WORK/slurm/drive.sh" >"$WORK/drive.log" 2>&1 || fail "drive.sh failed or timed out (${JOB_TIMEOUT}s)"
lap "drive.sh done: $(grep -c . "$WORK/slurm/jobs.txt") rounds"

# ---------------------------------------------------------------- verify
bad=0
[[ -f $WORK/slurm/optimise.json ]] || fail "drive.sh ended without optimise.json"
local_rounds=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["rounds"])' "$WORK/local/optimise.json")
slurm_rounds=$(grep -c . "$WORK/slurm/jobs.txt")
if [[ $local_rounds == "$slurm_rounds" ]]; then echo "ok   $slurm_rounds rounds, as on one machine"; else echo "BAD  $slurm_rounds rounds on Slurm, $local_rounds on one machine"; bad=1; fi
while read -r step array merge; do
  n=$(grep "JobState=COMPLETED" "$CAREFLOW_SLURM_DIR/log/jobcomp.log" 2>/dev/null | grep -c " ArrayJobId=$array ArrayTaskId=")
  if [[ $n -eq $SHARDS ]]; then echo "ok   round $step: array job $array, $n tasks COMPLETED"; else echo "BAD  round $step: array job $array has $n of $SHARDS tasks COMPLETED"; bad=1; fi
  if grep -q "^JobId=$merge .*JobState=COMPLETED" "$CAREFLOW_SLURM_DIR/log/jobcomp.log" 2>/dev/null; then echo "ok   round $step: merge job $merge COMPLETED"; else echo "BAD  round $step: merge job $merge not COMPLETED"; bad=1; fi
done <"$WORK/slurm/jobs.txt"
strip() { python3 - "$1" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
for k in ("replications_this_run", "rounds", "command"): d.pop(k, None)
print(json.dumps(d, sort_keys=True))
PY
}
if [[ "$(strip "$WORK/local/optimise.json")" == "$(strip "$WORK/slurm/optimise.json")" ]]; then echo "ok   optimise.json identical (but for the run's own fields)"
else echo "BAD  optimise.json differs"; diff <(strip "$WORK/local/optimise.json") <(strip "$WORK/slurm/optimise.json") | head -n 10; bad=1; fi
if cmp -s "$WORK/local/chosen.yaml" "$WORK/slurm/chosen.yaml"; then echo "ok   chosen.yaml identical"; else echo "BAD  chosen.yaml differs"; diff "$WORK/local/chosen.yaml" "$WORK/slurm/chosen.yaml" | head -n 10; bad=1; fi
for q in "select config, replication, kpi, value from results order by 1, 2, 3" \
         "select config, replication from tasks_done order by 1, 2" \
         "select * from configurations order by config"; do
  a=$(sqlite3 "$WORK/local/optimise.sqlite" "$q") || bad=1
  b=$(sqlite3 "$WORK/slurm/optimise.sqlite" "$q") || bad=1
  if [[ -n $a && $a == "$b" ]]; then echo "ok   identical ($(wc -l <<<"$a") rows): $q"
  else echo "BAD  differ: $q"; diff <(echo "$a") <(echo "$b") | head -n 10; bad=1; fi
done
n=$(sqlite3 "$WORK/slurm/optimise.sqlite" "select count(*) from runs where status like 'shard %: finished'")
if [[ $n -eq $((SHARDS * slurm_rounds)) ]]; then echo "ok   $n shard runs recorded in optimise.sqlite"; else echo "BAD  $n shard runs recorded, expected $((SHARDS * slurm_rounds))"; bad=1; fi
grep -q "^chosen: nurses=3 doctors=7" "$WORK/slurm/logs/"merge-*.out && echo "ok   the last merge job printed the answer" || { echo "BAD  no merge log with the answer"; bad=1; }
[[ $bad -eq 0 ]] || fail "verification failed"
lap "verified"
