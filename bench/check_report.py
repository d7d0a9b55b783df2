#!/usr/bin/python3
"""Checks that a spanlab-bench JSON report holds every figure bench/README.md
describes, each a finite number, and that the paired unary/empty-rpc rounds
all ran. It asserts nothing about speed: CI runs it on the --smoke report.

Usage: check_report.py REPORT.json
"""
import json
import math
import sys

MODES = ("durable", "buffered")
CONCURRENCY = (1, 16, 64)
ROUNDS = 5  # kRatioRounds in spanlab_bench_main.cc


def main(path):
    with open(path, encoding="utf-8") as f:
        report = json.load(f)
    figures = report["figures"]
    workloads = report["workloads"]
    context = report["context"]
    problems = []

    def figure(name, positive=False):
        if name not in figures:
            problems.append(f"missing figure: {name}")
            return
        value = figures[name]["value"]
        if not isinstance(value, (int, float)) or not math.isfinite(value):
            problems.append(f"{name}: not a finite number: {value!r}")
        elif positive and value <= 0:
            problems.append(f"{name}: {value} is not positive")

    for name, w in workloads.items():
        if w["operations"] <= 0 or w["seconds"] <= 0:
            problems.append(f"workload {name}: ran no operations")

    for mode in MODES:
        for n in CONCURRENCY:
            at = f", {mode}, c={n}"
            for w in ("empty rpc", "unary CreateAnnotation"):
                if w + at not in workloads:
                    problems.append(f"missing workload: {w}{at}")
            ratio = "unary ÷ empty rpc" + at
            figure(ratio, positive=True)
            rounds = context.get(ratio + ", each round")
            if not isinstance(rounds, list) or len(rounds) != ROUNDS:
                problems.append(f"{ratio}: want {ROUNDS} rounds, got {rounds!r}")
            elif not all(r > 0 for r in rounds):
                problems.append(f"{ratio}: a round measured nothing: {rounds}")
            elif ratio in figures:
                median = sorted(rounds)[ROUNDS // 2]
                if abs(figures[ratio]["value"] - median) > 1e-9:
                    problems.append(f"{ratio}: not the median of {rounds}")
            # CPU time is read in 10 ms ticks, so a smoke run's short
            # rounds may show zero; the figure must still be there.
            figure("server CPU per empty rpc" + at)
            figure("server CPU per unary write" + at)

    for name in ("bulk write ÷ raw RocksDB write",
                 "list p50 at large ÷ at small size",
                 "bulk write rate at large ÷ at small size",
                 "server CPU per list, small",
                 "server CPU per list, large",
                 "server CPU per list at large ÷ at small size",
                 "server CPU per bulk-written annotation, small",
                 "server CPU per bulk-written annotation, large",
                 "server CPU per bulk-written annotation at large ÷ at small",
                 "server RSS during export, large"):
        figure(name)

    for p in problems:
        print(p, file=sys.stderr)
    print(f"{path}: {len(figures)} figures, {len(workloads)} workloads, "
          f"{len(problems)} problems")
    return 1 if problems else 0


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    sys.exit(main(sys.argv[1]))
