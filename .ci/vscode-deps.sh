#!/usr/bin/env bash
# System packages for the tests that run a real VS Code (code-server + Chromium):
#   chromium     the browser playwright-core drives (it cannot download one here)
#   libkrb5-dev  headers for code-server's native module kerberos, built at install time
#   g++ make python3  node-gyp, for the native modules (usually there already)
# Idempotent: apt-get runs only when one is missing. CI runs this as root; elsewhere use sudo.
set -euo pipefail
packages=(chromium libkrb5-dev g++ make python3)
missing=()
for p in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed'; then missing+=("$p"); fi
done
if [ "${#missing[@]}" -eq 0 ]; then
  echo "vscode-deps: ${packages[*]} already installed"
  exit 0
fi
SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
echo "vscode-deps: installing ${missing[*]}"
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${missing[@]}"
