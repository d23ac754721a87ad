"""Write every landmark, route and story file in house style (the way the web form writes them). — see banma/cli/format_data.py (python scripts/format_data.py --help)."""
from _run import run

run("format_data")
