"""Write the site plan — every generated page and file — into a folder, without MkDocs. — see macros/plan_folder.py (python scripts/build_plan.py --help)."""
from _run import run

run("macros.plan_folder")
