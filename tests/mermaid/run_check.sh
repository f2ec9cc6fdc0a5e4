#!/usr/bin/env bash
# Renders every scenario as Mermaid and has Mermaid's own parser check each diagram, plus one
# broken diagram that must be rejected (so the check itself can fail).
set -euo pipefail
hotdog=$1 root=$2
here=$(cd "$(dirname "$0")" && pwd)
[ -d "$here/node_modules/mermaid" ] || { echo "mermaid: node_modules missing (scripts/setup installs them)"; exit 1; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
for f in "$root"/scenarios/*.json; do
  "$hotdog" run "$f" --format mermaid --until 10m >"$tmp/$(basename "$f" .json).mmd" 2>/dev/null || true
done
node "$here/check.mjs" "$tmp"/*.mmd
printf 'sequenceDiagram\n    p0->>: broken\n' >"$tmp/broken.mmd"
if node "$here/check.mjs" "$tmp/broken.mmd" >/dev/null; then
  echo "mermaid: the checker accepted a broken diagram"
  exit 1
fi
