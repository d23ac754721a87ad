"""The whole site as data: every generated page and file, computed once per build.

    plan = build_site(project_root, Settings.from_environment())   # raises DataError

Plain Python: no site generator is imported here. The MkDocs adapter (macros/) hands
`plan.pages` and `plan.files` to MkDocs; `scripts/build_plan.py` writes them to a folder
without MkDocs at all.
"""
from __future__ import annotations

import hashlib
import logging
import re
import secrets
import time
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

from .memo import Memo
from .pages.cards import Drawing, drawings, icon_path, manifest
from .pages.editor_form import editor_files
from .pages.feeds import feed_files
from .pages.hand_written import titled_pages
from .pages.images import ImageSet, prepare_images
from .pages.item_pages import PageRecord, generate_pages
from .pages.open_data import Download, downloads
from .pages.reads import Recorder, requested
from .records.loader import load_site
from .records.problems import DataError
from .records.site import Site
from .revisions import last_changed, newest_under
from .settings import Settings

__all__ = ["DataError", "EmptyPlan", "FileRecord", "PageRecord", "SitePlan", "build_site"]

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class FileRecord:
    path: str  # relative to the site root, e.g. "downloads/landmarks.csv"
    content: bytes

    @property
    def version(self) -> str:
        """Changes whenever the bytes would."""
        return hashlib.blake2b(self.content, digest_size=16).hexdigest()


@dataclass(frozen=True)
class SitePlan:
    site: Site
    settings: Settings
    pages: list[PageRecord]
    files: list[FileRecord]
    downloads: list[Download]
    images: dict[str, ImageSet]
    drawings: list[Drawing] = field(default_factory=list)  # share cards and icons, drawn while pages render
    dates: dict[str, str] = field(default_factory=dict)  # repository path -> date it last changed (git)
    seconds: dict[str, float] = field(default_factory=dict)  # time per stage, for the log and the benchmark
    recorder: Recorder | None = None  # what each page read while it rendered: a preview's only (pages/reads.py)

    def page_at(self, source_path: str) -> PageRecord | None:
        """The generated page MkDocs knows as e.g. 'landmarks/x.md'."""
        return self._by_source.get(source_path)

    @cached_property
    def _by_source(self) -> dict[str, PageRecord]:
        return {page.source_path: page for page in self.pages}

    def updated(self, repository_path: str | None) -> str | None:
        """When a file of the repository last changed (YYYY-MM-DD), for the sitemap."""
        return self.dates.get(repository_path) if repository_path else None

    def set_aside(self, html: str) -> str:
        """A macro's HTML block, replaced by a placeholder until the page's Markdown is done: Markdown has no
        business in it, and scanning thousands of list entries as raw HTML is its slowest work."""
        if not html.lstrip().startswith("<"):
            return html  # inline text stays where Markdown can see it
        self._fragments.append(html)
        return f"\n<!-- banma fragment {self._fragment_token} {len(self._fragments) - 1} -->\n"

    def put_back(self, html: str) -> str:
        return self._fragment_pattern.sub(lambda match: self._fragments[int(match.group(1))], html)

    @cached_property
    def _fragments(self) -> list[str]:
        return []

    @cached_property
    def _fragment_token(self) -> str:
        """New every build: no text a page holds can name a fragment (an editor's comment, a copied page)."""
        return secrets.token_hex(16)

    @cached_property
    def _fragment_pattern(self) -> re.Pattern:
        return re.compile(rf"<!-- banma fragment {self._fragment_token} (\d+) -->")

    def clash_with(self, existing: set[str]) -> str | None:
        """Why a file in docs/ stands where a generated page or file would go, if one does."""
        for path, what_zh, what_en in [*((r.path, "生成的文件", "a generated file") for r in self.files),
                                       *((d.path, "生成的图片", "a generated image") for d in self.drawings),
                                       *((p.source_path, "数据生成的页面", "a page generated from data")
                                         for p in self.pages)]:
            if path in existing:
                return f"docs/{path} 与{what_zh}同名，请删除或改名。docs/{path} clashes with {what_en}; remove or rename it."
        return None

    @property
    def has_cards(self) -> bool:
        return bool(self.drawings)

    @property
    def favicon(self) -> str | None:
        return icon_path(192) if self.drawings else None

    @property
    def page_reads(self) -> dict[str, dict]:
        """Page URL -> what it read, for the pages rendered so far (none unless the plan records reads)."""
        return self.recorder.pages if self.recorder else {}

    def stale(self, recorded: dict[str, dict], previous: SitePlan | None = None) -> set[str]:
        """URLs of the generated pages to render again, given what each read when it last rendered (an earlier
        plan's page_reads): those never rendered, and those of which something read now reads differently.
        `previous`: the last plan, whose digests of records unchanged since are reused."""
        checker = self.recorder or Recorder(self.site, self.images)
        checker.carry(getattr(previous, "recorder", None))
        return checker.stale(recorded, (page.url for page in self.pages))

    def last_changed(self, source_path: str, shows_data: bool) -> str | None:
        """The sitemap's lastmod of a page: its data file's date, or its docs/ file's and, when it shows data
        through macros, the newest date under data/."""
        record = self.page_at(source_path)
        own = self.updated(record.edit_path if record else f"docs/{source_path}")
        return max(filter(None, (own, self.data_updated if shows_data else None)), default=None)

    @property
    def data_updated(self) -> str | None:
        """When anything under data/ last changed: the date of every page that shows data."""
        return newest_under(self.dates, "data")


class EmptyPlan:
    """What a preview serves while the data has problems and was never valid in this process: the hand-written
    pages alone (their macros show nothing), no generated page or file. A build never uses it."""

    site = None
    pages: list = []
    files: list = []
    drawings: list = []
    has_cards = False
    favicon = None

    def __init__(self, settings: Settings):
        self.settings = settings

    def page_at(self, source_path: str) -> None:
        return None

    def set_aside(self, html: str) -> str:
        return html

    def put_back(self, html: str) -> str:
        return html

    def clash_with(self, existing: set[str]) -> None:
        return None

    def last_changed(self, source_path: str, shows_data: bool) -> None:
        return None

    page_reads: dict = {}

    def stale(self, recorded: dict[str, dict], previous=None) -> set[str]:
        return set()


def build_site(root: Path | str, settings: Settings, memo: Memo | None = None) -> SitePlan:
    """Load, validate and link data/, then plan every page and file. Raises DataError before anything is written."""
    root = Path(root).resolve()
    started = time.perf_counter()
    site = load_site(root, memo)  # memo: preview rebuilds (banma/preview.py)
    loaded = time.perf_counter()
    contents = feed_files(site, settings)
    contents.update(editor_files(site, settings, memo))
    images, image_files = prepare_images(site, root)
    contents.update(image_files)
    found = downloads(site, settings, images, memo)  # naming each image's published copy, never the original
    contents.update({download.path: download.content for download in found})
    recorder = Recorder(site, images) if requested() else None  # a preview: what each page reads is recorded
    pages = recorder.recorded(generate_pages(recorder.site, settings, recorder.images)) if recorder \
        else generate_pages(site, settings, images)
    shared = [(page.url, page.title, page.kind) for page in pages] + titled_pages(root)
    drawn = drawings(shared, settings.site_name, settings.host)
    contents["assets/site.webmanifest"] = manifest(settings.site_name, settings.description, icons=bool(drawn))
    files = [FileRecord(path, content) for path, content in contents.items()]
    seconds = {"load and validate data": loaded - started, "plan pages and files": time.perf_counter() - loaded}
    log.info("数据 %d 个地点、%d 条线路、%d 个故事；生成 %d 个页面、%d 个文件、%d 张图片（%.1f 秒）。"
             "Data: %d places, %d routes, %d stories; %d pages, %d files and %d images planned (%.1f s).",
             *([len(site.landmarks), len(site.routes), len(site.stories), len(pages), len(files), len(drawn),
                sum(seconds.values())] * 2), extra={"seconds": seconds})
    return SitePlan(site, settings, pages, files, found, images, drawn, last_changed(root), seconds, recorder)
