#!/usr/bin/env bash
# Set up a fresh machine: a virtual environment with the pinned requirements.
#   bash scripts/setup.sh          # for building and serving the site
#   bash scripts/setup.sh --test   # also the test tools and Debian's Chromium for browser tests
set -euo pipefail
cd "$(dirname "$0")/.."
python3 -m venv .venv
.venv/bin/python -m pip install --quiet --upgrade pip
if [ "${1:-}" = "--test" ]; then
  .venv/bin/python -m pip install --quiet -r requirements-test.txt
  if ! command -v chromium >/dev/null 2>&1; then
    if [ "$(id -u)" = "0" ]; then
      apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-noto-cjk >/dev/null
    else
      echo "Browser tests need Debian's chromium: sudo apt-get install chromium fonts-noto-cjk" >&2
    fi
  fi
else
  .venv/bin/python -m pip install --quiet -r requirements.txt
fi
