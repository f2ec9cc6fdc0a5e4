"""The combinators checked against the real thing: every tests/core_async/NAME.json is run by
hotdog (--format jsonl) and, as the same program, by core.async 1.5 itself
(tests/core_async/cases.clj, every case in one JVM, as Debian's clojure and
libcore-async-clojure packages install it). Per script process, the sequence of its
operations (take with the value it got, put and offer with what they returned, poll) must
agree where core.async's rules fix it; merge's interleaving of its inputs is not fixed, so it
is compared input by input. Two things hotdog does differently on purpose
(docs/core-async.md) are left out of the cases, not compared: a stage that gives null (an
`error` event in hotdog, the ex-handler's printout and a dropped value in core.async), and a
pub's mult per topic (in hotdog a slow subscriber of one topic holds back every topic; the pub
case has one topic with a buffered subscriber, where the two agree). Without Java the test says
so and is skipped (exit 77)."""
import glob
import json
import os
import shutil
import subprocess
import sys

from harness import check, finish, hotdog, root

here = root / "tests" / "core_async"

# What a case compares, where its whole sequence is not fixed by core.async's rules: a
# function of (process, ops) giving what must agree.


def merge_projection(proc, ops):
    # merge takes from whichever input is ready (alts): only each input's own order, and the
    # final close, are fixed.
    if proc != "consumer":
        return ops
    values = [op[2] for op in ops]
    return {"from x": [v for v in values if v is not None and v < 10],
            "from y": [v for v in values if v is not None and v >= 10],
            "ends with close": values[-1:] == [None] and values.count(None) == 1}


projections = {"merge": merge_projection}


def classpath():
    jars = []
    for name in ("clojure", "spec-alpha", "core-specs-alpha", "core.async", "tools.analyzer",
                 "tools.analyzer.jvm", "tools.reader", "core.memoize", "core.cache",
                 "data.priority-map", "asm"):
        jars += glob.glob(f"/usr/share/java/{name}.jar")
    return ":".join(jars)


def core_async_runs():
    """{case: {process: ops}} from one JVM running cases.clj."""
    out = subprocess.run(["java", "-cp", classpath(), "clojure.main", str(here / "cases.clj")],
                         capture_output=True, text=True, timeout=600)
    if out.returncode != 0:
        print(out.stderr)
        sys.exit(1)
    runs = {}
    for line in out.stdout.splitlines():
        row = json.loads(line)
        runs.setdefault(row["case"], {})[row["proc"]] = [tuple(op) for op in row["ops"]]
    return runs


def hotdog_run(scenario):
    """{script process: ops} from hotdog's JSONL trace of the scenario."""
    text = json.loads(scenario.read_text())
    scripts = {p["name"] for p in text["processes"] if p["kind"] == "script"}
    out = subprocess.run([hotdog, "run", str(scenario), "--format", "jsonl"], capture_output=True, text=True)
    check(f"{scenario.name} runs to its end", out.returncode == 0, out.stderr)
    ops = {p: [] for p in scripts}
    for line in out.stdout.splitlines():
        e = json.loads(line)
        if e.get("proc") not in scripts:
            continue
        if e["ev"] in ("take", "poll"):
            ops[e["proc"]].append((e["ev"], e["chan"], e.get("value")))
        elif e["ev"] in ("put", "offer"):
            ops[e["proc"]].append((e["ev"], e["chan"], e.get("value"), e.get("ok")))
    return ops


if not shutil.which("java") or not glob.glob("/usr/share/java/core.async.jar"):
    print("SKIPPED: the differential test against core.async needs java and Debian's clojure and "
          "libcore-async-clojure (scripts/setup installs them: apt-get install default-jre-headless "
          "clojure libcore-async-clojure)")
    sys.exit(77)

def disagreements(name, ours, theirs):
    """[(what, detail)] where hotdog's run of case `name` and core.async's differ."""
    out = []
    if set(ours) != set(theirs):
        out.append((f"{name}: the same processes", f"hotdog {sorted(ours)}, core.async {sorted(theirs)}"))
    project = projections.get(name, lambda proc, ops: ops)
    for proc in sorted(set(ours) & set(theirs)):
        a, b = project(proc, ours[proc]), project(proc, theirs[proc])
        if a != b:
            out.append((f"{name}: {proc}'s operations agree with core.async",
                        f"\n  hotdog:     {a}\n  core.async: {b}"))
    return out


real = core_async_runs()
cases = sorted(p for p in here.glob("*.json"))
check("every case has a core.async program", {c.stem for c in cases} == set(real),
      f"hotdog cases {sorted(c.stem for c in cases)}, core.async cases {sorted(real)}")
ours = {c.stem: hotdog_run(c) for c in cases}
failing = {c.stem: disagreements(c.stem, ours[c.stem], real.get(c.stem, {})) for c in cases}
failing = {k: v for k, v in failing.items() if v}
# core.async runs in real time: a few cases order their processes with sleeps of 20 to 600
# ms, which a badly loaded machine can stretch past each other. A case that disagrees is run
# again on core.async (up to twice more, saying so); a real disagreement disagrees every time.
for attempt in (2, 3):
    if not failing:
        break
    print(f"core.async differential: {sorted(failing)} disagreed; core.async runs again "
          f"(attempt {attempt} of 3, its timing may have been stretched by load)")
    again = core_async_runs()
    failing = {k: d for k in failing if (d := disagreements(k, ours[k], again.get(k, {})))}
for name in sorted(c.stem for c in cases):
    for what, detail in failing.get(name, []):
        check(what, False, detail)
    if name not in failing:
        check(f"{name}: every script process's operations agree with core.async", True)
finish("core.async differential")
