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


# expect: a run that keeps it exits as before; one that breaks it gets expect_failed events
# (what, wanted, got) before end, and exit 1.
race = scenarios / "hot-dog-v2-race.json"
ok = run("run", race, "--format", "jsonl")
check("expect kept: exit 0, no expect_failed", ok.returncode == 0 and "expect_failed" not in ok.stdout, ok.stderr)
broken = None
for n in range(1, 30):
    r = run("run", race, "--schedule", n, "--format", "jsonl")
    if r.returncode != 0:
        broken = (n, r)
        break
check("expect: some schedule breaks the race's expectations", broken is not None)
n, r = broken
events = [json.loads(line) for line in r.stdout.splitlines()]
failed = [e for e in events if e["ev"] == "expect_failed"]
check("expect broken: exit 1 (not the deadlock's 3)", r.returncode == 1, r.stderr)
check("expect broken: one event per broken expectation",
      [e["what"] for e in failed] == ["end", "logs.repl"], str(failed))
check("expect broken: wanted and got as JSON", failed[0]["wanted"] == "done" and failed[0]["got"] == "deadlock"
      and failed[1]["got"] == ["lint: wilted lettuce", "3: hot dog", "3: hot dog"], str(failed))
kinds = [e["ev"] for e in events]
check("expect_failed comes before deadlock and end", kinds[-3:] == ["expect_failed", "deadlock", "end"], str(kinds[-4:]))
text = run("run", race, "--schedule", n, "--color", "never").stdout
check("expect_failed in the text format", 'expect_failed what="end" wanted="done" got="deadlock"' in text, text[-600:])


def scenario_with(expect, processes=None):
    doc = json.loads(race.read_text())
    doc["expect"] = expect
    if processes:
        doc["processes"] = processes
    path = tmp / "s.json"
    path.write_text(json.dumps(doc, indent=1))
    return path


r = run("run", scenario_with({"end": "deadlock"}), "--schedule", n)
check("expect end deadlock, run deadlocks: exit 0", r.returncode == 0, r.stderr)
r = run("run", scenario_with({"end": "deadlock"}))
check("expect end deadlock, run done: exit 1", r.returncode == 1 and 'expect_failed what="end" wanted="deadlock" got="done"'
      in r.stdout, r.stdout[-300:])
for bad, message in [({"end": "dun"}, 'unknown end reason "dun"'),
                     ({"logs": {"rpl": []}}, 'unknown process "rpl" in "expect"; did you mean "repl"?'),
                     ({"logs": {"repl": "x"}}, "an array of strings"),
                     ({"summary": {"sold": 1}}, "no machine, customer or chef"),
                     ({"ends": "done"}, 'unknown key "ends"; did you mean "end"?'),
                     ("done", '"expect" must be an object')]:
    r = run("validate", scenario_with(bad))
    check(f"expect {bad}: a load error", r.returncode == 2 and message in r.stderr and "s.json:" in r.stderr, r.stderr)
rush = scenarios / "morning-rush.json"
doc = json.loads(rush.read_text())
doc["expect"] = {"summary": {"customers": 200, "balanced": True, "sold": {"min": 0, "max": 1}, "served": {"min": 1}}}
(tmp / "rush.json").write_text(json.dumps(doc))
r = run("run", tmp / "rush.json", "--format", "jsonl")
failed = [json.loads(line) for line in r.stdout.splitlines() if '"expect_failed"' in line]
check("expect summary: only the broken range fails", r.returncode == 1 and [e["what"] for e in failed] == ["summary.sold"]
      and failed[0]["wanted"] == {"min": 0, "max": 1} and failed[0]["got"] > 1, str(failed))
doc["expect"] = {"summary": {"sould": 1}}
(tmp / "rush.json").write_text(json.dumps(doc))
r = run("validate", tmp / "rush.json")
check("expect summary: unknown field with did-you-mean", r.returncode == 2 and 'did you mean "sold"' in r.stderr, r.stderr)

finish("explore")
