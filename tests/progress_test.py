#!/usr/bin/env python3
"""Long commands show progress on a terminal's stderr, and nothing else changes: each runs
with stderr on a pseudo-terminal (stdout a pipe) and again with both on pipes; the first shows
a progress line, the second none, and stdout is byte-identical."""
import os
import pathlib
import pty
import subprocess
import tempfile
import threading

from harness import check, finish, hotdog, root

scen = root / "scenarios"
race = scen / "hot-dog-v2-race.json"
tmp = pathlib.Path(tempfile.mkdtemp(prefix="hotdog-progress-"))


def in_terminal(args):
    """Runs hotdog with stderr on a pseudo-terminal: (exit status, stdout bytes, terminal text)."""
    master, slave = pty.openpty()
    p = subprocess.Popen([hotdog, *map(str, args)], stdout=subprocess.PIPE, stderr=slave,
                         stdin=subprocess.DEVNULL)
    os.close(slave)
    seen = bytearray()

    def drain():  # the terminal's buffer must not fill while the command runs
        while True:
            try:
                chunk = os.read(master, 4096)
            except OSError:  # EIO: the last writer closed it
                return
            if not chunk:
                return
            seen.extend(chunk)

    reader = threading.Thread(target=drain)
    reader.start()
    out = p.stdout.read()
    status = p.wait(timeout=300)
    reader.join(timeout=30)
    os.close(master)
    return status, out, seen.decode("utf-8", "replace")


def in_pipe(args):
    r = subprocess.run([hotdog, *map(str, args)], capture_output=True, timeout=300)
    return r.returncode, r.stdout, r.stderr.decode("utf-8", "replace")


def same_but_progress(name, args, line):
    """`line` starts the progress line the command draws (e.g. "explore: ")."""
    t_status, t_out, t_err = in_terminal(args)
    p_status, p_out, p_err = in_pipe(args)
    check(f"{name}: progress on a terminal", "\r\x1b[K" + line in t_err and "/s" in t_err, repr(t_err[-300:]))
    check(f"{name}: the progress line is erased at the end", t_err.count("\r\x1b[K" + line) >= 1 and
          ("\r\x1b[K" + line) not in t_err.rsplit("\r\x1b[K", 1)[-1], repr(t_err[-200:]))
    check(f"{name}: no progress into a pipe", "\r" not in p_err and line not in p_err, repr(p_err[-300:]))
    check(f"{name}: stdout byte-identical with and without a terminal", t_out == p_out and len(p_out) > 0,
          f"{len(t_out)} vs {len(p_out)} bytes")
    check(f"{name}: same exit status", t_status == p_status, f"{t_status} vs {p_status}")
    return t_err


# run: only once it has taken about a second; a big crowd takes longer than that (a tenth of
# it does under a sanitizer, which runs several times slower).
sanitized = bool(os.environ.get("HOTDOG_SANITIZE"))
crowd = "arrivals.count=" + ("60000" if sanitized else "600000")
same_but_progress("run", ["run", scen / "mm1.json", "--set", crowd, "--format", "summary"], "run: ")
status, out, err = in_terminal(["run", scen / "mm1.json", "--set", crowd, "--until", "10h" if sanitized else "100h"])
check("run: the line is erased before the run's summary goes to stderr",
      "\r\x1b[Krun: " in err and "\r\x1b[K" not in err.split("summary: ", 1)[-1] and
      "/ssummary" not in err, repr(err[-300:]))
quick = in_terminal(["run", scen / "echo.json"])
check("run: a quick run draws no progress line", "\x1b[K" not in quick[2], repr(quick[2]))

# explore: what is done of what, the rate, the time left.
err = same_but_progress("explore", ["explore", race, "--runs", 400, "--format", "json"], "explore: ")
check("explore: says done of total and the time left", " of 400 runs" in err and " left" in err, repr(err[-300:]))

# shrink: a failing schedule of the race, found by explore.
import json
e = json.loads(in_pipe(["explore", race, "--runs", 100, "--format", "json"])[1])
dead = next(c for c in e["classes"] if c["end"] == "deadlock")
same_but_progress("shrink", ["shrink", race, "--schedule", dead["schedule"]], "shrink: ")

# sweep and merge.
same_but_progress("sweep", ["sweep", scen / "mm1.json", "--seeds", "1..40"], "sweep: ")
for k in (1, 2):
    (tmp / f"s{k}.jsonl").write_bytes(in_pipe(["sweep", scen / "mm1.json", "--seeds", "1..40", "--shard", f"{k}/2"])[1])
err = same_but_progress("merge", ["merge", tmp / "s1.jsonl", tmp / "s2.jsonl"], "merge: ")
check("merge: counts bytes of the shards' total", " MiB of " in err, repr(err[-200:]))

finish("progress")
