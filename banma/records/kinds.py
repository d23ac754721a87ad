"""The kinds of item editors write, one folder of YAML files each: declared here once.

Everything that handles items in general (loading, linking, drafts, schemas, scaffolding, change
summaries, downloads, search, pages, the web form) walks this list; a new kind is one more entry here
plus its model (and, for a page of its own design, its template: the generic item.html otherwise). What a
kind's records become on the site (page, search entry, download columns) is its adapter's, in banma/pages/
(kind_designs.py for the kinds designed around, kind_adapter.py's default for any other), so that records stay
free of page code.
"""
from __future__ import annotations

from dataclasses import dataclass

from .common import Item
from .landmark import Landmark
from .route import Route
from .source import Source
from .story import Story


@dataclass(frozen=True)
class Kind:
    folder: str  # data/<folder>/<id>.yaml, and the URL prefix <folder>/<id>/
    name: str  # singular, for schema files and scripts/new.py: data/schemas/<name>.schema.json
    model: type[Item]
    label: str  # what a visitor calls one, everywhere: pages, search results, downloads
    title_field: str  # the field that names one item
    template: str = "item.html"  # the page template in banma/pages/templates/
    summary_field: str = "summary"  # the one-line text: the page's description, the search result's snippet
    has_pages: bool = True  # False: listed on a page of their own (sources: /sources/), no page and no search entry each


KINDS: tuple[Kind, ...] = (
    Kind("landmarks", "landmark", Landmark, "地点", "name", "landmark.html"),
    Kind("routes", "route", Route, "线路", "name", "route.html"),
    Kind("stories", "story", Story, "故事", "title", "story.html"),
    Kind("sources", "source", Source, "来源", "title", summary_field="title", has_pages=False),
)
BY_FOLDER = {kind.folder: kind for kind in KINDS}
BY_NAME = {kind.name: kind for kind in KINDS}


def register(kind: Kind) -> None:
    """One more kind of item, added at run time (a test's toy kind). Call it before the rest of banma is imported:
    other modules make their tables (field orders, schemas) from KINDS when they are first imported."""
    global KINDS
    if kind.folder in BY_FOLDER or kind.name in BY_NAME:
        raise ValueError(f"a kind named {kind.name!r} or kept in {kind.folder!r} exists already")
    KINDS = (*KINDS, kind)
    BY_FOLDER[kind.folder] = kind
    BY_NAME[kind.name] = kind
