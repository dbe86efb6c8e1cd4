#!/usr/bin/env python3
"""Random differential check of `stockpile plan` and `stockpile sweep` against the
independent reference (Tests/Random/reference.py, SciPy's HiGHS).

    python3 Tests/Random/check_random.py --stockpile .build/release/stockpile \
        [--n 40] [--seed 1] [--kinds single,multi,...] [--jobs 2] [--keep DIR]

Per generated model (Tests/Random/generate.py):
  plan    `stockpile plan MODEL --format json`: exit 0 = optimal, 3 = shortfall, anything
          else is "refused" (a failure). Status, weighted shortfall and total cost are
          compared with the reference, and the plan is audited against the model
          (capacities, integer rules, budgets, caps, the cost of its purchases).
  sweeps  (kind "sweep") `stockpile sweep MODEL ARG --format json` warm and with `--cold`:
          warm against cold point by point, and every point against the reference applied
          to the model with that point's change (the changed model is written beside it).
One line per mismatch (model kept in --keep DIR, and a command that reproduces it);
a model passes when all its checks pass. Cases where HiGHS itself reports trouble are
"reference-undecided" (counted apart), as is a case where stockpile's audited plan is
cheaper than the reference's optimum with no more shortfall (the reference missed it). Last line: `N passed, M failed`; exit 1 if M > 0.
"""
import argparse
import concurrent.futures as cf
import copy
import json
import os
import shlex
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import generate  # noqa: E402
import reference  # noqa: E402

# ----------------------------------------------------------------- tolerances
# Cost: relative 1e-6, the tolerance the documentation gives Stockpile's own plan check (and the
# default --mip-gap); anything closer is round-off of two different solvers.
COST_REL = 1e-6
# Cost: absolute floor 1e-9 x the model's cost scale (every material's target bought at its
# dearest price): a sum of such terms in float64 is not exact below that, whatever the plan.
COST_ABS_OF_SCALE = 1e-9
# Integer programs: both stage searches may stop 1e-6 (relative, default --mip-gap) from
# their bound, and stage 2 holds stage 1 within 1e-9: so 2e-6 relative.
COST_REL_MIP = 2e-6
# Weighted shortfall (stage 1): relative 1e-6 of the optimum z* (the plan check's 1e-6),
# plus 1e-9 of the largest possible value W (every shortfall column at its whole target,
# = the sum of priorities over them) for round-off of solvers working at 1e-7 on scaled
# rows. Not 1e-6 x W: a material of priority 1e-6 beside one of 1e3 would hide in that.
Z_REL = 1e-6
Z_REL_OF_W = 1e-9
# Integer programs: stage 1 may stop within --mip-gap (1e-6 relative, default) of its bound.
Z_REL_MIP = 2e-6
# Status: a plan called "shortfall" whose weighted shortfall is below 1e-7 x W (or a
# reference shortfall that small beside a plan called "optimal") is a tie of tolerances,
# not a mismatch: the solvers' feasibility tolerances are 1e-7 (HiGHS, GLPK).
STATUS_TIE_OF_W = 1e-7
# The JSON writes quantities to 6 decimals and money to cents (observed; the documentation does
# not say): comparisons of JSON figures add what that rounding can hide.
JSON_Q = 5e-7
JSON_MONEY = 0.005


# Stockpile's plan check accepts every target within 1e-6 of itself, and within a millionth
# of a unit below one unit (docs/model.md), so a plan may buy up to 1e-6 x max(1, target) less of
# each material: up to that times its dearest price less.
TARGET_CHECK_REL = 1e-6


def cost_scale(model, with_stock=True, unit_floor=False):
    """Sum over materials of the dearest price x (largest target [+ stock]); with
    `unit_floor`, the target taken as at least one unit."""
    ref = reference.Reference(model)
    total = 0.0
    for m in ref.materials:
        prices = [ref.price(o, t) for o in ref.offers if o["material"] == m["id"] for t in range(ref.P)]
        prices += [float(tt["price"]) for o in ref.offers if o["material"] == m["id"] for tt in o.get("tiers") or []]
        targets = [ref.target(m, t) or 0.0 for t in range(ref.P)]
        largest = max(max(targets), 1.0) if unit_floor else max(targets)
        total += (max(prices) if prices else 0.0) * (largest + (float(m.get("stock", 0)) if with_stock else 0.0))
    return total


def cost_floor(model):
    return (COST_ABS_OF_SCALE * cost_scale(model) + TARGET_CHECK_REL * cost_scale(model, with_stock=False, unit_floor=True)
            + 2 * JSON_MONEY)


def run(cmd, timeout=300):
    try:
        p = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout)
        return p.returncode, p.stdout, p.stderr
    except subprocess.TimeoutExpired:
        return "timeout", "", ""


def first_line(text):
    lines = [ln for ln in text.strip().splitlines() if ln.strip()]
    return (" | ".join(lines[:3]))[:300] if lines else ""


# Marks a compare() line that says the reference, not stockpile, missed the optimum.
BEATEN = "REFERENCE-BEATEN "


def compare(ref, res, status, total, z_s, model, integer, what, audited=False):
    """Mismatches (strings) between a stockpile result (status, total, weighted shortfall)
    and the reference result res; `audited`: stockpile's plan passed the reference's audit.
    A line starting with BEATEN is no mismatch: stockpile's audited plan beat the reference."""
    out = []
    W = res["W"] or 1.0
    rs = res["status"]
    tie = False
    if rs != status:
        if status == "shortfall" and rs == "optimal" and z_s is not None and z_s <= STATUS_TIE_OF_W * W + ref.z_rounding(JSON_Q):
            tie = True
        elif status == "optimal" and rs == "shortfall" and res["z"] <= STATUS_TIE_OF_W * W:
            tie = True
        else:
            out.append(f"{what}: status {status}, reference {rs} (weighted shortfall {z_s!r} vs reference {res['z']:.9g}, W {W:.3g})")
            return out
    if tie:
        return out
    if z_s is not None and rs == "shortfall":
        ztol = Z_REL_OF_W * W + (Z_REL_MIP if integer else Z_REL) * res["z"] + ref.z_rounding(JSON_Q)
        if z_s > res["z"] + ztol:
            out.append(f"{what}: weighted shortfall {z_s:.12g}, reference {res['z']:.12g} (more shortfall than needed)")
            return out
        if z_s < res["z"] - ztol:
            if audited:
                # less shortfall than the reference's stage-1 optimum, with every row the audit
                # checks met: the reference missed the optimum, not stockpile
                return [BEATEN + f"{what}: weighted shortfall {z_s:.12g} below the reference's {res['z']:.12g}, audited"]
            out.append(f"{what}: weighted shortfall {z_s:.12g} below the reference's optimum {res['z']:.12g}")
            return out
    rel = COST_REL_MIP if integer else COST_REL
    tol = rel * max(abs(total), abs(res["total_cost"])) + cost_floor(model)
    if integer and rs == "shortfall" and z_s is not None and z_s > res["z"] and total < res["total_cost"]:
        # a stage 1 stopped inside its gap leaves more shortfall, which may cost less: the
        # z check above already bounds that, so a cheaper plan is no mismatch here
        return out
    if total < res["total_cost"] - tol and z_s is not None and audited:
        # Cheaper than the reference's optimum with no more shortfall (the z check above),
        # and the plan meets every row the audit checks: the reference is what missed the
        # optimum (HiGHS's branch and cut stopping at its gap or time limit, or its simplex
        # on a badly scaled program), so this is no evidence against stockpile.
        return [BEATEN + f"{what}: total cost {total:.12g} below the reference's {res['total_cost']:.12g}, audited"]
    if total > res["total_cost"] + tol and rs == "shortfall" and z_s is not None and z_s < res["z"] and audited:
        # Stage 2 may hold stage 1 within a tolerance (docs/model.md), and the reference spent
        # more of it: its plan is short of a little more and cheaper. Stockpile's plan is
        # judged at its own shortfall: the least cost of any plan with no more shortfall.
        at = ref.cost_at(z_s + ref.z_rounding(JSON_Q))
        if at is None:
            # HiGHS finds no optimum at stockpile's shortfall (a numerically extreme model:
            # seed 11's sweep case 23, holding costs of 28,640 a unit beside prices of 1e-6):
            # the reference cannot judge the plan's cost, which the audit found valid
            return [BEATEN + f"{what}: total cost {total:.12g} at weighted shortfall {z_s:.12g} below the "
                    f"reference's {res['z']:.12g}; the reference finds no optimum at that shortfall, audited"]
        if total <= at + tol:
            return out
    if abs(total - res["total_cost"]) > tol:
        d = total - res["total_cost"]
        out.append(f"{what}: total cost {total:.12g}, reference {res['total_cost']:.12g} "
                   f"(diff {d:+.6g}, rel {d / max(abs(res['total_cost']), 1e-300):+.3g}, tol {tol:.3g})")
    return out


# ----------------------------------------------------------------- what-if changes, from the table in docs/commands.md
def apply_change(model, sweep, value):
    m = copy.deepcopy(model)
    flag = sweep["flag"]
    if flag == "budget":
        if sweep.get("relative"):
            # "--budget -20% scales the total budget and every period's"
            m["budget"] = float(m["budget"]) * (1 + value)
            for p in m.get("periods") or []:
                if p.get("budget") is not None:
                    p["budget"] = float(p["budget"]) * (1 + value)
        else:
            m["budget"] = value
    elif flag == "target":
        mat = next(x for x in m["materials"] if x["id"] == sweep["who"])
        if sweep.get("days"):
            mat.pop("target", None)
            mat["target_days"] = value
        else:
            mat.pop("target_days", None)
            mat["target"] = value
    elif flag == "cap":
        # "sets a country's quantity cap on every material ..., replacing the old share even
        # when looser"; spend-basis caps are left as they are
        # (docs/stages.md: `--cap CN=0.5` sets the caps without a stage; `--cap CN@refined=0.5`
        # the cap on China at the refined stage, added when the model has none)
        stage = sweep.get("stage")
        caps = [c for c in m.get("caps") or []
                if not (c["country"] == sweep["who"] and c.get("basis", "quantity") == "quantity"
                        and c.get("stage") == stage)]
        caps.append({"country": sweep["who"], "max_share": value, **({"stage": stage} if stage else {})})
        m["caps"] = caps
    elif flag == "ban":
        # docs/commands.md: a country's (or group's) offers are those with it as seller or
        # origin at any stage; with @stage those whose origin at that stage is it; with
        # :material only that material's. (A cap left without offers is dropped with them;
        # its row would be empty anyway.)
        ref = reference.Reference(model)
        S = ref.countries_of(sweep["who"])
        stage = sweep.get("stage")

        def banned(o):
            if sweep.get("material") and o["material"] != sweep["material"]:
                return False
            if stage:
                return ref.origin(o, stage) in S
            return o["country"] in S or any(ref.origin(o, s) in S for s in ref.stages)

        m["offers"] = [o for o in m["offers"] if not banned(o)]
    elif flag == "price":
        for o in m["offers"]:
            if o["material"] == sweep["who"]:
                o["price"] = float(o["price"]) * (1 + value)
                if "prices" in o:
                    o["prices"] = {k: float(v) * (1 + value) for k, v in o["prices"].items()}
                for t in o.get("tiers") or []:
                    t["price"] = float(t["price"]) * (1 + value)
    else:
        raise ValueError(flag)
    return m


def plan_z(ref, plan):
    try:
        return ref.weighted_shortfall_of(plan)
    except Exception:  # noqa: BLE001
        return None


def check_case(args, name, kind, model, sweeps):
    """(verdict, [mismatch lines], info) for one case; verdict pass | fail | undecided."""
    keep = args.keep
    path = os.path.join(keep, name + ".yaml")
    bin_ = args.stockpile
    fails, notes = [], []
    undecided = False

    def file_lines(msgs, repro):
        """Files compare()'s lines: a BEATEN line as a note (the case is then undecided,
        returned True), every other as a failure with its repro command."""
        beaten = False
        for msg in msgs:
            if msg.startswith(BEATEN):
                beaten = True
                notes.append(f"UNDECIDED {name}: {msg[len(BEATEN):]}")
            else:
                fails.append(f"FAIL {name}: {msg}\n    repro: {repro}")
        return beaten
    repro_plan = f"{shlex.quote(bin_)} plan {shlex.quote(path)} --format json; python3 Tests/Random/reference.py {shlex.quote(path)}"
    ref = reference.Reference(model)
    res = ref.solve(time_limit=args.time_limit)
    rc, out, err = run([bin_, "plan", path, "--format", "json"])
    if rc not in (0, 3):
        fails.append(f"FAIL {name}: plan refused (exit {rc}): {first_line(err)}\n    repro: {repro_plan}")
    else:
        plan = json.loads(out)
        status = plan["status"]
        want = "optimal" if rc == 0 else "shortfall"
        if status != want:
            fails.append(f"FAIL {name}: exit {rc} but JSON status {status}\n    repro: {repro_plan}")
        broken = ref.audit(plan, q_abs=JSON_Q, money_abs=JSON_MONEY)
        if res["status"] == "undecided":
            undecided = True
            notes.append(f"UNDECIDED {name}: {res['why']}")
        else:
            msgs = compare(ref, res, status, float(plan["total_cost"]), plan_z(ref, plan), model, ref.integer, "plan",
                           audited=not broken)
            undecided = file_lines(msgs, repro_plan) or undecided
        for msg in broken:
            fails.append(f"FAIL {name}: plan breaks the model: {msg}\n    repro: {repro_plan}")

    for si, sw in enumerate(sweeps):
        arg = shlex.split(sw["arg"])
        if sw["flag"] == "ban":
            # a plan what-if, not a sweep: against the reference on the model without those offers
            changed = apply_change(model, sw, None)
            cpath = os.path.join(keep, f"{name}-whatif{si}-ban.yaml")
            with open(cpath, "w") as f:
                f.write(f"# {name} with {sw['arg']} applied by check_random.py\n")
                f.write(generate.to_yaml(changed))
            cmd = [bin_, "plan", path] + arg + ["--format", "json"]
            repro = " ".join(shlex.quote(c) for c in cmd) + f"; python3 Tests/Random/reference.py {shlex.quote(cpath)}"
            rc, out, err = run(cmd)
            if rc not in (0, 3):
                fails.append(f"FAIL {name}: plan {sw['arg']} exit {rc}: {first_line(err)}\n    repro: {repro}")
                continue
            cplan = json.loads(out)
            cref = reference.Reference(changed)
            cres = cref.solve(time_limit=args.time_limit)
            if cres["status"] == "undecided":
                undecided = True
                notes.append(f"UNDECIDED {name} {sw['arg']}: {cres['why']}")
                continue
            broken = cref.audit(cplan, q_abs=JSON_Q, money_abs=JSON_MONEY)
            msgs = compare(cref, cres, cplan["status"], float(cplan["total_cost"]), plan_z(cref, cplan), changed,
                           cref.integer, f"plan {sw['arg']}", audited=not broken)
            undecided = file_lines(msgs, repro) or undecided
            for msg in broken:
                fails.append(f"FAIL {name}: plan {sw['arg']} breaks the changed model: {msg}\n    repro: {repro}")
            continue
        cmd = [bin_, "sweep", path] + arg + ["--format", "json", "--quiet", "--jobs", "2"]
        repro = " ".join(shlex.quote(c) for c in cmd)
        results = {}
        for mode in ("warm", "cold"):
            c = cmd + (["--cold"] if mode == "cold" else [])
            rc, out, err = run(c)
            if rc != 0:
                fails.append(f"FAIL {name}: sweep {sw['arg']} {mode} exit {rc}: {first_line(err)}\n    repro: {repro}"
                             + (" --cold" if mode == "cold" else ""))
            try:
                results[mode] = json.loads(out)["points"]   # failed points carry their error
            except (ValueError, KeyError):
                continue
        for mode, pts in results.items():
            if len(pts) != len(sw["values"]):
                fails.append(f"FAIL {name}: sweep {sw['arg']} {mode}: {len(pts)} points, expected {len(sw['values'])}\n    repro: {repro}")
        if "warm" in results and "cold" in results:
            for k, (a, b) in enumerate(zip(results["warm"], results["cold"])):
                if a.get("error") or b.get("error") or "failed" in (a.get("status"), b.get("status")):
                    continue
                tol = COST_REL * max(abs(a["total_cost"]), abs(b["total_cost"])) + cost_floor(model)
                if a["status"] != b["status"] or abs(a["total_cost"] - b["total_cost"]) > tol:
                    fails.append(f"FAIL {name}: sweep {sw['arg']} point {k} ({a.get('text')}): warm {a['status']} {a['total_cost']!r},"
                                 f" cold {b['status']} {b['total_cost']!r}\n    repro: {repro}  vs  {repro} --cold")
        for mode, pts in results.items():
            for k, (pt, v) in enumerate(zip(pts, sw["values"])):
                if pt.get("error") or pt.get("status") == "failed":
                    fails.append(f"FAIL {name}: sweep {sw['arg']} {mode} point {k} ({pt.get('text')}): failed: "
                                 f"{first_line(str(pt.get('error')))}\n    repro: {repro}{' --cold' if mode == 'cold' else ''}")
                    continue
                changed = apply_change(model, sw, v)
                cpath = os.path.join(keep, f"{name}-sweep{si}-{sw['flag']}-p{k}.yaml")
                cref = reference.Reference(changed)
                cres = cref.solve(time_limit=args.time_limit)
                if cres["status"] == "undecided":
                    undecided = True
                    notes.append(f"UNDECIDED {name} sweep {si} point {k}: {cres['why']}")
                    continue
                status = pt["status"].split(" ")[0]
                z_s = plan_z(cref, {"materials": pt["materials"]}) if "periods" not in changed else None
                what = f"sweep {sw['arg']} {mode} point {k} ({pt.get('text')})"
                msgs = compare(cref, cres, status, float(pt["total_cost"]), z_s, changed, cref.integer, what)
                if msgs:
                    with open(cpath, "w") as f:
                        f.write(f"# {name} with sweep point {k} of {sw['arg']} applied by check_random.py\n")
                        f.write(generate.to_yaml(changed))
                if msgs and msgs[0].startswith(BEATEN) is False:
                    # The point's own plan of the changed model, audited: when it passes and
                    # costs what the point costs, a cheaper point only beat the reference. A
                    # multi-period point's JSON has no periods: its plan gives the shortfall.
                    prc, pout, _ = run([bin_, "plan", cpath, "--format", "json"])
                    if prc in (0, 3):
                        cplan = json.loads(pout)
                        same = abs(float(cplan["total_cost"]) - float(pt["total_cost"])) <= COST_REL * abs(float(pt["total_cost"])) + 2 * JSON_MONEY
                        if same and not cref.audit(cplan, q_abs=JSON_Q, money_abs=JSON_MONEY):
                            pz = z_s if z_s is not None else plan_z(cref, cplan)
                            msgs = compare(cref, cres, status, float(pt["total_cost"]), pz, changed, cref.integer, what, audited=True)
                # A sweep point's mismatch is a failure too (before, the loop that filed them sat
                # under the BEATEN branch, after `msgs = []`, and never ran).
                point_repro = (f"{repro}{' --cold' if mode == 'cold' else ''}; {shlex.quote(bin_)} plan {shlex.quote(cpath)} "
                               f"--format json; python3 Tests/Random/reference.py {shlex.quote(cpath)}")
                undecided = file_lines(msgs, point_repro) or undecided
    verdict = "fail" if fails else ("undecided" if undecided else "pass")
    return verdict, fails, notes


def _quiet_worker(log_path):
    """HiGHS prints some MIP notes straight to file descriptor 1: send a worker's to a log."""
    fd = os.open(log_path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o644)
    os.dup2(fd, 1)
    os.close(fd)
    sys.stdout = open(1, "w", closefd=False)


def _worker(args, item):
    name, kind, model, sweeps = item
    t0 = time.time()
    try:
        v, fails, notes = check_case(args, name, kind, model, sweeps)
    except Exception as e:  # noqa: BLE001 - a harness crash is reported, never hidden
        import traceback
        v, fails, notes = "fail", [f"FAIL {name}: harness error {e!r}\n" + traceback.format_exc()], []
    return name, kind, v, fails, notes, time.time() - t0


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--stockpile", required=True)
    ap.add_argument("--n", type=int, default=40)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--kinds", default=",".join(generate.KINDS), help="comma-separated: " + ",".join(generate.KINDS))
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--keep", default=None, help="folder for the models (default /tmp/stockpile-random-SEED)")
    ap.add_argument("--time-limit", type=float, default=60.0, help="reference time limit per solve (s)")
    ap.add_argument("--verbose", action="store_true", help="a line per case")
    a = ap.parse_args()
    kinds = [k for k in a.kinds.replace(" ", ",").split(",") if k]
    for k in kinds:
        if k not in generate.KINDS:
            ap.error(f"unknown kind {k}")
    a.stockpile = os.path.abspath(a.stockpile)
    a.keep = os.path.abspath(a.keep or f"/tmp/stockpile-random-{a.seed}")
    generate.write_cases(a.keep, a.n, a.seed, kinds)
    items = generate.cases(a.n, a.seed, kinds)
    counts = {}
    failed = passed = undecided = 0
    t0 = time.time()
    with cf.ProcessPoolExecutor(max_workers=a.jobs, initializer=_quiet_worker,
                                initargs=(os.path.join(a.keep, "highs-stdout.log"),)) as ex:
        futs = [ex.submit(_worker, a, it) for it in items]
        for fut in futs:
            name, kind, v, fails, notes, dt = fut.result()
            c = counts.setdefault(kind, {"pass": 0, "fail": 0, "undecided": 0})
            c[v] += 1
            for line in fails:
                print(line, flush=True)
            for line in notes:
                print(line, flush=True)
            if a.verbose:
                print(f"{v:9s} {name} ({dt:.2f} s)", flush=True)
            if v == "fail":
                failed += 1
            elif v == "pass":
                passed += 1
            else:
                undecided += 1
    print(f"models in {a.keep}; {time.time() - t0:.1f} s")
    for kind in kinds:
        if kind in counts:
            c = counts[kind]
            print(f"  {kind:14s} {c['pass']} passed, {c['fail']} failed, {c['undecided']} reference-undecided")
    print(f"{undecided} reference-undecided")
    print(f"{passed} passed, {failed} failed")
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
