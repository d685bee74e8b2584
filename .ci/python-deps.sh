#!/usr/bin/env bash
# Debian's Python packages for the tests that run exported code in the real libraries:
#   python3-torch python3-torchvision  the Copy Loss as Code snippets (test/engine/exportCode.test.ts)
#   python3-sklearn python3-pandas     the exported notebook, run top to bottom (test/engine/exportNotebook.test.ts)
#   python3-imblearn                   the SMOTE reference of npm run bench (scripts/bench/imblearn_smote.py)
# Those tests say SKIPPED (mocha: pending) when a package is missing; CI installs them so they run.
# Idempotent: apt-get runs only when one is missing. CI runs this as root; elsewhere use sudo.
set -euo pipefail
packages=(python3 python3-numpy python3-torch python3-torchvision python3-sklearn python3-pandas python3-imblearn)
missing=()
for p in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed'; then missing+=("$p"); fi
done
if [ "${#missing[@]}" -eq 0 ]; then
  echo "python-deps: ${packages[*]} already installed"
  exit 0
fi
SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
echo "python-deps: installing ${missing[*]}"
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
