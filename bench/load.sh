#!/usr/bin/env bash
# The packaged portal under load: seeds one parent account with 500 subaccounts and N numbers
# (default 1,000,000) into an embedded PostgreSQL, starts the jar in the production profile with a
# real Keycloak, logs in 32 users and drives the Active Numbers pages, the number page, the
# troubleshooting summary and the reports list: a closed loop (most pages per second), then an
# open loop at a fixed rate (latency per page from each request's intended send time).
# Usage: bench/load.sh [numbers]. Shorter runs: LOAD_SECONDS (each phase, default 60), LOAD_WARMUP
# (default 15), LOAD_SOLO (seconds of each page alone, for its processor time and heap; default 5),
# LOAD_RATE (default 100 pages/s), LOAD_USERS (default 32), LOAD_JFR=1 (a flight recording of the
# portal in target/load/portal.jfr). Ports 8190 to 8194 (LOAD_PORT moves them).
# Last line: load numbers=N users=N max_rps=N rate=N p99_max_ms=N errors=N
set -euo pipefail
. "$(dirname "$0")/run-benchmark.sh"
numbers=${1:-1000000}
case $numbers in
  '' | *[!0-9]*) echo "usage: bench/load.sh [numbers]" >&2; exit 2 ;;
esac
mvn -B -q package -DskipTests >"$log" 2>&1 || { cat "$log"; exit 1; }
rm -f target/load/load.txt
uptime
run_benchmark LoadBenchmark -Dbench.numbers="$numbers" -Dbench.seconds="${LOAD_SECONDS:-60}" \
  -Dbench.warmup="${LOAD_WARMUP:-15}" -Dbench.solo="${LOAD_SOLO:-5}" -Dbench.rate="${LOAD_RATE:-100}" -Dbench.users="${LOAD_USERS:-32}" \
  -Dbench.port="${LOAD_PORT:-8190}" -Dbench.jfr="${LOAD_JFR:-false}"
cat target/load/load.txt
uptime
