"""The commands editors and maintainers run: `python scripts/<name>.py` (thin wrappers), the console scripts
pyproject.toml installs (`banma-check-data` …), or `python -m banma.cli.<name>` (pre-commit's hooks).

The two that build the site without MkDocs live with the other generator code, in macros/ (banma/ never imports
it): `scripts/build_plan.py` runs macros/plan_folder.py and `scripts/build_zensical.py` macros/zensical.py."""
from __future__ import annotations

from pathlib import Path


def project_root() -> Path:
    """The project these commands work on: the nearest folder at or above the current one with mkdocs.yml and
    data/, else the checkout this package was installed from (pip install -e .)."""
    for folder in (Path.cwd(), *Path.cwd().parents, Path(__file__).resolve().parents[2]):
        if (folder / "mkdocs.yml").is_file() and (folder / "data").is_dir():
            return folder
    raise SystemExit("找不到项目文件夹（含 mkdocs.yml 和 data/）。请在项目文件夹中运行。"
                     " No project folder (with mkdocs.yml and data/) here: run this inside the project.")
