#!/usr/bin/env python3
"""How fast the workbench's cancel stops a run (issue: "cancel stops a long
run within 1 s"). A measurement, not a test: starts `careflow serve` on a
temporary folder holding a scenario that would run for minutes, starts a
job (baseline + 1 what-if, 4 replications) through the HTTP API as the page
does (CSRF header, same origin), cancels it half a second in, and reports
the time from the cancel request until the job has left the running state
(the worker threads have returned), for 5 trials.

    bash scripts/build.sh --product careflow
    python3 Benchmarks/serve-cancel.py .build/release/careflow [--port 18931]
"""
import json, os, re, subprocess, sys, tempfile, time, urllib.request

ENDLESS = """name: endless
run: {horizon: 36000d, replications: 4, seed: 1}
units:
  desk: 2
arrivals:
  walk_in: {pathway: visit, per_day: 300}
pathways:
  visit:
    steps:
      - activity: {name: check_in, uses: desk, duration: {exponential: {mean: 8m}}}
"""

def main():
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    binary = os.path.abspath(sys.argv[1])
    port = int(sys.argv[3]) if len(sys.argv) > 3 and sys.argv[2] == "--port" else 18931
    work = tempfile.mkdtemp(prefix="careflow-cancel-")
    with open(os.path.join(work, "endless.yaml"), "w") as f:
        f.write(ENDLESS)
    srv = subprocess.Popen([binary, "serve", work, "--port", str(port)], stdout=subprocess.DEVNULL,
                           stderr=subprocess.DEVNULL, cwd=work)
    base = f"http://127.0.0.1:{port}"
    try:
        page = None
        for _ in range(200):
            try:
                page = urllib.request.urlopen(base + "/").read().decode()
                break
            except OSError:
                time.sleep(0.05)
        token = page and re.search(r'name="careflow-csrf" content="([^"]+)"', page)
        if not token:
            sys.exit("no CSRF token in the page")
        headers = {"Content-Type": "application/json", "X-CareFlow-CSRF": token.group(1), "Origin": base}

        def call(path, body=None):
            req = urllib.request.Request(base + path, headers=headers, method="GET" if body is None else "POST",
                                         data=None if body is None else json.dumps(body).encode())
            return json.loads(urllib.request.urlopen(req).read())

        stops = []
        for trial in range(5):
            job = call("/api/jobs", {"baseline": "endless.yaml", "whatIfs": [{"settings": {"units.desk": "3"}}],
                                     "replications": 4})["id"]
            while call(f"/api/jobs/{job}")["state"] != "running":
                time.sleep(0.01)
            time.sleep(0.5)
            t0 = time.monotonic()
            call(f"/api/jobs/{job}/cancel", {})
            while (state := call(f"/api/jobs/{job}")["state"]) == "running":
                time.sleep(0.002)
            stops.append(time.monotonic() - t0)
            print(f"trial {trial + 1}: {state} {1000 * stops[-1]:.1f} ms after the cancel request")
        print(f"cancel_max_ms: {1000 * max(stops):.1f}")
    finally:
        srv.kill()
        srv.wait()

if __name__ == "__main__":
    main()
