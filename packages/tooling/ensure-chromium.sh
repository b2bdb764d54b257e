#!/usr/bin/env bash
# The bench report test and parity in Chromium (npm test, npm start) need headless Chromium: Debian's package
# (never a downloaded browser); install it when missing, which needs root and apt.
set -euo pipefail
command -v chromium >/dev/null && exit 0
if [ "$(id -u)" -ne 0 ]; then
  echo "npm test needs Debian's chromium for the bench report test: run 'sudo apt-get install -y chromium'" >&2
  exit 1
fi
apt-get -o DPkg::Lock::Timeout=600 update -qq
DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=600 install -y -qq chromium >/dev/null
