import shutil
from pathlib import Path

import pytest
from sitebuild import ROOT, built_site

HOSTILE = Path(__file__).parent / "hostile_data"


@pytest.fixture(scope="session")
def fixture_site(tmp_path_factory) -> Path:
    """The small fixture data set plus one story full of hostile editor text."""
    base = tmp_path_factory.mktemp("fixture")
    data = base / "data-src"
    shutil.copytree(ROOT / "tests/fixtures/minimal/data", data)
    for path in HOSTILE.glob("*/*.yaml"):
        shutil.copy(path, data / path.parent.name / path.name)
    return built_site(base, data)
