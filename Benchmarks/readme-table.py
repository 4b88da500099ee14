#!/usr/bin/env python3
"""Writes README.md's benchmark table from Benchmarks/RESULTS.md (called by
Benchmarks/run.sh after a full run; by hand: python3 Benchmarks/readme-table.py).

The table sits between the markers <!-- bench-table:start --> and
<!-- bench-table:end --> in README.md: the run's date and command, then one
row per model with each library's patients per second (median of the
rounds) and, for B3 at c = 100,000, peak memory; "capped" where the peer hit
the per-run cap. Exit 2 when a file or a marker is missing.
"""
import re, sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LIBS = ["CareFlow", "C reference", "SimPy", "Ciw", "salabim"]
MODELS = [("B1", "B1 M/M/10"), ("B2", "B2 ED with imaging and boarding"), ("B3 — scale, c = 10\n", "B3 c = 10"),
          ("B3 — scale, c = 1,000\n", "B3 c = 1,000"), ("B3 — scale, c = 100,000\n", "B3 c = 100,000")]


def short(n):
    if n >= 1e6: return f"{n / 1e6:.2f} M"
    if n >= 1e3: return f"{n / 1e3:.1f} k" if n < 1e5 else f"{n / 1e3:.0f} k"
    return f"{n:.0f}"


def main():
    results = (ROOT / "Benchmarks/RESULTS.md").read_text()
    readme_path = ROOT / "README.md"
    readme = readme_path.read_text()
    start, end = "<!-- bench-table:start -->", "<!-- bench-table:end -->"
    if start not in readme or end not in readme:
        sys.exit(2)
    sections = re.split(r"^## ", results, flags=re.M)
    date = re.search(r"- Date: (\S+)", results)
    command = re.search(r"- Command: `([^`]+)`", results)
    cpu = re.search(r"CPU `([^`]+)`", results)
    rows, ratios, simpy = [], {}, {}
    for key, title in MODELS:
        sec = next((s for s in sections if (s.startswith(key) if key.endswith("\n") else s.startswith(key + " "))), None)
        if sec is None:
            continue
        cells = {}
        for line in sec.splitlines():
            parts = [p.strip() for p in line.strip().strip("|").split("|")]
            if len(parts) >= 6 and parts[0] in LIBS:
                pps = float(parts[3].replace(",", ""))
                text = short(pps)
                if "timeout" in parts[2]: text += ", capped"
                if title == "B3 c = 100,000" and parts[5] not in ("", "–"): text += f" ({parts[5]} MB)"
                cells[parts[0]] = text
                if parts[0] == "C reference" and "CareFlow" in cells:
                    ratios[title] = float(parts[4])
                if parts[0] == "SimPy" and "timeout" not in parts[2]:
                    simpy[title] = float(parts[4])
        rows.append(f"| {title} | " + " | ".join(cells.get(l, "–") for l in LIBS) + " |")
    table = [f"Latest side-by-side run (`bash {command.group(1) if command else 'Benchmarks/run.sh'}`, "
             f"{date.group(1) if date else '?'}, 2-core {cpu.group(1) if cpu else ''}, whole-process patients per second, median of the "
             "alternating rounds; details, peak memory and the statistical agreement check in "
             "[Benchmarks/RESULTS.md](Benchmarks/RESULTS.md); written by `Benchmarks/readme-table.py`):", "",
             "| model | " + " | ".join(LIBS) + " |", "|---|---|---|---|---|---|"] + rows
    if ratios:
        table += ["", "CareFlow runs at " + ", ".join(f"{100 * r:.0f}% ({m})" for m, r in ratios.items()) +
                  " of the hand-written C loop's patients per second" +
                  (", and at " + ", ".join(f"{x:.0f}x SimPy ({m})" for m, x in simpy.items()) if simpy else "") + "."]
    block = start + "\n" + "\n".join(table) + "\n" + end
    readme_path.write_text(readme[:readme.index(start)] + block + readme[readme.index(end) + len(end):])
    print("README.md: benchmark table written")


if __name__ == "__main__":
    main()
