#!/usr/bin/env bash
# Times the CSV report job against PostgreSQL's COPY of the same query, with the heap capped at
# 256 MB. Usage: bench/report.sh [numbers]  (default 1,000,000). Runs against a temporary embedded
# PostgreSQL, removes its data afterwards, and ends with the line
#   report_vs_copy ratio=R job_s=A copy_s=B heap_peak_mb=M rows=N
# With JFR=file.jfr set, the benchmark's JVM also writes a flight recording (settings "profile") there.
set -euo pipefail
cd "$(dirname "$0")/.."
. bin/jdk.sh

numbers=${1:-1000000}
case $numbers in
  '' | *[!0-9]*) echo "usage: bench/report.sh [numbers]" >&2; exit 2 ;;
esac
mkdir -p target/benchmark
rm -f target/benchmark/report.txt
jfr=()
if [ -n "${JFR:-}" ]; then
  # the benchmark profile's heap cap, plus the recording
  jfr=("-Dsurefire.argLine=-Xmx256m -XX:StartFlightRecording=filename=$(realpath -m "$JFR"),settings=profile")
fi
log=target/benchmark/build.log
echo "Building and running the report benchmark with $numbers numbers (log: $log)..."
if ! mvn -B -Pbenchmark test -Dtest=ReportBenchmark -Dsurefire.failIfNoSpecifiedTests=false \
    -Dbench.numbers="$numbers" "${jfr[@]}" >"$log" 2>&1; then
  tail -60 "$log" >&2
  echo "The benchmark failed; see $log" >&2
  exit 1
fi
cat target/benchmark/report.txt
