#!/usr/bin/env bash
# Times the Active Numbers page's queries on a large inventory (default 1,000,000 numbers) in an
# embedded PostgreSQL, and prints the medians; the last line sums them up.
set -euo pipefail
cd "$(dirname "$0")/.."
. bin/jdk.sh
numbers=${1:-1000000}
log=$(mktemp)
trap 'rm -f "$log"' EXIT
mvn -B -q test -Pbenchmark -Dtest=PagesBenchmark -Dbench.numbers="$numbers" -Dsurefire.failIfNoSpecifiedTests=false >"$log" 2>&1 || {
  cat "$log"
  exit 1
}
grep -E '^(seeded|  |pages |advisor )' "$log"
