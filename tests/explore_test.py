#!/usr/bin/env python3
"""Schedules, expectations, explore and shrink, as a user finding a race uses them."""
import json
import pathlib
import subprocess
import tempfile

from harness import check, finish, hotdog, root

tmp = pathlib.Path(tempfile.mkdtemp(prefix="hotdog-explore-"))
scenarios = root / "scenarios"
v2 = scenarios / "hot-dog-machine-v2.json"


def run(*args, **kw):
    return subprocess.run([hotdog, *map(str, args)], capture_output=True, text=True, timeout=600, **kw)


# --schedule: without it, every scenario's trace is its golden, byte for byte.
for golden in sorted(scenarios.glob("*.golden.txt")):
    sc = golden.with_name(golden.name.replace(".golden.txt", ".json"))
    r = run("run", sc, "--color", "never")
    check(f"no --schedule: {sc.name} is its golden", r.stdout == golden.read_text(), r.stderr)

# The same schedule gives the same bytes; different schedules interleave differently.
traces = {}
for n in range(1, 21):
    a = run("run", v2, "--schedule", n, "--format", "jsonl")
    b = run("run", v2, "--schedule", n, "--format", "jsonl")
    check(f"--schedule {n}: the same bytes twice", a.stdout == b.stdout and a.returncode == b.returncode)
    traces[n] = (a.stdout, a.returncode)
check("--schedule: schedules give several interleavings", len({t for t, _ in traces.values()}) >= 3)
check("--schedule: the v2 race both ways within 20 schedules",
      {rc for _, rc in traces.values()} == {0, 3}, str({rc for _, rc in traces.values()}))
plain = run("run", v2, "--format", "jsonl").stdout
check("--schedule changes the order of a racy scenario", any(t != plain for t, _ in traces.values()))

for bad in ["0", "-1", "x", "1.5", "", "18446744073709551616", "3@1", "3@2:1,1:1", "3@1:0"]:
    r = run("run", v2, "--schedule", bad)
    check(f"--schedule {bad!r} is a command-line error", r.returncode == 2 and "--schedule" in r.stderr and
          r.stdout == "", r.stderr)
r = run("run", v2, "--schedule", "2", "--realtime")
check("--schedule with --realtime is an error", r.returncode == 2, r.stderr)

finish("explore")
