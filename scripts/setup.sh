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
  # Debian's Chromium for the browser tests, Java for the Nu HTML Checker (never a downloaded browser).
  missing=()
  command -v chromium >/dev/null 2>&1 || missing+=(chromium fonts-noto-cjk)
  command -v java >/dev/null 2>&1 || missing+=(default-jre-headless)
  command -v npm >/dev/null 2>&1 || missing+=(nodejs npm)
  if [ ${#missing[@]} -gt 0 ]; then
    if [ "$(id -u)" = "0" ]; then
      apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
    else
      echo "The tests need: sudo apt-get install ${missing[*]}" >&2
    fi
  fi
  # The Nu HTML Checker and Lighthouse, pinned in package-lock.json.
  npm ci --no-audit --no-fund --loglevel=error
else
  .venv/bin/python -m pip install --quiet -r requirements.txt
fi
# A Chinese font for the share cards and icons the build draws (no web fonts: nothing is fetched at build time).
if ! ls /usr/share/fonts/opentype/noto/NotoSansCJK-*.ttc >/dev/null 2>&1 && [ -z "${SITE_CARD_FONT:-}" ]; then
  if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq fonts-noto-cjk >/dev/null
  else
    echo "Share cards need a Chinese font: sudo apt-get install fonts-noto-cjk (or set SITE_CARD_FONT)." >&2
  fi
fi
