# Sourced by scripts/setup, demo, test and fresh-check. Each step names itself when it fails.
#
#   step NAME CMD...       runs CMD with its output captured to a temporary file; prints
#                          nothing on success, and on failure says which step failed, the
#                          command and its exit status, then the whole captured output.
#   step_live NAME CMD...  runs CMD with its output going straight to the terminal (builds a
#                          user watches, test runs, the demo itself); on failure says which
#                          step failed and how.
# Both exit the script with CMD's status when CMD fails.

step() {
  local name=$1
  shift
  local log rc=0
  log=$(mktemp "${TMPDIR:-/tmp}/hotdog-step.XXXXXX")
  "$@" >"$log" 2>&1 </dev/null || rc=$?
  if ((rc != 0)); then
    {
      echo "hotdog: step failed: $name (exit status $rc)"
      echo "hotdog: command: $*"
      echo "hotdog: its output:"
      cat "$log"
      echo "hotdog: step failed: $name (see its output above)"
    } >&2
    rm -f "$log"
    exit "$rc"
  fi
  rm -f "$log"
}

step_live() {
  local name=$1
  shift
  local rc=0
  "$@" || rc=$?
  if ((rc != 0)); then
    echo "hotdog: step failed: $name (exit status $rc; command: $*)" >&2
    exit "$rc"
  fi
}
