#!/usr/bin/env python3
"""Old build against new build, interleaved, for a change that must not be slower: the crowd
of bench/sim_bench (crowd_summary_only: no trace, nothing observed) and the whole
`hotdog run --format summary` process on the morning rush grown to N customers (the summary
observer reads every event), and the same run writing its JSONL trace to a file. Prints the
median CPU time of each side and the ratio new/old.

Usage: bench/compare/ab.py OLD_BUILD_DIR NEW_BUILD_DIR [ROUNDS] [CUSTOMERS]
(build dirs of the release preset, e.g. a worktree of the old commit's build/release)."""
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile

old, new = sys.argv[1], sys.argv[2]
rounds = int(sys.argv[3]) if len(sys.argv) > 3 else 5
customers = sys.argv[4] if len(sys.argv) > 4 else "100000"
root = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
results = {}


def bench(build):
    out = subprocess.run([os.path.join(build, "bench", "sim_bench"),
                          f"--benchmark_filter=crowd_summary_only/{customers}/",
                          "--benchmark_format=json"], capture_output=True, text=True, check=True)
    b = json.loads(out.stdout)["benchmarks"][0]
    return b["cpu_time"] * 1e3 / int(customers)  # ms per run -> us per customer


def cli(build, *output):
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    subprocess.run([os.path.join(build, "apps", "hotdog"), "run",
                    os.path.join(root, "scenarios", "morning-rush.json"), *output,
                    "--set", f"rush.count={customers}"], capture_output=True, check=True)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime + after.ru_stime) - (before.ru_utime + before.ru_stime)
    return cpu * 1e6 / int(customers)


with tempfile.TemporaryDirectory(prefix="hotdog-ab-") as tmp:
    trace = os.path.join(tmp, "trace.jsonl")
    measures = (("sim_bench crowd_summary_only", bench),
                ("hotdog run --format summary", lambda b: cli(b, "--format", "summary")),
                ("hotdog run --format jsonl --out FILE",
                 lambda b: cli(b, "--format", "jsonl", "--out", trace)))
    for _ in range(rounds):
        for side, build in (("old", old), ("new", new)):
            for name, f in measures:
                results.setdefault((name, side), []).append(f(build))

print(f"| {customers} customers, median of {rounds} interleaved rounds, CPU us/customer | old | new | new/old |")
print("| --- | --- | --- | --- |")
for name, _ in measures:
    o, n = (statistics.median(results[(name, s)]) for s in ("old", "new"))
    print(f"| {name} | {o:.3f} | {n:.3f} | {n / o:.2f}x |")
