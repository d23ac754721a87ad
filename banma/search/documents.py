"""What search finds: one document per item, plan item and hand-written page.

Items are indexed from their records, field by field (a name weighs more than a mention in a
body), not by parsing their built HTML; which fields, each kind's adapter says (pages/kind_designs.py).
Hand-written pages are indexed from their HTML, minus what is marked `data-search-exclude` (index
lists, maps, navigation).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from html.parser import HTMLParser

from ..pages import urls
from ..pages.hand_written import search_boost
from ..pages.kind_adapter import unread_texts
from ..pages.kind_designs import adapter_of
from ..records.kinds import KINDS, Kind
from ..records.site import Site

PLAN_ITEM = "计划条目"
PAGE = "页面"
# The kinds of result in the order the search box offers them as filters (meta.json lists them so; the page
# takes its filter buttons from there).
KIND_ORDER = [*(kind.label for kind in KINDS if kind.has_pages), PLAN_ITEM, PAGE]
# Overviews: pages that list or gather items. They never outrank an item the query names (ranking.py).
OVERVIEW_KINDS = frozenset({PLAN_ITEM, PAGE})
# The vocabularies' kinds in English, by term id, so that an English query finds items by their kind (the
# vocabulary has no English field; a term not listed here is found by its Chinese name only).
ENGLISH_TERMS = {
    "service-station": "riverside station rest stop", "party-mass-centre": "party community service centre",
    "park": "park green space garden", "museum": "museum exhibition hall", "memorial-site": "memorial hall",
    "innovation-park": "innovation park science park", "creative-park": "creative park arts park",
    "city-landmark": "city landmark", "pier": "pier wharf boat", "heritage-site": "industrial heritage historic building",
    "bridge": "bridge", "culture-venue": "cultural venue", "shopping": "shopping mall shopping street",
    "campus": "university campus", "red-culture": "revolutionary history", "city-walk": "city walk",
    "industrial-heritage": "industrial heritage", "family": "family children kids", "water-tour": "boat tour cruise",
    "race": "race course marathon",
}


@dataclass
class SearchDoc:
    url: str  # from the site root, e.g. "landmarks/x/" or "plan/#item-1-1"
    title: str
    kind: str  # what a visitor calls it: 地点, 线路, 故事, 计划条目, 页面
    names: list[str]  # the title and other names: matched whole, as a prefix and in pinyin
    summary: str = ""  # a sentence about it: weighs more than the body, and is the result's snippet
    body: list[str] = field(default_factory=list)
    boost: float = 1.0  # <1 for statements (privacy, accessibility …) that must not outrank content
    # What a visitor may need it for: its kind (in Chinese and English), services, the facts its page gives.
    facets: list[str] = field(default_factory=list)


def _term_facets(term) -> list[str]:
    return [term.name, ENGLISH_TERMS.get(term.id, "")] if term else []


def site_documents(site: Site) -> list[SearchDoc]:
    docs = [_item_document(site, kind, record)
            for kind in KINDS if kind.has_pages for record in adapter_of(kind).search_order(site, kind)]
    for part in site.plan.parts:
        for item in part.items:
            docs.append(SearchDoc(urls.plan_item(item.id), f"{part.number}{item.number}{item.title}", PLAN_ITEM,
                                  [item.title], item.text, [t.label for t in item.targets] + [part.title]))
    return docs


def _item_document(site: Site, kind: Kind, record) -> SearchDoc:
    """An item's document, from what its kind's adapter says search reads of it (pages/kind_designs.py)."""
    adapter = adapter_of(kind)
    found = adapter.search(site, kind, record)
    # the vocabulary terms it is filed under, in Chinese and English: "museum" finds the museums
    terms = [facet for vocabulary, term_id in found.terms for facet in _term_facets(site.term(vocabulary, term_id))]
    return SearchDoc(urls.item(kind.folder, record.id), getattr(record, kind.title_field), kind.label, found.names,
                     found.summary, [*found.body, *unread_texts(kind, record, adapter.search_reads)],
                     facets=[*terms, *found.facets])


class _Text(HTMLParser):
    """The visible text of a page body, without excluded, scripted or drawn parts."""

    SKIP = {"script", "style", "svg", "nav", "template"}
    VOID = {"br", "img", "meta", "link", "input", "hr", "wbr", "source", "col", "area"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._skipping: list[str] = []  # stack of tags opened while inside a skipped element

    def handle_starttag(self, tag, attrs):
        if tag in self.VOID:
            return
        if self._skipping or tag in self.SKIP or any(name == "data-search-exclude" for name, _ in attrs):
            self._skipping.append(tag)

    def handle_endtag(self, tag):
        if self._skipping and self._skipping[-1] == tag:
            self._skipping.pop()

    def handle_data(self, data):
        if not self._skipping:
            self.parts.append(data)


def page_document(url: str, title: str, html: str, boost: float = 1.0, names: list[str] | None = None) -> SearchDoc:
    return SearchDoc(url, title, PAGE, names or [title], "", [_page_text(html)], boost)


def hand_written_document(url: str, meta: dict, title: str, html: str) -> SearchDoc | None:
    """A hand-written page's search document, titled by its front matter or else `title`; None when its front
    matter says `search: exclude: true`."""
    boost = search_boost(meta)
    return None if boost is None else page_document(url, meta.get("title") or title, html, boost)


@lru_cache(maxsize=32)  # a preview rebuild meets the same hand-written pages again; parsing long ones is slow
def _page_text(html: str) -> str:
    parser = _Text()
    parser.feed(html)
    return " ".join(" ".join(parser.parts).split())
