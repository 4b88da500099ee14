#!/usr/bin/env python3
"""Writes Scenarios/README.md from the results of the demo comparison and the
sensitivity runs (see scripts/update-scenarios-readme.sh), and the answers of
`careflow optimise` if they are in RESULTS (default Results). Every figure in
the README comes from these files, none is typed by hand.

Usage: scenarios-readme.py DEMO-DIR SENSITIVITY-DIR [RESULTS-DIR]"""
import json, sys, os, re

demo, sens_dir = sys.argv[1], sys.argv[2]
results_dir = sys.argv[3] if len(sys.argv) > 3 else "Results"
cmp = json.load(open(os.path.join(demo, "comparison.json")))

HEADLINES = {
    "ai-triage": ["time_to_physician_true_acuity[orange].median", "time_to_physician_true_acuity[orange].within_target",
                  "time_to_physician_true_acuity[red].median", "triage_wait.mean", "ed_los.median"],
    "ai-imaging": ["report_turnaround[xray].mean", "report_turnaround[xray].p95", "report_turnaround[ct].mean", "ed_los.median"],
    "vr-therapy": ["time_to_treatment.mean", "census.waiting_list.mean", "unit.psychologist.utilisation", "time_to_treatment.p90"],
    "vr-paediatrics": ["unit.paediatric_bed.utilisation", "unit.paediatric_bed.wait_mean_min", "paediatric_los.mean"],
    "discharge-planning": ["boarding.mean", "census.boarding.mean", "unit.ward_bed.utilisation", "ed_los.median"],
    "winter": ["time_to_physician_true_acuity[orange].median", "ed_los.mean", "boarding.mean", "unit.ward_bed.utilisation",
               "unit.paediatric_bed.utilisation", "unit.paediatric_bed.wait_mean_min"],
    "summer-closures": ["boarding.mean", "census.boarding.mean", "unit.ward_bed.utilisation", "ed_los.mean",
                        "unit.ward_bed.patients_over_capacity", "unit.paediatric_bed.wait_mean_min"],
    "ai-worklist": ["report_turnaround[xray].mean", "report_turnaround[xray].median", "report_turnaround[xray].p95",
                    "report_turnaround[ct].mean", "unit.radiologist.wait_mean_min", "ed_los.median"],
    "ward-flow": ["boarding.mean", "boarding.p95", "census.boarding.mean", "unit.ward_bed.utilisation", "unit.overflow_bed.utilisation",
                  "unit.ward_nurse.utilisation", "ed_los.mean", "pathway.ed.reneged_per_year"],
    "combined": ["time_to_physician_true_acuity[orange].median", "report_turnaround[xray].mean", "boarding.mean", "ed_los.median", "ed_los.within_target"],
}
SENSITIVITY = {
    "ai-triage": [("mistriage rate with AI (baseline assumption 10%)", ["ai-triage-low", "ai-triage-high"],
                  "time_to_physician_true_acuity[orange].median")],
    "ai-imaging": [("share of X-rays the AI flags (assumption 10%)", ["ai-imaging-flag5", "ai-imaging-flag20"],
                   "report_turnaround[xray].mean")],
    "vr-therapy": [("share of sessions delivered in VR (assumption 40%)", ["vr-therapy-20", "vr-therapy-60"],
                   "time_to_treatment.mean")],
    "vr-paediatrics": [("reduction of paediatric length of stay (assumption 8%)", ["vr-paediatrics-4", "vr-paediatrics-12"],
                       "unit.paediatric_bed.utilisation")],
    "discharge-planning": [("discharges before noon with planning (assumption 35%)", ["discharge-planning-25", "discharge-planning-45"],
                           "boarding.mean")],
    "winter": [("size of the season (assumption: influenza +15% of ED visits, RSV x1.8 at the peak)", ["winter-low", "winter-high"],
               "boarding.mean")],
    "ai-worklist": [("interval at which the AI re-sorts the worklist (assumption every 15 min)", ["ai-worklist-5", "ai-worklist-60"],
                     "report_turnaround[xray].mean")],
    "ward-flow": [("number of admitting nurses (assumption 2)", ["ward-flow-nurse1", "ward-flow-nurse3"], "boarding.mean"),
                  ("size of the overflow ward (assumption 12 beds)", ["ward-flow-overflow6", "ward-flow-overflow24"], "boarding.mean")],
    "summer-closures": [("number of medical beds closed (assumption 12 of 198)", ["summer-closures-6", "summer-closures-24"],
                        "boarding.mean")],
}
LABEL_SUFFIX = {"mean": "mean", "median": "median", "p90": "90th percentile", "p95": "95th percentile",
                "within_target": "share within target"}

def fmt(x):
    if x is None: return "-"
    a = abs(x)
    if a >= 100: return f"{x:.0f}"
    if a >= 10: return f"{x:.1f}"
    if a >= 1: return f"{x:.2f}"
    return f"{x:.3f}"

def est(e):
    if not e or e.get("mean") is None: return "-"
    if e.get("ci_low") is None: return fmt(e["mean"])
    return f"{fmt(e['mean'])} ({fmt(e['ci_low'])} to {fmt(e['ci_high'])})"

def clear(d):
    """The CI of a difference excludes zero."""
    return bool(d) and d.get("ci_low") is not None and d.get("ci_high") is not None and (d["ci_low"] > 0 or d["ci_high"] < 0)

def diff(d):
    """A paired difference: `*` when its CI excludes zero, 'no clear change' when it includes it."""
    if not d or d.get("mean") is None: return "-"
    if d.get("ci_low") is None: return est(d)
    return est(d) + (" *" if clear(d) else ", no clear change")

def describe(name):
    if name.startswith("unit."):
        _, u, s = name.split(".", 2)
        return {"utilisation": f"{u} utilisation", "wait_mean_min": f"mean wait for {u} (min)",
                "patients_over_capacity": f"{u}: patients in service above capacity when beds closed"}.get(s, name)
    if name.startswith("pathway."):
        _, pw, stat = name.split(".", 2)
        return {"reneged_per_year": f"{pw} patients leaving before they are seen, per year",
                "arrivals_per_year": f"{pw} arrivals per year"}.get(stat, name)
    if name.startswith("census."):
        return f"mean number of patients: {name.split('.')[1].replace('_', ' ')}"
    base, _, stat = name.rpartition(".")
    unit = "" if stat == "within_target" else " (min)"
    return f"{base.replace('_', ' ')}, {LABEL_SUFFIX.get(stat, stat)}{unit}"

# The shipped optimise files and where their answers may be: the folder the
# lead's runs use (--out Results/optimise-...) first, then the default Results/<name>/.
OPTIMISE = [("ward-night.yaml", ["optimise-ward-night", "ward-beds-night-physicians"]),
            ("ward-night-guarded.yaml", ["optimise-ward-night-guarded", "ward-beds-night-physicians-guarded"])]

def limit(c):
    for key, sign in (("at_most", "<="), ("at_least", ">=")):
        if key in c: return f"{sign} {fmt(c[key])}"
    return ""

def optimise_section(w):
    here = os.path.dirname(os.path.abspath(__file__))
    w("## Capacity planning: beds and night physicians (Scenarios/optimise/)")
    w("")
    w("`careflow optimise` (docs/optimise.md) searches integer settings of a scenario for the cheapest configuration that "
      "meets KPI targets, each with a stated confidence. This script does not run it: the figures below are read from "
      "the answers' `optimise.json`, as left by the last run.")
    w("")
    for yaml_name, dirs in OPTIMISE:
        spec = os.path.join("Scenarios", "optimise", yaml_name)
        text = open(os.path.join(here, "..", spec)).read() if os.path.exists(os.path.join(here, "..", spec)) else ""
        cur = re.search(r"^\s*currency:\s*(\S+)", text, re.M)
        currency = cur.group(1) if cur else ""
        found = next((os.path.join(results_dir, d, "optimise.json") for d in dirs
                      if os.path.exists(os.path.join(results_dir, d, "optimise.json"))), None)
        w(f"### `{yaml_name}`")
        w("")
        # The file's first comment paragraph is its question; its cost figures are ASSUMPTIONS.
        head = []
        for line in text.splitlines():
            if not line.startswith("#"): break
            line = line[1:].strip()
            if line.startswith("yaml-language-server"): continue
            if not line:
                if head: break
                continue
            head.append(line)
        if head:
            w(" ".join(head))
            w("")
        costs = re.findall(r"^\s+(\w+):\s*\{(per_\w+):\s*([\d.]+)\}", text, re.M)
        if costs:
            w("Costs (ASSUMPTIONS in the file; only their ratio orders the configurations): " +
              "; ".join(f"{u} {k.replace('_', ' ')} {currency} {float(x):,.0f}".replace("  ", " ") for u, k, x in costs) + ".")
            w("")
        if found is None:
            out_dir = "Results/" + dirs[0]
            w(f"Not run yet. Run `careflow optimise {spec} --out {out_dir}` (it takes a while: it simulates many "
              f"configurations), then rerun `scripts/update-scenarios-readme.sh`.")
            w("")
            continue
        j = json.load(open(found))
        w(f"From `{found}` ({j.get('software', 'unknown software')}; "
          f"seed {int(j['seed'])}).")
        w("")
        ch = j.get("chosen")
        if not ch:
            w("No configuration was found to meet every target (see the report in the same folder).")
            w("")
        else:
            vals = ", ".join(f"{k} {int(v)}" for k, v in ch["values"].items())
            cost = ch.get("objective_known", (ch.get("objective") or {}).get("mean"))
            kpi = j["objective"]["minimise"]
            if cost is not None and kpi.startswith("cost."):
                obj = f"cost {currency} {cost / 1e6:,.0f} M a year (`{kpi}`)".replace("  ", " ")
            else:
                obj = f"`{kpi}` {est(ch.get('objective'))}"
            w(f"Chosen: {vals}; {obj}; {int(ch['replications'])} replications.")
            w("")
            limits = {c["kpi"]: c for c in j.get("constraints", [])}
            w("| target | limit | estimate (95% CI) | decision |")
            w("|---|---|---|---|")
            for c in ch.get("constraints", []):
                w(f"| {describe(c['kpi'])} | {limit(limits.get(c['kpi'], {}))} | {est(c.get('estimate'))} | {c.get('decision', '-')} |")
            w("")
            if j.get("on_lower_bound"):
                w("At the lower bound of its range: " + ", ".join(f"`{v}`" for v in j["on_lower_bound"]) +
                  " (a cheaper configuration may lie below it; widen the range).")
                w("")
        w(f"Search: {int(j['evaluations'])} of {int(j['configurations'])} configurations evaluated, "
          f"{int(j['total_replications'])} replications, {int(j['rounds'])} rounds.")
        if ch:
            w(f"Compare the answer with the baseline: `careflow compare Scenarios/baseline.yaml {os.path.dirname(found)}/chosen.yaml --seed {int(j['seed'])}`.")
        w("")

scen = {s["name"]: s for s in cmp["scenarios"]}
base = cmp["scenarios"][0]
out = []
w = out.append
w("# Scenarios")
w("")
w("Generated by `scripts/update-scenarios-readme.sh` from the results of the current code; do not edit by hand.")
w(f"Figures: {int(cmp['replications'])} replications per scenario, seed {int(cmp['seed'])}, common random numbers, one year measured after a "
  f"{base['summary']['warmup_min'] / 1440:.0f}-day warm-up; mean (95% CI), and the paired difference from the baseline with its 95% CI (`*`: the CI excludes zero, a clear change; otherwise \"no clear change\").")
w("")
w("| file | question |")
w("|---|---|")
for s in cmp["scenarios"]:
    w(f"| [{os.path.basename(s['file'])}]({os.path.basename(s['file'])}) | {s['meta']['title']} |")
w("| [baseline-initial.yaml](baseline-initial.yaml) | the baseline started from a running hospital (warm-up check, below) |")
w("| [optimise/ward-night.yaml](optimise/ward-night.yaml), [optimise/ward-night-guarded.yaml](optimise/ward-night-guarded.yaml) "
  "| capacity planning with `careflow optimise`: medical-ward beds and night physicians (below) |")
w("| [bench-b1.yaml](bench-b1.yaml), [bench-b2.yaml](bench-b2.yaml) | the reference benchmark models B1 and B2, exactly |")
w("")
w(f"## {base['meta']['title']} (`baseline.yaml`)")
w("")
w(base["meta"]["description"].strip())
w("")
w("Sources:")
for c in base["meta"]["sources"]:
    w(f"- [{c['id']}] {c['text']}")
w("")
w("Assumptions:")
for a in base["meta"]["assumptions"]:
    w(f"- {a}")
w("")
for s in cmp["scenarios"][1:]:
    name = s["name"]
    m = s["meta"]
    w(f"## {m['title']} (`{os.path.basename(s['file'])}`)")
    w("")
    own = [f for f in m["files"] if f["path"] == s["file"]]
    if own:
        lines = [l[2:] if l.startswith("# ") else l[1:] for l in own[0]["text"].splitlines() if l.startswith("#") and not l.startswith("# yaml-language-server")]
        w("\n".join(lines).strip())
        w("")
    meta_keys = {"name", "title", "description", "sources", "assumptions"}
    w("Changed key paths: " + ", ".join(f"`{p}`" for p in m["changed_paths"] if p not in meta_keys))
    w("")
    diffs = cmp["differences"][name]
    w("| KPI | baseline | " + m["title"] + " | difference |")
    w("|---|---|---|---|")
    for k in HEADLINES.get(name, []):
        b = base["summary"]["kpis"].get(k); x = s["summary"]["kpis"].get(k); d = diffs.get(k)
        w(f"| {describe(k)} | {est(b)} | {est(x)} | {diff(d)} |")
    w("")
    p = os.path.join(sens_dir, name, "comparison.json")
    if name in SENSITIVITY and os.path.exists(p):
        sc = json.load(open(p))
        for what, variants, kpi in SENSITIVITY[name]:
            w(f"Sensitivity to the {what}: difference from the baseline in {describe(kpi)}:")
            w("")
            for v in [name] + variants:
                d = sc["differences"].get(v, {}).get(kpi)
                title = next((x["meta"]["title"] for x in sc["scenarios"] if x["name"] == v), v)
                w(f"- {title}: {diff(d)}")
            w("")
    # The what-if's own sources and assumptions (the baseline's are listed above).
    own_src = [c for c in m.get("sources", []) if c not in base["meta"]["sources"]]
    own_asm = [a for a in m.get("assumptions", []) if a not in base["meta"]["assumptions"]]
    if own_src:
        w("Sources (in addition to the baseline's):")
        for c in own_src:
            w(f"- [{c['id']}] {c['text']}")
        w("")
    if own_asm:
        w("Assumptions (in addition to the baseline's):")
        for a in own_asm:
            w(f"- {a}")
        w("")
optimise_section(w)
w("""## Warm-up and the initial state (`baseline-initial.yaml`)

`baseline-initial.yaml` is the baseline started from a running hospital (`initial:`: 181 medical and 14 paediatric beds occupied, 9 patients on the CBT waiting list, 95 patients between two sessions of a CBT course, from the baseline's own means; ASSUMPTION standing in for a real census), with a 30-day warm-up and a 395-day horizon. MSER-5 suggestions of `careflow warmup` (20 replications, seed 20261124; hours truncated per series):

| series | baseline (empty start, 455 d) | baseline-initial (395 d) |
|---|---|---|
| census.waiting_list | 5460 h (228 d) | 4740 h (198 d) |
| unit.ward_bed.busy | 265 h (11 d) | 65 h (2.7 d) |
| unit.paediatric_bed.busy | 220 h (9.2 d) | 40 h (1.7 d) |
| census.ed, census.boarding, ED units | 0-10 h | 0-60 h |
| suggested warm-up | 228 d | 198 d |

The initial state removes the wards' warm-up (the first month's mean ward occupancy is 161 beds from empty, 184 from the initial state; the steady state is about 181). The primary-care waiting list does not settle in either run: at about 97% psychologist utilisation its monthly mean keeps rising over the whole year (baseline: 3 in month 3, 9 in month 8, 13 in month 15; from the initial state: 8 in month 3, 13 in month 8, 14 in month 13), so MSER-5 reads the trend as warm-up whatever the start. The baseline therefore keeps its empty start and 90-day warm-up (its what-if results above are unchanged); its primary-care KPIs describe a waiting list that is still growing, as the MSER-5 check in every report says.
""")
w("`*`: the 95% confidence interval of the difference excludes zero.")
print("\n".join(out))
