#!/usr/bin/env python3
"""Benchmarks `stockpile plan` over model families against glpsol, HiGHS and PuLP + GLPK.

    swift build -c release --product stockpile      # or: make bench-families
    python3 Benchmarks/families.py [--families japan,100k,100k-budget,1m] [--repeat 3]
        [--quick] [--plan-args "--method dual"] [--markdown FILE] [--keep DIR]

Families (generated with Benchmarks/generate_model.py, or generate_multiperiod.py, and its fixed
seed into a temp dir):

    japan        the shipped Models/japan-critical-minerals.yaml
    100k         50 materials x 2,000 offers x 60 capped countries (generate_model.py defaults)
    100k-budget  the same with a total budget of 8.0e9 USD (--budget 8.0e9): the unconstrained
                 optimum costs 8,790,305,039.58 USD, so the budget row binds and stage 1 has
                 to trade shortfall between materials
    1m           200 materials x 5,000 offers (a million CSV offers; --materials 200 --offers 5000)
    100k-yaml    the 100k family with its offers inline in generated.yaml (--inline, flow style)
    100k-json    the same inline model as generated.json (--inline --json)
    multi-period Benchmarks/generate_multiperiod.py's defaults (its own fixed seed): 8 periods x 40
                 materials x 300 offers over 40 countries each capped at 35%, a budget per period
                 (binding in Q3, Q5 and Q6), lead times of 0-2 periods, holding costs, prices by
                 period; offers in flow-style YAML (2.4 MB); 14,089 rows x 94,284 columns

For each family it

* exports the stage-2 LP once, untimed (`stockpile plan MODEL --export-mps --export-lp`: least
  cost with the weighted shortfall held at its stage-1 optimum, so its optimum is the plan's
  total cost);
* times `stockpile plan MODEL --format json --output FILE [--plan-args]` (whole process, the
  release binary): median wall time of --repeat runs, peak RSS (GNU time's %M), total_cost;
* times `glpsol --freemps F.mps -o FILE` with its defaults (primal simplex) and with `--dual
  --flip` (and `--dual` with --glpsol-dual), each under --glpsol-timeout; the defaults and
  `--dual` run once (--slow-repeat) and are skipped above --skip-glpsol-defaults-above offers;
* times HiGHS (highspy, when importable) in a fresh process on the exported MPS:
  `readModel` + `run` as measured inside that process, and the whole process;
* times PuLP + GLPK end to end (Benchmarks/pulp_compare.py's worker: a fresh python3 that
  reads the YAML + CSV, builds the same two-stage LP and solves both stages with glpsol
  `--dual --flip`) on the generated single-period families (the 1m family only with --pulp-1m);
* checks every objective against the plan's total_cost (1e-6 relative; a MISMATCH makes the
  exit status 1), and prints the ratios stockpile / HiGHS (goal: at most 0.5), PuLP + GLPK /
  stockpile (goal: at least 20) and best glpsol / stockpile.

The result is one Markdown table (one row per family) on standard output, also written to
--markdown FILE when given. Not a test: times depend on the machine and its load (the load
average at the start and end is printed with the table).
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import re
import shlex
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
BENCHMARKS = REPO / "Benchmarks"
GENERATOR = BENCHMARKS / "generate_model.py"
MULTIPERIOD_GENERATOR = BENCHMARKS / "generate_multiperiod.py"
DEFAULT_STOCKPILE = REPO / ".build" / "release" / "stockpile"
GNU_TIME = Path("/usr/bin/time")
COST_TOLERANCE = 1e-6  # relative, as pulp_compare.py
BUDGET = "8.0e9"       # the 100k-budget family's total budget (the 100k optimum costs 8.79e9)
FAMILIES = {
    # name: (description, generator and its arguments or None for the shipped model, offers,
    #        the model file the generator writes)
    "japan": ("shipped Japan model", None, None, None),
    "100k": ("50 x 2,000 x 60", (GENERATOR, []), 50 * 2000, "generated.yaml"),
    "100k-budget": (f"50 x 2,000 x 60, budget {BUDGET}", (GENERATOR, ["--budget", BUDGET]), 50 * 2000, "generated.yaml"),
    "1m": ("200 x 5,000 x 60", (GENERATOR, ["--materials", "200", "--offers", "5000"]), 200 * 5000, "generated.yaml"),
    "100k-yaml": ("50 x 2,000 x 60, offers inline in YAML", (GENERATOR, ["--inline"]), 50 * 2000, "generated.yaml"),
    "100k-json": ("50 x 2,000 x 60, as JSON", (GENERATOR, ["--inline", "--json"]), 50 * 2000, "generated.json"),
    "multi-period": ("8 periods x 40 x 300, period budgets", (MULTIPERIOD_GENERATOR, []), 40 * 300, "generated.yaml"),
}
JAPAN = REPO / "Models" / "japan-critical-minerals.yaml"


# --------------------------------------------------------------------------- processes


@dataclass
class Run:
    wall: float                 # seconds, process start to exit (or to the kill)
    peak_mb: float | None       # peak RSS, from GNU time
    returncode: int | None      # None: killed at the timeout
    stdout: str
    stderr: str

    @property
    def timed_out(self) -> bool:
        return self.returncode is None


def measure(command: list[str], timeout: float, scratch: Path) -> Run:
    """Runs COMMAND under GNU time (when there) in its own process group; kills that group
    (only it) at the timeout."""
    memory = scratch / "peak-rss.txt"
    if memory.exists():
        memory.unlink()
    full = ([str(GNU_TIME), "-f", "%M", "-o", str(memory)] if GNU_TIME.exists() else []) + command
    start = time.perf_counter()
    process = subprocess.Popen(full, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                               start_new_session=True, cwd=REPO)
    try:
        out, err = process.communicate(timeout=timeout)
        code: int | None = process.returncode
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)  # the group we started: GNU time and its child
        out, err = process.communicate()
        code = None
    wall = time.perf_counter() - start
    peak = None
    if code is not None and memory.exists():
        words = memory.read_text().split()
        if words and words[-1].isdigit():
            peak = int(words[-1]) / 1024
    return Run(wall, peak, code, out, err)


# --------------------------------------------------------------------------- results


@dataclass
class Timing:
    """Median wall time of the completed runs, or a timeout, or a reason it was not run."""
    runs: list[float] = field(default_factory=list)
    timeout: float | None = None     # set when a run hit this timeout
    note: str = ""                   # why it was skipped or failed
    peak_mb: float | None = None
    objective: float | None = None
    inner: list[float] = field(default_factory=list)  # HiGHS: read + solve inside the process

    @property
    def median(self) -> float | None:
        return statistics.median(self.runs) if self.runs and self.timeout is None else None

    def cell(self, seconds: float | None = None) -> str:
        if self.timeout is not None:
            return f">{self.timeout:g} s"
        value = self.median if seconds is None else seconds
        if value is None:
            return self.note or "-"
        runs = f" ({len(self.runs)} run)" if len(self.runs) == 1 else ""
        return f"{fmt_seconds(value)}{runs}"


@dataclass
class Family:
    name: str
    description: str
    offers: int | None
    lp_size: str = ""           # stage-2 LP rows x columns, from glpsol's or HiGHS's report
    cost: float | None = None
    export_note: str = ""
    stockpile: Timing = field(default_factory=Timing)
    glpsol: dict[str, Timing] = field(default_factory=dict)
    highs: Timing = field(default_factory=Timing)
    pulp: dict[str, Timing] = field(default_factory=dict)
    mismatches: list[str] = field(default_factory=list)


def fmt_seconds(value: float) -> str:
    if value >= 100:
        return f"{value:.0f} s"
    if value >= 10:
        return f"{value:.1f} s"
    if value >= 0.1:
        return f"{value:.2f} s"
    return f"{value * 1000:.0f} ms"


def check(family: Family, tool: str, objective: float | None) -> str:
    """'ok' or 'MISMATCH' (recorded) for an objective against the plan's total cost."""
    if objective is None or family.cost is None:
        return "no objective"
    if abs(objective - family.cost) <= COST_TOLERANCE * max(1.0, abs(family.cost)):
        return "ok"
    family.mismatches.append(f"{tool}: objective {objective!r} vs stockpile total_cost {family.cost!r}")
    return "MISMATCH"


# --------------------------------------------------------------------------- steps


def stockpile_plan(stockpile: Path, model: Path, output: Path, extra: list[str]) -> list[str]:
    return [str(stockpile), "plan", str(model), "--format", "json", "--output", str(output)] + extra


def total_cost(output: Path) -> float:
    with output.open() as handle:
        return float(json.load(handle)["total_cost"])


def export(family: Family, args, model: Path, folder: Path) -> Path | None:
    """The untimed run that writes the stage-2 LP; sets the family's reference cost."""
    mps, lp, output = folder / "stage2.mps", folder / "stage2.lp", folder / "export.json"
    command = stockpile_plan(args.stockpile, model, output, args.plan_args) + [
        "--timings", "--export-mps", str(mps), "--export-lp", str(lp)]
    run = measure(command, args.plan_timeout, folder)
    if run.timed_out:
        family.export_note = f"export run stopped at {args.plan_timeout:g} s"
        print(f"  export: stopped at the {args.plan_timeout:g} s timeout (--plan-timeout)", flush=True)
        return None
    if run.returncode not in (0, 3):  # 3: a plan with shortfall
        family.export_note = f"export run exited with {run.returncode}"
        print(f"  export: stockpile exited with {run.returncode}: {run.stderr.strip()}", flush=True)
        return None
    family.cost = total_cost(output)
    peak = f", peak {run.peak_mb:.0f} MB" if run.peak_mb is not None else ""
    print(f"  export (untimed run, {run.wall:.2f} s{peak}): {run.stderr.strip()}", flush=True)
    print(f"  stage-2 LP: {mps} ({mps.stat().st_size / 1e6:.1f} MB), {lp} ({lp.stat().st_size / 1e6:.1f} MB);"
          f" total_cost {family.cost:,.2f}", flush=True)
    return mps


def time_stockpile(family: Family, args, model: Path, folder: Path) -> None:
    output = folder / "plan.json"
    timing = family.stockpile
    for _ in range(args.repeat):
        run = measure(stockpile_plan(args.stockpile, model, output, args.plan_args), args.plan_timeout, folder)
        if run.timed_out:
            timing.timeout = args.plan_timeout
            break
        if run.returncode not in (0, 3):
            timing.note = f"exit {run.returncode}"
            print(f"  stockpile plan exited with {run.returncode}: {run.stderr.strip()}", flush=True)
            return
        timing.runs.append(run.wall)
        timing.peak_mb = max(timing.peak_mb or 0, run.peak_mb or 0) or None
        timing.objective = total_cost(output)
    if family.cost is None:
        family.cost = timing.objective
    verdict = check(family, "stockpile plan", timing.objective)
    print(f"  stockpile plan: {timing.cell()} median of {len(timing.runs)} "
          f"({', '.join(f'{w:.2f}' for w in timing.runs)}), peak {timing.peak_mb or 0:.0f} MB, "
          f"total_cost {timing.objective if timing.objective is None else f'{timing.objective:,.2f}'} [{verdict}]",
          flush=True)


GLPSOL_OBJECTIVE = re.compile(r"^Objective:\s+\S+\s*=\s*([-+0-9.eE]+)", re.MULTILINE)
GLPSOL_STATUS = re.compile(r"^Status:\s+(.+)$", re.MULTILINE)
GLPSOL_SIZE = re.compile(r"^Rows:\s+(\d+)\s*\nColumns:\s+(\d+)\s*\nNon-zeros:\s+(\d+)", re.MULTILINE)


def time_glpsol(family: Family, args, mps: Path, label: str, options: list[str], repeat: int,
                folder: Path) -> None:
    timing = family.glpsol[label]
    solution = folder / "glpsol.txt"  # a real file: never -o /dev/null
    for _ in range(repeat):
        if solution.exists():
            solution.unlink()
        run = measure(["glpsol", "--freemps", str(mps), "-o", str(solution)] + options,
                      args.glpsol_timeout, folder)
        if run.timed_out:
            timing.timeout = args.glpsol_timeout
            break
        text = solution.read_text() if solution.exists() else ""
        status = GLPSOL_STATUS.search(text)
        objective = GLPSOL_OBJECTIVE.search(text)
        if run.returncode != 0 or not status or status.group(1).strip() != "OPTIMAL" or not objective:
            timing.note = f"failed ({run.returncode}, {status.group(1).strip() if status else 'no status'})"
            break
        timing.runs.append(run.wall)
        timing.peak_mb = max(timing.peak_mb or 0, run.peak_mb or 0) or None
        timing.objective = float(objective.group(1))
        size = GLPSOL_SIZE.search(text)
        if size and not family.lp_size:
            rows, columns, nonzeros = (int(g) for g in size.groups())
            family.lp_size = f"{rows:,} x {columns:,}"
    verdict = check(family, f"glpsol {label}", timing.objective) if timing.runs else ""
    print(f"  glpsol {label}: {timing.cell()} ({', '.join(f'{w:.2f}' for w in timing.runs) or '-'}), "
          f"objective {timing.objective!r} {verdict}", flush=True)


def highs_worker(mps: str) -> None:
    """In a fresh process: read and solve MPS with highspy; prints one JSON line last."""
    start = time.perf_counter()
    import highspy
    imported = time.perf_counter()
    highs = highspy.Highs()
    highs.setOptionValue("output_flag", False)
    begin = time.perf_counter()
    highs.readModel(mps)
    read = time.perf_counter()
    highs.run()
    end = time.perf_counter()
    print(json.dumps({
        "import": imported - start, "read": read - begin, "solve": end - read, "read_solve": end - begin,
        "status": highs.modelStatusToString(highs.getModelStatus()),
        "objective": highs.getInfo().objective_function_value,
        "rows": highs.getNumRow(), "columns": highs.getNumCol(), "nonzeros": highs.getNumNz(),
        "version": highs.version(),
    }))


def time_highs(family: Family, args, mps: Path, folder: Path) -> None:
    timing = family.highs
    try:
        import highspy  # noqa: F401  (only to know whether the worker can run)
    except ImportError:
        timing.note = "highspy not importable"
        print("  HiGHS: highspy is not importable (pip install highspy); skipped", flush=True)
        return
    parts = []
    for _ in range(args.repeat):
        run = measure([sys.executable, str(Path(__file__).resolve()), "--highs-worker", str(mps)], args.plan_timeout, folder)
        if run.timed_out:
            timing.timeout = args.plan_timeout
            break
        lines = run.stdout.strip().splitlines()
        result = json.loads(lines[-1]) if run.returncode == 0 and lines else None
        if result is None or result["status"] != "Optimal":
            timing.note = f"failed ({run.returncode}, {result['status'] if result else run.stderr.strip()[-200:]})"
            break
        timing.runs.append(run.wall)
        timing.inner.append(result["read_solve"])
        timing.peak_mb = max(timing.peak_mb or 0, run.peak_mb or 0) or None
        timing.objective = result["objective"]
        parts.append(result)
        if not family.lp_size:
            family.lp_size = f"{result['rows']:,} x {result['columns']:,}"
    verdict = check(family, "HiGHS", timing.objective) if timing.runs else ""
    if parts:
        read = statistics.median(p["read"] for p in parts)
        solve = statistics.median(p["solve"] for p in parts)
        print(f"  HiGHS {parts[0]['version']}: read + solve {fmt_seconds(statistics.median(timing.inner))} "
              f"(read {fmt_seconds(read)}, solve {fmt_seconds(solve)}), whole process {timing.cell()}, "
              f"peak {timing.peak_mb or 0:.0f} MB, objective {timing.objective!r} {verdict}", flush=True)
    else:
        print(f"  HiGHS: {timing.cell()}", flush=True)


def time_pulp(family: Family, args, model: Path, variant: str) -> None:
    timing = family.pulp[variant]
    sys.path.insert(0, str(BENCHMARKS))
    sys.dont_write_bytecode = True  # no Benchmarks/__pycache__ from importing pulp_compare
    try:
        import pulp  # noqa: F401
        import yaml  # noqa: F401
        import pulp_compare
    except ImportError as error:
        timing.note = f"not run ({error.name} missing)"
        print(f"  PuLP: {error} (pip install pulp pyyaml); skipped", flush=True)
        return
    repeat = 1 if variant in pulp_compare.SINGLE_RUN else args.repeat
    row = pulp_compare.run_pulp(variant, model, repeat)  # fresh python3 processes, end to end
    if row.wall is None:
        timing.note = f"failed: {row.note}"
    else:
        timing.runs = [row.wall] * row.runs  # pulp_compare keeps only the median run's wall
        timing.objective = row.cost
    verdict = check(family, f"PuLP + {variant}", timing.objective) if row.wall is not None else ""
    parts = ", ".join(f"{name} {value:.2f}" for name, value in row.parts.items())
    print(f"  PuLP + {variant}: {timing.cell()} median of {row.runs} ({parts}), "
          f"cost {timing.objective!r} {verdict}", flush=True)


# --------------------------------------------------------------------------- table


def ratio(numerator: float | None, denominator: float | None, *, above: float | None = None) -> str:
    if above is not None and denominator:
        return f">{above / denominator:.1f}x"
    if numerator is None or not denominator:
        return "-"
    return f"{numerator / denominator:.2f}x"


def table(families: list[Family], glpsol_labels: list[str], pulp_variants: list[str]) -> str:
    header = ["family", "offers", "stage-2 LP (rows x columns)", "`stockpile plan`", "peak RSS", "total cost (USD)"]
    header += [f"glpsol {label}" for label in glpsol_labels]
    header += ["HiGHS read + solve (process)"]
    header += [f"PuLP + GLPK {v.removeprefix('glpk-').replace('default', 'defaults').replace('dual-flip', '`--dual --flip`')}"
               for v in pulp_variants]
    header += ["stockpile / HiGHS (goal <= 0.5)", "PuLP + GLPK / stockpile (goal >= 20)", "glpsol best / stockpile"]
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    for f in families:
        plan = f.stockpile.median
        cells = [f"{f.name} ({f.description})", f"{f.offers:,}" if f.offers else "-",
                 f.lp_size or "-",
                 f.stockpile.cell() if f.stockpile.runs or f.stockpile.timeout else (f.export_note or "-"),
                 f"{f.stockpile.peak_mb:.0f} MB" if f.stockpile.peak_mb else "-",
                 f"{f.cost:,.2f}" if f.cost is not None else "-"]
        for label in glpsol_labels:
            cells.append(f.glpsol[label].cell() if label in f.glpsol else "not run")
        highs = f.highs
        inner = statistics.median(highs.inner) if highs.inner and highs.timeout is None else None
        cells.append(f"{fmt_seconds(inner)} ({fmt_seconds(highs.median)})" if inner is not None else highs.cell())
        for variant in pulp_variants:
            cells.append(f.pulp[variant].cell() if variant in f.pulp else "not run")
        cells.append(ratio(plan, inner))
        best_pulp = min((t.median for t in f.pulp.values() if t.median is not None), default=None)
        cells.append(ratio(best_pulp, plan))
        finished = [t.median for t in f.glpsol.values() if t.median is not None]
        stopped = [t.timeout for t in f.glpsol.values() if t.timeout is not None]
        if finished:
            cells.append(ratio(min(finished), plan))
        elif stopped and plan:
            cells.append(ratio(None, plan, above=min(stopped)))
        else:
            cells.append("-")
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)


def load_average() -> str:
    try:
        return " ".join(f"{x:.2f}" for x in os.getloadavg())
    except OSError:
        return "unknown"


def version(command: list[str]) -> str:
    try:
        done = subprocess.run(command, capture_output=True, text=True, timeout=30)
        return (done.stdout or done.stderr).strip().splitlines()[0]
    except (OSError, subprocess.SubprocessError, IndexError):
        return "unknown"


# --------------------------------------------------------------------------- main


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0],
                                     formatter_class=argparse.RawDescriptionHelpFormatter,
                                     epilog="\n".join(__doc__.splitlines()[2:]))
    parser.add_argument("--families", default=",".join(FAMILIES),
                        help=f"comma-separated, from {', '.join(FAMILIES)} (default: all)")
    parser.add_argument("--repeat", type=int, default=3, help="runs per measurement (median; default 3)")
    parser.add_argument("--slow-repeat", type=int, default=1,
                        help="runs of glpsol's defaults and --dual (default 1: minutes each)")
    parser.add_argument("--stockpile", type=Path, default=DEFAULT_STOCKPILE, help="the stockpile binary")
    parser.add_argument("--plan-args", default="",
                        help='extra flags for every `stockpile plan` (one string, e.g. "--method dual")')
    parser.add_argument("--plan-timeout", type=float, default=1800,
                        help="seconds before a stockpile (or HiGHS) run is stopped (default 1800)")
    parser.add_argument("--glpsol-timeout", type=float, default=300,
                        help="seconds before a glpsol run is stopped and reported as >N s (default 300)")
    parser.add_argument("--skip-glpsol-defaults-above", type=int, default=200_000, metavar="OFFERS",
                        help="no glpsol defaults (or --dual) on families with more offers (default 200000)")
    parser.add_argument("--no-glpsol-defaults", action="store_true", help="never run glpsol's defaults")
    parser.add_argument("--glpsol-dual", action="store_true", help="also time glpsol --dual (without --flip)")
    parser.add_argument("--no-glpsol", action="store_true", help="no glpsol runs at all")
    parser.add_argument("--no-highs", action="store_true", help="no HiGHS runs")
    parser.add_argument("--no-pulp", action="store_true", help="no PuLP runs")
    parser.add_argument("--pulp-1m", action="store_true", help="also run PuLP on the 1m family")
    parser.add_argument("--pulp-variants", default="glpk-dual-flip",
                        help="pulp_compare.py variants, comma-separated: glpk-dual-flip (default), "
                             "glpk-default, cbc")
    parser.add_argument("--quick", action="store_true", help="--repeat 1 and no glpsol defaults")
    parser.add_argument("--keep", type=Path, metavar="DIR", help="write models and LPs into DIR and keep them")
    parser.add_argument("--markdown", type=Path, metavar="FILE", help="also write the table to FILE")
    parser.add_argument("--highs-worker", metavar="MPS", help=argparse.SUPPRESS)
    args = parser.parse_args()

    if args.highs_worker:
        highs_worker(args.highs_worker)
        return 0
    args.plan_args = shlex.split(args.plan_args)
    if args.quick:
        args.repeat = 1
        args.no_glpsol_defaults = True
    names = [n.strip() for n in args.families.split(",") if n.strip()]
    unknown = [n for n in names if n not in FAMILIES]
    if unknown or not names:
        parser.error(f"unknown families {unknown}; choose from {', '.join(FAMILIES)}")
    pulp_variants = [v.strip() for v in args.pulp_variants.split(",") if v.strip()]
    if any(v not in ("glpk-default", "glpk-dual-flip", "cbc") for v in pulp_variants):
        parser.error(f"unknown --pulp-variants {args.pulp_variants!r}")
    args.stockpile = args.stockpile.absolute()
    if not args.stockpile.is_file():
        sys.exit(f"no stockpile binary at {args.stockpile}: swift build -c release --product stockpile, or --stockpile")
    has_glpsol = shutil.which("glpsol") is not None and not args.no_glpsol
    if not has_glpsol and not args.no_glpsol:
        print("glpsol not on PATH: glpsol columns skipped (make deps installs glpk-utils)")

    started = datetime.datetime.now().astimezone()
    load_start = load_average()
    print(f"stockpile: {args.stockpile} ({version([str(args.stockpile), '--version'])}); "
          f"plan args: {' '.join(args.plan_args) or '(none)'}")
    print(f"glpsol: {version(['glpsol', '--version']) if has_glpsol else 'not run'}; "
          f"{os.cpu_count()} cores; load average {load_start}; repeat {args.repeat}", flush=True)

    if args.keep:
        args.keep.mkdir(parents=True, exist_ok=True)
        scratch_context = None
        scratch = args.keep.resolve()
    else:
        scratch_context = tempfile.TemporaryDirectory(prefix="stockpile-families-")
        scratch = Path(scratch_context.name)

    glpsol_labels: list[str] = []
    if has_glpsol:
        if not args.no_glpsol_defaults:
            glpsol_labels.append("defaults")
        glpsol_labels.append("`--dual --flip`")
        if args.glpsol_dual:
            glpsol_labels.append("`--dual`")
    glpsol_options = {"defaults": [], "`--dual --flip`": ["--dual", "--flip"], "`--dual`": ["--dual"]}
    families: list[Family] = []
    try:
        for name in names:
            description, generator, offers, model_name = FAMILIES[name]
            family = Family(name, description, offers)
            families.append(family)
            folder = scratch / name
            folder.mkdir(parents=True, exist_ok=True)
            print(f"\n{name}: {description}", flush=True)
            if generator is None:
                model = JAPAN
                family.offers = len(re.findall(r"\bsupplier:", model.read_text()))
            else:
                script, arguments = generator
                start = time.perf_counter()
                subprocess.run([sys.executable, str(script), str(folder)] + arguments, check=True)
                model = folder / model_name
                print(f"  generated {model} ({script.name} {' '.join(arguments) or 'defaults'}, "
                      f"{model.stat().st_size / 1e6:.1f} MB) in {time.perf_counter() - start:.1f} s", flush=True)

            mps = export(family, args, model, folder)
            if mps is None:
                family.stockpile.timeout = args.plan_timeout if "stopped" in family.export_note else None
                family.stockpile.note = family.export_note
            else:
                time_stockpile(family, args, model, folder)
                for label in glpsol_labels:
                    slow = label != "`--dual --flip`"
                    if slow and (family.offers or 0) > args.skip_glpsol_defaults_above:
                        family.glpsol[label] = Timing(note=f"skipped (> {args.skip_glpsol_defaults_above:,} offers)")
                        print(f"  glpsol {label}: skipped (--skip-glpsol-defaults-above "
                              f"{args.skip_glpsol_defaults_above})", flush=True)
                        continue
                    family.glpsol[label] = Timing()
                    time_glpsol(family, args, mps, label, glpsol_options[label],
                                args.slow_repeat if slow else args.repeat, folder)
                if not args.no_highs:
                    time_highs(family, args, mps, folder)
            # pulp_compare.py's worker builds the single-period program only.
            single_period = generator is not None and generator[0] == GENERATOR
            if not args.no_pulp and single_period and (name != "1m" or args.pulp_1m):
                for variant in pulp_variants:
                    family.pulp[variant] = Timing()
                    time_pulp(family, args, model, variant)
    finally:
        if scratch_context is not None:
            scratch_context.cleanup()

    shown_pulp = [v for v in pulp_variants if any(v in f.pulp for f in families)]
    markdown = table(families, glpsol_labels, shown_pulp)
    caption = (f"Measured {started:%Y-%m-%d %H:%M %Z} by `Benchmarks/families.py` "
               f"(repeat {args.repeat}{', plan args ' + ' '.join(args.plan_args) if args.plan_args else ''}; "
               f"glpsol timeout {args.glpsol_timeout:g} s); {os.cpu_count()} cores, load average "
               f"{load_start} at the start and {load_average()} at the end. Times are medians of whole "
               f"processes; HiGHS: readModel + run inside its process (whole process in brackets).")
    print("\n" + caption + "\n\n" + markdown)
    if args.markdown:
        args.markdown.write_text(caption + "\n\n" + markdown + "\n")
        print(f"\n(table written to {args.markdown})")
    mismatches = [f"{f.name}: {m}" for f in families for m in f.mismatches]
    for line in mismatches:
        print(f"!!! MISMATCH {line} (tolerance {COST_TOLERANCE:g} relative)")
    print(f"\ncost check: {'every objective within' if not mismatches else 'NOT every objective within'} "
          f"{COST_TOLERANCE:g} relative of stockpile's total_cost")
    return 1 if mismatches else 0


if __name__ == "__main__":
    sys.exit(main())
