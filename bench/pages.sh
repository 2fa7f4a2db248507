#!/usr/bin/env bash
# Times the Active Numbers page's queries on a large inventory (default 1,000,000 numbers) in an
# embedded PostgreSQL, and prints the medians; the last line sums them up.
set -euo pipefail
. "$(dirname "$0")/run-benchmark.sh"
numbers=${1:-1000000}
run_benchmark PagesBenchmark -Dbench.numbers="$numbers"
grep -E '^(seeded|  |pages |advisor )' "$log"
