"""Drives the what-if workbench (`careflow serve`) in headless Chromium
through the DevTools protocol; called by serve-browser-test.sh.

usage: serve_cdp.py PROFILE_DIR URL ART_DIR SERVED_DIR CAREFLOW_BIN
Prints PASS/FAIL lines, TIMING and notes; the shell script counts them.
"""
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
# Pick the baseline (as a person would: choose it in the list, which loads its knobs).
js("(() => { const s = document.getElementById('baseline'); s.value = 'baseline.yaml'; s.dispatchEvent(new Event('change')); })()")
# (The change handler drops the knobs at once and fetches them again: wait for the new ones.)
ok = until("document.getElementById('baseline').value === 'baseline.yaml' && window.careflow.knobs !== null && window.careflow.cards.length === 1 && document.querySelector('[data-knob=\"ed_cubicles\"] input[type=number]') !== null", 30)
out(ok, "baseline.yaml picked as the baseline")
out(js("document.documentElement.lang") == "en", "page in English (the browser's Accept-Language)")
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

SCORECARD = "document.querySelector('#report-view #scorecard table.scorecard') !== null && window.careflow.viewLoaded === true"
t0 = time.time()
js("document.getElementById('run').click()")
saw_progress = until("document.getElementById('status').textContent.length > 0", 10, 0.01)
done = until(SCORECARD, 300, 0.02)
wall = time.time() - t0
out(done, "the scorecard is shown in the page")
if not done:
    print(js("document.getElementById('status').textContent + ' ' + document.getElementById('error').textContent"))
    sys.exit(0)
page_wall = js("window.careflow.wall")
print(f"TIMING time from pressing Run to the scorecard, baseline + 1 what-if at {REPS} replications: {wall:.2f} s (page's own clock {page_wall:.2f} s)", flush=True)
out(saw_progress, "progress status shown while running")
out(js("document.querySelectorAll('iframe').length") == 0, "no frame: the report's fragments are in the page itself")
ids = js("Array.from(document.querySelectorAll('#report-view > section')).map(s => s.id)")
out(ids[:2] == ["scorecard", "summary"] and "ed" in ids and js("document.querySelectorAll('#report-view svg.chart').length") >= 3,
    f"scorecard, summary and charts shown ({', '.join(ids)})")
out(js("getComputedStyle(document.querySelector('#report-view table.scorecard td.num')).textAlign") == "right",
    "the report's stylesheet applies to its fragments")
status = js("document.getElementById('status').textContent")
out("Done" in status, f"status: {status}")
js("window.scrollTo(0, 0)")
shot("serve-1280-results.png", 1280, 800, full=True, maxh=2600)

# The numbers on the page: every table of the view, by section.
TABLES = """(() => { const root = %s;
  const secs = Array.from(root.querySelectorAll('section[id]')).filter(s => s.id !== 'method' && s.parentElement === root);
  return Object.fromEntries(secs.map(s => [s.id, Array.from(s.querySelectorAll('table')).map(t => t.innerText).join('\\n')])); })()"""
page_tables = js(TABLES % "document.getElementById('report-view')")
scorecard_rows = js("Array.from(document.querySelectorAll('#report-view table.scorecard tbody tr')).map(r => r.innerText.replace(/\\s+/g, ' '))")
n_numbers = sum(ch.isdigit() for ch in "".join(page_tables.values()))
out(n_numbers > 200 and len(scorecard_rows) >= 4, f"tables read from the page ({len(page_tables)} sections, {len(scorecard_rows)} scorecard rows, {n_numbers} digits)")
out("cubicle" in js("document.getElementById('report-view').innerText"), "the results name the changed unit")

# Downloads: report.html, the XLSX workbook, the what-if YAML.
links = js("Array.from(document.querySelectorAll('#downloads a')).map(a => [a.textContent, a.getAttribute('href'), a.getAttribute('download')])")
out(len(links) == 3 and [l[2] for l in links][:2] == ["report.html", "comparison.xlsx"], f"download links: {[l[0] for l in links]}")
yaml_link = next((l for l in links if l[2].endswith(".yaml")), None)
yaml_text = js(f"fetch({json.dumps(yaml_link[1])}).then(r => r.text())", await_promise=True) if yaml_link else ""
open(os.path.join(art, "serve-whatif.yaml"), "w").write(yaml_text)
out("extends: \"baseline.yaml\"" in yaml_text and "# ED cubicles: 34 cubicles (base: 30 cubicles)" in yaml_text
    and "\"units.cubicle.capacity\": 34" in yaml_text, "what-if YAML: extends + overrides with the knob's label as a comment")
report_head = js(f"fetch({json.dumps(links[0][1])}).then(r => r.headers.get('content-disposition') + ' ' + r.status)", await_promise=True)
out(report_head.startswith("attachment") and report_head.endswith("200"), f"report download ({report_head})")
xlsx_b64 = js(f"""fetch({json.dumps(links[1][1])}).then(r => r.arrayBuffer()).then(b => {{
  const u = new Uint8Array(b); let s = ''; for (let i = 0; i < u.length; i += 8192) s += String.fromCharCode.apply(null, u.subarray(i, i + 8192)); return btoa(s); }})""", await_promise=True)
xlsx_path = os.path.join(art, "serve-comparison.xlsx")
open(xlsx_path, "wb").write(base64.b64decode(xlsx_b64 or ""))
import zipfile
try:
    with zipfile.ZipFile(xlsx_path) as z:
        bad = z.testzip()
        served_parts = {n: z.read(n) for n in z.namelist()}
    xlsx_ok = bad is None and {"[Content_Types].xml", "xl/workbook.xml", "xl/worksheets/sheet1.xml"} <= set(served_parts)
except zipfile.BadZipFile as e:
    served_parts, xlsx_ok = {}, False
out(xlsx_ok, f"XLSX download is a valid workbook ({os.path.getsize(xlsx_path)} bytes, {len(served_parts)} parts)")
command = js("document.getElementById('command').textContent")
out(command == f"careflow compare baseline.yaml {yaml_link[2]} --seed {seed} --replications {REPS}", f"reproduce command shown: {command}")

# careflow compare on the downloaded file, with the same seed: the same numbers.
open(os.path.join(served, yaml_link[2]), "w").write(yaml_text)
cli_out = os.path.join(served, "..", "cli")
t1 = time.time()
r = subprocess.run([binary, "compare", "baseline.yaml", yaml_link[2], "--seed", seed, "--replications", str(REPS), "--lang", "en", "--out", cli_out],
                   cwd=served, capture_output=True, text=True)
out(r.returncode == 0, f"careflow compare on the downloaded YAML ({time.time() - t1:.1f} s)" + ("" if r.returncode == 0 else ": " + r.stderr[-300:]))
r = subprocess.run([binary, "export", cli_out, "--xlsx"], capture_output=True, text=True)
try:
    with zipfile.ZipFile(os.path.join(cli_out, "comparison.xlsx")) as z:
        cli_parts = {n: z.read(n) for n in z.namelist()}
except (OSError, zipfile.BadZipFile):
    cli_parts = {}
out(bool(cli_parts) and cli_parts == served_parts, "the XLSX equals `careflow export --xlsx` of the compare run, part by part")
send("Page.navigate", url="file://" + os.path.abspath(os.path.join(cli_out, "report.html")))
until("document.readyState === 'complete' && document.querySelector('main') !== null", 20)
cli_tables = js(TABLES % "document.querySelector('main')")
missing = [k for k in page_tables if k not in (cli_tables or {})]
diff = [k for k in page_tables if k in (cli_tables or {}) and page_tables[k] != cli_tables[k]]
if diff:
    a, b = page_tables[diff[0]].splitlines(), cli_tables[diff[0]].splitlines()
    print("first differences (page, compare):", diff[0], [(x, y) for x, y in zip(a, b) if x != y][:3])
out(not missing and not diff and bool(cli_tables), f"every number in the page's tables equals careflow compare's report with the same seed ({', '.join(page_tables)})")
cli_scorecard = js("Array.from(document.querySelectorAll('table.scorecard tbody tr')).map(r => r.innerText.replace(/\\s+/g, ' '))")
out(cli_scorecard == scorecard_rows, "scorecard rows equal")
for row in scorecard_rows[:8]:
    print("  scorecard:", row)

# Back to the app: 390 px, reference switch, Swedish, keyboard.
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
until(SCORECARD + " && document.getElementById('status').textContent.includes('Done: 4')", 300, 0.05)
overflow = js("document.documentElement.scrollWidth <= window.innerWidth + 1")
wide = js("""Array.from(document.querySelectorAll('#report-view .tablewrap, #report-view .scroll')).filter(w => w.scrollWidth > w.clientWidth + 1 && w.closest('section').id === 'scorecard').length""")
out(bool(overflow) and wide == 0, f"results at 390 px: no horizontal scroll of the page or the scorecard ({wide} scorecard tables scroll)")
js("document.getElementById('results').scrollIntoView()")
shot("serve-390-results.png", 390, 844)
shot("serve-390-results-full.png", 390, 844, full=True, maxh=4000)
before = js("document.querySelector('#report-view table.scorecard caption').innerText")
js("(() => { const s = document.getElementById('reference'); s.value = '1'; s.dispatchEvent(new Event('change')); })()")
ok = until("window.careflow.viewLoaded === true && document.querySelector('#report-view table.scorecard caption').innerText !== " + json.dumps(before), 30)
cap = js("document.querySelector('#report-view table.scorecard caption').innerText") or ""
out(ok and "whatif" in cap, f"the what-if as reference, without rerunning: {cap[:90]}")
out(js("document.getElementById('status').textContent.includes('Done: 4')"), "the reference switch did not start a run")
out("reference=1" in js("document.querySelector('#downloads a').getAttribute('href')"), "downloads follow the reference")
js("(() => { const s = document.getElementById('reference'); s.value = '0'; s.dispatchEvent(new Event('change')); })()")
until("window.careflow.viewLoaded === true", 30)
send("Emulation.setDeviceMetricsOverride", width=1280, height=800, deviceScaleFactor=1, mobile=False)
js("document.getElementById('lang').click()")
ok = until("window.careflow.viewLoaded === true && document.querySelector('#report-view #scorecard h2') && document.querySelector('#report-view #scorecard h2').textContent === 'Resultattavla'", 30)
sv = js("document.querySelector('[data-i18n=\"runButton\"]').textContent + '|' + document.documentElement.lang")
h2 = js("document.querySelector('#report-view h2').textContent")
out(sv == "Kör|sv" and ok, f"Swedish texts, the results too ({sv}, scorecard heading {h2})")
js("window.scrollTo(0, 0)")
shot("serve-sv.png", 1280, 800)
js("document.getElementById('results').scrollIntoView()")
shot("serve-sv-results.png", 1280, 800)
js("document.getElementById('lang').click()")
until("window.careflow.viewLoaded === true", 30)
# Keyboard: Tab reaches the language button, the baseline, the knobs, Run, the reference and the downloads.
order = []
js("document.activeElement && document.activeElement.blur(); window.scrollTo(0, 0); window.focus();")
for _ in range(140):
    send("Input.dispatchKeyEvent", type="keyDown", key="Tab", code="Tab", windowsVirtualKeyCode=9)
    send("Input.dispatchKeyEvent", type="keyUp", key="Tab", code="Tab", windowsVirtualKeyCode=9)
    order.append(js("document.activeElement ? (document.activeElement.id || document.activeElement.getAttribute('download') || document.activeElement.tagName) : ''"))
out(all(x in order for x in ("lang", "baseline", "run", "reference", "report.html", "comparison.xlsx")) and any(o.startswith("w0k") for o in order),
    "Tab reaches the language button, the baseline, the knobs, Run, the reference and the downloads")
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
