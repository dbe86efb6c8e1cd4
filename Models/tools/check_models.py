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
* processing stages (docs/stages.md): with ``stages``, an offer's country at stage s is
  ``origin[s]``, else its ``country``; a cap with ``stage`` s counts the countries at s,
  a cap without ``stage`` gives its rows once per stage (each on its own);
* spend cap with material m: spend on m from S <= f x spend on m; without
  ``material``: spend from S over all materials <= f x total spend;
* budget: total spend <= budget; per material: spend on m <= material budget.

Integer purchase rules make it a mixed-integer program (HiGHS's branch and bound
through linprog's ``integrality``), formulated here on its own from the documentation (docs/model.md):

* ``lot`` L: x_o = L n_o, n_o integer in [0, floor(capacity / L)];
* ``min_order``, ``fixed_cost``, ``tiers``: a binary u_o with x_o <= capacity u_o,
  x_o >= min_order u_o, and fixed_cost u_o in the offer's spend;
* ``tiers`` (all units): a segment per price k with binary z_k and quantity q_k in
  [max(from_k, min_order) z_k, next from (or capacity) z_k], sum z_k = u_o,
  x_o = sum q_k, spend sum price_k q_k (+ fixed cost);
* ``max_suppliers`` S: a binary per supplier of the material with its purchases <=
  its total capacity x binary, and at most S binaries set.

An offer's spend (tier prices, fixed cost) is what counts in budgets; spend caps measure
the units' value (tier prices, no fixed cost), so a fixed cost cannot loosen a cap.

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
CSV_OPTIONAL = ["lot", "min_order", "fixed_cost"]
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
    max_suppliers: int | None = None


@dataclass
class Offer:
    id: str
    supplier: str
    country: str
    material: str
    price: float
    capacity: float | None
    lot: float | None = None
    min_order: float | None = None
    fixed_cost: float | None = None
    tiers: list[tuple[float, float]] = field(default_factory=list)  # (from, price)
    origin: dict[str, str] = field(default_factory=dict)  # stage -> country

    def country_at(self, stage: str | None) -> str:
        """The origin at `stage` (the seller's country for None or a stage it leaves out)."""
        return self.origin.get(stage, self.country) if stage is not None else self.country

    @property
    def integer(self) -> bool:
        return any(v is not None for v in (self.lot, self.min_order, self.fixed_cost)) or bool(self.tiers)


@dataclass
class Cap:
    country: str
    countries: frozenset[str]
    max_share: float
    material: str | None
    basis: str
    stage: str | None = None

    def label(self) -> str:
        scope = self.material or "every material"
        at = f" at {self.stage}" if self.stage else ""
        return f"{self.country}{at} <= {self.max_share:g} of {self.basis} ({scope})"


@dataclass
class Model:
    path: Path
    name: str
    currency: str
    budget: float | None
    materials: list[Material]
    offers: list[Offer]
    caps: list[Cap] = field(default_factory=list)
    stages: list[str] = field(default_factory=list)


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
            names = [h.strip() for h in header] if header is not None else []
            if names[:len(CSV_HEADER)] != CSV_HEADER or any(n not in CSV_OPTIONAL for n in names[len(CSV_HEADER):]):
                raise ModelError(f"{path.name}: header must be {','.join(CSV_HEADER)}[,{','.join(CSV_OPTIONAL)}]")
            rows = []
            for line, row in enumerate(reader, start=2):
                if not any(cell.strip() for cell in row):
                    continue
                if len(row) != len(names):
                    raise ModelError(f"{path.name}:{line}: expected {len(names)} fields")
                record = dict(zip(names, (cell.strip() for cell in row)))
                try:
                    record["price"] = float(record["price"])
                    for key in ["capacity"] + CSV_OPTIONAL:
                        if key in record:
                            record[key] = float(record[key]) if record[key] else None
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
    # imports, disruptions and horizon_years describe supply risk (docs/risk.md) for
    # `stockpile risk`; they do not enter the cost-minimising plan checked here.
    _keys(raw, {"name", "currency", "budget", "groups", "materials", "offers", "caps", "stages",
                "imports", "disruptions", "horizon_years"}, "model")
    stages = raw.get("stages") or []
    if not isinstance(stages, list) or len(set(map(str, stages))) != len(stages):
        raise ModelError("stages: expected a list of distinct stage names")
    stages = [_text(s, "stages") for s in stages]

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
                  "budget", "priority", "max_suppliers"}, where)
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
            max_suppliers=int(_number(m["max_suppliers"], f"{where}.max_suppliers", minimum=1))
            if m.get("max_suppliers") is not None else None,
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
        origin = {key[len("origin."):]: value for key, value in o.items() if str(key).startswith("origin.") and value}
        origin.update(o.get("origin") or {})
        o = {key: value for key, value in o.items() if not str(key).startswith("origin.")}
        _keys(o, set(CSV_HEADER + CSV_OPTIONAL + ["tiers", "origin"]), where)
        for stage in origin:
            if stage not in stages:
                raise ModelError(f"{where}.origin: stage {stage!r} is not in stages")
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
            lot=_number(o["lot"], f"{where}.lot") if o.get("lot") is not None else None,
            min_order=_number(o["min_order"], f"{where}.min_order") if o.get("min_order") is not None else None,
            fixed_cost=_number(o["fixed_cost"], f"{where}.fixed_cost") if o.get("fixed_cost") is not None else None,
            tiers=[(_number(t["from"], f"{where}.tiers"), _number(t["price"], f"{where}.tiers"))
                   for t in o.get("tiers") or []],
            origin={stage: _country(country, f"{where}.origin.{stage}") for stage, country in origin.items()},
        ))
        if offers[-1].integer and offers[-1].capacity is None:
            raise ModelError(f"{where}: an integer rule needs a capacity")
    offer_ids = [o.id for o in offers]
    if len(set(offer_ids)) != len(offer_ids):
        raise ModelError("model: duplicate offer ids")

    caps: list[Cap] = []
    for i, c in enumerate(raw.get("caps") or []):
        where = f"caps[{i}]"
        _keys(c, {"country", "max_share", "material", "basis", "stage"}, where)
        stage = c.get("stage")
        if stage is not None and stage not in stages:
            raise ModelError(f"{where}.stage: {stage!r} is not in stages")
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
        caps.append(Cap(name, countries, share, material, basis, stage))

    return Model(
        path=path,
        name=_text(raw.get("name"), "name"),
        currency=_text(raw.get("currency", "USD"), "currency"),
        budget=_number(raw["budget"], "budget") if "budget" in raw else None,
        materials=materials,
        offers=offers,
        caps=caps,
        stages=stages,
    )


# --------------------------------------------------------------------------- the LP


@dataclass
class Row:
    label: str
    coefficients: np.ndarray  # over every variable (see Columns)
    bound: float
    kind: str  # "target", "cap", "budget"


class Columns:
    """Every variable: x_o per offer, s_m per material, then the integer rules' columns,
    with their bounds, integrality, the rules' rows and each offer's spend."""

    def __init__(self, model: Model):
        self.n_offers, self.n_materials = len(model.offers), len(model.materials)
        self.bounds = [(0.0, o.capacity) for o in model.offers] + [(0.0, None)] * self.n_materials
        self.integrality = [0] * len(self.bounds)
        self.eq: list[dict[int, float]] = []                # sum = 0
        self.ub: list[tuple[dict[int, float], float]] = []  # sum <= bound
        self.spend: list[dict[int, float]] = []
        self.value: list[dict[int, float]] = []  # spend without the fixed cost: what spend caps measure
        for i, o in enumerate(model.offers):
            spend = {i: o.price}
            if o.lot is not None:
                ratio = o.capacity / o.lot if o.capacity is not None else None
                most = None if ratio is None else (round(ratio) if abs(ratio - round(ratio)) <= 1e-9 * max(1, ratio) else math.floor(ratio))
                n = self._add(0.0, most, True)
                self.eq.append({i: 1.0, n: -o.lot})
            if o.min_order is not None or o.fixed_cost is not None or o.tiers:
                used = self._add(0.0, 1.0, True)
                least = o.min_order or 0.0
                if not o.tiers:
                    self.ub.append(({i: 1.0, used: -o.capacity}, 0.0))
                    if least > 0:
                        self.ub.append(({i: -1.0, used: least}, 0.0))
                else:
                    starts = [0.0] + [t[0] for t in o.tiers]
                    prices = [o.price] + [t[1] for t in o.tiers]
                    spend, split, pick = {}, {i: 1.0}, {used: -1.0}
                    for k, start in enumerate(starts):
                        lower = max(start, least)
                        # a segment ends a millionth short of the next `from`: from there on
                        # only the next price applies (as in Stockpile)
                        upper = min(starts[k + 1] * (1 - 1e-6) if k + 1 < len(starts) else o.capacity, o.capacity)
                        if lower > upper or upper <= 0:
                            continue
                        q, z = self._add(0.0, upper, False), self._add(0.0, 1.0, True)
                        self.ub.append(({q: 1.0, z: -upper}, 0.0))
                        self.ub.append(({q: -1.0, z: lower}, 0.0))
                        spend[q], split[q], pick[z] = prices[k], -1.0, 1.0
                    self.eq += [split, pick]
                self.value.append(dict(spend))
                if o.fixed_cost:
                    spend[used] = spend.get(used, 0.0) + o.fixed_cost
            else:
                self.value.append(dict(spend))
            self.spend.append(spend)
        for m in model.materials:
            if m.max_suppliers is None:
                continue
            suppliers: dict[str, list[int]] = {}
            for i, o in enumerate(model.offers):
                if o.material == m.id:
                    suppliers.setdefault(o.supplier, []).append(i)
            if len(suppliers) <= m.max_suppliers:
                continue  # cannot bind
            count = {}
            for own in suppliers.values():
                chosen = self._add(0.0, 1.0, True)
                row = {i: 1.0 for i in own}
                row[chosen] = -sum(model.offers[i].capacity for i in own)
                self.ub.append((row, 0.0))
                count[chosen] = 1.0
            self.ub.append((count, float(m.max_suppliers)))

    def _add(self, lower, upper, integer: bool) -> int:
        self.bounds.append((lower, upper))
        self.integrality.append(1 if integer else 0)
        return len(self.bounds) - 1

    @property
    def n(self) -> int:
        return len(self.bounds)

    def dense(self, terms: dict[int, float]) -> np.ndarray:
        a = np.zeros(self.n)
        for j, value in terms.items():
            a[j] += value
        return a

    def offer_spend(self, i: int) -> np.ndarray:
        return self.dense(self.spend[i])

    def offer_value(self, i: int):
        """Offer i's spend without its fixed cost (what spend caps measure)."""
        return self.dense(self.value[i])


@dataclass
class Plan:
    status: str
    bought: dict[str, float]           # per offer
    shortfall: dict[str, float]        # per material
    weighted_shortfall: float
    cost: float
    rows: list[Row]
    slack: np.ndarray
    spent: dict[str, float] = field(default_factory=dict)  # per offer, fixed costs included


def build_rows(model: Model, columns: Columns, skip_cap: int | None = None) -> list[Row]:
    """All `<=` rows of the LP; `skip_cap` drops one cap (to price it)."""
    n_offers = len(model.offers)
    n = columns.n
    spend = [columns.offer_spend(i) for i in range(n_offers)]
    value = [columns.offer_value(i) for i in range(n_offers)]
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
        if cap.material is not None:
            scopes = [[cap.material]]
        elif cap.basis == "quantity":
            scopes = [[m.id] for m in model.materials]  # each material on its own
        else:
            scopes = [[m.id for m in model.materials]]  # spend over all materials
        # A cap on a stage counts origins there; without one, every stage on its own.
        at_stages = [cap.stage] if cap.stage is not None else (model.stages or [None])
        for stage, scope in ((stage, scope) for stage in at_stages for scope in scopes):
            from_set = np.array([o.country_at(stage) in cap.countries for o in model.offers], dtype=float)
            in_scope = sum(in_material[mid] for mid in scope)
            a = np.zeros(n)
            if cap.basis == "spend":  # the units' value: tier prices, no fixed cost
                for i in range(n_offers):
                    if in_scope[i]:
                        a += (from_set[i] - cap.max_share) * value[i]
            else:
                a[:n_offers] = in_scope * (from_set - cap.max_share)
            where = (scope[0] if len(scope) == 1 else "all") + (f" at {stage}" if stage else "")
            rows.append(Row(f"cap #{k + 1} {cap.country} <= {cap.max_share:g} {cap.basis} [{where}]",
                            a, 0.0, "cap"))

    if model.budget is not None:
        rows.append(Row("budget (total)", sum(spend, np.zeros(n)), model.budget, "budget"))
    for m in model.materials:
        if m.budget is not None:
            a = sum((spend[i] for i in range(n_offers) if in_material[m.id][i]), np.zeros(n))
            rows.append(Row(f"budget {m.id}", a, m.budget, "budget"))
    return rows


def _clean(value: float) -> float:
    """Solver value with round-off below 1e-9 shown as 0 (no "-0.0" in reports)."""
    return 0.0 if abs(value) < 1e-9 else float(value)


def solve(model: Model, skip_cap: int | None = None) -> Plan:
    """Solves both stages; returns the stage-2 plan (or the failing status)."""
    n_offers = len(model.offers)
    columns = Columns(model)
    rows = build_rows(model, columns, skip_cap)
    a_ub = np.array([r.coefficients for r in rows] + [columns.dense(t) for t, _ in columns.ub]).reshape(-1, columns.n)
    b_ub = np.array([r.bound for r in rows] + [b for _, b in columns.ub])
    equalities = {}
    if columns.eq:
        equalities = {"A_eq": np.array([columns.dense(t) for t in columns.eq]), "b_eq": np.zeros(len(columns.eq))}
    common = dict(bounds=columns.bounds, method="highs", integrality=columns.integrality, **equalities)

    stage1 = np.zeros(columns.n)
    for j, m in enumerate(model.materials):
        if m.target > 0:
            stage1[n_offers + j] = m.priority / m.target
    first = linprog(stage1, A_ub=a_ub, b_ub=b_ub, **common)
    if first.status != 0:
        return Plan(f"stage 1: {first.message}", {}, {}, math.nan, math.nan, rows, np.array([]))
    best = first.fun

    # Stage 2: hold the weighted shortfall at its optimum, minimise spend.
    hold = Row("stage-1 hold", stage1, best + HOLD_TOLERANCE * abs(best), "hold")
    spend = [columns.offer_spend(i) for i in range(n_offers)]
    cost = sum(spend, np.zeros(columns.n))
    second = linprog(cost, A_ub=np.vstack([a_ub, stage1]), b_ub=np.append(b_ub, hold.bound), **common)
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
        slack=(b_ub - a_ub @ x)[:len(rows)],
        spent={o.id: _clean(float(spend[i] @ x)) for i, o in enumerate(model.offers)},
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
        spent = sum(plan.spent[o.id] for o in offers)
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


def is_schedule(path: Path) -> bool:
    """Whether `path` is a multi-period model (a mapping with ``periods:``), which
    check_schedule.py formulates: this checker's LP has one period."""
    try:
        document = yaml.safe_load(path.read_text(encoding="utf-8-sig"))
    except (OSError, UnicodeDecodeError, yaml.YAMLError):
        return False  # load_model reports it
    return isinstance(document, dict) and "periods" in document


def check_schedule_file(path: Path) -> bool:
    """Checks a multi-period model with check_schedule.py (beside this file) and prints
    its report."""
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    import check_schedule  # noqa: E402  (a sibling script, imported on demand)
    try:
        schedule = check_schedule.load_schedule(path)
    except (check_schedule.ModelError, OSError, UnicodeDecodeError, yaml.YAMLError) as error:
        print(f"== {path.name}: INVALID: {error}\n")
        return False
    plan, var = check_schedule.solve(schedule)
    check_schedule.report_text(schedule, plan, var)
    print()
    return plan.solved


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
        if is_schedule(path):
            ok = check_schedule_file(path) and ok
            continue
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
