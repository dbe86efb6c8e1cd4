#!/usr/bin/env python3
"""Captures what `stockpile` prints and writes on a fixed list of runs, and compares captures.

    python3 Tests/Outputs/outputs.py capture --binary PATH --out DIR [--quick] [--timeout 300] [--quiet]
    python3 Tests/Outputs/outputs.py compare DIR_A DIR_B
    python3 Tests/Outputs/outputs.py list [--quick]

The proof behind "the outputs stay byte-identical" (issue 19): capture with the binary before a
change, capture with the binary after it, compare. `make compare-outputs BASE=REV` does all of it
(builds REV in a temporary git worktree and this tree, both in release mode). Against a stored
baseline (here /work/outputs-baseline, captured from b212f6b):

    swift build -c release --product stockpile
    python3 Tests/Outputs/outputs.py capture --binary .build/release/stockpile --out /tmp/after
    python3 Tests/Outputs/outputs.py compare /work/outputs-baseline /tmp/after

`capture` runs every invocation below from the repository root (the one holding this script),
one at a time, and stores, per invocation, DIR/runs/GROUP/NAME.txt (the command, the stdin it
read, the exit status, standard output and standard error, byte for byte) and DIR/runs/GROUP/
NAME.files/ (every file the run wrote: --output, --export-lp, --export-mps, --chart, and anything
else left in its output folder, such as a stray `.stockpile-tmp-*`). DIR/runs/inputs/generated.txt
lists the size and SHA-256 of every generated input, so a generator that changed shows up too.
DIR/capture.txt (binary, mode, count) is for people and is not compared.

Inputs and outputs live under one fixed scratch folder, SCRATCH = .build/outputs-scratch, given to
the tool as a path relative to the repository root: paths the tool prints are the same in every
capture and every checkout (no random temporary names). It is emptied at the start and removed at
the end; a lock stops two captures of the same checkout from sharing it.

Every invocation runs with standard input from /dev/null (or the model file, for `plan -`), in a
new session (no controlling terminal: stdout and stderr are pipes, so sweeps show no progress), with
the environment reduced to PATH, HOME, LC_ALL=C, LANG=C, TZ=UTC, COLUMNS=120, and under a timeout
(--timeout, 300 s; the process group is killed and the record says so). Nothing timing-dependent
is asked for: never --timings, --verbose, or a --time-limit short enough to be reached, and never
`--whole` on the generated integer build-ups (whose whole search stops at a time limit).

Groups of invocations (`list` prints every command):

  cli           --version and the help of each subcommand
  plan          every model in Models/ (tutorial, japan-critical-minerals, japan-buildup,
                budget-shortfall, lots-and-minimum-orders, csv-offers) in every --format to
                standard output; html to standard output and xlsx to --output (its bytes are
                stored as a written file); with --certify in every format; --format json --output with
                --export-lp and --export-mps; --whole; --method dual and primal; models read from
                standard input (`-`, `/dev/stdin`)
  explain       every model in every --format (the integer and multi-period ones are refused with
                64); with --output; with a scenario file and what-if flags (the documented examples,
                a shortfall diagnosis)
  compare       the Japan model with every shipped scenario in every format, --output, --jobs 1,
                the base alone; japan-buildup, csv-offers and lots-and-minimum-orders with the
                scenarios that apply to them
  sweep         the documented parameter kinds on the Japan model (cap as fraction and percent,
                budget relative and absolute, target in days with a ban, price, capacity, stock)
                in table, json, csv and markdown, --chart SVGs, --cold and --jobs 1; sweeps of
                japan-buildup, lots-and-minimum-orders and csv-offers
  whatif        every what-if flag form of docs/commands.md on the Japan model and on japan-buildup
                (--ban, --price, --capacity, --budget, --target in days, units and percent, --cap,
                --stock, --scenario, combinations), table and json; on csv-offers a group ban
  usage         usage errors (exit 64): unknown options and values, unknown names in what-ifs,
                changes that would go negative, two ranges in a sweep, outputs in a missing folder
                or naming an input, `explain` on integer and multi-period models; and outputs that
                cannot be written (exit 70: /dev/full) or are written in place (/dev/stdout)
  invalid       invalid inputs (exit 65) made on the fly from shipped models: a bad country code,
                a negative price, an unknown key, both or neither target, a lot above the capacity,
                an unknown period, broken CSV offers, YAML that does not parse, invalid UTF-8, an
                empty file, a missing file, broken scenario files, the walkthrough's broken model
  walkthrough   every command of Examples/walkthrough.sh, with its outputs as files
  cases         the models the random check found planned wrongly (Tests/Random/cases), json and
                table with --certify
  bench         the benchmark families, generated into SCRATCH with the generators' fixed seeds:
                with --quick only small ones (at most 5,000 offers): generate_model.py 5 x 1,000
                (and with a binding budget of 5.0e8), 5 x 200 inline YAML and JSON, a 5 x 400
                sweep model, generate_buildup.py 4 x 5 x 30; in full also the families of
                families.py (100k = 50 x 2,000, 100k-budget with 8.0e9, 1m = 200 x 5,000), the
                100k model inline (YAML and JSON), sweep_bench.py's 10 x 2,000 model with its
                100-point cap sweep, mip_bench.py's 4 x 20 x 30 build-up. Each plan model runs
                `plan --format json --output`, `plan --format csv --output` and `plan` (table)
                with --export-mps and --export-lp.

Not covered, because they depend on the machine rather than on the code: exit 70 from a time
limit or from a model too large for `ulimit -v` (its message gives the memory left, which moves
with the binary's size), --timings and --verbose, and the progress count a sweep shows on a
terminal.

`compare DIR_A DIR_B` lists every invocation whose captured bytes differ (record or any file, and
invocations found in one capture only) with the start of a unified diff around the first
difference, prints `N invocations identical` last, and exits 1 when any differ, else 0.
"""
from __future__ import annotations

import argparse
import difflib
import fcntl
import hashlib
import os
import re
import shlex
import shutil
import signal
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent.parent
SCRATCH = Path(".build") / "outputs-scratch"   # relative to ROOT: the tool sees the same paths everywhere
INPUTS = SCRATCH / "inputs"                    # generated models and broken copies
RUNS = SCRATCH / "runs"                        # one output folder per invocation
ENV = {
    "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
    "HOME": os.environ.get("HOME", "/root"),
    "LC_ALL": "C",
    "LANG": "C",
    "TZ": "UTC",
    "COLUMNS": "120",
}
DIFF_LINES = 40          # lines of unified diff shown per differing file
JAPAN = "Models/japan-critical-minerals.yaml"
BUILDUP = "Models/japan-buildup.yaml"
TUTORIAL = "Models/tutorial.yaml"
SHORTFALL = "Models/budget-shortfall.yaml"
LOTS = "Models/lots-and-minimum-orders.yaml"
CSV_OFFERS = "Models/csv-offers.yaml"
MODELS = [TUTORIAL, JAPAN, BUILDUP, SHORTFALL, LOTS, CSV_OFFERS]
SCENARIOS = sorted(f"Models/scenarios/{p.name}" for p in (ROOT / "Models" / "scenarios").glob("*.yaml"))
FORMATS = ["table", "json", "csv", "markdown"]


# --------------------------------------------------------------------------- the invocations


@dataclass
class Invocation:
    group: str
    name: str
    args: list[str]              # after the binary; "{out}" stands for this run's output folder
    stdin: str | None = None     # a file (relative to ROOT) to read as standard input

    @property
    def ident(self) -> str:
        return f"{self.group}/{self.name}"

    @property
    def out(self) -> Path:
        return RUNS / self.group / self.name

    def command(self) -> list[str]:
        return [arg.replace("{out}", str(self.out)) for arg in self.args]


def stem(model: str) -> str:
    return Path(model).stem


@dataclass
class Plan:
    """The invocations, and the generated inputs they need (in order)."""
    invocations: list[Invocation] = field(default_factory=list)
    generate: list[tuple[str, list[str]]] = field(default_factory=list)   # (description, argv)
    broken: dict[str, bytes] = field(default_factory=dict)                # INPUTS-relative name: bytes

    def add(self, group: str, name: str, args: list[str], stdin: str | None = None) -> None:
        if any(i.group == group and i.name == name for i in self.invocations):
            raise SystemExit(f"internal error: invocation {group}/{name} listed twice")
        self.invocations.append(Invocation(group, name, args, stdin))


def replace_once(text: str, old: str, new: str) -> str:
    """The shipped model with one change; fails loudly when the model no longer has `old`."""
    if old not in text:
        raise SystemExit(f"internal error: cannot make a broken copy, {old!r} not found")
    return text.replace(old, new, 1)


def cli(plan: Plan) -> None:
    plan.add("cli", "version", ["--version"])
    plan.add("cli", "help", ["--help"])
    for sub in ["plan", "explain", "compare", "sweep"]:
        plan.add("cli", f"help-{sub}", [sub, "--help"])
    plan.add("cli", "help-subcommand", ["help", "plan"])


def plans(plan: Plan) -> None:
    for model in MODELS:
        s = stem(model)
        for fmt in FORMATS:
            plan.add("plan", f"{s}-{fmt}", ["plan", model, "--format", fmt])
            plan.add("plan", f"{s}-{fmt}-certify", ["plan", model, "--format", fmt, "--certify"])
        plan.add("plan", f"{s}-exports", ["plan", model, "--format", "json", "--output", "{out}/plan.json",
                                          "--export-lp", "{out}/plan.lp", "--export-mps", "{out}/plan.mps"])
        plan.add("plan", f"{s}-markdown-output", ["plan", model, "--format", "markdown", "--output", "{out}/plan.md"])
        plan.add("plan", f"{s}-html", ["plan", model, "--format", "html"])
        plan.add("plan", f"{s}-xlsx-output", ["plan", model, "--format", "xlsx", "--output", "{out}/plan.xlsx"])
        plan.add("plan", f"{s}-whole", ["plan", model, "--whole", "--format", "json"])
        plan.add("plan", f"{s}-whole-exports", ["plan", model, "--whole", "--export-lp", "{out}/whole.lp",
                                                "--export-mps", "{out}/whole.mps"])
        for method in ["dual", "primal"]:
            plan.add("plan", f"{s}-method-{method}", ["plan", model, "--method", method, "--format", "json"])
    plan.add("plan", "lots-mip-gap-0", ["plan", LOTS, "--mip-gap", "0", "--format", "json"])
    plan.add("plan", "lots-time-limit-600", ["plan", LOTS, "--time-limit", "600", "--format", "json"])  # never reached
    plan.add("plan", "japan-time-limit-600", ["plan", JAPAN, "--time-limit", "600"])
    plan.add("plan", "stdin-tutorial", ["plan", "-"], stdin=TUTORIAL)
    plan.add("plan", "stdin-japan-json", ["plan", "/dev/stdin", "--format", "json"], stdin=JAPAN)
    plan.add("plan", "stdin-buildup", ["plan", "-"], stdin=BUILDUP)
    # A relative offers CSV is relative to the current folder for a model on stdin: not found (65).
    plan.add("plan", "stdin-csv-offers", ["plan", "-"], stdin=CSV_OFFERS)


def explains(plan: Plan) -> None:
    for model in MODELS:
        for fmt in FORMATS:
            plan.add("explain", f"{stem(model)}-{fmt}", ["explain", model, "--format", fmt])
    plan.add("explain", "japan-output", ["explain", JAPAN, "--output", "{out}/explain.txt"])
    plan.add("explain", "shortfall-json-output", ["explain", SHORTFALL, "--format", "json", "--output", "{out}/explain.json"])
    for fmt in ["table", "json"]:
        plan.add("explain", f"japan-china-export-ban-{fmt}",
                 ["explain", JAPAN, "--scenario", "Models/scenarios/china-export-ban.yaml", "--format", fmt])
        plan.add("explain", f"japan-budget-cut-25-{fmt}", ["explain", JAPAN, "--budget=-25%", "--format", fmt])
        plan.add("explain", f"japan-cap-cn-30-{fmt}", ["explain", JAPAN, "--cap", "CN=0.3", "--format", fmt])
    plan.add("explain", "japan-price-cobalt", ["explain", JAPAN, "--price", "cobalt=+40%", "--format", "markdown"])
    plan.add("explain", "japan-target-lithium", ["explain", JAPAN, "--target", "lithium=120d", "--format", "csv"])
    plan.add("explain", "shortfall-budget-raise", ["explain", SHORTFALL, "--budget=+5e6"])
    plan.add("explain", "csv-offers-ban-cn", ["explain", CSV_OFFERS, "--ban", "CN", "--format", "json"])


def compares(plan: Plan) -> None:
    for fmt in FORMATS:
        plan.add("compare", f"japan-all-{fmt}", ["compare", JAPAN, *SCENARIOS, "--format", fmt])
    plan.add("compare", "japan-all-csv-output", ["compare", JAPAN, *SCENARIOS, "--format", "csv", "--output", "{out}/compare.csv"])
    plan.add("compare", "japan-all-jobs-1", ["compare", JAPAN, *SCENARIOS, "--format", "json", "--jobs", "1"])
    plan.add("compare", "japan-base-only", ["compare", JAPAN])
    plan.add("compare", "japan-one", ["compare", JAPAN, "Models/scenarios/china-export-ban.yaml", "--format", "markdown"])
    # china-export-ban bans graphite, which the build-up, CSV and lots models do not have.
    others = [s for s in SCENARIOS if not s.endswith("china-export-ban.yaml")]
    for model in [BUILDUP, CSV_OFFERS, LOTS, SHORTFALL]:
        for fmt in ["table", "json"]:
            plan.add("compare", f"{stem(model)}-{fmt}", ["compare", model, *others, "--format", fmt])
    plan.add("compare", "buildup-china-export-ban", ["compare", BUILDUP, "Models/scenarios/china-export-ban.yaml"])


def sweeps(plan: Plan) -> None:
    cn = ["--cap", "CN=0.1...0.9:0.05"]
    for fmt in FORMATS:
        plan.add("sweep", f"japan-cap-cn-{fmt}", ["sweep", JAPAN, *cn, "--format", fmt])
    plan.add("sweep", "japan-cap-cn-chart", ["sweep", JAPAN, *cn, "--chart", "{out}/cn-cap.svg"])
    plan.add("sweep", "japan-cap-cn-output-chart", ["sweep", JAPAN, *cn, "--format", "json", "--output", "{out}/sweep.json",
                                                    "--chart", "{out}/cn-cap.svg"])
    plan.add("sweep", "japan-cap-cn-cold", ["sweep", JAPAN, *cn, "--cold", "--format", "json"])
    plan.add("sweep", "japan-cap-cn-jobs-1", ["sweep", JAPAN, *cn, "--jobs", "1", "--format", "json"])
    plan.add("sweep", "japan-cap-cn-jobs-3-quiet", ["sweep", JAPAN, *cn, "--jobs", "3", "-q", "--format", "csv"])
    plan.add("sweep", "japan-cap-cn-percent", ["sweep", JAPAN, "--cap", "CN=10%...90%:5%", "--format", "json"])
    plan.add("sweep", "japan-cap-cn-descending", ["sweep", JAPAN, "--cap", "CN=0.9...0.1:0.1"])
    plan.add("sweep", "japan-cap-cn-fine", ["sweep", JAPAN, "--cap", "CN=0.01...1:0.01", "--format", "csv"])
    kinds = {
        "budget-relative": ["--budget=-50%...+0%:10%"],
        "budget-absolute": ["--budget", "1e8...4e8:5e7"],
        "target-days-ban-mm": ["--target", "rare-earths=60d...180d:30d", "--ban", "MM"],
        "price-cobalt": ["--price", "cobalt=+0%...+100%:10%"],
        "capacity-cd": ["--capacity", "CD=-50%...+0%:10%"],
        "stock-nickel": ["--stock", "nickel=0...3000:1000"],
        "budget-with-scenario": ["--scenario", "Models/scenarios/china-export-ban.yaml", "--budget=-30%...+0%:5%"],
    }
    for name, flags in kinds.items():
        for fmt in ["table", "json", "csv"]:
            plan.add("sweep", f"japan-{name}-{fmt}", ["sweep", JAPAN, *flags, "--format", fmt])
        plan.add("sweep", f"japan-{name}-chart", ["sweep", JAPAN, *flags, "--format", "markdown",
                                                  "--chart", "{out}/chart.svg"])
    for fmt in ["table", "json"]:
        plan.add("sweep", f"buildup-budget-{fmt}", ["sweep", BUILDUP, "--budget=-50%...+0%:10%", "--format", fmt])
        plan.add("sweep", f"lots-price-cobalt-{fmt}", ["sweep", LOTS, "--price", "cobalt=+0%...+20%:5%", "--format", fmt])
        plan.add("sweep", f"csv-offers-cap-cn-{fmt}", ["sweep", CSV_OFFERS, "--cap", "CN=0.2...0.8:0.1", "--format", fmt])
        plan.add("sweep", f"shortfall-budget-{fmt}", ["sweep", SHORTFALL, "--budget", "1e7...4e7:5e6", "--format", fmt])
    plan.add("sweep", "buildup-target-chart", ["sweep", BUILDUP, "--target", "rare-earths=90d...240d:30d", "--format", "csv",
                                               "--chart", "{out}/chart.svg"])


def whatifs(plan: Plan) -> None:
    japan = {
        "ban-cn": ["--ban", "CN"],
        "ban-cn-graphite": ["--ban", "CN:graphite"],
        "ban-offer": ["--ban", "li-cn-ganfeng"],
        "ban-two": ["--ban", "CN:rare-earths", "--ban", "MM"],
        "price-cobalt-pct": ["--price", "cobalt=+40%"],
        "price-cn-factor": ["--price", "CN=x1.3"],
        "price-offer-set": ["--price", "li-cl-sqm=9900"],
        "price-offer-add": ["--price", "li-cl-sqm=+500"],
        "capacity-cd-pct": ["--capacity", "CD=-50%"],
        "capacity-offer-set": ["--capacity", "co-cd-kcc=100"],
        "capacity-cd-amount": ["--capacity", "CD=-100"],
        "budget-cut-20": ["--budget=-20%"],
        "budget-cut-25": ["--budget=-25%"],
        "budget-set": ["--budget", "1.5e9"],
        "budget-none": ["--budget", "none"],
        "budget-amount": ["--budget=-5e6"],
        "budget-material-set": ["--budget", "cobalt=3e6"],
        "target-days": ["--target", "lithium=120d"],
        "target-units": ["--target", "lithium=4000"],
        "target-pct": ["--target", "lithium=+20%"],
        "target-add-days": ["--target", "lithium=+30d"],
        "cap-cn-fraction": ["--cap", "CN=0.4"],
        "cap-cn-percent": ["--cap", "CN=40%"],
        "cap-cn-material": ["--cap", "CN:rare-earths=0.4"],
        "cap-every-country": ["--cap", "*=0.65"],
        "cap-cn-none": ["--cap", "CN=none"],
        "stock-zero": ["--stock", "nickel=0"],
        "stock-pct": ["--stock", "nickel=-50%"],
        "stock-days": ["--stock", "nickel=30d"],
        "scenario-two-files": ["--scenario", "Models/scenarios/china-export-ban.yaml",
                               "--scenario", "Models/scenarios/cobalt-price-spike.yaml"],
        "scenario-and-flags": ["--scenario", "Models/scenarios/drc-cobalt-halt.yaml", "--cap", "CN=0.45",
                               "--target", "rare-earths=150d"],
        "every-flag": ["--ban", "MM", "--price", "CN=x1.1", "--capacity", "AU=+10%", "--budget=-10%",
                       "--target", "graphite=100d", "--cap", "ID=0.6", "--stock", "cobalt=+100"],
    }
    for scenario in SCENARIOS:
        japan[f"scenario-{stem(scenario)}"] = ["--scenario", scenario]
    for name, flags in japan.items():
        for fmt in ["table", "json"]:
            plan.add("whatif", f"japan-{name}-{fmt}", ["plan", JAPAN, *flags, "--format", fmt])
    buildup = {
        "ban-cn": ["--ban", "CN"],
        "price-cobalt": ["--price", "cobalt=+40%"],
        "price-offer": ["--price", "li-ar-fenix=x0.9"],
        "capacity-cd": ["--capacity", "CD=-50%"],
        "budget-cut-20": ["--budget=-20%"],
        "budget-none": ["--budget", "none"],
        "target-days": ["--target", "rare-earths=150d"],
        "target-units": ["--target", "lithium=3000"],
        "cap-cn": ["--cap", "CN=0.4"],
        "cap-every-country": ["--cap", "*=0.5"],
        "stock-zero": ["--stock", "lithium=0"],
        "scenario-cobalt-price-spike": ["--scenario", "Models/scenarios/cobalt-price-spike.yaml"],
        "scenario-drc-cobalt-halt": ["--scenario", "Models/scenarios/drc-cobalt-halt.yaml"],
        "scenario-budget-cut-20": ["--scenario", "Models/scenarios/budget-cut-20.yaml"],
    }
    for name, flags in buildup.items():
        for fmt in ["table", "json"]:
            plan.add("whatif", f"buildup-{name}-{fmt}", ["plan", BUILDUP, *flags, "--format", fmt])
    plan.add("whatif", "buildup-budget-cut-20-csv", ["plan", BUILDUP, "--budget=-20%", "--format", "csv"])
    plan.add("whatif", "csv-offers-ban-group", ["plan", CSV_OFFERS, "--ban", "cn-exposed:cobalt"])
    plan.add("whatif", "csv-offers-cap-group", ["plan", CSV_OFFERS, "--cap", "cn-exposed=0.5", "--format", "json"])
    plan.add("whatif", "lots-capacity", ["plan", LOTS, "--capacity", "co-c=+100", "--format", "json"])
    plan.add("whatif", "shortfall-budget-raise", ["plan", SHORTFALL, "--budget=+10.5e6"])


def usages(plan: Plan) -> None:
    cases = {
        "unknown-option": ["plan", JAPAN, "--frobnicate"],
        "unknown-format": ["plan", JAPAN, "--format", "xml"],
        "unknown-subcommand": ["frobnicate"],
        "no-model": ["plan"],
        "method-interior-point": ["plan", JAPAN, "--method", "interior-point"],
        "bad-mip-gap": ["plan", LOTS, "--mip-gap", "-1"],
        "ban-unknown": ["plan", JAPAN, "--ban", "XX"],
        "price-unknown": ["plan", JAPAN, "--price", "unobtainium=+10%"],
        "price-negative": ["plan", JAPAN, "--price", "cobalt=-200%"],
        "cap-above-one": ["plan", JAPAN, "--cap", "CN=1.5"],
        "cap-none-missing": ["plan", JAPAN, "--cap", "FI=none"],
        "budget-material-relative": ["plan", JAPAN, "--budget", "cobalt=-20%"],
        "target-wrong-unit": ["plan", JAPAN, "--target", "lithium=4000kg"],
        "stock-unknown": ["plan", JAPAN, "--stock", "unobtainium=0"],
        "capacity-unlimited-relative": ["plan", TUTORIAL, "--capacity", "cn-huayou=-10%"],
        "lots-capacity-under-min-order": ["plan", LOTS, "--capacity", "co-b=200"],
        "output-missing-folder": ["plan", TUTORIAL, "--output", "{out}/missing/plan.txt"],
        "output-is-model": ["plan", TUTORIAL, "--output", TUTORIAL],
        "output-twice": ["plan", TUTORIAL, "--output", "{out}/same.txt", "--export-lp", "{out}/same.txt"],
        "output-is-folder": ["plan", TUTORIAL, "--output", "{out}"],
        "explain-lots": ["explain", LOTS],
        "explain-buildup": ["explain", BUILDUP, "--format", "json"],
        "sweep-no-range": ["sweep", JAPAN, "--cap", "CN=0.4"],
        "sweep-two-ranges": ["sweep", JAPAN, "--cap", "CN=0.1...0.9:0.1", "--budget=-50%...+0%:10%"],
        "sweep-jobs-zero": ["sweep", JAPAN, "--cap", "CN=0.1...0.9:0.1", "--jobs", "0"],
        "compare-output-is-scenario": ["compare", JAPAN, "Models/scenarios/eu-50-rule.yaml",
                                       "--output", "Models/scenarios/eu-50-rule.yaml"],
    }
    for name, args in cases.items():
        plan.add("usage", name, args)
    # Exit 70 without a timing or memory dependence: an output that cannot be written (a device
    # is written in place, and /dev/full refuses every write).
    plan.add("usage", "output-dev-full", ["plan", TUTORIAL, "--output", "/dev/full"])
    plan.add("usage", "export-lp-dev-full", ["plan", TUTORIAL, "--format", "json", "--export-lp", "/dev/full"])
    plan.add("usage", "chart-dev-full", ["sweep", JAPAN, "--cap", "CN=0.1...0.9:0.1", "--chart", "/dev/full"])
    plan.add("usage", "output-dev-stdout", ["plan", TUTORIAL, "--format", "csv", "--output", "/dev/stdout"])


def invalids(plan: Plan) -> None:
    tutorial = (ROOT / TUTORIAL).read_text()
    japan = (ROOT / JAPAN).read_text()
    buildup = (ROOT / BUILDUP).read_text()
    lots = (ROOT / LOTS).read_text()
    csv_yaml = (ROOT / CSV_OFFERS).read_text()
    csv = (ROOT / "Models" / "csv-offers.csv").read_text()
    ban = (ROOT / "Models" / "scenarios" / "china-export-ban.yaml").read_text()
    broken = {
        "bad-country.yaml": replace_once(japan, "country: CN, material: lithium", "country: CHN, material: lithium"),
        "negative-price.yaml": replace_once(tutorial, "price: 20000", "price: -3"),
        "unknown-key.yaml": replace_once(tutorial, "capacity: 100 ", "capcity: 100 "),
        "both-targets.yaml": replace_once(tutorial, "target_days: 80", "target_days: 80\n    target: 400"),
        "no-target.yaml": replace_once(tutorial, "target_days: 80", "# no target"),
        "several-errors.yaml": replace_once(replace_once(replace_once(
            japan, "price: 9800", "price: -9800"), "capacity: 250}", "capacity: .nan}"), "country: ZW", "country: zw"),
        "lot-above-capacity.yaml": replace_once(lots, "lot: 200 ", "lot: 2000"),
        "unknown-period.yaml": replace_once(buildup, "{FY2026H2: 75, FY2027H2: 90}", "{FY2026H2: 75, FY2028H2: 90}"),
        "per-period-without-periods.yaml": replace_once(tutorial, "capacity: 100 ", "capacity: 100\n    lead: 1 "),
        "yaml-syntax.yaml": replace_once(tutorial, "materials:", "materials: [\n"),
        "empty.yaml": "",
        "bad-csv.yaml": csv_yaml.replace("csv-offers.csv", "bad-offers.csv"),
        "bad-offers.csv": replace_once(replace_once(csv, ",CN,lithium,9600,", ",CN,lithium,abc,"),
                                       "li-cn-tianqi,Tianqi Lithium,CN", "li-cn-tianqi,Tianqi Lithium,"),
        "scenario-unknown-material.yaml": replace_once(ban, "ban: CN:graphite", "ban: CN:unobtainium"),
        "scenario-bad-key.yaml": replace_once(ban, "changes:", "chnages:"),
        # Examples/walkthrough.sh's broken model, byte for byte.
        "walkthrough-broken.yaml": "name: broken\nmaterials:\n  - id: li\n    target_days: 90\noffers:\n  - id: a\n"
                                   "    supplier: S\n    country: cn\n    material: li\n    price: -3\n    capcity: 10\n",
    }
    for name, text in broken.items():
        plan.broken[name] = text.encode()
    plan.broken["invalid-utf8.yaml"] = replace_once(tutorial, "Huayou Cobalt", "Huayou \x00Cobalt").encode().replace(b"\x00", b"\xff")
    plan.broken["json-model.json"] = b'{"name": "broken json", "materials": [{"id": "li", "target": 10}], "offers": [}\n'
    for name in sorted(plan.broken):
        if name.endswith(".csv") or name.startswith("scenario-"):
            continue
        plan.add("invalid", Path(name).stem, ["plan", str(INPUTS / name)])
    plan.add("invalid", "bad-country-json", ["plan", str(INPUTS / "bad-country.yaml"), "--format", "json"])
    plan.add("invalid", "explain-negative-price", ["explain", str(INPUTS / "negative-price.yaml")])
    plan.add("invalid", "sweep-negative-price", ["sweep", str(INPUTS / "negative-price.yaml"), "--cap", "CN=0.1...0.9:0.1"])
    plan.add("invalid", "missing-file", ["plan", "Models/no-such-model.yaml"])
    plan.add("invalid", "directory", ["plan", "Models"])
    for scenario in ["scenario-unknown-material.yaml", "scenario-bad-key.yaml"]:
        plan.add("invalid", f"plan-{Path(scenario).stem}", ["plan", JAPAN, "--scenario", str(INPUTS / scenario)])
        plan.add("invalid", f"compare-{Path(scenario).stem}", ["compare", JAPAN, str(INPUTS / scenario)])


def walkthrough(plan: Plan) -> None:
    """Examples/walkthrough.sh, command by command (its `head`s and `sed`s left out: whole outputs)."""
    w = "walkthrough"
    plan.add(w, "01-tutorial", ["plan", TUTORIAL])
    plan.add(w, "02-japan-json-output", ["plan", JAPAN, "--format", "json", "--output", "{out}/plan.json"])
    plan.add(w, "03-japan-csv-output", ["plan", JAPAN, "--format", "csv", "--output", "{out}/plan.csv"])
    plan.add(w, "04-budget-shortfall", ["plan", SHORTFALL])
    plan.add(w, "05-tutorial-exports", ["plan", TUTORIAL, "--export-lp", "{out}/tutorial.lp", "--export-mps", "{out}/tutorial.mps"])
    plan.add(w, "06-explain-japan", ["explain", JAPAN])
    plan.add(w, "07-explain-shortfall", ["explain", SHORTFALL])
    plan.add(w, "08-ban-and-cut", ["plan", JAPAN, "--ban", "CN:rare-earths", "--budget", "-20%"])
    plan.add(w, "09-compare-scenarios", ["compare", JAPAN, *SCENARIOS])
    plan.add(w, "10-sweep-cap-chart", ["sweep", JAPAN, "--cap", "CN=0.1...0.9:0.1", "--chart", "{out}/cn-cap.svg"])
    plan.add(w, "11-buildup", ["plan", BUILDUP])
    plan.add(w, "12-lots", ["plan", LOTS])
    plan.add(w, "13-broken", ["plan", str(INPUTS / "walkthrough-broken.yaml")])


def cases(plan: Plan) -> None:
    for model in sorted((ROOT / "Tests" / "Random" / "cases").glob("*.yaml")):
        path = f"Tests/Random/cases/{model.name}"
        plan.add("cases", f"{model.stem}-json", ["plan", path, "--format", "json"])
        plan.add("cases", f"{model.stem}-certify", ["plan", path, "--certify"])


def bench(plan: Plan, quick: bool) -> None:
    gen_model = "Benchmarks/generate_model.py"
    gen_buildup = "Benchmarks/generate_buildup.py"
    # (name, generator, its arguments, model file written, plan it in json/csv/exports?, sweep arguments)
    families: list[tuple[str, str, list[str], str, bool, list[str] | None]] = [
        ("gen-5x1000", gen_model, ["--materials", "5", "--offers", "1000"], "generated.yaml", True, None),
        ("gen-5x1000-budget", gen_model, ["--materials", "5", "--offers", "1000", "--budget", "5.0e8"],
         "generated.yaml", True, None),
        ("gen-5x200-inline", gen_model, ["--materials", "5", "--offers", "200", "--inline"], "generated.yaml", True, None),
        ("gen-5x200-json", gen_model, ["--materials", "5", "--offers", "200", "--json"], "generated.json", True, None),
        ("sweep-5x400", gen_model, ["--materials", "5", "--offers", "400"], "generated.yaml", False,
         ["--cap", "AA=0.05...0.545:0.005"]),
        ("buildup-4x5x30", gen_buildup, ["--materials", "5"], "buildup.yaml", True, None),
    ]
    if not quick:
        families += [
            # Benchmarks/families.py's default run (the japan family is the shipped model, above).
            ("families-100k", gen_model, [], "generated.yaml", True, None),
            ("families-100k-budget", gen_model, ["--budget", "8.0e9"], "generated.yaml", True, None),
            ("families-1m", gen_model, ["--materials", "200", "--offers", "5000"], "generated.yaml", True, None),
            # The parse measurements in docs/performance.md (generate_model.py --inline and --json).
            ("gen-100k-inline", gen_model, ["--inline"], "generated.yaml", True, None),
            ("gen-100k-json", gen_model, ["--json"], "generated.json", True, None),
            # Benchmarks/sweep_bench.py's generated family (10 x 2,000 x 60, 100 points).
            ("sweep-bench-20k", gen_model, ["--materials", "10"], "generated.yaml", False,
             ["--cap", "AA=0.05...0.545:0.005"]),
            # Benchmarks/mip_bench.py's larger family (4 periods x 20 materials x 30 offers).
            ("mip-bench-4x20x30", gen_buildup, [], "buildup.yaml", True, None),
        ]
    for name, generator, arguments, written, planned, sweep in families:
        folder = INPUTS / name
        plan.generate.append((name, [sys.executable, generator, str(folder), *arguments]))
        model = str(folder / written)
        if planned:
            plan.add("bench", f"{name}-json", ["plan", model, "--format", "json", "--output", "{out}/plan.json"])
            plan.add("bench", f"{name}-csv", ["plan", model, "--format", "csv", "--output", "{out}/plan.csv"])
            plan.add("bench", f"{name}-exports", ["plan", model, "--export-mps", "{out}/plan.mps",
                                                  "--export-lp", "{out}/plan.lp"])
        if sweep:
            plan.add("bench", f"{name}-sweep-csv", ["sweep", model, *sweep, "--format", "csv", "-q",
                                                    "--output", "{out}/sweep.csv"])
            plan.add("bench", f"{name}-sweep-chart", ["sweep", model, *sweep, "--format", "json", "-q",
                                                      "--output", "{out}/sweep.json", "--chart", "{out}/sweep.svg"])


def build_plan(quick: bool) -> Plan:
    plan = Plan()
    for add in [cli, plans, explains, compares, sweeps, whatifs, usages, invalids, walkthrough, cases]:
        add(plan)
    bench(plan, quick)
    return plan


# --------------------------------------------------------------------------- capture


def display(command: list[str]) -> str:
    return "stockpile " + " ".join(shlex.quote(arg) for arg in command)


def run_one(binary: Path, invocation: Invocation, timeout: float) -> tuple[bytes, int | None]:
    """Runs one invocation; returns its record and exit status (None: killed at the timeout)."""
    out = ROOT / invocation.out
    out.mkdir(parents=True, exist_ok=True)
    command = invocation.command()
    stdin = open(ROOT / invocation.stdin, "rb") if invocation.stdin else subprocess.DEVNULL
    try:
        process = subprocess.Popen([str(binary), *command], cwd=ROOT, env=ENV, stdin=stdin,
                                   stdout=subprocess.PIPE, stderr=subprocess.PIPE, start_new_session=True)
        try:
            stdout, stderr = process.communicate(timeout=timeout)
            code: int | None = process.returncode
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)  # the session we started, only it
            stdout, stderr = process.communicate()
            code = None
    finally:
        if invocation.stdin:
            stdin.close()
    status = f"timeout (killed after {timeout:g} s)" if code is None else (
        f"{code}" if code >= 0 else f"signal {-code}")
    files = sorted(p for p in out.rglob("*") if p.is_file() or p.is_symlink())
    listing = "".join(f"file: {p.relative_to(out)} ({p.lstat().st_size} bytes)\n" for p in files)
    record = (f"$ {display(command)}\n"
              f"stdin: {invocation.stdin or '/dev/null'}\n"
              f"exit: {status}\n{listing}").encode()
    record += b"=== stdout (%d bytes)\n" % len(stdout) + stdout
    record += b"\n=== stderr (%d bytes)\n" % len(stderr) + stderr
    return record, code


def hash_file(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def capture(args) -> int:
    binary = Path(args.binary).resolve()
    if not binary.is_file() or not os.access(binary, os.X_OK):
        sys.exit(f"no executable stockpile binary at {args.binary}")
    dest = Path(args.out).resolve()
    if dest.exists() and any(dest.iterdir()):
        sys.exit(f"{dest} exists and is not empty: choose a new folder (captures are never merged)")
    plan = build_plan(args.quick)

    scratch = ROOT / SCRATCH
    scratch.parent.mkdir(parents=True, exist_ok=True)
    lock = open(ROOT / ".build" / "outputs-scratch.lock", "w")
    try:
        fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        sys.exit(f"another capture is using {scratch}; wait for it to finish")
    started = time.monotonic()
    try:
        shutil.rmtree(scratch, ignore_errors=True)
        (ROOT / INPUTS).mkdir(parents=True)
        (ROOT / RUNS).mkdir(parents=True)
        runs = dest / "runs"
        runs.mkdir(parents=True)

        for name, data in plan.broken.items():
            (ROOT / INPUTS / name).write_bytes(data)
        for name, argv in plan.generate:
            if not args.quiet:
                print(f"generating {name}: {' '.join(argv[1:])}", flush=True)
            subprocess.run(argv, cwd=ROOT, env=ENV, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, check=True)
        inputs = sorted(p for p in (ROOT / INPUTS).rglob("*") if p.is_file())
        (runs / "inputs").mkdir()
        (runs / "inputs" / "generated.txt").write_text("".join(
            f"{p.relative_to(ROOT)} {p.stat().st_size} {hash_file(p)}\n" for p in inputs))

        unexpected = []
        for k, invocation in enumerate(plan.invocations, 1):
            begin = time.monotonic()
            record, code = run_one(binary, invocation, args.timeout)
            target = runs / invocation.group
            target.mkdir(exist_ok=True)
            (target / f"{invocation.name}.txt").write_bytes(record)
            out = ROOT / invocation.out
            files = sorted(p for p in out.rglob("*") if p.is_file() or p.is_symlink())
            if files:
                for p in files:
                    where = target / f"{invocation.name}.files" / p.relative_to(out)
                    where.parent.mkdir(parents=True, exist_ok=True)
                    shutil.move(str(p), str(where))
            shutil.rmtree(out, ignore_errors=True)
            if code is None or code < 0 or code not in (0, 3, 64, 65, 70):
                unexpected.append(f"{invocation.ident}: exit {code if code is not None else 'timeout'}")
            if not args.quiet:
                print(f"[{k}/{len(plan.invocations)}] {invocation.ident}: exit {code if code is not None else 'timeout'} "
                      f"({time.monotonic() - begin:.2f} s)", flush=True)
    finally:
        if not args.keep_scratch:
            shutil.rmtree(scratch, ignore_errors=True)
        fcntl.flock(lock, fcntl.LOCK_UN)
        lock.close()

    version = subprocess.run([str(binary), "--version"], capture_output=True, text=True, env=ENV).stdout.strip()
    (dest / "capture.txt").write_text(
        f"binary: {binary}\nversion: {version}\nmode: {'quick' if args.quick else 'full'}\n"
        f"invocations: {len(plan.invocations)}\nrepository: {ROOT}\n")
    print(f"captured {len(plan.invocations)} invocations into {dest} in {time.monotonic() - started:.1f} s")
    for line in unexpected:
        print(f"warning: undocumented exit status or timeout: {line}")
    return 0


def list_invocations(args) -> int:
    plan = build_plan(args.quick)
    for name, argv in plan.generate:
        print(f"# input {name}: python3 {' '.join(shlex.quote(a) for a in argv[1:])}")
    for invocation in plan.invocations:
        stdin = f" < {invocation.stdin}" if invocation.stdin else ""
        print(f"{invocation.ident}: {display(invocation.command())}{stdin}")
    print(f"{len(plan.invocations)} invocations")
    return 0


# --------------------------------------------------------------------------- compare


def entries(root: Path) -> dict[str, dict[str, Path]]:
    """ident -> {"" : record, "relative/file": path} for every invocation in a capture."""
    result: dict[str, dict[str, Path]] = {}
    runs = root / "runs"
    for record in sorted(runs.rglob("*.txt")):
        relative = record.relative_to(runs)
        if any(part.endswith(".files") for part in relative.parts[:-1]):
            continue  # an output file that happens to end in .txt
        ident = str(relative.with_suffix(""))
        files = {"": record}
        folder = record.with_name(record.stem + ".files")
        if folder.is_dir():
            for p in sorted(folder.rglob("*")):
                if p.is_file():
                    files[str(p.relative_to(folder))] = p
        result[ident] = files
    return result


def same_bytes(a: Path, b: Path) -> bool:
    if a.stat().st_size != b.stat().st_size:
        return False
    with a.open("rb") as fa, b.open("rb") as fb:
        while True:
            ca, cb = fa.read(1 << 20), fb.read(1 << 20)
            if ca != cb:
                return False
            if not ca:
                return True


HUNK = re.compile(r"^@@ -(\d+)(,\d+)? \+(\d+)(,\d+)? @@")


def short_diff(a: Path, b: Path, label_a: str, label_b: str) -> list[str]:
    """The first DIFF_LINES lines of a unified diff, computed on a window around the first
    differing line (difflib on whole 100 MB exports would take minutes)."""
    lines_a = a.read_bytes().decode("utf-8", "replace").splitlines()
    lines_b = b.read_bytes().decode("utf-8", "replace").splitlines()
    first = 0
    while first < min(len(lines_a), len(lines_b)) and lines_a[first] == lines_b[first]:
        first += 1
    start = max(0, first - 3)
    window = 400
    diff = list(difflib.unified_diff(lines_a[start:start + window], lines_b[start:start + window],
                                     label_a, label_b, lineterm="", n=3))
    shifted = []
    for line in diff:
        match = HUNK.match(line)
        if match:  # line numbers of the whole file, not of the window
            line = (f"@@ -{int(match.group(1)) + start}{match.group(2) or ''} "
                    f"+{int(match.group(3)) + start}{match.group(4) or ''} @@")
        shifted.append(line)
    if not shifted:
        shifted = [f"(the files differ only in line endings or bytes not shown as text:"
                   f" {a.stat().st_size} against {b.stat().st_size} bytes)"]
    if len(shifted) > DIFF_LINES:
        shifted = shifted[:DIFF_LINES] + [f"... ({len(shifted) - DIFF_LINES} more diff lines in this window)"]
    return shifted


def compare(args) -> int:
    a_root, b_root = Path(args.dir_a), Path(args.dir_b)
    for root in (a_root, b_root):
        if not (root / "runs").is_dir():
            sys.exit(f"{root} is not a capture (no runs/ folder)")
    a, b = entries(a_root), entries(b_root)
    info = [(root / "capture.txt").read_text() if (root / "capture.txt").exists() else "" for root in (a_root, b_root)]
    modes = [re.search(r"^mode: (\S+)", text, re.MULTILINE) for text in info]
    if all(modes) and modes[0].group(1) != modes[1].group(1):
        print(f"note: comparing a {modes[0].group(1)} capture with a {modes[1].group(1)} one: "
              f"the invocations of one only are listed as differing\n")
    identical, differing = 0, 0
    for ident in sorted(set(a) | set(b)):
        if ident not in b:
            print(f"DIFFERS {ident}: only in {a_root}\n")
            differing += 1
            continue
        if ident not in a:
            print(f"DIFFERS {ident}: only in {b_root}\n")
            differing += 1
            continue
        notes = []
        for name in sorted(set(a[ident]) | set(b[ident])):
            label = "record" if name == "" else f"file {name}"
            if name not in a[ident] or name not in b[ident]:
                notes.append(f"  {label}: only in {a_root if name in a[ident] else b_root}")
            elif not same_bytes(a[ident][name], b[ident][name]):
                notes.append(f"  {label} differs:")
                notes += ["    " + line for line in short_diff(
                    a[ident][name], b[ident][name], str(a[ident][name]), str(b[ident][name]))]
        if notes:
            differing += 1
            print(f"DIFFERS {ident}")
            print("\n".join(notes) + "\n")
        else:
            identical += 1
    if differing:
        print(f"{differing} invocations differ")
    print(f"{identical} invocations identical")
    return 1 if differing else 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0],
                                     formatter_class=argparse.RawDescriptionHelpFormatter,
                                     epilog="\n".join(__doc__.splitlines()[2:]))
    sub = parser.add_subparsers(dest="command", required=True)
    cap = sub.add_parser("capture", help="run the invocations and store what they print and write")
    cap.add_argument("--binary", required=True, help="the stockpile binary to run")
    cap.add_argument("--out", required=True, help="a new (or empty) folder for the capture")
    cap.add_argument("--quick", action="store_true", help="small benchmark families only (under a minute)")
    cap.add_argument("--timeout", type=float, default=300, help="seconds per invocation (default 300)")
    cap.add_argument("--quiet", "-q", action="store_true", help="print only the summary, not a line per invocation")
    cap.add_argument("--keep-scratch", action="store_true", help=f"keep {SCRATCH} (inputs) afterwards")
    cmp = sub.add_parser("compare", help="list the invocations whose captured bytes differ")
    cmp.add_argument("dir_a")
    cmp.add_argument("dir_b")
    lst = sub.add_parser("list", help="print every invocation")
    lst.add_argument("--quick", action="store_true")
    args = parser.parse_args()
    return {"capture": capture, "compare": compare, "list": list_invocations}[args.command](args)


if __name__ == "__main__":
    sys.exit(main())
