#!/usr/bin/env bash
# Set up and run every test: data layer, site build, and real headless Chromium.
#   bash scripts/test.sh [pytest arguments]
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh --test
export NO_MKDOCS_2_WARNING=1
exec .venv/bin/python -m pytest "$@"
