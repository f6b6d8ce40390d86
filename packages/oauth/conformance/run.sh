#!/usr/bin/env bash
# Runs the MCP conformance suite's client auth scenarios against conformance/client.ts.
# Needs Node >= 22 on PATH. Results go to $CONFORMANCE_OUTPUT (default: a temporary folder).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
bin="$here/../../../node_modules/.bin"
out="${CONFORMANCE_OUTPUT:-$(mktemp -d)}"
for suite in auth backcompat draft extensions; do
  "$bin/conformance" client --suite "$suite" --command "$bin/tsx $here/client.ts" \
    --expected-failures "$here/expected-failures.yml" -o "$out/$suite"
done
echo "conformance results: $out"
