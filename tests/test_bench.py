"""The benchmark runs end to end in its quick mode and prints its figures (targets are checked at scale)."""
import re
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[1]


def test_quick_benchmark_prints_every_figure():
    result = subprocess.run([sys.executable, "scripts/bench.py", "--quick"], cwd=ROOT, capture_output=True,
                            text=True, timeout=600)
    assert result.returncode == 0, result.stdout + result.stderr[-2000:]
    out = result.stdout
    for heading in ("build s", "plain s", "ratio", "peak MiB", "index KiB raw/gz", "validate s"):
        assert heading in out
    assert "load and validate data" in out and "plan pages and files" in out and "search index" in out
    assert "stages (warm)" in out and "stages (cold)" in out
    assert re.search(r"^\s+60\s+warm\s", out, re.M) and re.search(r"^\s+60\s+cold\s", out, re.M)
    assert "whole search index on disk, gzip, vs plain Material at 60" in out
