#!/usr/bin/env python3
"""Keeps schema/hotdog.schema.json in step with the loader: every shipped scenario must
pass both, and every file in tests/invalid/ must fail both."""
import json
import pathlib
import subprocess
import sys

import jsonschema

hotdog, root = sys.argv[1], pathlib.Path(sys.argv[2])
schema = json.loads((root / "schema" / "hotdog.schema.json").read_text())
jsonschema.Draft202012Validator.check_schema(schema)
validator = jsonschema.Draft202012Validator(schema)
failures = 0
scenarios = sorted((root / "scenarios").glob("*.json"))
invalid = sorted((root / "tests" / "invalid").glob("*.json"))
for path in scenarios + invalid:
    expect_valid = path in scenarios
    errors = list(validator.iter_errors(json.loads(path.read_text())))
    loader = subprocess.run([hotdog, "validate", str(path)], capture_output=True, text=True)
    if bool(errors) == expect_valid:
        failures += 1
        print(f"FAIL schema {'rejects' if errors else 'accepts'} {path.name}: {errors[:1]}")
    if (loader.returncode == 0) != expect_valid:
        failures += 1
        print(f"FAIL loader exit {loader.returncode} on {path.name}: {loader.stderr.strip()}")
    if not expect_valid and loader.returncode != 2:
        failures += 1
        print(f"FAIL loader should exit 2 on {path.name}")
checked = len(scenarios) + len(invalid)
print(f"schema: {checked - failures} passed, {failures} failed")
sys.exit(1 if failures else 0)
