#!/usr/bin/env bash
# Uploads a status report of N rows (default 1,000,000) into an inventory of the same size, with the
# heap capped at 256 MB, and times it against COPY FROM STDIN of the same rows; in rounds (default
# 5), each changing another tenth of the numbers. The last line gives the round of median ratio:
# upload_vs_copy ratio=R upload_s=A copy_s=B heap_peak_mb=M rows=N
set -euo pipefail
. "$(dirname "$0")/run-benchmark.sh"
rows=${1:-1000000}
rounds=${2:-5}
run_benchmark UploadBenchmark -Dbench.rows="$rows" -Dbench.rounds="$rounds" \
  -D%test.portal.uploads.max-bytes=1073741824 -D%test.portal.uploads.max-expanded-bytes=4294967296 \
  -D%test.portal.uploads.background-from-bytes=1099511627776 \
  -D%test.quarkus.log.category.\"io.a2pportal.uploads\".level=DEBUG \
  -D%test.quarkus.log.category.\"io.a2pportal.numbers.StatusLedger\".level=DEBUG
grep -E '^(round|rounds:|upload_vs_copy)|Upload [0-9]+:|ledger:' "$log" | sed 's/^.*\(Upload [0-9]*:\|ledger:\)/\1/'
