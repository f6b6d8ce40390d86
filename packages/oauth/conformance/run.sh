#!/usr/bin/env bash
# Runs the MCP conformance suite's client auth scenarios against conformance/client.ts.
# Needs Node >= 22 on PATH. Results go to $CONFORMANCE_OUTPUT (default: a temporary folder).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
bin="$here/../../../node_modules/.bin"
major="$(node --version 2>/dev/null | sed -E 's/^v([0-9]+).*/\1/')" || true
[[ "$major" =~ ^[0-9]+$ ]] && ((major >= 22)) || {
  echo "The conformance suite needs Node >= 22 on PATH (found: ${major:-none})." >&2
  exit 1
}
[ -x "$bin/conformance" ] || {
  echo "The conformance suite is not installed: run npm ci at the repository root first." >&2
  exit 1
}
out="${CONFORMANCE_OUTPUT:-$(mktemp -d)}"
for suite in auth backcompat draft extensions; do
  "$bin/conformance" client --suite "$suite" --command "$bin/tsx $here/client.ts" \
    --expected-failures "$here/expected-failures.yml" -o "$out/$suite"
done
echo "conformance results: $out"
