#!/usr/bin/env bash
# Installs the Debian packages Gongkai needs beyond Python: CJK fonts (PDFs print boxes
# without one), HarfBuzz's subsetter (WeasyPrint embeds font subsets with it), Pango,
# libmagic (uploads are checked by content), and the PDF tools, browser and LibreOffice (it
# turns the Word copies into PDF to be checked) the tests use, and the static file server and
# load generator bench/readers.py measures the portal against (nginx-light, wrk).
# As root it installs what is missing; otherwise it prints the exact command and fails.
set -u
packages=(fontconfig fonts-noto-cjk fonts-arphic-ukai libharfbuzz-subset0 libpango-1.0-0 libpangoft2-1.0-0
          libmagic1 poppler-utils chromium libreoffice-writer-nogui nginx-light wrk)

if ! command -v dpkg-query >/dev/null 2>&1; then
  echo "Not a Debian system: install the equivalents of: ${packages[*]}" >&2
  exit 0
fi
missing=()
for package in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" \
    || missing+=("$package")
done
((${#missing[@]} == 0)) && exit 0

command="apt-get install -y --no-install-recommends ${missing[*]}"
if [[ $(id -u) -ne 0 ]]; then
  echo "Missing system packages. Run as root:  apt-get update && $command" >&2
  exit 1
fi
echo "Installing system packages: ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
$command >/dev/null 2>&1 || { apt-get update -qq && $command; }
