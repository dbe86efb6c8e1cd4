#!/usr/bin/env python3
"""Checks `stockpile explain`'s price ranges by re-planning.

    python3 Models/tools/check_ranges.py MODEL.yaml [--stockpile PATH] [FLAGS...]

For every offer with a price range, plans the model again with that offer's price moved
just inside each finite end of its range (0.1% in from the end, when that is still inside) and checks the purchases
stay as planned: a range must be sure. It also moves the price just outside each end and
counts how often the plan changes there (on a degenerate basis a range can be narrower
than the true one, so an unchanged plan outside is reported, not a failure). Extra FLAGS
(scenario flags) apply to every run. Exits 1 if any inside check fails.
"""
import argparse
import csv
import io
import json
import os
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("model")
    parser.add_argument("--stockpile", default=os.path.join(ROOT, ".build", "release", "stockpile"))
    args, flags = parser.parse_known_args()

    def run(command, extra):
        return subprocess.run([args.stockpile, command, args.model] + flags + extra, capture_output=True, text=True)

    def purchases(extra):
        result = run("plan", ["--format", "csv"] + extra)
        return result.returncode, {row["offer"]: float(row["quantity"]) for row in csv.DictReader(io.StringIO(result.stdout))}

    def same(a, b):
        return all(abs(a.get(k, 0) - b.get(k, 0)) <= 1e-4 * max(1, abs(a.get(k, 0))) for k in set(a) | set(b))

    explained = run("explain", ["--format", "json"])
    if explained.returncode not in (0, 3):
        sys.exit(f"stockpile explain failed: {explained.stderr}")
    status, base = purchases([])
    failures = 0
    narrower = 0
    checked = 0
    for offer in json.loads(explained.stdout)["offers"]:
        for end, inward in ((offer["price_from"], 1), (offer["price_to"], -1)):
            if end is None or end <= 0:
                continue
            low = offer["price_from"] if offer["price_from"] is not None else float("-inf")
            high = offer["price_to"] if offer["price_to"] is not None else float("inf")
            for label, price, inside in (("inside", end * (1 + 0.001 * inward), True), ("outside", end * (1 - 0.001 * inward), False)):
                # A range narrower than the step has no point "just inside": skip it.
                if price < 0 or (inside and not low <= price <= high):
                    continue
                code, plan = purchases(["--price", f"{offer['offer']}={price:.6f}"])
                stays = code == status and same(plan, base)
                checked += 1
                if inside and not stays:
                    failures += 1
                    print(f"FAIL {offer['offer']}: price {price:.6f} just inside [{offer['price_from']}, {offer['price_to']}] changes the plan")
                if not inside and stays:
                    narrower += 1
    print(f"{args.model}: {checked} re-plans; {failures} inside the ranges changed the plan; "
          f"{narrower} just outside kept it (ranges narrower than the true ones)")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
