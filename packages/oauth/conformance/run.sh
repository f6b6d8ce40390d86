#!/usr/bin/env bash
# Runs every client authorization scenario of the MCP conformance suite (`conformance list
# --client`, the `auth/*` ones: 2025-era, 2026-07-28 and extensions) against conformance/client.ts.
# The suite needs Node >= 22: Node 24 is put first on PATH (scripts/lib/prerequisites.sh). Results
# go to $CONFORMANCE_OUTPUT (default: a temporary folder).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
bin="$here/../../../node_modules/.bin"
# shellcheck source=../../../scripts/lib/prerequisites.sh
source "$here/../../../scripts/lib/prerequisites.sh"
require_node24 "the MCP conformance suite"
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
