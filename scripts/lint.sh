#!/usr/bin/env bash
# Lint our Python (ruff, configured in pyproject.toml) and JavaScript (ESLint, eslint.config.js). After setup.sh --test.
set -euo pipefail
cd "$(dirname "$0")/.."
.venv/bin/ruff check --no-cache .  # no .ruff_cache in the checkout
npx --no-install eslint .
