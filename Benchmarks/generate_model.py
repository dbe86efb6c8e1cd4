#!/usr/bin/env python3
"""Writes a large generated Stockpile model (YAML + CSV offers) with a fixed seed.

    python3 Benchmarks/generate_model.py OUT_DIR [--materials 50] [--offers 2000]
        [--countries 60] [--share 0.35] [--seed 7] [--budget 1.0e12] [--inline | --json]

Each material gets OFFERS offers spread over COUNTRIES countries (the first of ISO 3166-1's
249 assigned alpha-2 codes in order: AD, AE, AF, ...; at most 249), prices around a per-material base price (x0.8 to x1.5), capacities 5 to 50
units; every country is capped at SHARE of each material's purchases. Targets are 90
days of 100 units/day over a stock of 1,000, so every target can be met and the caps
decide the plan. The total budget is BUDGET (written as given; the default 1.0e12 never
binds: the unconstrained optimum of the default model costs 8,790,305,039.58 USD, so
--budget 8.0e9 makes it bind). The same arguments always give byte-identical files.
--inline writes the offers into generated.yaml instead of generated.csv; --json writes the
same inline model as generated.json (both measure what parsing a large model file costs);
--xlsx writes the whole model as the workbook generated.xlsx (sheets Settings, Materials,
Offers, Caps; written by openpyxl, text as shared strings; docs/spreadsheets.md).
"""
import argparse
import os
import random


# ISO 3166-1's officially assigned alpha-2 codes, in order: a model may only use real codes.
ISO_CODES = (
    "AD AE AF AG AI AL AM AO AQ AR AS AT AU AW AX AZ BA BB BD BE BF BG BH BI BJ BL BM BN BO "
    "BQ BR BS BT BV BW BY BZ CA CC CD CF CG CH CI CK CL CM CN CO CR CU CV CW CX CY CZ DE DJ "
    "DK DM DO DZ EC EE EG EH ER ES ET FI FJ FK FM FO FR GA GB GD GE GF GG GH GI GL GM GN GP "
    "GQ GR GS GT GU GW GY HK HM HN HR HT HU ID IE IL IM IN IO IQ IR IS IT JE JM JO JP KE KG "
    "KH KI KM KN KP KR KW KY KZ LA LB LC LI LK LR LS LT LU LV LY MA MC MD ME MF MG MH MK ML "
    "MM MN MO MP MQ MR MS MT MU MV MW MX MY MZ NA NC NE NF NG NI NL NO NP NR NU NZ OM PA PE "
    "PF PG PH PK PL PM PN PR PS PT PW PY QA RE RO RS RU RW SA SB SC SD SE SG SH SI SJ SK SL "
    "SM SN SO SR SS ST SV SX SY SZ TC TD TF TG TH TJ TK TL TM TN TO TR TT TV TW TZ UA UG UM "
    "US UY UZ VA VC VE VG VI VN VU WF WS YE YT ZA ZM ZW"
).split()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out_dir")
    parser.add_argument("--materials", type=int, default=50)
    parser.add_argument("--offers", type=int, default=2000, help="offers per material")
    parser.add_argument("--countries", type=int, default=60)
    parser.add_argument("--share", type=float, default=0.35)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--budget", default="1.0e12",
                        help="total budget, written into the YAML as given (default 1.0e12: never binds)")
    parser.add_argument("--inline", action="store_true", help="offers inline in generated.yaml, no CSV")
    parser.add_argument("--json", action="store_true", help="the inline model as generated.json")
    parser.add_argument("--xlsx", action="store_true", help="the model as the workbook generated.xlsx (needs openpyxl)")
    args = parser.parse_args()
    try:
        positive = float(args.budget) > 0
    except ValueError:
        positive = False
    if not positive:
        parser.error(f"--budget must be a positive number, not {args.budget!r}")

    rng = random.Random(args.seed)
    if not 1 <= args.countries <= len(ISO_CODES):
        parser.error(f"--countries must be 1 to {len(ISO_CODES)}, not {args.countries}")
    countries = ISO_CODES[:args.countries]
    os.makedirs(args.out_dir, exist_ok=True)
    materials = [{"id": f"m{m}", "stock": 1000, "daily_use": 100, "target_days": 90} for m in range(args.materials)]
    caps = [{"country": country, "max_share": args.share} for country in countries]
    offers = []
    for m in range(args.materials):
        base = rng.uniform(1000, 50000)
        for o in range(args.offers):
            country = countries[rng.randrange(args.countries)]
            price = base * rng.uniform(0.8, 1.5)
            offers.append((f"o{m}-{o}", f"S{o}", country, f"m{m}", f"{price:.2f}", f"{rng.uniform(5, 50):.1f}"))
    name = f"Generated {args.materials} x {args.offers} x {args.countries}"
    if args.xlsx:
        import datetime
        import openpyxl
        book = openpyxl.Workbook(write_only=True)
        settings = book.create_sheet("Settings")
        for row in (["field", "value"], ["name", name], ["currency", "USD"], ["budget", float(args.budget)]):
            settings.append(row)
        sheet = book.create_sheet("Materials")
        sheet.append(["id", "stock", "daily_use", "target_days"])
        for material in materials:
            sheet.append([material["id"], 1000, 100, 90])
        sheet = book.create_sheet("Offers")
        sheet.append(["id", "supplier", "country", "material", "price", "capacity"])
        for i, s, c, m, p, q in offers:
            sheet.append([i, s, c, m, float(p), float(q)])
        sheet = book.create_sheet("Caps")
        sheet.append(["country", "max_share"])
        for cap in caps:
            sheet.append([cap["country"], cap["max_share"]])
        book.properties.created = book.properties.modified = datetime.datetime(2026, 1, 1)
        book.save(os.path.join(args.out_dir, "generated.xlsx"))
        return
    if args.json:
        import json
        document = {
            "name": name, "currency": "USD", "budget": float(args.budget), "materials": materials,
            "offers": [{"id": i, "supplier": s, "country": c, "material": m, "price": float(p), "capacity": float(q)}
                       for i, s, c, m, p, q in offers],
            "caps": caps,
        }
        with open(os.path.join(args.out_dir, "generated.json"), "w") as model:
            json.dump(document, model, indent=1)
        return
    with open(os.path.join(args.out_dir, "generated.yaml"), "w") as model:
        model.write(f"# Generated by Benchmarks/generate_model.py (seed {args.seed}).\n")
        model.write(f"name: {name}\n")
        model.write(f"currency: USD\nbudget: {args.budget}\nmaterials:\n")
        for material in materials:
            model.write(f"  - id: {material['id']}\n    stock: 1000\n    daily_use: 100\n    target_days: 90\n")
        if args.inline:
            model.write("offers:\n")
            for i, s, c, m, p, q in offers:
                model.write(f"  - {{id: {i}, supplier: {s}, country: {c}, material: {m}, price: {p}, capacity: {q}}}\n")
        else:
            model.write("offers: generated.csv\n")
        model.write("caps:\n")
        for cap in caps:
            model.write(f"  - country: {cap['country']}\n    max_share: {cap['max_share']}\n")
    if args.inline:
        return
    with open(os.path.join(args.out_dir, "generated.csv"), "w") as csv:
        csv.write("id,supplier,country,material,price,capacity\n")
        for offer in offers:
            csv.write(",".join(offer) + "\n")

if __name__ == "__main__":
    main()
