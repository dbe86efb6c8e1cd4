#!/usr/bin/env python3
"""Seeded random Stockpile models (YAML), valid per the documentation (docs/model-files.md), for the random check.

    python3 Tests/Random/generate.py OUT_DIR [--n 40] [--seed 1] [--kinds single,multi,...]

Writes OUT_DIR/case-NNN-KIND.yaml and OUT_DIR/case-NNN-KIND.json (the kind and the sweeps
to run on it). The same seed, n and kinds always give byte-identical files: case i draws
from random.Random(f"{seed}:{i}") only.

Kinds (round robin over --kinds, in this order):
  single         one purchase: caps (country, group, per material, spend basis), budgets,
                 per-material budgets, priorities, targets in units or days
  magnitude      as single, with prices 1e-6..1e9, targets 1e-3..1e7, priorities 1e-6..1e3,
                 one scale per model or one per material
  shortfall      as single, with too little capacity or budget for every target
  integer        as single, with lots, minimum orders, fixed costs, all-units tiers and
                 max_suppliers
  multi          several periods (2-5): ramps, draws, holding costs, warehouses, prices and
                 capacities by period, offer periods, lead times, period / total budgets
  multi-integer  multi with integer rules
  large          multi, 4-8 periods, 10-40 materials, 50-300 offers
  sweep          a single-period (sometimes multi-period) model with sweeps of --budget,
                 --target, --cap and --price
  stages         processing stages (docs/stages.md): 1-3 declared stages, `origin` on a
                 random subset of offers (often one dominant refiner), caps with and without
                 `stage`, group caps, spend-basis caps; sometimes multi-period, integer rules
                 or too little capacity / budget

Each case draws from its own generator seeded with seed, case number and kind, so a kind
added at the end of KINDS leaves every other kind's models as they were.
"""
import argparse
import json
import math
import os
import random

KINDS = ["single", "magnitude", "shortfall", "integer", "multi", "multi-integer", "large", "sweep", "stages"]
# real ISO codes; NO/ON/... left out only so that no YAML 1.1 reader takes them for booleans
COUNTRIES = "CN AU CA CL AR BR ZA CD ID PH US MX PE FI SE DE FR KR IN VN TH MY MG MZ TZ ZM ZW NA KZ MN".split()


def fmt(v):
    """A number as YAML: integers plainly, others with 7 significant digits."""
    if isinstance(v, int):
        return str(v)
    if v == 0:
        return "0"
    if abs(v) >= 1 and abs(v) < 1e15 and float(v).is_integer():
        return str(int(v))
    return repr(float(f"{v:.7g}"))


def r7(v):
    return float(fmt(v))


# The most a budget may be (docs/model-files.md: 0 to 1e15 currency units); the
# magnitude kind's wide prices times its quantities can reckon a budget above it, which
# the reader refuses (exit 65) before anything is planned.
LARGEST_BUDGET = 1e15


def money(v):
    """A budget: `v` to 7 significant digits, at most LARGEST_BUDGET."""
    return r7(min(v, LARGEST_BUDGET))


def logu(rng, lo, hi):
    return 10 ** rng.uniform(math.log10(lo), math.log10(hi))


class Gen:
    def __init__(self, rng, kind):
        self.rng = rng
        self.kind = kind
        self.lines = []

    # --------------------------------------------------------------- pieces
    def scales(self, n_mat, magnitude):
        """Per material (price scale, quantity scale)."""
        rng = self.rng
        if not magnitude:
            return [(logu(rng, 1e2, 1e5), logu(rng, 1e2, 1e4)) for _ in range(n_mat)]
        if rng.random() < 0.5:   # one scale for the whole model
            ps, qs = logu(rng, 1e-6, 1e9), logu(rng, 1e-3, 1e7)
            return [(ps * rng.uniform(0.5, 2), qs * rng.uniform(0.5, 2)) for _ in range(n_mat)]
        return [(logu(rng, 1e-6, 1e9), logu(rng, 1e-3, 1e7)) for _ in range(n_mat)]

    def model(self, multi=False, integer=False, n_mat=None, n_off=None, magnitude=False, short=False,
              n_per=None):
        rng = self.rng
        n_mat = n_mat or rng.randint(1, 4)
        countries = rng.sample(COUNTRIES, rng.randint(2, 6))
        if "CN" not in countries and rng.random() < 0.7:
            countries[0] = "CN"
        sc = self.scales(n_mat, magnitude)
        d = {"name": f"random {self.kind}", "currency": "USD"}
        P = n_per or (rng.randint(2, 5) if multi else 0)
        periods = []
        if multi:
            for t in range(P):
                p = {"id": f"P{t + 1}", "days": rng.choice([30, 91, 182, 365, rng.randint(20, 200)])}
                if t > 0 and rng.random() < 0.15:
                    p["draw"] = True
                periods.append(p)
        mats, offers = [], []
        need_cost = 0.0  # rough cost of every target, to size budgets
        mat_need_cost = []
        for i in range(n_mat):
            ps, qs = sc[i]
            mid = f"m{i}"
            m = {"id": mid}
            if rng.random() < 0.3:
                m["unit"] = rng.choice(["t", "kg"])
            T = qs
            stock = 0.0 if rng.random() < 0.3 else T * rng.uniform(0, 0.8)
            if multi or rng.random() < 0.5:
                days = rng.choice([30, 60, 90, 120, 180])
                du = T / days
                m["daily_use"] = r7(du)
                if multi and rng.random() < 0.6:
                    keys = sorted(rng.sample(range(P), rng.randint(1, P)))
                    ramp, cur = {}, rng.uniform(20, 90)
                    for k in keys:
                        cur += rng.uniform(0, 60)
                        ramp[periods[k]["id"]] = r7(cur)
                    m["target_days"] = ramp
                else:
                    m["target_days"] = days
                T = r7(du) * days * (1.6 if multi else 1)
            else:
                m["target"] = r7(T)
            if rng.random() < 0.15:
                stock = T * rng.uniform(1.0, 1.3)   # already above target
            m["stock"] = r7(stock)
            if rng.random() < (0.8 if magnitude else 0.3):
                # The documentation allows priorities at most a million times apart (default 1):
                # 1e-3 to 999 spans nearly all of that.
                m["priority"] = r7(logu(rng, 1e-3, 999) if magnitude else rng.choice([0.5, 1, 2, 5]))
            need = max(T - stock, 0) + (T * 0.5 if multi else 0)
            nk = n_off if n_off else rng.randint(1, 6) if short else rng.randint(2, 6)
            mo = []
            for k in range(nk):
                price = ps * rng.uniform(0.8, 1.5)
                o = {"id": f"{mid}-o{k}", "supplier": f"S{rng.randint(0, max(1, nk - 1))}",
                     "country": rng.choice(countries), "material": mid, "price": r7(price)}
                if rng.random() < 0.8 or integer:
                    per_need = need / (P if multi else 1)
                    cap = max(per_need, qs * 0.05) * (rng.uniform(0.3, 1.5) if not short else rng.uniform(0.1, 0.4))
                    o["capacity"] = r7(cap)
                mo.append(o)
            if multi:
                for o in mo:
                    if rng.random() < 0.3:
                        o["prices"] = {periods[t]["id"]: r7(o["price"] * rng.uniform(0.7, 1.4))
                                       for t in rng.sample(range(P), rng.randint(1, P))}
                    if "capacity" in o and rng.random() < 0.3:
                        o["capacities"] = {periods[t]["id"]: r7(o["capacity"] * rng.uniform(0.3, 2))
                                           for t in rng.sample(range(P), rng.randint(1, P))}
                    if rng.random() < 0.3:
                        o["periods"] = [periods[t]["id"] for t in sorted(rng.sample(range(P), rng.randint(1, P)))]
                    if rng.random() < 0.3:
                        o["lead"] = rng.randint(1, max(1, min(2, P - 1)))
                    # an offer that can never arrive in time is a warning: keep one period in time
                    lead = o.get("lead", 0)
                    ok = [p for p in o.get("periods", [q["id"] for q in periods])
                          if int(p[1:]) - 1 + lead <= P - 1]
                    if not ok:
                        o["periods"] = [periods[0]["id"]]
                        o["lead"] = min(lead, P - 1)
                        if o["lead"] == 0:
                            del o["lead"]
                if rng.random() < 0.5:
                    m["holding_cost"] = r7(ps * rng.uniform(0.001, 0.05))
                if rng.random() < 0.25:
                    m["warehouse"] = r7(max(stock, T) * rng.uniform(1.05, 2.0) if not short else
                                        max(stock * 1.05, T * rng.uniform(0.5, 1.2)))
            if integer:
                self.integer_rules(mo, m, qs)
            if rng.random() < 0.2:
                m["budget"] = money(need * ps * (rng.uniform(0.5, 1.6) if short else rng.uniform(1.0, 3.0)))
            offers += mo
            mats.append(m)
            mat_need_cost.append(need * ps)
            need_cost += need * ps * 1.5
        d["materials"] = mats
        if multi:
            d["periods"] = periods
            for p in periods:
                if rng.random() < 0.35:
                    p["budget"] = money(need_cost / P * rng.uniform(0.5, 2.5))
            if rng.random() < 0.2:
                tot_stock = sum(m["stock"] for m in mats)
                tot_t = sum(max(m["stock"], 1e-9) for m in mats)
                d["warehouse"] = r7(max(tot_stock * 1.05, tot_t * rng.uniform(1.05, 3)))
        # caps name countries that offers come from (else the cap is an error: "no offer
        # comes from ..."), and groups hold at least one of them
        countries = sorted({o["country"] for o in offers})
        groups = {}
        if rng.random() < 0.35 and len(countries) >= 3:
            groups["bloc"] = sorted(rng.sample(countries, rng.randint(2, len(countries) - 1)))
            d["groups"] = groups
        caps = []
        for c in rng.sample(countries, rng.randint(0, min(3, len(countries)))):
            cap = {"country": c, "max_share": r7(rng.choice([rng.uniform(0.2, 0.8), 0.5, 1.0, 0.0]
                                                            if rng.random() < 0.15 else [rng.uniform(0.2, 0.8)]))}
            if rng.random() < 0.4:
                cap["material"] = rng.choice(mats)["id"]
            caps.append(cap)
        if groups and rng.random() < 0.8:
            cap = {"country": "bloc", "max_share": r7(rng.uniform(0.3, 0.9))}
            if rng.random() < 0.5:
                cap["material"] = rng.choice(mats)["id"]
            caps.append(cap)
        if rng.random() < 0.3:
            cap = {"country": rng.choice(countries + list(groups)), "max_share": r7(rng.uniform(0.2, 0.8)),
                   "basis": "spend"}
            if rng.random() < 0.4:
                cap["material"] = rng.choice(mats)["id"]
            caps.append(cap)
        if caps:
            d["caps"] = caps
        if rng.random() < (0.8 if short or integer else 0.45):
            # integer rules: a budget near binding half the time (plans over budget were a bug)
            f = (rng.uniform(0.3, 0.9) if short else rng.uniform(0.4, 1.5) if integer
                 else rng.uniform(0.9, 3.0))
            d["budget"] = money(need_cost * f)
        if short:
            # no capacity left unlimited on one material, so its target may not be met
            vic = rng.choice(mats)["id"]
            for o in offers:
                if o["material"] == vic and "capacity" not in o:
                    o["capacity"] = r7(rng.uniform(0.01, 0.3) * max(next(m for m in mats if m["id"] == vic)["stock"], 1e-3))
        d["offers"] = offers
        self.validate(d)
        return d

    def integer_rules(self, mo, m, qs):
        rng = self.rng
        if rng.random() < 0.3 and len(mo) >= 2:
            m["max_suppliers"] = rng.randint(1, 2)
            for o in mo:
                if "capacity" not in o:
                    o["capacity"] = r7(qs * rng.uniform(0.1, 0.9))
        for o in mo:
            cap = o.get("capacity")
            if cap is not None and o.get("capacities"):
                cap = min([cap] + list(o["capacities"].values()))   # rules hold in every period
            r = rng.random()
            if cap is None:
                if r < 0.3:
                    o["lot"] = r7(qs * rng.uniform(0.01, 0.2))
                continue
            if r < 0.3:
                o["lot"] = r7(cap * rng.choice([0.05, 0.1, 0.2, 0.25, 0.5, 1.0]) * rng.uniform(0.8, 1.0))
            if rng.random() < 0.3:
                o["min_order"] = r7(cap * rng.uniform(0.1, 0.7))
            if rng.random() < 0.3:
                o["fixed_cost"] = r7(o["price"] * cap * rng.uniform(0.01, 0.2))
            if rng.random() < 0.3 and "prices" not in o:
                n = rng.randint(1, 2)
                froms = sorted(rng.sample(range(1, 10), n))
                price = o["price"]
                tiers = []
                for f in froms:
                    price *= rng.uniform(0.85, 0.99)
                    tiers.append({"from": r7(cap * f / 10), "price": r7(price)})
                if all(tiers[k]["from"] < tiers[k + 1]["from"] for k in range(len(tiers) - 1)):
                    o["tiers"] = tiers

    # --------------------------------------------------------------- documented rules
    def validate(self, d):
        ids = [m["id"] for m in d["materials"]]
        assert len(set(ids)) == len(ids)
        oids = [o["id"] for o in d["offers"]]
        assert len(set(oids)) == len(oids)
        multi = "periods" in d
        pids = [p["id"] for p in d.get("periods", [])]
        for m in d["materials"]:
            assert ("target" in m) != ("target_days" in m)
            if "target_days" in m:
                assert "daily_use" in m and m["daily_use"] > 0
                if isinstance(m["target_days"], dict):
                    assert multi and all(k in pids for k in m["target_days"])
            assert m["stock"] >= 0
            if not multi:
                assert "holding_cost" not in m and "warehouse" not in m
            if "warehouse" in m:
                assert m["warehouse"] >= m["stock"]
            assert m.get("priority", 1) > 0
            if "max_suppliers" in m:
                assert all("capacity" in o for o in d["offers"] if o["material"] == m["id"])
        priorities = [m.get("priority", 1) for m in d["materials"]]
        assert max(priorities) <= 1e6 * min(priorities)
        for o in d["offers"]:
            assert o["price"] > 0 and o.get("capacity", 1) > 0
            if not multi:
                assert not any(k in o for k in ("prices", "capacities", "periods", "lead"))
            if "lot" in o:
                assert o["lot"] >= 1e-6
                if "capacity" in o:
                    assert o["lot"] <= o["capacity"] and o["capacity"] / o["lot"] <= 1e9
                    assert all(c >= o["lot"] for c in o.get("capacities", {}).values())
            for k in ("min_order", "fixed_cost", "tiers"):
                if k in o:
                    assert "capacity" in o, (o, k)
            if "min_order" in o:
                assert 0 < o["min_order"] <= min([o["capacity"]] + list(o.get("capacities", {}).values()))
            if "tiers" in o:
                assert "prices" not in o
                fr = [t["from"] for t in o["tiers"]]
                assert all(a < b for a, b in zip(fr, fr[1:])) and fr[0] > 0
            if "lead" in o:
                assert o["lead"] <= len(pids) - 1
        stages = d.get("stages")
        for o in d["offers"]:
            if "origin" in o:
                assert stages and all(s in stages for s in o["origin"])
        for c in d.get("caps", []):
            assert 0 <= c["max_share"] <= 1
            if "stage" in c:
                assert stages and c["stage"] in stages
        if multi and "warehouse" in d:
            assert d["warehouse"] >= sum(m["stock"] for m in d["materials"])

    # --------------------------------------------------------------- kinds
    def build(self):
        rng, k = self.rng, self.kind
        sweeps = []
        if k == "single":
            d = self.model()
        elif k == "magnitude":
            d = self.model(magnitude=True)
        elif k == "shortfall":
            d = self.model(short=True)
        elif k == "integer":
            d = self.model(integer=True, short=rng.random() < 0.3)
        elif k == "multi":
            d = self.model(multi=True, short=rng.random() < 0.3)
        elif k == "multi-integer":
            d = self.model(multi=True, integer=True, n_mat=rng.randint(1, 3), short=rng.random() < 0.2)
        elif k == "large":
            n_mat = rng.randint(10, 40)
            n_off = max(1, rng.randint(50, 300) // n_mat)
            d = self.model(multi=True, n_mat=n_mat, n_off=n_off, n_per=rng.randint(4, 8),
                           short=rng.random() < 0.3)
        elif k == "sweep":
            multi = rng.random() < 0.25
            d = self.model(multi=multi, short=rng.random() < 0.3, integer=rng.random() < 0.2,
                           n_mat=rng.randint(2, 6), n_off=rng.randint(3, 8), magnitude=rng.random() < 0.3)
            sweeps = self.sweeps(d)
        elif k == "stages":
            multi = rng.random() < 0.25
            d = self.model(multi=multi, integer=rng.random() < 0.25, short=rng.random() < 0.25,
                           n_mat=rng.randint(1, 3) if multi else None)
            self.stages(d)
            sweeps = self.stage_whatifs(d)
            # offers from a CSV file with origin.<stage> columns (docs/stages.md), when they
            # use nothing CSV cannot say (tiers, prices, capacities or periods by period)
            if rng.random() < 0.3 and not any(k in o for o in d["offers"] for k in ("tiers", "prices", "capacities", "periods")):
                d["_offers_csv"] = True
        else:
            raise ValueError(k)
        return d, sweeps

    # --------------------------------------------------------------- processing stages
    STAGE_NAMES = [["mined", "refined", "alloyed"], ["ore", "concentrate", "metal-grade"], ["s1", "s2", "s_3"]]
    # origins not among the sellers: miners and refiners that sell through traders
    ORIGINS = ["CN", "CD", "ID", "CL", "AU", "ZA", "PH", "MG"]

    def stages(self, d):
        """Declares 1-3 stages, gives a random subset of offers an `origin` (a subset of the
        stages; one dominant country per stage half the time), and replaces the model's
        caps and groups with ones that name countries supplying at their stage."""
        rng = self.rng
        names = rng.choice(self.STAGE_NAMES)[:rng.randint(1, 3)]
        d["stages"] = names
        sellers = sorted({o["country"] for o in d["offers"]})
        pool = sorted(set(sellers) | set(rng.sample(self.ORIGINS, rng.randint(1, 4))))
        dominant = {s: (rng.choice(pool) if rng.random() < 0.5 else None) for s in names}
        p_origin = rng.choice([0.3, 0.6, 0.9])
        for o in d["offers"]:
            if rng.random() >= p_origin:
                continue
            given = [s for s in names if rng.random() < 0.6] or [rng.choice(names)]
            origin = {}
            for s in names:
                if s in given:
                    origin[s] = dominant[s] if dominant[s] and rng.random() < 0.6 else rng.choice(pool)
            o["origin"] = origin

        def at(o, s):
            return o.get("origin", {}).get(s, o["country"])

        supplying = {s: sorted({at(o, s) for o in d["offers"]}) for s in names}
        anywhere = sorted({c for s in names for c in supplying[s]})
        mats = [m["id"] for m in d["materials"]]
        d.pop("groups", None)
        groups = {}
        if rng.random() < 0.35 and len(anywhere) >= 3:
            groups["bloc"] = sorted(rng.sample(anywhere, rng.randint(2, len(anywhere) - 1)))
            d["groups"] = groups

        def share():
            if rng.random() < 0.15:
                return r7(rng.choice([rng.uniform(0.2, 0.8), 0.5, 1.0, 0.0]))
            return r7(rng.uniform(0.2, 0.8))

        def place(cap, who_pool_of):
            """A stage (or none) for the cap, and a country that supplies there."""
            stage = rng.choice(names) if rng.random() < 0.6 else None
            pool_ = who_pool_of(stage)
            if not pool_:
                return None
            cap = {"country": rng.choice(pool_), **cap}
            if stage:
                cap["stage"] = stage
            if rng.random() < 0.4:
                cap["material"] = rng.choice(mats)
            return cap

        def countries_at(stage):
            return supplying[stage] if stage else anywhere

        caps = []
        for _ in range(rng.randint(0, 3)):
            c = place({"max_share": share()}, countries_at)
            if c:
                caps.append(c)
        if groups and rng.random() < 0.8:
            def bloc_at(stage):
                return ["bloc"] if set(groups["bloc"]) & set(countries_at(stage)) else []
            c = place({"max_share": r7(rng.uniform(0.3, 0.9))}, bloc_at)
            if c:
                caps.append(c)
        if rng.random() < 0.35:
            def any_at(stage):
                return countries_at(stage) + (["bloc"] if groups and set(groups["bloc"]) & set(countries_at(stage)) else [])
            c = place({"max_share": r7(rng.uniform(0.2, 0.8)), "basis": "spend"}, any_at)
            if c:
                caps.append(c)
        # a cap on a stage's dominant country, the case stages are for
        if any(dominant.values()) and rng.random() < 0.6:
            s = rng.choice([s for s in names if dominant[s]])
            if dominant[s] in supplying[s]:
                caps.append({"country": dominant[s], "max_share": r7(rng.uniform(0.3, 0.7)), "stage": s})
        d.pop("caps", None)
        if caps:
            d["caps"] = caps
        self.validate(d)

    def stage_whatifs(self, d):
        """What-ifs that name stages (docs/stages.md): a sweep of `--cap C@stage`, and plans
        with `--ban C`, `--ban C@stage` or `--ban C@stage:material` (flag "ban": a plan, not
        a sweep)."""
        rng = self.rng
        names = d["stages"]

        def at(o, s):
            return o.get("origin", {}).get(s, o["country"])

        out = []
        if rng.random() < 0.5:
            s = rng.choice(names)
            c = rng.choice(sorted({at(o, s) for o in d["offers"]}))
            out.append({"flag": "cap", "who": c, "stage": s, "arg": f"--cap {c}@{s}=0.1...0.9:0.2",
                        "values": [0.1, 0.3, 0.5, 0.7, 0.9]})
        if rng.random() < 0.6:
            o = rng.choice(d["offers"])
            r = rng.random()
            if r < 0.3:
                who = rng.choice([o["country"]] + list(o.get("origin", {}).values()))
                ban = {"who": who}
            else:
                s = rng.choice(names)
                ban = {"who": at(o, s), "stage": s}
                if r > 0.7:
                    ban["material"] = o["material"]
            arg = ban["who"] + (f"@{ban['stage']}" if "stage" in ban else "") + (f":{ban['material']}" if "material" in ban else "")
            out.append({"flag": "ban", "arg": f"--ban {arg}", "values": [None], **ban})
        return out

    def sweeps(self, d):
        rng = self.rng
        out = []
        multi = "periods" in d
        # budget: absolute values, or relative when the model has one
        need = sum(max(float(o["price"]) * float(o.get("capacity", 1)), 0) for o in d["offers"])
        # a sweep STEP must be at least 0.000001 (values keep 6 decimals): absolute budget
        # ranges only when a step of 1 or more is possible
        if "budget" in d and (rng.random() < 0.5 or need * 0.025 < 1):
            out.append({"flag": "budget", "arg": "--budget=-80%...+20%:10%", "who": None,
                        "values": [k / 10 for k in range(-8, 3)], "relative": True})
        elif need * 0.025 >= 1:
            # a step of 3 significant digits and start / end whole multiples of it, each
            # written exactly, so the points are start + k x step with no doubt about the end
            step = float(f"{need * rng.uniform(0.025, 0.15):.3g}")
            vals = [float(f"{(k + 2) * step:.6g}") for k in range(9)]
            out.append({"flag": "budget", "arg": f"--budget={vals[0]!r}...{vals[-1]!r}:{step!r}", "who": None,
                        "values": vals, "relative": False})
        m = rng.choice(d["materials"])
        if not multi:
            t0 = float(m.get("target", m.get("daily_use", 1) * (m.get("target_days") or 1)))
            if ("target" in m or rng.random() < 0.5) and t0 * 0.5 >= 0.01:
                step = float(f"{t0 * 0.5:.3g}")
                vals = [float(f"{(k + 1) * step:.6g}") for k in range(8)]
                out.append({"flag": "target", "who": m["id"], "arg": f"--target {m['id']}={vals[0]!r}...{vals[-1]!r}:{step!r}",
                            "values": vals, "days": False})
            elif "daily_use" in m:
                out.append({"flag": "target", "who": m["id"], "arg": f"--target {m['id']}=30d...150d:30d",
                            "values": [30, 60, 90, 120, 150], "days": True})
        countries = sorted({o["country"] for o in d["offers"]})
        c = rng.choice(countries)
        out.append({"flag": "cap", "who": c, "arg": f"--cap {c}=0.1...0.9:0.1", "values": [k / 10 for k in range(1, 10)]})
        out.append({"flag": "price", "who": m["id"], "arg": f"--price {m['id']}=+0%...+100%:10%",
                    "values": [k / 10 for k in range(0, 11)]})
        return out


CSV_COLUMNS = ["id", "supplier", "country", "material", "price", "capacity", "lot", "min_order", "fixed_cost", "lead"]


def to_csv(d):
    """The offers as CSV (docs/model-files.md), origins in columns origin.<stage> (an empty
    cell: the seller's country), optional columns only when some offer uses them."""
    cols = [c for c in CSV_COLUMNS if c in CSV_COLUMNS[:6] or any(c in o for o in d["offers"])]
    cols += [f"origin.{s}" for s in d.get("stages", [])]
    rows = [",".join(cols)]
    for o in d["offers"]:
        cells = []
        for c in cols:
            v = o.get("origin", {}).get(c[len("origin."):]) if c.startswith("origin.") else o.get(c)
            cells.append("" if v is None else fmt(v) if isinstance(v, (int, float)) else str(v))
        rows.append(",".join(cells))
    return "\n".join(rows) + "\n"


def to_yaml(d, offers_csv=None):
    """Writes the model as YAML with flow-style offers (one a line); with offers_csv, the
    line `offers: offers_csv` instead (the caller writes that file with to_csv)."""
    def flow(v):
        if isinstance(v, dict):
            return "{" + ", ".join(f"{k}: {flow(x)}" for k, x in v.items()) + "}"
        if isinstance(v, list):
            return "[" + ", ".join(flow(x) for x in v) + "]"
        if isinstance(v, bool):
            return "true" if v else "false"
        if isinstance(v, (int, float)):
            return fmt(v)
        return str(v)

    lines = [f"name: {d['name']}", f"currency: {d['currency']}"]
    for k in ("budget", "warehouse"):
        if k in d:
            lines.append(f"{k}: {fmt(d[k])}")
    if "groups" in d:
        lines.append("groups:")
        for g, v in d["groups"].items():
            lines.append(f"  {g}: {flow(v)}")
    if "stages" in d:
        lines.append(f"stages: {flow(d['stages'])}")
    if "periods" in d:
        lines.append("periods:")
        for p in d["periods"]:
            lines.append(f"  - {flow(p)}")
    for sect in ("materials", "offers", "caps"):
        if sect == "offers" and offers_csv:
            lines.append(f"offers: {offers_csv}")
            continue
        if sect in d:
            lines.append(f"{sect}:")
            for item in d[sect]:
                lines.append(f"  - {flow(item)}")
    return "\n".join(lines) + "\n"


def cases(n, seed, kinds):
    """[(name, kind, model dict, sweeps)] for cases 0..n-1."""
    out = []
    for i in range(n):
        kind = kinds[i % len(kinds)]
        rng = random.Random(f"{seed}:{i}:{kind}")
        d, sweeps = Gen(rng, kind).build()
        d["name"] = f"random {kind} seed {seed} case {i}"
        out.append((f"case-{seed}-{i:03d}-{kind}", kind, d, sweeps))
    return out


def write_cases(out_dir, n, seed, kinds):
    os.makedirs(out_dir, exist_ok=True)
    paths = []
    for name, kind, d, sweeps in cases(n, seed, kinds):
        path = os.path.join(out_dir, name + ".yaml")
        with open(path, "w") as f:
            f.write(f"# Generated by Tests/Random/generate.py (seed {seed}, kind {kind}).\n")
            f.write(to_yaml(d, name + "-offers.csv" if d.get("_offers_csv") else None))
        if d.get("_offers_csv"):
            with open(os.path.join(out_dir, name + "-offers.csv"), "w") as f:
                f.write(to_csv(d))
        with open(os.path.join(out_dir, name + ".json"), "w") as f:
            json.dump({"kind": kind, "sweeps": sweeps}, f, indent=1, sort_keys=True)
        paths.append(path)
    return paths


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("out_dir")
    ap.add_argument("--n", type=int, default=40)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--kinds", default=",".join(KINDS))
    a = ap.parse_args()
    kinds = a.kinds.split(",")
    for k in kinds:
        if k not in KINDS:
            ap.error(f"unknown kind {k}; kinds: {','.join(KINDS)}")
    for p in write_cases(a.out_dir, a.n, a.seed, kinds):
        print(p)


if __name__ == "__main__":
    main()
