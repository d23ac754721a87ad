"""Summarise, in Chinese, what a change to data/ does: for the reviewer of a pull request. — see banma/cli/change_summary.py (python scripts/change_summary.py --help)."""
from _run import run

run("change_summary")
