#!/usr/bin/env python3
"""Runs hotdog's benchmarks beside the same workloads in Go, core.async and SimPy, interleaved,
and prints a table of medians with the ratio hotdog/peer (lower is better for hotdog)."""
import glob
import json
import os
import statistics
import subprocess
import shutil
import sys
import tempfile
import time
import types

root = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
build = os.path.join(root, "build", "release")
rounds = int(os.environ.get("ROUNDS", "3"))
scale = os.environ.get("SCALE", "1")
here = os.path.dirname(os.path.abspath(__file__))
results = {}  # (workload, tool) -> [ns]


def add(workload, tool, value):
    results.setdefault((workload, tool), []).append(value)


def parse_lines(text, tool, rename=None):
    for line in text.splitlines():
        parts = line.split()
        if len(parts) == 2:
            name = parts[0] if not rename else rename.get(parts[0], parts[0])
            add(name, tool, float(parts[1]))


def hotdog():
    env = dict(os.environ)
    if scale != "1":
        env["HOTDOG_BENCH_TINY"] = "1"
    out = subprocess.run([os.path.join(build, "bench", "channels_bench"), "--benchmark_format=json"],
                         capture_output=True, text=True, env=env, check=True).stdout
    # (benchmark, its argument after the size or None) -> row
    names = {("unbuffered_ping_pong_one_thread", None): "ping_pong",
             ("unbuffered_ping_pong_pool", "2"): "ping_pong_2_threads",
             ("buffered_throughput", "0"): "buffered", ("spawn_and_park", None): "spawn_park",
             ("spawn_and_park_warm", None): "spawn_park_warm",
             ("alts_three_one_ready_deterministic", None): "select_three",
             ("alts_three_one_ready", None): "select_three_locking", ("timeout_fires", None): "timeout",
             ("timeouts_realtime", None): "timeouts_realtime"}
    for b in json.loads(out)["benchmarks"]:
        parts = b["name"].split("/")
        arg = parts[2] if len(parts) > 2 and "_time" not in parts[2] and ":" not in parts[2] else None
        name = names.get((parts[0], arg))
        if name:
            add(name, "hotdog", 1e9 / b["items_per_second"])
            if name == "spawn_park":
                add("spawn_park_bytes", "hotdog", b["bytes_per_process"])
    out = subprocess.run([os.path.join(build, "bench", "combinators_bench"), "--benchmark_format=json"],
                         capture_output=True, text=True, env=env, check=True).stdout
    for b in json.loads(out)["benchmarks"]:
        add(b["name"].split("/")[0], "hotdog", 1e9 / b["items_per_second"])
    if os.environ.get("ONLY") == "channels":
        return
    crowd = os.path.join(build, "bench", "sim_bench")
    out = subprocess.run([crowd, "--benchmark_format=json"], capture_output=True, text=True, env=env,
                         check=True).stdout
    sizes = {"10000": "crowd_10k", "100000": "crowd_us_per_customer", "1000000": "crowd_1m"}
    summary_sizes = {"10000": "crowd_summary_10k", "100000": "crowd_summary_only",
                     "1000000": "crowd_summary_1m"}
    for b in json.loads(out)["benchmarks"]:
        name, size = b["name"].split("/")[:2]
        size = str(int(size) * 1000) if scale != "1" else size  # SCALE makes them 1000x smaller
        if name == "crowd_summary_only" and size in summary_sizes:
            add(summary_sizes[size], "hotdog", b["us_per_customer"] * 1e6)  # reported in seconds
        elif name == "crowd_events_per_second" and size in sizes:
            add(sizes[size], "hotdog", b["us_per_customer"] * 1e6)
            if size == "1000000":
                add("crowd_1m_peak_mb", "hotdog", b["peak_rss_mb"])


def sweep():
    """hotdog sweep of morning-rush (200 customers a run), summary only, on 1 and 2 threads:
    wall time per run."""
    seeds = "1..1000" if scale == "1" else "1..20"
    n = 1000 if scale == "1" else 20
    exe = os.path.join(build, "apps", "hotdog")
    for jobs, name in (("1", "sweep_run_jobs1"), ("2", "sweep_run_jobs2")):
        start = time.perf_counter()
        subprocess.run([exe, "sweep", os.path.join(root, "scenarios", "morning-rush.json"), "--seeds", seeds,
                        "--jobs", jobs], stdout=subprocess.DEVNULL, check=True)
        add(name, "hotdog", (time.perf_counter() - start) / n * 1e9)


def sweep_format():
    """runs-csv (one row per run, streamed) where this hotdog has it, else csv."""
    exe = os.path.join(build, "apps", "hotdog")
    help_text = subprocess.run([exe, "sweep", "--help"], capture_output=True, text=True).stdout
    return "runs-csv" if "runs-csv" in help_text else "csv"


def run_measured(argv):
    """Runs argv (stdout discarded) under GNU time; returns its CPU times and peak RSS
    (ru_utime, ru_stime in s, ru_maxrss in KB). Not os.wait4 on a child of this process: a
    child forked from python3 keeps python3's resident size as its peak across exec (Linux
    carries the old image's high-water mark into ru_maxrss), so every peak read at least
    python3's ~15 MB; GNU time's own small process forks the command instead."""
    r = subprocess.run(["/usr/bin/time", "-f", "hotdog-measured %M %U %S", *argv], stdout=subprocess.DEVNULL,
                       stderr=subprocess.PIPE, text=True)
    if r.returncode != 0:
        raise RuntimeError(f"{argv} exited {r.returncode}: {r.stderr[-300:]}")
    line = [l for l in r.stderr.splitlines() if l.startswith("hotdog-measured ")][-1].split()
    return types.SimpleNamespace(ru_maxrss=int(line[1]), ru_utime=float(line[2]), ru_stime=float(line[3]))


def mm1_sweep():
    """scenarios/mm1.json at 1000 customers a run, 1000 seeds (SCALE: 20), as one sweep: wall
    seconds with --jobs 1 and --jobs 2 (the load average beside them); and the peak memory of
    sweeps of 10^4 and 10^5 runs of 20 customers written as CSV (SCALE: 10^2 and 10^3), which
    is flat when the sweep streams."""
    exe = os.path.join(build, "apps", "hotdog")
    mm1 = os.path.join(root, "scenarios", "mm1.json")
    runs = 1000 if scale == "1" else 20
    for jobs in ("1", "2"):
        load = os.getloadavg()[0]
        start = time.perf_counter()
        usage = run_measured([exe, "sweep", mm1, "--seeds", f"1..{runs}", "--set", "arrivals.count=1000",
                              "--jobs", jobs])
        add(f"mm1_sweep_jobs{jobs}", "hotdog", time.perf_counter() - start)
        add(f"mm1_sweep_jobs{jobs}_cpu", "hotdog", usage.ru_utime + usage.ru_stime)
        add(f"mm1_sweep_jobs{jobs}_load", "hotdog", load)
    fmt = sweep_format()
    for n, name in ((10_000, "mm1_sweep_1e4_peak_mb"), (100_000, "mm1_sweep_1e5_peak_mb")):
        n = n if scale == "1" else n // 100
        usage = run_measured([exe, "sweep", mm1, "--seeds", f"1..{n}", "--set", "arrivals.count=20",
                              "--jobs", "2", "--format", fmt])
        add(name, "hotdog", usage.ru_maxrss / 1024)  # KB on Linux
    add("sweep_format_" + fmt, "hotdog", 0)


CROWD = """{"hotdog": 1, "seed": 1, "processes": [
  {"name": "m", "kind": "machine", "price": 3, "stock": 100, "capacity": 100},
  {"name": "chef", "kind": "chef", "machine": "m", "cook_time": "50s", "batch": 10},
  {"name": "crowd", "kind": "customer", "machine": "m", "count": 1, "interval": {"exponential": "5s"},
   "amount": {"choose": [2, 3, 4]}, "patience": "1m"}]}"""


def crowd_cli():
    """sim_bench's crowd through the command line, as a user runs it: the whole `hotdog run`
    process's wall time per customer for 10^5 customers (SCALE: 10^2), summary only and JSONL
    to a file; and the peak RSS of a summary-only run of 10^6 customers (SCALE: 10^3)."""
    exe = os.path.join(build, "apps", "hotdog")
    tmp = tempfile.mkdtemp(prefix="hotdog-compare-")
    try:
        path = os.path.join(tmp, "crowd.json")
        with open(path, "w") as f:
            f.write(CROWD)
        n = 100_000 if scale == "1" else 1000
        for name, extra in (("crowd_cli_summary", ["--format", "summary"]),
                            ("crowd_cli_jsonl", ["--format", "jsonl", "--out", os.path.join(tmp, "t.jsonl")])):
            start = time.perf_counter()
            run_measured([exe, "run", path, "--set", f"crowd.count={n}", *extra])
            add(name, "hotdog", (time.perf_counter() - start) / n * 1e6)
        n = 1_000_000 if scale == "1" else 1000
        usage = run_measured([exe, "run", path, "--set", f"crowd.count={n}", "--format", "summary"])
        add("crowd_cli_1m_peak_mb", "hotdog", usage.ru_maxrss / 1024)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def go():
    exe = os.path.join(here, "go", "bench")
    for procs, rename in (("1", None), ("2", {"ping_pong": "ping_pong_2_threads"})):
        out = subprocess.run([exe, scale], capture_output=True, text=True, check=True,
                             env=dict(os.environ, GOMAXPROCS=procs)).stdout
        if procs == "2":
            out = "\n".join(l for l in out.splitlines() if l.startswith("ping_pong"))
        parse_lines(out, "go", rename)


def clojure():
    jars = [j for pat in ("clojure", "spec-alpha", "core-specs-alpha", "core.async", "core-async", "tools.analyzer",
                          "tools-analyzer", "tools.reader", "tools-reader", "core.memoize", "core-memoize",
                          "core.cache", "core-cache", "data.priority-map", "data-priority-map", "asm")
            for j in glob.glob(f"/usr/share/java/{pat}*.jar")]
    out = subprocess.run(["java", "-cp", ":".join(sorted(set(jars))), "clojure.main",
                          os.path.join(here, "clojure", "bench.clj"), scale], capture_output=True, text=True, check=True).stdout
    parse_lines(out, "core.async")


def simpy():
    # One morning-rush run (200 customers), per run: the peer of a sweep's run.
    out = subprocess.run(["/usr/bin/python3", os.path.join(here, "simpy", "rush.py"), "200"], capture_output=True,
                         text=True, check=True).stdout
    for line in out.splitlines():
        if line.startswith("crowd_us_per_customer "):
            us = float(line.split()[1])
            add("sweep_run_jobs1", "simpy", us * 200 * 1000)
            add("sweep_run_jobs2", "simpy", us * 200 * 1000)
    # The same M/M/1 model as the sweep row, 1000 runs (SCALE: 20) in one process.
    out = subprocess.run(["/usr/bin/python3", os.path.join(here, "simpy", "mm1.py"), "1000" if scale == "1" else "20",
                          "1000"], capture_output=True, text=True, check=True).stdout
    for line in out.splitlines():
        if line.startswith("mm1_sweep_seconds "):
            add("mm1_sweep_jobs2", "simpy", float(line.split()[1]))
        if line.startswith("mm1_sweep_cpu_seconds "):
            add("mm1_sweep_jobs2_cpu", "simpy", float(line.split()[1]))
            add("mm1_sweep_jobs1_cpu", "simpy", float(line.split()[1]))
    n = "100000" if scale == "1" else "1000"
    start = time.perf_counter()
    out = subprocess.run(["/usr/bin/python3", os.path.join(here, "simpy", "rush.py"), n], capture_output=True,
                         text=True, check=True).stdout
    whole = (time.perf_counter() - start) / int(n) * 1e6  # the whole python3 process, per customer
    parse_lines(out, "simpy")
    # SimPy writes nothing: its whole process is the peer of both command-line rows.
    add("crowd_cli_summary", "simpy", whole)
    add("crowd_cli_jsonl", "simpy", whole)


# ONLY=channels runs the channel and combinator rows alone (no crowd, sweep or SimPy).
# ONLY=sweep runs the M/M/1 sweep rows alone (hotdog and SimPy).
peers = {"channels": (hotdog, go, clojure), "sweep": (mm1_sweep, simpy)}.get(
    os.environ.get("ONLY", ""), (hotdog, crowd_cli, sweep, mm1_sweep, go, clojure, simpy))
for r in range(rounds):
    for f in peers:
        try:
            f()
        except Exception as e:  # a missing peer is reported, not fatal
            print(f"round {r + 1}: {f.__name__} failed: {e}", file=sys.stderr)

# The locking alts row (channels on a plain Asio executor, which lock as Go's do) has the same
# peers as the deterministic one.
for peer in ("go", "core.async"):
    if ("select_three", peer) in results:
        results[("select_three_locking", peer)] = results[("select_three", peer)]
# core.async's spawn row is its warm run (the second in one JVM), the peer of the warm row;
# Go's runs once in its process, cold, the peer of the first.
if ("spawn_park", "core.async") in results:
    results[("spawn_park_warm", "core.async")] = results[("spawn_park", "core.async")]

rows = ["ping_pong", "ping_pong_2_threads", "buffered", "spawn_park", "spawn_park_warm", "spawn_park_bytes",
        "select_three",
        "select_three_locking", "timeout",
        "timeouts_realtime", "pipeline_4", "mult_8_taps", "pub_16_topics", "merge_8_inputs",
        "crowd_us_per_customer", "crowd_10k", "crowd_1m", "crowd_1m_peak_mb",
        "crowd_summary_only", "crowd_summary_10k", "crowd_summary_1m", "crowd_cli_summary", "crowd_cli_jsonl",
        "crowd_cli_1m_peak_mb", "sweep_run_jobs1", "sweep_run_jobs2",
        "mm1_sweep_jobs2", "mm1_sweep_jobs1", "mm1_sweep_jobs2_cpu", "mm1_sweep_jobs1_cpu", "mm1_sweep_1e4_peak_mb", "mm1_sweep_1e5_peak_mb"]
units = {"spawn_park_bytes": "bytes",
         "spawn_park": "spawn a process that parks, 10^6 at once, first run: page faults included, per process",
         "spawn_park_warm": "the same, warm: after one unmeasured run, the heap kept (as the JVM's), per process",
         "select_three": "alts over 3 channels, one ready, deterministic runtime, per alts",
         "select_three_locking": "the same alts on a plain Asio executor (channels that lock), per alts", "pipeline_4": "pipeline, 4 workers, 10^6 values, per value",
         "mult_8_taps": "mult to 8 taps, 10^6 values, per value per tap",
         "pub_16_topics": "pub over 16 topics, 10^6 values, per value",
         "merge_8_inputs": "merge of 8 inputs, 10^6 values, per value", "crowd_us_per_customer": "10^5 customers, us/customer",
         "crowd_10k": "10^4 customers, us/customer", "crowd_1m": "10^6 customers, us/customer",
         "crowd_1m_peak_mb": "10^6 customers, peak MB",
         "crowd_summary_only": "10^5 customers, no trace, summary only, us/customer",
         "crowd_summary_10k": "10^4 customers, no trace, us/customer",
         "crowd_summary_1m": "10^6 customers, no trace, us/customer",
         "crowd_cli_summary": "10^5 customers, whole `hotdog run --format summary` process; SimPy: whole python3 "
                              "process, us/customer",
         "crowd_cli_jsonl": "10^5 customers, whole `hotdog run --format jsonl --out FILE` process, us/customer",
         "crowd_cli_1m_peak_mb": "10^6 customers, whole `hotdog run --format summary` process, peak MB",
         "sweep_run_jobs1": "sweep of morning-rush, summary only, --jobs 1, ns per run",
         "sweep_run_jobs2": "sweep of morning-rush, summary only, --jobs 2, ns per run",
         "mm1_sweep_jobs2": "M/M/1, 1000 runs of 1000 customers, --jobs 2; SimPy: one process, s",
         "mm1_sweep_jobs1": "the same sweep, --jobs 1, s",
         "mm1_sweep_jobs2_cpu": "the same sweep, --jobs 2, CPU s (user + system)",
         "mm1_sweep_jobs1_cpu": "the same sweep, --jobs 1, CPU s (user + system)",
         "mm1_sweep_1e4_peak_mb": "sweep of 10^4 M/M/1 runs as CSV, peak MB",
         "mm1_sweep_1e5_peak_mb": "sweep of 10^5 M/M/1 runs as CSV, peak MB"}
print("Every time below is wall-clock time, measured the same way for every tool (hotdog: Google Benchmark's "
      "real time, or a steady clock around the run; Go: time.Now; core.async: System/nanoTime; SimPy: "
      "time.perf_counter), except the rows that say CPU s (user + system of the whole process).\n")
print(f"| workload (median of {rounds}, ns/op unless said) | hotdog | Go | core.async | SimPy | hotdog/Go | hotdog/core.async | hotdog/SimPy |")
print("| --- | --- | --- | --- | --- | --- | --- | --- |")
for w in rows:
    med = {t: statistics.median(results[(w, t)]) for t in ("hotdog", "go", "core.async", "simpy") if (w, t) in results}
    if not med:
        continue
    cell = lambda t: f"{med[t]:.1f}" if t in med else ""
    ratio = lambda t: f"{med['hotdog'] / med[t]:.2f}x" if t in med and "hotdog" in med and med[t] else ""
    name = w + (f" ({units[w]})" if w in units else "")
    print(f"| {name} | {cell('hotdog')} | {cell('go')} | {cell('core.async')} | {cell('simpy')} | {ratio('go')} | "
          f"{ratio('core.async')} | {ratio('simpy')} |")

if ("mm1_sweep_jobs1", "hotdog") in results and ("mm1_sweep_jobs2", "hotdog") in results:
    one = statistics.median(results[("mm1_sweep_jobs1", "hotdog")])
    two = statistics.median(results[("mm1_sweep_jobs2", "hotdog")])
    loads = results[("mm1_sweep_jobs1_load", "hotdog")] + results[("mm1_sweep_jobs2_load", "hotdog")]
    fmt = "runs-csv" if ("sweep_format_runs-csv", "hotdog") in results else "csv"
    print(f"\nM/M/1 sweep: --jobs 2 is {one / two:.2f}x as fast as --jobs 1 on {os.cpu_count()} CPUs "
          f"(1-minute load average {min(loads):.1f} to {max(loads):.1f} when measured); "
          f"the memory rows used --format {fmt}")
