"""The Nu HTML Checker (npm vnu-jar, pinned in package.json) finds no error in the built site."""
import shutil
import subprocess

import pytest
from helpers import VNU, VNU_COMMAND


@pytest.mark.parametrize("which", [pytest.param("real_site", marks=[pytest.mark.slow, pytest.mark.reads_data]),
                                   pytest.param("fixture_site", marks=pytest.mark.slow)])  # (a built site, Java)
def test_no_html_errors(request, which):
    if not VNU.exists() or not shutil.which("java"):
        pytest.fail("the Nu HTML Checker needs `npm ci` and Java (scripts/setup.sh --test installs both)")
    site_dir = request.getfixturevalue(which)
    result = subprocess.run([*VNU_COMMAND, "--skip-non-html", str(site_dir)],
                            capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr[:3000]


def test_the_checker_as_run_here_finds_an_error(tmp_path):
    """(The JVM options of VNU_COMMAND leave the checker able to fail: an unclosed element is an error.)"""
    page = tmp_path / "bad.html"
    page.write_text("<!DOCTYPE html><html lang=zh><head><title>x</title></head><body><p><div></p></body></html>",
                    encoding="utf-8")
    result = subprocess.run([*VNU_COMMAND, str(page)], capture_output=True, text=True, timeout=300)
    assert result.returncode == 1 and "Unclosed element" in result.stderr, result.stderr
