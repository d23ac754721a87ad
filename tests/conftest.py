import os
import shutil
import tempfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
FIXTURE = ROOT / "tests" / "fixtures" / "minimal"
# Hypothesis keeps its caches outside the checkout (tests leave the work tree as they found it).
os.environ.setdefault("HYPOTHESIS_STORAGE_DIRECTORY", os.path.join(tempfile.gettempdir(), "banma-hypothesis"))


@pytest.fixture(scope="session")
def real_site(tmp_path_factory) -> Path:
    """The real data/ built once per test session (the site tests read it, the browser tests serve it)."""
    from sitebuild import build

    site_dir = tmp_path_factory.mktemp("real") / "site"
    result = build(ROOT, site_dir)
    assert result.returncode == 0, result.stderr
    return site_dir


@pytest.fixture
def project(tmp_path) -> Path:
    """A writable copy of the small valid fixture project."""
    target = tmp_path / "project"
    shutil.copytree(FIXTURE, target)
    return target
