#!/usr/bin/env python3
"""Write a Stockpile model file (YAML or JSON, offers inline or in a CSV file) as a model
workbook (.xlsx), with openpyxl, in the layout `docs/spreadsheets.md` describes:

    python3 Models/tools/yaml_to_xlsx.py Models/japan-critical-minerals.yaml Models/japan-critical-minerals.xlsx

openpyxl stores text as shared strings, as spreadsheet programs do (Stockpile's own
writer stores it inline), so the workbook also tests the reader on a third-party file.
The output is deterministic: the workbook's dates are fixed.
"""
import csv
import datetime
import os
import sys

import openpyxl
import yaml

MATERIAL_FIELDS = ["id", "name", "unit", "stock", "daily_use", "target_days", "target", "budget", "priority",
                   "max_suppliers", "holding_cost", "warehouse"]
OFFER_FIELDS = ["id", "supplier", "country", "material", "price", "capacity", "lot", "min_order", "fixed_cost", "lead",
                "periods"]
CAP_FIELDS = ["country", "max_share", "material", "basis", "stage"]
PERIOD_FIELDS = ["id", "days", "budget", "draw"]


def number(text):
    """A CSV field as a number (int when whole), or None when empty."""
    if text is None or text.strip() == "":
        return None
    value = float(text)
    return int(value) if value.is_integer() and abs(value) < 1e15 else value


def load(path):
    with open(path, encoding="utf-8") as handle:
        model = yaml.safe_load(handle)
    offers = model.get("offers") or []
    if isinstance(offers, str):
        with open(os.path.join(os.path.dirname(path), offers), encoding="utf-8-sig", newline="") as handle:
            offers = []
            for row in csv.DictReader(handle):
                offer = {key: value for key, value in row.items() if value not in (None, "")}
                for key in ("price", "capacity", "lot", "min_order", "fixed_cost", "lead"):
                    if key in offer:
                        offer[key] = number(offer[key])
                offers.append(offer)
    model["offers"] = offers
    return model


def list_sheet(book, title, items, fields, by_period=(), by_stage=()):
    """A sheet with a header row of `fields` (and `field:ID` columns for the mappings by
    period of `by_period`, `field.STAGE` columns for the mappings by stage of `by_stage`,
    in `by_stage`'s order of stages) and a row per item."""
    periods = {}
    for field in by_period:
        ids = []
        for item in items:
            value = item.get(field)
            if isinstance(value, dict):
                ids += [key for key in value if key not in ids]
        periods[field] = ids
    columns = [(field, None) for field in fields if any(field in item and not isinstance(item[field], dict) for item in items)]
    for field in by_period:
        columns += [(field, period) for period in periods[field]]
    for field, stages in by_stage:
        columns += [(field, (".", stage)) for stage in stages
                    if any(isinstance(item.get(field), dict) and stage in item[field] for item in items)]
    if not columns:
        return
    sheet = book.create_sheet(title)
    sheet.append([field if period is None else f"{field}.{period[1]}" if isinstance(period, tuple) else f"{field}:{period}"
                  for field, period in columns])
    for item in items:
        row = []
        for field, period in columns:
            value = item.get(field)
            if period is not None:
                key = period[1] if isinstance(period, tuple) else period
                value = value.get(key) if isinstance(value, dict) else None
            elif isinstance(value, list):
                value = ", ".join(str(entry) for entry in value)
            elif isinstance(value, dict):
                value = None
            row.append(value)
        sheet.append(row)


def risk_sheets(book, model):
    """The Imports and Disruptions sheets (docs/risk.md), when the model has them."""
    imports = model.get("imports") or {}
    if imports:
        sheet = book.create_sheet("Imports")
        sheet.append(["material", "country", "share"])
        for material, shares in imports.items():
            for country, share in shares.items():
                sheet.append([material, country, share])
    disruptions = model.get("disruptions") or []
    if disruptions:
        sheet = book.create_sheet("Disruptions")
        sheet.append(["country", "materials", "probability", "min days", "likely days", "max days"])
        for item in disruptions:
            days = item["days"]
            lengths = [days["min"], days["likely"], days["max"]] if isinstance(days, dict) else [days]
            sheet.append([item["country"], ", ".join(item.get("materials") or []) or None, item["probability"]] + lengths)


def main():
    if len(sys.argv) != 3:
        sys.exit("usage: yaml_to_xlsx.py MODEL.yaml OUT.xlsx")
    model = load(sys.argv[1])
    book = openpyxl.Workbook()
    settings = book.active
    settings.title = "Settings"
    settings.append(["field", "value"])
    for key in ("name", "currency", "budget", "warehouse", "horizon_years"):
        if key in model:
            settings.append([key, model[key]])
    stages = model.get("stages") or []
    if stages:
        settings.append(["stages", ", ".join(stages)])
    groups = model.get("groups") or {}
    if groups:
        sheet = book.create_sheet("Groups")
        sheet.append(["group", "country"])
        for name, members in groups.items():
            for country in members:
                sheet.append([name, country])
    list_sheet(book, "Materials", model["materials"], MATERIAL_FIELDS, by_period=("target_days", "target"))
    offers = model["offers"]
    list_sheet(book, "Offers", offers, OFFER_FIELDS, by_period=("prices", "capacities"), by_stage=(("origin", stages),))
    tiers = [(offer["id"], tier) for offer in offers for tier in offer.get("tiers") or []]
    if tiers:
        sheet = book.create_sheet("Tiers")
        sheet.append(["offer", "from", "price"])
        for offer, tier in tiers:
            sheet.append([offer, tier["from"], tier["price"]])
    list_sheet(book, "Caps", model.get("caps") or [], CAP_FIELDS)
    list_sheet(book, "Periods", model.get("periods") or [], PERIOD_FIELDS)
    risk_sheets(book, model)
    fixed = datetime.datetime(2026, 1, 1)
    book.properties.created = fixed
    book.properties.modified = fixed
    book.save(sys.argv[2])


if __name__ == "__main__":
    main()
