#!/usr/bin/env python3
"""An independent reference for `stockpile plan`, written from the documentation only
(docs/model-files.md and docs/model.md, then the README's sections "Model files",
"Multi-period models" and "The model Stockpile solves"), solved with
SciPy's HiGHS (scipy.optimize.linprog, method highs, with integrality for integer rules).

    python3 Tests/Random/reference.py MODEL.yaml      # prints the reference result as JSON

Processing stages (docs/stages.md): the origin of an offer at stage s is origin[s], else
its country; a cap with `stage` counts origins at that stage, a cap without one in a model
with `stages` is one row per declared stage (each on its own), and without `stages` a cap
counts the offers' country.

The two stages:
  stage 1  minimise sum over materials (and periods) of priority x shortfall / target
           (draw periods: priority x unreleased / release due; targets 0 count for nothing)
  stage 2  hold stage 1 at  z <= z* (1 + 1e-9) + 1e-9 x W,  W = the largest z possible
           (sum of the weights x their denominators, i.e. sum of priorities over the
           shortfall columns), and minimise total cost (orders + fixed costs + holding);
           with integer rules 1e-7 instead of 1e-9 relative.
First the cost minimisation with every shortfall fixed at 0 is tried (as docs/model.md says
Stockpile does): when it has an optimum the status is "optimal" and stage 1 is 0.

Numerics: before each solve the matrix is scaled (geometric-mean passes over rows and
continuous columns, then rows to a largest entry of 1, objective to a largest entry of 1),
so one model with prices of 1e-6 and another with 1e9 both reach HiGHS near 1. Results
are unscaled and every cost is recomputed from the unscaled plan in float64. When HiGHS
reports anything but optimal / infeasible, the result is "undecided".
"""
import csv
import json
import math
import os
import re
import sys

import numpy as np
import scipy.sparse as sp
import yaml
from scipy.optimize import linprog

INF = math.inf
HOLD_REL = 1e-9   # stage 2 holds z <= z*(1 + HOLD_REL) + HOLD_ABS * W
HOLD_ABS = 1e-9
HOLD_REL_INTEGER = 1e-7   # docs/model.md: with integer rules stage 2 holds stage 1 within 1e-7
TIER_GAP = 1e-9   # a tier segment ends at next_from * (1 - TIER_GAP): (docs/model.md: "a millionth
                  # short"; we stay closer to the closed interval, so we are never dearer)


# ---------------------------------------------------------------- YAML loading
class _Loader(yaml.SafeLoader):
    """YAML 1.2-ish scalars: 2.0e9 and 1e-06 are floats, NO/yes/on are strings."""


_Loader.yaml_implicit_resolvers = {
    k: [(tag, rx) for tag, rx in v if tag not in ("tag:yaml.org,2002:bool", "tag:yaml.org,2002:float")]
    for k, v in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
_Loader.add_implicit_resolver(
    "tag:yaml.org,2002:bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF"))
_Loader.add_implicit_resolver(
    "tag:yaml.org,2002:float",
    re.compile(r"^(?:[-+]?(?:\.[0-9]+|[0-9][0-9_]*(?:\.[0-9_]*)?)(?:[eE][-+]?[0-9]+)?|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$"),
    list("-+0123456789."))


def _num(v):
    if isinstance(v, str):
        return float(v)
    return float(v)


def load_model(path):
    with open(path) as f:
        text = f.read()
    if path.endswith(".json"):
        data = json.loads(text)
    else:
        data = yaml.load(text, Loader=_Loader)
    if isinstance(data.get("offers"), str):
        data["offers"] = _load_csv(os.path.join(os.path.dirname(path), data["offers"]))
    return data


def _load_csv(path):
    offers = []
    with open(path, newline="") as f:
        for row in csv.DictReader(f):
            o = {"id": row["id"], "supplier": row["supplier"], "country": row["country"],
                 "material": row["material"], "price": float(row["price"])}
            if row.get("capacity", "").strip():
                o["capacity"] = float(row["capacity"])
            for k in ("lot", "min_order", "fixed_cost"):
                if row.get(k, "").strip():
                    o[k] = float(row[k])
            if row.get("lead", "").strip():
                o["lead"] = int(float(row["lead"]))
            origin = {k[len("origin."):]: v.strip() for k, v in row.items()
                      if k and k.startswith("origin.") and v and v.strip()}
            if origin:   # docs/stages.md: an empty cell is the seller's country
                o["origin"] = origin
            offers.append(o)
    return offers


# ---------------------------------------------------------------- program builder
class Program:
    def __init__(self):
        self.lb, self.ub, self.integer, self.names = [], [], [], []
        self.rows = []   # (dict col->coef, lo, hi, name)

    def var(self, name, lb=0.0, ub=INF, integer=False):
        self.lb.append(lb)
        self.ub.append(ub)
        self.integer.append(integer)
        self.names.append(name)
        return len(self.lb) - 1

    def row(self, coefs, lo=-INF, hi=INF, name=""):
        merged = {}
        for j, a in coefs:
            merged[j] = merged.get(j, 0.0) + a
        merged = {j: a for j, a in merged.items() if a != 0.0}
        self.rows.append((merged, lo, hi, name))

    def solve(self, cost, extra_rows=(), fixed_zero=(), time_limit=60.0, gap=1e-9):
        """Minimises cost (dict col->coef). Returns (status, x) with status in
        optimal | infeasible | undecided:<why>."""
        n = len(self.lb)
        rows = list(self.rows) + list(extra_rows)
        lb = np.array(self.lb, float)
        ub = np.array(self.ub, float)
        for j in fixed_zero:
            lb[j] = ub[j] = 0.0
        data, ri, ci = [], [], []
        rlo, rhi = [], []
        for i, (coefs, lo, hi, _) in enumerate(rows):
            for j, a in coefs.items():
                ri.append(i)
                ci.append(j)
                data.append(a)
            rlo.append(lo)
            rhi.append(hi)
        m = len(rows)
        A = sp.csr_matrix((data, (ri, ci)), shape=(m, n)) if m else sp.csr_matrix((0, n))
        rlo = np.array(rlo, float)
        rhi = np.array(rhi, float)
        c = np.zeros(n)
        for j, a in cost.items():
            c[j] += a
        integ = np.array(self.integer, bool)

        # --- scaling: x = cs * x', row i multiplied by rs_i
        cs = np.ones(n)
        rs = np.ones(m)
        if m:
            # the objective joins the rows for scaling, so a column's cost is near 1 too
            absA = abs(sp.vstack([A, sp.csr_matrix(c.reshape(1, -1))])).tocsr()
            absA.eliminate_zeros()
            rs = np.ones(m + 1)

            def extremes(B, axis):
                hi = np.asarray(B.max(axis=axis).todense()).ravel()
                inv = B.copy()
                inv.data = 1.0 / inv.data
                lo_inv = np.asarray(inv.max(axis=axis).todense()).ravel()
                empty = hi <= 0
                hi[empty] = 1.0
                lo_inv[empty] = 1.0
                return hi, 1.0 / lo_inv

            for _ in range(6):
                rmax, rmin = extremes((sp.diags(rs) @ absA @ sp.diags(cs)).tocsr(), 1)
                rs = rs / np.sqrt(rmax * rmin)
                cmax, cmin = extremes((sp.diags(rs) @ absA @ sp.diags(cs)).tocsc(), 0)
                f = 1.0 / np.sqrt(cmax * cmin)
                f[integ] = 1.0           # integer columns keep their unit
                cs = cs * f
            rmax, _ = extremes((sp.diags(rs) @ absA @ sp.diags(cs)).tocsr(), 1)
            rs = rs / rmax
            # powers of two: scaling adds no round-off
            rs = np.exp2(np.round(np.log2(rs)))[:m]
            cs[~integ] = np.exp2(np.round(np.log2(cs[~integ])))
        As = (sp.diags(rs) @ A @ sp.diags(cs)).tocsr() if m else A
        slo = rlo * rs
        shi = rhi * rs
        sc = c * cs
        cmax = abs(sc).max() if n and abs(sc).max() > 0 else 1.0
        sc = sc / cmax
        slb = lb / cs
        sub = ub / cs
        # ranged rows as linprog wants them: equalities, and <= rows for each finite side
        eq = np.isfinite(slo) & np.isfinite(shi) & (slo == shi)
        up = np.isfinite(shi) & ~eq
        dn = np.isfinite(slo) & ~eq
        A_eq = As[eq] if eq.any() else None
        A_ub = sp.vstack([As[up], -As[dn]]).tocsr() if (up.any() or dn.any()) else None
        b_ub = np.concatenate([shi[up], -slo[dn]]) if A_ub is not None else None
        bounds = list(zip(slb, [None if math.isinf(u) else u for u in sub]))
        # Tight dual tolerance: a weighted shortfall whose priorities span 1e9 (1e-6 beside
        # 1e3) has objective entries far below HiGHS's default 1e-7, which it would ignore.
        # Tight, then HiGHS's defaults when the tight run reports numerical trouble.
        res = None
        for tol in ({"dual_feasibility_tolerance": 1e-10, "primal_feasibility_tolerance": 1e-9}, {}):
            options = {"disp": False, "time_limit": time_limit, "presolve": True, "mip_rel_gap": gap, **tol}
            try:
                res = linprog(sc, A_ub=A_ub, b_ub=b_ub, A_eq=A_eq, b_eq=slo[eq] if A_eq is not None else None,
                              bounds=bounds, method="highs", integrality=integ.astype(int) if integ.any() else None,
                              options=options)
            except Exception as e:  # noqa: BLE001 - HiGHS trouble is "undecided"
                return f"undecided:exception {e}", None
            if res.status in (0, 2):
                break
        if res.status == 0 and res.x is not None:
            x = res.x * cs
            x[integ] = np.round(x[integ])
            return "optimal", x
        if res.status == 2:
            return "infeasible", None
        return f"undecided:highs status {res.status} {res.message}", None


# ---------------------------------------------------------------- the model
class Reference:
    def __init__(self, model):
        self.model = model
        self.periods = model.get("periods")
        self.multi = self.periods is not None
        self.P = len(self.periods) if self.multi else 1
        self.pid = [p["id"] for p in self.periods] if self.multi else [None]
        self.pindex = {p: i for i, p in enumerate(self.pid)}
        self.groups = {g: list(v) for g, v in (model.get("groups") or {}).items()}
        self.materials = model["materials"]
        self.offers = model.get("offers") or []
        self.mids = [m["id"] for m in self.materials]
        self.stages = list(model.get("stages") or [])
        self.integer = any(
            any(k in o for k in ("lot", "min_order", "fixed_cost", "tiers")) for o in self.offers
        ) or any("max_suppliers" in m for m in self.materials)
        self._build()

    # --- data helpers
    def countries_of(self, who):
        return set(self.groups[who]) if who in self.groups else {who}

    def origin(self, o, stage):
        """docs/stages.md: the origin of offer o at stage s is origin[s], else its country
        (stage None: the country, as in a model without stages)."""
        if stage is None:
            return o["country"]
        return (o.get("origin") or {}).get(stage, o["country"])

    def cap_stages(self, cap):
        """The stages a cap counts origins at: its own; without one, every declared stage,
        each on its own; [None] in a model without stages."""
        if cap.get("stage") is not None:
            return [cap["stage"]]
        return list(self.stages) or [None]

    def target(self, m, t):
        """Target of material m in period t (None: none applies)."""
        if self.multi and self.periods[t].get("draw", False):
            return None
        if "target" in m:
            v = m["target"]
            if isinstance(v, dict):   # not documented; read like a target_days ramp
                return self._ramp(v, t)
            return _num(v)
        td = m.get("target_days")
        if td is None:
            return None
        du = _num(m.get("daily_use", 0))
        if isinstance(td, dict):
            d = self._ramp(td, t)
            return None if d is None else d * du
        return _num(td) * du

    def _ramp(self, ramp, t):
        best = None
        for k, v in ramp.items():
            if self.pindex[k] <= t:
                if best is None or self.pindex[k] > best[0]:
                    best = (self.pindex[k], _num(v))
        return None if best is None else best[1]

    def price(self, o, t):
        if self.multi and "prices" in o and self.pid[t] in o["prices"]:
            return _num(o["prices"][self.pid[t]])
        return _num(o["price"])

    def capacity(self, o, t):
        if self.multi and "capacities" in o and self.pid[t] in o["capacities"]:
            return _num(o["capacities"][self.pid[t]])
        return _num(o["capacity"]) if "capacity" in o and o["capacity"] is not None else INF

    def order_periods(self, o):
        if not self.multi:
            return [0]
        allowed = o.get("periods")
        lead = int(o.get("lead", 0))
        ts = range(self.P) if allowed is None else sorted(self.pindex[p] for p in allowed)
        return [t for t in ts if t + lead <= self.P - 1]

    # --- the program
    def _build(self):
        prog = Program()
        self.prog = prog
        mat_index = {m["id"]: i for i, m in enumerate(self.materials)}
        self.orders = []   # dict(offer, t, qty: [(col, coef)], value: [...], spend: [...])
        self.cost = {}     # stage 2 objective (orders + fixed + holding)
        self.weights = {}  # stage 1 objective
        self.short_cols = []          # all shortfall / unreleased columns
        self.short_of = {}            # (material id, t) -> (col, denominator)
        self.W = 0.0

        for oi, o in enumerate(self.offers):
            lot = _num(o["lot"]) if "lot" in o else None
            mino = _num(o["min_order"]) if "min_order" in o else None
            fc = _num(o["fixed_cost"]) if "fixed_cost" in o else 0.0
            tiers = o.get("tiers") or []
            for t in self.order_periods(o):
                cap = self.capacity(o, t)
                p = self.price(o, t)
                tag = f"{o['id']}@{t}"
                needs_used = mino is not None or fc > 0 or bool(tiers) or "fixed_cost" in o
                if lot is not None:
                    nmax = math.floor(cap / lot * (1 + 1e-12)) if cap < INF else INF
                    col = prog.var("n:" + tag, 0.0, nmax, integer=True)
                    qty = [(col, lot)]
                else:
                    col = prog.var("q:" + tag, 0.0, cap)
                    qty = [(col, 1.0)]
                used = None
                if needs_used:
                    used = prog.var("used:" + tag, 0.0, 1.0, integer=True)
                    prog.row(qty + [(used, -cap)], hi=0.0, name="used-cap:" + tag)
                    if mino is not None:
                        prog.row(qty + [(used, -mino)], lo=0.0, name="min:" + tag)
                if tiers:
                    segs = [(0.0, p)] + [(_num(tt["from"]), _num(tt["price"])) for tt in tiers]
                    zs, value = [], []
                    qsum = []
                    for k, (f, pk) in enumerate(segs):
                        hi = segs[k + 1][0] * (1 - TIER_GAP) if k + 1 < len(segs) else cap
                        z = prog.var(f"z{k}:" + tag, 0.0, 1.0, integer=True)
                        q = prog.var(f"q{k}:" + tag, 0.0, hi)
                        prog.row([(q, 1.0), (z, -f)], lo=0.0)
                        prog.row([(q, 1.0), (z, -hi)], hi=0.0)
                        zs.append(z)
                        qsum.append((q, 1.0))
                        value.append((q, pk))
                    prog.row([(z, 1.0) for z in zs] + [(used, -1.0)], 0.0, 0.0)
                    prog.row(qty + [(q, -a) for q, a in qsum], 0.0, 0.0)
                else:
                    value = [(j, a * p) for j, a in qty]
                spend = list(value) + ([(used, fc)] if used is not None and fc else [])
                self.orders.append({"offer": o, "oi": oi, "t": t, "qty": qty, "value": value,
                                    "spend": spend, "used": used, "cap": cap,
                                    "lead": int(o.get("lead", 0)) if self.multi else 0})
                for j, a in spend:
                    self.cost[j] = self.cost.get(j, 0.0) + a

        by_mat = {mid: [] for mid in self.mids}
        for od in self.orders:
            by_mat[od["offer"]["material"]].append(od)
        self.by_mat = by_mat

        # materials: targets, levels, shortfall
        self.level = {}
        for m in self.materials:
            mid = m["id"]
            prio = _num(m.get("priority", 1.0))
            stock = _num(m.get("stock", 0.0))
            if not self.multi:
                T = self.target(m, 0) or 0.0
                bought = [e for od in by_mat[mid] for e in od["qty"]]
                if T > 0:
                    s = prog.var(f"short:{mid}", 0.0, INF)
                    prog.row(bought + [(s, 1.0)], lo=T - stock, name=f"target:{mid}")
                    self._short(mid, 0, s, T, prio)
                continue
            wh = _num(m["warehouse"]) if "warehouse" in m else INF
            hold = _num(m.get("holding_cost", 0.0))
            du = _num(m.get("daily_use", 0.0))
            prev = None
            for t in range(self.P):
                L = prog.var(f"level:{mid}@{t}", 0.0, wh)
                self.level[(mid, t)] = L
                if hold:
                    self.cost[L] = self.cost.get(L, 0.0) + hold
                deliv = [e for od in by_mat[mid] if od["t"] + od["lead"] == t for e in od["qty"]]
                coefs = [(L, 1.0)] + [(j, -a) for j, a in deliv]
                rhs = 0.0
                if prev is None:
                    rhs += stock
                else:
                    coefs.append((prev, -1.0))
                if self.periods[t].get("draw", False):
                    R = du * _num(self.periods[t].get("days", 365))
                    if R > 0:
                        u = prog.var(f"unreleased:{mid}@{t}", 0.0, R)
                        coefs.append((u, -1.0))
                        rhs -= R
                        self._short(mid, t, u, R, prio)
                prog.row(coefs, rhs, rhs, name=f"flow:{mid}@{t}")
                T = self.target(m, t)
                if T is not None and T > 0:
                    s = prog.var(f"short:{mid}@{t}", 0.0, INF)
                    prog.row([(L, 1.0), (s, 1.0)], lo=T, name=f"target:{mid}@{t}")
                    self._short(mid, t, s, T, prio)
                prev = L
            if "max_suppliers" in m:
                pass
        # total warehouse
        if self.multi and "warehouse" in self.model:
            for t in range(self.P):
                prog.row([(self.level[(mid, t)], 1.0) for mid in self.mids], hi=_num(self.model["warehouse"]))

        # budgets (orders only)
        if self.model.get("budget") is not None:
            prog.row([e for od in self.orders for e in od["spend"]], hi=_num(self.model["budget"]), name="budget")
        for m in self.materials:
            if m.get("budget") is not None:
                prog.row([e for od in by_mat[m["id"]] for e in od["spend"]], hi=_num(m["budget"]), name=f"budget:{m['id']}")
        if self.multi:
            for t, per in enumerate(self.periods):
                if per.get("budget") is not None:
                    prog.row([e for od in self.orders if od["t"] == t for e in od["spend"]], hi=_num(per["budget"]),
                             name=f"budget@{t}")

        # caps: each period's orders on their own; with stages, a row per stage counted
        for ci, cap in enumerate(self.model.get("caps") or []):
            S = self.countries_of(cap["country"])
            f = _num(cap["max_share"])
            basis = cap.get("basis", "quantity")
            scope = [cap["material"]] if cap.get("material") else self.mids
            for stage in self.cap_stages(cap):
                tag = f"cap{ci}" + (f"@{stage}" if stage else "")
                for t in range(self.P):
                    if basis == "spend":
                        ods = [od for mid in scope for od in by_mat[mid] if od["t"] == t]
                        coefs = [(j, -f * a) for od in ods for j, a in od["value"]]
                        coefs += [(j, a) for od in ods if self.origin(od["offer"], stage) in S for j, a in od["value"]]
                        if coefs:
                            prog.row(coefs, hi=0.0, name=f"{tag}@{t}")
                    else:
                        for mid in scope:
                            ods = [od for od in by_mat[mid] if od["t"] == t]
                            coefs = [(j, -f * a) for od in ods for j, a in od["qty"]]
                            coefs += [(j, a) for od in ods if self.origin(od["offer"], stage) in S for j, a in od["qty"]]
                            if coefs:
                                prog.row(coefs, hi=0.0, name=f"{tag}:{mid}@{t}")

        # max_suppliers: counted once over the horizon
        for m in self.materials:
            if "max_suppliers" not in m:
                continue
            Smax = int(m["max_suppliers"])
            sup = {}
            for od in by_mat[m["id"]]:
                sup.setdefault(od["offer"]["supplier"], []).append(od)
            if len(sup) <= Smax:
                continue
            bs = []
            for name, ods in sup.items():
                b = prog.var(f"supplier:{m['id']}:{name}", 0.0, 1.0, integer=True)
                total = sum(od["cap"] for od in ods)
                prog.row([e for od in ods for e in od["qty"]] + [(b, -total)], hi=0.0)
                bs.append(b)
            prog.row([(b, 1.0) for b in bs], hi=float(Smax))

    def _short(self, mid, t, col, denom, prio):
        w = prio / denom
        self.weights[col] = self.weights.get(col, 0.0) + w
        self.short_cols.append(col)
        self.short_of[(mid, t)] = (col, denom)
        self.W += prio

    # --- solving
    def solve(self, time_limit=60.0):
        prog = self.prog
        # 1. every target held (shortfall 0)
        st, x = prog.solve(self.cost, fixed_zero=self.short_cols, time_limit=time_limit)
        if st == "optimal":
            return self._result("optimal", x, 0.0)
        if st != "infeasible":
            return {"status": "undecided", "why": "hold-zero: " + st}
        # 2. stage 1
        st, x = prog.solve(self.weights, time_limit=time_limit)
        if st != "optimal":
            return {"status": "undecided", "why": "stage 1: " + st}
        z = sum(w * x[j] for j, w in self.weights.items())
        # docs/model.md: a linear program holds stage 1 exactly (1e-9 relative only when round-off
        # makes the exact hold infeasible); integer rules: always within 1e-7 relative.
        rel = HOLD_REL_INTEGER if self.integer else HOLD_REL
        holds = [z * (1 + rel), z * (1 + rel) + HOLD_ABS * self.W]
        if not self.integer:
            holds.insert(0, z)
        for hold in holds:
            st2, x2 = prog.solve(self.cost, extra_rows=[(dict(self.weights), -INF, hold, "hold")],
                                 time_limit=time_limit)
            if st2 == "optimal":
                return self._result("shortfall", x2, z)
        return {"status": "undecided", "why": "stage 2: " + st2, "z": z}

    def cost_at(self, zmax, time_limit=60.0):
        """The least total cost of a plan whose weighted shortfall is at most zmax (stage 2 with
        that hold), or None if the solve does not end optimal: what a plan that holds stage 1
        at zmax should cost."""
        st, x = self.prog.solve(self.cost, extra_rows=[(dict(self.weights), -INF, zmax, "hold")], time_limit=time_limit)
        return sum(a * x[j] for j, a in self.cost.items()) if st == "optimal" else None

    def _result(self, status, x, z):
        total = sum(a * x[j] for j, a in self.cost.items())
        order_cost = sum(a * x[j] for od in self.orders for j, a in od["spend"])
        zz = sum(w * x[j] for j, w in self.weights.items())
        short = {}
        for (mid, t), (col, denom) in self.short_of.items():
            short.setdefault(mid, {})[self.pid[t] if self.multi else "-"] = float(x[col])
        purchases = []
        for od in self.orders:
            q = sum(a * x[j] for j, a in od["qty"])
            if q > 0:
                purchases.append({"offer": od["offer"]["id"], "period": self.pid[od["t"]] if self.multi else None,
                                  "quantity": q})
        return {"status": status, "total_cost": total, "order_cost": order_cost, "z": zz, "z_stage1": z,
                "W": self.W, "shortfall": short, "purchases": purchases, "integer": self.integer}

    # --- stockpile's plan judged by this model
    def weighted_shortfall_of(self, plan):
        """Stage-1 objective of a stockpile plan JSON (read off its per-material shortfall)."""
        z = 0.0
        prio = {m["id"]: _num(m.get("priority", 1.0)) for m in self.materials}
        if not self.multi:
            for pm in plan["materials"]:
                key = (pm["id"], 0)
                if key in self.short_of:
                    z += prio[pm["id"]] * float(pm["shortfall"]) / self.short_of[key][1]
            return z
        for pm in plan["materials"]:
            for pp in pm["periods"]:
                t = self.pindex[pp["period"]]
                key = (pm["id"], t)
                if key in self.short_of:
                    # JSON: a draw period's release not made is `unreleased`, not `shortfall`
                    v = pp["unreleased"] if self.periods[t].get("draw", False) else pp["shortfall"]
                    z += prio[pm["id"]] * float(v) / self.short_of[key][1]
        return z

    def z_rounding(self, q_abs):
        """How far the weighted shortfall read off JSON can be from the plan's own when each
        shortfall is written to within q_abs units."""
        prio = {m["id"]: _num(m.get("priority", 1.0)) for m in self.materials}
        return sum(prio[mid] * q_abs / denom for (mid, t), (col, denom) in self.short_of.items())


    def audit(self, plan, rel=1e-6, q_abs=0.0, money_abs=0.0):
        """Judges a stockpile plan JSON against this model: capacities, lots, minimum
        orders, tiers, fixed costs, budgets, quantity and spend caps, supplier counts, and
        the reported order cost recomputed from the purchases. rel: the documented plan check
        tolerance (1e-6 relative); an absolute floor of rel x the limit's own scale.
        q_abs / money_abs: how precisely the JSON writes quantities and money (observed:
        quantities to 6 decimals, money to cents), added to every comparison.
        Returns a list of violations (strings)."""
        bad = []
        slack = 0.0   # money the JSON's rounding of quantities can hide
        offers = {o["id"]: o for o in self.offers}
        rows = plan.get("orders") if self.multi else plan.get("purchases")
        lines = []   # (offer, t, qty, value, spend)
        for r in rows or []:
            o = offers[r["offer"]]
            t = self.pindex[r["ordered"]] if self.multi else 0
            q = float(r["quantity"])
            cap = self.capacity(o, t)
            if q <= 1e-12 * max(1.0, cap if cap < INF else 1.0):   # nothing (or solver dust)
                continue
            if q > cap * (1 + rel) + q_abs:
                bad.append(f"{o['id']}@{self.pid[t]}: quantity {q:.9g} over capacity {cap:.9g}")
            if self.multi and t not in self.order_periods(o):
                bad.append(f"{o['id']}: ordered in {self.pid[t]}, not allowed")
            if "lot" in o:
                n = q / _num(o["lot"])
                if abs(n - round(n)) > 1e-6 * max(1.0, n) + q_abs / _num(o["lot"]):
                    bad.append(f"{o['id']}@{self.pid[t]}: quantity {q:.9g} not a multiple of lot {o['lot']}")
            if "min_order" in o and q < _num(o["min_order"]) * (1 - rel) - q_abs:
                bad.append(f"{o['id']}@{self.pid[t]}: quantity {q:.9g} under minimum order {o['min_order']}")
            p = self.price(o, t)
            for tt in o.get("tiers") or []:
                # docs/model.md: each segment ends a millionth short of the next `from`, and
                # from there on only the next price applies, so a purchase at that end,
                # from x (1 - 1e-6), is at the lower price; a tier's price applies from
                # `from` less only what the JSON's rounding can hide (at most half that gap)
                f = _num(tt["from"])
                if q >= f - min(q_abs, 0.5e-6 * f) - 1e-12 * f:
                    p = _num(tt["price"])
            value = p * q
            spend = value + _num(o.get("fixed_cost", 0.0))
            slack += p * q_abs + money_abs
            lines.append((o, t, q, value, spend))
        order_cost = sum(ln[4] for ln in lines)
        reported = float(plan["order_cost"]) if self.multi else float(plan["total_cost"])
        scale = max(abs(order_cost), abs(reported))
        if abs(order_cost - reported) > rel * scale + slack + money_abs + 1e-12:
            bad.append(f"reported order cost {reported:.12g} but the purchases cost {order_cost:.12g}")

        def over(name, v, limit):
            if v > limit * (1 + rel) + slack + 1e-12:
                bad.append(f"{name}: {v:.12g} over {limit:.12g}")

        if self.model.get("budget") is not None:
            over("budget", order_cost, _num(self.model["budget"]))
        for m in self.materials:
            if m.get("budget") is not None:
                over(f"budget of {m['id']}", sum(ln[4] for ln in lines if ln[0]["material"] == m["id"]), _num(m["budget"]))
        if self.multi:
            for t, per in enumerate(self.periods):
                if per.get("budget") is not None:
                    over(f"budget of {per['id']}", sum(ln[4] for ln in lines if ln[1] == t), _num(per["budget"]))
        for cap in self.model.get("caps") or []:
            S = self.countries_of(cap["country"])
            f = _num(cap["max_share"])
            scope = [cap["material"]] if cap.get("material") else self.mids
            for stage, t in ((stage, t) for stage in self.cap_stages(cap) for t in range(self.P)):
                groups = [scope] if cap.get("basis") == "spend" else [[mid] for mid in scope]
                k = 3 if cap.get("basis") == "spend" else 2
                for g in groups:
                    ls = [ln for ln in lines if ln[1] == t and ln[0]["material"] in g]
                    tot = sum(ln[k] for ln in ls)
                    mine = sum(ln[k] for ln in ls if self.origin(ln[0], stage) in S)
                    room = (q_abs * len(ls) if k == 2 else slack) + 1e-12
                    if mine > f * tot + rel * tot + room:
                        bad.append(f"cap {cap['country']}{' at ' + stage if stage else ''} <= {f} "
                                   f"({cap.get('basis', 'quantity')}) on {','.join(g)}"
                                   f"{'@' + self.pid[t] if self.multi else ''}: {mine:.9g} of {tot:.9g}")
        for m in self.materials:
            if "max_suppliers" in m:
                sup = {ln[0]["supplier"] for ln in lines if ln[0]["material"] == m["id"]}
                if len(sup) > int(m["max_suppliers"]):
                    bad.append(f"{m['id']}: {len(sup)} suppliers over max_suppliers {m['max_suppliers']}")
        return bad


def solve_model(model, time_limit=60.0):
    return Reference(model).solve(time_limit=time_limit)


def main():
    model = load_model(sys.argv[1])
    res = solve_model(model)
    json.dump(res, sys.stdout, indent=1, default=float)
    print()


if __name__ == "__main__":
    main()
