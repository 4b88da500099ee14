#!/usr/bin/env bash
# Browser test of the HTML report: builds careflow, runs a small comparison,
# opens report.html in headless Chromium (offline, through the DevTools
# protocol), takes a screenshot and checks that every section is there, that
# the page made no network request and logged no console error.
#
# Checks at 1280x800 (the scorecard fully on the first screen), no horizontal
# overflow at 1280 and 390 px, print to A4 PDF (every table within the page
# width, at most 25 pages), in English and Swedish, and the demo report when
# REPORT_TEST_DEMO=Results/demo is set (after scripts/demo.sh).
# Artifacts: Results/ci-artifacts/<prefix>-1280.png (first screen),
# <prefix>-full.png, <prefix>-390.png and <prefix>-390-scorecard.png (phone), <prefix>.pdf (A4), for the
# prefixes report, report-sv and demo; report.html, chromium.log.
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
    --window-size=1280,800 about:blank >"$ART/chromium.log" 2>&1 &
CHROME_PID=$!

cat >"$WORK/cdp.py" <<'PY'
import base64, json, os, re, sys, time, urllib.request
import websocket

profile, report, art, prefix, sections_arg, absent_arg = sys.argv[1:7]
SECTIONS = [s for s in sections_arg.split(",") if s]
ABSENT = [s for s in absent_arg.split(",") if s]

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
# A fresh tab per report, so events of an earlier run do not mix in.
target = json.load(urllib.request.urlopen(urllib.request.Request(f"http://127.0.0.1:{port}/json/new?about:blank", method="PUT"), timeout=10))
ws = websocket.create_connection(target["webSocketDebuggerUrl"], timeout=120, suppress_origin=True)

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

def drain():
    ws.settimeout(0.5)
    try:
        while True:
            events.append(json.loads(ws.recv()))
    except Exception:
        pass
    ws.settimeout(120)

def js(expr):
    r = send("Runtime.evaluate", expression=expr, returnByValue=True)
    return r.get("result", {}).get("value")

def viewport(w, h, mobile=False):
    send("Emulation.setDeviceMetricsOverride", width=w, height=h, deviceScaleFactor=1, mobile=mobile)
    time.sleep(0.4)

def shoot(name, full=False, w=1280):
    if full:
        size = send("Page.getLayoutMetrics").get("cssContentSize")
        shot = send("Page.captureScreenshot", format="png", captureBeyondViewport=True,
                    clip={"x": 0, "y": 0, "width": w, "height": min(size["height"], 16000), "scale": 1})
    else:
        shot = send("Page.captureScreenshot", format="png")
    png = base64.b64decode(shot["data"])
    open(os.path.join(art, f"{prefix}-{name}.png"), "wb").write(png)
    return png

for domain in ("Network", "Runtime", "Log", "Page"):
    send(f"{domain}.enable")
viewport(1280, 800)
url = "file://" + os.path.abspath(report)
t0 = time.time()
send("Page.navigate", url=url)
out(wait_for("Page.loadEventFired"), f"{prefix}: page loaded ({time.time() - t0:.2f} s)")
time.sleep(0.5)
drain()

for sid in SECTIONS:
    h = js(f"(() => {{ const e = document.getElementById({json.dumps(sid)}); return e ? e.getBoundingClientRect().height : -1; }})()")
    out(h is not None and h > 50, f"{prefix}: section #{sid} present and rendered (height {h})")
for sid in ABSENT:
    out(js(f"document.getElementById({json.dumps(sid)}) === null"), f"{prefix}: section #{sid} left out (no data)")
order = js("Array.from(document.querySelectorAll('main > section')).map(s => s.id).join(',')")
out(order == ",".join(SECTIONS), f"{prefix}: sections in order: {order}")
out(js("document.querySelectorAll('script').length") == 0, f"{prefix}: no scripts in the DOM")
n_svg = js("document.querySelectorAll('main svg').length")
out((n_svg or 0) >= 4, f"{prefix}: inline SVG charts rendered ({n_svg})")

# 1280 x 800: the scorecard is the first thing and fits on the first screen.
r = js("(() => { const e = document.querySelector('#scorecard table'); if (!e) return null; const b = e.getBoundingClientRect(); return [b.left, b.top, b.right, b.bottom]; })()")
out(r is not None and r[0] >= 0 and r[2] <= 1280 and r[3] <= 800, f"{prefix}: scorecard fully visible at 1280x800 without scrolling ({r})")
sc_cols = js("document.querySelectorAll('#scorecard thead th').length") or 0
sc_rows = js("document.querySelectorAll('#scorecard tbody tr').length") or 0
out(1 <= sc_rows <= 8, f"{prefix}: scorecard has {sc_rows} measure rows and {sc_cols} columns")
out(js("document.documentElement.scrollWidth <= document.documentElement.clientWidth"), f"{prefix}: no horizontal overflow at 1280 px (document width {js('document.documentElement.scrollWidth')}, viewport {js('document.documentElement.clientWidth')})")
shoot("1280")
full = shoot("full", full=True)
height = js("document.documentElement.scrollHeight")
out(full[:8] == b"\x89PNG\r\n\x1a\n", f"{prefix}: screenshots {prefix}-1280.png and {prefix}-full.png (page {height} px high)")
summary = js("document.getElementById('summary') ? document.getElementById('summary').innerText : ''") or ""
words = len(summary.split())
whatifs = js("document.querySelectorAll('#summary .whatif').length") or 0
per = js("Array.from(document.querySelectorAll('#summary .whatif')).map(e => e.innerText.split(/\\s+/).filter(w => w).length)") or []
out(whatifs == 0 or max(per) <= 150, f"{prefix}: summary has {words} words for {whatifs} what-if(s), at most 150 each ({per})")
# Labels of the pathway diagrams are never clipped: every text inside its drawing, and a step's text inside its box.
clipped = js("""Array.from(document.querySelectorAll('svg.diagram')).flatMap(svg => {
  const vb = svg.viewBox.baseVal;
  return Array.from(svg.querySelectorAll('text')).filter(t => {
    const b = t.getBBox();
    if (b.x < vb.x - 0.5 || b.x + b.width > vb.x + vb.width + 0.5 || b.y < vb.y - 0.5 || b.y + b.height > vb.y + vb.height + 0.5) return true;
    const r = t.parentNode.tagName === 'g' ? t.parentNode.querySelector('rect') : null;
    if (!r) return false;
    const rb = r.getBBox();
    return b.x < rb.x - 0.5 || b.x + b.width > rb.x + rb.width + 0.5;
  }).map(t => t.textContent);
}).slice(0, 5)""")
out(clipped == [], f"{prefix}: no clipped text in the pathway diagrams" + (f": {clipped}" if clipped else ""))

# 390 px phone.
viewport(390, 844, mobile=True)
w390 = js("document.documentElement.scrollWidth")
c390 = js("document.documentElement.clientWidth")
out(w390 <= c390, f"{prefix}: no horizontal page overflow at 390 px (document width {w390})")
# The scorecard as cards: nothing scrolls sideways inside its box either.
box = js("(() => { const w = document.querySelector('#scorecard .tablewrap'); const t = document.querySelector('#scorecard table'); return w && t ? [w.scrollWidth, w.clientWidth, Math.round(t.getBoundingClientRect().right)] : null; })()")
out(box is None or (box[0] <= box[1] and box[2] <= c390), f"{prefix}: the scorecard fits a 390 px phone without scrolling inside its box (scroll/client/right {box})")
shoot("390")
send("Runtime.evaluate", expression="document.getElementById('scorecard') && document.getElementById('scorecard').scrollIntoView()")
shoot("390-scorecard")
send("Runtime.evaluate", expression="window.scrollTo(0, 0)")
viewport(1280, 800)

# Print: A4, the scorecard on page 1, every table within the page width, at most 25 pages.
send("Emulation.setEmulatedMedia", media="print")
viewport(718, 1000)  # A4 minus the 10 mm side margins at 96 dpi
wide = js("Array.from(document.querySelectorAll('table')).filter(t => t.getBoundingClientRect().right > document.documentElement.clientWidth + 1).map(t => (t.caption ? t.caption.innerText : '?') + ' ' + Math.round(t.getBoundingClientRect().width)).slice(0, 5)")
out(wide == [], f"{prefix}: in print every table (every difference column) fits the A4 width" + (f": too wide: {wide}" if wide else ""))
send("Emulation.setEmulatedMedia", media="")
viewport(1280, 800)
pdf = base64.b64decode(send("Page.printToPDF", printBackground=True, preferCSSPageSize=True, paperWidth=8.27, paperHeight=11.69)["data"])
open(os.path.join(art, f"{prefix}.pdf"), "wb").write(pdf)
pages = len(re.findall(rb"/Type\s*/Page[^s]", pdf))
out(pdf[:5] == b"%PDF-" and 0 < pages <= 25, f"{prefix}: prints to A4 PDF, {pages} pages (at most 25), {len(pdf)} bytes")
print(f"METRIC {prefix} words={words} per_whatif={per} height={height} pages={pages} bytes={os.path.getsize(report)}")

# Requests other than the report itself, and console errors.
drain()
requests = [e["params"]["request"]["url"] for e in events if e.get("method") == "Network.requestWillBeSent"]
others = [u for u in requests if u != url and not u.startswith("data:")]
out(len(others) == 0, f"{prefix}: no network request besides the report file" + (": " + ", ".join(others[:5]) if others else ""))
failed = [e["params"].get("errorText") for e in events if e.get("method") == "Network.loadingFailed"]
out(len(failed) == 0, f"{prefix}: no failed loads" + (": " + ", ".join(map(str, failed[:5])) if failed else ""))
errors = []
for e in events:
    m, p = e.get("method"), e.get("params", {})
    if m == "Runtime.consoleAPICalled" and p.get("type") in ("error", "assert"):
        errors.append("console." + p["type"] + ": " + " ".join(str(a.get("value", a.get("description", ""))) for a in p.get("args", [])))
    elif m == "Runtime.exceptionThrown":
        errors.append("exception: " + p.get("exceptionDetails", {}).get("text", ""))
    elif m == "Log.entryAdded" and p.get("entry", {}).get("level") == "error":
        errors.append("log: " + p["entry"].get("text", ""))
out(len(errors) == 0, f"{prefix}: no console errors" + (": " + " | ".join(errors[:5]) if errors else ""))
ws.close()
PY

check_report() {  # check_report PREFIX REPORT SECTIONS ABSENT
    "$VENV/bin/python" "$WORK/cdp.py" "$PROFILE" "$2" "$ART" "$1" "$3" "$4" >"$WORK/cdp-$1.out" 2>&1
    while IFS= read -r line; do
        case "$line" in
            "PASS "*) pass "${line#PASS }" ;;
            "FAIL "*) fail "${line#FAIL }" ;;
            *) echo "  $line" ;;
        esac
    done <"$WORK/cdp-$1.out"
    grep -q "^PASS $1: page loaded" "$WORK/cdp-$1.out" || fail "$1: DevTools session did not complete"
}
# bench-b2 has no primary care: that section must be left out.
check_report report "$REPORT" scorecard,summary,ed,imaging,wards,utilisation,pathways,method primary-care
# The Swedish rendering of the same results.
if "$BIN" report "$OUT" --lang sv >/dev/null 2>&1 && grep -q 'lang="sv"' "$REPORT"; then
    cp "$REPORT" "$ART/report-sv.html"
    check_report report-sv "$ART/report-sv.html" scorecard,summary,ed,imaging,wards,utilisation,pathways,method primary-care
else
    fail "careflow report --lang sv"
fi
# The demo report (7 scenarios, 20 replications) when it was made: REPORT_TEST_DEMO=Results/demo.
if [ -n "${REPORT_TEST_DEMO:-}" ] && [ -s "$REPORT_TEST_DEMO/report.html" ]; then
    check_report demo "$REPORT_TEST_DEMO/report.html" scorecard,summary,ed,imaging,wards,primary-care,utilisation,pathways,method ""
    size=$(wc -c <"$REPORT_TEST_DEMO/report.html")
    if [ "$size" -lt 614400 ]; then pass "demo report under 600 KB ($size bytes)"; else fail "demo report is $size bytes (limit 600 KB)"; fi
fi

# Chromium's own log: console errors and refused loads (CSP) also show here.
if grep -E 'CONSOLE.*(Uncaught|Error)|Refused to (load|connect|apply)' "$ART/chromium.log" >/dev/null 2>&1; then
    fail "chromium log shows console errors or refused loads: $(grep -E 'CONSOLE|Refused to' "$ART/chromium.log" | head -3)"
else
    pass "chromium log has no console errors or refused loads"
fi
finish
