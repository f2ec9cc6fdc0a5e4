#!/usr/bin/env python3
"""hotdog sweep and merge, run --set and --format summary, as a modeller uses them."""
import json
import os
import pathlib
import re
import shutil
import subprocess
import tempfile

from harness import check, finish, hotdog, root

tmp = pathlib.Path(tempfile.mkdtemp(prefix="hotdog-sweep-"))
rush = root / "scenarios" / "morning-rush.json"


def run(*args, **kw):
    return subprocess.run([hotdog, *map(str, args)], capture_output=True, text=True, timeout=600, **kw)


# --format summary: one JSON object with the contract's fields.
r = run("run", rush, "--format", "summary")
s = json.loads(r.stdout)
check("summary: one JSON object", r.returncode == 0 and r.stdout.count("\n") == 1, r.stderr)
check("summary: the summary event's fields", s["customers"] == 200 and s["balanced"] is True)
m = s["machines"]["m1"]
check("summary: per machine", set(m) >= {"served", "utilization", "queue_mean", "queue_max"})
c = s["channels"]["m1.in"]
check("summary: per channel", set(c) >= {"puts", "takes", "drops", "slides", "buffer_mean",
                                        "max_waiting_puts", "max_waiting_takes"})
check("summary: waits served and hungry apart", s["waits"]["served"]["n"] + s["waits"]["hungry"]["n"]
      <= s["waits"]["all"]["n"] == 200)

# --set: overrides, checked as if written in the file.
r = run("run", rush, "--set", "rush.count=20", "--set", "seed=7", "--format", "summary")
check("--set changes a key", r.returncode == 0 and json.loads(r.stdout)["customers"] == 20, r.stderr)
r = run("run", rush, "--set", "rush.cont=20")
check("--set: an unknown key is an error with did-you-mean", r.returncode == 2 and 'did you mean "count"' in r.stderr,
      r.stderr)
r = run("run", rush, "--set", "rsh.count=20")
check("--set: an unknown name is an error with did-you-mean", r.returncode == 2 and 'did you mean "rush"' in r.stderr,
      r.stderr)
r = run("run", rush, "--set", "rush.count=many")
check("--set: a bad value is the loader's error", r.returncode == 2 and '"count" must be a whole number' in r.stderr,
      r.stderr)
r = run("run", rush, "--set", "rush")
check("--set: malformed", r.returncode == 2 and "NAME.KEY=VALUE" in r.stderr, r.stderr)

# sweep: byte-identical whatever --jobs; one line per (point, seed) in order.
args = ["sweep", rush, "--seeds", "1..12", "--set", "rush.count=30,60", "--set", "m1.price=3,4"]
one = run(*args, "--jobs", "1")
two = run(*args, "--jobs", "2")
lines = one.stdout.splitlines()
check("sweep: a line per run", one.returncode == 0 and len(lines) == 48, one.stderr)
check("sweep: --jobs 2 writes the same bytes as --jobs 1", one.stdout == two.stdout)
first = [json.loads(l) for l in lines[:13]]
check("sweep: ordered by point then seed", [f["seed"] for f in first[:12]] == list(range(1, 13))
      and first[0]["point"] == {"rush.count": 30, "m1.price": 3} and first[12]["point"] == {"rush.count": 30, "m1.price": 4})
check("sweep: no progress line when stderr is not a terminal", one.stderr == "", one.stderr)

# Shards merge back byte for byte, in any order.
for k in (1, 2, 3):
    (tmp / f"s{k}.jsonl").write_text(run(*args, "--shard", f"{k}/3").stdout)
merged = run("merge", tmp / "s3.jsonl", tmp / "s1.jsonl", tmp / "s2.jsonl")
check("merge: shards give the unsharded sweep", merged.returncode == 0 and merged.stdout == one.stdout, merged.stderr)
merged = run("merge", tmp / "s1.jsonl", tmp / "s2.jsonl", "--out", tmp / "partial.jsonl")
check("merge: a missing shard is an error, and --out is not written",
      merged.returncode == 2 and "missing" in merged.stderr and not (tmp / "partial.jsonl").exists(), merged.stderr)
# A line whose point or seed was edited no longer matches its run number: refused, not averaged
# into another point (before, merge checked the run numbers alone).
s1 = (tmp / "s1.jsonl").read_text().splitlines(keepends=True)
for label, old, new in (("point", '"rush.count":30', '"rush.count":31'), ("seed", '"seed":1,', '"seed":2,'),
                        # A second key after the checked start: a JSON reader keeps the last.
                        ("point named twice", '"seed":1,', '"seed":1,"point":{"rush.count":60,"m1.price":3},'),
                        ("seed named twice", '"seed":1,', '"seed":1,"seed":99,')):
    edited = list(s1)
    edited[1] = edited[1].replace(old, new, 1)
    (tmp / "edited.jsonl").write_text("".join(edited))
    merged = run("merge", tmp / "edited.jsonl", tmp / "s2.jsonl", tmp / "s3.jsonl")
    check(f"merge: a line whose {label} was edited is refused", merged.returncode == 2 and merged.stdout == "" and
          "run 0 does not begin" in merged.stderr and "not written by this sweep" in merged.stderr, merged.stderr)

# GNU parallel runs the shards (locally here; --sshlogin would spread them over hosts).
parallel = shutil.which("parallel")
if parallel is None:
    check("GNU parallel is installed (scripts/setup installs it)", False)
else:
    cmd = f"{hotdog} sweep {rush} --seeds 1..12 --set rush.count=30,60 --set m1.price=3,4 --shard {{}}/4 --out {tmp}/p{{}}.jsonl"
    r = subprocess.run([parallel, "--will-cite", "-j", "2", cmd, ":::", "1", "2", "3", "4"], capture_output=True, text=True)
    merged = run("merge", *[tmp / f"p{k}.jsonl" for k in (1, 2, 3, 4)])
    check("GNU parallel shards merge into the unsharded sweep", r.returncode == 0 and merged.stdout == one.stdout,
          r.stderr + merged.stderr)

# The Slurm batch script, dry: the array index becomes the shard.
env = dict(os.environ, SLURM_ARRAY_TASK_ID="2", SLURM_ARRAY_TASK_COUNT="3", SLURM_CPUS_PER_TASK="2", HOTDOG=hotdog)
r = subprocess.run(["bash", root / "scripts" / "sweep-slurm.sbatch", rush, "--seeds", "1..12", "--set", "rush.count=30,60",
                    "--set", "m1.price=3,4"], cwd=tmp, env=env, capture_output=True, text=True)
check("slurm script: shard K of M from the array", r.returncode == 0 and
      (tmp / "sweep-shard-2.jsonl").read_text() == (tmp / "s2.jsonl").read_text(), r.stderr)

# Aggregates per point.
csv = run(*args, "--format", "csv").stdout.splitlines()
check("csv: a header and a row per point and field, a column per swept key",
      csv[0] == "rush.count,m1.price,field,mean,sd,ci95,n,unexpected" and
      any(re.match(r'^30,3,served,[0-9.]+,[0-9.e+-]+,[0-9.e+-]+,12,0$', l) for l in csv),
      "\n".join(csv[:3]))
page = tmp / "sweep.html"
r = run(*args, "--format", "html", "--out", page)
html = page.read_text() if page.exists() else ""
check("html: one self-contained page of charts", r.returncode == 0 and "<svg" in html and "<script" not in html
      and html.count("http") == html.count("http://www.w3.org/2000/svg"), r.stderr)
check("html: two swept keys: points P1.. on the x axis, every key's value in a table",
      "<td>P1</td><td>m1.price=3, rush.count=30</td>" in html and "<td>P4</td><td>m1.price=4, rush.count=60</td>" in html
      and ">P4</text>" in html and "…" not in html, html[:2000])
check("html: fields the same at every point and seed are a table, not charts",
      '<table class="constants">' in html and "<tr><td>balanced</td><td>1</td></tr>" in html
      and "<h2>balanced</h2>" not in html and "<h2>sold</h2>" in html)
check("html: y labels have at most 4 significant digits, times their unit",
      all(len(re.sub(r"e.*$", "", y).replace("-", "").replace(".", "").lstrip("0")) <= 4
          for y in re.findall(r'class="label" x="2" y="[0-9]+">([^<]*)<', html))
      and "<h2>wait_mean (ms)</h2>" in html and "<h2>waits.all.n</h2>" in html)
chromium = shutil.which("chromium") or shutil.which("chromium-browser")
if chromium:
    flags = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
             f"--user-data-dir={tmp / 'profile'}"]
    shot = tmp / "sweep.png"
    r = subprocess.run([chromium, *flags, "--window-size=1400,900", f"--screenshot={shot}", page.as_uri()],
                       capture_output=True, text=True, timeout=120)
    check("html: chromium renders it", r.returncode == 0 and shot.exists() and shot.stat().st_size > 5000, r.stderr[-300:])
else:
    check("chromium is installed (scripts/setup installs it)", False)

r = run("sweep", rush, "--seeds", "5..1")
check("sweep: an empty seed range is an error", r.returncode == 2 and "empty" in r.stderr, r.stderr)
r = run("sweep", rush, "--shard", "4/3")
check("sweep: a shard out of range is an error", r.returncode == 2 and "K/M" in r.stderr, r.stderr)
# The scenario is read once: from a pipe (/dev/stdin) the sweep is the same as from the file.
with open(rush, "rb") as f:
    piped = subprocess.run([hotdog, "sweep", "/dev/stdin", "--seeds", "1..3", "--set", "rush.count=5,10"],
                           stdin=f, capture_output=True, text=True, timeout=600)
r = run("sweep", rush, "--seeds", "1..3", "--set", "rush.count=5,10")
check("sweep: from /dev/stdin the same lines as from the file",
      piped.returncode == 0 and piped.stdout == r.stdout.replace(str(rush), "/dev/stdin") and len(r.stdout) > 0,
      piped.stderr)
finish("sweep")
