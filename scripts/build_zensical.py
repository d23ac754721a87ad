"""Build the site with Zensical from the same site plan. — see macros/zensical.py (python scripts/build_zensical.py --help)."""
from _run import run

run("macros.zensical")
