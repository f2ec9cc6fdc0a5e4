#!/usr/bin/env python3
"""Keeps docs/ true and complete:
- every ```json scenario block of docs/scenario-format.md passes `hotdog validate`, every
  ```json steps block runs as a script's steps (channels c, buffered 1, and d declared);
- every `$ hotdog ...` line of a ```console block is run from the repository root and its
  output compared with the lines under it (`...` stands for lines left out; a command ending
  in `2>&1` is compared with stdout and stderr together, one ending in `2>&1 >/dev/null`
  with stderr alone);
- every step kind, process kind, event kind and end reason that this build knows (the hidden
  `hotdog kinds` reads them from the code's own tables) is documented in the reference and
  named in the JSON Schema, and every command and option `--help` lists is documented;
- the JSONL goldens' events all match the schema's $defs/trace_event;
- README.md and docs/ point nowhere outside the repository."""
import json
import re
import shlex
import subprocess
import tempfile

import jsonschema

from harness import check, finish, hotdog, root

doc_path = root / "docs" / "scenario-format.md"
doc = doc_path.read_text()
tmp = tempfile.mkdtemp(prefix="hotdog-docs-")


def blocks(text, info):
    """The fenced blocks whose info string is exactly `info`, with their line numbers."""
    out, lines, i = [], text.split("\n"), 0
    while i < len(lines):
        if lines[i].strip() == "```" + info:
            start, body = i + 1, []
            i += 1
            while lines[i].strip() != "```":
                body.append(lines[i])
                i += 1
            out.append((start, "\n".join(body)))
        i += 1
    return out


def run(*args, merge=False):
    return subprocess.run([hotdog, *map(str, args)], cwd=root, text=True, timeout=120,
                          stdout=subprocess.PIPE, stderr=subprocess.STDOUT if merge else subprocess.PIPE)


# Examples: scenarios and steps load (and steps run to their end).
scenario_blocks, step_blocks = blocks(doc, "json scenario"), blocks(doc, "json steps")
check("the reference has scenario and steps examples", len(scenario_blocks) >= 5 and len(step_blocks) >= 10)
for line, body in scenario_blocks:
    path = f"{tmp}/scenario-{line}.json"
    open(path, "w").write(body)
    r = run("validate", path)
    check(f"scenario example at line {line} validates", r.returncode == 0 and r.stderr == "", r.stderr)
for line, body in step_blocks:
    scenario = {"hotdog": 1, "channels": [{"name": "c", "buffer": 1}, {"name": "d"}],
                "processes": [{"name": "p", "kind": "script", "steps": json.loads(body)}]}
    path = f"{tmp}/steps-{line}.json"
    open(path, "w").write(json.dumps(scenario))
    r = run("run", path, "--format", "jsonl")
    events = [json.loads(l) for l in r.stdout.splitlines()]
    check(f"steps example at line {line} runs", r.returncode == 0 and events and events[-1].get("reason") == "done",
          r.stderr + r.stdout[-300:])

# Shell examples, in README's way.
console_commands = 0
for line, body in blocks(doc, "console"):
    lines = body.split("\n")
    k = 0
    while k < len(lines):
        command = lines[k][2:]
        expected = []
        k += 1
        while k < len(lines) and not lines[k].startswith("$ "):
            expected.append(lines[k])
            k += 1
        args = shlex.split(command)
        stderr_only = args[-2:] == ["2>&1", ">/dev/null"]
        merge = not stderr_only and args[-1] == "2>&1"
        r = run(*args[1:len(args) - merge - 2 * stderr_only], merge=merge)
        out = r.stderr if stderr_only else r.stdout
        actual = out.rstrip("\n").split("\n") if out else []
        if "..." in expected:
            cut = expected.index("...")
            head, tail = expected[:cut], expected[cut + 1:]
            ok = actual[:len(head)] == head and actual[len(actual) - len(tail):] == tail and len(actual) >= len(head) + len(tail)
        else:
            ok = actual == expected
        console_commands += 1
        check(f"console example at line {line}: {command}", ok, f"\n  doc:    {expected}\n  actual: {actual}")
check("the reference has console examples", console_commands >= 8)


# Coverage: the code's names are documented here and in the schema.
def section(title):
    """The text from the heading that starts with `title` to the next heading of its level."""
    m = re.search(r"^(#+) " + re.escape(title) + r".*$", doc, re.M)
    if not m:
        return ""
    rest = doc[m.end():]
    end = re.search(r"^#{1,%d} " % len(m.group(1)), rest, re.M)
    return rest[:end.start()] if end else rest


kinds = json.loads(run("kinds").stdout)
schema = json.loads((root / "schema" / "hotdog.schema.json").read_text())
schema_steps = {k for alt in schema["$defs"]["step"]["oneOf"] for k in alt["required"]}
schema_events = set(schema["$defs"]["trace_event"]["properties"]["ev"]["enum"])
schema_reasons = set(schema["$defs"]["end_reason"]["enum"])
schema_kinds = set(schema["$defs"]["process"]["properties"]["kind"]["enum"])
steps_text, events_text = section("6. Script steps"), section("Trace events")
reasons_text, process_text = section("9. End reasons"), section("5. Processes")
for step in kinds["steps"]:
    check(f"step {step} has a heading in section 6", re.search(rf"^### `{step}`$", steps_text, re.M) is not None)
    check(f"step {step} is in the schema", step in schema_steps)
for kind in kinds["process_kinds"]:
    check(f"process kind {kind} has a heading in section 5", re.search(rf"^### `{kind}`$", process_text, re.M) is not None)
    check(f"process kind {kind} is in the schema", kind in schema_kinds)
for ev in kinds["events"]:
    check(f"event {ev} has a row in Trace events", re.search(rf"^\| `{ev}` \|", events_text, re.M) is not None)
    check(f"event {ev} is in the schema", ev in schema_events)
for reason in kinds["end_reasons"]:
    check(f"end reason {reason} has a row in section 9", re.search(rf"^\| `{reason}` \|", reasons_text, re.M) is not None)
    check(f"end reason {reason} is in the schema", reason in schema_reasons)

# Every command and option --help lists has its own part of section 11.
commands = re.findall(r"^  (\w+) {2,}", run("--help").stdout.split("Subcommands:")[1], re.M)
check("--help lists the commands", {"run", "validate", "diff"} <= set(commands), commands)
for command in commands:
    part = section(f"`hotdog {command}`")
    check(f"command {command} is documented", part != "")
    for option in set(re.findall(r"^\s+(--[a-z-]+)", run(command, "--help").stdout, re.M)) - {"--help"}:
        check(f"option {command} {option} is documented", f"`{option}" in part, part[:80])

# The goldens' JSONL events match the schema's trace event.
events = jsonschema.Draft202012Validator({"$defs": schema["$defs"], "$ref": "#/$defs/trace_event"})
goldens = sorted((root / "scenarios").glob("*.golden.jsonl"))
for golden in goldens:
    bad = [e.message for l in golden.read_text().splitlines() for e in events.iter_errors(json.loads(l))]
    check(f"{golden.name} events match $defs/trace_event", not bad, bad[:2])
check("goldens were checked", len(goldens) >= 15)

# README and docs/ stand on their own.
for path in [root / "README.md", *sorted((root / "docs").glob("*.md"))]:
    text = path.read_text()
    for what, pattern in [("../shared", r"\.\./shared"), ("an issue number", r"(?i)\bissue #?\d+"),
                          ("your.host", r"your\.host"), ("a rule number of another file", r"rules\.md rule \d+")]:
        m = re.search(pattern, text)
        check(f"{path.name} has no {what}", m is None, m and text[max(0, m.start() - 40):m.end() + 40])
check("README links to the reference", "docs/scenario-format.md" in (root / "README.md").read_text())
check("README links to the core.async notes", "docs/core-async.md" in (root / "README.md").read_text())

finish("docs")
