#!/usr/bin/env python3
"""Mutates the shipped scenarios (byte flips, truncations, duplicated slices, values swapped
for null, -1, 2^64, "", [], {}, ...) and runs each through `validate` and `run`: never a
crash or a hang, and every rejection is a located FILE:LINE:COLUMN error. Seeded: the same
cases every run."""
import json
import os
import pathlib
import random
import subprocess
import sys
import tempfile

tmp = tempfile.mkdtemp(prefix="hotdog-fuzz-")
H = sys.argv[1]
rng = random.Random(2026)
files = [p for p in (pathlib.Path(sys.argv[2]) / "scenarios").glob("*.json")]
bad = 0
cases = int(os.environ.get("HOTDOG_FUZZ_CASES", "300"))
for i in range(cases):
    src = rng.choice(files).read_bytes()
    b = bytearray(src)
    kind = rng.randrange(4)
    if kind == 0:  # flip bytes
        for _ in range(rng.randrange(1, 5)):
            b[rng.randrange(len(b))] = rng.randrange(256)
    elif kind == 1:  # truncate
        b = b[: rng.randrange(len(b))]
    elif kind == 2:  # swap a number or string value inside the JSON
        try:
            j = json.loads(src)
            def mutate(x, depth=0):
                if isinstance(x, dict):
                    for k in list(x):
                        if rng.random() < 0.15:
                            x[k] = rng.choice([None, -1, 0, 1.5, "", "x", [], {}, True, 2**64, "1e9h", {"uniform": [5, 1]}])
                        else:
                            mutate(x[k], depth + 1)
                elif isinstance(x, list):
                    for idx in range(len(x)):
                        if rng.random() < 0.15:
                            x[idx] = rng.choice([None, -1, 0, "", [], {}, "{nope}"])
                        else:
                            mutate(x[idx], depth + 1)
            mutate(j)
            b = json.dumps(j).encode()
        except Exception:
            pass
    else:  # duplicate a slice
        a = rng.randrange(len(b)); c = rng.randrange(a, len(b)); b = b[:c] + b[a:c] + b[c:]
    path = os.path.join(tmp, f"case{i}.json")
    open(path, "wb").write(bytes(b))
    for args in (["validate", path], ["run", path, "--format", "jsonl", "--max-events", "20000", "--until", "2h"]):
        try:
            r = subprocess.run([H, *args], capture_output=True, timeout=20)
        except subprocess.TimeoutExpired:
            print("HANG", path, args); bad += 1; break
        # 1 is a run that broke its scenario's "expect" (a mutation can change what it shows).
        broke_expect = r.returncode == 1 and args[0] == "run" and b"expectations" in r.stderr
        if r.returncode not in (0, 2, 3, 4) and not broke_expect:
            print("CRASH", r.returncode, path, args, r.stderr[-300:]); bad += 1; break
        if r.returncode == 2 and b": error: " not in r.stderr:
            print("NO LOCATED ERROR", path, r.stderr[-200:]); bad += 1; break
        if args[0] == "validate" and r.returncode != 0:
            break
    else:
        os.remove(path)
        continue
print(f"fuzz: {cases - bad} passed, {bad} failed")
sys.exit(1 if bad else 0)
