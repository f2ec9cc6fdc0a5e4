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
    return subprocess.run([hotdog, *map(str, args)], capture_output=True, text=True, timeout=timeout * slow,
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

finish("explore-hostile")
