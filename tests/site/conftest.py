"""The site tests' own fixture site (the real site and the plain fixture's: tests/conftest.py)."""
import shutil
from pathlib import Path

import pytest
from sitebuild import ROOT, built_site, shared_folder

HOSTILE = Path(__file__).parent / "hostile_data"


@pytest.fixture(scope="session")
def fixture_site(tmp_path_factory) -> Path:
    """The small fixture data set plus one story full of hostile editor text (built once per run)."""
    return shared_folder(tmp_path_factory, "hostile", _build_hostile) / "site"


def _build_hostile(base: Path) -> None:
    data = base / "data-src"
    shutil.copytree(ROOT / "tests/fixtures/minimal/data", data)
    for path in HOSTILE.glob("*/*.yaml"):
        shutil.copy(path, data / path.parent.name / path.name)
    built_site(base, data)
