#!/usr/bin/env bash
# A short walk through the command line. Run from the repository's top folder:
#   bash Examples/walkthrough.sh
set -euo pipefail
swift build -c release --product stockpile >/dev/null
stockpile() { .build/release/stockpile "$@"; }
out=$(mktemp -d)

echo "== The tutorial model, checked by hand in its comments"
stockpile plan Models/tutorial.yaml

echo "== The default model as JSON (first lines)"
stockpile plan Models/japan-critical-minerals.yaml --format json --output "$out/plan.json"
head -20 "$out/plan.json"

echo "== The purchases as CSV, written atomically to a file"
stockpile plan Models/japan-critical-minerals.yaml --format csv --output "$out/plan.csv"
head -5 "$out/plan.csv"

echo "== A budget too small for every target: exit status 3 and what blocks it"
set +e
stockpile plan Models/budget-shortfall.yaml
echo "exit status: $?"
set -e

echo "== Hand the model to another solver"
stockpile plan Models/tutorial.yaml --export-lp "$out/tutorial.lp" --export-mps "$out/tutorial.mps" >/dev/null
head -8 "$out/tutorial.lp"

echo "== Why this plan: price ranges and what each binding limit is worth (first lines)"
stockpile explain Models/japan-critical-minerals.yaml | sed -n "1,12p"

echo "== A plan with shortfall explained: what must move so every target is met"
set +e
stockpile explain Models/budget-shortfall.yaml | sed -n '/What blocks/,$p'
set -e

echo "== What if China stops exporting rare earths and the budget is cut 20%? (exit status 3: short)"
set +e
stockpile plan Models/japan-critical-minerals.yaml --ban CN:rare-earths --budget -20% | sed -n "1,12p"
set -e

echo "== The shipped scenarios side by side (first lines)"
stockpile compare Models/japan-critical-minerals.yaml Models/scenarios/*.yaml | sed -n "1,16p"

echo "== The price of diversification: the China cap from 10% to 90%, with a chart"
stockpile sweep Models/japan-critical-minerals.yaml --cap CN=0.1...0.9:0.1 --chart "$out/cn-cap.svg"
echo "chart: $(wc -c < "$out/cn-cap.svg") bytes of SVG"

echo "== Building the reserve up over four half-years: spend by period (first lines)"
stockpile plan Models/japan-buildup.yaml | sed -n '1,11p'

echo "== Lots, a minimum order, a fixed cost and a volume tier (branch and cut)"
stockpile plan Models/lots-and-minimum-orders.yaml | sed -n "1,6p"

echo "== A broken model: every problem at once, exit status 65"
printf 'name: broken\nmaterials:\n  - id: li\n    target_days: 90\noffers:\n  - id: a\n    supplier: S\n    country: cn\n    material: li\n    price: -3\n    capcity: 10\n' > "$out/broken.yaml"
set +e
stockpile plan "$out/broken.yaml"
echo "exit status: $?"
set -e
rm -rf "$out"
