#!/usr/bin/env python3
"""Schedules, expectations, explore and shrink, as a user finding a race uses them."""
import json
import os
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

# explore: both outcomes of the race within the default 100 schedules, grouped, in order of
# first schedule; exit 1 because one of them breaks the expectations.
r = run("explore", race, "--format", "json")
e = json.loads(r.stdout)
check("explore: exit 1 when some run is unexpected", r.returncode == 1, r.stderr)
check("explore: 100 runs by default", e["runs"] == 100 and sum(c["count"] for c in e["classes"]) == 100)
ends = [c["end"] for c in e["classes"]]
check("explore: finds both outcomes of the race", sorted(ends) == ["deadlock", "done"], str(ends))
check("explore: classes ordered by first schedule", [c["schedule"] for c in e["classes"]] ==
      sorted(c["schedule"] for c in e["classes"]) and e["classes"][0]["schedule"] == 1)
for c in e["classes"]:
    check("explore: class fields", set(c) >= {"end", "failed", "logs", "count", "schedule", "replay"}, str(c))
    check("explore: replay command", c["replay"] == f"hotdog run {race} --schedule {c['schedule']}", c["replay"])
    args = c["replay"].split()[1:]
    a = run(*args, "--format", "jsonl")
    b = run(*args, "--format", "jsonl")
    evs = [json.loads(line) for line in a.stdout.splitlines()]
    logs = {}
    for ev in evs:
        if ev["ev"] == "log":
            logs.setdefault(ev["proc"], []).append(ev["msg"])
    check(f"explore: replay of schedule {c['schedule']} is byte-identical twice", a.stdout == b.stdout)
    check(f"explore: replay of schedule {c['schedule']} shows its class",
          evs[-1]["reason"] == c["end"] and logs == c["logs"] and
          [ev["what"] for ev in evs if ev["ev"] == "expect_failed"] == c["failed"], a.stdout[-400:])
text = run("explore", race)
check("explore text: a line per class with its replay", text.returncode == 1 and "2 outcomes" in text.stdout and
      f"replay: hotdog run {race} --schedule 1" in text.stdout and "UNEXPECTED: deadlock" in text.stdout, text.stdout)
check("explore text and json agree on the counts",
      all(f"{c['count']} run{'' if c['count'] == 1 else 's'} (" in text.stdout for c in e["classes"]))

# Byte-identical whatever --jobs; shards merge back into the unsharded result.
one = run("explore", race, "--runs", 60, "--format", "json").stdout
check("explore: the same with --jobs 3", run("explore", race, "--runs", 60, "--jobs", 3, "--format", "json").stdout == one)
for k in (1, 2, 3):
    (tmp / f"shard{k}.json").write_text(run("explore", race, "--runs", 60, "--shard", f"{k}/3", "--format", "json").stdout)
m = run("explore-merge", tmp / "shard1.json", tmp / "shard2.json", tmp / "shard3.json", "--format", "json")
check("explore-merge: shards give the unsharded JSON, byte for byte", m.stdout == one and m.returncode == 1, m.stderr)
m = run("explore-merge", tmp / "shard3.json", tmp / "shard1.json", tmp / "shard2.json")
check("explore-merge: any order, text format, titled with the scenario's name",
      m.stdout == run("explore", race, "--runs", 60).stdout, m.stdout)
(tmp / "echo-shard.json").write_text(run("explore", scenarios / "echo.json", "--runs", 5, "--format", "json").stdout)
m = run("explore-merge", tmp / "shard1.json", tmp / "echo-shard.json")
check("explore-merge: shards of different scenarios are refused", m.returncode == 2 and
      'the inputs explored different scenarios: "hot-dog-v2-race" and "echo"' in m.stderr, m.stderr)
(tmp / "junk.json").write_text("[1,2]")
check("explore-merge: junk is an error", run("explore-merge", tmp / "junk.json").returncode == 2)

# A scenario whose every run ends as it should: exit 0.
r = run("explore", scenarios / "echo.json", "--runs", 30, "--format", "json")
check("explore: exit 0 when every run is as expected", r.returncode == 0 and
      [c["count"] for c in json.loads(r.stdout)["classes"]] == [30], r.stdout)
r = run("explore", scenarios / "morning-rush.json", "--runs", 3, "--set", "rush.count=5", "--format", "json")
c = json.loads(r.stdout)["classes"][0]
check("explore --set: the replay repeats it", "--set rush.count=5 --schedule" in c["replay"], c["replay"])
for bad in [["--runs", "0"], ["--runs", "x"], ["--shard", "3/2"], ["--format", "csv"], ["--set", "nobody.x=1"]]:
    r = run("explore", race, *bad)
    check(f"explore {bad}: exit 2", r.returncode == 2 and r.stdout == "", r.stderr)

# shrink: the deadlock of the race, smaller, still failing the same way when replayed.
dead = next(c for c in e["classes"] if c["end"] == "deadlock")
out = tmp / "min.json"
r = run("shrink", race, "--schedule", dead["schedule"], "--out", out)
check("shrink: exit 0 and a report", r.returncode == 0 and "kept the failure: end deadlock, broke end, logs.repl" in r.stdout,
      r.stdout + r.stderr)
replay = next(line for line in r.stdout.splitlines() if line.startswith("replay: "))[len("replay: "):].split()
check("shrink: replay names the file and a deviation schedule", replay[2] == str(out) and replay[3] == "--schedule" and
      replay[4].startswith(f"{dead['schedule']}@"), str(replay))
a = run(*replay[1:], "--format", "jsonl")
evs = [json.loads(line) for line in a.stdout.splitlines()]
check("shrink: the smaller scenario fails the same way", a.returncode == 1 and evs[-1]["reason"] == "deadlock" and
      [x["what"] for x in evs if x["ev"] == "expect_failed"] == dead["failed"] and
      [x for x in evs if x["ev"] == "deadlock"][0]["waiting"] == [{"proc": "repl", "op": "put", "chan": "in"}], a.stdout[-500:])

# A failure found under --max-events (the run ends `limit`) replays only with that limit:
# before, shrink's replay left it out and the replayed run ended `done`, exit 0.
lim_out = tmp / "limit-min.json"
lr = run("shrink", scenarios / "mm1.json", "--schedule", 1, "--max-events", 100, "--out", lim_out)
check("shrink --max-events: kept the failure", lr.returncode == 0 and "kept the failure: end limit" in lr.stdout,
      lr.stdout + lr.stderr)
lreplay = next(line for line in lr.stdout.splitlines() if line.startswith("replay: "))[len("replay: "):].split()
check("shrink --max-events: the replay repeats the limit", "--max-events" in lreplay and
      lreplay[lreplay.index("--max-events") + 1] == "100", str(lreplay))
la = run(*lreplay[1:], "--format", "jsonl")
check("shrink --max-events: the replay ends as the failure did", la.returncode == 4 and
      json.loads(la.stdout.splitlines()[-1])["reason"] == "limit", la.stdout[-300:] + la.stderr)


def size(d):
    n = 0
    if isinstance(d, dict):
        for k, v in d.items():
            if k in ("steps", "loop", "processes", "channels") and isinstance(v, list):
                n += len(v)
            n += size(v)
    elif isinstance(d, list):
        n += sum(size(x) for x in d)
    return n


before, after = size(json.loads(race.read_text())), size(json.loads(out.read_text()))
check("shrink: the scenario got smaller, as reported", after < before and
      f"scenario: {before} processes, channels and steps -> {after}" in r.stdout, r.stdout)
check("shrink: the shrunk file is valid", run("validate", out).returncode == 0)
# A scenario on a pipe is read once, as run reads one (before: "not a valid scenario").
piped = subprocess.run([hotdog, "shrink", "/dev/stdin", "--schedule", str(dead["schedule"])], input=race.read_text(),
                       capture_output=True, text=True, timeout=300)

def without_description(text):
    d = json.loads(text)
    d.pop("description", None)  # it names the file shrunk
    return d


check("shrink /dev/stdin: a pipe shrinks as the file does", piped.returncode == 0 and
      without_description(piped.stdout) == without_description(out.read_text()), piped.stderr)
r2 = run("shrink", race, "--schedule", dead["schedule"])
check("shrink without --out: the scenario on stdout, the same", r2.returncode == 0 and r2.stdout == out.read_text())
r = run("shrink", race, "--schedule", 1)
check("shrink: a run that ends as expected is refused", r.returncode == 2 and "ends as expected" in r.stderr, r.stderr)
r = run("shrink", race, "--schedule", "0")
check("shrink: a bad schedule is refused", r.returncode == 2 and "--schedule" in r.stderr, r.stderr)
# The deviation form replays the numbered run exactly (the schedule part of shrinking rests on it).
n3 = run("run", race, "--schedule", dead["schedule"], "--format", "jsonl").stdout
check("a numbered schedule's run is a deadlock", '"reason":"deadlock"' in n3)

# --strategy pct: random priorities per process and depth - 1 change points; it finds both
# outcomes too, and its replay commands carry the strategy.
for depth in (1, 2, 3):
    r = run("explore", race, "--strategy", "pct", "--depth", depth, "--format", "json")
    e = json.loads(r.stdout)
    check(f"explore pct depth {depth}: both outcomes", sorted(c["end"] for c in e["classes"]) == ["deadlock", "done"], r.stdout)
    for c in e["classes"]:
        check("explore pct: replay names the strategy", f"--strategy pct --depth {depth} --schedule" in c["replay"], c["replay"])
        a = run(*c["replay"].split()[1:], "--format", "jsonl")
        check(f"explore pct depth {depth}: replay of {c['schedule']} ends as its class",
              json.loads(a.stdout.splitlines()[-1])["reason"] == c["end"], a.stdout[-200:])
r = run("run", race, "--strategy", "pct")
check("--strategy without --schedule is an error", r.returncode == 2 and "--schedule" in r.stderr, r.stderr)
for bad in [["--depth", "0"], ["--strategy", "fair"]]:
    r = run("explore", race, *bad)
    check(f"explore {bad}: exit 2", r.returncode == 2, r.stderr)
pct_dead = next(c for c in json.loads(run("explore", race, "--strategy", "pct", "--format", "json").stdout)["classes"]
                if c["end"] == "deadlock")
r = run("shrink", race, "--strategy", "pct", "--schedule", pct_dead["schedule"], "--out", tmp / "pct-min.json")
check("shrink a pct schedule", r.returncode == 0 and "kept the failure: end deadlock" in r.stdout, r.stdout + r.stderr)

# --expect under a schedule: the reproduce and accept commands carry it.
golden = scenarios / "hot-dog-v2-race.golden.txt"
r = run("run", race, "--schedule", 1, "--expect", golden)
check("--expect with --schedule: both commands repeat the schedule", r.returncode == 1 and
      f"reproduce: hotdog run {race} --seed 1 --schedule 1 --format text --expect {golden}" in r.stderr and
      f"accept the change: hotdog run {race} --schedule 1 --update {golden}" in r.stderr, r.stderr[-400:])

# Memory stays flat with the number of runs: classes are kept, runs are not.
def peak_kb(runs):
    probe = ("import resource, subprocess, sys; subprocess.run(sys.argv[1:], capture_output=True); "
             "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)")
    r = subprocess.run(["python3", "-c", probe, hotdog, "explore", str(race), "--runs", str(runs), "--jobs", "2"],
                       capture_output=True, text=True, timeout=600)
    return int(r.stdout)


# Not under the sanitizers: ASan keeps freed memory in quarantine (up to 256 MB), so its peak
# grows with the runs whatever hotdog keeps.
# shrink over combinators: a mult, a pipeline and a transducer channel (whose buffer may not
# shrink below 1) still shrink to a valid scenario that deadlocks the same way.
comb = tmp / "comb.json"
comb.write_text(json.dumps({"hotdog": 1,
    "channels": [{"name": "src"}, {"name": "t1"}, {"name": "t2"},
                 {"name": "x", "buffer": 2, "xform": [{"map": {"upper": {"var": ""}}}]}],
    "processes": [
        {"name": "m", "kind": "mult", "from": "src", "taps": ["t1"]},
        {"name": "pl", "kind": "pipeline", "from": "t1", "to": "x", "n": 2, "work_time": 5},
        {"name": "p", "kind": "script", "steps": [
            {"log": "a"}, {"tap": "m", "ch": "t2"}, {"put": "src", "value": "v"},
            {"take": "x", "as": "y"}, {"log": "{y}"}, {"take": "t2"}, {"take": "t2"}]}]}))
comb_out = tmp / "comb-min.json"
r = run("shrink", comb, "--schedule", 1, "--out", comb_out)
check("shrink with combinators: exit 0, kept the deadlock", r.returncode == 0 and "kept the failure: end deadlock" in r.stdout,
      r.stdout + r.stderr)
check("shrink with combinators: the shrunk file is valid", comb_out.exists() and run("validate", comb_out).returncode == 0)

if not os.environ.get("HOTDOG_SANITIZE"):
    small, large = peak_kb(500), peak_kb(20000)
    check("explore: memory flat from 500 to 20000 runs", large < small * 1.3 + 2048, f"{small} kB -> {large} kB")

finish("explore")
