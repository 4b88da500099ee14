#!/usr/bin/env bash
# Installs the system packages CareFlow needs (Debian/Ubuntu), only if missing.
# Usage: scripts/setup.sh [extra-package ...]
set -euo pipefail
need=(libgsl-dev pkg-config sqlite3 "$@")
missing=()
for p in "${need[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "installing: ${missing[*]}"
  SUDO=""
  [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  export DEBIAN_FRONTEND=noninteractive
  $SUDO apt-get update -qq
  $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
command -v swift >/dev/null || { echo "error: Swift 6 is needed (https://swift.org/install)" >&2; exit 1; }
