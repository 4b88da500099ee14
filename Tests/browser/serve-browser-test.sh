#!/usr/bin/env bash
# Browser test of the what-if workbench (`careflow serve`): starts the server
# on a free loopback port over a copy of Scenarios/, drives the page in
# headless Chromium through the DevTools protocol (pick the baseline, move the
# ED cubicles knob 30 -> 34, run 10 replications, wait for the report), reads
# the numbers from the page, downloads the what-if YAML, runs `careflow
# compare` on it with the same seed and checks the numbers are the same.
# Also: no console errors, no request leaves the server, the page at 390 px,
# Swedish texts, keyboard focus. Logs the time from pressing Run to results.
#
# Artifacts: Results/ci-artifacts/serve-1280.png, serve-1280-results.png, serve-1280-full.png,
# serve-390.png, serve-390-results.png, serve-sv.png, serve-whatif.yaml, serve.log.
# Prints "N passed, M failed" last; exits non-zero on any failure.
#
# Environment: CAREFLOW_SCRATCH, CAREFLOW_BIN, REPORT_TEST_VENV as in report-browser-test.sh.
set -uo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$ROOT"
ART="$ROOT/Results/ci-artifacts"
mkdir -p "$ART"
WORK="$(mktemp -d "${TMPDIR:-/tmp}/careflow-serve-test.XXXXXX")"
CHROME_PID=""
SERVE_PID=""
cleanup() {
    if [ -n "$CHROME_PID" ]; then kill "$CHROME_PID" 2>/dev/null; wait "$CHROME_PID" 2>/dev/null; fi
    if [ -n "$SERVE_PID" ]; then kill "$SERVE_PID" 2>/dev/null; wait "$SERVE_PID" 2>/dev/null; fi
    rm -rf "$WORK"
}
trap cleanup EXIT

# shellcheck source=common.sh
. "$ROOT/Tests/browser/common.sh"
browser_chromium    # CHROME
browser_careflow    # BIN
browser_venv        # VENV

# 4. The server, over a copy of the shipped scenarios, on a free port.
SERVED="$WORK/served"
mkdir -p "$SERVED"
cp Scenarios/*.yaml "$SERVED/"
"$BIN" serve "$SERVED" --port 0 --results "$WORK/results" >"$WORK/serve.out" 2>"$ART/serve.log" &
SERVE_PID=$!
URL=""
for _ in $(seq 1 100); do
    URL="$(grep -oE 'http://127\.0\.0\.1:[0-9]+/' "$WORK/serve.out" | head -1)"
    [ -n "$URL" ] && break
    kill -0 "$SERVE_PID" 2>/dev/null || break
    sleep 0.1
done
if [ -n "$URL" ]; then pass "careflow serve prints its URL ($URL)"; else cat "$WORK/serve.out" "$ART/serve.log"; fail "careflow serve did not start"; finish; fi

PROFILE="$WORK/profile"
mkdir -p "$PROFILE"
"$CHROME" --headless=new --no-sandbox --disable-gpu --disable-dev-shm-usage --no-first-run --no-default-browser-check \
    --disable-background-networking --disable-component-update --disable-sync --disable-extensions \
    --enable-logging=stderr --v=0 --user-data-dir="$PROFILE" --remote-debugging-port=0 \
    --window-size=1280,800 about:blank >"$WORK/chromium.log" 2>&1 &
CHROME_PID=$!

cat >"$WORK/cdp.py" <<'PY'
import base64, json, os, subprocess, sys, time, urllib.request
import websocket

profile, url, art, served, binary = sys.argv[1:6]
REPS = 10

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
ws = websocket.create_connection(page["webSocketDebuggerUrl"], timeout=120, suppress_origin=True)
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

def js(expr, await_promise=False):
    r = send("Runtime.evaluate", expression=expr, returnByValue=True, awaitPromise=await_promise)
    if "exceptionDetails" in r:
        raise RuntimeError(f"{expr[:80]}: {r['exceptionDetails'].get('text')}")
    return r.get("result", {}).get("value")

def until(expr, timeout, step=0.05):
    end = time.time() + timeout
    while time.time() < end:
        if js(expr):
            return True
        time.sleep(step)
    return False

def shot(name, width, height, full=False, maxh=12000):
    send("Emulation.setDeviceMetricsOverride", width=width, height=height, deviceScaleFactor=1, mobile=width < 600)
    time.sleep(0.4)
    params = {"format": "png"}
    if full:
        m = send("Page.getLayoutMetrics")
        size = m.get("cssContentSize") or m.get("contentSize")
        params.update(captureBeyondViewport=True, clip={"x": 0, "y": 0, "width": width, "height": min(size["height"], maxh), "scale": 1})
    png = base64.b64decode(send("Page.captureScreenshot", **params)["data"])
    open(os.path.join(art, name), "wb").write(png)
    return len(png)

for domain in ("Network", "Runtime", "Log", "Page"):
    send(f"{domain}.enable")
send("Emulation.setDeviceMetricsOverride", width=1280, height=800, deviceScaleFactor=1, mobile=False)
# English texts for the main run (the page follows the browser's language otherwise).
send("Emulation.setLocaleOverride", locale="en-GB")
send("Page.navigate", url=url)
ok = until("document.querySelector('[data-knob=\"ed_cubicles\"] input[type=number]') !== null", 30)
out(ok, "page opened, baseline's knobs shown")
if not ok:
    sys.exit(0)
out(js("document.getElementById('baseline').value") == "baseline.yaml", "baseline.yaml picked as the baseline")
out(js("document.querySelector('[data-knob=\"ed_cubicles\"] input[type=number]').value") == "30", "ED cubicles knob starts at the scenario's 30")
seed = js("document.getElementById('seed').value")
out(seed == "20261124", f"seed from the scenario ({seed})")

# Keyboard: move the knob as a person would (focus, select, type 34).
js("(() => { const e = document.querySelector('[data-knob=\"ed_cubicles\"] input[type=number]'); e.focus(); e.select(); })()")
send("Input.insertText", text="34")
out(js("document.querySelector('[data-knob=\"ed_cubicles\"] input[type=range]').value") == "34", "typing 34 moves the slider too")
out(js("document.querySelector('[data-knob=\"ed_cubicles\"]').classList.contains('changed')"), "the changed knob is marked")
js(f"(() => {{ const r = document.getElementById('replications'); r.value = '{REPS}'; r.dispatchEvent(new Event('input')); }})()")
shot("serve-1280.png", 1280, 800)

t0 = time.time()
js("document.getElementById('run').click()")
saw_progress = until("document.getElementById('status').textContent.length > 0", 10, 0.01)
done = until("window.careflow.reportLoaded === true", 300, 0.02)
wall = time.time() - t0
out(done, f"results shown")
if not done:
    print(js("document.getElementById('status').textContent + ' ' + document.getElementById('error').textContent"))
    sys.exit(0)
page_wall = js("window.careflow.wall")
print(f"TIMING time from pressing Run to results, baseline + 1 what-if at {REPS} replications: {wall:.2f} s (page's own clock {page_wall:.2f} s)", flush=True)
out(saw_progress, "progress status shown while running")
shot("serve-1280-results.png", 1280, 800, full=True, maxh=1700)
status = js("document.getElementById('status').textContent")
out("Done" in status, f"status: {status}")

# The numbers on the page: every table of the report in the frame (not the Method section, which names the command).
TABLES = """(() => { const d = document.getElementById('report').contentDocument;
  const secs = Array.from(d.querySelectorAll('main > section')).filter(s => s.id !== 'method');
  return secs.map(s => s.id + ': ' + Array.from(s.querySelectorAll('table')).map(t => t.innerText).join('\\n')).join('\\n\\n'); })()"""
page_tables = js(TABLES)
has_summary = js("(() => { const d = document.getElementById('report').contentDocument; return !!(d.getElementById('scorecard') || d.getElementById('summary')); })()")
out(has_summary, "the report's summary is shown")
n_numbers = sum(ch.isdigit() for ch in page_tables or "")
out(n_numbers > 200, f"report tables read from the page ({len(page_tables or '')} characters)")
cubicles = js("(() => { const d = document.getElementById('report').contentDocument; return d.body.innerText.includes('cubicle'); })()")
out(bool(cubicles), "the report names the changed unit")

# Downloads: the what-if YAML and the report.
links = js("Array.from(document.querySelectorAll('#downloads a')).map(a => [a.textContent, a.getAttribute('href'), a.getAttribute('download')])")
out(len(links) == 2, f"download links: {[l[0] for l in links]}")
yaml_link = next((l for l in links if l[2].endswith(".yaml")), None)
yaml_text = js(f"fetch({json.dumps(yaml_link[1])}).then(r => r.text())", await_promise=True) if yaml_link else ""
open(os.path.join(art, "serve-whatif.yaml"), "w").write(yaml_text)
out("extends: \"baseline.yaml\"" in yaml_text and "# ED cubicles: 34 cubicles (base: 30 cubicles)" in yaml_text
    and "\"units.cubicle.capacity\": 34" in yaml_text, "what-if YAML: extends + overrides with the knob's label as a comment")
report_html = js(f"fetch({json.dumps(links[0][1])}).then(r => r.headers.get('content-disposition') + ' ' + r.status)", await_promise=True)
out(report_html.startswith("attachment") and report_html.endswith("200"), f"report download ({report_html})")
command = js("document.getElementById('command').textContent")
out(command == f"careflow compare baseline.yaml {yaml_link[2]} --seed {seed} --replications {REPS}", f"reproduce command shown: {command}")

# careflow compare on the downloaded file, with the same seed: the same numbers.
open(os.path.join(served, yaml_link[2]), "w").write(yaml_text)
cli_out = os.path.join(served, "..", "cli")
t1 = time.time()
r = subprocess.run([binary, "compare", "baseline.yaml", yaml_link[2], "--seed", seed, "--replications", str(REPS), "--out", cli_out],
                   cwd=served, capture_output=True, text=True)
out(r.returncode == 0, f"careflow compare on the downloaded YAML ({time.time() - t1:.1f} s)")
send("Page.navigate", url="file://" + os.path.abspath(os.path.join(cli_out, "report.html")))
until("document.readyState === 'complete' && document.querySelector('main') !== null", 20)
cli_tables = js(TABLES.replace("document.getElementById('report').contentDocument", "document"))
same = cli_tables == page_tables
if not same:
    a, b = (page_tables or "").splitlines(), (cli_tables or "").splitlines()
    diff = [(x, y) for x, y in zip(a, b) if x != y][:3]
    print("first differences (page, compare):", diff, len(a), len(b))
out(same and bool(cli_tables), "every number in the report tables equals careflow compare's with the same seed")
ref = json.load(open(os.path.join(cli_out, "comparison.json")))
print("  compare:", ", ".join(f"{s['name']} ed_los.mean {s['summary']['kpis'].get('ed_los.mean', {}).get('mean', float('nan')):.3f} min" for s in ref["scenarios"]))

# Back to the app: reference switch, 390 px, Swedish, keyboard.
send("Page.navigate", url=url)
until("document.querySelector('[data-knob=\"ed_cubicles\"]') !== null", 30)
shot("serve-390.png", 390, 844, full=True)
overflow = js("document.documentElement.scrollWidth <= window.innerWidth + 1")
out(bool(overflow), "no horizontal overflow at 390 px")
spill = js("(() => { const c = document.querySelector('#whatifs .card').getBoundingClientRect(); return Array.from(document.querySelectorAll('#whatifs .knob')).filter(k => k.getBoundingClientRect().right > c.right + 0.5).length; })()")
out(spill == 0, f"knobs stay inside their card at 390 px ({spill} spill over)")
js("(() => { const e = document.querySelector('[data-knob=\"ed_cubicles\"] input[type=number]'); e.focus(); e.select(); })()")
send("Input.insertText", text="34")
# A short run (2 replications) for the phone-width results and the reference switch.
js("(() => { const r = document.getElementById('replications'); r.value = '2'; })()")
js("document.getElementById('run').click()")
until("window.careflow.reportLoaded === true", 300, 0.05)
js("document.getElementById('results').scrollIntoView()")
shot("serve-390-results.png", 390, 844)
js("(() => { const s = document.getElementById('reference'); s.value = '1'; s.dispatchEvent(new Event('change')); })()")
ok = until("window.careflow.reportLoaded === true && document.getElementById('report').src.endsWith('reference=1')", 30)
sub = js("document.getElementById('report').contentDocument.querySelector('.sub') ? document.getElementById('report').contentDocument.querySelector('.sub').innerText : ''") or ""
out(ok and ("Baseline" in sub or "Reference" in sub) and "34" in sub.split(".")[0].split(";")[0], f"the what-if as reference: {sub[:90]}")
shot("serve-1280-full.png", 1280, 800, full=True)
js("document.getElementById('lang').click()")
sv = js("document.querySelector('[data-i18n=\"runButton\"]').textContent + '|' + document.documentElement.lang")
out(sv == "Kör|sv", f"Swedish texts ({sv})")
js("window.scrollTo(0, 0)")
shot("serve-sv.png", 1280, 800)
js("document.getElementById('lang').click()")
# Keyboard: Tab reaches the language button, the baseline, the knobs and Run.
order = []
js("document.activeElement && document.activeElement.blur(); window.focus();")
for _ in range(80):
    send("Input.dispatchKeyEvent", type="keyDown", key="Tab", code="Tab", windowsVirtualKeyCode=9)
    send("Input.dispatchKeyEvent", type="keyUp", key="Tab", code="Tab", windowsVirtualKeyCode=9)
    order.append(js("document.activeElement ? (document.activeElement.id || document.activeElement.tagName) : ''"))
out("lang" in order and "baseline" in order and "run" in order and any(o.startswith("w0k") for o in order),
    "Tab reaches the language button, the baseline, the knobs and Run")
vis = js("(() => { const b = document.getElementById('run'); b.focus(); return getComputedStyle(b).outlineStyle; })()")
out(vis not in (None, "none"), f"focused button shows an outline ({vis})")

# No console errors, no request to another origin.
origin = url.rstrip("/")
requests = [e["params"]["request"]["url"] for e in events if e.get("method") == "Network.requestWillBeSent"]
others = [u for u in requests if not (u.startswith(origin) or u.startswith("file://") or u.startswith("data:") or u == "about:blank")]
out(len(others) == 0, f"no request besides the server ({len(requests)} requests)" + (": " + ", ".join(others[:3]) if others else ""))
errors = []
for e in events:
    m, p = e.get("method"), e.get("params", {})
    if m == "Runtime.consoleAPICalled" and p.get("type") in ("error", "assert"):
        errors.append("console." + p["type"] + ": " + " ".join(str(a.get("value", a.get("description", ""))) for a in p.get("args", [])))
    elif m == "Runtime.exceptionThrown":
        errors.append("exception: " + p.get("exceptionDetails", {}).get("text", ""))
    elif m == "Log.entryAdded" and p.get("entry", {}).get("level") == "error":
        errors.append("log: " + p["entry"].get("text", "") + " " + p["entry"].get("url", ""))
out(len(errors) == 0, "no console errors" + (": " + " | ".join(errors[:5]) if errors else ""))
ws.close()
PY

"$VENV/bin/python" "$WORK/cdp.py" "$PROFILE" "$URL" "$ART" "$SERVED" "$BIN" >"$WORK/cdp.out" 2>&1
while IFS= read -r line; do
    case "$line" in
        "PASS "*) pass "${line#PASS }" ;;
        "FAIL "*) fail "${line#FAIL }" ;;
        *) echo "  $line" ;;
    esac
done <"$WORK/cdp.out"
grep -q "^PASS page opened" "$WORK/cdp.out" || fail "DevTools session did not complete"
if grep -E 'CONSOLE.*(Uncaught|Error)|Refused to (load|connect|apply|execute|frame)' "$WORK/chromium.log" >/dev/null 2>&1; then
    fail "chromium log shows console errors or CSP refusals: $(grep -E 'CONSOLE|Refused to' "$WORK/chromium.log" | head -3)"
else
    pass "chromium log has no console errors or CSP refusals"
fi
if kill -0 "$SERVE_PID" 2>/dev/null; then pass "server still running after the session"; else fail "server exited"; fi
finish
