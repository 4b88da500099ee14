"""Drives a replay page in headless Chromium through the DevTools protocol.

usage: replay_cdp.py PROFILE_DIR PAGE ART_DIR MODE [TRACE FROM TO]

MODE "check": the page's state function (CareFlowReplay.Model, the same code
the page draws from) against counts derived independently from a CSV trace
(`careflow run --trace`) at 50 random times plus 10 event times; scrubbing
shows the expected counts in the page's table; play advances the clock; no
console errors; no network requests; screenshots at 1280x800 and 390 px.
MODE "fps": plays baseline's day and counts requestAnimationFrame callbacks
and drawn frames over 4 s; prints "FPS <n>". Lines start PASS/FAIL/INFO.
"""
import base64, csv, json, os, random, sys, time, urllib.request
import websocket

profile, page_path, art, mode = sys.argv[1:5]

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
target = next(t for t in targets if t.get("type") == "page")
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

def js(expr):
    r = send("Runtime.evaluate", expression=expr, returnByValue=True, awaitPromise=True)
    if "exceptionDetails" in r:
        raise RuntimeError(r["exceptionDetails"].get("exception", {}).get("description", str(r["exceptionDetails"])))
    return r.get("result", {}).get("value")

def load(width, height, mobile=False):
    send("Emulation.setDeviceMetricsOverride", width=width, height=height, deviceScaleFactor=1, mobile=mobile)
    url = "file://" + os.path.abspath(page_path)
    send("Page.navigate", url=url)
    end = time.time() + 60
    while time.time() < end:
        if js("document.readyState") == "complete" and js("!!(window.CareFlowReplay && CareFlowReplay.players.length)"):
            return url
        time.sleep(0.1)
    return None

def shot(name, full=False):
    params = {"format": "png"}
    if full:
        m = send("Page.getLayoutMetrics")
        size = m.get("cssContentSize") or m.get("contentSize")
        params.update(captureBeyondViewport=True, clip={"x": 0, "y": 0, "width": size["width"], "height": min(size["height"], 12000), "scale": 1})
    png = base64.b64decode(send("Page.captureScreenshot", **params)["data"])
    open(os.path.join(art, name), "wb").write(png)
    return len(png)

for domain in ("Network", "Runtime", "Log", "Page"):
    send(f"{domain}.enable")

def trace_counts(path, units, t0, t1):
    """Waiting / in service / capacity per unit at given times, from the trace alone."""
    rows = []
    with open(path, newline="") as f:
        for r in csv.DictReader(f):
            rows.append((float(r["time"]), r["patient"], r["unit"], r["event"]))
    return rows

def state_at(rows, units, t):
    W = {u: 0 for u in units}; S = {u: 0 for u in units}; C = {u: None for u in units}
    waiting = {}
    for (time_, p, u, ev) in rows:
        if time_ > t:
            break
        if u not in W:
            continue
        if ev == "wait":
            W[u] += 1; waiting[p] = u
        elif ev in ("seize", "resume"):  # resume: the unit got back after preemption
            if waiting.get(p) == u:
                W[u] -= 1; del waiting[p]
            S[u] += 1
        elif ev == "release":
            S[u] -= 1
        elif ev == "renege":
            W[u] -= 1; waiting.pop(p, None)
        elif ev.startswith("capacity "):
            C[u] = int(ev.split()[1])
    return {u: [W[u], S[u], C[u]] for u in units}

if mode == "check":
    trace, t_from, t_to = sys.argv[5], float(sys.argv[6]), float(sys.argv[7])
    url = load(1280, 800)
    out(url is not None, "page loaded and the replay started")
    if url is None:
        sys.exit(0)
    units = js("CareFlowReplay.players[0].panes[0].d.units.map(u => u.name)")
    out(bool(units), f"{len(units or [])} unit boxes")
    rows = trace_counts(trace, units, t_from, t_to)
    # Initial capacities are not in the trace (only changes): take them from the page at the window start,
    # then check every later capacity against the trace's change rows.
    cap0 = dict(zip(units, [c[2] for c in js(f"CareFlowReplay.players[0].panes[0].model.countsAt({t_from})")]))
    rng = random.Random(20261201)
    # In random order, so that the state function seeks backwards and forwards
    # (through its checkpoints) as a scrub bar does.
    times = [rng.uniform(t_from, t_to) for _ in range(50)]
    in_window = [r[0] for r in rows if t_from < r[0] <= t_to and r[2] in units]
    times += rng.sample(in_window, min(10, len(in_window)))  # exactly at event times: the state includes them
    bad = []
    # Capacity before any change row: the scenario's capacity at time 0, which a
    # replay starting at the first change cannot know; start from the window-start value.
    for t in times:
        expect = state_at(rows, units, t)
        got = js(f"CareFlowReplay.players[0].panes[0].model.countsAt({json.dumps(t)})")
        for k, u in enumerate(units):
            e = expect[u]
            if e[2] is None:
                e[2] = cap0[u]
            if got[k] != e:
                bad.append(f"t={t!r} {u}: page {got[k]} trace {e}")
    out(not bad, f"state function = trace counts (waiting, in service, capacity) at {len(times)} times x {len(units)} units"
        + (": " + "; ".join(bad[:5]) if bad else ""))
    nonzero = sum(1 for t in times for v in state_at(rows, units, t).values() if v[0] > 0)
    out(nonzero > 0, f"some queues are non-empty at the sampled times ({nonzero} unit-times)")
    # Scrub to a time through the control, read the counts table.
    t_s = t_from + 0.4 * (t_to - t_from) + 0.123
    js(f"(() => {{ const s = document.querySelector('.rp-scrub'); s.value = {json.dumps(t_s)}; s.dispatchEvent(new Event('input')); }})()")
    table = js("Array.from(document.querySelectorAll('.rp-pane tbody tr')).map(r => Array.from(r.cells).slice(1, 4).map(c => parseInt(c.textContent)))")
    expect = state_at(rows, units, t_s)
    exp_rows = [[expect[u][0], expect[u][1], expect[u][2] if expect[u][2] is not None else cap0[u]] for u in units]
    out(table == exp_rows, f"scrubbing to {t_s:.2f} min shows the trace's counts in the table" + ("" if table == exp_rows else f": {table} vs {exp_rows}"))
    day = int(t_s // 1440); mm = int(t_s - day * 1440)
    want = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"][day % 7] + f" {mm // 60:02d}:{mm % 60:02d}"
    clk = js("document.querySelector('.rp-clock').textContent")
    out(clk.startswith(want), f"clock shows {clk!r} (expected {want} ...)")
    # Play.
    js("document.querySelector('.rp-speed').value = '240'")
    before = js("CareFlowReplay.players[0].t")
    js("document.querySelector('.rp-play').click()")
    time.sleep(1.5)
    after = js("CareFlowReplay.players[0].t")
    playing = js("CareFlowReplay.players[0].playing")
    out(after > before and playing, f"playing advances the clock ({before:.1f} -> {after:.1f} min of simulated time in 1.5 s)")
    js("document.querySelector('.rp-play').click()")
    out(js("CareFlowReplay.players[0].playing") is False, "pause stops it")
    for t_b in (t_s, t_from + 30, t_to - 1):
        js(f"(() => {{ const s = document.querySelector('.rp-scrub'); s.value = {json.dumps(t_b)}; s.dispatchEvent(new Event('input')); }})()")
        table = js("Array.from(document.querySelectorAll('.rp-pane tbody tr')).map(r => Array.from(r.cells).slice(1, 4).map(c => parseInt(c.textContent)))")
        e = state_at(rows, units, t_b)
        exp_rows = [[e[u][0], e[u][1], e[u][2] if e[u][2] is not None else cap0[u]] for u in units]
        out(table == exp_rows, f"after playing, scrubbing back to {t_b:.2f} min shows the trace's counts" + ("" if table == exp_rows else f": {table} vs {exp_rows}"))
    # Screenshots: the busy afternoon, at 1280 x 800 and at 390 px.
    js(f"(() => {{ const s = document.querySelector('.rp-scrub'); s.value = {t_from + 14.5 * 60}; s.dispatchEvent(new Event('input')); }})()")
    n = shot("replay.png")
    out(n > 20000, f"screenshot Results/ci-artifacts/replay.png (1280x800, {n} bytes)")
    shot("replay-full.png", full=True)
    overflow = js("document.documentElement.scrollWidth <= window.innerWidth + 1")
    out(bool(overflow), "no horizontal overflow at 1280 px")
    load(390, 844, mobile=True)
    js(f"(() => {{ const s = document.querySelector('.rp-scrub'); s.value = {t_from + 14.5 * 60}; s.dispatchEvent(new Event('input')); }})()")
    time.sleep(0.3)
    overflow = js("document.documentElement.scrollWidth <= window.innerWidth + 1")
    out(bool(overflow), "no horizontal overflow at 390 px")
    n = shot("replay-390.png", full=True)
    out(n > 20000, f"screenshot Results/ci-artifacts/replay-390.png ({n} bytes)")
    requests = [e["params"]["request"]["url"] for e in events if e.get("method") == "Network.requestWillBeSent"]
    others = [u for u in requests if not u.startswith("file://" + os.path.abspath(page_path)) and not u.startswith("data:")]
    out(not others, "no network request besides the page" + (": " + ", ".join(others[:5]) if others else ""))
elif mode == "report":
    url = load(1100, 900)
    out(url is not None, "report with replay loaded and its replay started")
    if url is None:
        sys.exit(0)
    panes = js("CareFlowReplay.players[0].panes.map(p => p.d.units.map(u => u.area).join(','))")
    out(len(panes) == 2 and all(set(p.split(',')) == {"ed"} for p in panes), f"two ED panes side by side ({panes})")
    m = js("(() => { const p = CareFlowReplay.players[0]; p.seek(p.from + 14 * 60); return p.panes.map(q => q.model.countsAt(p.t)); })()")
    same = js("(() => { const a = CareFlowReplay.players[0].panes.map(q => q.canvas.getBoundingClientRect()); return a[0].top === a[1].top && a[0].left < a[1].left; })()")
    out(bool(same), "panes share one row at 1100 px")
    js("document.querySelector('.rp-play').click()"); time.sleep(1.0); js("document.querySelector('.rp-play').click()")
    js("(() => { const p = CareFlowReplay.players[0]; p.seek(p.from + 14.5 * 60); })()")
    r = js("(() => { const b = document.getElementById('replay').getBoundingClientRect(); return [b.left + scrollX, b.top + scrollY, b.width, b.height]; })()")
    png = base64.b64decode(send("Page.captureScreenshot", format="png", captureBeyondViewport=True,
                                clip={"x": max(0, r[0] - 8), "y": r[1], "width": r[2] + 16, "height": min(r[3], 4000), "scale": 1})["data"])
    open(os.path.join(art, "report-replay.png"), "wb").write(png)
    out(len(png) > 20000, f"screenshot Results/ci-artifacts/report-replay.png ({len(png)} bytes)")
elif mode == "fps":
    url = load(1280, 800)
    out(url is not None, "page loaded")
    js("document.querySelector('.rp-speed').value = '240'")
    js("document.querySelector('.rp-play').click()")
    time.sleep(0.5)
    f0, t0 = js("CareFlowReplay.players[0].frames"), time.time()
    time.sleep(4)
    f1, t1 = js("CareFlowReplay.players[0].frames"), time.time()
    fps = (f1 - f0) / (t1 - t0)
    still = js("CareFlowReplay.players[0].playing")
    print(f"INFO FPS {fps:.1f} (requestAnimationFrame callbacks while playing at 4 h/s, 1280x800)")
    out(fps >= 30 and still, f"plays at {fps:.1f} frames per second (target 30)")
    # At 1 day per second the whole day plays in 1 s: count over 0.8 s of it.
    js("(() => { const p = CareFlowReplay.players[0]; p.pause(); p.seek(p.from); document.querySelector('.rp-speed').value = '1440'; p.play(); })()")
    f0, t0 = js("CareFlowReplay.players[0].frames"), time.time()
    time.sleep(0.8)
    f1, t1 = js("CareFlowReplay.players[0].frames"), time.time()
    fps_day = (f1 - f0) / (t1 - t0)
    print(f"INFO FPS {fps_day:.1f} at 1 day per second")
    out(fps_day >= 30, f"plays at {fps_day:.1f} frames per second at 1 day per second (target 30)")
    cost = js("""(() => { const p = CareFlowReplay.players[0]; const n = 200, t0 = performance.now();
        for (let i = 0; i < n; i++) { p.t = p.from + (p.to - p.from) * i / n; p.panes.forEach(q => { q.go(p.t, true, t0); q.draw(t0); }); }
        return (performance.now() - t0) / n; })()""")
    print(f"INFO draw {cost:.2f} ms per frame (seek + draw, 200 frames across the day)")

errors = []
for e in events:
    m, p = e.get("method"), e.get("params", {})
    if m == "Runtime.consoleAPICalled" and p.get("type") in ("error", "assert"):
        errors.append("console." + p["type"] + ": " + " ".join(str(a.get("value", a.get("description", ""))) for a in p.get("args", [])))
    elif m == "Runtime.exceptionThrown":
        errors.append("exception: " + p.get("exceptionDetails", {}).get("exception", {}).get("description", p.get("exceptionDetails", {}).get("text", "")))
    elif m == "Log.entryAdded" and p.get("entry", {}).get("level") == "error":
        errors.append("log: " + p["entry"].get("text", ""))
out(not errors, "no console errors" + (": " + " | ".join(errors[:5]) if errors else ""))
ws.close()
