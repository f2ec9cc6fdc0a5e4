#!/usr/bin/env python3
"""Writes seeds for the fuzz targets that read text a user types or a sweep writes.
  fuzz_seeds.py logic OUTDIR ROOT      each [RULE, DATA] of json-logic-js's own cases
  fuzz_seeds.py set OUTDIR ROOT        `--set` lines, as the set fuzz target reads them
  fuzz_seeds.py sweep OUTDIR HOTDOG ROOT  shards of small sweeps ('\\f' between shards)"""
import json
import pathlib
import subprocess
import sys

kind, out = sys.argv[1], pathlib.Path(sys.argv[2])
out.mkdir(parents=True, exist_ok=True)

if kind == "logic":
    root = pathlib.Path(sys.argv[3])
    cases = [c for c in json.loads((root / "tests/json_logic/tests.json").read_text()) if isinstance(c, list)]
    for i, (rule, data, *_) in enumerate(cases):
        (out / f"case-{i}").write_text(json.dumps([rule, data]))
elif kind == "set":
    lines = ["rush.count=20", "seed=7", "until=10s", "m1.price=3,4", "m1.stock=unlimited",
             "rush.interval={\"exponential\": \"1s\"}", "orders.buffer=4",
             'kitchen.steps=[{"set": "n", "to": {"*": [2, 3]}}, {"log": "n is {n}"}]',
             'kitchen.steps=[{"loop": [{"take": "orders", "as": "o"}, {"break": true}]}]',
             "m1.serve_time={\"uniform\": [\"1s\", \"2s\"]}", "rush.machine=m1", "rsh.count=2",
             "rush.cont=2", "rush.count=many", "rush"]
    for i, line in enumerate(lines):
        (out / f"set-{i}").write_text(line)
    (out / "several").write_text("\n".join(lines[:4]))
elif kind == "sweep":
    hotdog, root = sys.argv[3], pathlib.Path(sys.argv[4])
    scenario = str(root / "scenarios" / "mm1.json")
    args = [hotdog, "sweep", scenario, "--seeds", "1..3", "--set", "arrivals.count=5",
            "--set", "arrivals.interval=1s,2s"]
    whole = subprocess.run(args, capture_output=True, text=True, check=True).stdout
    shards = [subprocess.run(args + ["--shard", f"{k}/3"], capture_output=True, text=True,
                             check=True).stdout for k in (1, 2, 3)]
    (out / "whole").write_text(whole)
    (out / "shards").write_text("\f".join(shards))
    (out / "shards-reversed").write_text("\f".join(reversed(shards)))
    (out / "one-shard-missing").write_text("\f".join(shards[:2]))
else:
    sys.exit(f"unknown seed kind {kind}")
