#!/usr/bin/env python3
"""hotdog sweep's tidy output and honesty: RFC 4180 CSVs read by Python's csv module and by
pandas at their defaults, runs that end other than expected, --zip and --ci, streaming and
checked counts, and shards that merge only with their own sweep."""
import csv
import io
import json
import os
import pathlib
import resource
import select
import shutil
import subprocess
import tempfile
import time

from harness import check, finish, hotdog, root

tmp = pathlib.Path(tempfile.mkdtemp(prefix="hotdog-sweep-tidy-"))
mm1 = root / "scenarios" / "mm1.json"
echo = root / "scenarios" / "echo.json"
rush = root / "scenarios" / "morning-rush.json"


def run(*args, **kw):
    return subprocess.run([hotdog, *map(str, args)], capture_output=True, text=True, timeout=600, **kw)


try:
    import pandas
except ImportError:
    pandas = None
    check("pandas is installed (python3-pandas; scripts/setup installs it)", False)

# 1. CSV: RFC 4180, a column per swept key, numeric columns, times with _ms.
serve = '{"exponential":"800ms"},{"exponential":"750ms"}'
base = ["sweep", mm1, "--seeds", "1..3", "--set", "arrivals.count=40,80", "--set", f"server.serve_time={serve}"]
jl = run(*base)
lines = [json.loads(l) for l in jl.stdout.splitlines()]
check("jsonl: 12 runs", jl.returncode == 0 and len(lines) == 12, jl.stderr)
path = tmp / "runs.csv"
r = run(*base, "--format", "runs-csv", "--out", path)
check("runs-csv: exit 0", r.returncode == 0, r.stderr)
rows = list(csv.reader(io.StringIO(path.read_text(), newline="")))
header = rows[0]
check("runs-csv: a column per swept key, seed, end, then the fields, expected last",
      header[:4] == ["arrivals.count", "server.serve_time", "seed", "end"] and header[-1] == "expected"
      and "wait_mean_ms" in header and "t_ms" in header and "machines.server.utilization" in header
      and "waits.served.mean_ms" in header and "wait_mean" not in header, header[:8])
check("runs-csv: one row per run", len(rows) == 13, len(rows))
check("runs-csv: a JSON value with commas and quotes is one quoted field, quotes doubled",
      '"{""exponential"":""800ms""}"' in path.read_text() and rows[1][1] == '{"exponential":"800ms"}'
      and "\\\"" not in path.read_text())
col = {name: i for i, name in enumerate(header)}
same = all(float(row[col["wait_mean_ms"]]) == line["summary"]["wait_mean"] and int(row[col["seed"]]) == line["seed"]
           and int(row[col["arrivals.count"]]) == line["point"]["arrivals.count"]
           for row, line in zip(rows[1:], lines))
check("runs-csv: each row holds its run's values", same)
if pandas is not None:
    df = pandas.read_csv(path)
    numeric = [c for c in df.columns if c not in ("end", "server.serve_time")]
    check("pandas: one column per key and field", list(df.columns) == header and len(df) == 12)
    check("pandas: numeric dtypes for the key and every field",
          all(pandas.api.types.is_numeric_dtype(df[c]) for c in numeric),
          [c for c in numeric if not pandas.api.types.is_numeric_dtype(df[c])])
    check("pandas: the JSON value reads back whole", df["server.serve_time"][0] == '{"exponential":"800ms"}')
    agg = tmp / "agg.csv"
    r = run(*base, "--format", "csv", "--out", agg)
    da = pandas.read_csv(agg)
    check("pandas: aggregate csv has a column per swept key, numeric statistics",
          list(da.columns) == ["arrivals.count", "server.serve_time", "field", "mean", "sd", "ci95", "n", "unexpected"]
          and all(pandas.api.types.is_numeric_dtype(da[c]) for c in ["arrivals.count", "mean", "sd", "ci95", "n", "unexpected"]),
          list(da.columns))
    check("aggregate csv: times named with _ms", "wait_mean_ms" in set(da["field"]) and "t_ms" in set(da["field"]))
    rows2 = list(csv.reader(io.StringIO(agg.read_text(), newline="")))
    check("aggregate csv: the csv module reads the same table", len(rows2) == len(da) + 1 and rows2[0] == list(da.columns))
# One run at a point says nothing of the spread: sd and ci95 are left out (empty cells, which
# pandas reads as NaN in a numeric column; "-" in text; a dot without a bar in html), never a
# 0 that reads as an exact estimate.
one = tmp / "one.csv"
r = run("sweep", mm1, "--set", "arrivals.count=40,80", "--format", "csv", "--out", one)
rows1 = list(csv.reader(io.StringIO(one.read_text(), newline="")))
col1 = {name: i for i, name in enumerate(rows1[0])}
check("one seed: csv leaves sd and ci95 empty, n is 1",
      r.returncode == 0 and len(rows1) > 2 and all(row[col1["sd"]] == "" and row[col1["ci95"]] == ""
                                                   and row[col1["n"]] == "1" and row[col1["mean"]] != "" for row in rows1[1:]),
      one.read_text()[:300])
if pandas is not None:
    d1 = pandas.read_csv(one)
    check("one seed: pandas reads sd and ci95 as numeric NaN",
          pandas.api.types.is_numeric_dtype(d1["sd"]) and pandas.api.types.is_numeric_dtype(d1["ci95"])
          and d1["sd"].isna().all() and d1["ci95"].isna().all() and d1["mean"].notna().all())
r = run("sweep", mm1, "--set", "arrivals.count=40,80", "--format", "text")
check("one seed: text says sd - and ±95% -", r.returncode == 0 and "wait_mean  mean " in r.stdout
      and all("sd -  ±95% -  n 1" in l for l in r.stdout.splitlines() if "  mean " in l), r.stdout[:300])
r = run("sweep", mm1, "--set", "arrivals.count=40,80", "--format", "html")
check("one seed: html draws no interval bar, and says why",
      r.returncode == 0 and 'class="bar"' not in r.stdout and "no interval from one run" in r.stdout, r.stderr)
r = run("sweep", mm1, "--seeds", "1..2", "--set", "arrivals.count=40,80", "--format", "html")
check("two seeds: html draws the interval bars", r.returncode == 0 and 'class="bar"' in r.stdout)
# Points with different fields (stock_left is text where the stock is unlimited): each chart
# reads each point's value by the field's name, never by its place in the list.
import re
r = run("sweep", mm1, "--seeds", "1..2", "--set", 'server.stock="unlimited",300', "--set", "arrivals.count=100",
        "--format", "html")
charts = {m.group(1): re.findall(r"<title>([^<]*: mean [^<]*)</title>", m.group(0))
          for m in re.finditer(r"<h2>([^<]*)</h2><svg.*?</svg>", r.stdout, re.S)}
check("html: a field only some points have gets its own chart, with those points' values",
      r.returncode == 0 and charts.get("stock_left") == ['server.stock=300: mean 200 ± 0 (n 2)'], charts.get("stock_left"))
check("html: no other chart shows the shifted values",
      all("mean 200 ± 0" not in t for name, ts in charts.items() if name != "stock_left" for t in ts
          if "server.stock=300" in t), charts.keys())

# One meaning per wait_mean: ms as decimals, the top level's is each machine's (one machine).
s = lines[0]["summary"]
check("wait_mean: the top level's and the machine's are one definition, ms with a fraction",
      all(l["summary"]["wait_mean"] == l["summary"]["machines"]["server"]["wait_mean"] == l["summary"]["waits"]["all"]["mean"]
          for l in lines) and any(l["summary"]["wait_mean"] != int(l["summary"]["wait_mean"]) for l in lines))

# 2. Honest sweeps.
r = run("sweep", mm1, "--seeds", "1..3", "--set", "arrivals.count=40,80", "--max-events", "50")
out = [json.loads(l) for l in r.stdout.splitlines()]
check("unexpected: every line written, each says expected false", len(out) == 6 and all(not l["expected"] for l in out))
check("unexpected: exit 1, counted on stderr", r.returncode == 1 and "6 of 6 runs did not end as expected" in r.stderr, r.stderr)
replay = [l.strip() for l in r.stderr.splitlines() if l.strip().startswith("hotdog run ")]
check("unexpected: one replay command", len(replay) == 1, r.stderr)
if replay:
    words = replay[0].split()[1:]
    rr = run(*words, "--format", "summary")
    check("unexpected: the replay reproduces the run (end limit, exit 4)",
          rr.returncode == 4 and json.loads(rr.stdout)["end"] == "limit", rr.stdout + rr.stderr)
r = run("sweep", mm1, "--seeds", "1..3", "--set", "arrivals.count=40,80", "--max-events", "50", "--format", "csv")
check("unexpected: csv counts them per point", r.returncode == 1 and all(l.endswith(",3,3") for l in r.stdout.splitlines()[1:]),
      r.stdout[:300])
r = run("sweep", mm1, "--seeds", "1..3", "--set", "arrivals.count=40,80", "--max-events", "50", "--format", "text")
check("unexpected: text counts them per point",
      r.returncode == 1 and r.stdout.count("runs 3, not as expected 3") == 2, r.stdout[:300])
r = run("sweep", mm1, "--seeds", "1..3", "--set", "arrivals.count=40,80", "--max-events", "50", "--format", "html")
check("unexpected: html counts them per point", r.returncode == 1 and
      "6 of 6 runs did not end as expected: arrivals.count=40 (3 of 3); arrivals.count=80 (3 of 3)." in r.stdout)
r = run("sweep", mm1, "--seeds", "1..3", "--set", "arrivals.count=40,80", "--max-events", "50", "--format", "runs-csv")
check("unexpected: runs-csv marks each run", r.returncode == 1 and all(l.endswith(",0") for l in r.stdout.splitlines()[1:]))
r = run("sweep", mm1, "--seeds", "1..2", "--set", "arrivals.count=40")
check("as expected: exit 0, nothing on stderr", r.returncode == 0 and r.stderr == "", r.stderr)
r = run("sweep", mm1, "--max-events", "0")
check("--max-events 0 is refused as run refuses it", r.returncode == 2 and "--max-events" in r.stderr and r.stdout == "", r.stderr)
r = run("sweep", mm1, "--set", "seed=1,2,3")
check("--set seed=... is refused, pointing at --seeds", r.returncode == 2 and "--seeds" in r.stderr and r.stdout == "", r.stderr)
r = run("sweep", mm1, "--set", "seed=4")
check("--set seed=N is refused too", r.returncode == 2 and "--seeds" in r.stderr, r.stderr)
r = run("sweep", mm1, "--seeds", "1..2", "--set", "arrivals.count=1,2", "--set", "arrivals.count=3,4")
check("one key in two --sets is refused", r.returncode == 2 and "given twice" in r.stderr and r.stdout == "", r.stderr)
for fmt in ("runs-csv", "csv", "text", "html"):
    r = run("sweep", mm1, "--seeds", "1..4", "--shard", "1/2", "--format", fmt)
    check(f"--shard with --format {fmt} is refused, pointing at merge", r.returncode == 2 and "merge" in r.stderr
          and "not a line" not in r.stderr and r.stdout == "", r.stderr)

for bad in (b"arrivals.count=\xff,2", b"arrivals.co\xffunt=1,2"):
    r = subprocess.run([hotdog, "sweep", str(mm1), "--set", bad], capture_output=True, timeout=120)
    check(f"--set with invalid UTF-8 ({bad!r}) is a clear error", r.returncode == 2 and b"not valid UTF-8" in r.stderr
          and b"internal" not in r.stderr, r.stderr)

# 3. --zip and --ci.
r = run("sweep", rush, "--zip", "--set", "rush.count=10,20,30", "--set", "m1.price=3,4,5")
pts = [json.loads(l)["point"] for l in r.stdout.splitlines()]
check("--zip pairs the lists in step", r.returncode == 0 and pts == [
    {"rush.count": 10, "m1.price": 3}, {"rush.count": 20, "m1.price": 4}, {"rush.count": 30, "m1.price": 5}], r.stderr)
r = run("sweep", rush, "--zip", "--set", "rush.count=10,20,30", "--set", "m1.price=3,4")
check("--zip of unequal lists is an error", r.returncode == 2 and "as long as each other" in r.stderr and r.stdout == "", r.stderr)
for one_value in (["--set", "rush.count=10,20", "--set", "m1.price=3"], ["--set", "m1.price=3", "--set", "rush.count=10,20"]):
    r = run("sweep", rush, "--zip", *one_value)
    check(f"--zip with a single value beside a longer list is an error ({' '.join(one_value)})",
          r.returncode == 2 and "as long as each other" in r.stderr and r.stdout == "", r.stderr)
r = run("sweep", rush, "--zip", "--set", "rush.count=10", "--set", "m1.price=3")
check("--zip of lists all one value long is one point", r.returncode == 0 and
      [json.loads(l)["point"] for l in r.stdout.splitlines()] == [{}], r.stderr)
ci = ["sweep", mm1, "--set", "arrivals.count=200,400", "--ci", "wait_mean=0.15", "--max-seeds", "60"]
one, two = run(*ci, "--jobs", "1"), run(*ci, "--jobs", "2")
ci_lines = [json.loads(l) for l in one.stdout.splitlines()]
took = {}
for l in ci_lines:
    took[l["point"]["arrivals.count"]] = took.get(l["point"]["arrivals.count"], 0) + 1
told = [l for l in one.stderr.splitlines() if " seeds, " in l]
check("--ci: stderr says each point's seeds, as many as its lines",
      one.returncode == 0 and len(told) == 2 and all(f"{n} seeds" in t for n, t in zip(took.values(), told)), one.stderr)
check("--ci: more than the minimum, within --max-seeds", all(2 < n <= 60 for n in took.values()), took)
check("--ci: the same bytes whatever --jobs", one.stdout == two.stdout and one.stderr == two.stderr)


def half_width(xs):
    import statistics
    n = len(xs)
    return 2.0 * statistics.stdev(xs) / n ** 0.5, statistics.mean(xs)


for count in took:
    xs = [l["summary"]["wait_mean"] for l in ci_lines if l["point"]["arrivals.count"] == count]
    hw, m = half_width(xs)
    check(f"--ci: point {count} stopped once its interval was narrow enough (or at the cap)",
          len(xs) == 60 or hw <= 0.16 * m, (len(xs), hw, m))
r = run("sweep", mm1, "--ci", "wait_man=0.1")
check("--ci: an unknown field is an error with did-you-mean",
      r.returncode == 2 and 'did you mean "wait_mean"' in r.stderr and r.stdout == "", r.stderr)
r = run("sweep", mm1, "--ci", "wait_mean_ms=0.5", "--max-seeds", "5")
check("--ci: the CSV name works too", r.returncode == 0 and len(r.stdout.splitlines()) <= 5, r.stderr)
# Seeds past 2^64 - 1 would wrap round to 0: refused before anything runs.
top = 18446744073709551615
r = run("sweep", mm1, "--seeds", f"{top - 3}..{top - 2}", "--ci", "wait_mean=0.01", "--max-seeds", "5")
check("--ci whose seeds would pass 2^64 - 1 is refused", r.returncode == 2 and r.stdout == "" and
      "would pass 18446744073709551615" in r.stderr, r.stderr)
r = run("sweep", mm1, "--seeds", f"{top - 4}..{top - 3}", "--set", "arrivals.count=20", "--ci", "wait_mean=0.01",
        "--max-seeds", "5", "--format", "jsonl")
check("--ci up to 2^64 - 1 exactly runs", r.returncode == 0 and
      max(json.loads(l)["seed"] for l in r.stdout.splitlines()) <= top, r.stderr)
r = run("sweep", mm1, "--max-seeds", "5")
check("--max-seeds without --ci is an error", r.returncode == 2 and "--ci" in r.stderr, r.stderr)
r = run("sweep", mm1, "--ci", "wait_mean=0.1", "--shard", "1/2")
check("--ci with --shard is an error", r.returncode == 2 and "--shard" in r.stderr, r.stderr)

# 4. Streaming and checked counts. Under a sanitizer the address space cannot be capped (the
# sanitizer's shadow memory alone is larger) and a run is slower: no cap, and more time.
sanitized = bool(os.environ.get("HOTDOG_SANITIZE"))
first_lines_within = 10.0 if sanitized else 1.0


def cap():
    if not sanitized:
        resource.setrlimit(resource.RLIMIT_AS, (1_000_000_000, 1_000_000_000))


for fmt in ("jsonl", "runs-csv", "text"):
    start = time.monotonic()
    p = subprocess.Popen([hotdog, "sweep", echo, "--seeds", "1..1000000000", "--format", fmt], stdout=subprocess.PIPE,
                         stderr=subprocess.PIPE, preexec_fn=cap)
    got = b""
    while got.count(b"\n") < 3 and time.monotonic() - start < 5 * first_lines_within:
        if select.select([p.stdout], [], [], 0.5)[0]:
            chunk = p.stdout.read1(65536)
            if not chunk:
                break
            got += chunk
    elapsed = time.monotonic() - start
    p.kill()
    p.wait()
    if fmt == "text":  # aggregates: nothing until the point ends, but no memory blow-up either
        check("10^9 seeds, text: still running under a 1 GB cap after a second", p.returncode == -9, p.returncode)
    else:
        check(f"10^9 seeds, {fmt}: first lines within {first_lines_within:g} s" + ("" if sanitized else " under a 1 GB cap"),
              got.count(b"\n") >= 3 and elapsed < first_lines_within, (elapsed, got[:200]))
# More --jobs than the system gives threads (each reserves its stack; 256 of them do not fit
# in 1 GB): the sweep goes on with the threads it got, its output the same as with one.
if not sanitized:
    r = subprocess.run([hotdog, "sweep", echo, "--seeds", "1..20", "--jobs", "256"], capture_output=True,
                       text=True, timeout=120, preexec_fn=cap)
    one = run("sweep", echo, "--seeds", "1..20", "--jobs", "1")
    check("--jobs 256 under a 1 GB cap: the threads it got, the same output", r.returncode == 0 and r.stdout == one.stdout
          and r.stdout != "", (r.returncode, r.stderr[-300:]))
r = run("sweep", echo, "--seeds", "0..18446744073709551615")
check("2^64 seeds: a clear error", r.returncode == 2 and "2^64" in r.stderr and r.stdout == "", r.stderr)
r = run("sweep", echo, "--seeds", "1..18446744073709551615", "--set", "echo.buffer=1,2")
check("points x seeds past 2^64: a clear error", r.returncode == 2 and "2^64" in r.stderr, r.stderr)
wide = tmp / "wide.json"  # 64 channels, so 64 keys to sweep
wide.write_text(json.dumps({"hotdog": 1, "channels": [{"name": f"c{i}", "buffer": 1} for i in range(64)],
                            "processes": [{"name": "p", "kind": "script", "steps": [{"close": "c0"}]}]}))
many = sum((["--set", f"c{i}.buffer=1,2"] for i in range(64)), [])
r = run("sweep", wide, *many)
check("64 two-valued --sets: a clear error, not a wrapped count", r.returncode == 2 and "2^64" in r.stderr, r.stderr)

# 5. Shards carry what they made from; merges refuse what does not belong together.
args = ["sweep", rush, "--seeds", "1..4", "--set", "rush.count=20,30", "--set", "m1.price=3"]
whole = run(*args).stdout
for k in (1, 2):
    (tmp / f"a{k}.jsonl").write_text(run(*args, "--shard", f"{k}/2").stdout)
head = json.loads((tmp / "a1.jsonl").read_text().splitlines()[0])["hotdog_sweep_shard"]
check("shard header: digest, every --set, seeds, share, runs", head["made_from"]["sets"] == ["rush.count=20,30", "m1.price=3"]
      and head["made_from"]["seeds"] == "1..4" and head["made_from"]["scenario"].startswith("fnv1a64:")
      and head["shard"] == "1/2" and head["runs"] == 4 and head["total"] == 8, head)
r = run("merge", tmp / "a2.jsonl", tmp / "a1.jsonl")
check("merge: shards give the unsharded sweep byte for byte", r.returncode == 0 and r.stdout == whole, r.stderr)
check("shard header: the title of the sweep's page", head.get("title") == str(rush), head)
for fmt in ("runs-csv", "csv", "text", "html"):
    alone = run(*args, "--format", fmt)
    for order in ((1, 2), (2, 1)):
        r = run("merge", *[tmp / f"a{k}.jsonl" for k in order], "--format", fmt)
        check(f"merge --format {fmt} (shards {order}): byte for byte the unsharded sweep's",
              alone.returncode == 0 and r.returncode == 0 and r.stdout == alone.stdout and alone.stdout != "",
              r.stderr + "".join(f"\n- {a}\n+ {b}" for a, b in zip(alone.stdout.splitlines(), r.stdout.splitlines()) if a != b)[:600])
untitled = tmp / "untitled1.jsonl"
untitled.write_text((tmp / "a1.jsonl").read_text().replace(',"title":' + json.dumps(str(rush), ensure_ascii=False), "", 1))
r = run("merge", untitled, tmp / "a2.jsonl", "--format", "html")
check("merge --format html of a shard 1 without a title: 'merged sweep'", r.returncode == 0
      and "<h1>merged sweep</h1>" in r.stdout, r.stderr)
(tmp / "b2.jsonl").write_text(run(*args[:-1], "m1.price=4", "--shard", "2/2").stdout)
r = run("merge", tmp / "a1.jsonl", tmp / "b2.jsonl")
check("merge: shards with different --set values are refused", r.returncode == 2 and "different sweeps" in r.stderr
      and "--set" in r.stderr and r.stdout == "", r.stderr)
other = tmp / "rush2.json"
other.write_text(rush.read_text().replace('"price": 3', '"price": 3 '))
(tmp / "c2.jsonl").write_text(run("sweep", other, *args[2:], "--shard", "2/2").stdout)
r = run("merge", tmp / "a1.jsonl", tmp / "c2.jsonl")
check("merge: shards of different scenarios are refused", r.returncode == 2 and "scenario" in r.stderr, r.stderr)
r = run("merge", tmp / "a1.jsonl", tmp / "a1.jsonl")
check("merge: the same shard twice is refused", r.returncode == 2 and "twice" in r.stderr, r.stderr)
r = run("merge", tmp / "a1.jsonl")
check("merge: a missing shard is refused", r.returncode == 2 and "2/2 is missing" in r.stderr, r.stderr)
cut = tmp / "cut2.jsonl"
cut.write_text("".join((tmp / "a2.jsonl").read_text().splitlines(keepends=True)[:-1]))
r = run("merge", tmp / "a1.jsonl", cut)
check("merge: a truncated shard is refused", r.returncode == 2 and "cut short" in r.stderr, r.stderr)
(tmp / "whole.jsonl").write_text(whole)
r = run("merge", tmp / "whole.jsonl")
check("merge: a file without a shard header is refused", r.returncode == 2 and "not a sweep shard" in r.stderr, r.stderr)
r = run("merge", tmp)
check("merge DIR: a clear error", r.returncode == 2 and "is a directory" in r.stderr, r.stderr)
deep = tmp / "deep1.jsonl"
hdr = (tmp / "a1.jsonl").read_text().splitlines()[0].replace('"shard":"1/2","runs":4', '"shard":"1/1","runs":1').replace('"total":8', '"total":1')
# Its point and seed are run 0's (merge checks them first); the summary is nested deep.
deep.write_text(hdr + "\n" + '{"point":{"rush.count":20},"seed":1,"summary":' + "[" * 200000 + "]" * 200000 +
                ',"run":0}\n')
for fmt in ("csv", "text", "html", "runs-csv"):
    r = run("merge", deep, "--format", fmt)
    check(f"merge --format {fmt}: a deeply nested line is a clear error", r.returncode == 2 and "not a line of hotdog sweep" in r.stderr,
          r.stderr[:200])
huge = tmp / "huge.jsonl"
huge.write_text(hdr.replace('"shard":"1/1"', '"shard":"1/9223372036854775807"') + "\n")
r = run("merge", huge)
check("merge: a header claiming 2^63 shards says which is missing (no allocation per shard)",
      r.returncode == 2 and "shard 2/9223372036854775807 is missing" in r.stderr, r.stderr)
finish("sweep-tidy")
