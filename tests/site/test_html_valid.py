"""The Nu HTML Checker (npm vnu-jar, pinned in package.json) finds no error in the built site."""
import shutil
import subprocess

import pytest
from sitebuild import ROOT

VNU = ROOT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"


@pytest.mark.parametrize("which", [pytest.param("real_site", marks=[pytest.mark.slow, pytest.mark.reads_data]),
                                   pytest.param("fixture_site", marks=pytest.mark.slow)])  # (a built site, Java)
def test_no_html_errors(request, which):
    if not VNU.exists() or not shutil.which("java"):
        pytest.fail("the Nu HTML Checker needs `npm ci` and Java (scripts/setup.sh --test installs both)")
    site_dir = request.getfixturevalue(which)
    result = subprocess.run(["java", "-jar", str(VNU), "--errors-only", "--skip-non-html", str(site_dir)],
                            capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr[:3000]
