#!/usr/bin/env bash
# Browser test of the HTML report: builds careflow, runs a small comparison,
# opens report.html in headless Chromium (offline, through the DevTools
# protocol), takes a screenshot and checks that every section is there, that
# the page made no network request and logged no console error.
#
# Artifacts: Results/ci-artifacts/report.png (full page), report-<section>.png,
# report.pdf (print rendering), report.html, chromium.log.
# Prints "N passed, M failed" last; exits non-zero on any failure.
#
# Environment: CAREFLOW_SCRATCH (swift build --scratch-path, default .build),
# CAREFLOW_BIN (use this careflow binary instead of building),
# REPORT_TEST_VENV (Python venv for websocket-client, default ~/.cache/careflow-report-venv).
set -uo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$ROOT"
ART="$ROOT/Results/ci-artifacts"
mkdir -p "$ART"
WORK="$(mktemp -d "${TMPDIR:-/tmp}/careflow-report-test.XXXXXX")"
CHROME_PID=""
cleanup() {
    if [ -n "$CHROME_PID" ]; then kill "$CHROME_PID" 2>/dev/null; wait "$CHROME_PID" 2>/dev/null; fi
    rm -rf "$WORK"
}
trap cleanup EXIT

. "$ROOT/Tests/browser/common.sh"   # pass, fail, finish; browser_chromium, browser_careflow, browser_venv

# 1. Chromium (Debian's package). 2. careflow. (Tests/browser/common.sh)
browser_chromium
browser_careflow

# 3. A small comparison: bench-b2 and a what-if in a temp dir.
cat >"$WORK/whatif.yaml" <<EOF
extends: $ROOT/Scenarios/bench-b2.yaml
name: bench-b2-fast-triage
title: "faster triage and 130 ward beds"
overrides:
  units.ward_bed.capacity: 130
  pathways.ed.steps[triage].activity.duration: {lognormal: {mean: 3m, sd: 1m}}
EOF
OUT="$WORK/out"
START=$(date +%s.%N)
if "$BIN" compare Scenarios/bench-b2.yaml "$WORK/whatif.yaml" --replications 3 --out "$OUT" >"$WORK/compare.log" 2>&1; then
    pass "careflow compare ($(awk "BEGIN{printf \"%.1f\", $(date +%s.%N) - $START}") s)"
else
    tail -20 "$WORK/compare.log"; fail "careflow compare"; finish
fi
REPORT="$OUT/report.html"
if [ -s "$REPORT" ]; then pass "report.html written ($(wc -c <"$REPORT") bytes)"; else fail "no report.html"; finish; fi
cp "$REPORT" "$ART/report.html"
START=$(date +%s.%N)
if "$BIN" report "$OUT" >/dev/null 2>&1 && cmp -s "$REPORT" "$ART/report.html"; then
    pass "careflow report regenerates the same file ($(awk "BEGIN{printf \"%.2f\", $(date +%s.%N) - $START}") s)"
else
    fail "careflow report DIR does not reproduce report.html"
fi

# 4. Static checks: self-contained, no scripts, no external references.
if grep -qi '<script' "$REPORT"; then fail "report contains a <script> element"; else pass "no <script> elements"; fi
if grep -Eqi '(src|href|xlink:href)="(https?:|//|file:)' "$REPORT" || grep -Eqi '@import|url\((["'"'"']?)(https?:|//)' "$REPORT"; then
    fail "report references external resources"
else
    pass "no external references in src/href/url()"
fi

# 5. Headless Chromium through the DevTools protocol.
browser_venv

PROFILE="$WORK/profile"
mkdir -p "$PROFILE"
"$CHROME" --headless=new --no-sandbox --disable-gpu --disable-dev-shm-usage --no-first-run --no-default-browser-check \
    --disable-background-networking --disable-component-update --disable-sync --disable-extensions \
    --enable-logging=stderr --v=0 --user-data-dir="$PROFILE" --remote-debugging-port=0 \
    --window-size=1100,900 about:blank >"$ART/chromium.log" 2>&1 &
CHROME_PID=$!

cat >"$WORK/cdp.py" <<'PY'
import base64, json, os, sys, time, urllib.request
import websocket

profile, report, art = sys.argv[1], sys.argv[2], sys.argv[3]
SECTIONS = ["summary", "ed", "imaging", "wards", "utilisation", "pathways", "method"]
ABSENT = ["primary-care"]  # bench-b2 has no primary care: the section must be left out

def out(ok, msg):
    print(("PASS " if ok else "FAIL ") + msg, flush=True)

port_file = os.path.join(profile, "DevToolsActivePort")
for _ in range(300):
    if os.path.exists(port_file) and open(port_file).read().strip():
        break
    time.sleep(0.1)
else:
    out(False, "chromium did not open a DevTools port"); sys.exit(0)
port = int(open(port_file).read().split()[0])
targets = json.load(urllib.request.urlopen(f"http://127.0.0.1:{port}/json/list", timeout=10))
page = next(t for t in targets if t.get("type") == "page")
ws = websocket.create_connection(page["webSocketDebuggerUrl"], timeout=60, suppress_origin=True)

next_id = [0]
events = []
def send(method, **params):
    next_id[0] += 1
    mid = next_id[0]
    ws.send(json.dumps({"id": mid, "method": method, "params": params}))
    while True:
        m = json.loads(ws.recv())
        if m.get("id") == mid:
            if "error" in m:
                raise RuntimeError(f"{method}: {m['error']}")
            return m.get("result", {})
        events.append(m)

def wait_for(method, timeout=60):
    end = time.time() + timeout
    for e in events:
        if e.get("method") == method:
            return True
    while time.time() < end:
        m = json.loads(ws.recv())
        events.append(m)
        if m.get("method") == method:
            return True
    return False

for domain in ("Network", "Runtime", "Log", "Page"):
    send(f"{domain}.enable")
send("Emulation.setDeviceMetricsOverride", width=1100, height=900, deviceScaleFactor=1, mobile=False)
url = "file://" + os.path.abspath(report)
t0 = time.time()
send("Page.navigate", url=url)
out(wait_for("Page.loadEventFired"), f"page loaded ({time.time() - t0:.2f} s)")
time.sleep(0.5)
# Drain pending events.
ws.settimeout(0.5)
try:
    while True:
        events.append(json.loads(ws.recv()))
except Exception:
    pass
ws.settimeout(60)

def js(expr):
    r = send("Runtime.evaluate", expression=expr, returnByValue=True)
    return r.get("result", {}).get("value")

for sid in SECTIONS:
    h = js(f"(() => {{ const e = document.getElementById({json.dumps(sid)}); return e ? e.getBoundingClientRect().height : -1; }})()")
    out(h is not None and h > 50, f"section #{sid} present and rendered (height {h})")
for sid in ABSENT:
    out(js(f"document.getElementById({json.dumps(sid)}) === null"), f"section #{sid} left out (no data)")
order = js("Array.from(document.querySelectorAll('main > section')).map(s => s.id).join(',')")
expected = [s for s in ["summary", "ed", "imaging", "wards", "primary-care", "utilisation", "pathways", "method"] if s not in ABSENT]
out(order == ",".join(expected), f"sections in order: {order}")
out(js("document.querySelectorAll('script').length") == 0, "no scripts in the DOM")
n_svg = js("document.querySelectorAll('main svg').length")
out((n_svg or 0) >= 8, f"inline SVG charts rendered ({n_svg})")
n_titles = js("document.querySelectorAll('main svg title').length")
out((n_titles or 0) >= 20, f"SVG hover titles ({n_titles})")
wide = js("Array.from(document.querySelectorAll('svg.chart')).filter(s => s.getBoundingClientRect().width < 300).length")
out(wide == 0, "charts readable at 100% zoom (none narrower than 300 px)")
overflow = js("document.documentElement.scrollWidth <= window.innerWidth + 1")
out(bool(overflow), "no horizontal page overflow at 1100 px")
summary_text = js("document.getElementById('summary') ? document.getElementById('summary').innerText : ''") or ""
out("With " in summary_text and ("falls" in summary_text or "rises" in summary_text or "no clear difference" in summary_text),
    "summary has generated sentences")
out(js("document.querySelectorAll('#method details pre').length") >= 2, "scenario files in collapsible <details>")

# Requests other than the report itself, and console errors.
requests = [e["params"]["request"]["url"] for e in events if e.get("method") == "Network.requestWillBeSent"]
others = [u for u in requests if u != url and not u.startswith("data:")]
out(len(others) == 0, "no network request besides the report file" + (": " + ", ".join(others[:5]) if others else f" ({len(requests)} request(s): the document)"))
failed = [e["params"].get("errorText") for e in events if e.get("method") == "Network.loadingFailed"]
out(len(failed) == 0, "no failed loads" + (": " + ", ".join(map(str, failed[:5])) if failed else ""))
errors = []
for e in events:
    m, p = e.get("method"), e.get("params", {})
    if m == "Runtime.consoleAPICalled" and p.get("type") in ("error", "assert"):
        errors.append("console." + p["type"] + ": " + " ".join(str(a.get("value", a.get("description", ""))) for a in p.get("args", [])))
    elif m == "Runtime.exceptionThrown":
        errors.append("exception: " + p.get("exceptionDetails", {}).get("text", ""))
    elif m == "Log.entryAdded" and p.get("entry", {}).get("level") == "error":
        errors.append("log: " + p["entry"].get("text", ""))
out(len(errors) == 0, "no console errors" + (": " + " | ".join(errors[:5]) if errors else ""))

# Screenshots: the full page and each section.
metrics = send("Page.getLayoutMetrics")
size = metrics.get("cssContentSize") or metrics.get("contentSize")
shot = send("Page.captureScreenshot", format="png", captureBeyondViewport=True,
            clip={"x": 0, "y": 0, "width": 1100, "height": min(size["height"], 16000), "scale": 1})
png = base64.b64decode(shot["data"])
open(os.path.join(art, "report.png"), "wb").write(png)
out(png[:8] == b"\x89PNG\r\n\x1a\n" and len(png) > 50000, f"screenshot Results/ci-artifacts/report.png ({len(png)} bytes, page {int(size['height'])} px high)")
for sid in SECTIONS:
    r = js(f"(() => {{ const e = document.getElementById({json.dumps(sid)}); if (!e) return null; const b = e.getBoundingClientRect(); return [b.left + window.scrollX, b.top + window.scrollY, b.width, b.height]; }})()")
    if r:
        s = send("Page.captureScreenshot", format="png", captureBeyondViewport=True,
                 clip={"x": max(0, r[0] - 8), "y": max(0, r[1] - 8), "width": r[2] + 16, "height": min(r[3] + 16, 6000), "scale": 1})
        open(os.path.join(art, f"report-{sid}.png"), "wb").write(base64.b64decode(s["data"]))
# Print rendering.
pdf = base64.b64decode(send("Page.printToPDF", printBackground=False, preferCSSPageSize=False)["data"])
open(os.path.join(art, "report.pdf"), "wb").write(pdf)
out(pdf[:5] == b"%PDF-" and len(pdf) > 10000, f"prints to PDF ({len(pdf)} bytes)")
ws.close()
PY

"$VENV/bin/python" "$WORK/cdp.py" "$PROFILE" "$REPORT" "$ART" >"$WORK/cdp.out" 2>&1
while IFS= read -r line; do
    case "$line" in
        "PASS "*) pass "${line#PASS }" ;;
        "FAIL "*) fail "${line#FAIL }" ;;
        *) echo "  $line" ;;
    esac
done <"$WORK/cdp.out"
grep -q "^PASS page loaded" "$WORK/cdp.out" || fail "DevTools session did not complete"

# Chromium's own log: console errors and refused loads (CSP) also show here.
if grep -E 'CONSOLE.*(Uncaught|Error)|Refused to (load|connect|apply)' "$ART/chromium.log" >/dev/null 2>&1; then
    fail "chromium log shows console errors or refused loads: $(grep -E 'CONSOLE|Refused to' "$ART/chromium.log" | head -3)"
else
    pass "chromium log has no console errors or refused loads"
fi
finish
