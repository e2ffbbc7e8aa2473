#!/usr/bin/env bash
# Installs the Debian 12 packages Persona builds with (skips apt when they are all present).
set -euo pipefail
packages=(build-essential cmake ccache pkg-config libyaml-cpp-dev liblua5.4-dev libeigen3-dev libsqlite3-dev
          libspdlog-dev catch2 nlohmann-json3-dev libcli11-dev libxxhash-dev libtorch-dev libopenblas0-pthread)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  sudo=""
  [ "$(id -u)" -ne 0 ] && sudo="sudo"
  echo "installing: ${missing[*]}"
  $sudo apt-get update -q
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -q --no-install-recommends "${missing[@]}"
fi
