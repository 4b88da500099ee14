# Shared set-up of the headless browser tests (sourced; the caller sets
# WORK). Each browser_* function sets one variable or finishes.

PASSED=0
FAILED=0
pass() { PASSED=$((PASSED + 1)); echo "ok - $*"; }
fail() { FAILED=$((FAILED + 1)); echo "not ok - $*"; }
finish() { echo "$PASSED passed, $FAILED failed"; [ "$FAILED" -eq 0 ]; exit $?; }

# CHROME: Debian's chromium, installed if missing.
browser_chromium() {
    CHROME="$(command -v chromium || true)"
    if [ -z "$CHROME" ]; then
        echo "installing chromium..."
        export DEBIAN_FRONTEND=noninteractive
        apt-get update -qq >/dev/null && apt-get install -y -qq -o DPkg::Lock::Timeout=600 chromium >/dev/null
        CHROME="$(command -v chromium || true)"
    fi
    if [ -n "$CHROME" ]; then pass "chromium available ($("$CHROME" --version 2>/dev/null | head -1))"; else fail "chromium could not be installed"; finish; fi
}

# BIN: $CAREFLOW_BIN, or careflow built (scratch path $CAREFLOW_SCRATCH, default .build).
browser_careflow() {
    if [ -n "${CAREFLOW_BIN:-}" ]; then
        BIN="$CAREFLOW_BIN"
    else
        local scratch="${CAREFLOW_SCRATCH:-.build}"
        if swift build --scratch-path "$scratch" --product careflow >"$WORK/build.log" 2>&1; then
            BIN="$(swift build --scratch-path "$scratch" --show-bin-path)/careflow"
        else
            tail -30 "$WORK/build.log"; fail "swift build --product careflow"; finish
        fi
    fi
    if [ -x "$BIN" ]; then pass "careflow built"; else fail "no careflow binary at $BIN"; finish; fi
}

# VENV: a Python virtual environment with websocket-client (PyPI), $REPORT_TEST_VENV
# or ~/.cache/careflow-report-venv.
browser_venv() {
    VENV="${REPORT_TEST_VENV:-$HOME/.cache/careflow-report-venv}"
    if [ ! -x "$VENV/bin/python" ] || ! "$VENV/bin/python" -c 'import websocket' 2>/dev/null; then
        # Debian's python3 needs python3-venv for `python3 -m venv`.
        if ! python3 -c 'import venv, ensurepip' 2>/dev/null; then
            apt-get install -y -qq -o DPkg::Lock::Timeout=600 python3-venv >/dev/null 2>&1 || true
        fi
        rm -rf "$VENV"
        python3 -m venv "$VENV" >/dev/null 2>&1 && "$VENV/bin/pip" install -q websocket-client >"$WORK/pip.log" 2>&1
    fi
    if "$VENV/bin/python" -c 'import websocket' 2>/dev/null; then pass "python websocket-client available"; else tail -5 "$WORK/pip.log" 2>/dev/null; fail "websocket-client (PyPI) could not be installed"; finish; fi
}
