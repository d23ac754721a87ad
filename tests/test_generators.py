"""The same site from three generators: MkDocs (the build CI gates on), ProperDocs (the drop-in fork) and Zensical
(Material's successor, fed the site plan by scripts/build_zensical.py). Compared page by page on what a reader gets
from each page's main content — headings, text, links, pictures, citations, the map drawings — and file by file on
what we write ourselves (feeds, downloads, the search index, share cards, the editing page)."""
from __future__ import annotations

import datetime
import os
import re
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import pytest
from sitebuild import CONFIGURED, EDIT_URL

pytestmark = pytest.mark.slow
ENV = {**os.environ, "SITE_URL": "https://banma-suhe.test/", "SITE_EDIT_URL": EDIT_URL, "NO_MKDOCS_2_WARNING": "1"}
BIN = Path(sys.executable).parent
OURS = ("downloads/", "search/hm/", "assets/cards/", "assets/images/", "assets/icons/", "admin/")
# What the generators' themes write differently, and why (README, "Generators"): not compared.
THEME_ONLY = re.compile(r"^(assets/(javascripts/(bundle|workers|lunr|LICENSE)|stylesheets/(classic|modern|main|palette))"
                        r"|search/search_index\.json|sitemap\.xml\.gz)")  # (Zensical's search.json: removed, unused)


class _Content(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.found: dict[str, list] = {"headings": [], "text": [], "links": [], "cites": [], "svg": []}
        self.open: list[str] = []

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        self.open.append(tag)
        if tag == "a" and attributes.get("href"):
            self.found["links"].append(attributes["href"])
        if tag == "img":
            self.found["links"].append(attributes.get("src"))
        if tag == "sup" and attributes.get("id"):
            self.found["cites"].append(attributes["id"])
        if "svg" in self.open:
            self.found["svg"].append((tag, sorted((k, v) for k, v in attrs if k != "data-search-exclude")))

    def handle_endtag(self, tag):
        while self.open and self.open.pop() != tag:
            pass

    def handle_data(self, data):
        text = " ".join(data.split())
        if text:
            self.found["text"].append(text)
            if self.open and self.open[-1] in ("h1", "h2", "h3"):
                self.found["headings"].append(text)
            if "svg" in self.open:
                self.found["svg"].append(("#text", text))


def content(page: Path) -> dict | None:
    """A page's main content, without the theme around it (the article after the theme's skip target)."""
    found = re.search(r'<div id="main-content" tabindex="-1">(.*?)</article>', page.read_text("utf-8"), re.S)
    if not found:
        return None
    # the theme's edit button (MkDocs gets each page's edit link from our plugin; Zensical runs no plugin)
    html = re.sub(r'<a href="[^"]*" title="[^"]*" class="md-content__button md-icon"[^>]*>.*?</a>', "", found.group(1),
                  flags=re.S)
    parser = _Content()
    parser.feed(html)
    return parser.found


def files(site: Path) -> set[str]:
    return {p.relative_to(site).as_posix() for p in site.rglob("*") if p.is_file()}


@pytest.fixture(scope="module")
def zensical_site(real_zensical_site) -> Path:
    return real_zensical_site  # (tests/conftest.py: one Zensical build per run, the browser tests serve it too)


def test_zensical_builds_every_page_with_the_same_main_content(real_site, zensical_site):
    pages = {p for p in files(real_site) if p.endswith(".html")}
    assert pages == {p for p in files(zensical_site) if p.endswith(".html")}
    different = [page for page in sorted(pages) if content(real_site / page) != content(zensical_site / page)]
    assert not different, different
    assert sum(content(real_site / page) is not None for page in pages) >= len(pages) - 2  # (the editing page)


def test_zensical_writes_our_files_byte_for_byte_and_the_same_sitemap(real_site, zensical_site):
    ours = sorted(p for p in files(real_site) & files(zensical_site)
                  if p.startswith(OURS) or p in ("feed.xml", "rss.xml"))
    assert len(ours) > 100
    assert [p for p in ours if (real_site / p).read_bytes() != (zensical_site / p).read_bytes()] == []
    locs = [sorted(re.findall(r"<loc>([^<]*)</loc>", (site / "sitemap.xml").read_text("utf-8")))
            for site in (real_site, zensical_site)]
    assert locs[0] == locs[1] and locs[0]
    unexplained = sorted(p for p in files(real_site) ^ files(zensical_site) if not THEME_ONLY.match(p))
    assert not unexplained, unexplained  # README lists each theme-only difference


def test_zensical_pages_search_with_our_index_not_zensicals(zensical_site):
    """Zensical's own search would fetch its whole index (search.json) on the first page view: no page has its box
    (an element of class md-search, which its bundle looks for), every page has ours, and the file is not there."""
    assert not (zensical_site / "search.json").exists() and (zensical_site / "search/hm/meta.json").is_file()
    assert (zensical_site / "assets/javascripts/search-worker.js").is_file()
    pages = sorted(p for p in files(zensical_site) if p.endswith(".html") and not p.startswith("admin/"))
    theirs = [p for p in pages if re.search(r'class="md-search[" ]', (zensical_site / p).read_text("utf-8"))]
    assert not theirs, theirs
    without = [p for p in pages if not all(mark in (zensical_site / p).read_text("utf-8") for mark in
                                           ("data-hm-zsearch", 'assets/javascripts/zensical-search.js"'))]
    assert not without, without


def _built_on(site: Path) -> str:
    """The day a site was built (its sitemap's dates), as SOURCE_DATE_EPOCH for another build to date its sitemap
    alike: the two builds of a run may fall on either side of midnight."""
    day = re.search(r"<lastmod>(\d{4}-\d\d-\d\d)</lastmod>", (site / "sitemap.xml").read_text("utf-8")).group(1)
    return str(int(datetime.datetime.fromisoformat(day).replace(tzinfo=datetime.UTC).timestamp()))


def test_properdocs_builds_the_very_same_site(minimal_site, tmp_path):
    """On the shared MkDocs build of the small fixture (every kind of page, every setting), built the same way."""
    site, project = tmp_path / "site", minimal_site.parent / "project"
    result = subprocess.run([str(BIN / "properdocs"), "build", "--strict", "-f", str(project / "mkdocs.yml"),
                             "-d", str(site)], cwd=project, capture_output=True, text=True, timeout=600,
                            env={**ENV, **CONFIGURED, "XDG_CACHE_HOME": str(tmp_path / "cache"),
                                 "SOURCE_DATE_EPOCH": _built_on(minimal_site)})  # (a run across midnight)
    assert result.returncode == 0, result.stderr
    assert files(site) == files(minimal_site)
    different = [p for p in sorted(files(site)) if (site / p).read_bytes() != (minimal_site / p).read_bytes()]
    assert not different, different
