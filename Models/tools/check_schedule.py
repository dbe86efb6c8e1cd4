#!/usr/bin/env python3
"""Independent check of Stockpile multi-period purchase schedules.

Loads a schedule file (a model file with a ``periods:`` list; YAML, or JSON,
which parses as YAML), validates it, builds the multi-period LP from the
written specification (not from the Swift sources) and solves it with HiGHS
through scipy.optimize.linprog (scipy.optimize.milp when it has integer purchase
rules). It prints the status, the total cost (orders, with tier prices and fixed
costs, + holding), and per material and period the target, orders, deliveries, reserve
level, shortfall and unreleased units; then per period the spend against its
budget and which budgets, caps and warehouse limits bind.

The LP (periods t = 0..P-1 in file order; L[m,-1] = stock_m):

* x[o,t] in [0, capacity(o,t)] for each offer o and each period t it can be
  ordered in (its ``periods``, default all) with t + lead_o <= P-1; capacity(o,t)
  is ``capacities[t]`` if given, else ``capacity``, else unbounded;
  price(o,t) is ``prices[t]`` if given, else ``price``;
* level L[m,t] in [0, warehouse_m] (no material warehouse = unbounded);
* release R[m,t] = days_t x daily_use_m in a ``draw: true`` period, else 0;
  unreleased fraction u[m,t] in [0, 1] (a variable only where R[m,t] > 0);
* balance: L[m,t] = L[m,t-1] + sum_{o of m, t'+lead_o = t} x[o,t']
                    - R[m,t] x (1 - u[m,t]);
* target T[m,t] (``target``, or ``target_days`` x daily_use; a number holds in
  every period, a mapping period -> value is a ramp that holds from that period
  until the next given one, 0 before the first; none in a draw period, where the
  reserve is there to be drawn down); shortfall s[m,t] in [0, 1]
  where T[m,t] > 1e-9:  L[m,t] + T[m,t] x s[m,t] >= T[m,t];
* spend[t] = sum_{o, orders placed in t} price(o,t) x x[o,t];
  spend[t] <= period budget; sum_t spend[t] <= total budget;
  sum_t spend on material m <= material budget;
* warehouse: sum_m L[m,t] <= warehouse for every t;
* caps, one set of rows per period t (S = the cap's countries, f = max_share):
  quantity basis, for each material m in scope:
      sum_{o of m from S} x[o,t] <= f x sum_{o of m} x[o,t];
  spend basis with a material: the same rows weighted by price(o,t);
  spend basis without a material: spend[t] from S <= f x spend[t].

Integer purchase rules make it a mixed-integer program, solved with HiGHS's
branch and cut through scipy.optimize.milp (files without them stay LPs and go
through linprog as before). Each rule applies to each order column x[o,t] on
its own (cap(o,t) is its capacity):

* offer ``lot`` L: x[o,t] = L n[o,t], n integer in [0, floor(cap(o,t) / L)];
* offer ``min_order`` q, ``fixed_cost`` f, ``tiers``: a binary y[o,t] ("ordered")
  with x <= cap(o,t) y and x >= q y; f y is paid in period t's spend (budgets,
  the objective, and spend-basis caps, in the capped numerator only when the
  offer's country is capped);
* offer ``tiers`` [{from: a_k, price: p_k}, ...] (all-units discounts): one
  segment per price level (the offer's price below a_1) with binary z_k and
  quantity q_k, max(a_k, q) z_k <= q_k <= min(next a, cap(o,t)) z_k,
  sum_k z_k = y, x = sum_k q_k, cost sum_k p_k q_k (+ f y); at an exact
  boundary either price may apply (the cheaper is chosen); tiers cannot be
  combined with ``prices`` by period on the same offer;
* material ``max_suppliers`` S: a binary w per supplier of the material, the
  supplier's orders over the whole horizon <= (sum of their capacities) w, and
  sum w <= S.

Every offer with ``min_order``, ``fixed_cost`` or ``tiers``, and every offer of
a material with ``max_suppliers``, needs a finite capacity in each period it
can be ordered in (the rule's upper limit); ``lot`` and ``min_order`` are at
most the offer's ``capacity`` (when given), each must be above 0, tiers by
strictly increasing ``from``, and ``max_suppliers`` a whole number from 1.

Two stages: (1) minimise sum_{m,t} w_m (s[m,t] + u[m,t]) with
w_m = priority_m / max priority; (2) hold that sum <= optimum x (1 + 1e-9) (when
the optimum is <= 1e-9: fix s and u at 0 for every material with w_m > 0) and
minimise sum_t spend[t] + sum_{m,t} holding_cost_m x L[m,t] (spend with tier
prices and fixed costs). A mixed-integer stage uses mip_rel_gap 1e-9 and
``--time-limit`` seconds (default 600, per stage); the report says whether each
stage was proven optimal and the final gap. After stage 2 the integer columns
are fixed at their rounded values and the LP is re-solved (linprog) to clean up
solver round-off; that polished plan is reported when it solves.

Offers read from a CSV file are not supported here (reported as invalid).

Usage (from the repository root):

    python3 Models/tools/check_schedule.py                  # every *.yaml under Models/ with periods:
    python3 Models/tools/check_schedule.py FILE...
    python3 Models/tools/check_schedule.py --json FILE...   # one JSON object per line and file
    python3 Models/tools/check_schedule.py --time-limit 60 FILE...  # MIP time limit per stage (s)

The exit status is 1 when a file cannot be read or does not validate, or when
the solver fails (a MIP stopped by the time limit with a plan in hand is reported,
"proven": false, and is not a failure); 0 otherwise.

Requires PyYAML and scipy (>= 1.9, for method="highs" and milp).
"""

from __future__ import annotations

import argparse
import json
import math
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import yaml
from scipy.optimize import Bounds, LinearConstraint, linprog, milp
from scipy.sparse import csr_matrix

MODELS_DIR = Path(__file__).resolve().parent.parent
ID_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
COUNTRY_RE = re.compile(r"^[A-Z]{2}$")
PERIODS_KEY_RE = re.compile(r"^periods\s*:", re.MULTILINE)
TARGET_EPS = 1e-9      # targets at or below this get no shortfall variable
HOLD_TOLERANCE = 1e-9  # relative tolerance on the stage-1 optimum in stage 2
ZERO_OPTIMUM = 1e-9    # stage-1 optimum treated as zero
STATUS_TOLERANCE = 1e-6  # s and u (fractions) above this mean "shortfall"
BIND_TOLERANCE = 1e-6  # relative slack under which a limit counts as binding
MIP_REL_GAP = 1e-9     # HiGHS's relative gap for the mixed-integer stages
DEFAULT_TIME_LIMIT = 600.0  # seconds per mixed-integer stage


class ModelError(Exception):
    """A schedule file that does not follow the format."""


# --------------------------------------------------------------------------- loading


class _Loader(yaml.SafeLoader):
    """SafeLoader that also reads YAML 1.2 floats such as ``2.0e9`` as numbers.

    Booleans stay YAML 1.1, so an unquoted ``NO`` (Norway) reads as false and is
    reported rather than accepted.
    """


_Loader.add_implicit_resolver(
    "tag:yaml.org,2002:float",
    re.compile(r"^[-+]?(?:[0-9][0-9_]*)(?:\.[0-9_]*)?[eE][-+]?[0-9]+$"),
    list("-+0123456789"),
)


def _iso_countries() -> set[str] | None:
    path = Path("/usr/share/iso-codes/json/iso_3166-1.json")
    try:
        return {c["alpha_2"] for c in json.loads(path.read_text())["3166-1"]}
    except (OSError, ValueError, KeyError):
        return None


ISO_COUNTRIES = _iso_countries()


@dataclass
class Period:
    id: str
    days: float
    budget: float | None
    draw: bool


@dataclass
class Material:
    id: str
    stock: float
    daily_use: float
    targets: list[float]          # per period, in units
    budget: float | None
    priority: float
    holding_cost: float
    warehouse: float | None
    max_suppliers: int | None = None


@dataclass
class Offer:
    id: str
    supplier: str
    country: str
    material: str
    lead: int
    prices: dict[int, float]               # period index -> price (orderable periods only)
    capacities: dict[int, float | None]    # period index -> capacity (None = unlimited)
    lot: float | None = None
    min_order: float | None = None
    fixed_cost: float | None = None
    tiers: list[tuple[float, float]] = field(default_factory=list)  # (from, price), increasing

    @property
    def needs_used(self) -> bool:
        """Whether an order of this offer gets a binary "ordered" column."""
        return self.min_order is not None or bool(self.fixed_cost) or bool(self.tiers)


@dataclass
class Cap:
    country: str
    countries: frozenset[str]
    max_share: float
    material: str | None
    basis: str


@dataclass
class Schedule:
    path: Path
    name: str
    currency: str
    budget: float | None
    warehouse: float | None
    periods: list[Period]
    materials: list[Material]
    offers: list[Offer]
    caps: list[Cap] = field(default_factory=list)


def _number(value, where: str, *, minimum: float | None = 0.0) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
        raise ModelError(f"{where}: expected a number, got {value!r}")
    if minimum is not None and value < minimum:
        raise ModelError(f"{where}: must be at least {minimum:g}, got {value!r}")
    return float(value)


def _whole(value, where: str) -> int:
    value = _number(value, where)
    if not value.is_integer() or value < 1:
        raise ModelError(f"{where}: expected a whole number from 1, got {value:g}")
    return int(value)


def _text(value, where: str) -> str:
    if not isinstance(value, str) or not value.strip():
        raise ModelError(f"{where}: expected a non-empty string, got {value!r} (quote codes like NO)")
    return value


def _identifier(value, where: str) -> str:
    value = _text(value, where)
    if not ID_RE.match(value):
        raise ModelError(f"{where}: {value!r} is not an id (lower-case letters, digits, hyphens)")
    return value


def _period_key(value, where: str) -> str:
    """Period ids are free-form strings; a bare number (``2027``) is read as its text."""
    if isinstance(value, bool) or not isinstance(value, (str, int)):
        raise ModelError(f"{where}: expected a period id, got {value!r}")
    text = str(value)
    if not text.strip():
        raise ModelError(f"{where}: empty period id")
    return text


def _country(value, where: str) -> str:
    value = _text(value, where)
    if not COUNTRY_RE.match(value) or (ISO_COUNTRIES is not None and value not in ISO_COUNTRIES):
        raise ModelError(f"{where}: {value!r} is not an ISO 3166 alpha-2 code (upper case)")
    return value


def _keys(table, allowed: set[str], where: str) -> None:
    if not isinstance(table, dict):
        raise ModelError(f"{where}: expected a mapping")
    unknown = set(table) - allowed
    if unknown:
        raise ModelError(f"{where}: unknown keys {sorted(map(str, unknown))}")


def _list(value, where: str) -> list:
    if value is None:
        return []
    if not isinstance(value, list):
        raise ModelError(f"{where}: expected a list")
    return value


def _per_period(value, index: dict[str, int], where: str, *, ramp: bool) -> list[float]:
    """A number (every period) or a mapping period -> number.

    With ``ramp`` a given value holds until the next given period (0 before the
    first); otherwise only the given periods get a value (NaN elsewhere).
    """
    n = len(index)
    if not isinstance(value, dict):
        return [_number(value, where)] * n
    if not value:
        raise ModelError(f"{where}: empty mapping")
    given: dict[int, float] = {}
    for key, v in value.items():
        pid = _period_key(key, f"{where} key")
        if pid not in index:
            raise ModelError(f"{where}: unknown period {pid!r}")
        if index[pid] in given:
            raise ModelError(f"{where}: period {pid!r} given twice")
        given[index[pid]] = _number(v, f"{where}.{pid}")
    result = []
    current = 0.0 if ramp else math.nan
    for t in range(n):
        if t in given:
            current = given[t]
        result.append(current if ramp or t in given else math.nan)
    return result


def _tiers(value, where: str) -> list[tuple[float, float]]:
    tiers: list[tuple[float, float]] = []
    for i, t in enumerate(_list(value, where)):
        _keys(t, {"from", "price"}, f"{where}[{i}]")
        start = _number(t.get("from"), f"{where}[{i}].from")
        price = _number(t.get("price"), f"{where}[{i}].price")
        if start <= 0 or price <= 0:
            raise ModelError(f"{where}[{i}]: from and price must be above 0")
        if tiers and start <= tiers[-1][0]:
            raise ModelError(f"{where}: from must increase strictly ({start:g} after {tiers[-1][0]:g})")
        tiers.append((start, price))
    return tiers


def _positive(value, where: str) -> float:
    value = _number(value, where)
    if value <= 0:
        raise ModelError(f"{where}: must be above 0")
    return value


def load_schedule(path: Path) -> Schedule:
    """Reads and validates a schedule file; raises ModelError."""
    raw = yaml.load(path.read_text(encoding="utf-8"), Loader=_Loader)
    if not isinstance(raw, dict):
        raise ModelError("file: expected a mapping at the top level")
    if "periods" not in raw:
        raise ModelError("file has no periods: list (single-period model: use check_models.py)")
    _keys(raw, {"name", "currency", "budget", "groups", "materials", "offers", "caps",
                "periods", "warehouse"}, "model")

    # periods
    periods: list[Period] = []
    for i, p in enumerate(_list(raw.get("periods"), "periods")):
        where = f"periods[{i}]"
        _keys(p, {"id", "days", "budget", "draw"}, where)
        pid = _period_key(p.get("id"), f"{where}.id")
        where = f"period {pid}"
        draw = p.get("draw", False)
        if not isinstance(draw, bool):
            raise ModelError(f"{where}.draw: expected true or false, got {draw!r}")
        periods.append(Period(
            id=pid,
            days=_number(p.get("days", 365), f"{where}.days"),
            budget=_number(p["budget"], f"{where}.budget") if p.get("budget") is not None else None,
            draw=draw,
        ))
    if not periods:
        raise ModelError("periods: empty list")
    index = {p.id: t for t, p in enumerate(periods)}
    if len(index) != len(periods):
        raise ModelError("periods: duplicate period ids")
    last = len(periods) - 1

    # groups
    groups: dict[str, frozenset[str]] = {}
    raw_groups = raw.get("groups") or {}
    if not isinstance(raw_groups, dict):
        raise ModelError("groups: expected a mapping")
    for group, members in raw_groups.items():
        where = f"groups.{group}"
        _identifier(group, where)
        if not isinstance(members, list) or not members:
            raise ModelError(f"{where}: expected a non-empty list of country codes")
        groups[group] = frozenset(_country(c, where) for c in members)

    # materials
    materials: list[Material] = []
    for i, m in enumerate(_list(raw.get("materials"), "materials")):
        where = f"materials[{i}]"
        _keys(m, {"id", "name", "unit", "stock", "daily_use", "target_days", "target", "budget",
                  "priority", "holding_cost", "warehouse", "max_suppliers"}, where)
        mid = _identifier(m.get("id"), f"{where}.id")
        where = f"material {mid}"
        if ("target" in m) == ("target_days" in m):
            raise ModelError(f"{where}: give exactly one of target and target_days")
        daily_use = _number(m["daily_use"], f"{where}.daily_use") if m.get("daily_use") is not None else None
        if "target" in m:
            targets = _per_period(m["target"], index, f"{where}.target", ramp=True)
        else:
            if daily_use is None:
                raise ModelError(f"{where}: target_days needs daily_use")
            days = _per_period(m["target_days"], index, f"{where}.target_days", ramp=True)
            targets = [d * daily_use for d in days]
        # A draw period has no target: the reserve is there to be drawn down.
        targets = [0.0 if period.draw else target for period, target in zip(periods, targets)]
        materials.append(Material(
            id=mid,
            stock=_number(m.get("stock", 0), f"{where}.stock"),
            daily_use=daily_use or 0.0,
            targets=targets,
            budget=_number(m["budget"], f"{where}.budget") if m.get("budget") is not None else None,
            priority=_number(m.get("priority", 1), f"{where}.priority"),
            holding_cost=_number(m.get("holding_cost", 0), f"{where}.holding_cost"),
            warehouse=(_number(m["warehouse"], f"{where}.warehouse")
                       if m.get("warehouse") is not None else None),
            max_suppliers=_whole(m["max_suppliers"], f"{where}.max_suppliers")
            if m.get("max_suppliers") is not None else None,
        ))
        if "name" in m:
            _text(m["name"], f"{where}.name")
        if "unit" in m:
            _text(m["unit"], f"{where}.unit")
    if not materials:
        raise ModelError("model: no materials")
    material_ids = [m.id for m in materials]
    if len(set(material_ids)) != len(material_ids):
        raise ModelError("model: duplicate material ids")

    # offers
    raw_offers = raw.get("offers")
    if isinstance(raw_offers, str):
        raise ModelError(f"offers: read from CSV file {raw_offers!r}, which check_schedule.py does "
                         "not support (CSV has no per-period columns); write the offers inline")
    offers: list[Offer] = []
    for i, o in enumerate(_list(raw_offers, "offers")):
        where = f"offers[{i}]"
        _keys(o, {"id", "supplier", "country", "material", "price", "capacity", "periods", "lead",
                  "prices", "capacities", "lot", "min_order", "fixed_cost", "tiers"}, where)
        oid = _identifier(o.get("id"), f"{where}.id")
        where = f"offer {oid}"
        material = _identifier(o.get("material"), f"{where}.material")
        if material not in material_ids:
            raise ModelError(f"{where}: unknown material {material!r}")
        lead = o.get("lead", 0)
        if isinstance(lead, float) and lead.is_integer():
            lead = int(lead)
        if isinstance(lead, bool) or not isinstance(lead, int) or lead < 0:
            raise ModelError(f"{where}.lead: expected a whole number of periods >= 0, got {lead!r}")
        if "periods" in o:
            allowed = []
            for pid in _list(o["periods"], f"{where}.periods"):
                pid = _period_key(pid, f"{where}.periods")
                if pid not in index:
                    raise ModelError(f"{where}.periods: unknown period {pid!r}")
                allowed.append(index[pid])
            orderable = sorted(set(allowed))
        else:
            orderable = list(range(len(periods)))
        orderable = [t for t in orderable if t + lead <= last]
        price_override = (_per_period(o["prices"], index, f"{where}.prices", ramp=False)
                          if o.get("prices") is not None else [math.nan] * len(periods))
        base_price = _number(o["price"], f"{where}.price") if o.get("price") is not None else None
        prices: dict[int, float] = {}
        for t in orderable:
            if not math.isnan(price_override[t]):
                prices[t] = price_override[t]
            elif base_price is not None:
                prices[t] = base_price
            else:
                raise ModelError(f"{where}: no price for period {periods[t].id} (give price or prices)")
        base_capacity = (_number(o["capacity"], f"{where}.capacity")
                         if o.get("capacity") is not None else None)
        cap_override: dict[int, float | None] = {}
        raw_caps = o.get("capacities")
        if raw_caps is not None:
            if not isinstance(raw_caps, dict):
                raise ModelError(f"{where}.capacities: expected a mapping period -> capacity")
            for key, v in raw_caps.items():
                pid = _period_key(key, f"{where}.capacities key")
                if pid not in index:
                    raise ModelError(f"{where}.capacities: unknown period {pid!r}")
                cap_override[index[pid]] = (None if v is None
                                            else _number(v, f"{where}.capacities.{pid}"))
        offers.append(Offer(
            id=oid,
            supplier=_text(o.get("supplier"), f"{where}.supplier"),
            country=_country(o.get("country"), f"{where}.country"),
            material=material,
            lead=lead,
            prices=prices,
            capacities={t: cap_override.get(t, base_capacity) for t in orderable},
            lot=_positive(o["lot"], f"{where}.lot") if o.get("lot") is not None else None,
            min_order=(_positive(o["min_order"], f"{where}.min_order")
                       if o.get("min_order") is not None else None),
            fixed_cost=(_number(o["fixed_cost"], f"{where}.fixed_cost")
                        if o.get("fixed_cost") is not None else None),
            tiers=_tiers(o.get("tiers"), f"{where}.tiers"),
        ))
        offer = offers[-1]
        if offer.tiers and o.get("prices") is not None:
            raise ModelError(f"{where}: tiers cannot be combined with prices by period")
        for rule in ("lot", "min_order"):
            value = getattr(offer, rule)
            if value is not None and base_capacity is not None and value > base_capacity:
                raise ModelError(f"{where}.{rule}: {value:g} is above the capacity {base_capacity:g}")
        rules = [rule for rule in ("min_order", "fixed_cost", "tiers") if getattr(offer, rule)]
        if [m for m in materials if m.id == material][0].max_suppliers is not None:
            rules.append(f"max_suppliers of {material}")
        for t in orderable:
            if rules and offer.capacities[t] is None:
                raise ModelError(f"{where}: {', '.join(rules)} needs a capacity (unlimited in period "
                                 f"{periods[t].id}); the capacity is the rule's upper limit")
    offer_ids = [o.id for o in offers]
    if len(set(offer_ids)) != len(offer_ids):
        raise ModelError("model: duplicate offer ids")

    # caps
    caps: list[Cap] = []
    for i, c in enumerate(_list(raw.get("caps"), "caps")):
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

    return Schedule(
        path=path,
        name=_text(raw.get("name"), "name"),
        currency=_text(raw.get("currency", "USD"), "currency"),
        budget=_number(raw["budget"], "budget") if raw.get("budget") is not None else None,
        warehouse=_number(raw["warehouse"], "warehouse") if raw.get("warehouse") is not None else None,
        periods=periods,
        materials=materials,
        offers=offers,
        caps=caps,
    )


# --------------------------------------------------------------------------- the LP


@dataclass
class Row:
    label: str
    coefficients: dict[int, float]  # sparse: variable index -> coefficient
    bound: float
    kind: str  # "target", "budget", "cap", "warehouse"
    period: int | None = None


@dataclass
class Variables:
    """Column layout: x[o,t], then L[m,t], then s[m,t], then u[m,t], then the integer
    rules' columns (n lots, y ordered, tier segments (q, z), w suppliers)."""
    x: dict[tuple[int, int], int] = field(default_factory=dict)
    level: dict[tuple[int, int], int] = field(default_factory=dict)
    s: dict[tuple[int, int], int] = field(default_factory=dict)
    u: dict[tuple[int, int], int] = field(default_factory=dict)
    n: dict[tuple[int, int], int] = field(default_factory=dict)
    y: dict[tuple[int, int], int] = field(default_factory=dict)
    segments: dict[tuple[int, int], list[tuple[int, int, float]]] = field(default_factory=dict)
    w: dict[tuple[int, str], int] = field(default_factory=dict)  # (material, supplier)
    bounds: list[tuple[float, float | None]] = field(default_factory=list)
    integrality: list[int] = field(default_factory=list)
    # an order column's spend: variable -> currency per unit (price x, tier q_k, fixed y)
    terms: dict[tuple[int, int], dict[int, float]] = field(default_factory=dict)

    def add(self, table: dict | None, key, low: float, high: float | None,
            integer: bool = False) -> int:
        col = len(self.bounds)
        if table is not None:
            table[key] = col
        self.bounds.append((low, high))
        self.integrality.append(1 if integer else 0)
        return col

    @property
    def mixed_integer(self) -> bool:
        return any(self.integrality)


@dataclass
class Plan:
    status: str                       # "optimal", "shortfall" or a solver failure message
    stage1: float = math.nan
    order_cost: float = math.nan
    holding_cost: float = math.nan
    value: np.ndarray | None = None
    rows: list[Row] = field(default_factory=list)
    slack: np.ndarray | None = None
    note: str = ""
    fixed_costs: float = 0.0
    mip: dict | None = None           # mixed-integer models: proven, gap, per-stage details

    @property
    def solved(self) -> bool:
        return self.status in ("optimal", "shortfall")


def release(s: Schedule, j: int, t: int) -> float:
    p = s.periods[t]
    return p.days * s.materials[j].daily_use if p.draw else 0.0


def build(s: Schedule):
    """Variables, equality rows (balance), `<=` rows, and the two objectives."""
    n_periods = len(s.periods)
    var = Variables()
    for k, o in enumerate(s.offers):
        for t in sorted(o.prices):
            var.add(var.x, (k, t), 0.0, o.capacities[t])
            var.terms[k, t] = {var.x[k, t]: o.prices[t]}
    for j, m in enumerate(s.materials):
        for t in range(n_periods):
            var.add(var.level, (j, t), 0.0, m.warehouse)
    for j, m in enumerate(s.materials):
        for t in range(n_periods):
            if m.targets[t] > TARGET_EPS:
                var.add(var.s, (j, t), 0.0, 1.0)
            if release(s, j, t) > 0:
                var.add(var.u, (j, t), 0.0, 1.0)
    material_index = {m.id: j for j, m in enumerate(s.materials)}
    rule_eq, rule_rows = integer_rules(s, var)

    # balance: L[m,t] - L[m,t-1] - deliveries - R u = -R  (L[m,-1] = stock moves right)
    eq_rows: list[dict[int, float]] = []
    eq_rhs: list[float] = []
    for j, m in enumerate(s.materials):
        for t in range(n_periods):
            a = {var.level[j, t]: 1.0}
            rhs = -release(s, j, t)
            if t == 0:
                rhs += m.stock
            else:
                a[var.level[j, t - 1]] = -1.0
            for (k, t_order), col in var.x.items():
                o = s.offers[k]
                if material_index[o.material] == j and t_order + o.lead == t:
                    a[col] = a.get(col, 0.0) - 1.0
            if (j, t) in var.u:
                a[var.u[j, t]] = -release(s, j, t)
            eq_rows.append(a)
            eq_rhs.append(rhs)
    eq_rows += rule_eq
    eq_rhs += [0.0] * len(rule_eq)

    rows: list[Row] = []
    # targets: -L - T s <= -T
    for (j, t), col in var.s.items():
        target = s.materials[j].targets[t]
        rows.append(Row(f"target {s.materials[j].id} in {s.periods[t].id}",
                        {var.level[j, t]: -1.0, col: -target}, -target, "target", t))

    def spend(t: int | None = None, material: int | None = None,
              countries: frozenset[str] | None = None, share: float | None = None,
              quantity: bool = False) -> dict[int, float]:
        a: dict[int, float] = {}
        for (k, t_order), col in var.x.items():
            o = s.offers[k]
            if t is not None and t_order != t:
                continue
            if material is not None and material_index[o.material] != material:
                continue
            factor = 1.0
            if share is not None:  # cap row: (in S - f) x weight
                factor = (1.0 if o.country in countries else 0.0) - share
            # A cap measures the units' value: the fixed cost (on the order's y) is not in it.
            fixed = var.y.get((k, t_order)) if share is not None else None
            for c, weight in ({col: 1.0} if quantity else var.terms[k, t_order]).items():
                if c == fixed:
                    continue
                weight *= factor
                if weight != 0.0:
                    a[c] = a.get(c, 0.0) + weight
        return a

    for t, p in enumerate(s.periods):
        if p.budget is not None:
            rows.append(Row(f"budget {p.id}", spend(t), p.budget, "budget", t))
    if s.budget is not None:
        rows.append(Row("budget (total)", spend(), s.budget, "budget"))
    for j, m in enumerate(s.materials):
        if m.budget is not None:
            rows.append(Row(f"budget {m.id}", spend(material=j), m.budget, "budget"))
    if s.warehouse is not None:
        for t, p in enumerate(s.periods):
            rows.append(Row(f"warehouse (total) in {p.id}",
                            {var.level[j, t]: 1.0 for j in range(len(s.materials))},
                            s.warehouse, "warehouse", t))
    for c_no, cap in enumerate(s.caps, start=1):
        for t, p in enumerate(s.periods):
            if cap.material is not None:
                scopes: list[int | None] = [material_index[cap.material]]
            elif cap.basis == "quantity":
                scopes = list(range(len(s.materials)))
            else:
                scopes = [None]  # spend over all materials
            for j in scopes:
                a = spend(t, j, cap.countries, cap.max_share, quantity=cap.basis == "quantity")
                scope = "all" if j is None else s.materials[j].id
                rows.append(Row(f"cap #{c_no} {cap.country} <= {cap.max_share:g} {cap.basis} "
                                f"[{scope}] in {p.id}", a, 0.0, "cap", t))

    n = len(var.bounds)
    top = max((m.priority for m in s.materials), default=0.0)
    weights = [m.priority / top if top > 0 else 0.0 for m in s.materials]
    stage1 = np.zeros(n)
    for table in (var.s, var.u):
        for (j, _), col in table.items():
            stage1[col] += weights[j]
    stage2 = np.zeros(n)
    for col, weight in spend().items():
        stage2[col] = weight
    for (j, _), col in var.level.items():
        stage2[col] = s.materials[j].holding_cost
    return var, eq_rows, eq_rhs, rows, rule_rows, stage1, stage2, weights


def integer_rules(s: Schedule, var: Variables) -> tuple[list[dict[int, float]], list[Row]]:
    """Adds the integer rules' columns; returns their `= 0` rows and `<= 0` rows."""
    eq: list[dict[int, float]] = []
    ub: list[Row] = []
    for (k, t), col in list(var.x.items()):
        o = s.offers[k]
        cap = o.capacities[t]
        name = f"{o.id}@{s.periods[t].id}"
        if o.lot is not None:  # x = L n
            most = None
            if cap is not None:
                ratio = cap / o.lot
                most = float(round(ratio) if abs(ratio - round(ratio)) <= 1e-9 * max(1.0, ratio)
                             else math.floor(ratio))
            n = var.add(var.n, (k, t), 0.0, most, integer=True)
            eq.append({col: 1.0, n: -o.lot})
        if not o.needs_used:
            continue
        y = var.add(var.y, (k, t), 0.0, 1.0, integer=True)
        least = o.min_order or 0.0
        if not o.tiers:
            ub.append(Row(f"ordered {name} (capacity)", {col: 1.0, y: -cap}, 0.0, "rule", t))
            if least > 0:
                ub.append(Row(f"ordered {name} (min_order)", {col: -1.0, y: least}, 0.0, "rule", t))
        else:
            starts = [0.0] + [a for a, _ in o.tiers]
            prices = [o.prices[t]] + [p for _, p in o.tiers]
            split: dict[int, float] = {col: 1.0}   # x - sum q = 0
            pick: dict[int, float] = {y: -1.0}     # sum z - y = 0
            terms: dict[int, float] = {}
            segments = []
            for i, start in enumerate(starts):
                lower = max(start, least)
                # a segment ends a millionth short of the next `from`: from there on only
                # the next price applies (as in Stockpile)
                upper = min(starts[i + 1] * (1 - 1e-6), cap) if i + 1 < len(starts) else cap
                if lower > upper or upper <= 0:
                    continue
                q = var.add(None, None, 0.0, upper)
                z = var.add(None, None, 0.0, 1.0, integer=True)
                ub.append(Row(f"tier {i} {name} (upper)", {q: 1.0, z: -upper}, 0.0, "rule", t))
                if lower > 0:
                    ub.append(Row(f"tier {i} {name} (lower)", {q: -1.0, z: lower}, 0.0, "rule", t))
                split[q] = -1.0
                pick[z] = 1.0
                terms[q] = prices[i]
                segments.append((q, z, prices[i]))
            eq += [split, pick]
            var.segments[k, t] = segments
            var.terms[k, t] = terms
        if o.fixed_cost:
            var.terms[k, t][y] = var.terms[k, t].get(y, 0.0) + o.fixed_cost
    for j, m in enumerate(s.materials):
        if m.max_suppliers is None:
            continue
        suppliers: dict[str, list[tuple[int, int]]] = {}
        for (k, t) in var.x:
            if s.offers[k].material == m.id:
                suppliers.setdefault(s.offers[k].supplier, []).append((k, t))
        if len(suppliers) <= m.max_suppliers:
            continue  # cannot bind
        count: dict[int, float] = {}
        for supplier, orders in suppliers.items():
            w = var.add(var.w, (j, supplier), 0.0, 1.0, integer=True)
            row = {var.x[key]: 1.0 for key in orders}
            row[w] = -sum(s.offers[k].capacities[t] for k, t in orders)
            ub.append(Row(f"supplier {supplier} of {m.id}", row, 0.0, "rule"))
            count[w] = 1.0
        ub.append(Row(f"max_suppliers {m.id}", count, float(m.max_suppliers), "rule"))
    return eq, ub


def _sparse(rows: list[dict[int, float]], n: int) -> csr_matrix:
    data, r_idx, c_idx = [], [], []
    for r, a in enumerate(rows):
        for c, v in a.items():
            r_idx.append(r)
            c_idx.append(c)
            data.append(v)
    return csr_matrix((data, (r_idx, c_idx)), shape=(len(rows), n))


def solve(s: Schedule, time_limit: float = DEFAULT_TIME_LIMIT) -> tuple[Plan, Variables]:
    var, eq_rows, eq_rhs, rows, rule_rows, stage1, stage2, weights = build(s)
    if not var.mixed_integer:
        return _solve_lp(s, var, eq_rows, eq_rhs, rows, stage1, stage2, weights)
    return _solve_mip(s, var, eq_rows, eq_rhs, rows, rule_rows, stage1, stage2, weights, time_limit)


def _order_columns(var: Variables) -> list[int]:
    """Every column with a cost in some order's spend (x, tier segments, fixed costs)."""
    return sorted({col for terms in var.terms.values() for col in terms})


def _solve_lp(s: Schedule, var: Variables, eq_rows, eq_rhs, rows: list[Row],
              stage1: np.ndarray, stage2: np.ndarray, weights: list[float]) -> tuple[Plan, Variables]:
    """A model without integer rules: two linprog solves (HiGHS simplex / IPM)."""
    n = len(var.bounds)
    a_eq, b_eq = _sparse(eq_rows, n), np.array(eq_rhs)
    a_ub = _sparse([r.coefficients for r in rows], n) if rows else None
    b_ub = np.array([r.bound for r in rows]) if rows else None

    first = linprog(stage1, A_ub=a_ub, b_ub=b_ub, A_eq=a_eq, b_eq=b_eq,
                    bounds=var.bounds, method="highs")
    if first.status != 0:
        return Plan(f"solver failure (stage 1): {first.message}"), var
    best = float(first.fun)

    a2 = _sparse([r.coefficients for r in rows] + [dict(enumerate(stage1))], n)
    note = ""
    if best <= ZERO_OPTIMUM:
        bounds = list(var.bounds)
        for table in (var.s, var.u):
            for (j, _), col in table.items():
                if weights[j] > 0:
                    bounds[col] = (0.0, 0.0)
        b2 = np.append(b_ub if b_ub is not None else [], 0.0)
        second = linprog(stage2, A_ub=a2, b_ub=b2, A_eq=a_eq, b_eq=b_eq,
                         bounds=bounds, method="highs")
        if second.status == 2:  # optimum was tiny but not zero: fall back to the hold row
            note = "stage-1 optimum <= 1e-9 but not exactly attainable at 0; held at optimum instead"
            b2[-1] = best * (1 + HOLD_TOLERANCE) + ZERO_OPTIMUM
            second = linprog(stage2, A_ub=a2, b_ub=b2, A_eq=a_eq, b_eq=b_eq,
                             bounds=var.bounds, method="highs")
    else:
        b2 = np.append(b_ub if b_ub is not None else [], best * (1 + HOLD_TOLERANCE))
        second = linprog(stage2, A_ub=a2, b_ub=b2, A_eq=a_eq, b_eq=b_eq,
                         bounds=var.bounds, method="highs")
    if second.status != 0:
        return Plan(f"solver failure (stage 2): {second.message}", stage1=best), var
    x = np.where(np.abs(second.x) < 1e-9, 0.0, second.x)
    order_cost = float(sum(stage2[col] * x[col] for col in _order_columns(var)))
    holding = float(sum(stage2[col] * x[col] for col in var.level.values()))
    short = any(x[col] > STATUS_TOLERANCE for table in (var.s, var.u) for col in table.values())
    return Plan(
        status="shortfall" if short else "optimal",
        stage1=float(stage1 @ x),
        order_cost=order_cost,
        holding_cost=holding,
        value=x,
        rows=rows,
        slack=second.ineqlin.residual[:len(rows)],
        note=note,
    ), var


def _milp(c: np.ndarray, a_ub: csr_matrix, b_ub: np.ndarray, a_eq: csr_matrix, b_eq: np.ndarray,
          bounds: list[tuple[float, float | None]], integrality: list[int], time_limit: float):
    lower = np.array([b[0] for b in bounds], dtype=float)
    upper = np.array([np.inf if b[1] is None else b[1] for b in bounds], dtype=float)
    constraints = [LinearConstraint(a_eq, b_eq, b_eq)]
    if a_ub.shape[0]:
        constraints.append(LinearConstraint(a_ub, -np.inf, b_ub))
    return milp(c, integrality=np.array(integrality), bounds=Bounds(lower, upper),
                constraints=constraints,
                options={"time_limit": time_limit, "mip_rel_gap": MIP_REL_GAP, "disp": False})


def _stage_info(result) -> dict:
    gap = getattr(result, "mip_gap", None)
    bound = getattr(result, "mip_dual_bound", None)
    return {
        "proven": result.status == 0,
        "status": "proven optimal" if result.status == 0 else result.message,
        "objective": None if result.fun is None else float(result.fun),
        "bound": None if bound is None or not math.isfinite(bound) else float(bound),
        "gap": None if gap is None or not math.isfinite(gap) else float(gap),
        "nodes": getattr(result, "mip_node_count", None),
    }


def _has_plan(result) -> bool:
    """Proven optimal, or stopped by a limit with a feasible plan in hand."""
    return result.status == 0 or (result.status == 1 and result.x is not None)


def _solve_mip(s: Schedule, var: Variables, eq_rows, eq_rhs, rows: list[Row], rule_rows: list[Row],
               stage1: np.ndarray, stage2: np.ndarray, weights: list[float],
               time_limit: float) -> tuple[Plan, Variables]:
    """A model with integer rules: two milp solves (HiGHS branch and cut), then an LP polish."""
    n = len(var.bounds)
    a_eq, b_eq = _sparse(eq_rows, n), np.array(eq_rhs)
    all_rows = rows + rule_rows
    a_ub = _sparse([r.coefficients for r in all_rows], n)
    b_ub = np.array([r.bound for r in all_rows], dtype=float)

    first = _milp(stage1, a_ub, b_ub, a_eq, b_eq, var.bounds, var.integrality, time_limit)
    info = {"stage1": _stage_info(first)}
    if not _has_plan(first):
        return Plan(f"solver failure (stage 1): {first.message}", mip=info), var
    best = float(first.fun)

    a2 = _sparse([r.coefficients for r in all_rows] + [dict(enumerate(stage1))], n)
    bounds = list(var.bounds)
    note = ""
    if best <= ZERO_OPTIMUM:
        for table in (var.s, var.u):
            for (j, _), col in table.items():
                if weights[j] > 0:
                    bounds[col] = (0.0, 0.0)
        b2 = np.append(b_ub, 0.0)
        second = _milp(stage2, a2, b2, a_eq, b_eq, bounds, var.integrality, time_limit)
        if second.status == 2:  # optimum was tiny but not zero: fall back to the hold row
            note = "stage-1 optimum <= 1e-9 but not exactly attainable at 0; held at optimum instead"
            bounds = list(var.bounds)
            b2[-1] = best * (1 + HOLD_TOLERANCE) + ZERO_OPTIMUM
            second = _milp(stage2, a2, b2, a_eq, b_eq, bounds, var.integrality, time_limit)
    else:
        b2 = np.append(b_ub, best * (1 + HOLD_TOLERANCE))
        second = _milp(stage2, a2, b2, a_eq, b_eq, bounds, var.integrality, time_limit)
    info["stage2"] = _stage_info(second)
    if not _has_plan(second):
        return Plan(f"solver failure (stage 2): {second.message}", stage1=best, mip=info), var
    info["proven"] = info["stage1"]["proven"] and info["stage2"]["proven"]
    gaps = [info[stage]["gap"] for stage in ("stage1", "stage2")]
    info["gap"] = None if None in gaps else max(gaps)  # the larger of the two stages' gaps

    # Polish: fix the integer columns at their rounded values and re-solve the LP, so that
    # HiGHS's integrality and feasibility tolerances leave no fractional binaries behind.
    fixed = list(bounds)
    for col, integer in enumerate(var.integrality):
        if integer:
            v = float(round(second.x[col]))
            fixed[col] = (v, v)
    polish = linprog(stage2, A_ub=a2, b_ub=b2, A_eq=a_eq, b_eq=b_eq, bounds=fixed, method="highs")
    if polish.status == 0:
        x, slack = polish.x, polish.ineqlin.residual[:len(rows)]
        info["polished"] = True
    else:
        x = second.x
        slack = b_ub[:len(rows)] - _sparse([r.coefficients for r in rows], n) @ x if rows else np.array([])
        info["polished"] = False
        note = (note + "; " if note else "") + f"LP polish failed ({polish.message}); MIP values shown"
    x = np.where(np.abs(x) < 1e-9, 0.0, x)
    order_cost = float(sum(stage2[col] * x[col] for col in _order_columns(var)))
    holding = float(sum(stage2[col] * x[col] for col in var.level.values()))
    fixed_costs = float(sum(s.offers[k].fixed_cost * x[col] for (k, t), col in var.y.items()
                            if s.offers[k].fixed_cost))
    short = any(x[col] > STATUS_TOLERANCE for table in (var.s, var.u) for col in table.values())
    if not info["proven"]:
        note = (note + "; " if note else "") + "not proven optimal (time limit): best plan found"
    return Plan(
        status="shortfall" if short else "optimal",
        stage1=float(stage1 @ x),
        order_cost=order_cost,
        holding_cost=holding,
        value=x,
        rows=rows,
        slack=slack,
        note=note,
        fixed_costs=fixed_costs,
        mip=info,
    ), var


def binding(s: Schedule, plan: Plan, var: Variables) -> list[str]:
    """Budgets, caps and warehouse limits at their limit (rows with no activity are not reported)."""
    result = []
    x = plan.value
    for row, slack in zip(plan.rows, plan.slack):
        if row.kind == "target":
            continue
        active = sum(abs(c) * x[col] for col, c in row.coefficients.items())
        scale = max(abs(row.bound), active, 1.0)
        if active > 1e-9 and slack <= BIND_TOLERANCE * scale:
            result.append(row.label)
    for (j, t), col in var.level.items():
        w = s.materials[j].warehouse
        if w is not None and x[col] > 1e-9 and x[col] >= w - BIND_TOLERANCE * max(w, 1.0):
            result.append(f"warehouse {s.materials[j].id} in {s.periods[t].id}")
    return result


# --------------------------------------------------------------------------- report


def tables(s: Schedule, plan: Plan, var: Variables) -> dict:
    """Per material and period: target, ordered, delivered, level, shortfall, unreleased."""
    x = plan.value
    n_periods = len(s.periods)
    out = {}
    for j, m in enumerate(s.materials):
        ordered = [0.0] * n_periods
        delivered = [0.0] * n_periods
        for (k, t), col in var.x.items():
            o = s.offers[k]
            if o.material == m.id:
                ordered[t] += x[col]
                delivered[t + o.lead] += x[col]
        out[m.id] = {
            "target": list(m.targets),
            "ordered": ordered,
            "delivered": delivered,
            "level": [x[var.level[j, t]] for t in range(n_periods)],
            "shortfall": [m.targets[t] * x[var.s[j, t]] if (j, t) in var.s else 0.0
                          for t in range(n_periods)],
            "unreleased": [release(s, j, t) * x[var.u[j, t]] if (j, t) in var.u else 0.0
                           for t in range(n_periods)],
        }
    return out


def period_spend(s: Schedule, plan: Plan, var: Variables) -> list[float]:
    """Spend on orders placed in each period (tier prices and fixed costs included)."""
    result = [0.0] * len(s.periods)
    for (k, t), terms in var.terms.items():
        result[t] += sum(weight * plan.value[col] for col, weight in terms.items())
    return result


@dataclass
class Order:
    offer: str
    period: str
    quantity: float
    price: float       # per unit paid: the tier reached, else price(o,t)
    fixed_cost: float  # paid for this order (0 for none)
    cost: float        # quantity x price + fixed cost


def orders(s: Schedule, plan: Plan, var: Variables, tolerance: float) -> list[Order]:
    """Orders above `tolerance` units (and orders that pay a fixed cost), in column order."""
    x = plan.value
    result = []
    for (k, t), col in var.x.items():
        o = s.offers[k]
        fixed = (o.fixed_cost or 0.0) * x[var.y[k, t]] if (k, t) in var.y else 0.0
        if x[col] <= tolerance and fixed <= tolerance:
            continue
        price = o.prices[t]
        if (k, t) in var.segments and var.segments[k, t]:
            _, _, price = max(var.segments[k, t], key=lambda seg: x[seg[0]])
        cost = sum(weight * x[c] for c, weight in var.terms[k, t].items())
        result.append(Order(o.id, s.periods[t].id, x[col], price, fixed, cost))
    return result


def _r(value: float) -> float:
    value = round(float(value), 6)
    return 0.0 if value == 0 else value


def report_json(path: Path, s: Schedule | None, plan: Plan | None, var: Variables | None,
                status: str, message: str = "") -> dict:
    obj: dict = {"file": str(path), "status": status}
    if message:
        obj["message"] = message
    if plan is not None and plan.mip is not None and not plan.solved:
        obj["mip"] = plan.mip
    if plan is None or not plan.solved:
        return obj
    t = tables(s, plan, var)
    obj.update({
        "total_cost": _r(plan.order_cost + plan.holding_cost),
        "order_cost": _r(plan.order_cost),
        "holding_cost": _r(plan.holding_cost),
        "currency": s.currency,
        "periods": [p.id for p in s.periods],
        "levels": {mid: [_r(v) for v in row["level"]] for mid, row in t.items()},
        "shortfall": {mid: [_r(v) for v in row["shortfall"]] for mid, row in t.items()},
        "unreleased": {mid: [_r(v) for v in row["unreleased"]] for mid, row in t.items()},
        "ordered": {mid: [_r(v) for v in row["ordered"]] for mid, row in t.items()},
        "delivered": {mid: [_r(v) for v in row["delivered"]] for mid, row in t.items()},
        "spend": [_r(v) for v in period_spend(s, plan, var)],
        "orders": {f"{s.offers[k].id}@{s.periods[tt].id}": _r(plan.value[col])
                   for (k, tt), col in var.x.items() if plan.value[col] > 1e-9},
        "order_details": [{"offer": o.offer, "period": o.period, "quantity": _r(o.quantity),
                           "price": _r(o.price), "fixed_cost": _r(o.fixed_cost), "cost": _r(o.cost)}
                          for o in orders(s, plan, var, 1e-9)],
        "fixed_costs": _r(plan.fixed_costs),
        "mip": None if plan.mip is None else {
            "proven": plan.mip["proven"], "gap": plan.mip["gap"],
            "stage1": plan.mip["stage1"], "stage2": plan.mip["stage2"],
            "polished": plan.mip.get("polished", False)},
        "stage1": plan.stage1,
        "binding": binding(s, plan, var),
    })
    if plan.note:
        obj["note"] = plan.note
    return obj


def report_text(s: Schedule, plan: Plan, var: Variables) -> None:
    print(f"== {s.path}: {s.name} ({s.currency})")
    if plan.mip is not None:
        for stage in ("stage1", "stage2"):
            if stage in plan.mip:
                i = plan.mip[stage]
                gap = "n/a" if i["gap"] is None else f"{i['gap']:.3g}"
                print(f"   MIP {stage.replace('stage', 'stage ')}: "
                      f"{'proven optimal' if i['proven'] else 'NOT proven optimal: ' + i['status']}"
                      f" (gap {gap}, nodes {i['nodes']})")
    if not plan.solved:
        print(f"   status: {plan.status}")
        return
    print(f"   status: {plan.status}   weighted shortfall (stage 1): {plan.stage1:.6g}")
    if plan.note:
        print(f"   note: {plan.note}")
    fixed = f", of which fixed costs {plan.fixed_costs:,.2f}" if plan.mip is not None else ""
    print(f"   total cost: {plan.order_cost + plan.holding_cost:,.2f} {s.currency}   "
          f"(orders {plan.order_cost:,.2f}{fixed}, holding {plan.holding_cost:,.2f})")
    for mid, t in tables(s, plan, var).items():
        print(f"   material {mid}")
        print(f"     {'period':<12}{'target':>14}{'ordered':>14}{'delivered':>14}{'level':>14}"
              f"{'shortfall':>14}{'unreleased':>14}")
        for i, p in enumerate(s.periods):
            print(f"     {p.id:<12}" + "".join(f"{t[key][i]:>14,.2f}" for key in
                  ("target", "ordered", "delivered", "level", "shortfall", "unreleased")))
    spend = period_spend(s, plan, var)
    print("   spend per period:")
    for p, v in zip(s.periods, spend):
        limit = f"budget {p.budget:,.2f}" if p.budget is not None else "no budget"
        print(f"     {p.id:<12}{v:>14,.2f}   {limit}")
    total = f" (budget {s.budget:,.2f})" if s.budget is not None else ""
    print(f"     {'total':<12}{sum(spend):>14,.2f}{total}")
    if plan.mip is None:
        listed = ", ".join(f"{s.offers[k].id}@{s.periods[t].id} {plan.value[col]:,.2f}"
                           for (k, t), col in var.x.items() if plan.value[col] > 1e-6)
    else:  # price paid (tier) and fixed cost per order
        listed = ", ".join(f"{o.offer}@{o.period} {o.quantity:,.2f} x {o.price:,.2f}"
                           + (f" + fixed {o.fixed_cost:,.2f}" if o.fixed_cost > 1e-6 else "")
                           for o in orders(s, plan, var, 1e-6))
    print(f"   orders: {listed or 'none'}")
    bind = binding(s, plan, var)
    print("   binding: " + ("; ".join(bind) if bind else "no budget, cap or warehouse"))


def schedule_files(paths: list[str]) -> list[Path]:
    if paths:
        return [Path(p) for p in paths]
    found = []
    for p in sorted(MODELS_DIR.rglob("*.yaml")):
        try:
            if PERIODS_KEY_RE.search(p.read_text(encoding="utf-8")):
                found.append(p)
        except (OSError, UnicodeDecodeError):
            found.append(p)  # let the loader report it
    return found


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("files", nargs="*",
                        help="schedule files (default: every *.yaml under Models/ with periods:)")
    parser.add_argument("--json", action="store_true",
                        help="print one JSON object per file (one per line) instead of the report")
    parser.add_argument("--time-limit", type=float, default=DEFAULT_TIME_LIMIT, metavar="SECONDS",
                        help="HiGHS time limit per mixed-integer stage (default %(default)g s)")
    args = parser.parse_args()
    if not args.time_limit > 0:
        parser.error("--time-limit must be above 0")
    files = schedule_files(args.files)
    if not files and not args.json:
        print(f"no schedule files (*.yaml with periods:) under {MODELS_DIR}")
    ok = True
    for path in files:
        try:
            schedule = load_schedule(path)
        except (ModelError, OSError, UnicodeDecodeError, yaml.YAMLError) as error:
            ok = False
            if args.json:
                print(json.dumps(report_json(path, None, None, None, "invalid", str(error))))
            else:
                print(f"== {path}: INVALID: {error}\n")
            continue
        plan, var = solve(schedule, args.time_limit)
        ok = ok and plan.solved
        if args.json:
            print(json.dumps(report_json(path, schedule, plan, var,
                                         plan.status if plan.solved else "error",
                                         "" if plan.solved else plan.status)))
        else:
            report_text(schedule, plan, var)
            print()
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
