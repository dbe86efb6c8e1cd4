#!/usr/bin/env python3
"""Hand-worked cases for the stage caps of Tests/Random/reference.py (docs/stages.md),
checked without stockpile: python3 Tests/Random/selftest_stages.py (last line `N passed, M failed`).

One material, target 100 t, no stock; offers (docs/stages.md's example plus an Australian miner):
  cd-co  seller CH, origin mined CD, refined CN   33,000/t
  fi-co  seller FI, origin mined CD (refined: FI, the seller's country)   36,000/t
  au-co  seller AU, no origin (AU at every stage)  40,000/t
"""
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import reference  # noqa: E402

BASE = {
    "name": "stages by hand", "currency": "USD", "stages": ["mined", "refined"],
    "materials": [{"id": "cobalt", "target": 100, "stock": 0}],
    "offers": [
        {"id": "cd-co", "supplier": "Glencore", "country": "CH", "material": "cobalt", "price": 33000,
         "origin": {"mined": "CD", "refined": "CN"}},
        {"id": "fi-co", "supplier": "Umicore", "country": "FI", "material": "cobalt", "price": 36000,
         "origin": {"mined": "CD"}},
        {"id": "au-co", "supplier": "Lynas", "country": "AU", "material": "cobalt", "price": 40000},
    ],
}

CASES = [
    # no caps: all from the cheapest
    ("no cap", [], "optimal", 100 * 33000),
    # CN at refined <= 65%: 65 t cd-co, 35 t fi-co
    ("CN at refined 0.65", [{"country": "CN", "stage": "refined", "max_share": 0.65}], "optimal",
     65 * 33000 + 35 * 36000),
    # no stage: at mined (no CN) and refined (cd-co): the same
    ("CN at every stage 0.65", [{"country": "CN", "max_share": 0.65}], "optimal", 65 * 33000 + 35 * 36000),
    # CD at mined <= 50%: half from AU, half from cd-co
    ("CD at mined 0.5", [{"country": "CD", "stage": "mined", "max_share": 0.5}], "optimal", 50 * 33000 + 50 * 40000),
    # CH (a seller, never an origin at any stage): counts for nothing at any stage
    ("CH at every stage 0", [{"country": "CH", "max_share": 0.0}], "optimal", 100 * 33000),
    # CD at refined: nobody refines in CD
    ("CD at refined 0", [{"country": "CD", "stage": "refined", "max_share": 0.0}], "optimal", 100 * 33000),
    # CD (no stage) <= 50% and CN at refined <= 20%: mined CD <= 50 -> 50 AU; CN refined <= 20 -> 20 cd-co, 30 fi-co
    ("CD 0.5 and CN at refined 0.2", [{"country": "CD", "max_share": 0.5},
                                       {"country": "CN", "stage": "refined", "max_share": 0.2}], "optimal",
     20 * 33000 + 30 * 36000 + 50 * 40000),
    # a group at mined: {CD, AU} is everything: nothing can be bought, all short
    ("group at mined 0", [{"country": "bloc", "stage": "mined", "max_share": 0.0}], "shortfall", 0.0),
    # spend basis at refined: CN spend <= 50% of spend: 33000 a = 36000 b, a + b = 100
    ("CN spend at refined 0.5", [{"country": "CN", "stage": "refined", "max_share": 0.5, "basis": "spend"}], "optimal",
     2 * 33000 * (100 * 36000 / 69000)),
]


def main():
    passed = failed = 0
    for name, caps, status, cost in CASES:
        model = dict(BASE, caps=caps)
        if any(c["country"] == "bloc" for c in caps):
            model["groups"] = {"bloc": ["CD", "AU"]}
        res = reference.solve_model(model)
        ok = res["status"] == status and abs(res["total_cost"] - cost) <= 1e-6 * max(cost, 1)
        print(f"{'ok  ' if ok else 'FAIL'} {name}: {res['status']} {res['total_cost']:.2f} (by hand {status} {cost:.2f})")
        passed += ok
        failed += not ok
    print(f"{passed} passed, {failed} failed")
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
