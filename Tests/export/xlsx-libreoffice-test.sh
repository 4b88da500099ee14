#!/usr/bin/env bash
# `careflow export DIR --xlsx --csv` on a small comparison: the workbook opens
# in LibreOffice (headless conversion to CSV) and its numbers are the CSV's;
# the same for a small sweep's summary.xlsx against its summary.csv.
# Installs LibreOffice Calc through scripts/setup.sh. Prints "N passed, M failed".
# Environment: CAREFLOW_BIN (a careflow binary; default: swift build's debug one).
set -uo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$ROOT"
WORK="$(mktemp -d "${TMPDIR:-/tmp}/careflow-xlsx-test.XXXXXX")"
trap 'rm -rf "$WORK"' EXIT
PASSED=0; FAILED=0
pass() { PASSED=$((PASSED + 1)); echo "ok - $*"; }
fail() { FAILED=$((FAILED + 1)); echo "not ok - $*"; }
finish() { echo "$PASSED passed, $FAILED failed"; [ "$FAILED" -eq 0 ]; exit $?; }

if ! command -v soffice >/dev/null && ! command -v libreoffice >/dev/null; then
    bash scripts/setup.sh libreoffice-calc-nogui >/dev/null || bash scripts/setup.sh libreoffice-calc >/dev/null
fi
LO="$(command -v libreoffice || command -v soffice || true)"
if [ -n "$LO" ]; then pass "LibreOffice available"; else fail "LibreOffice could not be installed"; finish; fi
BIN="${CAREFLOW_BIN:-$(swift build --show-bin-path)/careflow}"
[ -x "$BIN" ] || swift build --product careflow >/dev/null 2>&1

cat >"$WORK/whatif.yaml" <<YAML
extends: $ROOT/Scenarios/bench-b2.yaml
name: more-beds
overrides:
  units.ward_bed.capacity: 130
  run.horizon: 40d
YAML
if "$BIN" compare Scenarios/bench-b2.yaml "$WORK/whatif.yaml" --replications 3 --out "$WORK/out" >/dev/null 2>&1; then pass "careflow compare"; else fail "careflow compare"; finish; fi
if "$BIN" export "$WORK/out" --xlsx --csv >/dev/null 2>&1 && [ -s "$WORK/out/comparison.xlsx" ]; then pass "careflow export --xlsx --csv"; else fail "careflow export"; finish; fi
if "$BIN" export "$WORK/nope" --xlsx >/dev/null 2>&1; [ $? -eq 2 ]; then pass "export of a missing directory exits 2"; else fail "export of a missing directory does not exit 2"; fi
# Headless conversion of the first sheet to CSV.
mkdir -p "$WORK/lo"
if HOME="$WORK" timeout 300 "$LO" --headless --convert-to 'csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false' --outdir "$WORK/lo" "$WORK/out/comparison.xlsx" >"$WORK/lo.log" 2>&1 && [ -s "$WORK/lo/comparison.csv" ]; then
    pass "LibreOffice opens comparison.xlsx and converts it ($(wc -l <"$WORK/lo/comparison.csv") lines)"
else
    cat "$WORK/lo.log"; fail "LibreOffice could not convert comparison.xlsx"; finish
fi
# Same rows, and every number equal to the CSV's (to LibreOffice's 15 significant digits).
python3 - "$WORK/out/comparison.csv" "$WORK/lo/comparison.csv" <<'PY' && pass "the workbook's numbers round-trip (equal to the CSV's)" || fail "the workbook's numbers differ from the CSV's"
import csv, math, sys
a = list(csv.reader(open(sys.argv[1], newline="")))
b = list(csv.reader(open(sys.argv[2], newline="")))
if len(a) != len(b) or len(a) < 10:
    print(f"rows: {len(a)} vs {len(b)}"); sys.exit(1)
bad = 0
for ra, rb in zip(a, b):
    for x, y in zip(ra, rb):
        try:
            fx = float(x)
        except ValueError:
            if x != y: bad += 1
            continue
        fy = float(y)
        if not math.isclose(fx, fy, rel_tol=1e-14, abs_tol=1e-300): bad += 1
if bad: print(f"{bad} cells differ"); sys.exit(1)
PY
# A sweep: `export --xlsx --csv` writes summary.xlsx next to summary.csv; same rows and numbers.
if CI=1 "$BIN" sweep Scenarios/sweeps/small.yaml --out "$WORK/sweep" >/dev/null 2>&1 && "$BIN" export "$WORK/sweep" --xlsx --csv >/dev/null 2>&1 && [ -s "$WORK/sweep/summary.xlsx" ]; then
    pass "careflow export --xlsx --csv of a sweep"
else
    fail "careflow export --xlsx of a sweep"; finish
fi
mkdir -p "$WORK/lo-sweep"
if HOME="$WORK" timeout 300 "$LO" --headless --convert-to 'csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false' --outdir "$WORK/lo-sweep" "$WORK/sweep/summary.xlsx" >"$WORK/lo.log" 2>&1 && [ -s "$WORK/lo-sweep/summary.csv" ]; then
    pass "LibreOffice opens the sweep's summary.xlsx"
else
    cat "$WORK/lo.log"; fail "LibreOffice could not convert summary.xlsx"; finish
fi
# summary.csv has no target/better columns: compare the shared ones by name.
python3 - "$WORK/sweep/summary.csv" "$WORK/lo-sweep/summary.csv" <<'PY' && pass "the sweep workbook's rows and numbers equal summary.csv's" || fail "the sweep workbook differs from summary.csv"
import csv, math, sys
a = list(csv.DictReader(open(sys.argv[1], newline="")))
b = list(csv.DictReader(open(sys.argv[2], newline="")))
if len(a) != len(b) or not a:
    print(f"rows: {len(a)} vs {len(b)}"); sys.exit(1)
bad = 0
for ra, rb in zip(a, b):
    for k, x in ra.items():
        y = rb.get(k, "")
        try:
            if not math.isclose(float(x), float(y), rel_tol=1e-14): bad += 1
        except ValueError:
            if x != y: bad += 1
if bad: print(f"{bad} cells differ"); sys.exit(1)
PY
finish
