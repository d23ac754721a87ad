"""Create a new landmark, route or story file: a draft in house style with every required field to fill. — see banma/cli/new.py (python scripts/new.py --help)."""
from _run import run

run("new")
