#!/usr/bin/env bash
# Set up and run every test: data layer, site build, and real headless Chromium.
#   bash scripts/test.sh [pytest arguments]
# The tests run on every core (pytest-xdist: -n auto), a module's tests together on one worker (its fixtures made
# once; the sites every module reads are built once per run: tests/conftest.py). `-n 0` runs them in this process.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh --test
export NO_MKDOCS_2_WARNING=1
parallel=(-n auto --dist loadscope --no-loadscope-reorder)
for argument in "$@"; do
  case "$argument" in -n|-n*|--numprocesses*) parallel=() ;; esac
done
exec .venv/bin/python -m pytest ${parallel[@]+"${parallel[@]}"} "$@"
