"""Build a project with MkDocs in a subprocess and read the result, for the build and browser tests."""
from __future__ import annotations

import fcntl
import json
import os
import shutil
import socket
import subprocess
import sys
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path

import pytest

from banma.records.common import IMAGE_FOLDER

ROOT = Path(__file__).resolve().parents[1]
EDIT_URL = "https://github.com/example/banma-suhe/edit/main/"


def images_for(data: Path) -> Path:
    """The photos a data folder refers to: the real ones for the real data, `images/` beside a fixture's data/."""
    return ROOT / IMAGE_FOLDER if data.resolve() == (ROOT / "data").resolve() else data.parent / "images"


def project_with_data(target: Path, data: Path, images: Path | None = None) -> Path:
    """The real site (mkdocs.yml, docs/, macros/) over another data/ folder and the photos it uses.

    docs/ is copied without its photos: a photo an editor adds belongs to the real data, and beside a
    fixture it would count as unused (the validator refuses unused photos)."""
    target.mkdir(parents=True, exist_ok=True)
    shutil.copy(ROOT / "mkdocs.yml", target / "mkdocs.yml")
    for folder in ("docs", "macros", "banma"):
        shutil.copytree(ROOT / folder, target / folder, ignore=_without(ROOT / IMAGE_FOLDER))
    shutil.copytree(data, target / "data")
    images = images or images_for(data)
    if images.is_dir():
        shutil.copytree(images, target / IMAGE_FOLDER)
    return target


# The settings a public-sector site configures (《政府网站发展指引》's footer, the error-report link): the shared build
# of the small fixture has them all (tests/conftest.py, minimal_site), the real site and the hostile one none.
CONFIGURED = {"SITE_WEBSITE_CODE": "3101070001", "SITE_ICP_NUMBER": "沪ICP备12345678号-1",
              "SITE_PSB_NUMBER": "沪公网安备31010702001234号",
              "SITE_GOV_MARK_URL": "https://bszs.conac.cn/sitename?method=show&id=ABC123",
              "SITE_RESPONSIBLE_OFFICE": "上海市普陀区人民政府办公室", "SITE_CONTACT": "021-00000000",
              "SITE_REPORT_URL": "mailto:errors@example.org"}


def built_site(base: Path, data: Path = ROOT / "tests/fixtures/minimal/data", env: dict | None = None) -> Path:
    """The real site over a data folder (the small fixture's by default) built under `base`: its site folder."""
    project = project_with_data(base / "project", data)
    result = build(project, base / "site", env=env)
    assert result.returncode == 0, result.stderr
    return base / "site"


def shared_folder(tmp_path_factory, name: str, make) -> Path:
    """A folder `make(folder)` fills once per test run: under pytest-xdist the first worker to ask makes it (the
    others wait on a lock) and every worker reads the same one. A failed `make` fails each test that asks again."""
    root = tmp_path_factory.getbasetemp()
    if root.name == f"popen-{os.environ.get('PYTEST_XDIST_WORKER')}":
        root = root.parent  # an xdist worker's: the run's own folder, shared by its workers, is the one above
    folder, failed = root / f"shared-{name}", root / f"shared-{name}.failed"
    with open(root / f"shared-{name}.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if failed.exists():
            pytest.fail(f"building {name} failed in another worker:\n{failed.read_text(encoding='utf-8')}")
        if not (root / f"shared-{name}.done").exists():
            shutil.rmtree(folder, ignore_errors=True)
            folder.mkdir()
            try:
                make(folder)
            except BaseException as error:
                failed.write_text(str(error)[-6000:], encoding="utf-8")
                raise
            (root / f"shared-{name}.done").touch()
    return folder


def _without(skipped: Path):
    def ignore(folder, names):
        return [n for n in names if n == "__pycache__" or Path(folder, n) == skipped]
    return ignore


EDITING_PAGE = "admin"  # /admin/: the editors' form, not a public page (tests/browser/test_editing_page.py)


def public_pages(site_dir: Path, name: str = "*.html") -> list[Path]:
    """Every public HTML page of a built site: not the 404 page, not the editing page."""
    return sorted(p for p in site_dir.rglob(name) if p.name != "404.html"
                  and p.relative_to(site_dir).parts[0] != EDITING_PAGE)


def build(project: Path, site_dir: Path, strict: bool = True, env: dict | None = None) -> subprocess.CompletedProcess:
    """`mkdocs build` of a project into site_dir, with an image cache of its own beside it (unless `env` names
    one): what a build draws never depends on what the machine's cache holds from other code or other runs."""
    env = {**os.environ, "SITE_EDIT_URL": EDIT_URL, "SITE_URL": "https://banma-suhe.test/",
           "NO_MKDOCS_2_WARNING": "1", "XDG_CACHE_HOME": str(site_dir.parent / f"{site_dir.name}-cache"),
           **(env or {})}
    command = [sys.executable, "-m", "mkdocs", "build", "-f", str(project / "mkdocs.yml"), "-d", str(site_dir)]
    if strict:
        command.append("--strict")
    return subprocess.run(command, cwd=project, env=env, capture_output=True, text=True, timeout=600)


@dataclass
class Element:
    tag: str
    attrs: dict[str, str | None]


def free_port() -> int:
    """A port nothing listens on now, for a test's own server (decap-server, an S3 server)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Page(HTMLParser):
    """A built HTML page: its elements, ids, links and text."""

    def __init__(self, path: Path):
        super().__init__(convert_charrefs=True)
        self.path = path
        self.elements: list[Element] = []
        self.text_parts: list[str] = []
        self.h1: list[str] = []
        self.title = ""
        self._in: list[str] = []
        self.raw = path.read_text(encoding="utf-8")
        self.feed(self.raw)

    def handle_starttag(self, tag, attrs):
        self.elements.append(Element(tag, dict(attrs)))
        if tag not in ("br", "img", "meta", "link", "input", "hr"):
            self._in.append(tag)

    def handle_endtag(self, tag):
        if tag in self._in:
            while self._in and self._in.pop() != tag:
                pass

    def handle_data(self, data):
        if "script" in self._in or "style" in self._in:
            return
        self.text_parts.append(data)
        if "h1" in self._in:
            if self._in[-1] == "h1" or self.h1:
                self.h1.append(data)
        if self._in and self._in[-1] == "title":
            self.title += data

    @property
    def text(self) -> str:
        return "".join(self.text_parts)

    @property
    def h1_text(self) -> str:
        return "".join(self.h1).strip()

    def ids(self) -> set[str]:
        return {e.attrs["id"] for e in self.elements if e.attrs.get("id")}

    def links(self) -> list[str]:
        return [e.attrs["href"] for e in self.elements if e.tag == "a" and e.attrs.get("href")]

    def first(self, tag, **attrs) -> Element | None:
        for element in self.elements:
            if element.tag == tag and all(element.attrs.get(k) == v for k, v in attrs.items()):
                return element
        return None


def page(site_dir: Path, url: str) -> Page:
    return Page(site_dir / url / "index.html" if url.endswith("/") or not url else site_dir / url)


def search_docs(site_dir: Path) -> list[dict]:
    """Every document of the site's search index (search/hm/d/*.json), in index order."""
    folder = site_dir / "search" / "hm"
    meta = json.loads((folder / "meta.json").read_text(encoding="utf-8"))
    docs = []
    for chunk in range(-(-meta["docs"] // meta["chunk"])):
        for url, title, kind, names, snippet, boost in json.loads((folder / f"d/{chunk}.json").read_text("utf-8")):
            docs.append({"location": url, "title": title, "kind": kind, "names": names, "text": snippet,
                         "boost": boost})
    assert len(docs) == meta["docs"]
    return docs
