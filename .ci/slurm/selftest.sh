#!/usr/bin/env bash
# Self-test of the one-machine Slurm cluster: start it, run a 4-task job array plus a
# dependent (afterok) merge job, verify, stop it. Ends with "1 passed, 0 failed" or
# "0 passed, 1 failed"; exits non-zero on failure.
#   CAREFLOW_SLURM_JOB_TIMEOUT  seconds to wait for the jobs [120]
set -uo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
CLUSTER=$HERE/cluster.sh
JOB_TIMEOUT=${CAREFLOW_SLURM_JOB_TIMEOUT:-120}
eval "$("$CLUSTER" env)"          # SLURM_CONF, CAREFLOW_SLURM_DIR
WORK=$CAREFLOW_SLURM_DIR/selftest

t0=$EPOCHREALTIME
now() { awk -v a="$t0" -v b="$EPOCHREALTIME" 'BEGIN{printf "%.2f", b-a}'; }
lap() { printf '[selftest %6ss] %s\n' "$(now)" "$*"; }
fail() { printf '[selftest] FAIL: %s\n' "$*" >&2; exit 1; }

was_up=""
"$CLUSTER" status >/dev/null 2>&1 && was_up=1
on_exit() {
  local rc=$?
  trap - EXIT
  if [[ $rc -ne 0 ]]; then
    echo "---- diagnostics" >&2
    timeout 10 squeue >&2 2>/dev/null || true
    [[ -n ${jobid:-} ]] && timeout 10 scontrol -o show job "$jobid" >&2 2>/dev/null || true
    [[ -n ${mergeid:-} ]] && timeout 10 scontrol -o show job "$mergeid" >&2 2>/dev/null || true
    for f in "$WORK"/*.out "$CAREFLOW_SLURM_DIR"/log/jobcomp.log "$CAREFLOW_SLURM_DIR"/log/slurm*.log; do
      [[ -f $f ]] && { echo "== $f" >&2; tail -n 20 "$f" >&2; }
    done
  fi
  if [[ -n $was_up && -z ${CAREFLOW_SLURM_STOP:-} ]]; then
    lap "cluster was already running before the self-test; leaving it up"
  else
    local s=$EPOCHREALTIME
    "$CLUSTER" stop || rc=1
    lap "cluster stopped ($(awk -v a="$s" -v b="$EPOCHREALTIME" 'BEGIN{printf "%.2f", b-a}')s)"
  fi
  if [[ $rc -eq 0 ]]; then echo "1 passed, 0 failed"; else echo "0 passed, 1 failed"; fi
  exit "$rc"
}
trap on_exit EXIT
trap 'exit 130' INT TERM

# ---------------------------------------------------------------- start
"$CLUSTER" start || fail "cluster.sh start failed"
lap "cluster up"

# ---------------------------------------------------------------- submit
rm -rf "$WORK"; mkdir -p "$WORK"
# Shaped like the scripts `careflow sweep --emit-slurm` will generate: #SBATCH directives,
# absolute paths, one array task per shard, then an afterok merge job.
cat >"$WORK/task.sbatch" <<EOF
#!/bin/bash
#SBATCH --job-name=cf-selftest
#SBATCH --array=0-3
#SBATCH --ntasks=1
#SBATCH --cpus-per-task=1
#SBATCH --time=00:05:00
#SBATCH --chdir=$WORK
#SBATCH --output=$WORK/task-%A_%a.out
set -euo pipefail
echo "\$SLURM_ARRAY_TASK_ID \$SLURM_ARRAY_TASK_COUNT" >"$WORK/task_\$SLURM_ARRAY_TASK_ID.txt"
EOF
cat >"$WORK/merge.sbatch" <<EOF
#!/bin/bash
#SBATCH --job-name=cf-selftest-merge
#SBATCH --ntasks=1
#SBATCH --time=00:05:00
#SBATCH --chdir=$WORK
#SBATCH --output=$WORK/merge-%j.out
set -euo pipefail
cat "$WORK"/task_0.txt "$WORK"/task_1.txt "$WORK"/task_2.txt "$WORK"/task_3.txt >"$WORK/merged.txt"
EOF

t_sub=$EPOCHREALTIME
jobid=$(sbatch --parsable "$WORK/task.sbatch") || fail "sbatch of the array failed"
jobid=${jobid%%;*}
mergeid=$(sbatch --parsable --dependency="afterok:$jobid" "$WORK/merge.sbatch") || fail "sbatch of the merge job failed"
mergeid=${mergeid%%;*}
lap "submitted array job $jobid (--array=0-3) and merge job $mergeid (afterok:$jobid)"

# ---------------------------------------------------------------- wait
# Finished jobs are appended to the jobcomp log (no slurmdbd here, so no sacct);
# wait until the merge job is in it or has left the queue.
deadline=$((SECONDS + JOB_TIMEOUT))
while :; do
  grep -q "^JobId=$mergeid " "$CAREFLOW_SLURM_DIR/log/jobcomp.log" 2>/dev/null && break
  [[ -z $(squeue -h -j "$jobid,$mergeid" 2>/dev/null) ]] && sleep 0.5 && break
  (( SECONDS < deadline )) || fail "jobs not done after ${JOB_TIMEOUT}s"
  sleep 0.2
done
lap "jobs finished ($(awk -v a="$t_sub" -v b="$EPOCHREALTIME" 'BEGIN{printf "%.2f", b-a}')s after submit)"

# ---------------------------------------------------------------- verify
bad=0
for i in 0 1 2 3; do
  got=$(cat "$WORK/task_$i.txt" 2>/dev/null || echo missing)
  if [[ $got == "$i 4" ]]; then echo "ok   task_$i.txt: $got"; else echo "BAD  task_$i.txt: $got (want '$i 4')"; bad=1; fi
done
want=$'0 4\n1 4\n2 4\n3 4'
if [[ $(cat "$WORK/merged.txt" 2>/dev/null) == "$want" ]]; then echo "ok   merged.txt: 4 lines in order"
else echo "BAD  merged.txt: $(head -c 200 "$WORK/merged.txt" 2>/dev/null || echo missing)"; bad=1; fi
# Job states from the jobcomp log: 4 array tasks + merge job, all COMPLETED with exit 0.
states=$(grep -E "^JobId=($jobid|$mergeid) |ArrayJobId=$jobid " "$CAREFLOW_SLURM_DIR/log/jobcomp.log" 2>/dev/null |
         grep -o 'JobState=[A-Z_]*' | sort | uniq -c | xargs)
echo "job states: $states"
[[ $states == "5 JobState=COMPLETED" ]] || { echo "BAD  expected 5 COMPLETED records"; bad=1; }
# The merge job really ran after the array (afterok): its start >= every task's end.
merge_start=$(scontrol -o show job "$mergeid" 2>/dev/null | grep -o 'StartTime=[^ ]*' | cut -d= -f2)
last_end=$(scontrol -o show job "$jobid" 2>/dev/null | grep -o 'EndTime=[^ ]*' | cut -d= -f2 | sort | tail -n1)
if [[ -n $merge_start && -n $last_end && ! $merge_start < $last_end ]]; then echo "ok   merge started $merge_start >= last task end $last_end"
else echo "BAD  merge start '$merge_start' vs last task end '$last_end'"; bad=1; fi
[[ $bad -eq 0 ]] || fail "verification failed"
lap "verified"
