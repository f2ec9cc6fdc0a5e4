#!/usr/bin/env python3
"""Drives the hotdog CLI as a user would: options, exit statuses, error messages, files."""
import json
import re
import os
import pathlib
import subprocess
import sys
import tempfile

from harness import check, finish, hotdog, root
scen = root / "scenarios"
tmp = pathlib.Path(tempfile.mkdtemp(prefix="hotdog-cli-"))


def run(*args, stdin=None):
    return subprocess.run([hotdog, *map(str, args)], capture_output=True, text=True, timeout=120)


def write(name, text, mode="w"):
    p = tmp / name
    with open(p, mode) as f:
        f.write(text)
    return p


r = run("--version")
check("--version", r.returncode == 0 and r.stdout.startswith("hotdog "), r.stdout)
r = run()
check("no subcommand exits 2", r.returncode == 2, r.stderr)
r = run("run", "--help")
check("run --help", r.returncode == 0 and "--format" in r.stdout and "--until" in r.stdout)
r = run("run", scen / "echo.json", "--format", "yaml")
check("bad --format exits 2", r.returncode == 2)
r = run("run", tmp / "missing.json")
check("missing file", r.returncode == 2 and "missing.json:1:1: error: cannot open the file" in r.stderr, r.stderr)
r = run("run", scen / "echo.json")
check("echo runs", r.returncode == 0 and "ketchup" in r.stdout and "\x1b[" not in r.stdout)
r = run("run", scen / "echo.json", "--color", "always")
check("--color always", "\x1b[" in r.stdout)
r = run("run", scen / "echo.json", "--format", "jsonl")
lines = [json.loads(l) for l in r.stdout.splitlines()]
check("jsonl", lines[0] == {"seq": 1, "t": 0, "proc": "printer", "ev": "start"} and lines[-1]["ev"] == "end")
check("jsonl compact", all(" " not in l.split('"msg"')[0] for l in r.stdout.splitlines()))
r = run("run", scen / "blocking-put-no-taker.json")
check("deadlock exits 3", r.returncode == 3 and "repl waits forever to put on c" in r.stderr, r.stderr)
# A deadlock among some processes, while a daemon clock ticks on: exit 3, even with --until.
pair = write("pair.json", json.dumps({"hotdog": 1, "channels": [
    {"name": "tongs1"}, {"name": "tongs2"}, {"name": "tick", "buffer": 1, "policy": "sliding"}], "processes": [
    {"name": "clock", "kind": "script", "daemon": True,
     "steps": [{"loop": [{"sleep": "1s"}, {"put": "tick", "value": "tick"}]}]},
    {"name": "ann", "kind": "script", "steps": [{"take": "tongs2"}, {"put": "tongs1", "value": 1}]},
    {"name": "bob", "kind": "script", "steps": [{"take": "tongs1"}, {"put": "tongs2", "value": 2}]}]}))
r = run("run", pair, "--until", "3s")
check("a deadlock among some exits 3 before --until",
      r.returncode == 3 and r.stdout.rstrip().endswith('end      reason="deadlock"')
      and 'cycle=["ann","bob","ann"]' in r.stdout
      and "though others still run" in r.stderr
      and "cycle: ann waits for tongs2, which only bob puts to; bob waits for tongs1, which only ann puts to"
      in r.stderr, r.stdout[-300:] + r.stderr)
r = run("run", pair, "--explain")
check("--explain names the cycle",
      r.returncode == 3 and "others still run, but these processes can never go on" in r.stdout
      and "they wait on each other in a cycle (ann -> bob -> ann)" in r.stdout, r.stdout[-600:])
r = run("run", pair, "--realtime", "--speed", "100", "--until", "2s")
check("real time finds only global deadlocks: the clock runs on to --until",
      r.returncode == 0 and 'reason="until"' in r.stdout, f"{r.returncode} {r.stderr}")
r = run("run", scen / "dining-philosophers.json", "--format", "jsonl")
last = [json.loads(l) for l in r.stdout.splitlines()[-2:]]
check("dining philosophers: a cycle of three at 1s",
      r.returncode == 3 and last[0]["t"] == 1000 and last[0]["cycle"] == ["ann", "bob", "cy", "ann"]
      and [w["proc"] for w in last[0]["waiting"]] == ["ann", "bob", "cy"], r.stdout[-400:])
bad = write("fail.json", json.dumps({"hotdog": 1, "channels": [{"name": "c"}], "processes": [
    {"name": "p", "kind": "script", "steps": [{"close": "c"}, {"take": "c", "as": "v"}, {"put": "c", "value": "{v}"}]}]}))
r = run("run", bad)
check("failing process exits 4", r.returncode == 4 and "Can't put nil on channel" in r.stderr, r.stderr)
r = run("run", scen / "morning-rush.json", "--max-events", "50")
check("--max-events exits 4", r.returncode == 4 and "limit of 50 events" in r.stderr, r.stderr)
r = run("run", scen / "morning-rush.json", "--until", "90s", "--format", "jsonl")
last = json.loads(r.stdout.splitlines()[-1])
check("--until", r.returncode == 0 and last == {"seq": last["seq"], "t": 90000, "ev": "end", "reason": "until"}, last)
# An option and a --set of the same key: refused, not one of them silently unused.
for args, said in ((["--until", "5s", "--set", "until=10s"], "--until and --set until"),
                   (["--seed", "6", "--set", "seed=5"], "--seed and --set seed")):
    for cmd in (["run"], ["sweep", "--seeds", "1..2"]):
        if cmd[0] == "sweep" and args[0] == "--seed":
            continue  # sweep has --seeds, and refuses --set seed= itself
        r = run(*cmd[:1], scen / "mm1.json", *cmd[1:], *args)
        check(f"{cmd[0]} {' '.join(args)} is refused",
              r.returncode == 2 and said in r.stderr and r.stdout == "", f"{r.returncode} {r.stderr}")
r = run("run", scen / "echo.json", "--until", "soon")
check("bad --until exits 2", r.returncode == 2 and "--until" in r.stderr)
a = run("run", scen / "morning-rush.json", "--format", "jsonl").stdout
b = run("run", scen / "morning-rush.json", "--format", "jsonl", "--seed", "99").stdout
check("--seed changes a random run", a != b and a == run("run", scen / "morning-rush.json", "--format", "jsonl").stdout)
r = run("run", scen / "morning-rush.json")
check("text summary on stderr", "summary: " in r.stderr and "every coin and hot dog is accounted for" in r.stderr
      and "summary" not in r.stdout)
out = tmp / "trace.jsonl"
r = run("run", scen / "echo.json", "--format", "jsonl", "--out", out)
check("--out", r.returncode == 0 and r.stdout == "" and out.read_text().count("\n") == 9)
check("--out leaves no temp file", [p.name for p in tmp.iterdir() if ".tmp." in p.name] == [])
# A FIFO (like /dev/null, not a regular file) is written to, never replaced.
import stat
import threading
fifo = tmp / "trace.fifo"
os.mkfifo(fifo)
got = []
reader = threading.Thread(target=lambda: got.append(open(fifo).read()))
reader.start()
r = run("run", scen / "echo.json", "--format", "jsonl", "--out", fifo)
reader.join(timeout=30)
check("--out into a FIFO writes to it", r.returncode == 0 and got and got[0].count("\n") == 9 and
      stat.S_ISFIFO(os.stat(fifo).st_mode), r.stderr)
r = run("run", scen / "echo.json", "--out", tmp / "no-such-dir" / "t.txt")
check("--out into a missing folder exits 2", r.returncode == 2 and not (tmp / "no-such-dir").exists(), r.stderr)
# A policy named like the trace's events gets a did-you-mean, and the channel stays declared:
# no "unknown channel" errors follow for its uses.
for wrong, right in [("slide", "sliding"), ("drop", "dropping"), ("slidng", "sliding")]:
    r = run("validate", write(f"policy-{wrong}.json", json.dumps({"hotdog": 1,
            "channels": [{"name": "news", "buffer": 2, "policy": wrong}],
            "processes": [{"name": "p", "kind": "script", "steps": [{"put": "news", "value": 1}, {"take": "news"}]}]})))
    errors = [l for l in r.stderr.splitlines() if ": error: " in l]
    check(f"policy {wrong} suggests {right}", r.returncode == 2 and len(errors) == 1 and
          f'did you mean "{right}"?' in errors[0] and "unknown channel" not in r.stderr, r.stderr)
r = run("validate", write("policy-no-buffer.json", json.dumps({"hotdog": 1, "channels": [{"name": "news", "policy": "sliding"}],
        "processes": [{"name": "p", "kind": "script", "steps": [{"take": "news"}]}]})))
check("a sliding channel without buffer: one error", r.returncode == 2 and r.stderr.count(": error: ") == 1 and
      "needs \"buffer\" of at least 1" in r.stderr, r.stderr)
# Text columns: as wide as the longest name the run makes, a crowd's last customer included;
# `waited` reads as a time in text and stays whole milliseconds in JSONL.
crowd = write("crowd.json", json.dumps({"hotdog": 1, "processes": [
    {"name": "m", "kind": "machine", "price": 3, "stock": 0},
    {"name": "c", "kind": "customer", "machine": "m", "count": 12, "interval": "1s", "patience": "1500ms"}]}))
r = run("run", crowd)
rows = r.stdout.splitlines()
event_column = {re.match(r"\s*\S+\s+\S+\s+", l).end() for l in rows}
check("text columns line up with crowd names", r.returncode == 0 and any(" c-12 " in l for l in rows) and len(event_column) == 1, r.stdout[-800:])
leaves = [l for l in rows if " leave " in l]
check("waited is a time in text", leaves and all(l.rstrip().endswith("waited=1.500s") or l.rstrip().endswith("waited=0.000s") for l in leaves)
      and any("waited=1.500s" in l for l in leaves), "\n".join(leaves))
waits = [e["waited"] for e in map(json.loads, run("run", crowd, "--format", "jsonl").stdout.splitlines()) if e["ev"] == "leave"]
check("waited is whole ms in JSONL", waits and all(isinstance(w, int) for w in waits) and 1500 in waits, waits)
# `hotdog validate scenarios/*.json`: the folder holds scenarios only (the schema is in schema/).
r = subprocess.run(f"{hotdog} validate scenarios/*.json", shell=True, cwd=root, capture_output=True, text=True)
shipped = len(list(scen.glob("*.json")))
check("validate scenarios/*.json", r.returncode == 0 and r.stdout.count(": ok") == shipped >= 14, r.stderr)
r = run("validate", write("with-schema.json", json.dumps({"$schema": "../schema/hotdog.schema.json", "hotdog": 1,
        "processes": [{"name": "p", "kind": "script", "steps": [{"log": "hi"}]}]})))
check("a top-level $schema is allowed and ignored", r.returncode == 0 and ": ok" in r.stdout, r.stderr)
r = run("validate", write("schema-number.json", '{"hotdog": 1, "$schema": 7, "processes": [{"name": "p", "kind": "script", "steps": []}]}'))
check("a $schema that is not a string", r.returncode == 2 and
      'schema-number.json:1:26: error: "$schema" must be a string' in r.stderr, r.stderr)
r = run("validate", scen / "echo.json", bad, write("broken.json", "{"))
check("validate reports each file", r.returncode == 2 and "broken.json:1:2: error" in r.stderr, r.stderr)
r = run("run", write("empty.json", ""))
check("empty file", r.returncode == 2 and "empty.json:1:1: error: the file is empty" in r.stderr, r.stderr)
r = run("run", write("latin1.json", b'{"hotdog": 1, "name": "caf\xe9"}', "wb"))
check("non-UTF-8 file", r.returncode == 2 and "not valid UTF-8" in r.stderr, r.stderr)
big = tmp / "big.json"
with open(big, "wb") as f:
    f.write(b'{"hotdog": 1, "description": "')
    f.write(b"x" * (100 << 20))
    f.write(b'"}')
r = run("run", big)
check("100 MB file", r.returncode == 2 and "at most 64 MiB" in r.stderr, r.stderr)
big.unlink()
r = run("run", write("dir-as-file.json", "{}").parent)
check("a directory", r.returncode == 2 and "this is a folder, not a scenario file" in r.stderr, r.stderr)
r = subprocess.run([hotdog, "run", "/dev/stdin"], input=(scen / "echo.json").read_text(), capture_output=True,
                   text=True, timeout=60)
check("a scenario from a pipe", r.returncode == 0 and "ketchup" in r.stdout, r.stderr)
warn = write("warn.json", json.dumps({"hotdog": 1, "channels": [{"name": "c", "buffer": 1}], "processes": [
    {"name": "g", "kind": "script", "steps": [{"put": "c", "value": 1, "blocking": True}]}]}))
r = run("run", warn)
check("blocking in go warns", r.returncode == 0 and "warn.json:2:" not in r.stderr and ": warning: a blocking put in go process" in r.stderr, r.stderr)
r = run("run", scen / "sold-out-late-chef.json", "--realtime", "--speed", "2000", "--threads", "2", "--format", "jsonl")
lines = [json.loads(l) for l in r.stdout.splitlines()]
check("--realtime", r.returncode == 0 and lines[0]["ev"] == "realtime" and lines[-1]["ev"] == "end", r.stderr)
# Every scenario twice in separate processes: byte-identical traces.
for scenario in sorted(scen.glob("*.json")):
    first = run("run", scenario, "--format", "jsonl", "--seed", "7").stdout
    check(f"twice in two processes: {scenario.name}", first and first == run("run", scenario, "--format", "jsonl", "--seed", "7").stdout)

# Goldens, run in separate processes: every one matches.
for golden in sorted(scen.glob("*.golden.*")):
    scenario = scen / (golden.name.split(".golden.")[0] + ".json")
    r = run("run", scenario, "--expect", golden)
    check(f"--expect {golden.name}", r.returncode == 0 and r.stdout == "", r.stderr[:500])
changed = write("echo-changed.json", (scen / "echo.json").read_text().replace("ketchup", "mustard"))
r = run("run", changed, "--expect", scen / "echo.golden.jsonl")
check("--expect finds a difference", r.returncode == 1 and "the traces differ at event 4" in r.stderr
      and 'differs: value: "ketchup" -> "mustard"' in r.stderr
      and f"reproduce: hotdog run {changed} --seed 1 --format jsonl --expect {scen / 'echo.golden.jsonl'}" in r.stderr,
      r.stderr)
# With the seed given by --set, the reproduce command does not add a --seed beside it (the two
# together are refused) and, run as printed, finds the same difference.
r = run("run", changed, "--set", "seed=1", "--expect", scen / "echo.golden.jsonl")
hint = next((l for l in r.stderr.splitlines() if l.startswith("reproduce: ")), "")
again = subprocess.run(hint[len("reproduce: "):], shell=True, capture_output=True, text=True, timeout=60,
                       env=dict(os.environ, PATH=f"{pathlib.Path(hotdog).parent}:{os.environ['PATH']}"))
check("--set seed=1: the reproduce command runs and finds the difference",
      r.returncode == 1 and "--seed" not in hint and again.returncode == 1 and
      "the traces differ at event 4" in again.stderr, f"{hint!r} {again.returncode} {again.stderr[:300]}")
# Following the "accept the change" hint writes the golden that the failing comparison ran:
# the hint repeats --seed, --until, --max-events, --stall-steps and every --set.
golden43 = tmp / "alts-uploads.golden.txt"
golden43.write_text((scen / "alts-uploads.golden.txt").read_text())
opts43 = ["--seed", "43", "--until", "25", "--stall-steps", "500", "--set", "uploader1.start=1"]
r = run("run", scen / "alts-uploads.json", *opts43, "--expect", golden43)
hint = [l for l in r.stderr.splitlines() if l.startswith("accept the change: ")]
check("accept hint repeats the options", r.returncode == 1 and len(hint) == 1 and
      all(o in hint[0] for o in ["--seed 43", "--until 25", "--stall-steps 500", "--set uploader1.start=1"]), r.stderr)
if hint:
    env = {k: v for k, v in os.environ.items() if k != "CI"}
    cmd = hint[0][len("accept the change: "):].replace("hotdog", str(hotdog), 1)
    a = subprocess.run(cmd, shell=True, capture_output=True, text=True, env=env)
    r = run("run", scen / "alts-uploads.json", *opts43, "--expect", golden43)
    check("following the accept hint makes --expect pass", a.returncode == 0 and r.returncode == 0, a.stderr + r.stderr)
r = run("run", changed, "--expect", scen / "echo.golden.txt", "--color", "always")
check("--expect text golden, coloured", r.returncode == 1 and "\x1b[31m" in r.stderr)
r = run("run", scen / "echo.json", "--expect", tmp / "nope.txt")
check("--expect a missing golden exits 2", r.returncode == 2)
r = run("run", scen / "echo.json", "--expect", scen / "echo.golden.txt", "--realtime")
check("--expect refuses --realtime", r.returncode == 2 and "differs from run to run" in r.stderr, r.stderr)
env = dict(os.environ, CI="true")
r = subprocess.run([hotdog, "run", scen / "echo.json", "--update", tmp / "u.txt"], capture_output=True, text=True, env=env)
check("--update refused when CI=true", r.returncode == 2 and not (tmp / "u.txt").exists(), r.stderr)
env["CI"] = "false"
r = subprocess.run([hotdog, "run", scen / "blocking-put-no-taker.json", "--update", tmp / "u.jsonl"], capture_output=True, text=True, env=env)
check("--update writes the golden in its name's format", r.returncode == 0 and
      (tmp / "u.jsonl").read_text() == (scen / "blocking-put-no-taker.golden.jsonl").read_text(), r.stderr)
# An option given as "" is read and refused, not taken as not given (before: --shard "" wrote
# the whole unsharded sweep, exit 0).
for args in (["run", scen / "echo.json", "--max-events", ""], ["run", scen / "echo.json", "--stall-steps", ""],
             ["run", scen / "echo.json", "--until", ""], ["run", scen / "echo.json", "--seed", ""],
             ["sweep", scen / "echo.json", "--until", ""], ["sweep", scen / "echo.json", "--shard", ""]):
    r = run(*args)
    check(f"{args[0]} {args[2]} \"\": exit 2", r.returncode == 2 and r.stdout == "" and args[2] in r.stderr, r.stderr)
# -0 through --set is 0, as in the file.
r = run("run", scen / "fixed-buffer.json", "--set", "jobs.buffer=-0", "--format", "summary")
check("--set jobs.buffer=-0: read as 0", r.returncode == 0, r.stderr)
# A --format a golden cannot be is refused, not ignored (before: a text trace, exit 0).
for fmt, name in (("html", "u.html"), ("summary", "u.txt"), ("mermaid", "u.md"), ("jsonl", "u2.txt"),
                  ("text", "u4.jsonl")):
    r = subprocess.run([hotdog, "run", scen / "echo.json", "--update", tmp / name, "--format", fmt],
                       capture_output=True, text=True, env=env)
    check(f"--update {name} --format {fmt}: refused", r.returncode == 2 and "--update writes a golden trace" in r.stderr
          and not (tmp / name).exists(), r.stderr)
r = subprocess.run([hotdog, "run", scen / "echo.json", "--update", tmp / "u3.jsonl", "--format", "jsonl"],
                   capture_output=True, text=True, env=env)
check("--update u.jsonl --format jsonl: fine", r.returncode == 0 and
      (tmp / "u3.jsonl").read_text() == (scen / "echo.golden.jsonl").read_text(), r.stderr)
r = run("diff", scen / "echo.golden.jsonl", scen / "echo.golden.jsonl")
check("diff equal", r.returncode == 0 and r.stderr == "")
a = write("a.jsonl", (scen / "morning-rush.golden.jsonl").read_text())
b = write("b.jsonl", (scen / "morning-rush.golden.jsonl").read_text().replace('"amount":5', '"amount":6', 1))
r = run("diff", a, b)
check("diff differs", r.returncode == 1 and "differs: amount: 5 -> 6" in r.stderr and "more event" in r.stderr, r.stderr[:800])
r = run("diff", a, write("short.jsonl", "".join(a.read_text().splitlines(True)[:10])))
check("diff: one trace ends early", r.returncode == 1 and "(the trace ends here)" in r.stderr, r.stderr[:800])
r = run("diff", a, tmp / "missing.jsonl")
check("diff: a missing file exits 2", r.returncode == 2)
# Blocking in a go block: warned about; on a one-thread pool it starves the other go process.
r = run("run", scen / "go-blocking.json")
check("go-blocking warns and runs", r.returncode == 0 and "go blocks must not block" in r.stderr and r.stdout.count("msg=\"tick\"") == 4)
r = run("run", scen / "go-blocking.json", "--realtime", "--threads", "1", "--speed", "10")
check("go-blocking starves a one-thread pool", r.returncode == 0 and "msg=\"tick\"" not in r.stdout and 'reason="until"' in r.stdout, r.stdout)
r = run("run", scen / "go-blocking.json", "--realtime", "--threads", "2", "--speed", "10")
check("go-blocking with two threads ticks", r.returncode == 0 and r.stdout.count("log      msg=\"tick\"") == 4, r.stdout)
r = run("run", scen / "echo.json", "--format", "mermaid")
check("--format mermaid", r.returncode == 0 and r.stdout.startswith("sequenceDiagram\n") and r.stderr == "")
r = run("run", scen / "hot-dog-v2-race.json", "--schedule", "3", "--format", "mermaid")
repl_id = re.search(r"participant (p[0-9]+) as repl\n", r.stdout)
check("--format mermaid: the deadlock note is over the waiting process (repl), not the exited machine",
      repl_id is not None and f"Note over {repl_id.group(1)}: deadlock: waits forever to put on in\n" in r.stdout
      and r.stdout.count(": deadlock") == 1, r.stdout[-400:])
r = run("run", scen / "dining-philosophers.json", "--format", "mermaid")
check("--format mermaid: a deadlock cycle is named", "deadlock cycle: ann → bob → cy → ann" in r.stdout, r.stdout[-400:])
r = run("run", scen / "morning-rush.json", "--format", "mermaid")
check("--format mermaid over Mermaid's size limit: written, and said on stderr with --format html",
      r.returncode == 0 and len(r.stdout) > 50000 and "over Mermaid's default limit of 50000" in r.stderr
      and "--format html" in r.stderr and r.stdout.count("participant ") < 10, r.stderr)
r = run("run", scen / "echo.json", "--explain")
check("--explain", r.returncode == 0 and "↳ printer parks" in r.stdout)
# --explain with jsonl: the same trace, plus an "explain" field (last) on the events that have one.
plain = run("run", scen / "echo.json", "--format", "jsonl").stdout.splitlines()
r = run("run", scen / "echo.json", "--format", "jsonl", "--explain")
explained = [json.loads(l) for l in r.stdout.splitlines()]
text_why = [l.strip()[2:] for l in run("run", scen / "echo.json", "--explain").stdout.splitlines() if l.strip().startswith("↳")]
check("--explain jsonl adds an explain field", r.returncode == 0 and len(explained) == len(plain) and
      [e.get("explain") for e in explained if "explain" in e] == text_why and len(text_why) == 3 and
      all({k: v for k, v in e.items() if k != "explain"} == json.loads(p) and list(e)[-1] in ("explain", list(json.loads(p))[-1])
          for e, p in zip(explained, plain)), r.stdout)
for fmt in ["html", "mermaid", "summary"]:
    r = run("run", scen / "echo.json", "--format", fmt, "--explain")
    check(f"--explain with {fmt} is refused", r.returncode == 2 and r.stdout == "" and
          f"--explain works with --format text" in r.stderr and f"not with {fmt}" in r.stderr, r.stderr)
# Text a user typed is escaped in every message: a --set with a control character and a byte
# that is not UTF-8 is echoed as \x1b and \xff, never sent to the terminal as it is.
for cmd in ["run", "explore", "shrink"]:
    extra = ["--schedule", "1"] if cmd == "shrink" else []
    r = subprocess.run([hotdog, cmd, scen / "echo.json", *extra, "--set", b"bad\x1b[31m\xff"],
                       capture_output=True, timeout=120)
    check(f"{cmd}: the --set echo is escaped", r.returncode == 2 and
          b'--set: expected NAME.KEY=VALUE (or seed=N, until=DURATION), not "bad\\x1b[31m\\xff"' in r.stderr
          and b"\x1b" not in r.stderr and b"\xff" not in r.stderr, r.stderr)
r = subprocess.run([hotdog, "sweep", scen / "echo.json", "--set", b"a.b=\x1b[31m\xff"], capture_output=True, timeout=120)
check("sweep: a --set in a diagnostic is escaped", r.returncode == 2 and b"--set a.b=\\x1b[31m\\xff" in r.stderr
      and b"\x1b" not in r.stderr and b"\xff" not in r.stderr, r.stderr)
r = subprocess.run([hotdog, "run", scen / "echo.json", "--format", b"y\x1b[1m"], capture_output=True, timeout=120)
check("an option value CLI11 refuses is echoed escaped", r.returncode == 2 and
      b"--format: y\\x1b[1m not in {text,jsonl,mermaid,html,summary}\nRun with --help" in r.stderr, r.stderr)
# sweep --max-events is checked as run's is: 1 to 2^40, else exit 2 with the range.
for bad in ["0", "1099511627777", "-1", "lots"]:
    r = run("sweep", scen / "echo.json", "--max-events", bad)
    check(f"sweep --max-events {bad} exits 2", r.returncode == 2 and r.stdout == "" and
          f'--max-events: expected a whole number from 1 to 1099511627776, not "{bad}"' in r.stderr, r.stderr)
r = run("sweep", scen / "echo.json", "--max-events", "1099511627776")
check("sweep --max-events 2^40 is accepted", r.returncode == 0 and r.stdout.count("\n") == 1, r.stderr)
# --stall-steps is read as --max-events is: 0 to 2^40; CLI11's own conversion took -1 as
# 2^64 - 1 (never stall) and 0x10 as 16.
for cmd in (["run"], ["step"]):
    for bad in ["-1", "0x10", "1099511627777", "18446744073709551616", "1e3"]:
        r = run(*cmd, scen / "echo.json", "--stall-steps", bad)
        check(f"{cmd[0]} --stall-steps {bad!r} exits 2", r.returncode == 2 and r.stdout == "" and
              f'--stall-steps: expected a whole number from 0 to 1099511627776, not "{bad}"' in r.stderr,
              r.stderr)
r = run("run", scen / "echo.json", "--stall-steps", "1099511627776", "--format", "summary")
check("run --stall-steps 2^40 is accepted", r.returncode == 0, r.stderr)
r = run("run", scen / "echo.json", "--stall-steps", "2")
check("run --stall-steps 2 stalls", r.returncode == 4 and "the run stalled" in r.stderr, r.stderr)
r = run("run", scen / "echo.json", "--stall-steps", "0", "--format", "summary")
check("run --stall-steps 0 never stalls", r.returncode == 0, r.stderr)
# Slips of the keyboard: the word typed, in the order typed, and the likely one named.
r = run("runn", scen / "mm1.json")
check("a mistyped subcommand: did you mean", r.returncode == 2 and
      'hotdog: unknown subcommand "runn"; did you mean "run"?' in r.stderr and "--help" in r.stderr, r.stderr)
r = run("explor")
check("a mistyped subcommand alone: did you mean", r.returncode == 2 and 'did you mean "explore"?' in r.stderr, r.stderr)
r = run("frobnicate")
check("an unknown subcommand with nothing close", r.returncode == 2 and
      'hotdog: unknown subcommand "frobnicate"\n' in r.stderr, r.stderr)
r = run("run", scen / "mm1.json", "--formt", "jsonl")
check("a mistyped option: the first unexpected word, and did you mean", r.returncode == 2 and r.stdout == "" and
      'hotdog: run: unknown option "--formt"; did you mean "--format"?' in r.stderr and
      "not expected" not in r.stderr, r.stderr)
r = run("run", scen / "mm1.json", "jsonl", "--formt")
check("unexpected words are named in the order typed", r.returncode == 2 and
      'hotdog: run: unexpected argument "jsonl" (and 1 more after it)' in r.stderr, r.stderr)
r = run("run", scen / "mm1.json", "--sed=3")
check("a mistyped --option=value", r.returncode == 2 and 'unknown option "--sed"; did you mean "--seed"?' in r.stderr,
      r.stderr)
for cmd, typo, meant in [("sweep", "--seds", "--seeds"), ("explore", "--rnus", "--runs"),
                         ("shrink", "--schedul", "--schedule"), ("validate", "--hepl", "--help"),
                         ("merge", "--fromat", "--format"), ("diff", "--colr", "--color"),
                         ("step", "--sed", "--seed"), ("explore-merge", "--formt", "--format")]:
    r = run(cmd, scen / "mm1.json", typo, "1")
    check(f"{cmd} {typo}: did you mean {meant}", r.returncode == 2 and
          f'hotdog: {cmd}: unknown option "{typo}"; did you mean "{meant}"?' in r.stderr, r.stderr)

# A --set's problem is said of the --set, not of a place in the file.
r = run("run", scen / "mm1.json", "--set", "arrivals.cout=10")
check("--set with an unknown key names the --set", r.returncode == 2 and
      r.stderr == 'hotdog: --set arrivals.cout=10: unknown key "cout" of process "arrivals"; did you mean "count"?\n',
      r.stderr)
r = run("run", scen / "mm1.json", "--set", "arrivals.count=-1")
check("--set with a bad value names the --set", r.returncode == 2 and
      r.stderr.startswith('hotdog: --set arrivals.count=-1: "count" must be a whole number') and
      "mm1.json:" not in r.stderr, r.stderr)
r = run("run", scen / "mm1.json", "--set", "arivals.count=3")
check("--set naming nothing names the --set", r.returncode == 2 and
      'hotdog: --set arivals.count=3: no channel or process is named "arivals"; did you mean "arrivals"?' in r.stderr,
      r.stderr)

# Counts agree with their nouns.
one = write("one.json", '{"hotdog": 1, "channels": [{"name": "c"}], "processes": [{"name": "p", "kind": "script", '
            '"steps": [{"close": "c"}]}]}')
r = run("validate", one)
check("validate: 1 channel, 1 process", r.returncode == 0 and "(1 channel, 1 process)" in r.stdout, r.stdout + r.stderr)
r = run("explore", one, "--runs", 1)
check("explore: 1 run, 1 outcome", "one.json: 1 run, 1 outcome" in r.stdout and "— 1 run (" in r.stdout, r.stdout + r.stderr)
# A warm-up the run never gets past: the summary's means cover no time, and stderr says so.
warm = write("warm.json", json.dumps({"hotdog": 1, "warmup": "10m", "processes": [
    {"name": "m", "kind": "machine", "stock": "unlimited", "serve_time": "1s"},
    {"name": "c", "kind": "customer", "machine": "m", "count": 10, "interval": "10s"}]}))
r = run("run", warm, "--format", "summary")
check("run ending before its warm-up warns",
      r.returncode == 0 and json.loads(r.stdout)["waits"]["all"]["n"] == 0
      and 'warning: the run ended at 1m31.000s, no later than its warm-up ("warmup": 10m00.000s)'
      in r.stderr, r.stderr)
r = run("run", warm, "--set", "warmup=1m", "--format", "summary")
check("a run past its warm-up does not warn", r.returncode == 0 and "warning" not in r.stderr
      and json.loads(r.stdout)["waits"]["all"]["n"] == 4, r.stdout + r.stderr)
r = run("sweep", warm, "--seeds", "1..2", "--set", "warmup=1m,10m", "--format", "csv")
check("a sweep counts its runs that end before their warm-up",
      r.returncode == 0 and "sweep: warning: 2 of 4 runs ended no later than" in r.stderr, r.stderr)
r = run("sweep", warm, "--seeds", "1..2", "--set", "warmup=1m", "--format", "csv")
check("a sweep past its warm-up does not warn", r.returncode == 0 and "warning" not in r.stderr, r.stderr)
finish("cli")
