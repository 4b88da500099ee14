#!/usr/bin/env bash
# End-to-end test of sweeps on Slurm: builds careflow (debug), starts the
# one-machine cluster (.ci/slurm/cluster.sh), runs Scenarios/sweeps/small.yaml
# on this machine, emits the Slurm scripts with 4 shards, submits them (job
# array + afterok merge job), waits for the merge, and checks that the merged
# database equals the single-machine one row for row (results, points, sweep,
# tasks_done). Ends with "1 passed, 0 failed" or "0 passed, 1 failed".
#
#   CAREFLOW_SCRATCH            SwiftPM scratch path for the build      [<repo>/.build]
#   CAREFLOW_SLURM_JOB_TIMEOUT  seconds to wait for the jobs            [300]
#   CAREFLOW_SLURM_STOP=1       stop the cluster even if it was already up
set -uo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
CLUSTER=$ROOT/.ci/slurm/cluster.sh
SCRATCH=${CAREFLOW_SCRATCH:-$ROOT/.build}
JOB_TIMEOUT=${CAREFLOW_SLURM_JOB_TIMEOUT:-300}
SWEEP=$ROOT/Scenarios/sweeps/small.yaml
SHARDS=4

t0=$EPOCHREALTIME
lap() { printf '[slurm-sweep %6ss] %s\n' "$(awk -v a="$t0" -v b="$EPOCHREALTIME" 'BEGIN{printf "%.2f", b-a}')" "$*"; }
fail() { printf '[slurm-sweep] FAIL: %s\n' "$*" >&2; exit 1; }

WORK=""
was_up=""
started=""
on_exit() {
  local rc=$?
  trap - EXIT
  if [[ $rc -ne 0 ]]; then
    echo "---- diagnostics" >&2
    [[ -n $started || -n $was_up ]] && timeout 10 squeue >&2 2>/dev/null || true
    for f in "$WORK"/slurm/logs/*.out "${CAREFLOW_SLURM_DIR:-/nonexistent}"/log/jobcomp.log; do
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
(cd "$ROOT" && swift build --scratch-path "$SCRATCH" --product careflow) >"${TMPDIR:-/tmp}/slurm-sweep-build.log" 2>&1 ||
  { tail -n 40 "${TMPDIR:-/tmp}/slurm-sweep-build.log" >&2; fail "swift build failed"; }
BIN=$(cd "$ROOT" && swift build --scratch-path "$SCRATCH" --show-bin-path)/careflow
[[ -x $BIN ]] || fail "no careflow binary at $BIN"
lap "built $BIN"

# ---------------------------------------------------------------- cluster
eval "$("$CLUSTER" env)"          # SLURM_CONF, CAREFLOW_SLURM_DIR
"$CLUSTER" status >/dev/null 2>&1 && was_up=1
"$CLUSTER" start || fail "cluster.sh start failed"
started=1
lap "cluster up"

WORK=$(mktemp -d "${TMPDIR:-/tmp}/careflow-slurm-sweep.XXXXXX")
chmod 755 "$WORK"

# ---------------------------------------------------------------- one machine
CI=1 "$BIN" sweep "$SWEEP" --out "$WORK/local" --workers 2 >"$WORK/local.log" 2>&1 || { cat "$WORK/local.log" >&2; fail "single-machine sweep failed"; }
lap "single-machine sweep done: $(grep -c . <<<"$(sqlite3 "$WORK/local/sweep.sqlite" 'select * from tasks_done')") tasks"

# ---------------------------------------------------------------- Slurm
"$BIN" sweep "$SWEEP" --emit-slurm --shards "$SHARDS" --out "$WORK/slurm" >"$WORK/emit.log" 2>&1 || { cat "$WORK/emit.log" >&2; fail "--emit-slurm failed"; }
for f in sweep.slurm.sh merge.slurm.sh submit.sh; do [[ -x $WORK/slurm/$f ]] || fail "--emit-slurm did not write an executable $f"; done
grep -q -- "--array=0-$((SHARDS - 1))" "$WORK/slurm/sweep.slurm.sh" || fail "sweep.slurm.sh lacks --array=0-$((SHARDS - 1))"
grep -q -- "--dependency=afterok:" "$WORK/slurm/submit.sh" || fail "submit.sh lacks the afterok dependency"
"$WORK/slurm/submit.sh" || fail "submit.sh failed"
read -r array_id merge_id <"$WORK/slurm/jobs.txt" || fail "submit.sh wrote no jobs.txt"
lap "submitted array job $array_id ($SHARDS tasks) and merge job $merge_id"

deadline=$((SECONDS + JOB_TIMEOUT))
while :; do
  grep -q "^JobId=$merge_id " "$CAREFLOW_SLURM_DIR/log/jobcomp.log" 2>/dev/null && break
  [[ -z $(squeue -h -j "$array_id,$merge_id" 2>/dev/null) ]] && sleep 0.5 && break
  (( SECONDS < deadline )) || fail "jobs not done after ${JOB_TIMEOUT}s"
  sleep 0.5
done
lap "jobs finished"

# ---------------------------------------------------------------- verify
bad=0
merge_state=$(grep "^JobId=$merge_id " "$CAREFLOW_SLURM_DIR/log/jobcomp.log" 2>/dev/null | grep -o 'JobState=[A-Z_]*' | tail -n1)
if [[ $merge_state == JobState=COMPLETED ]]; then echo "ok   merge job $merge_id COMPLETED"; else echo "BAD  merge job $merge_id: ${merge_state:-no record}"; bad=1; fi
for k in $(seq 1 "$SHARDS"); do
  f=$WORK/slurm/shard-$k-of-$SHARDS.sqlite
  n=$(sqlite3 "$f" 'select count(*) from tasks_done' 2>/dev/null || echo missing)
  if [[ $n =~ ^[1-9][0-9]*$ ]]; then echo "ok   shard $k/$SHARDS: $n tasks"; else echo "BAD  shard $k/$SHARDS: $n"; bad=1; fi
done
merged=$WORK/slurm/sweep.sqlite
[[ -f $merged ]] || fail "no merged database $merged"
for q in "select point, replication, kpi, value from results order by 1, 2, 3" \
         "select * from points order by point" \
         "select * from sweep" \
         "select point, replication from tasks_done order by 1, 2"; do
  a=$(sqlite3 "$WORK/local/sweep.sqlite" "$q") || bad=1
  b=$(sqlite3 "$merged" "$q") || bad=1
  if [[ -n $a && $a == "$b" ]]; then echo "ok   identical ($(wc -l <<<"$a") rows): $q"
  else echo "BAD  differ: $q"; diff <(echo "$a") <(echo "$b") | head -n 10; bad=1; fi
done
[[ $bad -eq 0 ]] || fail "verification failed"
lap "verified"
