#!/usr/bin/env bash
# Debian's Chromium for the page tests (Playwright cannot download its own browser here), and
# certutil (libnss3-tools), with which tests/local/chromium-trust-recipe.test.ts runs the README's
# recipe for Chromium's certificate store. Does nothing when both are there; needs root (or sudo) otherwise.
set -euo pipefail
chromium_present=false
if [ -x "${WILDRYDES_CHROMIUM:-/usr/bin/chromium}" ]; then chromium_present=true; fi
if $chromium_present && command -v certutil >/dev/null; then exit 0; fi
if ! command -v apt-get >/dev/null; then
  # Without certutil its test is skipped, saying so; without Chromium the page tests cannot run.
  if $chromium_present; then exit 0; fi
  echo "Chromium is missing and this is not a Debian system: install Chromium and set WILDRYDES_CHROMIUM to its path." >&2
  exit 1
fi
sudo=""
if [ "$(id -u)" != 0 ]; then sudo="sudo"; fi
$sudo apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends chromium fonts-dejavu-core libnss3-tools >/dev/null
echo "Installed $(/usr/bin/chromium --version)"
