#!/usr/bin/env bash
# Set up a fresh machine: a virtual environment with the pinned requirements.
#   bash scripts/setup.sh          # for building and serving the site
#   bash scripts/setup.sh --test   # also the test tools and Debian's Chromium for browser tests
# Safe to run again: each step is skipped when what it installs is already there and its pins have not
# changed (a stamp in .venv/ holds the hash of the requirement files; node_modules/ keeps one of the lock).
# Every Python package is checked against the sha256 its lock names (pip --require-hashes): pip itself and the
# build backend first (requirements-pip.txt), then the site's lock (requirements.txt) or the test lock, which
# holds the site's and the deploy's packages too (requirements-test.txt). The pins are edited in the *.in files;
# the locks are made from them with pip-compile (the command is at the top of each lock).
set -euo pipefail
cd "$(dirname "$0")/.."

stamp_of() { cat "$@" | sha256sum | cut -d' ' -f1; }

[ -x .venv/bin/python ] || python3 -m venv .venv
if [ "${1:-}" = "--test" ]; then
  requirements=(requirements.txt requirements-deploy.txt requirements-test.txt)
else
  requirements=(requirements.txt)
fi
wanted="$(stamp_of requirements-pip.txt "${requirements[@]}" pyproject.toml)"
# Each setup kind keeps its own line in the stamp; the project's own install is checked by importing it.
if ! grep -qx "$wanted" .venv/.banma-installed 2>/dev/null || ! .venv/bin/python -I -B -c "import banma.cli" 2>/dev/null; then
  .venv/bin/python -m pip install --quiet --require-hashes -r requirements-pip.txt
  .venv/bin/python -m pip install --quiet --require-hashes -r "${requirements[-1]}"
  # The project itself, editable: the `banma` MkDocs plugin, banma/ for the scripts and tests, console commands.
  # Built by the setuptools just installed (no build isolation: nothing fetched without a hash).
  .venv/bin/python -m pip install --quiet --no-deps --no-build-isolation -e .
  rm -rf ./*.egg-info  # setuptools' metadata left beside the sources: the install itself lives in .venv
  echo "$wanted" >> .venv/.banma-installed
fi

if [ "${1:-}" = "--test" ]; then
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
  # The Nu HTML Checker, decap-server and Lighthouse, pinned in package-lock.json; again only when it changed.
  lock="$(stamp_of package-lock.json)"
  if ! grep -qx "$lock" node_modules/.banma-installed 2>/dev/null; then
    npm ci --no-audit --no-fund --loglevel=error
    echo "$lock" > node_modules/.banma-installed
  fi
fi
# A Chinese font for the share cards and icons the build draws (no web fonts: nothing is fetched at build time).
if ! ls /usr/share/fonts/opentype/noto/NotoSansCJK-*.ttc >/dev/null 2>&1 && [ -z "${SITE_CARD_FONT:-}" ]; then
  if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq fonts-noto-cjk >/dev/null
  else
    echo "Share cards need a Chinese font: sudo apt-get install fonts-noto-cjk (or set SITE_CARD_FONT)." >&2
  fi
fi
