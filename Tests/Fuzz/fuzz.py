#!/usr/bin/env python3
"""Seeded mutation fuzzing of the `stockpile` binary on the shipped models.

    python3 Tests/Fuzz/fuzz.py [--n 60] [--seed 1] [--binary .build/release/stockpile]
        [--timeout 20] [--memory-mb 4096] [--jobs 2] [--keep DIR]

Each mutant is one shipped file (Models/*.yaml, Models/scenarios/*.yaml,
Models/csv-offers.csv or the workbook Models/japan-critical-minerals.xlsx) with one to
three seeded mutations: lines deleted, duplicated or swapped; numbers replaced by 0, a
negative, 1e308, NaN, .inf; values of the wrong type; truncation at a random byte; invalid
UTF-8; a byte order mark; CRLF line endings. A workbook gets bytes flipped, inserted or
cut in the zip archive itself, or in the XML of one of its parts (then zipped again).
Mutant k depends only on SEED and k, so `--seed S --only k` replays it.

Every mutant goes through `plan` (table, html and xlsx), `explain`, `compare`, a small `sweep`, `risk`
and `plan --objective risk`, each under a time bound and an address-space bound. A run fails on a signal, an exit status other than
0, 3, 64, 65 or 70, a timeout, or an exit 65 whose message names no `file:line` when the
mutated file has lines (for a workbook: no `model.xlsx: ` with or without a cell). Failing mutants are copied to --keep (default /tmp/stockpile-fuzz-
failures). The last line is `N passed, M failed`; the exit status is 1 when any failed.
"""
import argparse
import concurrent.futures
import io
import os
import random
import re
import resource
import shutil
import subprocess
import sys
import tempfile
import zipfile

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
ALLOWED = {0, 3, 64, 65, 70}
NUMBER = re.compile(rb"(?<![A-Za-z0-9_.])-?\d+(\.\d+)?([eE][+-]?\d+)?(?![A-Za-z0-9_])")
YAML_VALUE = re.compile(rb"(:\s+)([^\s#{}\[\],][^#\n\r]*)")
REPLACEMENT_NUMBERS = [b"0", b"-1", b"-250.5", b"1e308", b"-1e308", b"NaN", b".nan", b".inf", b"-.inf", b"1e-320"]
WRONG_TYPES = [b"[1, 2]", b"{a: 1}", b"\"text\"", b"true", b"null", b"~", b"''", b"- x", b"&anchor 3", b"*nowhere"]
INVALID_UTF8 = [b"\xff", b"\xc3\x28", b"\xed\xa0\x80", b"\x80", b"\xf4\x90\x80\x80", b"\xe2\x82"]
LOCATED = re.compile(r":\d+(:\d+)?: error")
LOCATED_WORKBOOK = re.compile(r"\.xlsx: (\S+![A-Z]+\d+(:\d+)?: )?(\S+: )?error")
WORKBOOK = "Models/japan-critical-minerals.xlsx"


def flip(data: bytes, rng: random.Random) -> tuple[bytes, str]:
    """One byte-level change of `data`: bytes flipped, inserted or cut."""
    kind = rng.choice(["flip", "flip", "insert", "cut"])
    at = rng.randrange(max(1, len(data)))
    if kind == "flip":
        data = bytearray(data)
        for k in range(rng.randint(1, 8)):
            if at + k < len(data):
                data[at + k] ^= 1 << rng.randrange(8)
        return bytes(data), "flip"
    if kind == "insert":
        return data[:at] + bytes(rng.randrange(256) for _ in range(rng.randint(1, 16))) + data[at:], "insert"
    return data[:at] + data[at + rng.randint(1, 64):], "cut"


def mutate_workbook(data: bytes, rng: random.Random) -> tuple[bytes, list[str]]:
    """One to three changes of a workbook: in the zip archive's bytes, or in one part's XML."""
    names = []
    for _ in range(rng.randint(1, 3)):
        if rng.random() < 0.3:
            data, name = flip(data, rng)
            names.append("zip-" + name)
            continue
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as archive:
                parts = [(info.filename, archive.read(info)) for info in archive.infolist()]
        except Exception:  # an earlier change broke the archive: change its bytes instead
            data, name = flip(data, rng)
            names.append("zip-" + name)
            continue
        xml = [k for k, (name, _) in enumerate(parts) if name.startswith("xl/")]
        k = rng.choice(xml)
        name, part = parts[k]
        part, change = flip(part, rng)
        parts[k] = (name, part)
        out = io.BytesIO()
        with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
            for entry, content in parts:
                archive.writestr(entry, content)
        data = out.getvalue()
        names.append(f"{name}-{change}")
    return data, names


def mutate(data: bytes, rng: random.Random, csv: bool) -> tuple[bytes, list[str]]:
    """One to three mutations of `data`, and their names."""
    names = []
    for _ in range(rng.randint(1, 3)):
        kind = rng.choice([
            "delete-line", "duplicate-line", "swap-lines", "number", "number", "wrong-type",
            "truncate", "invalid-utf8", "bom", "crlf",
        ])
        lines = data.split(b"\n")
        if kind == "delete-line" and len(lines) > 1:
            del lines[rng.randrange(len(lines))]
            data = b"\n".join(lines)
        elif kind == "duplicate-line" and lines:
            k = rng.randrange(len(lines))
            lines.insert(k, lines[k])
            data = b"\n".join(lines)
        elif kind == "swap-lines" and len(lines) > 1:
            a, b = rng.randrange(len(lines)), rng.randrange(len(lines))
            lines[a], lines[b] = lines[b], lines[a]
            data = b"\n".join(lines)
        elif kind == "number":
            found = list(NUMBER.finditer(data))
            if found:
                match = rng.choice(found)
                value = rng.choice(REPLACEMENT_NUMBERS)
                if csv and value.startswith(b"."):
                    value = value.replace(b".nan", b"nan").replace(b".inf", b"inf")
                data = data[:match.start()] + value + data[match.end():]
        elif kind == "wrong-type":
            if csv:
                lines_k = rng.randrange(len(lines))
                fields = lines[lines_k].split(b",")
                fields[rng.randrange(len(fields))] = rng.choice([b"\"x,y\"", b"\"", b"", b"abc", b"1,2"])
                lines[lines_k] = b",".join(fields)
                data = b"\n".join(lines)
            else:
                found = list(YAML_VALUE.finditer(data))
                if found:
                    match = rng.choice(found)
                    data = data[:match.start(2)] + rng.choice(WRONG_TYPES) + data[match.end(2):]
        elif kind == "truncate" and data:
            data = data[:rng.randrange(len(data))]
        elif kind == "invalid-utf8":
            at = rng.randrange(len(data) + 1)
            data = data[:at] + rng.choice(INVALID_UTF8) + data[at:]
        elif kind == "bom":
            data = b"\xef\xbb\xbf" + data
        elif kind == "crlf":
            data = data.replace(b"\r\n", b"\n").replace(b"\n", b"\r\n")
        else:
            continue
        names.append(kind)
    return data, names


def sources() -> list[tuple[str, str]]:
    """(kind, path relative to ROOT) of every file mutated."""
    models = sorted(f"Models/{name}" for name in os.listdir(os.path.join(ROOT, "Models")) if name.endswith(".yaml"))
    scenarios = sorted(f"Models/scenarios/{name}" for name in os.listdir(os.path.join(ROOT, "Models/scenarios"))
                       if name.endswith(".yaml"))
    return [("model", path) for path in models] + [("scenario", path) for path in scenarios] + \
        [("csv", "Models/csv-offers.csv"), ("workbook", WORKBOOK)]


def limits(memory_mb: int):
    def apply():
        resource.setrlimit(resource.RLIMIT_AS, (memory_mb << 20, memory_mb << 20))
        resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
    return apply


def run_mutant(index: int, args) -> tuple[bool, list[str], str, bytes]:
    """Makes mutant `index` and runs every command on it: (passed, problems, description, mutant bytes)."""
    rng = random.Random(args.seed * 1_000_003 + index)
    kind, source = rng.choice(sources())
    with open(os.path.join(ROOT, source), "rb") as handle:
        original = handle.read()
    if kind == "workbook":
        mutant, mutations = mutate_workbook(original, rng)
    else:
        mutant, mutations = mutate(original, rng, csv=kind == "csv")
    description = f"#{index} {source} [{', '.join(mutations) or 'none'}]"
    problems = []
    with tempfile.TemporaryDirectory(prefix="stockpile-fuzz-") as directory:
        scenario = None
        if kind == "model" or kind == "workbook":
            model = os.path.join(directory, os.path.basename(source))
            mutated = model
            with open(model, "wb") as handle:
                handle.write(mutant)
            shutil.copy(os.path.join(ROOT, "Models/csv-offers.csv"), directory)  # for csv-offers.yaml
        elif kind == "csv":
            model = os.path.join(directory, "csv-offers.yaml")
            shutil.copy(os.path.join(ROOT, "Models/csv-offers.yaml"), model)
            mutated = os.path.join(directory, "csv-offers.csv")
            with open(mutated, "wb") as handle:
                handle.write(mutant)
        else:
            model = os.path.join(ROOT, "Models/japan-critical-minerals.yaml")
            scenario = os.path.join(directory, os.path.basename(source))
            mutated = scenario
            with open(scenario, "wb") as handle:
                handle.write(mutant)
        with_scenario = ["--scenario", scenario] if scenario else []
        output = os.path.join(directory, "out.txt")
        commands = [
            ["plan", model, "--output", output] + with_scenario,
            # The reports that carry model text into markup and archives: html and xlsx.
            ["plan", model, "--format", "html", "--output", output] + with_scenario,
            ["plan", model, "--format", "xlsx", "--output", os.path.join(directory, "out.xlsx")] + with_scenario,
            ["explain", model, "--output", output] + with_scenario,
            ["compare", model, scenario or os.path.join(ROOT, "Models/scenarios/budget-cut-20.yaml"), "--output", output],
            ["sweep", model, "--budget=-20%...+0%:10%", "--jobs", "2", "--quiet", "--output", output] + with_scenario,
            # Disruption risk: the simulation and the risk plan (64 for a model without disruptions).
            ["risk", model, "--trials", "500", "--output", output] + with_scenario,
            ["plan", model, "--objective", "risk", "--trials", "200", "--output", output] + with_scenario,
        ]
        has_lines = mutant.strip(b"\xef\xbb\xbf \t\r\n") != b""
        for command in commands:
            name = command[0]
            try:
                result = subprocess.run([args.binary] + command, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                                        stderr=subprocess.PIPE, timeout=args.timeout, preexec_fn=limits(args.memory_mb))
            except subprocess.TimeoutExpired:
                problems.append(f"{name}: no answer within {args.timeout} s")
                continue
            error = result.stderr.decode("utf-8", "replace")
            last = error.strip().splitlines()[-1:] or [""]
            if result.returncode < 0:
                problems.append(f"{name}: killed by signal {-result.returncode}: {last[0][:200]}")
            elif result.returncode not in ALLOWED:
                problems.append(f"{name}: exit {result.returncode}: {last[0][:200]}")
            elif result.returncode == 65 and has_lines and not (LOCATED_WORKBOOK if kind == "workbook" else LOCATED).search(error):
                first = error.strip().splitlines()[:1] or [""]
                problems.append(f"{name}: exit 65 without file:line: {first[0][:300]}")
    return not problems, problems, description, mutant


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=60, help="mutants to try")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--only", type=int, help="run mutant ONLY alone (to replay a failure)")
    parser.add_argument("--binary", default=os.path.join(ROOT, ".build/release/stockpile"))
    parser.add_argument("--timeout", type=int, default=20, help="seconds per command")
    parser.add_argument("--memory-mb", type=int, default=4096, help="address-space bound per command (ulimit -v)")
    parser.add_argument("--jobs", type=int, default=2, help="mutants run at a time")
    parser.add_argument("--keep", default="/tmp/stockpile-fuzz-failures", help="where failing mutants are copied")
    args = parser.parse_args()
    if not os.access(args.binary, os.X_OK):
        print(f"no stockpile binary at {args.binary}; run `swift build -c release --product stockpile`", file=sys.stderr)
        return 2
    indices = [args.only] if args.only is not None else list(range(args.n))
    passed = failed = 0
    with concurrent.futures.ThreadPoolExecutor(max_workers=max(1, args.jobs)) as pool:
        for ok, problems, description, mutant in pool.map(lambda k: run_mutant(k, args), indices):
            if ok:
                passed += 1
                continue
            failed += 1
            os.makedirs(args.keep, exist_ok=True)
            name = description.split()[0].lstrip("#") + "-" + os.path.basename(description.split()[1])
            with open(os.path.join(args.keep, name), "wb") as handle:
                handle.write(mutant)
            print(f"FAIL {description} (seed {args.seed}; kept as {os.path.join(args.keep, name)})")
            for problem in problems:
                print(f"    {problem}")
    print(f"{passed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
