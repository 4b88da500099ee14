#!/usr/bin/env bash
# The main job: the baseline hospital against the AI and VR what-if scenarios,
# with common random numbers, written to Results/demo/ (report.html,
# comparison.json, series.json). Extra arguments go to `careflow compare`
# (e.g. --replications 5).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
bash scripts/build.sh --product careflow
start=$(date +%s%N)
.build/release/careflow compare Scenarios/baseline.yaml \
  Scenarios/ai-triage.yaml Scenarios/ai-imaging.yaml Scenarios/vr-therapy.yaml \
  Scenarios/vr-paediatrics.yaml Scenarios/discharge-planning.yaml Scenarios/combined.yaml \
  --out Results/demo "$@"
end=$(date +%s%N)
ms=$(( (end - start) / 1000000 ))
printf 'demo wall time: %d.%01d s\nopen Results/demo/report.html\n' $((ms / 1000)) $(((ms % 1000) / 100))
