#!/usr/bin/env python3
"""Independent check of Stockpile model files.

Loads a model file (YAML or JSON; offers inline or from a CSV file named by
``offers:``), validates it against the documented file format, builds the
purchase-planning LP and solves it with HiGHS (through scipy.optimize.linprog),
independently of the Swift tool. It prints, per material, what is bought, the
shortfall and the spend, the total cost, and which caps and budgets bind.

The LP (the model the tool solves):

* one purchase variable x_o in [0, capacity_o] per offer (no capacity = unbounded);
* one shortfall variable s_m >= 0 per material;
* target row per material: stock_m + sum_{o of m} x_o + s_m >= target_m, where
  target_m = target_days x daily_use, or the absolute ``target``;
* quantity cap (country set S, share f, material m):
  sum_{o of m, country in S} x_o <= f x sum_{o of m} x_o; a cap without
  ``material`` gives one such row per material;
* spend cap with material m: spend on m from S <= f x spend on m; without
  ``material``: spend from S over all materials <= f x total spend;
* budget: total spend <= budget; per material: spend on m <= material budget.

Two stages: (1) minimise sum_m priority_m x s_m / target_m (materials with
target 0 contribute nothing); (2) hold that value at its optimum (relative
tolerance 1e-9) and minimise total spend.

Usage (from the repository root):

    python3 Models/tools/check_models.py                 # every model in Models/
    python3 Models/tools/check_models.py Models/tutorial.yaml
    python3 Models/tools/check_models.py --cap-costs Models/japan-critical-minerals.yaml

``--cap-costs`` also re-solves the model once without each binding cap and
reports what that cap costs. The exit status is 1 when a file does not
validate or a model cannot be solved, 0 otherwise.

Requires PyYAML and scipy (>= 1.9, for method="highs").
"""

from __future__ import annotations

import argparse
import csv
import json
import math
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import yaml
from scipy.optimize import linprog

MODELS_DIR = Path(__file__).resolve().parent.parent
ID_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
COUNTRY_RE = re.compile(r"^[A-Z]{2}$")
CSV_HEADER = ["id", "supplier", "country", "material", "price", "capacity"]
HOLD_TOLERANCE = 1e-9  # relative tolerance on the stage-1 optimum in stage 2
BIND_TOLERANCE = 1e-6  # relative slack under which a row counts as binding


class ModelError(Exception):
    """A model file that does not follow the format."""


# --------------------------------------------------------------------------- loading


class _Loader(yaml.SafeLoader):
    """SafeLoader that also reads YAML 1.2 floats such as ``2.0e9`` as numbers.

    PyYAML follows YAML 1.1, whose float pattern needs a dot and a signed
    exponent; the format's own example writes ``budget: 2.0e9``. Booleans stay
    YAML 1.1 on purpose, so an unquoted ``NO`` (Norway) reads as false and is
    reported instead of silently accepted.
    """


_Loader.add_implicit_resolver(
    "tag:yaml.org,2002:float",
    re.compile(r"^[-+]?(?:[0-9][0-9_]*)(?:\.[0-9_]*)?[eE][-+]?[0-9]+$"),
    list("-+0123456789"),
)


def _iso_countries() -> set[str] | None:
    """ISO 3166-1 alpha-2 codes from Debian's iso-codes package, when installed."""
    path = Path("/usr/share/iso-codes/json/iso_3166-1.json")
    try:
        return {c["alpha_2"] for c in json.loads(path.read_text())["3166-1"]}
    except (OSError, ValueError, KeyError):
        return None


ISO_COUNTRIES = _iso_countries()


@dataclass
class Material:
    id: str
    name: str
    unit: str
    stock: float
    target: float
    budget: float | None
    priority: float


@dataclass
class Offer:
    id: str
    supplier: str
    country: str
    material: str
    price: float
    capacity: float | None


@dataclass
class Cap:
    country: str
    countries: frozenset[str]
    max_share: float
    material: str | None
    basis: str

    def label(self) -> str:
        scope = self.material or "every material"
        return f"{self.country} <= {self.max_share:g} of {self.basis} ({scope})"


@dataclass
class Model:
    path: Path
    name: str
    currency: str
    budget: float | None
    materials: list[Material]
    offers: list[Offer]
    caps: list[Cap] = field(default_factory=list)


def _number(value, where: str, *, minimum: float | None = 0.0) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
        raise ModelError(f"{where}: expected a number, got {value!r}")
    if minimum is not None and value < minimum:
        raise ModelError(f"{where}: must be at least {minimum:g}, got {value!r}")
    return float(value)


def _text(value, where: str) -> str:
    if not isinstance(value, str) or not value.strip():
        raise ModelError(f"{where}: expected a non-empty string, got {value!r} (quote codes like NO)")
    return value


def _identifier(value, where: str) -> str:
    value = _text(value, where)
    if not ID_RE.match(value):
        raise ModelError(f"{where}: {value!r} is not an id (lower-case letters, digits, hyphens)")
    return value


def _country(value, where: str) -> str:
    value = _text(value, where)
    if not COUNTRY_RE.match(value) or (ISO_COUNTRIES is not None and value not in ISO_COUNTRIES):
        raise ModelError(f"{where}: {value!r} is not an ISO 3166 alpha-2 code (upper case)")
    return value


def _keys(table: dict, allowed: set[str], where: str) -> None:
    if not isinstance(table, dict):
        raise ModelError(f"{where}: expected a mapping")
    unknown = set(table) - allowed
    if unknown:
        raise ModelError(f"{where}: unknown keys {sorted(map(str, unknown))}")


def _read_csv_offers(path: Path) -> list[dict]:
    try:
        with path.open(newline="", encoding="utf-8") as handle:
            reader = csv.reader(handle)
            header = next(reader, None)
            if header is None or [h.strip() for h in header] != CSV_HEADER:
                raise ModelError(f"{path.name}: header must be {','.join(CSV_HEADER)}")
            rows = []
            for line, row in enumerate(reader, start=2):
                if not any(cell.strip() for cell in row):
                    continue
                if len(row) != len(CSV_HEADER):
                    raise ModelError(f"{path.name}:{line}: expected {len(CSV_HEADER)} fields")
                record = dict(zip(CSV_HEADER, (cell.strip() for cell in row)))
                try:
                    record["price"] = float(record["price"])
                    record["capacity"] = float(record["capacity"]) if record["capacity"] else None
                except ValueError as error:
                    raise ModelError(f"{path.name}:{line}: {error}") from None
                rows.append(record)
            return rows
    except OSError as error:
        raise ModelError(f"cannot read offers file {path}: {error}") from None


def load_model(path: Path) -> Model:
    """Reads and validates a model file; raises ModelError on any format problem."""
    text = path.read_text(encoding="utf-8")
    raw = json.loads(text) if path.suffix == ".json" else yaml.load(text, Loader=_Loader)
    _keys(raw, {"name", "currency", "budget", "groups", "materials", "offers", "caps"}, "model")

    groups: dict[str, frozenset[str]] = {}
    for group, members in (raw.get("groups") or {}).items():
        where = f"groups.{group}"
        _identifier(group, where)
        if not isinstance(members, list) or not members:
            raise ModelError(f"{where}: expected a non-empty list of country codes")
        groups[group] = frozenset(_country(c, where) for c in members)

    materials: list[Material] = []
    for i, m in enumerate(raw.get("materials") or []):
        where = f"materials[{i}]"
        _keys(m, {"id", "name", "unit", "stock", "daily_use", "target_days", "target",
                  "budget", "priority"}, where)
        mid = _identifier(m.get("id"), f"{where}.id")
        where = f"material {mid}"
        if ("target" in m) == ("target_days" in m):
            raise ModelError(f"{where}: give exactly one of target and target_days")
        if "target" in m:
            target = _number(m["target"], f"{where}.target")
        else:
            if "daily_use" not in m:
                raise ModelError(f"{where}: target_days needs daily_use")
            target = _number(m["target_days"], f"{where}.target_days") * _number(
                m["daily_use"], f"{where}.daily_use")
        if "daily_use" in m:
            _number(m["daily_use"], f"{where}.daily_use")
        materials.append(Material(
            id=mid,
            name=_text(m.get("name", mid), f"{where}.name"),
            unit=_text(m.get("unit", "t"), f"{where}.unit"),
            stock=_number(m.get("stock", 0), f"{where}.stock"),
            target=target,
            budget=_number(m["budget"], f"{where}.budget") if "budget" in m else None,
            priority=_number(m.get("priority", 1), f"{where}.priority"),
        ))
    if not materials:
        raise ModelError("model: no materials")
    material_ids = [m.id for m in materials]
    if len(set(material_ids)) != len(material_ids):
        raise ModelError("model: duplicate material ids")

    offers_raw = raw.get("offers") or []
    if isinstance(offers_raw, str):
        offers_raw = _read_csv_offers(path.parent / offers_raw)
    offers: list[Offer] = []
    for i, o in enumerate(offers_raw):
        where = f"offers[{i}]"
        _keys(o, set(CSV_HEADER), where)
        oid = _identifier(o.get("id"), f"{where}.id")
        where = f"offer {oid}"
        material = _identifier(o.get("material"), f"{where}.material")
        if material not in material_ids:
            raise ModelError(f"{where}: unknown material {material!r}")
        capacity = o.get("capacity")
        offers.append(Offer(
            id=oid,
            supplier=_text(o.get("supplier"), f"{where}.supplier"),
            country=_country(o.get("country"), f"{where}.country"),
            material=material,
            price=_number(o.get("price"), f"{where}.price"),
            capacity=None if capacity is None else _number(capacity, f"{where}.capacity"),
        ))
    offer_ids = [o.id for o in offers]
    if len(set(offer_ids)) != len(offer_ids):
        raise ModelError("model: duplicate offer ids")

    caps: list[Cap] = []
    for i, c in enumerate(raw.get("caps") or []):
        where = f"caps[{i}]"
        _keys(c, {"country", "max_share", "material", "basis"}, where)
        name = _text(c.get("country"), f"{where}.country")
        countries = groups.get(name) or frozenset([_country(name, f"{where}.country")])
        share = _number(c.get("max_share"), f"{where}.max_share")
        if share > 1:
            raise ModelError(f"{where}.max_share: must be at most 1")
        material = c.get("material")
        if material is not None and material not in material_ids:
            raise ModelError(f"{where}: unknown material {material!r}")
        basis = c.get("basis", "quantity")
        if basis not in ("quantity", "spend"):
            raise ModelError(f"{where}.basis: must be quantity or spend")
        caps.append(Cap(name, countries, share, material, basis))

    return Model(
        path=path,
        name=_text(raw.get("name"), "name"),
        currency=_text(raw.get("currency", "USD"), "currency"),
        budget=_number(raw["budget"], "budget") if "budget" in raw else None,
        materials=materials,
        offers=offers,
        caps=caps,
    )


# --------------------------------------------------------------------------- the LP


@dataclass
class Row:
    label: str
    coefficients: np.ndarray  # over the variables [x_o..., s_m...]
    bound: float
    kind: str  # "target", "cap", "budget"


@dataclass
class Plan:
    status: str
    bought: dict[str, float]           # per offer
    shortfall: dict[str, float]        # per material
    weighted_shortfall: float
    cost: float
    rows: list[Row]
    slack: np.ndarray


def build_rows(model: Model, skip_cap: int | None = None) -> list[Row]:
    """All `<=` rows of the LP; `skip_cap` drops one cap (to price it)."""
    n_offers, n_materials = len(model.offers), len(model.materials)
    n = n_offers + n_materials
    price = np.array([o.price for o in model.offers])
    in_material = {m.id: np.array([o.material == m.id for o in model.offers], dtype=float)
                   for m in model.materials}
    rows: list[Row] = []

    for j, m in enumerate(model.materials):  # -(x_m + s_m) <= stock - target
        a = np.zeros(n)
        a[:n_offers] = -in_material[m.id]
        a[n_offers + j] = -1.0
        rows.append(Row(f"target {m.id}", a, m.stock - m.target, "target"))

    for k, cap in enumerate(model.caps):
        if k == skip_cap:
            continue
        from_set = np.array([o.country in cap.countries for o in model.offers], dtype=float)
        weight = price if cap.basis == "spend" else np.ones(n_offers)
        if cap.material is not None:
            scopes = [[cap.material]]
        elif cap.basis == "quantity":
            scopes = [[m.id] for m in model.materials]  # each material on its own
        else:
            scopes = [[m.id for m in model.materials]]  # spend over all materials
        for scope in scopes:
            in_scope = sum(in_material[mid] for mid in scope)
            a = np.zeros(n)
            a[:n_offers] = weight * in_scope * (from_set - cap.max_share)
            where = scope[0] if len(scope) == 1 else "all"
            rows.append(Row(f"cap #{k + 1} {cap.country} <= {cap.max_share:g} {cap.basis} [{where}]",
                            a, 0.0, "cap"))

    if model.budget is not None:
        a = np.zeros(n)
        a[:n_offers] = price
        rows.append(Row("budget (total)", a, model.budget, "budget"))
    for m in model.materials:
        if m.budget is not None:
            a = np.zeros(n)
            a[:n_offers] = price * in_material[m.id]
            rows.append(Row(f"budget {m.id}", a, m.budget, "budget"))
    return rows


def _clean(value: float) -> float:
    """Solver value with round-off below 1e-9 shown as 0 (no "-0.0" in reports)."""
    return 0.0 if abs(value) < 1e-9 else float(value)


def solve(model: Model, skip_cap: int | None = None) -> Plan:
    """Solves both stages; returns the stage-2 plan (or the failing status)."""
    n_offers, n_materials = len(model.offers), len(model.materials)
    rows = build_rows(model, skip_cap)
    a_ub = np.array([r.coefficients for r in rows])
    b_ub = np.array([r.bound for r in rows])
    bounds = [(0.0, o.capacity) for o in model.offers] + [(0.0, None)] * n_materials

    stage1 = np.zeros(n_offers + n_materials)
    for j, m in enumerate(model.materials):
        if m.target > 0:
            stage1[n_offers + j] = m.priority / m.target
    first = linprog(stage1, A_ub=a_ub, b_ub=b_ub, bounds=bounds, method="highs")
    if first.status != 0:
        return Plan(f"stage 1: {first.message}", {}, {}, math.nan, math.nan, rows, np.array([]))
    best = first.fun

    # Stage 2: hold the weighted shortfall at its optimum, minimise spend.
    hold = Row("stage-1 hold", stage1, best + HOLD_TOLERANCE * abs(best), "hold")
    cost = np.concatenate([[o.price for o in model.offers], np.zeros(n_materials)])
    second = linprog(cost, A_ub=np.vstack([a_ub, stage1]), b_ub=np.append(b_ub, hold.bound),
                     bounds=bounds, method="highs")
    if second.status != 0:
        return Plan(f"stage 2: {second.message}", {}, {}, best, math.nan, rows, np.array([]))
    x = second.x
    return Plan(
        status="optimal",
        bought={o.id: _clean(x[i]) for i, o in enumerate(model.offers)},
        shortfall={m.id: _clean(x[n_offers + j]) for j, m in enumerate(model.materials)},
        weighted_shortfall=float(stage1 @ x),
        cost=float(second.fun),
        rows=rows,
        slack=second.ineqlin.residual[:len(rows)],
    )


def binding_rows(plan: Plan) -> list[Row]:
    """Caps and budgets at their limit (targets are reported per material instead).

    A cap row on a material with no purchases is 0 <= 0 and is not reported.
    """
    result = []
    for row, slack in zip(plan.rows, plan.slack):
        if row.kind == "target":
            continue
        active = np.abs(row.coefficients[:len(plan.bought)]) @ np.array(list(plan.bought.values()))
        scale = max(abs(row.bound), active, 1.0)
        if active > 1e-9 and slack <= BIND_TOLERANCE * scale:
            result.append(row)
    return result


# --------------------------------------------------------------------------- report


def report(model: Model, cap_costs: bool) -> bool:
    plan = solve(model)
    print(f"== {model.path.name}: {model.name} ({model.currency})")
    if plan.status != "optimal":
        print(f"   status: {plan.status}")
        return False
    print(f"   status: optimal   weighted shortfall (stage 1): {plan.weighted_shortfall:.6g}")
    print(f"   {'material':<14}{'target':>12}{'stock':>12}{'bought':>12}{'shortfall':>12}"
          f"{'cost':>18}   max country share (qty)")
    for m in model.materials:
        offers = [o for o in model.offers if o.material == m.id]
        bought = sum(plan.bought[o.id] for o in offers)
        spent = sum(plan.bought[o.id] * o.price for o in offers)
        by_country: dict[str, float] = {}
        for o in offers:
            by_country[o.country] = by_country.get(o.country, 0.0) + plan.bought[o.id]
        top = max(by_country.items(), key=lambda kv: kv[1], default=("-", 0.0))
        share = f"{top[0]} {top[1] / bought:.1%}" if bought > 1e-9 else "-"
        print(f"   {m.id:<14}{m.target:>12,.1f}{m.stock:>12,.1f}{bought:>12,.1f}"
              f"{plan.shortfall[m.id]:>12,.1f}{spent:>18,.0f}   {share}")
    print(f"   total cost: {plan.cost:,.0f} {model.currency}"
          + (f" (budget {model.budget:,.0f})" if model.budget is not None else ""))
    purchases = ", ".join(f"{oid} {q:,.1f}" for oid, q in plan.bought.items() if q > 1e-6)
    print(f"   purchases: {purchases or 'none'}")
    binding = binding_rows(plan)
    print("   binding: " + ("; ".join(r.label for r in binding) if binding else "no cap or budget"))
    if cap_costs:
        for k, cap in enumerate(model.caps):
            if not any(r.label.startswith(f"cap #{k + 1} ") for r in binding):
                continue
            relaxed = solve(model, skip_cap=k)
            if relaxed.status == "optimal":
                print(f"   without cap #{k + 1} ({cap.label()}): cost {relaxed.cost:,.0f}, "
                      f"weighted shortfall {relaxed.weighted_shortfall:.6g} "
                      f"(cap costs {plan.cost - relaxed.cost:,.0f})")
    return True


def model_files(paths: list[str]) -> list[Path]:
    if paths:
        return [Path(p) for p in paths]
    return sorted(p for p in MODELS_DIR.iterdir() if p.suffix in (".yaml", ".yml", ".json"))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("files", nargs="*", help="model files (default: every model in Models/)")
    parser.add_argument("--cap-costs", action="store_true",
                        help="re-solve without each binding cap and report its cost")
    args = parser.parse_args()
    ok = True
    for path in model_files(args.files):
        try:
            model = load_model(path)
        except (ModelError, OSError, yaml.YAMLError, json.JSONDecodeError) as error:
            print(f"== {path.name}: INVALID: {error}")
            ok = False
            continue
        ok = report(model, args.cap_costs) and ok
        print()
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
