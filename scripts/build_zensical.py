"""Build the site with Zensical from the same site plan. — see banma/cli/build_zensical.py (python scripts/build_zensical.py --help)."""
from _run import run

run("build_zensical")
