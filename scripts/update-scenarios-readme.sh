#!/usr/bin/env bash
# Regenerates Scenarios/README.md: runs the demo comparison and, for each
# what-if's main assumption, a pair of sensitivity runs, then writes the
# README from their comparison.json files, and the answers of
# `careflow optimise Scenarios/optimise/*.yaml` if they have been run (this
# script does not run the optimiser: see the README's capacity-planning
# section for the commands).
set -euo pipefail
cd "$(dirname "$0")/.."
reps=${1:-20}
bash scripts/setup.sh
bash scripts/build.sh --product careflow
bin=.build/release/careflow
out=Results/scenarios-readme; rm -rf "$out"; mkdir -p "$out/variants"
$bin compare Scenarios/baseline.yaml Scenarios/ai-triage.yaml Scenarios/ai-imaging.yaml Scenarios/ai-worklist.yaml Scenarios/vr-therapy.yaml \
  Scenarios/vr-paediatrics.yaml Scenarios/discharge-planning.yaml Scenarios/combined.yaml Scenarios/winter.yaml Scenarios/summer-closures.yaml \
  Scenarios/ward-flow.yaml --replications "$reps" --out "$out/demo" >/dev/null
V=$out/variants
variant() {  # variant FILE BASE NAME TITLE OVERRIDE-LINES
  printf 'extends: %s/Scenarios/%s\nname: %s\ntitle: "%s"\noverrides:\n%s\n' "$PWD" "$2" "$3" "$4" "$5" > "$V/$1"
}
variant ai-triage-low.yaml ai-triage.yaml ai-triage-low "AI triage, 14% mistriaged" '  pathways.ed.steps[triage_level].assign.triage_level.table.orange: {red: 0.05, orange: 0.85, yellow: 0.10}
  pathways.ed.steps[triage_level].assign.triage_level.table.yellow: {orange: 0.07, yellow: 0.86, green: 0.07}'
variant ai-triage-high.yaml ai-triage.yaml ai-triage-high "AI triage, 6% mistriaged" '  pathways.ed.steps[triage_level].assign.triage_level.table.orange: {red: 0.02, orange: 0.95, yellow: 0.03}
  pathways.ed.steps[triage_level].assign.triage_level.table.yellow: {orange: 0.03, yellow: 0.94, green: 0.03}'
variant ai-imaging-flag5.yaml ai-imaging.yaml ai-imaging-flag5 "AI imaging, 5% flagged" '  subpathways.imaging.steps[modality].branch.options[0].steps[ai_flag].assign.ai_flag: {categorical: {flagged: 0.05, unflagged: 0.95}}'
variant ai-imaging-flag20.yaml ai-imaging.yaml ai-imaging-flag20 "AI imaging, 20% flagged" '  subpathways.imaging.steps[modality].branch.options[0].steps[ai_flag].assign.ai_flag: {categorical: {flagged: 0.20, unflagged: 0.80}}'
variant vr-therapy-20.yaml vr-therapy.yaml vr-therapy-20 "VR therapy, 20% of sessions" '  pathways.anxiety_cbt.steps[course].repeat.steps[session_mode].branch.options[0].probability: 0.8
  pathways.anxiety_cbt.steps[course].repeat.steps[session_mode].branch.options[1].probability: 0.2'
variant vr-therapy-60.yaml vr-therapy.yaml vr-therapy-60 "VR therapy, 60% of sessions" '  pathways.anxiety_cbt.steps[course].repeat.steps[session_mode].branch.options[0].probability: 0.4
  pathways.anxiety_cbt.steps[course].repeat.steps[session_mode].branch.options[1].probability: 0.6'
variant vr-paediatrics-4.yaml vr-paediatrics.yaml vr-paediatrics-4 "VR paediatrics, 4% shorter stay" '  pathways.paediatric.steps[paediatric_stay].delay.duration: {lognormal: {mean: 1.92d, sd: 1.54d}}'
variant vr-paediatrics-12.yaml vr-paediatrics.yaml vr-paediatrics-12 "VR paediatrics, 12% shorter stay" '  pathways.paediatric.steps[paediatric_stay].delay.duration: {lognormal: {mean: 1.76d, sd: 1.41d}}'
variant discharge-planning-25.yaml discharge-planning.yaml discharge-planning-25 "Discharge planning, 25% before noon" '  pathways.ed.steps[disposition].branch_on.cases.ward.steps[7].wait_until_time_of_day: {empirical: {values: [8h, 12h, 15h, 16h, 18h, 21h], cumulative: [0, 0.25, 0.58, 0.72, 0.90, 1]}}'
variant discharge-planning-45.yaml discharge-planning.yaml discharge-planning-45 "Discharge planning, 45% before noon" '  pathways.ed.steps[disposition].branch_on.cases.ward.steps[7].wait_until_time_of_day: {empirical: {values: [8h, 12h, 15h, 16h, 18h, 21h], cumulative: [0, 0.45, 0.78, 0.86, 0.94, 1]}}'
variant winter-low.yaml winter.yaml winter-low "Winter, influenza peak +8%, RSV peak x1.4" '  arrivals.ed_ambulance.surges[0].multiplier: 1.08
  arrivals.ed_walk_in.surges[0].multiplier: 1.08
  arrivals.paediatric.surges[0].multiplier: 1.4'
variant winter-high.yaml winter.yaml winter-high "Winter, influenza peak +25%, RSV peak x2.2" '  arrivals.ed_ambulance.surges[0].multiplier: 1.25
  arrivals.ed_walk_in.surges[0].multiplier: 1.25
  arrivals.paediatric.surges[0].multiplier: 2.2'
variant summer-closures-6.yaml summer-closures.yaml summer-closures-6 "Summer closures, 6 medical beds" '  units.ward_bed.dated_changes[0].change: -6'
variant summer-closures-24.yaml summer-closures.yaml summer-closures-24 "Summer closures, 24 medical beds" '  units.ward_bed.dated_changes[0].change: -24'
# ai-worklist: the tool's batch interval (15 min); the waiting-time cap keeps its 15-min pass.
variant ai-worklist-5.yaml ai-worklist.yaml ai-worklist-5 "AI worklist, re-sorted every 5 minutes" '  units.radiologist.reprioritise[0].every: 5m'
variant ai-worklist-60.yaml ai-worklist.yaml ai-worklist-60 "AI worklist, re-sorted every 60 minutes" '  units.radiologist.reprioritise[0].every: 60m'
# ward-flow: its two questions, the admitting nurses (2) and the overflow ward (12 beds).
variant ward-flow-nurse1.yaml ward-flow.yaml ward-flow-nurse1 "Ward flow, 1 admitting nurse" '  units.ward_nurse.capacity: 1'
variant ward-flow-nurse3.yaml ward-flow.yaml ward-flow-nurse3 "Ward flow, 3 admitting nurses" '  units.ward_nurse.capacity: 3'
variant ward-flow-overflow6.yaml ward-flow.yaml ward-flow-overflow6 "Ward flow, overflow ward of 6 beds" '  units.overflow_bed.capacity: 6'
variant ward-flow-overflow24.yaml ward-flow.yaml ward-flow-overflow24 "Ward flow, overflow ward of 24 beds" '  units.overflow_bed.capacity: 24'
for s in ai-triage:"ai-triage-low ai-triage-high" ai-imaging:"ai-imaging-flag5 ai-imaging-flag20" vr-therapy:"vr-therapy-20 vr-therapy-60" \
         vr-paediatrics:"vr-paediatrics-4 vr-paediatrics-12" discharge-planning:"discharge-planning-25 discharge-planning-45" \
         winter:"winter-low winter-high" summer-closures:"summer-closures-6 summer-closures-24" \
         ai-worklist:"ai-worklist-5 ai-worklist-60" \
         ward-flow:"ward-flow-nurse1 ward-flow-nurse3 ward-flow-overflow6 ward-flow-overflow24"; do
  name=${s%%:*}; vs=${s#*:}
  files=(Scenarios/baseline.yaml "Scenarios/$name.yaml")
  for v in $vs; do files+=("$V/$v.yaml"); done
  $bin compare "${files[@]}" --replications "$reps" --out "$out/sensitivity/$name" >/dev/null
done
python3 scripts/scenarios-readme.py "$out/demo" "$out/sensitivity" > Scenarios/README.md
echo "wrote Scenarios/README.md"
