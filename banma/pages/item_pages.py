"""Records -> page records: one generated page per item of every kind with pages (as its adapter makes it) and per
story filter.

A page record is plain data (where it lives, its title, its HTML, the data file
to edit); the MkDocs adapter (macros/) only hands these over. Nothing here imports MkDocs.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import partial

from ..records.kinds import KINDS, Kind
from ..records.site import Site
from ..settings import Settings
from . import urls
from .fragments import story_index
from .kind_designs import adapter_of
from .templating import render


@dataclass(frozen=True)
class PageRecord:
    url: str  # e.g. "landmarks/gu-zhenghong-memorial/"
    title: str
    description: str
    kind: str  # what a visitor calls it: 地点, 线路, 故事, 故事列表
    render: Callable[[], str]  # the page's HTML body, made when asked: thousands of pages need not all sit in memory
    edit_path: str | None  # data file, relative to the project root
    og_type: str | None = None  # "article" for a story: what a share preview calls it (a website otherwise)

    @property
    def html(self) -> str:
        return self.render()

    def front_matter(self) -> dict:
        """What a generator would read from front matter: no macros, no table of contents, not in its search."""
        return {"title": self.title, "description": self.description, "render_macros": False, "hide": ["toc"],
                "search": {"exclude": True},  # items are indexed from their records (banma/search)
                **({"og_type": self.og_type} if self.og_type else {})}

    @property
    def source_path(self) -> str:
        return urls.source_file(self.url)

    @property
    def folder(self) -> str:
        """The folder the page is in, e.g. "landmarks" for "landmarks/x/" (its relative links start there)."""
        return self.url.rstrip("/").rpartition("/")[0] or "."


def generate_pages(site: Site, settings: Settings, images: dict | None = None) -> list[PageRecord]:
    """Every item's page, kind by kind, then the story filters."""
    images = images or {}
    return [*(_item_page(site, kind, record, settings, images)
              for kind in KINDS if kind.has_pages for record in site.items(kind).values()),
            *_filter_pages(site)]


def _item_page(site: Site, kind: Kind, record, settings: Settings, images: dict) -> PageRecord:
    """An item's page, as its kind's adapter makes it (pages/kind_designs.py, else the default of kind_adapter.py)."""
    adapter = adapter_of(kind)
    return PageRecord(urls.item(kind.folder, record.id), getattr(record, kind.title_field),
                      getattr(record, kind.summary_field, ""), kind.label,
                      partial(adapter.render, site, kind, record, settings, images),
                      site.files[(kind.folder, record.id)],
                      adapter.og_type)


def _filter_pages(site: Site) -> list[PageRecord]:
    """One filter page per tag and per street that a story uses."""
    pages = []
    filters = [("tag", site.vocabulary.tags, {t for s in site.stories.values() for t in s.tags},
                urls.story_tag, "故事标签：{}", "标签为“{}”的亲河社区故事。"),
               ("street", site.vocabulary.streets, {s.street for s in site.stories.values() if s.street},
                urls.story_street, "{}的故事", "{}的亲河社区故事。")]
    for key, terms, used, url_of, title, description in filters:
        for term in terms:
            if term.id in used:
                url = url_of(term.id)
                heading = title.format(term.name)
                pages.append(PageRecord(url, heading, description.format(term.name), "故事列表",
                                        partial(_filter_html, site, url, heading, **{key: term.id}),
                                        "data/vocabularies.yaml"))
    return pages


def _filter_html(site: Site, url: str, title: str, **only) -> str:
    return render("story_filter.html", heading=title, index=story_index(site, urls.root_from(url), **only))
