#!/usr/bin/env bash
# The analyses of docs/sweeps.md, run as written against a real sweep:
# runs Scenarios/sweeps/small.yaml, extracts the Python script (the
# ```python block that starts with "# sweep_analysis.py") into a file, runs
# it in a virtual environment with pandas and matplotlib from PyPI, and keeps
# its plot as Results/ci-artifacts/sweep-analysis.png. The R script is run
# the same way where Rscript with DBI, RSQLite and ggplot2 is installed
# (else skipped, said so). Ends with "N passed, M failed".
#
#   CAREFLOW_BIN              careflow binary          [<repo>/.build/debug/careflow]
#   SWEEP_ANALYSIS_VENV       virtual environment      [~/.cache/careflow-analysis-venv]
set -uo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
BIN=${CAREFLOW_BIN:-$ROOT/.build/debug/careflow}
VENV=${SWEEP_ANALYSIS_VENV:-$HOME/.cache/careflow-analysis-venv}
ART=$ROOT/Results/ci-artifacts
passed=0; failed=0
pass() { echo "  ok: $*"; passed=$((passed + 1)); }
fail() { echo "  FAIL: $*" >&2; failed=$((failed + 1)); }
finish() { echo "$passed passed, $failed failed"; [ "$failed" -eq 0 ]; exit $?; }

WORK=$(mktemp -d "${TMPDIR:-/tmp}/careflow-sweep-analysis.XXXXXX")
trap 'rm -rf "$WORK"' EXIT
mkdir -p "$ART"
[ -x "$BIN" ] || (cd "$ROOT" && swift build --product careflow >/dev/null 2>&1) || { fail "no careflow binary at $BIN"; finish; }

# The block of docs/sweeps.md whose first line starts with $1 (fence language $2).
extract() {
  awk -v head="$1" -v lang="$2" '
    $0 == "```" lang { inblock = 1; first = 1; next }
    inblock && $0 == "```" { if (keep) exit; inblock = 0; next }
    inblock { if (first) { keep = index($0, head) == 1; first = 0 } if (keep) print }
  ' "$ROOT/docs/sweeps.md"
}

CI=1 "$BIN" sweep "$ROOT/Scenarios/sweeps/small.yaml" --out "$WORK/small" >"$WORK/sweep.log" 2>&1 &&
  pass "sweep small.yaml" || { cat "$WORK/sweep.log" >&2; fail "sweep small.yaml"; finish; }
DB=$WORK/small/sweep.sqlite

extract "# sweep_analysis.py" python >"$WORK/sweep_analysis.py"
[ -s "$WORK/sweep_analysis.py" ] && pass "docs/sweeps.md has the Python analysis" || { fail "no \`\`\`python block starting with '# sweep_analysis.py' in docs/sweeps.md"; finish; }
if ! "$VENV/bin/python" -c 'import pandas, matplotlib' 2>/dev/null; then
  if ! python3 -c 'import venv, ensurepip' 2>/dev/null; then
    apt-get install -y -qq -o DPkg::Lock::Timeout=600 python3-venv >/dev/null 2>&1 || true
  fi
  python3 -m venv "$VENV" >/dev/null 2>&1 && "$VENV/bin/pip" install -q --disable-pip-version-check pandas matplotlib >"$WORK/pip.log" 2>&1
fi
if "$VENV/bin/python" -c 'import pandas, matplotlib' 2>/dev/null; then
  pass "pandas and matplotlib in $VENV"
  if (cd "$WORK" && "$VENV/bin/python" sweep_analysis.py "$DB" "$WORK/sweep-analysis.png" >"$WORK/py.log" 2>&1); then
    pass "the Python analysis runs"
    sed 's/^/    /' "$WORK/py.log" | head -40
  else
    cat "$WORK/py.log" >&2; fail "the Python analysis failed"
  fi
  if [ -s "$WORK/sweep-analysis.png" ] && [ "$(head -c 8 "$WORK/sweep-analysis.png" | od -An -tx1 | tr -d ' \n')" = 89504e470d0a1a0a ]; then
    cp "$WORK/sweep-analysis.png" "$ART/sweep-analysis.png" && pass "plot kept as Results/ci-artifacts/sweep-analysis.png"
  else
    fail "the Python analysis wrote no PNG plot"
  fi
  grep -q "ed_los.mean: point 3 - point 0 = " "$WORK/py.log" && pass "paired difference printed" || fail "no paired difference in the output"
else
  tail -5 "$WORK/pip.log" 2>/dev/null >&2; fail "pandas/matplotlib (PyPI) could not be installed"
fi

extract "# sweep_analysis.R" r >"$WORK/sweep_analysis.R"
[ -s "$WORK/sweep_analysis.R" ] && pass "docs/sweeps.md has the R analysis" || fail "no \`\`\`r block starting with '# sweep_analysis.R' in docs/sweeps.md"
if command -v Rscript >/dev/null && Rscript -e 'for (p in c("DBI", "RSQLite", "ggplot2")) if (!requireNamespace(p, quietly = TRUE)) quit(status = 1)' >/dev/null 2>&1; then
  if (cd "$WORK" && Rscript sweep_analysis.R "$DB" "$WORK/sweep-analysis-r.png" >"$WORK/r.log" 2>&1) && [ -s "$WORK/sweep-analysis-r.png" ]; then
    cp "$WORK/sweep-analysis-r.png" "$ART/sweep-analysis-r.png"; pass "the R analysis runs (plot in Results/ci-artifacts/sweep-analysis-r.png)"
  else
    cat "$WORK/r.log" >&2; fail "the R analysis failed"
  fi
else
  echo "  skipped: the R analysis (Rscript with DBI, RSQLite and ggplot2 is not installed)"
fi
finish
