#!/usr/bin/env python3
"""Compares `stockpile plan` with the same two-stage LP written in PuLP (GLPK, CBC) and HiGHS.

    pip install pulp pyyaml          # PuLP bundles a CBC binary; GLPK needs glpsol on PATH
    pip install highspy              # optional: adds the HiGHS row
    make bench-plan                  # or: swift build -c release --product stockpile
    python3 Benchmarks/pulp_compare.py                    # generated model (50 x 2,000 x 60)
    python3 Benchmarks/pulp_compare.py path/model.yaml    # any valid Stockpile model
    python3 Benchmarks/pulp_compare.py --materials 5 --offers 200 --skip glpk-default  # quick

What it measures, each end to end as a user would run it (wall time of a whole process:
interpreter or binary start, reading YAML + CSV, building, both solves, the answer):

* stockpile: `stockpile plan MODEL --format json`, median of --repeats runs; its
  total_cost is the reference.
* PuLP: a fresh `python3` process (this file with the hidden --worker option) imports
  PuLP, reads the model with PyYAML and csv, builds the LP Stockpile builds (docs/model.md, "The
  model Stockpile solves"; Sources/Stockpile/Planning/Formulation.swift) and solves
  stage 1 (least weighted shortfall: sum of priority x shortfall fraction, the fraction
  being shortfall / target) then stage 2 (weighted shortfall <= stage-1 optimum x (1 +
  1e-9) + 1e-12, least total cost), re-solving from scratch as PuLP does. It reports the
  time of the import, the read, the build (Python model construction) and each stage's
  solve() call (which includes PuLP writing the LP/MPS file, the solver process and
  reading the solution back). Solvers:
    glpk-default    pulp.GLPK_CMD(msg=False)                          (run once: slow)
    glpk-dual-flip  pulp.GLPK_CMD(msg=False, options=["--dual", "--flip"])
    cbc             pulp.PULP_CBC_CMD(msg=False)                      (bundled CBC)
* highs (when highspy imports): Stockpile's exported stage-2 LP (`--export-mps`), read and
  solved in this process: solve only, not end to end.

Every cost must equal Stockpile's total_cost within 1e-6 relative; otherwise a loud
MISMATCH line is printed and the exit status is 1. The model mirrors Stockpile's
formulation (purchase per offer, shortfall fraction per material, spend and total
variables per material, cap rows over the capped countries' offers only) so all tools
solve the same LP; variables are named by index (x0, s0, ...), which keeps PuLP's files
short. The generated model is made with a fixed seed, so everything but the times is
deterministic. Defaults: --repeats 3 for stockpile, glpk-dual-flip, cbc and highs.
"""

from __future__ import annotations

import argparse
import csv
import json
import math
import re
import statistics
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
GENERATOR = REPO / "Benchmarks" / "generate_model.py"
DEFAULT_STOCKPILE = REPO / ".build" / "release" / "stockpile"
HOLD_RELATIVE = 1e-9   # stage 2: weighted shortfall <= best x (1 + HOLD_RELATIVE) + HOLD_ABSOLUTE
HOLD_ABSOLUTE = 1e-12
SMALLEST_TARGET = 1e-9  # as Formulation.smallestTarget: a smaller target counts as none
COST_TOLERANCE = 1e-6   # relative
PULP_VARIANTS = ["glpk-default", "glpk-dual-flip", "cbc"]
SINGLE_RUN = {"glpk-default"}  # 1-2 minutes per solve: run once whatever --repeats says


# --------------------------------------------------------------------------- reading


@dataclass
class Material:
    id: str
    stock: float
    target: float
    budget: float | None
    priority: float


@dataclass
class Offer:
    material: str
    country: str
    price: float
    capacity: float | None


@dataclass
class Cap:
    countries: frozenset[str]
    share: float
    material: str | None
    basis: str


@dataclass
class Procurement:
    budget: float | None
    materials: list[Material]
    offers: list[Offer]
    caps: list[Cap]


def _yaml_loader():
    """PyYAML's SafeLoader that also reads YAML 1.2 floats such as ``1.0e12`` as numbers
    (PyYAML follows YAML 1.1, which needs a signed exponent); as in check_models.py."""
    import yaml

    class Loader(yaml.SafeLoader):
        pass

    Loader.add_implicit_resolver(
        "tag:yaml.org,2002:float",
        re.compile(r"^[-+]?(?:[0-9][0-9_]*)(?:\.[0-9_]*)?[eE][-+]?[0-9]+$"),
        list("-+0123456789"))
    return yaml, Loader


def _optional(value) -> float | None:
    return None if value is None or value == "" else float(value)


def read_model(path: Path) -> Procurement:
    """Reads a model file Stockpile accepts (not validated again: run stockpile on it first)."""
    text = path.read_text(encoding="utf-8")
    if path.suffix == ".json":
        raw = json.loads(text)
    else:
        yaml, loader = _yaml_loader()
        raw = yaml.load(text, Loader=loader)
    groups = {name: frozenset(members) for name, members in (raw.get("groups") or {}).items()}
    materials = []
    for m in raw["materials"]:
        target = float(m["target"]) if "target" in m else float(m["target_days"]) * float(m["daily_use"])
        materials.append(Material(m["id"], float(m.get("stock", 0)), target,
                                  _optional(m.get("budget")), float(m.get("priority", 1))))
    rows = raw.get("offers") or []
    if isinstance(rows, str):  # a CSV file next to the model; columns in any order
        with (path.parent / rows).open(newline="", encoding="utf-8") as handle:
            reader = csv.DictReader(handle)
            reader.fieldnames = [name.strip() for name in reader.fieldnames or []]
            rows = [{k: v.strip() for k, v in row.items()} for row in reader if any(row.values())]
    offers = [Offer(o["material"], o["country"], float(o["price"]), _optional(o.get("capacity")))
              for o in rows]
    caps = [Cap(groups.get(c["country"], frozenset([c["country"]])), float(c["max_share"]),
                c.get("material"), c.get("basis", "quantity"))
            for c in raw.get("caps") or []]
    return Procurement(_optional(raw.get("budget")), materials, offers, caps)


# --------------------------------------------------------------------------- PuLP worker


def pulp_solver(variant: str):
    import pulp
    if variant == "glpk-default":
        return pulp.GLPK_CMD(msg=False)
    if variant == "glpk-dual-flip":
        return pulp.GLPK_CMD(msg=False, options=["--dual", "--flip"])
    if variant == "cbc":
        return pulp.PULP_CBC_CMD(msg=False)
    raise ValueError(variant)


def run_worker(variant: str, model_path: Path) -> dict:
    """Reads, builds and solves with PuLP in this process; returns the times and the cost."""
    clock = time.perf_counter()
    times: dict[str, float] = {}

    def lap(name: str) -> None:
        nonlocal clock
        now = time.perf_counter()
        times[name] = now - clock
        clock = now

    import pulp
    lap("import")
    model = read_model(model_path)
    lap("read")

    prob = pulp.LpProblem("stockpile", pulp.LpMinimize)
    buy = [pulp.LpVariable(f"x{i}", lowBound=0, upBound=o.capacity) for i, o in enumerate(model.offers)]
    index = {m.id: j for j, m in enumerate(model.materials)}
    by_material: list[list[int]] = [[] for _ in model.materials]
    by_country: list[dict[str, list[int]]] = [defaultdict(list) for _ in model.materials]
    for i, o in enumerate(model.offers):
        by_material[index[o.material]].append(i)
        by_country[index[o.material]][o.country].append(i)
    quantity_capped = {j for c in model.caps if c.basis == "quantity"
                       for j in ([index[c.material]] if c.material else range(len(model.materials)))}

    weights, short, spend, total = [], [], [], {}
    for j, m in enumerate(model.materials):
        counts = m.target >= SMALLEST_TARGET
        weights.append(m.priority if counts else 0.0)
        short.append(pulp.LpVariable(f"s{j}", lowBound=0, upBound=1 if counts else 0))
        spend.append(pulp.LpVariable(f"spend{j}", lowBound=0))
        if j in quantity_capped:
            total[j] = pulp.LpVariable(f"total{j}", lowBound=0)
    for j, m in enumerate(model.materials):
        bought = pulp.lpSum(buy[i] for i in by_material[j])
        prob += (bought + max(m.target, SMALLEST_TARGET) * short[j] >= m.target - m.stock, f"target{j}")
        prob += (pulp.lpSum(model.offers[i].price * buy[i] for i in by_material[j]) == spend[j],
                 f"spend_def{j}")
        if j in total:
            prob += (bought == total[j], f"total_def{j}")
    for k, cap in enumerate(model.caps):
        scope = [index[cap.material]] if cap.material else range(len(model.materials))

        def capped(j: int) -> list[int]:
            return sorted(i for country in cap.countries for i in by_country[j].get(country, []))

        if cap.basis == "quantity":
            for j in scope:
                prob += (pulp.lpSum(buy[i] for i in capped(j)) <= cap.share * total[j], f"cap{k}_{j}")
        else:
            prob += (pulp.lpSum(model.offers[i].price * buy[i] for j in scope for i in capped(j))
                     <= cap.share * pulp.lpSum(spend[j] for j in scope), f"cap{k}_spend")
    if model.budget is not None:
        prob += (pulp.lpSum(spend) <= model.budget, "budget")
    for j, m in enumerate(model.materials):
        if m.budget is not None:
            prob += (spend[j] <= m.budget, f"budget{j}")
    weighted = pulp.lpSum(w * s for w, s in zip(weights, short) if w > 0)
    prob.setObjective(weighted)
    lap("build")

    solver = pulp_solver(variant)
    result = {"variant": variant, "status": "optimal"}
    status = prob.solve(solver)
    lap("stage1")
    if pulp.LpStatus[status] != "Optimal":
        return {**result, "status": f"stage 1: {pulp.LpStatus[status]}", "times": times}
    best = max(pulp.value(weighted) or 0.0, 0.0)

    prob += (weighted <= best * (1 + HOLD_RELATIVE) + HOLD_ABSOLUTE, "hold")
    prob.setObjective(pulp.lpSum(spend))
    status = prob.solve(solver)
    lap("stage2")
    if pulp.LpStatus[status] != "Optimal":
        return {**result, "status": f"stage 2: {pulp.LpStatus[status]}", "times": times}
    cost = math.fsum(o.price * (x.varValue or 0.0) for o, x in zip(model.offers, buy))
    lap("answer")
    return {**result, "weighted_shortfall": best, "cost": cost, "times": times}


# --------------------------------------------------------------------------- runs


@dataclass
class Row:
    tool: str
    runs: int
    wall: float | None          # median seconds; None when it failed
    cost: float | None
    parts: dict[str, float]     # read, build, stage1, stage2 (median run), when known
    note: str = ""


def run_stockpile(stockpile: Path, model: Path, repeats: int) -> Row:
    walls, cost = [], None
    for _ in range(repeats):
        start = time.perf_counter()
        done = subprocess.run([str(stockpile), "plan", str(model), "--format", "json"],
                              capture_output=True, text=True)
        walls.append(time.perf_counter() - start)
        if done.returncode not in (0, 3):  # 3: a plan with shortfall
            sys.exit(f"stockpile exited with {done.returncode}:\n{done.stderr}")
        cost = float(json.loads(done.stdout)["total_cost"])
    return Row("stockpile plan --format json", repeats, statistics.median(walls), cost, {})


def export_mps(stockpile: Path, model: Path, mps: Path) -> str:
    """Writes the stage-2 LP as free MPS; returns the --timings line of that (untimed) run."""
    done = subprocess.run([str(stockpile), "plan", str(model), "--format", "json", "--timings",
                           "--export-mps", str(mps)], capture_output=True, text=True)
    if done.returncode not in (0, 3):
        sys.exit(f"stockpile --export-mps exited with {done.returncode}:\n{done.stderr}")
    return done.stderr.strip()


def run_pulp(variant: str, model: Path, repeats: int) -> Row:
    runs = []
    for _ in range(repeats):
        start = time.perf_counter()
        done = subprocess.run([sys.executable, __file__, "--worker", variant, str(model)],
                              capture_output=True, text=True)
        wall = time.perf_counter() - start
        if done.returncode != 0:
            return Row(f"PuLP + {variant}", len(runs), None, None, {},
                       f"worker failed: {done.stderr.strip().splitlines()[-1:]}")
        result = json.loads(done.stdout.strip().splitlines()[-1])
        if result["status"] != "optimal":
            return Row(f"PuLP + {variant}", len(runs), None, None, {}, result["status"])
        runs.append((wall, result))
    runs.sort(key=lambda run: run[0])
    wall, result = runs[len(runs) // 2]  # the median run (by wall), with its own parts
    parts = {name: result["times"][name] for name in ("import", "read", "build", "stage1", "stage2")}
    return Row(f"PuLP + {variant}", len(runs), wall, result["cost"], parts)


def run_highs(mps: Path, repeats: int) -> Row | None:
    try:
        import highspy
    except ImportError:
        return None
    samples = []
    for _ in range(repeats):
        highs = highspy.Highs()
        highs.setOptionValue("output_flag", False)
        start = time.perf_counter()
        highs.readModel(str(mps))
        read = time.perf_counter()
        highs.run()
        end = time.perf_counter()
        status = highs.modelStatusToString(highs.getModelStatus())
        if status != "Optimal":
            return Row("HiGHS on exported MPS", len(samples), None, None, {}, status)
        samples.append((end - start, read - start, end - read, highs.getInfo().objective_function_value))
    samples.sort()
    wall, read, solve, cost = samples[len(samples) // 2]
    return Row("HiGHS on exported MPS", len(samples), wall, cost, {"read": read, "stage2": solve},
               f"highspy {highspy.Highs().version()}: solve only (MPS read + run), stage-2 LP")


# --------------------------------------------------------------------------- report


def cost_ok(cost: float | None, reference: float) -> bool:
    return cost is not None and abs(cost - reference) <= COST_TOLERANCE * max(1.0, abs(reference))


def print_table(rows: list[Row], reference: float) -> bool:
    base = rows[0].wall
    header = (f"{'tool':<30}{'runs':>5}{'import':>8}{'read':>8}{'build':>8}{'stage 1':>9}"
              f"{'stage 2':>9}{'wall s':>9}{'x stockpile':>12}  {'total cost':>20}  check")
    print(header)
    print("-" * len(header))
    good = True
    for row in rows:
        def part(name: str, width: int) -> str:
            return f"{row.parts[name]:>{width}.2f}" if name in row.parts else f"{'-':>{width}}"
        ok = cost_ok(row.cost, reference)
        good = good and ok
        wall = f"{row.wall:>9.2f}" if row.wall is not None else f"{'failed':>9}"
        ratio = f"{row.wall / base:>12.2f}" if row.wall is not None else f"{'-':>12}"
        cost = f"{row.cost:>20,.2f}" if row.cost is not None else f"{'-':>20}"
        print(f"{row.tool:<30}{row.runs:>5}{part('import', 8)}{part('read', 8)}{part('build', 8)}"
              f"{part('stage1', 9)}{part('stage2', 9)}{wall}{ratio}  {cost}  {'ok' if ok else 'MISMATCH'}")
    for row in rows:
        if row.note:
            print(f"  {row.tool}: {row.note}")
    for row in rows:
        if not cost_ok(row.cost, reference):
            print(f"!!! MISMATCH: {row.tool} cost {row.cost!r} vs stockpile {reference!r} "
                  f"(tolerance {COST_TOLERANCE:g} relative) {row.note}")
    return good


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("model", nargs="?", type=Path,
                        help="model file (default: generate one with generate_model.py into a temp dir)")
    parser.add_argument("--stockpile", type=Path, default=DEFAULT_STOCKPILE, help="the stockpile binary")
    parser.add_argument("--repeats", type=int, default=3, help="runs per tool (glpk-default: always 1)")
    parser.add_argument("--skip", action="append", default=[], choices=PULP_VARIANTS + ["highs"],
                        help="leave out a solver (repeatable)")
    parser.add_argument("--materials", type=int, help="generated model only: materials")
    parser.add_argument("--offers", type=int, help="generated model only: offers per material")
    parser.add_argument("--worker", choices=PULP_VARIANTS, help=argparse.SUPPRESS)
    args = parser.parse_args()

    if args.worker:
        print(json.dumps(run_worker(args.worker, args.model)))
        return 0
    if not args.stockpile.is_file():
        sys.exit(f"no stockpile binary at {args.stockpile}: build it (make bench-plan) or pass --stockpile")

    with tempfile.TemporaryDirectory(prefix="pulp-compare-") as scratch:
        model = args.model
        if model is None:
            command = [sys.executable, str(GENERATOR), scratch]
            for flag in ("materials", "offers"):
                if getattr(args, flag) is not None:
                    command += [f"--{flag}", str(getattr(args, flag))]
            subprocess.run(command, check=True)
            model = Path(scratch) / "generated.yaml"
            print(f"model: {model} (generate_model.py {' '.join(command[3:]) or 'defaults'})")
        else:
            print(f"model: {model}")

        mps = Path(scratch) / "stage2.mps"
        print(f"stockpile --timings (export run, untimed): {export_mps(args.stockpile, model, mps)}")
        rows = [run_stockpile(args.stockpile, model, args.repeats)]
        print(f"stockpile: median {rows[0].wall:.2f} s, total_cost {rows[0].cost:,.2f}", flush=True)
        for variant in PULP_VARIANTS:
            if variant not in args.skip:
                row = run_pulp(variant, model, 1 if variant in SINGLE_RUN else args.repeats)
                rows.append(row)
                print(f"{row.tool}: " + (f"median {row.wall:.2f} s" if row.wall is not None else row.note),
                      flush=True)
        if "highs" not in args.skip:
            print("HiGHS: solving the exported MPS", flush=True)  # highspy prints a banner once
            highs = run_highs(mps, args.repeats)
            if highs is None:
                print("HiGHS: highspy is not importable (pip install highspy); skipped")
            else:
                rows.append(highs)
        print()
        good = print_table(rows, rows[0].cost)
    print(f"\ncost check: {'all within' if good else 'NOT all within'} {COST_TOLERANCE:g} relative of stockpile's total_cost")
    return 0 if good else 1


if __name__ == "__main__":
    sys.exit(main())
