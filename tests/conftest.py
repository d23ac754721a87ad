import shutil
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
FIXTURE = ROOT / "tests" / "fixtures" / "minimal"
sys.path.insert(0, str(ROOT))


@pytest.fixture
def project(tmp_path) -> Path:
    """A writable copy of the small valid fixture project."""
    target = tmp_path / "project"
    shutil.copytree(FIXTURE, target)
    return target
