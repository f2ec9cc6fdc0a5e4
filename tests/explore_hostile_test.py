#!/usr/bin/env python3
"""explore, explore-merge and shrink under hostile input: numbers that could wrap, runs too
many to list, shards that do not belong together, and scenarios big enough to exhaust memory.
Each case runs under a memory cap (not under a sanitizer, which reserves terabytes of address
space) and a timeout."""
import json
import os
import pathlib
import pty
import resource
import select
import signal
import subprocess
import tempfile
import time

from harness import check, finish, hotdog, root

tmp = pathlib.Path(tempfile.mkdtemp(prefix="hotdog-explore-hostile-"))
race = root / "scenarios" / "hot-dog-v2-race.json"
sanitized = bool(os.environ.get("HOTDOG_SANITIZE"))
slow = 10 if sanitized else 1


def capped(limit):
    def cap():
        if not sanitized:
            resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    return cap


def run(*args, limit=1 << 30, timeout=120):
    return subprocess.run([hotdog, *map(str, args)], capture_output=True, text=True, errors="replace", timeout=timeout * slow,
                          preexec_fn=capped(limit))


def first_output(args, limit, timeout):
    """Starts hotdog with stderr on a terminal (so the progress line is drawn), returns what it
    wrote within `timeout` seconds of wall time (or by its exit) and its exit status (None: still
    running, then killed)."""
    leader, follower = pty.openpty()
    p = subprocess.Popen([hotdog, *map(str, args)], stdout=subprocess.PIPE, stderr=follower,
                         preexec_fn=capped(limit))
    os.close(follower)
    got = b""
    deadline = time.monotonic() + timeout
    while not got and time.monotonic() < deadline and p.poll() is None:
        ready, _, _ = select.select([leader], [], [], 0.1)
        if ready:
            try:
                got += os.read(leader, 4096)
            except OSError:
                break
    status = p.poll()
    if status is None:
        p.send_signal(signal.SIGKILL)
    p.wait()
    os.close(leader)
    return got.decode(errors="replace"), status


# 10^9 runs are never listed up front: under a 1 GB cap the progress line comes at once and
# the runs go on (the test stops them).
got, status = first_output(["explore", race, "--runs", 1_000_000_000], 1_000_000_000, 20 * slow)
check("explore --runs 10^9: progress within seconds under a 1 GB cap, still running",
      status is None and "explore: " in got and "of 1000000000 runs" in got, f"exit {status}: {got!r}")
got, status = first_output(["explore", race, "--runs", 1_000_000_000, "--shard", "7/1000", "--jobs", "2"],
                           1_000_000_000, 20 * slow)
check("explore --runs 10^9 --shard 7/1000: its 10^6 runs stream too", status is None and "of 1000000 runs" in got,
      f"exit {status}: {got!r}")

# Shards: 1 <= K <= M <= runs; nothing wraps, and every replay printed is one `run` accepts.
for shard, runs in [("3/18446744073709551615", 3), ("4/4", 3), ("0/2", 3), ("2/1", 3),
                    ("1/18446744073709551616", 3), ("1/-1", 3)]:
    r = run("explore", race, "--runs", runs, "--shard", shard)
    check(f"explore --runs {runs} --shard {shard}: a clear error, exit 2",
          r.returncode == 2 and "--shard" in r.stderr and r.stdout == "" and "internal" not in r.stderr, r.stderr)
r = run("explore", race, "--runs", 3, "--shard", "3/18446744073709551615")
check("explore --shard beyond the runs: the error says why", "1 <= K <= M <= the number of runs" in r.stderr, r.stderr)
for runs, shard in [(3, "3/3"), (7, "3/4"), (2**40, "1/1099511627776")]:
    r = run("explore", race, "--runs", runs, "--shard", shard, "--format", "json")
    e = json.loads(r.stdout) if r.stdout else {"classes": [], "runs": -1}
    scheds = sorted(c["schedule"] for c in e["classes"])
    k, m = map(int, shard.split("/"))
    want = len(range(k, runs + 1, m))
    check(f"explore --runs {runs} --shard {shard}: {want} runs, schedules of the shard",
          r.returncode in (0, 1) and e["runs"] == want and all(s >= 1 and (s - 1) % m == k - 1 for s in scheds),
          r.stderr + r.stdout[:300])
    for c in e["classes"]:
        a = run(*c["replay"].split()[1:], "--format", "jsonl")
        check(f"explore --shard {shard}: `run` accepts the replay of schedule {c['schedule']}",
              a.returncode in (0, 1, 3, 4) and json.loads(a.stdout.splitlines()[-1])["reason"] == c["end"],
              c["replay"] + ": " + a.stderr)

# A class keeps a sample of its log lines (the first 1000, 64 KiB), and tells classes apart by
# all of them: two outcomes that differ only after line 2000 are two classes.
chatty = tmp / "chatty.json"
chatty.write_text(json.dumps({"hotdog": 1, "name": "chatty", "channels": [{"name": "c"}], "processes": [
    {"name": "p", "kind": "script", "steps": [{"loop": [{"log": "x"}], "times": 2000}, {"take": "c", "as": "v"},
                                              {"log": "{v}"}]},
    {"name": "a", "kind": "script", "steps": [{"put": "c", "value": "a"}]},
    {"name": "b", "kind": "script", "steps": [{"put": "c", "value": "b"}]}]}))
r = run("explore", chatty, "--runs", 40, "--format", "json")
e = json.loads(r.stdout)
classes = e["classes"]
check("explore: classes that differ after the sample are told apart", len(classes) == 2 and
      classes[0]["logs"] == classes[1]["logs"] and classes[0]["digest"] != classes[1]["digest"], r.stdout[:300] + r.stderr)
check("explore: a class keeps 1000 log lines and counts the rest",
      all(len(c["logs"]["p"]) == 1000 and c["logs_cut"] == {"p": 1001} for c in classes), str(classes)[:300])
t = run("explore", chatty, "--runs", 40)
check("explore text: the lines left out are counted", t.stdout.count("… and 1001 more") == 2, t.stdout[:400])
huge = tmp / "huge-log.json"
huge.write_text(json.dumps({"hotdog": 1, "name": "huge", "processes": [
    {"name": "p", "kind": "script", "steps": [{"loop": [{"log": "line {i} of many"}, {"sleep": "1ms"}], "times": 1_000_000,
                                              "index_as": "i"}]}]}))
r = run("explore", huge, "--runs", 2, "--max-events", 10**8, "--format", "json", limit=600 << 20, timeout=300)
c = json.loads(r.stdout)["classes"] if r.returncode == 0 else []
check("explore: 10^6 log lines a run, a class keeps a sample, under a 600 MB cap",
      r.returncode == 0 and len(c) == 1 and len(c[0]["logs"]["p"]) == 1000 and c[0]["logs_cut"]["p"] == 999_000,
      r.stderr[-300:])

# explore-merge: only the shards of one exploration, each once, each whole, all of them.
def shard(path, k, m, *extra, runs=30, name=None):
    out = tmp / (name or f"s{k}of{m}.json")
    r = run("explore", path, "--runs", runs, "--shard", f"{k}/{m}", "--format", "json", *extra)
    out.write_text(r.stdout)
    return out


s1, s2, s3 = (shard(race, k, 3) for k in (1, 2, 3))
whole = run("explore", race, "--runs", 30, "--format", "json").stdout
m = run("explore-merge", s3, s1, s2, "--format", "json")
check("explore-merge: the three shards give the unsharded JSON", m.returncode == 1 and m.stdout == whole, m.stderr)
doc = json.loads(whole)
check("explore JSON: what it was made from", doc["shard"] == "1/1" and doc["schedules"] == 30 and doc["runs"] == 30 and
      doc["sets"] == [] and len(doc["digest"]) == 32 and doc["strategy"] == "random", whole[:300])
# The scenario is read once: from a pipe, the digest is the file's (read twice, it was an
# empty file's, and shards from a pipe merged with shards of another scenario).
piped = subprocess.run([hotdog, "explore", "/dev/stdin", "--runs", "30", "--format", "json"],
                       input=race.read_text(), capture_output=True, text=True, timeout=120 * slow)
def classes(d):  # without the replay commands, which name the path
    return [{k: v for k, v in c.items() if k != "replay"} for c in d["classes"]]


check("explore /dev/stdin: the file's digest and classes",
      piped.returncode == 1 and json.loads(piped.stdout)["digest"] == doc["digest"] and
      classes(json.loads(piped.stdout)) == classes(doc), piped.stdout[:300] + piped.stderr)
c1 = shard(chatty, 1, 2, runs=40, name="c1.json")
c2 = shard(chatty, 2, 2, runs=40, name="c2.json")
m = run("explore-merge", c2, c1, "--format", "json")
check("explore-merge: samples and cut counts merge back", m.stdout == run("explore", chatty, "--runs", 40, "--format",
                                                                           "json").stdout, m.stderr)


def refused(label, needle, *files):
    r = run("explore-merge", *files)
    check(f"explore-merge refuses {label}", r.returncode == 2 and needle in r.stderr and r.stdout == "" and
          "internal" not in r.stderr, r.stderr)


refused("the same shard twice", "are the same shard 2/3", s1, s2, s2, s3)
refused("a missing shard", "shard 2/3 is missing", s1, s3)
refused("shards of different --runs", "different --runs", s1, shard(race, 2, 3, runs=31, name="r31.json"), s3)
refused("shards of different splits", "different splits", s1, shard(race, 2, 4, name="m4.json"), s3)
refused("shards of different --strategy", "different --strategy", s1, shard(race, 2, 3, "--strategy", "pct",
                                                                             name="pct.json"), s3)
refused("shards of different --max-events", "different --max-events", s1,
        shard(race, 2, 3, "--max-events", 1000, name="me.json"), s3)
rush = root / "scenarios" / "morning-rush.json"
refused("shards of different --set values", "different --set values",
        shard(rush, 1, 2, "--set", "rush.count=5", runs=4, name="set5.json"),
        shard(rush, 2, 2, "--set", "rush.count=6", runs=4, name="set6.json"))
edited = tmp / "edited" / race.name
edited.parent.mkdir()
edited.write_text(race.read_text().replace('"description": "', '"description": "Edited. ', 1))
refused("shards of different files of one name", "digests differ", s1, shard(edited, 2, 3, name="ed.json"), s3)
text = s2.read_text()
cut = tmp / "cut.json"
cut.write_text(text[:len(text) * 2 // 3])
refused("a shard cut short", "cut short", s1, cut, s3)
doc = json.loads(text)
doc["classes"] = doc["classes"][:-1]
less = tmp / "less.json"
less.write_text(json.dumps(doc))
refused("a shard that lost a class", "cut short or edited", s1, less, s3)
doc = json.loads(text)
doc["runs"] += 1
more = tmp / "more.json"
more.write_text(json.dumps(doc))
refused("a shard whose runs are not its shard's", "makes 10 runs, but it says 11", s1, more, s3)
doc = json.loads(text)
del doc["digest"]
old = tmp / "old.json"
old.write_text(json.dumps(doc))
refused("a shard of an older hotdog", 'no "digest"', s1, old, s3)
refused("a directory", "is a directory", tmp)
# A shard with a value nested 300,000 deep (it overflowed the stack): refused as it is read.
deep = tmp / "deep.json"
deep.write_text(text[:-1].rstrip().rstrip("}") + ', "x": ' + "[" * 300_000 + "]" * 300_000 + "}")
refused("a shard nested 300,000 deep", "nested more than 64 levels deep", deep, s2, s3)

# --format json of a scenario whose path is not UTF-8: refused before the runs, not after.
odd = pathlib.Path(os.fsdecode(bytes(tmp) + b"/\xff-race.json"))
odd.write_text(race.read_text())
r = run("explore", odd, "--runs", 1_000_000_000, "--format", "json", timeout=30)
check("explore --format json of a non-UTF-8 path: a clear error before running", r.returncode == 2 and
      "not valid UTF-8" in r.stderr and r.stdout == "", r.stderr)
r = run("explore", odd, "--runs", 5)
check("explore --format text of a non-UTF-8 path runs", r.returncode in (0, 1) and "5 runs" in r.stdout, r.stderr)

# shrink of a ~100 KB scenario within the memory bound the reference states (256 MB of address
# space and 10x the file). One logs 1.04 * 10^6 lines a run, 40,000 between sleeps, within the
# default --stall-steps (every line of every run was kept:
# std::bad_alloc); one has 500 steps with values, each dropped in turn (one candidate at a time).
def shrink_capped(label, doc, needle, after):
    path = tmp / "big-shrink.json"
    path.write_text(json.dumps(doc))
    size = path.stat().st_size
    r = run("shrink", path, "--schedule", 1, "--out", tmp / "big-min.json", limit=(256 << 20) + 10 * size, timeout=300)
    check(f"shrink {label} ({size >> 10} KiB) under {256 + (10 * size >> 20)} MB: exit 0, kept the failure",
          r.returncode == 0 and needle in r.stdout and f"-> {after}\n" in r.stdout, r.stdout[-300:] + r.stderr[-300:])


pad = " ".join(f"padding-{i}" for i in range(9000))
shrink_capped("of a run of 1.04*10^6 log lines", {"hotdog": 1, "name": "loud", "description": pad,
    "channels": [{"name": "never"}], "processes": [{"name": "p", "kind": "script", "steps": [
        {"loop": [{"loop": [{"log": "a message long enough to need the heap {i}"}], "times": 40_000, "index_as": "i"},
                  {"sleep": "1ms"}], "times": 26},
        {"take": "never"}]}]}, "kept the failure: end deadlock", 7)
shrink_capped("of 500 steps with values", {"hotdog": 1, "name": "wide", "channels": [{"name": "c", "buffer": 600},
    {"name": "never"}], "processes": [{"name": "p", "kind": "script", "steps": [
        {"put": "c", "value": {"k": [i, {"a": "b" * 150}]}} for i in range(500)] + [{"take": "never"}]}]},
    "kept the failure: end deadlock", 3)

finish("explore-hostile")
