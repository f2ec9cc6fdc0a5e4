#!/usr/bin/env python3
"""The loader and diff stay fast on hostile input up to the 64 MiB cap: each input is generated,
then `hotdog validate` or `hotdog diff` runs under a memory limit (`ulimit -v`) and a timeout.
Goal: under 10 s of CPU time and under 10x the input's size (plus the program's own baseline)."""
import json
import pathlib
import os
import resource
import subprocess
import tempfile

from harness import check, finish, hotdog, root

tmp = pathlib.Path(tempfile.mkdtemp(prefix="hotdog-hostile-"))
baseline = 256 << 20  # address space the program needs on an empty input (libraries, stacks)
# CPU time; a sanitizer makes everything several times slower.
seconds = 10 * (10 if os.environ.get("HOTDOG_SANITIZE") else 1)
wall_timeout = 300


def limited(*args, size):
    limit = baseline + 10 * size

    def cap():
        # A sanitizer reserves terabytes of address space up front: there the memory bound
        # cannot be an address-space limit (CPU time is still bounded).
        if not os.environ.get("HOTDOG_SANITIZE"):
            resource.setrlimit(resource.RLIMIT_AS, (limit, limit))

    # CPU time, not wall time: the machine is shared, and a busy neighbour must not fail this.
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    try:
        r = subprocess.run([hotdog, *map(str, args)], capture_output=True, timeout=wall_timeout, preexec_fn=cap)
    except subprocess.TimeoutExpired:
        return None, wall_timeout
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return r, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def hostile(label, text, expect_code, *, command="validate", second=None, needle=b""):
    p = tmp / "in.json"
    p.write_bytes(text if isinstance(text, bytes) else text.encode())
    size = p.stat().st_size
    args = [command, p] if second is None else [command, p, second]
    r, took = limited(*args, size=size + (second.stat().st_size if second else 0))
    ok = r is not None and r.returncode == expect_code and took < seconds and needle in r.stderr
    check(f"{label} ({size >> 10} KiB): exit {expect_code} in under {seconds} s, under 10x memory", ok,
          f"took {took:.1f}s, " + ("timeout" if r is None else f"exit {r.returncode}: {r.stderr[:300]!r}"))


def scenario(channels, processes):
    return {"hotdog": 1, "channels": channels, "processes": processes}


# Did-you-mean on two long names: an unknown channel 20000 characters long, one declared alike.
long_a, long_b = "a" * 20000, "a" * 19999 + "b"
hostile("did-you-mean on 20000-character names", json.dumps(scenario(
    [{"name": long_a}], [{"name": "p", "kind": "script", "steps": [{"take": long_b}]}])), 2)
# Did-you-mean, wide: 10^4 unknown references against 10^4 channels of similar names.
chans = [{"name": f"chan-{i:06d}"} for i in range(10_000)]
steps = [{"take": f"chen-{i:06d}"} for i in range(10_000)]
hostile("did-you-mean, 10^4 unknown names against 10^4 channels", json.dumps(scenario(
    chans, [{"name": "p", "kind": "script", "steps": steps}])), 2)
# Position maps: 199 nested objects, each under a 40 KB key.
key = "k" * 40_000
nested = "1"
for _ in range(190):  # a value in a step is 9 levels down already; 200 is the limit
    nested = '{"' + key + '":' + nested + "}"
hostile("190 nested 40 KB keys", '{"hotdog": 1, "junk": ' + nested + "}", 2)
hostile("190 nested 40 KB keys in a value", json.dumps(scenario([{"name": "c", "buffer": 1}], [
    {"name": "p", "kind": "script", "steps": [{"put": "c", "value": "@V@"}]}])).replace('"@V@"', nested), 0)
# Name lookups: 10^5 channels, each taken from once.
chans = [{"name": f"c{i}"} for i in range(100_000)]
steps = [{"poll": f"c{i}"} for i in range(100_000)]
hostile("10^5 channels", json.dumps(scenario(chans, [{"name": "p", "kind": "script", "steps": steps}])), 0)
hostile("10^5 duplicate channels", json.dumps(scenario([{"name": "c"}] * 100_000, [
    {"name": "p", "kind": "script", "steps": []}])), 2)
# Deep arrays, long strings, many keys, near the cap.
hostile("a 60 MiB string", '{"hotdog": 1, "description": "' + "x" * (60 << 20) + '", "processes": []}', 2)
hostile("10^6 unknown keys", "{" + ",".join(f'"k{i}": 1' for i in range(1_000_000)) + "}", 2,
        needle=b"more errors (only the first 1000 are reported)")
hostile("nesting 200 deep", '{"hotdog": 1, "x": ' + "[" * 199 + "]" * 199 + "}", 2)

# diff: two 0.5 MB one-line traces with many fields.
for fmt, make in [("text", lambda v: "     0ms  p  log     " + "".join(f" f{i}={v}" for i in range(50_000)) + "\n"),
                  ("jsonl", lambda v: '{"seq":1,' + ",".join(f'"f{i}":{v}' for i in range(50_000)) + "}\n")]:
    a, b = tmp / f"a.{fmt}", tmp / f"b.{fmt}"
    a.write_text(make(1))
    b.write_text(make(2))
    r, took = limited("diff", a, b, size=a.stat().st_size * 2 + (100 << 20))  # the report itself is large
    check(f"diff two {a.stat().st_size >> 10} KiB one-line {fmt} traces in under {seconds} s",
          r is not None and r.returncode == 1 and took < seconds,
          f"took {took:.1f}s " + ("" if r is None else repr(r.stderr[-300:])))
# Script values: nesting is bounded (value::max_depth, 500), so no walk of a value (printing,
# comparing, destroying) recurses without bound; every case ends in an `error` event, exit 4.
def script(steps, channels=()):
    return json.dumps(scenario(list(channels), [{"name": "p", "kind": "script", "steps": steps}]))


def run_case(label, text, expect_code, *args, needle=b"", size=64 << 20):
    p = tmp / "case.json"
    p.write_text(text)
    r, took = limited("run", p, *args, size=size)
    ok = r is not None and r.returncode == expect_code and took < seconds and needle in r.stderr
    check(f"{label}: exit {expect_code} in under {seconds} s", ok,
          f"took {took:.1f}s, " + ("timeout" if r is None else f"exit {r.returncode}: {r.stderr[-300:]!r}"))
    return r


deep = b"nested more than 500 levels deep"
wrap = {"set": "a", "to": [{"var": "a"}]}
run_case("a value nested 200,000 deep by a loop", script([{"set": "a", "to": []},
         {"loop": [wrap], "times": 200_000}]), 4, "--format", "summary", needle=deep)
run_case("reduce nesting its accumulator 1000 deep", script([
    {"set": "a", "to": {"reduce": [list(range(1000)), [{"var": "accumulator"}], []]}}]), 4,
    "--format", "summary", needle=deep)
# A value at the limit prints, compares and is destroyed: the bound is not off by one below.
run_case("a value nested 499 deep, printed and compared", script([
    {"set": "a", "to": []}, {"loop": [wrap], "times": 498},
    {"set": "b", "to": {"cat": [{"var": "a"}, "x"]}}, {"set": "c", "to": {"==": [{"var": "a"}, 1]}},
    {"log": "{a}"}]), 0, "--format", "summary")

# The work bound is charged before a value is printed: one array shared 40 times over is
# small to hold and 2^40 to print. Each use is refused at once, never std::bad_alloc.
double = [{"set": "a", "to": ["x"]}, {"loop": [{"set": "a", "to": [{"var": "a"}, {"var": "a"}]}], "times": 40}]
work = b"more than 10000000"
for label, step in [("cat", {"set": "b", "to": {"cat": [{"var": "a"}]}}),
                    ("==", {"set": "b", "to": {"==": [{"var": "a"}, "x"]}}),
                    ("<", {"set": "b", "to": {"<": [{"var": "a"}, "x"]}}),
                    ("+", {"set": "b", "to": {"+": [{"var": "a"}, 1]}}),
                    ("in", {"set": "b", "to": {"in": ["zz", {"cat": [{"var": "a"}]}]}}),
                    ("log operator", {"set": "b", "to": {"log": {"var": "a"}}}),
                    ("a {a} template", {"log": "{a}"}),
                    ("a put", {"put": "c", "value": "{a}"})]:
    run_case(f"a 2^40 shared array through {label}", script(double + [step], [{"name": "c", "buffer": 1}]),
             4, "--format", "summary", needle=work)
# `in` is linear: a 2^20-byte string searched for 2^19 a's and a b (std::string::find took 8 s).
grow = lambda v, n: {"loop": [{"set": v, "to": {"cat": [{"var": v}, {"var": v}]}}], "times": n}
run_case("`in` over a 2^20-byte string", script([
    {"set": "s", "to": "a"}, grow("s", 20), {"set": "n", "to": "a"}, grow("n", 19),
    {"set": "n", "to": {"cat": [{"var": "n"}, "b"]}},
    {"set": "found", "to": {"in": [{"var": "n"}, {"var": "s"}]}},
    {"if": {"var": "found"}, "then": [{"log": "found"}], "else": [{"log": "not found"}]}]), 0,
    "--format", "summary")

# --set values obey the loader's limits: 200 levels, UTF-8.
plain = tmp / "plain.json"
plain.write_text(script([{"log": "hi"}]))
for label, value, needle in [("20,000 levels", "[" * 20_000 + "]" * 20_000, b"nested more than 200"),
                             ("a loop 20,000 deep", '[{"loop":' * 10_000 + "[]" + "}]" * 10_000,
                              b"nested more than 200")]:
    r, took = limited("run", plain, "--set", f"p.steps={value}", size=64 << 20)
    check(f"--set p.steps= {label}: exit 2 with a located error", r is not None and r.returncode == 2
          and needle in r.stderr and b"--set p.steps" in r.stderr, "" if r is None else repr(r.stderr[-300:]))
r = subprocess.run([hotdog, "run", plain, "--set", b"p.steps=\xff\xfe"], capture_output=True)
check("--set with invalid UTF-8: a clear error, exit 2", r.returncode == 2 and b"not valid UTF-8" in r.stderr
      and b"internal error" not in r.stderr, repr(r.stderr))

# Output reaches its file, or the command says it did not.
out = tmp / "summary.json"
r = subprocess.run([hotdog, "run", plain, "--format", "summary", "--out", out], capture_output=True)
check("run --format summary --out F writes F", r.returncode == 0 and out.exists()
      and json.loads(out.read_text())["end"] == "done", repr(r.stderr))
for args in (["run", plain], ["sweep", root / "scenarios" / "mm1.json", "--seeds", "1..2"],
             ["shrink", plain, "--schedule", "1"]):
    r = subprocess.run([hotdog, *map(str, args), "--out", ""], capture_output=True, stdin=subprocess.DEVNULL)
    check(f"{args[0]} --out '': refused (exit 2), not written to standard output",
          r.returncode == 2 and b"FILE may not be empty" in r.stderr and r.stdout == b"",
          f"exit {r.returncode}: {r.stderr[-200:]!r}")
if os.path.exists("/dev/full"):
    with open("/dev/full", "wb") as full:
        for args in [["run", plain, "--format", f] for f in ("text", "jsonl", "mermaid", "html", "summary")] + \
                    [["run", plain, "--format", "summary", "--out", "/dev/full"], ["step", plain],
                     ["validate", plain], ["kinds"], ["--help"], ["--version"], ["run", "--help"],
                     ["sweep", "--help"]]:
            r = subprocess.run([hotdog, *map(str, args)], stdout=full, stderr=subprocess.PIPE,
                               stdin=subprocess.DEVNULL)
            said = args if str(args[-1]).startswith("--") and len(args) <= 2 else args[:1] + args[2:]
            check(f"{' '.join(map(str, said))} to a full disk: exit 2 with a message",
                  r.returncode == 2 and b"cannot write" in r.stderr, f"exit {r.returncode}: {r.stderr[-200:]!r}")

# diff of two files without line breaks stops at a line length bound (64 MiB).
r, took = limited("diff", "/dev/zero", "/dev/zero", size=32 << 20)
check("diff /dev/zero /dev/zero: refused within a bound, exit 2", r is not None and r.returncode == 2
      and b"longer than 64 MiB" in r.stderr and took < seconds,
      f"took {took:.1f}s " + ("timeout" if r is None else repr(r.stderr[-300:])))

# Wrong answers and unclear messages.
def loaded(label, doc, code, needle, command="validate", *args):
    p = tmp / "msg.json"
    p.write_text(json.dumps(doc))
    r = subprocess.run([hotdog, command, p, *args], capture_output=True, timeout=120, input=b"c\n")
    check(label, r.returncode == code and needle in r.stderr, f"exit {r.returncode}: {r.stderr[-300:]!r}")
    return r


crowd = [{"name": "m", "kind": "machine", "stock": 3}, {"name": "c", "kind": "customer", "machine": "m"}]
loaded("an expect on a number given true is a load error", {"hotdog": 1, "processes": crowd,
       "expect": {"summary": {"sold": True}}}, 2, b'"sold" is a number')
loaded("an expect on balanced given a number is a load error", {"hotdog": 1, "processes": crowd,
       "expect": {"summary": {"balanced": 1}}}, 2, b'"balanced" is true or false')
r = loaded("a machine nobody pays (daemon: false) is no cycle", {"hotdog": 1, "processes": [
    {"name": "m", "kind": "machine", "stock": 3, "daemon": False}]}, 3, b"m waits forever", "run")
check("... and not said to wait on itself", b"cycle" not in r.stdout and b"itself" not in r.stderr, r.stdout[-300:])
loaded("NaN on a channel fails the process, never prints as null", json.loads(script(
    [{"set": "x", "to": {"/": [0, 0]}}, {"put": "c", "value": "{x}"}], [{"name": "c", "buffer": 1}])),
    4, b"NaN or an infinity", "run")
loaded("an SD too large is not called negative", json.loads(script([{"sleep": {"normal": [1.5, 1e300]}}])),
       2, b"SD is more than the longest duration")
loaded("an unsub step, not a unsub step", {"hotdog": 1, "channels": [{"name": "c"}], "processes": [
    {"name": "r", "kind": "pub", "from": "c", "topic": {"var": "k"}},
    {"name": "p", "kind": "script", "steps": [{"unsub": "r", "topic": "a"}]}]}, 2, b"an unsub step needs")
r = loaded("a pub's failing topic names the pub once", {"hotdog": 1, "channels": [{"name": "c"}], "processes": [
    {"name": "router", "kind": "pub", "from": "c", "topic": {"missing_some": [1, None]}},
    {"name": "p", "kind": "script", "steps": [{"put": "c", "value": 1}, {"sleep": "1s"}]}]}, 4,
    b"router: the topic", "run")
check("... not router: router:", b"router: router:" not in r.stderr, r.stderr[-300:])
loaded("2.0 is a whole number (times, buffer)", json.loads(script([{"loop": [{"log": "x"}], "times": 2.0}],
       [{"name": "c", "buffer": 2.0}])), 0, b"", "run")
r = loaded("2000.0 is a duration of 2000 ms", json.loads(script([{"sleep": 2000.0}, {"log": "x"}])), 0, b"", "run")
check("... that sleeps 2000 ms", b"2.000s" in r.stdout and b"msg=\"x\"" in r.stdout, r.stdout[-300:])
loaded("2.5 ms is no duration", json.loads(script([{"sleep": 2.5}])), 2, b"expected a duration (whole milliseconds")
loaded("nor is -1000.0", json.loads(script([{"sleep": -1000.0}])), 2, b"expected a duration")
r = loaded("the default --stall-steps stops a closed-alts loop soon", json.loads(script(
    [{"close": "c"}, {"loop": [{"alts": [{"take": "c"}]}]}], [{"name": "c"}])), 4, b"", "run", "--format", "jsonl")
lines = r.stdout.count(b"\n")
check("... after the default 10^6 steps, each an event (one alts per iteration), and no more",
      lines == 1_000_002 and b"for 1000000 steps" in r.stdout, f"{lines} lines")

# Pages and panels stay bounded: 300 values of 100 KB each.
big = "é" * 50_000
r = loaded("an HTML page of 300 100 KB values", json.loads(script(
    [{"loop": [{"put": "c", "value": big}, {"take": "c"}], "times": 300}], [{"name": "c", "buffer": 1}])),
    0, b"", "run", "--format", "html")
check("... is at most 40 MB, with values cut at character boundaries", len(r.stdout) < 40 << 20
      and r.stdout.decode("utf-8", "strict") is not None and "\ufffd" not in r.stdout.decode(), f"{len(r.stdout)} bytes")
(tmp / "step.json").write_text(script([{"loop": [{"put": "c", "value": "x" * 1000}], "times": 2000}],
                                      [{"name": "c", "buffer": 2000}]))
# Enter at every event: the channel table is shown 2000 times (1 GB if every value were).
r = subprocess.run([hotdog, "step", tmp / "step.json"], capture_output=True, timeout=300, input=b"\n" * 2100)
check("step over a buffer of 2000 values shows 16 and a count, not every value at every event",
      r.returncode == 0 and len(r.stdout) < 20 << 20 and b"1984 more]" in r.stdout, f"{len(r.stdout)} bytes")

# More pool threads than the address space allows: a clear error and exit 4, not a hang (asio's
# thread_pool, when one of its threads could not start, waited for the others forever).
if not os.environ.get("HOTDOG_SANITIZE"):
    def two_gb():
        resource.setrlimit(resource.RLIMIT_AS, (2 << 30, 2 << 30))

    try:
        r = subprocess.run([hotdog, "run", root / "scenarios" / "echo.json", "--realtime", "--threads", "1000"],
                           capture_output=True, text=True, timeout=60, preexec_fn=two_gb, stdin=subprocess.DEVNULL)
        check("--realtime --threads 1000 under a 2 GB cap: a clear error, exit 4",
              r.returncode == 4 and "cannot start thread" in r.stderr and "internal error" not in r.stderr,
              f"{r.returncode} {r.stderr[-300:]}")
    except subprocess.TimeoutExpired:
        check("--realtime --threads 1000 under a 2 GB cap: no hang", False, "still running after 60 s")

finish("hostile")
