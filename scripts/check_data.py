"""Check every file in data/ and list each problem with its file, line and field. — see banma/cli/check_data.py (python scripts/check_data.py --help)."""
from _run import run

run("check_data")
