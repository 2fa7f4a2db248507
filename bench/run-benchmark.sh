# Sourced by the benchmark scripts, from the checkout's root with a JDK chosen: run_benchmark CLASS
# [MAVEN_OPTIONS...] runs one benchmark class into the temporary file $log, which the script then
# reads; when the run fails it prints the log and exits.
cd "$(dirname "${BASH_SOURCE[0]}")/.."
. bin/jdk.sh
log=$(mktemp)
trap 'rm -f "$log"' EXIT

run_benchmark() {
  local class=$1
  shift
  mvn -B -q test -Pbenchmark -Dtest="$class" "$@" -Dsurefire.failIfNoSpecifiedTests=false >"$log" 2>&1 || {
    cat "$log"
    exit 1
  }
}
