#!/usr/bin/env bash
# Sustained ingest through the Event Streams sink for S seconds (default 60): T client threads
# (default 8) post signed batches of 25 number events at R events per second in all (default 2,500)
# for a seeded tree of 20,000 numbers in 100 subaccounts; 2 % of the deliveries are sent twice. The
# inbox drains with its production batch size. The last line:
# events events_per_s=N ack_p50_ms=N ack_p99_ms=N lag_p99_ms=N lost=N duplicates=N
set -euo pipefail
. "$(dirname "$0")/run-benchmark.sh"
seconds=${1:-60}
threads=${2:-8}
rate=${3:-2500}
debug=()
if [ -n "${BENCH_DEBUG:-}" ]; then
  debug=(-D%test.quarkus.log.category.\"io.a2pportal.events\".level=DEBUG
    -D%test.quarkus.log.category.\"io.a2pportal.numbers.StatusLedger\".level=DEBUG)
fi
run_benchmark EventsBenchmark -Dbench.seconds="$seconds" -Dbench.threads="$threads" -Dbench.rate="$rate" \
  -D%test.portal.events.drain-batch=100 "${debug[@]}"
grep -E "^events${BENCH_DEBUG:+|Event inbox:|ledger:}" "$log"
