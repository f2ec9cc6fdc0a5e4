#!/usr/bin/env python3
"""Hostile input, forged output, lost output, odd goldens: each gets a clear answer."""
import json
import os
import pathlib
import signal
import stat
import subprocess
import tempfile
import time

from harness import check, finish, hotdog, root

scen = root / "scenarios"
tmp = pathlib.Path(tempfile.mkdtemp(prefix="hotdog-hardening-"))


def run(*args, **kw):
    return subprocess.run([hotdog, *map(str, args)], capture_output=True, timeout=120, **kw)


def write(name, data):
    p = tmp / name
    p.write_bytes(data if isinstance(data, bytes) else data.encode())
    return p


def err(r):
    return r.stderr.decode(errors="replace")


def scenario(channels=("c",), procs=None, **top):
    procs = procs if procs is not None else [
        {"name": "p", "kind": "script", "steps": [{"log": "hi"}]}]
    return json.dumps({"hotdog": 1, **top, "channels": [{"name": c} for c in channels], "processes": procs})


# --- Input: strict UTF-8 --------------------------------------------------------------------
for label, raw in [("byte 0xf5", b"\xf5\x80\x80\x80"), ("byte 0xff", b"\xff"), ("byte 0xf8", b"\xf8\x88\x80\x80\x80"),
                   ("overlong 2", b"\xc0\xaf"), ("overlong 3", b"\xe0\x80\xaf"), ("overlong 4", b"\xf0\x80\x80\xaf"),
                   ("surrogate", b"\xed\xa0\x80"), ("above U+10FFFF", b"\xf4\x90\x80\x80"),
                   ("truncated", b"\xe2\x82"), ("lone continuation", b"\x80")]:
    p = write("utf8.json", b'{"hotdog": 1,\n "name": "x' + raw + b'"}')
    r = run("validate", p)
    check(f"UTF-8 {label}: FILE:LINE:COL: error: not valid UTF-8", r.returncode == 2 and
          f"{p}:2:12: error: not valid UTF-8".encode() in r.stderr and b"terminate" not in r.stderr, err(r))
p = write("truncated-end.json", b'{"hotdog": 1, "name": "\xe2\x82')
r = run("validate", p)
check("UTF-8 truncated at the end of the file", r.returncode == 2 and b"error: not valid UTF-8" in r.stderr, err(r))
r = run("validate", write("ok-utf8.json", scenario(name="caf\u00e9 \U0001F32D \u20ac")))
check("valid UTF-8 is accepted", r.returncode == 0, err(r))
r = run("validate", write("bom.json", b"\xef\xbb\xbf" + scenario().encode()))
check("a UTF-8 BOM gets a clear message", r.returncode == 2 and b"byte order mark" in r.stderr
      and b"0xef" not in r.stderr, err(r))

# --- Input: numbers out of range --------------------------------------------------------------
p = write("big-buffer.json", json.dumps({"hotdog": 1, "channels": [{"name": "c", "buffer": 9223372036854775808}],
                                         "processes": []}))
r = run("validate", p)
check("a huge buffer is too large, not negative", r.returncode == 2 and b"negative" not in r.stderr
      and b"0 to 1073741824" in r.stderr, err(r))
p = write("big-sleep.json", scenario(procs=[{"name": "p", "kind": "script", "steps": [{"sleep": 9223372036854775808}]}]))
r = run("validate", p)
check("a huge sleep is too large, not negative", r.returncode == 2 and b"negative" not in r.stderr, err(r))
p = write("huge-int.json", json.dumps({"hotdog": 1, "channels": [], "processes": []})[:-1] + ', "seed": 99999999999999999999}')
r = run("validate", p)
check("a seed beyond 64 bits", r.returncode == 2 and b"unsigned 64-bit" in r.stderr, err(r))

# --- Input: names -----------------------------------------------------------------------------
for label, name in [("newline", "a\nb"), ("escape", "a\u001b[31mb"), ("DEL", "a\u007fb"), ("C1", "a\u0085b"),
                    ("bar", "a|b")]:
    r = run("validate", write("name.json", scenario(channels=(name,))))
    check(f"channel name with {label} is refused", r.returncode == 2 and b"channel name" in r.stderr
          and b"\x1b" not in r.stderr and b"a\nb" not in r.stderr, err(r))
    r = run("validate", write("name.json", scenario(procs=[{"name": name, "kind": "script", "steps": []}])))
    check(f"process name with {label} is refused", r.returncode == 2 and b"process name" in r.stderr
          and b"\x1b" not in r.stderr and b"a\nb" not in r.stderr, err(r))
r = run("validate", write("names-ok.json", scenario(channels=("hot dogs", "caf\u00e9.in-1", "a/b~c"),
                                                    procs=[{"name": "\U0001F32D stand #1", "kind": "script", "steps": []}])))
check("printable names (spaces, punctuation, any script) are accepted", r.returncode == 0, err(r))
r = run("validate", write("reserved.json", scenario(channels=("timeout",))))
check("reserved names stay reserved", r.returncode == 2 and b"reserved" in r.stderr, err(r))

# --- Input: command-line numbers --------------------------------------------------------------
echo = scen / "echo.json"
for opt, bad in [("--seed", "-1"), ("--seed", "18446744073709551616"), ("--seed", "1.5"), ("--seed", "0x10"),
                 ("--until", "99999999999999999999"), ("--until", "9223372036854775807"), ("--until", "-5"),
                 ("--speed", "nan"), ("--speed", "inf"), ("--speed", "1e308"), ("--speed", "0"), ("--speed", "-1"),
                 ("--speed", "1e-9"), ("--threads", "0"), ("--threads", "-1"), ("--threads", "100000"),
                 ("--max-events", "0"), ("--max-events", "-1"), ("--max-events", "18446744073709551616"),
                 ("--max-events", "lots")]:
    r = run("run", echo, opt, bad)
    check(f"{opt} {bad} exits 2 with a message", r.returncode == 2 and opt.encode() in r.stderr
          and b"terminate" not in r.stderr and r.stdout == b"", err(r))
for opt, good in [("--seed", "18446744073709551615"), ("--seed", "0"), ("--until", "4503599627370496"),
                  ("--max-events", "1000"), ("--threads", "4")]:
    r = run("run", echo, opt, good)
    check(f"{opt} {good} is accepted", r.returncode == 0, err(r))
r = run("run", echo, "--realtime", "--speed", "1000000", "--format", "jsonl")
check("--speed 1000000 is accepted", r.returncode == 0, err(r))

# --- Text output cannot be forged ---------------------------------------------------------------
forger = write("forger.json", json.dumps({"hotdog": 1, "channels": [{"name": "c"}], "processes": [
    {"name": "p", "kind": "script", "steps": [{"log": "a\n   0ms  q  exit\u001b[2J"}, {"take": "c"}]}]}))
for args in [(), ("--explain",), ("--color", "always")]:
    r = run("run", forger, *args)
    out = r.stdout.decode()
    check(f"text trace {args}: a message cannot forge lines or reach the terminal",
          "\x1b[2J" not in out and "\n   0ms  q  exit" not in out, out)
    check(f"stderr {args}: nothing raw", b"\x1b[2J" not in r.stderr, err(r))
a = write("forge-a.txt", "     0ms  p  log      msg=\"x\"\n")
b = write("forge-b.txt", "     0ms  p  log      msg=\"y\"\x1b[2J\r     0ms  p  exit\n")
r = run("diff", a, b)
check("diff report escapes control characters", r.returncode == 1 and b"\x1b[2J" not in r.stderr
      and b"\r" not in r.stderr and b"\\x1b[2J" in r.stderr, err(r))

# --- No data lost on output ----------------------------------------------------------------------
rush = scen / "morning-rush.json"
with open("/dev/full", "wb") as full:
    r = subprocess.run([hotdog, "run", rush, "--format", "jsonl"], stdout=full, stderr=subprocess.PIPE, timeout=120)
check("stdout on /dev/full: a message and a non-zero exit", r.returncode != 0 and b"cannot write" in r.stderr, err(r))
r = subprocess.run(f"exec 1>&-; exec {hotdog} run {rush} --format jsonl", shell=True, stderr=subprocess.PIPE, timeout=120)
check("a closed stdout: a message and a non-zero exit", r.returncode != 0 and b"cannot write" in r.stderr, err(r))
# Every command that prints, not only run (before, they printed into /dev/null and exited 0);
# one whose output goes to --out still succeeds.
mm1 = scen / "mm1.json"
for args in (["sweep", mm1, "--seeds", "1..2", "--set", "arrivals.count=20"], ["validate", echo],
             ["explore", echo, "--runs", "2"], ["explore", echo, "--runs", "2", "--format", "json"],
             ["kinds"]):
    line = " ".join(f"'{a}'" for a in args)
    r = subprocess.run(f"exec 1>&-; exec {hotdog} {line}", shell=True, stderr=subprocess.PIPE, timeout=120)
    check(f"a closed stdout, {args[0]}: a message and exit 2",
          r.returncode == 2 and b"cannot write" in r.stderr, err(r))
r = subprocess.run(f"exec 1>&-; exec {hotdog} step {echo}", shell=True, stderr=subprocess.PIPE,
                   input=b"c\n", timeout=120)
check("a closed stdout, step: a message and exit 2", r.returncode == 2 and b"cannot write" in r.stderr, err(r))
# shrink: without --out it refuses before its search; with --out the report goes to stderr.
race = scen / "hot-dog-v2-race.json"
r = subprocess.run(f"exec 1>&-; exec {hotdog} shrink {race} --schedule 3", shell=True, stderr=subprocess.PIPE,
                   timeout=120)
check("a closed stdout, shrink: refused before the search", r.returncode == 2 and b"give --out" in r.stderr
      and b"runs:" not in r.stderr, err(r))
min_file = tmp / "closed-stdout-min.json"
r = subprocess.run(f"exec 1>&-; exec {hotdog} shrink {race} --schedule 3 --out {min_file}", shell=True,
                   stderr=subprocess.PIPE, timeout=120)
check("a closed stdout, shrink --out FILE: the scenario in FILE, the report on stderr", r.returncode == 0 and
      min_file.stat().st_size > 0 and b"replay: hotdog run" in r.stderr, err(r))
out_file = tmp / "closed-stdout.jsonl"
r = subprocess.run(f"exec 1>&-; exec {hotdog} run {rush} --out {out_file}", shell=True, stderr=subprocess.PIPE,
                   timeout=120)
check("a closed stdout, run --out FILE: fine", r.returncode == 0 and out_file.stat().st_size > 0, err(r))
r = run("run", rush, "--format", "jsonl", "--out", "/dev/full")
check("--out /dev/full: a message and a non-zero exit", r.returncode != 0 and b"cannot write" in r.stderr, err(r))
r = run("run", echo, "--out", "/dev/null")
check("--out on a device still writes into it", r.returncode == 0 and os.path.exists("/dev/null")
      and stat.S_ISCHR(os.stat("/dev/null").st_mode), err(r))

target = write("mode.txt", "old\n")
os.chmod(target, 0o640)
r = run("run", echo, "--out", target)
check("--out keeps the target's mode", r.returncode == 0 and stat.S_IMODE(os.stat(target).st_mode) == 0o640
      and "ketchup" in target.read_text(), err(r))
real = write("real.txt", "old\n")
link = tmp / "link.txt"
link.symlink_to(real.name)
r = run("run", echo, "--out", link)
check("--out writes through a symlink, which stays one", r.returncode == 0 and link.is_symlink()
      and "ketchup" in real.read_text(), err(r))
# A loop of symlinks cannot be followed: a clear error, and both links stay links (before, the
# first became a plain file holding the trace, exit 0).
(tmp / "loop1").symlink_to("loop2")
(tmp / "loop2").symlink_to("loop1")
r = run("run", echo, "--out", tmp / "loop1")
check("--out onto a loop of symlinks: a message, exit 2, the links untouched", r.returncode == 2 and
      b"cannot write" in r.stderr and (tmp / "loop1").is_symlink() and (tmp / "loop2").is_symlink(), err(r))
dangling = tmp / "dangling.txt"
dangling.symlink_to("made-by-the-run.txt")
r = run("run", echo, "--out", dangling)
check("--out onto a dangling symlink writes its target", r.returncode == 0 and dangling.is_symlink() and
      "ketchup" in (tmp / "made-by-the-run.txt").read_text(), err(r))
# A predictable temporary name (another user's symlink waiting there) is not used.
trap = tmp / "victim.txt"
trap.write_text("precious\n")
out = tmp / "t.txt"
for pid in range(os.getpid(), os.getpid() + 200):
    (tmp / f"t.txt.tmp.{pid}").symlink_to(trap.name)
r = run("run", echo, "--out", out)
check("--out's temporary file is created exclusively", r.returncode == 0 and trap.read_text() == "precious\n"
      and "ketchup" in out.read_text(), err(r))
for p in tmp.glob("t.txt.tmp.*"):
    p.unlink()
# SIGINT / SIGTERM during a long run: the temporary file goes, the target is untouched.
long = write("long.json", json.dumps({"hotdog": 1, "channels": [], "processes": [
    {"name": "p", "kind": "script", "steps": [{"loop": [{"sleep": 1}, {"log": "tick"}]}]}]}))
for sig, code in [(signal.SIGINT, 130), (signal.SIGTERM, 143)]:
    target = write("sig.txt", "old\n")
    before = set(tmp.iterdir())
    proc = subprocess.Popen([hotdog, "run", long, "--out", target, "--max-events", "100000000000"],
                            stderr=subprocess.PIPE)
    time.sleep(1.0)
    proc.send_signal(sig)
    proc.wait(timeout=60)
    check(f"signal {sig.name}: exit {code}, target untouched, no temporary file", proc.returncode == code
          and target.read_text() == "old\n" and set(tmp.iterdir()) == before, (proc.returncode, set(tmp.iterdir()) - before))

# --- Goldens and diff ---------------------------------------------------------------------------
for args in [("diff", "/etc", "/usr"), ("diff", scen / "echo.golden.txt", tmp), ("diff", tmp, scen / "echo.golden.txt"),
             ("run", echo, "--expect", tmp), ("run", echo, "--update", tmp), ("run", echo, "--out", tmp)]:
    # CI=true refuses --update before it looks at the path (the CI machine sets it): test the path.
    r = run(*args, env={k: v for k, v in os.environ.items() if k != "CI"})
    check(f"a directory: {' '.join(map(str, args[:1]))} {args[-2] if args[0] == 'run' else ''} exits 2",
          r.returncode == 2 and (b"folder" in r.stderr or b"directory" in r.stderr.lower()), err(r))
crlf = write("echo.crlf.txt", (scen / "echo.golden.txt").read_text().replace("\n", "\r\n"))
r = run("diff", scen / "echo.golden.txt", crlf)
check("diff: CRLF against LF says the line endings differ", r.returncode == 1 and b"line endings differ" in r.stderr, err(r))
r = run("run", echo, "--expect", crlf)
check("--expect a CRLF golden says the line endings differ", r.returncode == 1 and b"line endings differ" in r.stderr,
      err(r))
r = run("diff", scen / "echo.golden.txt", scen / "echo.golden.jsonl")
check("diff: text against JSONL says the formats differ", r.returncode == 2 and b"formats differ" in r.stderr, err(r))
env = dict(os.environ, CI="false")
golden = tmp / "u.txt"
r = run("run", echo, "--update", golden, "--explain", env=env)
check("--update with --explain writes no explanations", r.returncode == 0 and
      golden.read_text() == (scen / "echo.golden.txt").read_text(), err(r))
r = run("run", echo, "--expect", scen / "echo.golden.txt", "--out", tmp / "both.txt")
check("--expect with --out is refused", r.returncode == 2 and b"--out" in r.stderr and not (tmp / "both.txt").exists(), err(r))

# --- A NUL byte after the JSON: refused wherever JSON is read --------------------------------
# nlohmann_json reads a NUL as the end of its input; hotdog's own reader counts it as text.
valid = scenario()
for tail in (b"\x00", b"\x00junk", b"\n\x00", b" \x00\n"):
    f = write("nul.json", valid.encode() + tail)
    line, col = (1, len(valid) + 1) if not tail.startswith(b"\n") else (2, 1)
    if tail.startswith(b" "):
        col += 1
    for args in (["run", f], ["validate", f], ["sweep", f], ["explore", f, "--runs", "2"], ["step", f]):
        r = run(*args, stdin=subprocess.DEVNULL)
        check(f"{args[0]}: a scenario followed by {tail!r} is refused at its place", r.returncode == 2
              and f"nul.json:{line}:{col}: error: unexpected text after the end of the JSON value".encode() in r.stderr, err(r))
shards = [run("sweep", scen / "echo.json", "--seeds", "1..2", "--shard", f"{k}/2").stdout for k in (1, 2)]
first, rest = shards[0].split(b"\n", 1)
s1, s2 = write("nul-s1.jsonl", first + b"\x00junk\n" + rest), write("nul-s2.jsonl", shards[1])
r = run("merge", s1, s2)
check("merge: a shard header with a NUL byte in it is refused", r.returncode == 2 and b"not a sweep shard" in r.stderr
      and r.stdout == b"", err(r))
lines = shards[0].split(b"\n")
# The JSON before the NUL is a whole sweep line, and the run number at the end is still found.
s1 = write("nul-s1.jsonl", b"\n".join([lines[0], lines[1].replace(b',"expected"', b'}\x00,"expected"')] + lines[2:]))
for fmt in ("runs-csv", "csv", "text", "html"):
    r = run("merge", s1, s2, "--format", fmt)
    check(f"merge --format {fmt}: a run's line with a NUL byte in it is refused", r.returncode == 2
          and b"not a line of hotdog sweep" in r.stderr, err(r))
e1 = run("explore", scen / "echo.json", "--runs", "2", "--shard", "1/2", "--format", "json").stdout
e2 = write("nul-e2.json", run("explore", scen / "echo.json", "--runs", "2", "--shard", "2/2", "--format", "json").stdout)
for tail in (b"\x00", b"\x00junk"):
    r = run("explore-merge", write("nul-e1.json", e1.rstrip(b"\n") + tail), e2)
    check(f"explore-merge: a shard followed by {tail!r} is refused", r.returncode == 2 and b"NUL byte" in r.stderr, err(r))
trace = run("run", scen / "echo.json", "--format", "jsonl").stdout.split(b"\n")
a = write("nul-a.jsonl", b"\n".join(trace[:1] + [trace[1] + b"\x00one"] + trace[2:]))
b = write("nul-b.jsonl", b"\n".join(trace[:1] + [trace[1] + b"\x00two"] + trace[2:]))
r = run("diff", a, b)
check("diff: JSONL lines that differ only after a NUL byte differ", r.returncode == 1, err(r))  # (already so)

finish("hardening")
