#!/usr/bin/env python3
"""Keeps README.md true: every `$ hotdog ...` block is run from the repository root and its
output compared with the lines shown under it (`...` stands for lines left out); so is every
`$ scripts/...` block (the repository's own helper scripts)."""
import pathlib
import shlex
import subprocess
import sys

hotdog, root = sys.argv[1], pathlib.Path(sys.argv[2])
lines = (root / "README.md").read_text().split("\n")
passed = failed = 0
i = 0
while i < len(lines):
    line = lines[i]
    if not line.startswith("    $ hotdog ") and not line.startswith("    $ scripts/"):
        i += 1
        continue
    command = line[len("    $ "):]
    expected = []
    i += 1
    while i < len(lines) and lines[i].startswith("    ") and not lines[i].startswith("    $ "):
        expected.append(lines[i][4:])
        i += 1
    args = shlex.split(command)
    program = hotdog if args[0] == "hotdog" else str(root / args[0])
    r = subprocess.run([program, *args[1:]], capture_output=True, text=True, cwd=root, timeout=120)
    actual = r.stdout.rstrip("\n").split("\n") if r.stdout else []  # --out: nothing on stdout
    if "..." in expected:
        cut = expected.index("...")
        head, tail = expected[:cut], expected[cut + 1:]
        ok = actual[:len(head)] == head and (not tail or actual[-len(tail):] == tail) and len(actual) >= len(head) + len(tail)
    else:
        ok = actual == expected
    if ok:
        passed += 1
    else:
        failed += 1
        print(f"FAIL README: {command}")
        for k, (e, a) in enumerate(zip(expected + [""] * len(actual), actual + [""] * len(expected))):
            if e != a and e != "...":
                print(f"  line {k + 1}:\n    README: {e}\n    actual: {a}")
                break
print(f"readme: {passed} passed, {failed} failed")
sys.exit(1 if failed or passed < 10 else 0)
