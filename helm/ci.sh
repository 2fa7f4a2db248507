#!/usr/bin/env bash
# Checks the Helm chart: lint and render it with the default values and with a full production
# values file, and show that a values file breaking the schema is refused with a clear message.
# Helm itself is fetched once into a cache folder by fetch-helm.sh.
set -euo pipefail
cd "$(dirname "$0")"
chart=a2p-status-portal
helm=$(./fetch-helm.sh)
"$helm" version --short

echo "== helm lint --strict (default values)"
"$helm" lint --strict "$chart"
echo "== helm lint --strict (ci/production-values.yaml)"
"$helm" lint --strict "$chart" -f "$chart/ci/production-values.yaml"

out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
echo "== helm template (default values)"
"$helm" template portal "$chart" >"$out/default.yaml"
echo "   $(grep -c '^kind:' "$out/default.yaml") objects: $(grep '^kind:' "$out/default.yaml" | cut -d' ' -f2 | sort | tr '\n' ' ')"
echo "== helm template (ci/production-values.yaml)"
"$helm" template portal "$chart" -f "$chart/ci/production-values.yaml" >"$out/production.yaml"
echo "   $(grep -c '^kind:' "$out/production.yaml") objects: $(grep '^kind:' "$out/production.yaml" | cut -d' ' -f2 | sort | tr '\n' ' ')"

echo "== helm template (ci/bad-values.yaml) must be refused by values.schema.json"
if "$helm" template portal "$chart" -f "$chart/ci/bad-values.yaml" >"$out/bad.yaml" 2>"$out/bad.err"; then
  echo "FAILED: ci/bad-values.yaml was accepted; values.schema.json does not catch its mistakes" >&2
  exit 1
fi
sed 's/^/   /' "$out/bad.err"
for expected in "/replicaCount" "/portal/baseUrl" "/database/jdbcUrl" "'password' not allowed" "/securityContext/readOnlyRootFilesystem"; do
  if ! grep -qF "$expected" "$out/bad.err"; then
    echo "FAILED: the schema's refusal does not name $expected" >&2
    exit 1
  fi
done
echo "== chart checks passed"
