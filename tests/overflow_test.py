#!/usr/bin/env python3
"""Totals that never wrap: money is refused at load past its documented limit, the summary's
waits agree with one another however long they are, and times parked saturate."""
import json
import pathlib
import subprocess
import tempfile

from harness import check, finish, hotdog

tmp = pathlib.Path(tempfile.mkdtemp(prefix="hotdog-overflow-"))
INT64_MAX = 2**63 - 1


def run(*args):
    return subprocess.run([hotdog, *map(str, args)], capture_output=True, timeout=120)


def write(name, doc):
    p = tmp / name
    p.write_text(json.dumps(doc, indent=1))
    return p


def err(r):
    return r.stderr.decode(errors="replace")


def place(p, key, after=True):
    """LINE:COLUMN in file p of the value after `key` (or of `key` itself)."""
    text = p.read_text()
    at = text.index(key) + (len(key) if after else 0)
    return f"{text.count(chr(10), 0, at) + 1}:{at - text.rfind(chr(10), 0, at)}"


def text_time(ms):
    """A time as the text summary writes one of an hour or more."""
    h, ms = divmod(ms, 3600000)
    m, ms = divmod(ms, 60000)
    return f"{h}h{m:02}m{ms // 1000:02}.{ms % 1000:03}s"


def summary(p):
    r = run("run", p, "--format", "summary")
    return r, (json.loads(r.stdout) if r.returncode == 0 else None)


def stand(amount, count=3, price=1):
    return {"hotdog": 1, "processes": [
        {"name": "m", "kind": "machine", "stock": "unlimited", "price": price},
        {"name": "c", "kind": "customer", "machine": "m", "count": count, "amount": amount}]}


# --- Money: amounts are 0 to 1000000, like prices, so that no total can pass 2^63-1 -------------
for label, amount in [("2^62", 2**62), ("2^63-1", INT64_MAX), ("2^64-1", 2**64 - 1), ("10^6+1", 1000001)]:
    p = write("amount.json", stand(amount))
    r = run("validate", p)
    at = place(p, '"amount": ')
    check(f"amount {label} is refused at its place ({at})", r.returncode == 2
          and f"{p}:{at}: error:".encode() in r.stderr and b"0 to 1000000" in r.stderr
          and b"negative" not in r.stderr, err(r))
    r = run("run", p, "--format", "summary")
    check(f"amount {label}: nothing is run", r.returncode == 2 and r.stdout == b"", err(r))
for label, amount, bad in [("uniform", {"uniform": [0, 2**62]}, 2**62),
                           ("choose", {"choose": [3, 2**63 - 1]}, 2**63 - 1)]:
    p = write("amount.json", stand(amount))
    r = run("validate", p)
    at = place(p, str(bad), after=False)
    check(f"a {label} amount past the limit is refused at the number ({at})", r.returncode == 2
          and b"0 to 1000000" in r.stderr and f"{p}:{at}: error:".encode() in r.stderr, err(r))
r = run("validate", write("price.json", stand(3, price=1000001)))
check("a price past 1000000 is refused too", r.returncode == 2 and b"1 to 1000000" in r.stderr, err(r))

r, s = summary(write("max.json", stand(1000000, count=3, price=1)))
check("the largest amount sums exactly", r.returncode == 0 and s["change"] == 3 * 999999
      and s["revenue"] == 3 and s["balanced"] is True, err(r))
r, s = summary(write("max-uniform.json", stand({"uniform": [999999, 1000000]}, count=1000, price=1000000)))
check("a thousand of the largest amounts balance", r.returncode == 0 and s["balanced"] is True
      and s["revenue"] + s["refunds"] >= 999999 * 1000 and s["sold"] + s["refunded"] == 1000, err(r))

# --- Waits: the summary's means agree, and times parked saturate ---------------------------------
S = 2**52
huge = {"hotdog": 1, "processes": [
    {"name": "m", "kind": "machine", "stock": "unlimited", "serve_time": S},
    {"name": "c", "kind": "customer", "machine": "m", "count": 1000}]}
r, s = summary(write("huge.json", huge))
# Customer k leaves at k * 2^52 ms: the mean is 500.5 * 2^52, a double exactly.
mean = 500.5 * S
check("huge waits: the run ends well", r.returncode == 0 and s["end"] == "done" and s["balanced"] is True, err(r))
check("huge waits: wait_mean is the exact mean", r.returncode == 0 and s["wait_mean"] == mean,
      s and s["wait_mean"])
check("huge waits: waits.all.mean and the machine's wait_mean agree with it", r.returncode == 0
      and s["waits"]["all"]["mean"] == mean and s["machines"]["m"]["wait_mean"] == mean
      and s["waits"]["served"]["mean"] == mean, s and (s["waits"], s["machines"]))
check("huge waits: wait_max and the percentiles are whole", r.returncode == 0
      and s["wait_max"] == 1000 * S and s["wait_p50"] == 500 * S, s)
parked = s and s["processes"]["c"]["parked"]
check("huge waits: the crowd's time parked saturates at 2^63-1, never wraps",
      r.returncode == 0 and parked == INT64_MAX, parked)
check("huge waits: the machine's own time parked is exact", r.returncode == 0
      and 0 <= s["processes"]["m"]["parked"] <= 1000 * S, s and s["processes"])
check("huge waits: utilization stays a fraction", r.returncode == 0
      and 0.99 <= s["machines"]["m"]["utilization"] <= 1.0, s and s["machines"])
r = run("run", write("huge.json", huge))
check("huge waits: the text summary's mean is the same", r.returncode == 0
      and f"arrival to leaving: mean {text_time(int(mean))}, p50 {text_time(500 * S)},".encode()
      in r.stderr, err(r)[-400:])

# Waits that reach the end of time (2^63-1 ms, where time saturates): the means agree.
far = {"hotdog": 1, "processes": [
    {"name": "m", "kind": "machine", "stock": "unlimited", "serve_time": S},
    {"name": "c", "kind": "customer", "machine": "m", "count": 2100, "interval": S * 3 // 5}]}
r, s = summary(write("far.json", far))
check("waits at the end of time: the run ends there", r.returncode == 0 and s["t"] == INT64_MAX, err(r))
check("waits at the end of time: the means agree", r.returncode == 0
      and s["wait_mean"] == s["waits"]["all"]["mean"] == s["machines"]["m"]["wait_mean"]
      and 0 < s["wait_mean"] <= s["wait_max"], s and (s["wait_mean"], s["waits"], s["machines"]))
r = run("run", write("far.json", far))
check("waits at the end of time: the text summary has no negative time", r.returncode == 0
      and b"mean -" not in r.stderr and b"max -" not in r.stderr, err(r)[-400:])

finish("overflow")
