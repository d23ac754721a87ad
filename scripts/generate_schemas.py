"""Write the JSON Schemas and the field tables of data/README.md from the models. — see banma/cli/generate_schemas.py (python scripts/generate_schemas.py --help)."""
from _run import run

run("generate_schemas")
