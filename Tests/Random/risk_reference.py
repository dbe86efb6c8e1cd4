#!/usr/bin/env python3
"""An independent check of `stockpile risk` (docs/risk.md), written from the documentation only.

    python3 Tests/Random/risk_reference.py --stockpile .build/release/stockpile \
        [--n 6] [--seed 1] [--trials 200000] [--keep DIR]
    python3 Tests/Random/risk_reference.py --self-test      # the reference alone, by hand

The models it writes have a one-year horizon and stop each material by at most one
disruption, so a trial has at most one episode per material (each event starts at most
once a year, and an event that starts within the horizon counts in full). For a material
with daily use u, import share `a` of the stopped country (or the sum over a group's
members), yearly probability p, length D ~ triangular(min, likely, max) and reserve R, the
gap runs at rate r = u x a for D days and, exactly (docs/risk.md, "The simulation"):

    expected unmet demand per trial     p x E[max(0, r D - R)]  = p r E[(D - k)+],  k = R / r
    cover probability                   1 - p x P(r D > R)      = 1 - p S(k)
    expected days without supply        p x E[max(0, D - R / r)] = p E[(D - k)+]
    95th percentile of unmet demand     r (S^-1(0.05 / p) - k) when p S(k) > 0.05, else 0

S is the triangular survival function; E[(D - k)+] is in closed form (below) and checked
against scipy.integrate.quad, and E[(D - k)+^2] (for the variance) is integrated with quad
on the triangle's pieces. A material with import shares but no disruption, or a rate of 0,
is never short: cover 1, nothing unmet.

The simulation's figures are means over N trials of independent draws, so each is
compared with its exact value within 4 standard errors:
  - a mean of a per-trial quantity X (unmet units, days without supply): sd(X) / sqrt(N),
    with Var X = p E[Y^2] - (p E[Y])^2, Y the amount given that the event happens;
  - the cover probability, a mean of the 0/1 "covered": sqrt(q (1 - q) / N);
  - the 95th percentile (the order statistic at ceil(0.95 N)): the asymptotic
    sqrt(0.95 x 0.05 / N) / f(x95), f the density of the unmet amount there (a 95th
    percentile inside the atom at 0, more than 4 of its standard errors from the atom's
    edge, must be exactly 0; one nearer the edge is not judged);
plus 1e-6 (the JSON's six decimals) and 1e-9 relative. A figure whose exact variance is 0
(a certain event of fixed length) must match to that rounding alone. Values in money are
checked as units x the lowest offer price; `before.reserve` is the stock, `after.reserve`
max(stock, target) (every generated offer is unlimited, so the cheapest plan meeting the
target buys exactly the difference).

Every model is simulated with `--seed 1`, and a trial's numbers come from its own stream
(docs/risk.md), so models whose events have the same probability share their draws: their
figures' errors are correlated (a run of certain events repeats one 95th-percentile error,
-2.44 standard errors at seed 1 with 200,000 trials; over seeds 1 to 12 that figure's
errors were -2.44 ... +2.31, mean -0.17), and the printed root mean square is over figures
that are not independent.

Last line: `N passed, M failed` (a model passes when all its figures do); exit 1 if M > 0,
and with a printed reason and exit 0 when the binary has no `risk` command.
"""
import argparse
import json
import math
import os
import random
import subprocess
import sys

from scipy import integrate

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
from generate import fmt, r7  # noqa: E402

SIGMAS = 4.0
JSON_ROUND = 1e-6   # "Numbers are rounded to six decimals" (docs/reports.md)
P95 = 0.95
Z_SCORES = []   # (simulated - exact) / standard error of every figure with a spread
JUDGED = []     # every figure compared
COUNTRIES = "CN AU CA CL AR BR ZA CD ID PH US MX PE FI SE DE FR KR IN VN".split()


# ----------------------------------------------------------------- triangular(a, c, b)
class Tri:
    """Length of an event: triangular(min a, likely c, max b); a == b is a fixed length."""

    def __init__(self, a, c, b):
        assert 0 < a <= c <= b
        self.a, self.c, self.b = float(a), float(c), float(b)

    @property
    def fixed(self):
        return self.a == self.b

    def sf(self, x):
        a, c, b = self.a, self.c, self.b
        if self.fixed:
            return 1.0 if x < a else 0.0
        if x <= a:
            return 1.0
        if x >= b:
            return 0.0
        if x <= c:
            return 1.0 - (x - a) ** 2 / ((b - a) * (c - a))
        return (b - x) ** 2 / ((b - a) * (b - c))

    def pdf(self, x):
        a, c, b = self.a, self.c, self.b
        if self.fixed or x < a or x > b:
            return 0.0
        if x < c:
            return 2 * (x - a) / ((b - a) * (c - a))
        if x > c:
            return 2 * (b - x) / ((b - a) * (b - c))
        return 2 / (b - a)

    def mean(self):
        return (self.a + self.b + self.c) / 3

    def excess(self, k):
        """E[(D - k)+] in closed form: E[D] - k + E[(k - D)+], with E[(k - D)+] the
        integral of the CDF from a to k."""
        a, c, b = self.a, self.c, self.b
        if self.fixed:
            return max(0.0, a - k)
        if k >= b:
            return 0.0
        if k <= a:
            return self.mean() - k
        if k <= c:
            return self.mean() - k + (k - a) ** 3 / (3 * (b - a) * (c - a))
        return (b - k) ** 3 / (3 * (b - a) * (b - c))

    def excess_moment(self, k, n):
        """E[(D - k)+^n] by quadrature over the triangle's pieces."""
        if self.fixed:
            return max(0.0, self.a - k) ** n
        lo = max(k, self.a)
        if lo >= self.b:
            return 0.0
        pts = [x for x in (lo, self.c, self.b) if lo <= x <= self.b]
        total = 0.0
        for x0, x1 in zip(pts, pts[1:]):
            if x1 > x0:
                v, _ = integrate.quad(lambda x: (x - k) ** n * self.pdf(x), x0, x1, epsabs=0, epsrel=1e-12, limit=200)
                total += v
        return total

    def isf(self, s):
        """x with S(x) = s, 0 < s < 1."""
        a, c, b = self.a, self.c, self.b
        if self.fixed:
            return a
        sc = self.sf(c)
        if s >= sc:   # in [a, c]: 1 - (x - a)^2 / ((b - a)(c - a)) = s
            return a + math.sqrt((1 - s) * (b - a) * (c - a))
        return b - math.sqrt(s * (b - a) * (b - c))


# ----------------------------------------------------------------- the exact measures
def measures(p, tri, rate, reserve, trials):
    """Exact measures of one material and their standard errors over `trials` trials:
    {name: (value, standard error or None when not judged)}."""
    if rate <= 0 or p <= 0:
        return {"cover_probability": (1.0, 0.0), "expected_unmet": (0.0, 0.0),
                "expected_days_without_supply": (0.0, 0.0), "unmet_p95": (0.0, 0.0)}
    k = reserve / rate
    s = tri.sf(k)
    e1 = tri.excess(k)
    e1q = tri.excess_moment(k, 1)
    assert abs(e1 - e1q) <= 1e-9 * max(1.0, tri.b), (e1, e1q)   # closed form against quadrature
    e2 = tri.excess_moment(k, 2)
    days = p * e1
    var_days = max(0.0, p * e2 - days ** 2)
    cover = 1 - p * s
    out = {
        "cover_probability": (cover, math.sqrt(cover * (1 - cover) / trials)),
        "expected_unmet": (rate * days, rate * math.sqrt(var_days / trials)),
        "expected_days_without_supply": (days, math.sqrt(var_days / trials)),
    }
    # 95th percentile of U = rate (D - k)+ with probability p, else 0
    tail = 1 - P95
    se_level = math.sqrt(P95 * tail / trials)
    if p * s < tail - SIGMAS * se_level:
        out["unmet_p95"] = (0.0, 0.0)
    elif p * s <= tail + SIGMAS * se_level:
        out["unmet_p95"] = (None, None)   # at the atom's edge: either side may come out
    elif tri.fixed:
        out["unmet_p95"] = (rate * max(0.0, tri.a - k), 0.0)
    else:
        x = tri.isf(tail / p)
        dens = p * tri.pdf(x) / rate   # density of U at rate (x - k)
        out["unmet_p95"] = (rate * (x - k), se_level / dens if dens > 0 else None)
    return out


def rate_of(model, mid, country):
    groups = model.get("groups") or {}
    members = set(groups[country]) if country in groups else {country}
    du = float(next(m for m in model["materials"] if m["id"] == mid).get("daily_use", 0))
    shares = (model.get("imports") or {}).get(mid, {})
    return du * sum(float(v) for c, v in shares.items() if c in members)


def expected(model, mid, reserve, trials):
    """Exact measures of material mid with `reserve`, for the models this file writes."""
    events = [d for d in model.get("disruptions") or [] if mid in d.get("materials", [mid])]
    assert len(events) <= 1 and int(model.get("horizon_years", 1)) == 1
    if not events:
        return measures(0.0, Tri(1, 1, 1), 0.0, reserve, trials)
    d = events[0]
    days = d["days"]
    tri = Tri(days, days, days) if not isinstance(days, dict) else Tri(days["min"], days["likely"], days["max"])
    return measures(float(d["probability"]), tri, rate_of(model, mid, d["country"]), reserve, trials)


# ----------------------------------------------------------------- models
def hand_model():
    """The issue's hand case: 10 t/day, 60% from CN, a certain 100-day CN stop, 400 t
    reserve: a gap of 6 t/day for 100 days, 600 t, 200 t unmet in every trial, 33 1/3 days
    without supply, never covered."""
    return {
        "name": "risk hand case", "currency": "USD", "horizon_years": 1,
        "materials": [{"id": "re", "daily_use": 10, "stock": 400, "target_days": 30}],
        "offers": [{"id": "re-au", "supplier": "Lynas", "country": "AU", "material": "re", "price": 1000}],
        "imports": {"re": {"CN": 0.6, "AU": 0.4}},
        "disruptions": [{"country": "CN", "materials": ["re"], "probability": 1, "days": 100}],
    }


def random_model(rng, i):
    n_mat = rng.randint(1, 4)
    countries = rng.sample(COUNTRIES, rng.randint(2, 5))
    d = {"name": f"random risk case {i}", "currency": "USD"}
    if rng.random() < 0.7:
        d["horizon_years"] = 1
    groups = {}
    if rng.random() < 0.3:
        groups["bloc"] = sorted(rng.sample(countries, 2))
        d["groups"] = groups
    mats, offers, imports, events = [], [], {}, []
    for j in range(n_mat):
        mid = f"m{j}"
        du = r7(10 ** rng.uniform(-1, 3))
        m = {"id": mid, "daily_use": du}
        cs = rng.sample(countries, rng.randint(1, min(3, len(countries))))
        left = rng.uniform(0.5, 0.99)
        shares = {}
        for c in cs:
            v = r7(left * rng.uniform(0.3, 1.0))
            shares[c] = v
            left -= v
        if rng.random() < 0.9:
            imports[mid] = shares
        # an event length in days, and a reserve k days of the gap, around it
        lo = rng.randint(5, 120)
        tri = (lo, lo + rng.randint(0, 150), None)
        hi = tri[1] + rng.randint(0, 200)
        fixed = rng.random() < 0.15
        rate_guess = du * max(shares.values())
        k_days = rng.uniform(0.2 * lo, 1.1 * hi)
        stock = r7(rate_guess * k_days * rng.uniform(0.5, 1.0))
        m["stock"] = stock
        if rng.random() < 0.5:
            m["target_days"] = r7(rng.uniform(0.5, 1.5) * k_days)
        else:
            m["target"] = r7(stock * rng.uniform(0.8, 2.0))
        mats.append(m)
        for o in range(rng.randint(1, 2)):
            offers.append({"id": f"{mid}-o{o}", "supplier": f"S{o}", "country": rng.choice(countries), "material": mid,
                           "price": r7(10 ** rng.uniform(2, 5))})
        if mid in imports and rng.random() < 0.85:
            who = rng.choice(list(shares) + (["bloc"] if groups else []) + ([rng.choice(countries)] if rng.random() < 0.1 else []))
            days = lo if fixed else {"min": lo, "likely": tri[1], "max": hi}
            p = 1.0 if rng.random() < 0.15 else r7(rng.uniform(0.03, 0.9))
            # sometimes one event stops two materials (still at most one event per material)
            if events and rng.random() < 0.3:
                events[-1]["materials"].append(mid)
            else:
                events.append({"country": who, "materials": [mid], "probability": p, "days": days})
    d["materials"] = mats
    d["offers"] = offers
    d["imports"] = imports
    d["disruptions"] = events or [{"country": countries[0], "materials": [mats[0]["id"]], "probability": 0.2,
                                   "days": {"min": 10, "likely": 20, "max": 30}}]
    if len(d["disruptions"]) == 1 and rng.random() < 0.3:
        del d["disruptions"][0]["materials"]   # the only event stops every material
    return d


def to_yaml(d):
    def flow(v):
        if isinstance(v, dict):
            return "{" + ", ".join(f"{k}: {flow(x)}" for k, x in v.items()) + "}"
        if isinstance(v, list):
            return "[" + ", ".join(flow(x) for x in v) + "]"
        if isinstance(v, (int, float)) and not isinstance(v, bool):
            return fmt(v)
        return str(v)

    lines = [f"name: {d['name']}", f"currency: {d['currency']}"]
    if "horizon_years" in d:
        lines.append(f"horizon_years: {d['horizon_years']}")
    if "groups" in d:
        lines.append("groups:")
        lines += [f"  {g}: {flow(v)}" for g, v in d["groups"].items()]
    for sect in ("materials", "offers", "disruptions"):
        lines.append(f"{sect}:")
        lines += [f"  - {flow(x)}" for x in d[sect]]
    lines.append("imports:")
    lines += [f"  {k}: {flow(v)}" for k, v in d["imports"].items()]
    return "\n".join(lines) + "\n"


def target_of(m):
    if "target" in m:
        return float(m["target"])
    return float(m["target_days"]) * float(m["daily_use"])


# ----------------------------------------------------------------- comparing
def check(model, report, trials):
    """Mismatch lines between a `risk --format json` report and the exact measures."""
    bad = []
    mats = {m["id"]: m for m in model["materials"]}
    rows = {r["id"]: r for r in report.get("materials", [])}
    want_ids = [m["id"] for m in model["materials"] if m["id"] in model["imports"]]
    if [r["id"] for r in report.get("materials", [])] != want_ids:
        bad.append(f"materials {[r['id'] for r in report.get('materials', [])]}, expected those with imports {want_ids}")
    # the cheapest plan meeting the targets: each material's missing units at its lowest price
    plan = report.get("plan") or {}
    cost = sum(max(0.0, target_of(m) - float(m["stock"])) * min(float(o["price"]) for o in model["offers"]
                                                              if o["material"] == m["id"]) for m in model["materials"])
    if plan.get("status") != "optimal" or abs(float(plan.get("cost", -1)) - cost) > 1e-6 * cost + 0.01:
        bad.append(f"plan {plan}, expected optimal at {cost:.2f}")
    for mid in want_ids:
        if mid not in rows:
            continue
        row, m = rows[mid], mats[mid]
        unit_value = min(float(o["price"]) for o in model["offers"] if o["material"] == mid)
        if row.get("unit_value") is None or abs(row["unit_value"] - unit_value) > JSON_ROUND + 1e-9 * unit_value:
            bad.append(f"{mid}: unit_value {row.get('unit_value')}, lowest offer price {unit_value}")
        reserves = {"before": float(m["stock"]), "after": max(float(m["stock"]), target_of(m))}
        for side in ("before", "after"):
            got = row[side]
            R = reserves[side]
            if abs(got["reserve"] - R) > JSON_ROUND + 1e-9 * R:
                bad.append(f"{mid} {side}: reserve {got['reserve']}, expected {R:.9g}")
            dc = R / float(m["daily_use"])
            # the report's days of cover agree with its reserve as written (six decimals), so
            # a small daily use magnifies that rounding
            dtol = JSON_ROUND * (1 + 1 / float(m["daily_use"])) + 1e-9 * dc
            if got.get("days_of_cover") is None or abs(got["days_of_cover"] - dc) > dtol:
                bad.append(f"{mid} {side}: days_of_cover {got.get('days_of_cover')}, reserve / daily use {dc:.9g}")
            for name, (value, se) in expected(model, mid, R, trials).items():
                if value is None or se is None:
                    continue
                tol = SIGMAS * se + JSON_ROUND + 1e-9 * abs(value)
                g = got.get(name)
                if g is not None and se > 0:
                    Z_SCORES.append((g - value) / se)
                JUDGED.append(name)
                if g is None or abs(g - value) > tol:
                    bad.append(f"{mid} {side} {name}: {g!r}, exact {value:.9g} (standard error {se:.3g}, "
                               f"{(g - value) / se if g is not None and se else float('nan'):+.2f} se, tol {tol:.3g})")
            for name in ("expected_unmet", "unmet_p95"):
                g, gv = got.get(name), got.get(name + "_value")
                if g is not None and (gv is None or abs(gv - g * unit_value) > 2 * JSON_ROUND * unit_value + 1e-9 * abs(gv)):
                    bad.append(f"{mid} {side}: {name}_value {gv!r}, {name} x unit value {g * unit_value:.9g}")
    return bad


def has_risk(binary):
    # without the subcommand, `stockpile risk --help` prints the top-level help (exit 0)
    p = subprocess.run([binary, "risk", "--help"], capture_output=True, text=True)
    return p.returncode == 0 and "stockpile risk" in p.stdout


def self_test():
    """The reference alone on hand-worked figures."""
    fails = []

    def near(what, got, want, tol=1e-9):
        if abs(got - want) > tol * max(1.0, abs(want)):
            fails.append(f"{what}: {got!r}, by hand {want!r}")

    # the hand case
    m = hand_model()
    e = expected(m, "re", 400.0, 1000)
    near("hand case unmet", e["expected_unmet"][0], 200.0)
    near("hand case unmet se", e["expected_unmet"][1], 0.0)
    near("hand case cover", e["cover_probability"][0], 0.0)
    near("hand case days", e["expected_days_without_supply"][0], 100 - 400 / 6)
    near("hand case p95", e["unmet_p95"][0], 200.0)
    # triangular(0+, 50, 100) symmetric-ish: D ~ tri(10, 10, 110) (right triangle):
    # S(x) = (110 - x)^2 / 100^2; E[(D - 60)+] = 50^3 / (3 x 100 x 100) = 4.1666...
    t = Tri(10, 10, 110)
    near("right triangle excess", t.excess(60), 50 ** 3 / 30000)
    near("right triangle survival", t.sf(60), 0.25)
    # k below min: E[D] - k; tri(30, 120, 365) mean 171.666..., k = 20
    t = Tri(30, 120, 365)
    near("below min", t.excess(20), (30 + 120 + 365) / 3 - 20)
    near("below min quad", t.excess_moment(20, 1), (30 + 120 + 365) / 3 - 20, 1e-9)
    # second moment of a fixed-free check: Var of D for tri(a, c, b) is
    # (a^2 + b^2 + c^2 - ab - ac - bc) / 18
    a, c, b = 30, 120, 365
    near("variance", t.excess_moment(0, 2) - t.mean() ** 2, (a * a + b * b + c * c - a * b - a * c - b * c) / 18, 1e-9)
    # p = 0.1, rate 8, reserve 0 (k = 0): unmet 0.1 x 8 x mean, cover 0.9
    e = measures(0.1, t, 8.0, 0.0, 10000)
    near("k = 0 unmet", e["expected_unmet"][0], 0.8 * t.mean())
    near("k = 0 cover", e["cover_probability"][0], 0.9)
    near("k = 0 p95", e["unmet_p95"][0], 8 * t.isf(0.5))   # p S(x) = 0.05 -> S(x) = 0.5
    near("isf", t.sf(t.isf(0.5)), 0.5)
    near("isf upper", t.sf(t.isf(0.01)), 0.01)
    for line in fails:
        print("FAIL " + line)
    n = 15
    print(f"self-test: {n - len(fails)} passed, {len(fails)} failed")
    return not fails


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--stockpile")
    ap.add_argument("--n", type=int, default=6, help="random models besides the hand case")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--trials", type=int, default=200000)
    ap.add_argument("--keep", default="/tmp/stockpile-risk-check")
    ap.add_argument("--self-test", action="store_true")
    a = ap.parse_args()
    ok = self_test()
    if a.self_test:
        sys.exit(0 if ok else 1)
    if not a.stockpile or not os.path.exists(a.stockpile):
        ap.error("--stockpile BINARY is needed")
    if not has_risk(a.stockpile):
        print(f"skipped: {a.stockpile} has no `risk` command (docs/risk.md)")
        sys.exit(0)
    os.makedirs(a.keep, exist_ok=True)
    models = [("risk-hand", hand_model())]
    for i in range(a.n):
        models.append((f"risk-{a.seed}-{i:02d}", random_model(random.Random(f"risk:{a.seed}:{i}"), i)))
    passed = failed = 0 if ok else 1
    for name, model in models:
        path = os.path.join(a.keep, name + ".yaml")
        with open(path, "w") as f:
            f.write(f"# Generated by Tests/Random/risk_reference.py (seed {a.seed}).\n" + to_yaml(model))
        cmd = [a.stockpile, "risk", path, "--trials", str(a.trials), "--seed", "1", "--format", "json"]
        p = subprocess.run(cmd, capture_output=True, text=True)
        repro = " ".join(cmd)
        if p.returncode != 0:
            print(f"FAIL {name}: exit {p.returncode}: {p.stderr.strip()[:300]}\n    repro: {repro}")
            failed += 1
            continue
        bad = check(model, json.loads(p.stdout), a.trials)
        for line in bad:
            print(f"FAIL {name}: {line}\n    repro: {repro}")
        if bad:
            failed += 1
        else:
            passed += 1
    if Z_SCORES:
        rms = math.sqrt(sum(z * z for z in Z_SCORES) / len(Z_SCORES))
        print(f"{len(JUDGED)} figures compared ({len(Z_SCORES)} with a standard error: largest |z| "
              f"{max(abs(z) for z in Z_SCORES):.2f}, root mean square {rms:.2f}, about 1 when the errors are right)")
    print(f"models in {a.keep}")
    print(f"{passed} passed, {failed} failed")
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
