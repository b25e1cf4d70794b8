#!/usr/bin/env bash
# Installs the Debian packages the build and the tests need and a fresh machine lacks: libclang
# (bindgen, for oxigraph's RocksDB storage), chromium (the HTML report is opened in a real
# headless browser by tests/test_html_report.py) and Virtuoso 7 (the second SPARQL server
# tests/test_remote.py runs on loopback; the tests start their own instance, so the package's
# system service is not needed). Does nothing when they are already there.
set -euo pipefail
missing=()
for package in libclang-dev chromium virtuoso-opensource; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
done
[ ${#missing[@]} -eq 0 ] && exit 0
echo "installing Debian packages: ${missing[*]}"
sudo_cmd=""
[ "$(id -u)" -ne 0 ] && sudo_cmd="sudo"
export DEBIAN_FRONTEND=noninteractive
$sudo_cmd apt-get update -qq
$sudo_cmd apt-get install -y -qq "${missing[@]}" >/dev/null
