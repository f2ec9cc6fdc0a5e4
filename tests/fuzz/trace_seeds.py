#!/usr/bin/env python3
"""Writes the trace-diff fuzz target's seeds into OUTDIR from the goldens under ROOT/scenarios:
pairs of traces (expected, a NUL byte, actual), each at most 40 lines: a golden against
itself, against itself with one event's value changed, with a line dropped, with CRLF line
ends, against the same scenario's golden in the other format, and against another golden."""
import pathlib
import random
import sys

out, root = pathlib.Path(sys.argv[1]), pathlib.Path(sys.argv[2])
out.mkdir(parents=True, exist_ok=True)
rng = random.Random(11)
goldens = sorted((root / "scenarios").glob("*.golden.*"))
lines = {g: g.read_bytes().split(b"\n")[:40] for g in goldens}


def write(name, a, b):
    (out / name).write_bytes(b"\n".join(a) + b"\0" + b"\n".join(b))


for i, g in enumerate(goldens):
    a = lines[g]
    write(f"{i}-same", a, a)
    if len(a) > 2:
        k = rng.randrange(len(a) - 1)
        changed = list(a)
        changed[k] = changed[k].replace(b'"', b"'", 1).replace(b"0", b"7", 1)
        write(f"{i}-changed", a, changed)
        write(f"{i}-dropped", a, a[:k] + a[k + 1:])
    write(f"{i}-crlf", a, [line + b"\r" for line in a])
    other = g.with_name(g.name.replace(".txt", ".jsonl") if g.suffix == ".txt" else g.name.replace(".jsonl", ".txt"))
    if other in lines:
        write(f"{i}-other-format", a, lines[other])
    same_format = [h for h in goldens if h.suffix == g.suffix and h != g]
    if same_format:
        write(f"{i}-other", a, lines[rng.choice(same_format)])
