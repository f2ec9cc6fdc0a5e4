#!/usr/bin/env python3
"""hotdog's JSON Logic against json-logic-js, the reference implementation.

Usage: run_check.py JSON_LOGIC_EVAL REPO_ROOT [--cases N] [--seed S]

(a) Every case of tests.json (jsonlogic.com's shared test suite, vendored here) is evaluated
by hotdog and by json-logic-js; hotdog must give the expected answer. (b) N random
expressions from a seeded generator (default 3000, seed 1) are evaluated by both; they
must agree. Answers agree when both fail (a load error in hotdog, an exception in
json-logic-js) or both give equal JSON, numbers compared by value (3 and 3.0, 0 and -0 are
equal: hotdog prints whole numbers without a point). Every disagreement fails the test,
except the documented differences named in `documented` below.
"""
import json
import os
import random
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))

# Where hotdog deliberately differs from json-logic-js (the README's JSON Logic section names
# these): a function of the rule and both answers that returns the reason, or None.
def documented(rule_text, ours, theirs):
    # {"*": []} fails in json-logic-js only when evaluated; hotdog rejects it at load, even in
    # a branch that would never run.
    if '{"*":[]}' in rule_text and "error" in ours and "needs at least one operand" in ours["error"]:
        return "{\"*\": []} is a load error"
    return None

# The vendored tests.json comes from a json-logic-js branch that also tried out named aliases
# ("equal", "add", ...); json-logic-js 2.0.5, like hotdog, knows none of them and fails.
ALIASES = {"equal", "strictEqual", "notEqual", "strictNotEqual", "greater", "greaterOrEqual",
           "less", "lessOrEqual", "booleanCasting", "not", "modulo", "add", "multiply",
           "substract", "divide"}


def run(command, lines):
    text = "".join(json.dumps(line) + "\n" for line in lines)
    r = subprocess.run(command, input=text, capture_output=True, text=True, timeout=600)
    if r.returncode != 0:
        sys.exit(f"{command[0]} failed ({r.returncode}): {r.stderr[-2000:]}")
    answers = [json.loads(line) for line in r.stdout.splitlines()]
    if len(answers) != len(lines):
        sys.exit(f"{command[0]}: {len(answers)} answers for {len(lines)} cases")
    return answers


def same(a, b):
    if isinstance(a, bool) or isinstance(b, bool):
        return type(a) is type(b) and a == b
    if isinstance(a, (int, float)) and isinstance(b, (int, float)):
        return float(a) == float(b)
    if isinstance(a, list) and isinstance(b, list):
        return len(a) == len(b) and all(same(x, y) for x, y in zip(a, b))
    if isinstance(a, dict) and isinstance(b, dict):
        return a.keys() == b.keys() and all(same(a[k], b[k]) for k in a)
    return type(a) is type(b) and a == b


def agree(x, y):
    if "error" in x or "error" in y:
        return "error" in x and "error" in y
    return same(x["ok"], y["ok"])


# ---- the generator: expressions over every operator, with data that var, missing and the
# array operators can reach. No one-key objects in the data (json-logic-js would evaluate
# one as an operator where missing re-reads it), no names of JavaScript's prototype
# properties in paths, and only Basic Multilingual Plane text (see KNOWN for why).
STRINGS = ["", "a", "abc", "Spring", "1", "2", " 3 ", "-1", "0", "1.5", "1e3", "0x1f", "-0",
           "Infinity", "x1", "true", "null", "é", "hot dog", "1,2", "[object Object]"]
PATHS = ["a", "b", "s", "n", "arr", "arr.0", "arr.2", "arr.length", "obj.x", "obj.y.0", "s.1",
         "s.length", "nested.0.q", "missing", "", "z.z", 1, "0", "nums"]
OPS = ["var", "missing", "missing_some", "if", "?:", "==", "!=", "===", "!==", "<", "<=", ">",
       ">=", "!", "!!", "and", "or", "+", "-", "*", "/", "%", "min", "max", "cat", "substr",
       "in", "merge", "map", "filter", "reduce", "all", "none", "some", "log"]
DATA = [
    {"a": 1, "b": "2", "s": "hello", "n": None, "arr": [1, "2", [3], None], "obj": {"x": 5, "y": [7, 8]},
     "nums": [3, 1, 2], "nested": [{"q": 1, "r": 2}, {"q": "x", "r": None}], "t": True, "f": False},
    {"a": 0, "b": "", "s": "", "n": 2.5, "arr": [], "obj": {"x": "", "y": []}, "nums": [0, -1.5, 10],
     "nested": [], "t": [], "f": "0"},
    {"a": -3, "b": [1], "s": "Spring", "arr": ["a", "b", "c"], "nums": [1, 1, 2, 3, 5],
     "nested": [{"q": [1, 2], "r": 0}, {"q": True, "r": 1}], "obj": {"x": None, "y": "yes"}},
]


def literal(rng, depth):
    k = rng.randrange(10)
    if k == 0:
        return None
    if k == 1:
        return rng.choice([True, False])
    if k in (2, 3):
        return rng.choice([0, 1, 2, 3, -1, 10, 100, 7, -7, 2**31])
    if k == 4:
        return rng.choice([0.5, -2.25, 1e21, 1e-7, 3.0, 0.1, 123456.789])
    if k in (5, 6, 7):
        return rng.choice(STRINGS)
    if depth > 2:
        return rng.choice(STRINGS)
    return [literal(rng, depth + 1) for _ in range(rng.randrange(4))]


def expression(rng, depth, scoped):
    if depth >= 4 or rng.random() < 0.25:
        if rng.random() < 0.35:
            path = rng.choice(["", "q", "r", "current", "accumulator", "current.q"] if scoped else PATHS)
            if rng.random() < 0.2:
                return {"var": [path, literal(rng, 2)]}
            return {"var": path}
        return literal(rng, 0)
    op = rng.choice(OPS)
    if op in ("map", "filter", "all", "none", "some", "reduce"):
        args = [rng.choice([{"var": rng.choice(["arr", "nums", "nested", "s", "obj", "missing"])},
                            expression(rng, depth + 1, scoped)]),
                expression(rng, depth + 1, True)]
        if op == "reduce" and rng.random() < 0.8:
            args.append(expression(rng, depth + 1, scoped))
        return {op: args}
    if op == "var":
        return {"var": [expression(rng, depth + 1, scoped)] +
                       ([expression(rng, depth + 1, scoped)] if rng.random() < 0.3 else [])}
    if op in ("missing", "missing_some"):
        keys = [rng.choice(PATHS) for _ in range(rng.randrange(4))]
        if op == "missing_some":
            return {op: [rng.randrange(4), keys]}
        return {op: keys if rng.random() < 0.7 else {"merge": [keys, rng.choice(PATHS)]}}
    n = rng.choice([0, 1, 1, 2, 2, 2, 3, 3, 4])
    if op == "*" and n == 0 and rng.random() < 0.8:
        n = 1
    args = [expression(rng, depth + 1, scoped) for _ in range(n)]
    if n == 1 and rng.random() < 0.3 and not isinstance(args[0], list):
        return {op: args[0]}
    return {op: args}


def main():
    eval_bin, _root = sys.argv[1], sys.argv[2]
    cases = int(sys.argv[sys.argv.index("--cases") + 1]) if "--cases" in sys.argv else 3000
    seed = int(sys.argv[sys.argv.index("--seed") + 1]) if "--seed" in sys.argv else 1
    node_modules = os.path.join(HERE, "node_modules", "json-logic-js")
    if not os.path.isdir(node_modules):
        sys.exit("json-logic: node_modules missing (scripts/setup installs them)")
    reference = ["node", os.path.join(HERE, "reference.mjs")]
    failures = []
    differences = {}

    def compare(label, lines, ours, theirs):
        agreed = 0
        for line, x, y in zip(lines, ours, theirs):
            if agree(x, y):
                agreed += 1
                continue
            why = documented(json.dumps(line[0], separators=(",", ":")), x, y)
            if why:
                differences[why] = differences.get(why, 0) + 1
                continue
            failures.append(f"{label}: {json.dumps(line)}: hotdog {json.dumps(x)}, json-logic-js {json.dumps(y)}")
        return agreed

    # (a) the published suite.
    suite = [t for t in json.load(open(os.path.join(HERE, "tests.json"))) if not isinstance(t, str)]
    lines = [[rule, data] for rule, data, _ in suite]
    ours, theirs = run([eval_bin], lines), run(reference, lines)
    expected_ok = aliases = 0
    for (rule, data, want), x in zip(suite, ours):
        if "ok" in x and same(x["ok"], want):
            expected_ok += 1
        elif isinstance(rule, dict) and set(rule) <= ALIASES and "error" in x:
            aliases += 1
        else:
            failures.append(f"tests.json: {json.dumps([rule, data])}: hotdog {json.dumps(x)}, expected {json.dumps(want)}")
    agreed = compare("tests.json", lines, ours, theirs)
    print(f"tests.json: {len(suite)} cases; hotdog gives the expected answer in {expected_ok} "
          f"(and rejects, as json-logic-js 2.0.5 does, the {aliases} named aliases); "
          f"agrees with json-logic-js in {agreed}")

    # (b) random expressions.
    rng = random.Random(seed)
    lines = [[expression(rng, 0, False), rng.choice(DATA)] for _ in range(cases)]
    ours, theirs = run([eval_bin], lines), run(reference, lines)
    agreed = compare("random", lines, ours, theirs)
    errors = sum(1 for x in theirs if "error" in x)
    print(f"random (seed {seed}): {cases} expressions; hotdog agrees with json-logic-js in {agreed} "
          f"({errors} of them fail in both)")

    for why, count in sorted(differences.items()):
        print(f"documented difference, {count} cases: {why}")
    for f in failures[:40]:
        print("DIFFERENCE " + f)
    if failures:
        print(f"{len(failures)} differences")
        sys.exit(1)


if __name__ == "__main__":
    main()
