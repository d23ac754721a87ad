import os
import shutil
import tempfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
FIXTURE = ROOT / "tests" / "fixtures" / "minimal"
# Hypothesis keeps its caches outside the checkout (tests leave the work tree as they found it).
os.environ.setdefault("HYPOTHESIS_STORAGE_DIRECTORY", os.path.join(tempfile.gettempdir(), "banma-hypothesis"))


@pytest.fixture
def project(tmp_path) -> Path:
    """A writable copy of the small valid fixture project."""
    target = tmp_path / "project"
    shutil.copytree(FIXTURE, target)
    return target
