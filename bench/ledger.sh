#!/usr/bin/env bash
# The status ledger applying the N rows (default 1,000,000) of a status report to an inventory of the
# same size, one in ten statuses changed, with the heap capped at 256 MB, timed against COPY FROM
# STDIN of the same rows; then the changed tenth alone. In rounds (default 3). The last line gives
# the round of median ratio:
# ledger_vs_copy ratio=R ledger_s=A copy_s=B changed_only_s=C rows=N
set -euo pipefail
. "$(dirname "$0")/run-benchmark.sh"
rows=${1:-1000000}
rounds=${2:-3}
run_benchmark LedgerBenchmark -Dbench.rows="$rows" -Dbench.rounds="$rounds" -Dbench.explain="${BENCH_EXPLAIN:-false}" \
  -D%test.quarkus.log.category.\"io.a2pportal.numbers.StatusLedger\".level=DEBUG
grep -E "^(round|ledger_vs_copy)|ledger: " "$log" | sed "s/^.*\(ledger: \)/\1/"
if [ "${BENCH_EXPLAIN:-false}" = true ]; then grep -A80 "duration: " "$log" | grep -v "^--" | sed "s/^.*(postgres:pid([0-9]*)) //" | cut -c1-250; fi
