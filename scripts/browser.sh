#!/usr/bin/env bash
# Installs what the browser tests need, and does nothing when it is already there:
#   - Debian's chromium and chromium-driver (apt-get, non-interactive, quiet);
#   - axe-core from the npm registry into .cache/axe/ (the accessibility checks inject axe.min.js).
# Usage: bash scripts/browser.sh
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
axe_dir="$root/.cache/axe"
axe_file="$axe_dir/node_modules/axe-core/axe.min.js"
axe_version="${AXE_VERSION:-4.10.2}"

as_root() {
    if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi
}

# fonts-noto-cjk: without a CJK font the Chinese pages render as boxes in screenshots.
packages=(chromium chromium-driver fonts-noto-cjk)
missing=()
for package in "${packages[@]}"; do
    dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
done
if [ "${#missing[@]}" -gt 0 ]; then
    echo "browser.sh: installing ${missing[*]}"
    export DEBIAN_FRONTEND=noninteractive
    as_root apt-get update -qq
    as_root apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

if [ ! -f "$axe_file" ]; then
    echo "browser.sh: installing axe-core $axe_version into $axe_dir"
    mkdir -p "$axe_dir"
    npm install --silent --no-audit --no-fund --prefix "$axe_dir" "axe-core@$axe_version" >/dev/null
fi

echo "browser.sh: $(chromium --version 2>/dev/null | head -n1); axe-core at $axe_file"
