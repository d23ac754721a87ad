"""The build manifest (banma/manifest.py) on small folders: what it lists, and every way a folder can fail to match
it (missing, extra, changed, links, a manifest half-written or edited). Builds and deploys: tests/test_deploy.py."""
from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from sitebuild import ROOT, project_with_data

from banma.manifest import ManifestError, check_site, write_manifest

NAME = ".banma-manifest.json"


@pytest.fixture
def site(tmp_path) -> Path:
    folder = tmp_path / "site"
    (folder / "assets").mkdir(parents=True)
    (folder / "index.html").write_text("<h1>首页</h1>", encoding="utf-8")
    (folder / "assets" / "a.css").write_bytes(b"body{}")
    (folder / ".hidden").write_bytes(b"kept too")
    write_manifest(folder)
    return folder


def test_the_manifest_lists_every_file_with_its_digest_and_size(site):
    data = json.loads((site / NAME).read_text(encoding="ascii"))
    assert data["count"] == 3
    assert data["files"] == {
        ".hidden": {"sha256": hashlib.sha256(b"kept too").hexdigest(), "size": 8},
        "assets/a.css": {"sha256": hashlib.sha256(b"body{}").hexdigest(), "size": 6},
        "index.html": {"sha256": hashlib.sha256("<h1>首页</h1>".encode()).hexdigest(), "size": 15},
    }
    assert sorted(check_site(site)) == [".hidden", "assets/a.css", "index.html"]


def test_a_second_manifest_replaces_the_first_and_does_not_list_it(site):
    (site / "new.txt").write_text("n", encoding="utf-8")
    write_manifest(site)
    assert NAME not in check_site(site) and "new.txt" in check_site(site)
    assert not any(p.name.startswith(NAME + ".") for p in site.iterdir())  # no temporary file left


def test_a_preview_writes_no_manifest(tmp_path):
    (tmp_path / "index.html").write_text("x", encoding="utf-8")
    assert write_manifest(tmp_path, preview=True) is None
    assert not (tmp_path / NAME).exists()


@pytest.mark.parametrize("damage, word, named", [
    (lambda s: (s / "assets" / "a.css").unlink(), "missing", "assets/a.css"),
    (lambda s: (s / "assets" / "b.css").write_bytes(b""), "extra", "assets/b.css"),
    (lambda s: (s / "index.html").write_text("<h1>首页！</h1>", encoding="utf-8"), "changed", "index.html"),
    (lambda s: (s / "index.html").write_text("<h2>首页</h2>", encoding="utf-8"), "changed", "index.html"),  # same size
    (lambda s: os.symlink("/etc/hostname", s / "assets" / "link.txt"), "symbolic links", "assets/link.txt"),
    (lambda s: os.symlink("/etc", s / "outside"), "symbolic links", "outside"),
    (lambda s: (s / (NAME + ".partial")).write_text("{", encoding="utf-8"), "extra", NAME + ".partial"),
])
def test_a_folder_that_differs_from_its_manifest_is_refused_naming_the_file(site, damage, word, named):
    damage(site)
    with pytest.raises(ManifestError) as refused:
        check_site(site)
    message = str(refused.value)
    assert word in message and f'"{named}"' in message
    assert "不能发布" in message and message.index("不能发布") < message.index("not a whole build")  # Chinese first


@pytest.mark.parametrize("text", [None, "{", '{"format": "other/1", "count": 0, "files": {}}',
                                  '{"format": "banma-site-manifest/1", "count": 9, "files": {}}',
                                  '{"format": "banma-site-manifest/1", "count": 1, "files": {"index.html": 3}}'])
def test_a_missing_or_unreadable_manifest_is_refused(site, text):
    if text is None:
        (site / NAME).unlink()
    else:
        (site / NAME).write_text(text, encoding="utf-8")
    with pytest.raises(ManifestError) as refused:
        check_site(site)
    assert NAME in str(refused.value) and "build again" in str(refused.value)


@pytest.mark.slow  # (a Zensical build)
def test_the_zensical_build_ends_with_a_manifest_its_folder_matches(tmp_path):
    """scripts/build_zensical.py's site is deployable too: its manifest is written after its last file."""
    project = project_with_data(tmp_path / "project", ROOT / "tests/fixtures/minimal/data")
    site = tmp_path / "zensical-site"
    result = subprocess.run([sys.executable, str(ROOT / "scripts/build_zensical.py"), "--root", str(project),
                             "--keep", str(tmp_path / "zensical-project"), "--site", str(site)],
                            env={**os.environ, "SITE_URL": "https://banma-suhe.test/"}, capture_output=True, text=True,
                            timeout=600)
    assert result.returncode == 0, result.stdout + result.stderr
    listed = check_site(site)
    assert "index.html" in listed and len(listed) == sum(1 for p in site.rglob("*") if p.is_file()) - 1
    written_last = (site / NAME).stat().st_mtime_ns
    assert [p for p in site.rglob("*") if p.is_file() and p.stat().st_mtime_ns > written_last] == []
