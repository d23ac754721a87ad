#!/usr/bin/env bash
# Set up and preview the site at http://127.0.0.1:8000/ (reloads when data/ or macros/ change).
#   bash scripts/serve.sh          # serve
#   bash scripts/serve.sh build    # build into site/ instead (with --strict when SITE_URL is set, as for publishing)
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
export NO_MKDOCS_2_WARNING=1
if [ "${1:-serve}" = "build" ]; then
  # Without SITE_URL the build warns that QR codes and posters point at 127.0.0.1; --strict would refuse it.
  exec .venv/bin/mkdocs build ${SITE_URL:+--strict}
fi
exec .venv/bin/mkdocs serve --dirty  # rebuilds write only the pages and files a change touches (banma/preview.py)
