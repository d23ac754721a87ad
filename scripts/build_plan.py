"""Write the site plan — every generated page and file — into a folder, without MkDocs. — see banma/cli/build_plan.py (python scripts/build_plan.py --help)."""
from _run import run

run("build_plan")
