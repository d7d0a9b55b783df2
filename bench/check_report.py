#!/usr/bin/python3
"""Checks that a spanlab-bench JSON report from a run that started its own
server holds every workload and figure bench/README.md describes, each a
finite number, and that the paired unary/empty-rpc rounds all ran and give
the reported medians. It asserts nothing about speed: CI runs it on the
--smoke report.

Usage: check_report.py REPORT.json
"""
import json
import math
import sys

MODES = ("durable", "buffered")
CONCURRENCY = (1, 16, 64)

# (name, how many): a name ending in a space is the start of names that
# end in a size ("…, 12000 stored"), one for each size measured.
WORKLOADS = (
    ("bulk write, durable", 1),
    ("raw RocksDB WriteBatch, sync", 1),
    ("list layer, c=16, ", 2),
    ("agreement, ", 1),
    ("export jsonl, ", 2),
    ("next + finish document, ", 2),
    ("progress, ", 2),
    ("unary CreateAnnotation alone, durable, c=16, ", 2),
    ("AutoTag rpc (tag + write), synthetic", 1),
    ("tagger in-process, 1 thread, real articles", 1),
    ("bulk write, durable, growing to ", 1),
)
FIGURES = (
    ("bulk write ÷ raw RocksDB write", 1),
    ("server idle wait before reads, small", 1),
    ("server idle wait before reads, large", 1),
    ("agreement seconds, ", 2),
    ("export jsonl MB/s, small", 1),
    ("export jsonl MB/s, large", 1),
    ("export seconds, ", 1),
    ("server RSS during export, small", 1),
    ("server RSS during export, large", 1),
    ("reconcile --auto unanimous seconds, ", 1),
    ("list p50 at large ÷ at small size", 1),
    ("bulk write rate at large ÷ at small size", 1),
    ("next + finish p50 at large ÷ at small size", 1),
    ("progress p50 at large ÷ at small size", 1),
    ("unary write p50 at large ÷ at small size, durable, c=16", 1),
)
# Server CPU over a smoke run's short workloads still spans several clock
# ticks, so these must be above zero. The bulk write's may not: a smoke
# load is a few hundred annotations, under a tick, and its growth ratio is
# then left out rather than divided by zero. Nor may next + finish's: a
# smoke project has a handful of documents.
CPU_FIGURES = (
    "server CPU per list, small",
    "server CPU per list, large",
    "server CPU per list at large ÷ at small size",
)
CPU_FIGURES_MAY_BE_ZERO = (
    "server CPU per bulk-written annotation, small",
    "server CPU per bulk-written annotation, large",
    "server CPU per next + finish, small",
    "server CPU per next + finish, large",
)


def finite(value):
    return isinstance(value, (int, float)) and math.isfinite(value)


def check(report):
    figures = report["figures"]
    workloads = report["workloads"]
    context = report["context"]
    problems = []

    def matching(names, prefix):
        return [n for n in names if n == prefix or
                (prefix.endswith(" ") and n.startswith(prefix))]

    def figure(name, positive=False):
        if name not in figures:
            problems.append(f"missing figure: {name}")
            return
        value = figures[name]["value"]
        if not finite(value):
            problems.append(f"{name}: not a finite number: {value!r}")
        elif positive and value <= 0:
            problems.append(f"{name}: {value} is not positive")

    for name, w in workloads.items():
        if w["operations"] <= 0 or w["seconds"] <= 0:
            problems.append(f"workload {name}: ran no operations")
        for key in ("rate", "p50_ms", "p99_ms", "p999_ms"):
            if not finite(w[key]):
                problems.append(f"workload {name}: {key} is {w[key]!r}")
    for prefix, want in WORKLOADS:
        got = matching(workloads, prefix)
        if len(got) != want:
            problems.append(f"workload {prefix}…: want {want}, got {got}")
    for prefix, want in FIGURES:
        got = matching(figures, prefix)
        if len(got) != want:
            problems.append(f"figure {prefix}…: want {want}, got {got}")
        for name in got:
            figure(name)

    rounds_wanted = context.get("ratio_rounds")
    if not isinstance(rounds_wanted, int) or rounds_wanted % 2 != 1:
        problems.append(f"context ratio_rounds: {rounds_wanted!r}, want odd")
        rounds_wanted = None
    for mode in MODES:
        for n in CONCURRENCY:
            at = f", {mode}, c={n}"
            for w in ("empty rpc", "unary CreateAnnotation",
                      "raw RocksDB one-record write"):
                if w + at not in workloads:
                    problems.append(f"missing workload: {w}{at}")
            figure("unary p99 ÷ raw RocksDB p99" + at, positive=True)
            ratio = "unary ÷ empty rpc" + at
            figure(ratio, positive=True)
            rounds = context.get(ratio + ", each round")
            if (rounds_wanted is None or not isinstance(rounds, list) or
                    len(rounds) != rounds_wanted):
                problems.append(
                    f"{ratio}: want {rounds_wanted} rounds, got {rounds!r}")
            elif not all(finite(r) and 0 < r < 10 for r in rounds):
                problems.append(f"{ratio}: a round is not a plausible "
                                f"ratio: {rounds}")
            elif ratio in figures:
                median = sorted(rounds)[len(rounds) // 2]
                if abs(figures[ratio]["value"] - median) > 1e-9:
                    problems.append(f"{ratio}: not the median of {rounds}")
            figure("server CPU per empty rpc" + at, positive=True)
            figure("server CPU per unary write" + at, positive=True)
    for name in CPU_FIGURES:
        figure(name, positive=True)
    for name in CPU_FIGURES_MAY_BE_ZERO:
        figure(name)
    return problems, len(figures), len(workloads)


def main(path):
    with open(path, encoding="utf-8") as f:
        report = json.load(f)
    problems, figures, workloads = check(report)
    for p in problems:
        print(p, file=sys.stderr)
    print(f"{path}: {figures} figures, {workloads} workloads, "
          f"{len(problems)} problems")
    return 1 if problems else 0


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    sys.exit(main(sys.argv[1]))
