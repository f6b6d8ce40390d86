#!/usr/bin/env bash
# Runs every client authorization scenario of the MCP conformance suite (`conformance list
# --client`, the `auth/*` ones: 2025-era, 2026-07-28 and extensions) against conformance/client.ts.
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
failed=0
for scenario in $("$bin/conformance" list --client | sed -nE 's/^ *- (auth\/[^ ]+).*/\1/p'); do
  if "$bin/conformance" client --scenario "$scenario" --command "node $here/client.ts" \
    --expected-failures "$here/expected-failures.yml" -o "$out" >"$out/${scenario//\//_}.log" 2>&1; then
    echo "ok   $scenario"
  else
    echo "FAIL $scenario (see $out/${scenario//\//_}.log)"
    failed=1
  fi
done
echo "conformance results: $out"
exit "$failed"
