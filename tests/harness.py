"""What the script tests share: the hotdog binary and repository root from the command line,
and a check() that counts and reports, ending with the plain 'N passed, N failed' line."""
import pathlib
import sys

hotdog, root = sys.argv[1], pathlib.Path(sys.argv[2])
passed = failed = 0


def check(name, cond, detail=""):
    global passed, failed
    if cond:
        passed += 1
    else:
        failed += 1
        print(f"FAIL {name} {detail}")


def finish(label):
    print(f"{label}: {passed} passed, {failed} failed")
    sys.exit(1 if failed else 0)
