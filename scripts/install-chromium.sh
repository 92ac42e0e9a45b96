#!/usr/bin/env bash
# Debian's Chromium for the page tests (Playwright cannot download its own browser here).
# Does nothing when it is already installed; needs root (or sudo) otherwise.
set -euo pipefail
if [ -x "${WILDRYDES_CHROMIUM:-/usr/bin/chromium}" ]; then exit 0; fi
if ! command -v apt-get >/dev/null; then
  echo "Chromium is missing and this is not a Debian system: install Chromium and set WILDRYDES_CHROMIUM to its path." >&2
  exit 1
fi
sudo=""
if [ "$(id -u)" != 0 ]; then sudo="sudo"; fi
$sudo apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends chromium fonts-dejavu-core >/dev/null
echo "Installed $(/usr/bin/chromium --version)"
