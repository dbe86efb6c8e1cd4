#!/usr/bin/env python3
"""Times 100-point sweeps: warm-started against cold re-solves, one thread against two.

    swift build -c release --product stockpile
    python3 Benchmarks/sweep_bench.py [--runs 3] [--large]

Families: the shipped Japan model (CN cap 1%...100%) and a generated model of 10
materials x 2,000 offers x 60 capped countries (20,000 offers; cap on country AD, the first, 5%...54.5%),
made by Benchmarks/generate_model.py with its fixed seed. With --large, also the
50 x 2,000 x 60 model (100,000 offers; takes about half an hour). For each family and
setting it reports the median wall time and peak memory of `stockpile sweep` (release
build, output to a file), checks that every setting gives the same total cost at every
point (within 1e-6 relative), and prints the ratios cold/warm and one thread/two.
"""
import argparse
import csv
import os
import statistics
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BINARY = os.path.join(ROOT, ".build", "release", "stockpile")
SETTINGS = [("warm, 1 thread", ["--jobs", "1"]), ("warm, 2 threads", ["--jobs", "2"]),
            ("cold, 1 thread", ["--jobs", "1", "--cold"]), ("cold, 2 threads", ["--jobs", "2", "--cold"])]


def run(arguments, output):
    """Wall time (s, process start to exit) and peak memory (MB, from GNU time) of one
    `stockpile sweep`."""
    timing = output + ".time"
    command = ["/usr/bin/time", "-f", "%M", "-o", timing, BINARY, "sweep"] + arguments + ["-f", "csv", "-o", output, "-q"]
    start = time.perf_counter()
    result = subprocess.run(command, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    seconds = time.perf_counter() - start
    if result.returncode != 0:
        sys.exit(f"stockpile sweep failed ({result.returncode}): {result.stderr}")
    with open(timing) as handle:
        kilobytes = handle.read().split()[-1]
    return seconds, int(kilobytes) / 1024


def costs(path):
    with open(path, newline="") as handle:
        return [float(row["total_cost"]) for row in csv.DictReader(handle)]


def family(name, arguments, runs, folder):
    print(f"\n{name}: stockpile sweep {' '.join(arguments)}")
    medians = {}
    reference = None
    for label, extra in SETTINGS:
        output = os.path.join(folder, "sweep.csv")
        samples = [run(arguments + extra, output) for _ in range(runs)]
        seconds = statistics.median(s for s, _ in samples)
        memory = max(m for _, m in samples)
        points = costs(output)
        if reference is None:
            reference = points
        elif len(points) != len(reference) or any(abs(a - b) > 1e-6 * max(1, abs(b)) for a, b in zip(points, reference)):
            sys.exit(f"{label}: total costs differ from the first setting's")
        medians[label] = seconds
        print(f"  {label:16} {seconds:8.3f} s  peak {memory:7.1f} MB  ({len(points)} points, {seconds / len(points) * 1000:.1f} ms a point)")
    warm1, warm2 = medians["warm, 1 thread"], medians["warm, 2 threads"]
    cold1, cold2 = medians["cold, 1 thread"], medians["cold, 2 threads"]
    print(f"  cold / warm: {cold1 / warm1:.2f}x (1 thread), {cold2 / warm2:.2f}x (2 threads)")
    print(f"  1 thread / 2 threads: {warm1 / warm2:.2f}x (warm), {cold1 / cold2:.2f}x (cold)")
    print("  same total cost at every point in every setting")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3, help="runs per setting (median reported)")
    parser.add_argument("--large", action="store_true", help="also the 100,000-offer model")
    args = parser.parse_args()
    if not os.path.exists(BINARY):
        sys.exit("build first: swift build -c release --product stockpile")
    with tempfile.TemporaryDirectory(prefix="stockpile-sweep-bench-") as folder:
        family("Japan model (shipped)", ["Models/japan-critical-minerals.yaml", "--cap", "CN=0.01...1:0.01"], args.runs, folder)
        families = [("10 x 2,000 x 60", 10)] + ([("50 x 2,000 x 60", 50)] if args.large else [])
        for name, materials in families:
            model = os.path.join(folder, f"m{materials}")
            subprocess.run([sys.executable, os.path.join(ROOT, "Benchmarks", "generate_model.py"), model,
                            "--materials", str(materials)], check=True, stdout=subprocess.DEVNULL)
            family(f"Generated {name}", [os.path.join(model, "generated.yaml"), "--cap", "AD=0.05...0.545:0.005"], args.runs, folder)


if __name__ == "__main__":
    main()
