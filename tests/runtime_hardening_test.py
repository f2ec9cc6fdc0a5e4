#!/usr/bin/env python3
"""The runtime's hardening, as a user meets it: an alts that never matches itself, a null put
arm tried in core.async's order, runs that always end (--stall-steps), saturating time,
teardown with daemons still running, exact deadlocks in real time, and one top-level handler
instead of an abort."""
import json
import os
import pathlib
import subprocess
import tempfile

from harness import check, finish, hotdog, root

scen = root / "scenarios"
tmp = pathlib.Path(tempfile.mkdtemp(prefix="hotdog-hardening-"))


def run(*args, stdin=None, timeout=120):
    try:
        return subprocess.run([hotdog, *map(str, args)], capture_output=True, text=True,
                              input=stdin, timeout=timeout)
    except subprocess.TimeoutExpired:  # a hang is a failure like any other, not the end
        return subprocess.CompletedProcess(args, -999, "", f"timed out after {timeout} s")


def scenario(name, processes, channels=()):
    p = tmp / name
    p.write_text(json.dumps({"hotdog": 1, "channels": [{"name": c} for c in channels],
                             "processes": processes}))
    return p


def script(name, steps, **extra):
    return {"name": name, "kind": "script", "steps": steps, **extra}


def not_killed(r):
    return r.returncode >= 0  # a negative status is a signal: a crash or an abort


# An alts whose put arm could pair with its own waiting take (a segfault before).
s = scenario("self-alts.json", [script("a", [{"alts": [{"take": "c"}, {"put": "c", "value": 1}]}])], ["c"])
r = run("run", s)
check("an alts never matches itself", r.returncode == 3 and "a waits forever" in r.stderr,
      f"{r.returncode} {r.stderr[-300:]}")

# A null put arm: an error only when that arm is tried.
head = [{"close": "c"}, {"take": "c", "as": "v"}]
s = scenario("null-arm-late.json", [script("p", head + [
    {"alts": [{"take": "c"}, {"put": "d", "value": "{v}"}], "priority": True, "port_as": "port"},
    {"log": "won {port}"}])], ["c", "d"])
r = run("run", s, "--format", "jsonl")
check("a ready arm before a null one wins", r.returncode == 0 and '"msg":"won c"' in r.stdout,
      f"{r.returncode} {r.stderr}")
s = scenario("null-arm-first.json", [script("p", head + [
    {"alts": [{"put": "d", "value": "{v}"}, {"take": "c"}], "priority": True}])], ["c", "d"])
r = run("run", s)
check("a null arm tried first fails", r.returncode == 4 and "Can't put nil on channel" in r.stderr,
      f"{r.returncode} {r.stderr}")

# Every run ends: a loop that makes no event, and one that makes events at one instant.
spin = scenario("spin.json", [script("spinner", [{"loop": [{"loop": [{"log": "x"}], "times": 0}]}])])
r = run("run", spin, "--stall-steps", "1000", timeout=60)
check("--stall-steps ends a loop that makes no event",
      r.returncode == 4 and "spinner repeats" in r.stderr and "loop iterations that make no event" in r.stderr
      and r.stdout.rstrip().endswith("end      reason=\"stalled\""), f"{r.returncode} {r.stderr} {r.stdout[-200:]}")
r = run("run", spin, timeout=120)
check("by default too (10^6 steps)", r.returncode == 4 and "stalled" in r.stderr, f"{r.returncode} {r.stderr}")
r = run("run", spin, "--realtime", "--until", "300", "--stall-steps", "0", timeout=120)
check("--realtime --until stops it (0: no stall limit)", r.returncode == 0 and 'reason="until"' in r.stdout,
      f"{r.returncode} {r.stderr}")
# A loop that never waits runs in constant stack in every build, the sanitizer builds included
# (there a coroutine's symmetric transfer is no tail call, so each iteration that completed at
# once used to nest a frame: about 500 overflowed ASan's stack). 10^6 iterations, each awaiting
# steps that complete at once (a put into a buffer with room, a take of it, a log).
million = scenario("million.json", [script("counter", [
    {"loop": [{"put": "c", "value": "{i}"}, {"take": "c", "as": "v"}, {"log": "{v}"}],
     "times": 1_000_000, "index_as": "i"}])], ["c"])
doc = json.loads(million.read_text())
doc["channels"][0]["buffer"] = 1
million.write_text(json.dumps(doc))
r = run("run", million, "--stall-steps", "0", "--format", "summary", timeout=600)
check("a loop of 10^6 iterations that never waits completes (constant stack)",
      r.returncode == 0 and not_killed(r), f"{r.returncode} {r.stderr[-300:]}")
chatter = scenario("chatter.json", [
    # the put after the endless loop keeps c within the talker's reach: no deadlock
    script("talker", [{"sleep": 5}, {"loop": [{"log": "again"}]}, {"put": "c", "value": 1}]),
    script("waiter", [{"take": "c"}])], ["c"])
r = run("run", chatter, "--stall-steps", "500", "--format", "jsonl")
last = json.loads(r.stdout.splitlines()[-1]) if r.stdout else {}
check("a stall names who repeats what",
      r.returncode == 4 and last == {"seq": last.get("seq"), "t": 5, "ev": "end", "reason": "stalled"}
      and "talker repeats" in r.stderr and "log" in r.stderr.split("talker repeats")[-1], f"{r.returncode} {r.stderr} {last}")
r = run("run", chatter, "--stall-steps", "500", "--explain")
check("--explain says what a stall means", "could never reach its end" in r.stdout, r.stdout[-400:])
r = run("step", chatter, "--stall-steps", "500", stdin="c\n")
check("step --stall-steps", r.returncode == 4, f"{r.returncode} {r.stderr}")

# Time saturates: sleeps past 2^63 ms, a huge speed, a huge sleep in real time.
s = scenario("long-sleeps.json", [script("p", [{"loop": [{"sleep": 2 ** 52}], "times": 3000}, {"log": "done"}])])
r = run("run", s, "--format", "jsonl")
ts = [json.loads(l)["t"] for l in r.stdout.splitlines()]
check("sleeps past 2^63 ms saturate", r.returncode == 0 and ts and min(ts) >= 0 and ts[-1] == 2 ** 63 - 1,
      f"{r.returncode} {r.stderr[-200:]} {ts[-3:]}")
s = scenario("huge-sleep.json", [script("p", [{"sleep": 2 ** 52}, {"log": "woke"}])])
r = run("run", s, "--realtime", "--until", "300", "--format", "jsonl")
check("a huge sleep in real time does not wake at once",
      r.returncode == 0 and '"woke"' not in r.stdout and '"reason":"until"' in r.stdout, f"{r.returncode} {r.stdout[-300:]}")
s = scenario("tick.json", [script("p", [{"sleep": 1}, {"log": "tick"}])])
r = run("run", s, "--realtime", "--speed", "1e308", "--format", "jsonl")
check("--speed 1e308 is refused with its range", r.returncode == 2 and "0.001 to 1000000" in r.stderr, r.stderr)
r = run("run", s, "--realtime", "--speed", "1000000", "--until", "100000", "--format", "jsonl")
ts = [json.loads(l)["t"] for l in r.stdout.splitlines()]
check("--speed at its maximum: no negative time", r.returncode == 0 and ts and min(ts) >= 0, f"{r.returncode} {ts}")

# Real time: a daemon still running at the end (a use-after-free under ASan, 7 runs in 8).
ticking = scenario("ticking-daemon.json", [
    script("ticker", [{"loop": [{"sleep": 1}, {"put": "c", "value": "tick"}]}], daemon=True),
    script("drain", [{"loop": [{"take": "c"}], "times": 50}])], ["c"])
for i in range(8):
    r = run("run", ticking, "--realtime", "--speed", "50", "--format", "jsonl")
    check(f"a ticking daemon at the end, run {i}", r.returncode == 0 and not r.stderr, f"{r.returncode} {r.stderr[-500:]}")
    r = run("run", scen / "sold-out-late-chef.json", "--realtime", "--speed", "2000", "--format", "jsonl")
    check(f"sold-out-late-chef in real time, run {i}", r.returncode == 0 and "ERROR" not in r.stderr,
          f"{r.returncode} {r.stderr[-500:]}")

# Real time: busy is not deadlocked; a real deadlock is found.
s = scenario("busy.json", [
    script("waiter", [{"take": "c"}]),
    # a go daemon's Thread/sleep: busy for 700 ms with no timer pending
    script("worker", [{"sleep": 700, "blocking": True}, {"put": "c", "value": "done"}], daemon=True)],
    ["c"])
r = run("run", s, "--realtime")
check("a busy daemon is no deadlock", r.returncode == 0, f"{r.returncode} {r.stderr}")
r = run("run", scen / "blocking-put-no-taker.json", "--realtime")
check("a real deadlock in real time", r.returncode == 3 and "waits forever" in r.stderr, f"{r.returncode} {r.stderr}")

# Real time: a loop that makes no event, or only events at one instant, ends stalled too
# (there the count runs while no timer fires: the wall clock itself never stands still).
r = run("run", spin, "--realtime", "--stall-steps", "1000", timeout=60)
check("--stall-steps ends a zero-time loop in real time",
      r.returncode == 4 and "spinner repeats" in r.stderr and 'reason="stalled"' in r.stdout,
      f"{r.returncode} {r.stderr[-300:]} {r.stdout[-200:]}")
r = run("run", chatter, "--realtime", "--stall-steps", "500", "--format", "jsonl", timeout=60)
check("a chatty loop in real time ends stalled, saying who repeats",
      r.returncode == 4 and "talker repeats" in r.stderr and r.stdout.rstrip().endswith('"reason":"stalled"}'),
      f"{r.returncode} {r.stderr[-300:]} {r.stdout[-200:]}")
r = run("run", ticking, "--realtime", "--speed", "50", "--stall-steps", "20", "--format", "jsonl")
check("a ticking run in real time is no stall", r.returncode == 0, f"{r.returncode} {r.stderr[-300:]}")

# Real time: a deadlock among some processes is reported while the others run on.
pair = [script("ann", [{"take": "a"}, {"put": "b", "value": 1}]),
        script("bob", [{"take": "b"}, {"put": "a", "value": 1}])]
s = scenario("rt-partial.json", pair + [script("carol", [{"sleep": 300}, {"log": "still here"}])], ["a", "b"])
r = run("run", s, "--realtime", "--format", "jsonl", timeout=60)
evs = [json.loads(l) for l in r.stdout.splitlines()]
kinds = [(e["ev"], e.get("proc")) for e in evs]
check("real time: a partial deadlock is reported and the others run on",
      r.returncode == 3 and ("deadlock", None) in kinds and ("log", "carol") in kinds
      and kinds.index(("deadlock", None)) < kinds.index(("log", "carol"))
      and evs[-1] == {"seq": evs[-1]["seq"], "t": evs[-1]["t"], "ev": "end", "reason": "deadlock"}
      and [w["proc"] for w in evs[kinds.index(("deadlock", None))]["waiting"]] == ["ann", "bob"],
      f"{r.returncode} {r.stderr[-300:]} {kinds[-6:]}")
s = scenario("rt-partial-daemon.json", pair + [
    script("clock", [{"loop": [{"sleep": 20}, {"log": "tick"}]}], daemon=True)], ["a", "b"])
r = run("run", s, "--realtime", "--format", "jsonl", timeout=60)
check("real time: a deadlock while only a daemon ticks ends the run",
      r.returncode == 3 and r.stdout.count('"ev":"deadlock"') == 1 and '"cycle":["ann","bob","ann"]' in r.stdout,
      f"{r.returncode} {r.stderr[-300:]} {r.stdout[-300:]}")

# One top-level handler: whatever escapes gives a message, never an abort.
r = run("run", scen / "echo.json", "--until", "99999999999999999999")
check("an escaped exception is a message, not an abort",
      not_killed(r) and r.returncode in (2, 4) and r.stderr.startswith("hotdog: "), f"{r.returncode} {r.stderr}")

finish("runtime hardening")
