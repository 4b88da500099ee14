#!/usr/bin/env bash
# Issue 11 (classes 4, 5, 6, 8, 9, 13) end to end through the command line:
# runaway and stalled models stop with exit 2 and a located message; damaged
# JSON results are exit 2 in one line; output errors (a file in the way, a
# read-only or full disk) are one line `careflow: error: PATH: REASON` with
# exit 3 and leave the previous result whole; --precision and compare give
# byte-identical files for any --workers and --out.
# CAREFLOW=path/to/careflow to test another binary (default: the debug build).
set -uo pipefail
cd "$(dirname "$0")/../.."
bin=${CAREFLOW:-.build/debug/careflow}
work=$(mktemp -d)
mnt=""
cleanup() { [ -n "$mnt" ] && umount "$mnt" 2>/dev/null; rm -rf "$work"; }
trap cleanup EXIT
fails=0
ok() { echo "  ok: $1"; }
bad() { echo "  FAIL: $1"; fails=$((fails + 1)); }

# expect STATUS PATTERN NAME -- COMMAND...: exit status, stderr matching
# PATTERN (grep -E), one line, no stack trace, within 120 s.
expect() {
  local want=$1 pattern=$2 name=$3; shift 4
  local err=$work/stderr
  timeout 120 "$@" >/dev/null 2>"$err"
  local rc=$?
  if [ "$rc" != "$want" ]; then bad "$name: exit $rc, expected $want: $(head -c 300 "$err")"; return; fi
  if ! grep -qE "$pattern" "$err"; then bad "$name: message does not match /$pattern/: $(head -c 300 "$err")"; return; fi
  if [ "$(wc -l <"$err")" -gt 1 ]; then bad "$name: more than one line on stderr: $(head -c 300 "$err")"; return; fi
  ok "$name"
}

scenario() {  # scenario FILE ARRIVALS STEPS [RUN]
  cat >"$1" <<YAML
name: $(basename "$1" .yaml)
run: {replications: 2, seed: 1${4:+, $4}}
units:
  doctor: 1
  bed: 1000000000
arrivals:
  patients: {pathway: patients, $2}
pathways:
  patients:
    steps:
$3
YAML
}

echo "-- class 4: runaway models"
scenario "$work/flood.yaml" "per_hour: 100000" "      - activity: {name: consult, uses: doctor, duration: 10m}" "horizon: 365d"
expect 2 "runaway model: 100001 patients .* unit 'doctor' \(capacity 1\).*pathway 'patients'.*arrival rates add up to" \
  "per_hour: 100000 against one doctor" -- "$bin" run "$work/flood.yaml" --out "$work/flood" --max-patients 100000
[ ! -e "$work/flood" ] && ok "no output written" || bad "output written for a runaway run"
scenario "$work/flood9.yaml" "per_hour: 1e9" "      - activity: {name: consult, uses: doctor, duration: 10m}" "horizon: 365d"
expect 2 "flood9.yaml:[0-9]+:[0-9]+: error: arrivals.patients.per_hour: .*expected a rate of at most 10,000,000 a day" \
  "per_hour: 1e9 is an input error" -- "$bin" run "$work/flood9.yaml" --out "$work/flood9"
[ ! -e "$work/flood9" ] && ok "no output written for an absurd rate" || bad "output written for an absurd rate"
scenario "$work/stay.yaml" "per_minute: 100, limit: 1000000000" "      - activity: {name: stay, uses: bed, duration: 36500d}"
expect 2 "runaway model: .*pathway 'patients' holds" "a 100-year stay with no horizon" -- \
  "$bin" run "$work/stay.yaml" --out "$work/stay" --max-patients 50000

echo "-- class 5: no progress"
scenario "$work/tiny.yaml" "per_hour: 1, limit: 1" "      - label: again
      - delay: {name: tick, duration: 1e-300}
      - goto: again" "horizon: 1d"
expect 2 "tiny.yaml:[0-9]+:[0-9]+: error: pathways.patients: .*loop for ever without taking time" "delay 1e-300 then goto (validate)" -- "$bin" validate "$work/tiny.yaml"
scenario "$work/repeat.yaml" "per_hour: 1, limit: 1" "      - repeat:
          times: 2147483647
          steps:
            - delay: {name: tick, duration: 0m}" "horizon: 1d"
expect 2 "repeat.yaml:[0-9]+:[0-9]+: error: .*repeats 2147483647 times without taking time" "repeat 2^31-1 around a zero delay (validate)" -- "$bin" validate "$work/repeat.yaml"
scenario "$work/spin.yaml" "per_hour: 1, limit: 1" "      - label: again
      - delay: {name: tick, duration: 1e-300}
      - branch:
          - {probability: 0.0000000001, goto: leave}
          - {probability: 0.9999999999, goto: again}" "horizon: 1d"
expect 2 "no progress: the clock stayed at .*pathway 'patients' at step 'branch'" "a tiny-delay loop with an improbable exit (run)" -- \
  "$bin" run "$work/spin.yaml" --out "$work/spin" --max-stalled-events 200000

echo "-- class 6: damaged result files"
good=$work/good.yaml
scenario "$good" "per_hour: 2" "      - activity: {name: consult, uses: doctor, duration: {exponential: {mean: 20m}}}" "horizon: 30d"
printf 'kpis:\n  stay: {from: arrival, to: departure, headline: true}\n' >>"$good"
sed 's/^name: good/name: good2/' "$good" >"$work/good2.yaml"
"$bin" compare "$good" "$work/good2.yaml" --replications 2 --out "$work/cmp" >/dev/null 2>&1 || bad "compare of two good scenarios failed"
for case in surrogate nesting; do
  d=$work/damaged-$case; mkdir -p "$d"; cp "$work/cmp/series.json" "$d/"
  case $case in
    surrogate) sed 's/"baseline": "good"/"baseline": "\\ud800"/' "$work/cmp/comparison.json" >"$d/comparison.json" ;;
    nesting) python3 -c 'print("[" * 300000)' >"$d/comparison.json" ;;
  esac
  expect 2 "comparison.json: JSON at byte [0-9]+" "report on a comparison.json with $case" -- "$bin" report "$d"
done
d=$work/damaged-counts; mkdir -p "$d"; cp "$work/cmp/series.json" "$d/"
sed -E 's/"n": [0-9]+/"n": 1e300/; s/"first_day": [0-9]+/"first_day": null/' "$work/cmp/comparison.json" >"$d/comparison.json"
sed -E 's/"first_day": [0-9]+/"first_day": 1e300/' "$work/cmp/series.json" >"$d/series.json"
timeout 120 "$bin" report "$d" >/dev/null 2>&1; rc=$?
[ "$rc" = 0 ] || [ "$rc" = 2 ] && ok "absurd counts: exit $rc, no crash" || bad "report with absurd counts: exit $rc"

echo "-- classes 8, 9: output sets and I/O errors"
touch "$work/afile"
expect 3 "^careflow: error: $work/afile: exists and is not a directory$" "--out is a file" -- "$bin" run "$good" --out "$work/afile"
expect 3 "^careflow: error: $work/afile: exists and is not a directory$" "--out below a file" -- "$bin" run "$good" --out "$work/afile/x"
if [ "$(id -u)" = 0 ] && mkdir -p "$work/mnt" && mount -t tmpfs -o size=2m tmpfs "$work/mnt" 2>/dev/null; then
  mnt=$work/mnt
  "$bin" run "$good" --out "$mnt/res" >/dev/null 2>&1 || bad "first run on the tmpfs failed"
  before=$(cat "$mnt/res/summary.json" "$mnt/res/series.json" | md5sum)
  head -c 100000000 /dev/zero >"$mnt/filler" 2>/dev/null   # fill the disk to the last block
  expect 3 "^careflow: error: $mnt/res/[a-z]+\.(json|csv): No space left on device$" "a full disk" -- "$bin" run "$good" --out "$mnt/res" --seed 99
  [ "$(cat "$mnt/res/summary.json" "$mnt/res/series.json" | md5sum)" = "$before" ] && ok "the previous result set is intact" || bad "previous result changed"
  left=$(ls -A "$mnt" | grep -v '^res$\|^filler$')
  [ -z "$left" ] && ok "nothing temporary left on the disk" || bad "left behind: $left"
  [ -z "$(ls -A "$mnt/res" | grep -E 'tmp|new')" ] && ok "no temporary files in the result" || bad "temporary files in $mnt/res"
  expect 3 "^careflow: error: $mnt/trace.csv: No space left on device$" "--trace on a full disk" -- "$bin" run "$good" --out "$work/t" --trace "$mnt/trace.csv"
  [ -z "$(ls -A "$mnt" | grep trace)" ] && ok "no partial trace left" || bad "partial trace left: $(ls -A "$mnt")"
  rm -f "$mnt/filler"
  mount -o remount,ro "$mnt"
  expect 3 "^careflow: error: $mnt/res[a-z/.]*: Read-only file system$" "a read-only disk" -- "$bin" run "$good" --out "$mnt/res"
  umount "$mnt"; mnt=""
else
  echo "  (not root or no tmpfs: full-disk checks skipped)"
fi
if [ "$(id -u)" != 0 ]; then
  mkdir -p "$work/ro" && chmod 500 "$work/ro"
  expect 3 "^careflow: error: $work/ro/res: Permission denied$" "permission denied" -- "$bin" run "$good" --out "$work/ro/res"
fi
expect 3 "^careflow: error: /dev/full: exists and is not a directory$" "--trace below a device" -- "$bin" run "$good" --out "$work/t2" --trace /dev/full/x.csv

echo "-- class 13: determinism across --workers and --out"
"$bin" run "$good" --precision 0.05 --max-replications 60 --workers 6 --out "$work/p6" >/dev/null 2>&1
"$bin" run "$good" --precision 0.05 --max-replications 60 --workers 9 --out "$work/p9" >/dev/null 2>&1
cmp -s "$work/p6/summary.json" "$work/p9/summary.json" && ok "--precision: same replications and results with 6 and 9 workers" \
  || bad "--precision: $(grep -m1 replications "$work/p6/summary.json") vs $(grep -m1 replications "$work/p9/summary.json")"
"$bin" compare "$good" "$work/good2.yaml" --replications 3 --workers 1 --out "$work/c1" >/dev/null 2>&1
"$bin" compare "$good" "$work/good2.yaml" --replications 3 --workers 2 --out "$work/c2" >/dev/null 2>&1
for f in comparison.json report.html; do
  cmp -s "$work/c1/$f" "$work/c2/$f" && ok "$f identical across --workers and --out" || bad "$f differs across --workers/--out"
done

if [ "$fails" -gt 0 ]; then echo "hardening: $fails check(s) failed"; exit 1; fi
echo "hardening: all checks passed"
