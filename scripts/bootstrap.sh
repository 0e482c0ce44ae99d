#!/usr/bin/env bash
# Installs what Stevedore needs and is missing; safe to run any number of times.
set -euo pipefail
cd "$(dirname "$0")/.."

DEBIAN_PACKAGES=(runc conmon etcd-server etcd-client docker-registry umoci skopeo busybox-static openssl attr
  containernetworking-plugins iproute2 prometheus dnsperf unbound wrk nginx python3)

missing=()
for pkg in "${DEBIAN_PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "bootstrap: installing Debian packages: ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

# The Debian packages start daemons we do not want (we start our own on free ports).
for svc in docker-registry prometheus prometheus-node-exporter etcd unbound nginx; do
  if command -v systemctl >/dev/null && systemctl is-active --quiet "$svc" 2>/dev/null; then
    systemctl stop "$svc" || true
  fi
done
# nginx (the ingress benchmark's floor) would also take port 80, the ingress controller's, at boot.
if command -v systemctl >/dev/null && systemctl is-enabled --quiet nginx 2>/dev/null; then
  systemctl disable nginx >/dev/null 2>&1 || true
fi

# npm ci only when the lockfile changed since the last install.
if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  echo "bootstrap: npm ci"
  npm ci --no-audit --no-fund --loglevel=error
fi
