#!/usr/bin/env bash
# Writes docs/RELIABILITY.md from the committed results in this folder (no lab needed): the full
# matrix first, then the other runs under their headings, then the long ping-pong's section.
# Usage: docs/reliability/make.sh   (from anywhere; builds the test classes offline if needed)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
cp_file=$(mktemp)
trap 'rm -f "$cp_file"' EXIT
(cd "$root" && ./mvnw -q -B -o test-compile dependency:build-classpath -pl src/test -am -DskipTests \
  -Dmdep.outputFile="$cp_file" -Dmdep.includeScope=test >/dev/null)
java -cp "$root/src/test/target/test-classes:$(cat "$cp_file")" dev.ferry.e2e.faults.ReliabilityReport "$root/docs/RELIABILITY.md" \
  "$here/results-full.json" \
  "$here/results-ci.json" "The representative cells in the fresh-clone ./ferry test run" \
  "$here/results-client-kill.json" "The client killed (SIGKILL) at every phase" \
  "$here/results-full-previous.json" "The previous full matrix (2026-12-01), before the original was kept for a destination that dies after the hand-over" \
  "$here/results-full-first.json" "The first full run (2026-12-01), on the engine before the fixes it led to" \
  "$here/results-main.json" "The same cells on main's engine before the hand-over branch, for comparison" \
  --append "$here/pingpong.md"
echo "wrote $root/docs/RELIABILITY.md"
