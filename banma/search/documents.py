"""What search finds: one document per item, plan item and hand-written page.

Items are indexed from their records, field by field (a name weighs more than a mention in a
body), not by parsing their built HTML. Hand-written pages are indexed from their HTML, minus
what is marked `data-search-exclude` (index lists, maps, navigation).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from html.parser import HTMLParser

from ..pages import urls
from ..pages.hand_written import search_boost
from ..records.citations import reader_text
from ..records.kinds import BY_FOLDER, KINDS
from ..records.schema_export import markdown_fields
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


def _markdown_text(text: str | None) -> str:
    """What a reader sees of an editor's Markdown, for matching: no link targets, no citation markers."""
    return reader_text(text)


def _fact_labels(landmark):  # as the landmark page labels its facts
    return [("地址", landmark.address), ("开放时间", landmark.opening_hours), ("门票", landmark.admission),
            ("电话", landmark.phone), ("交通", landmark.transport)]


def _term_facets(term) -> list[str]:
    return [term.name, ENGLISH_TERMS.get(term.id, "")] if term else []


def site_documents(site: Site) -> list[SearchDoc]:
    docs = []
    term = site.term
    for landmark in site.landmarks.values():
        kind, street = term("landmark_kinds", landmark.kind), term("streets", landmark.street)
        docs.append(SearchDoc(
            urls.landmark(landmark.id), landmark.name, BY_FOLDER["landmarks"].label,
            [landmark.name, *landmark.aliases, *([landmark.english_name] if landmark.english_name else [])],
            landmark.summary,
            [_markdown_text(landmark.description), landmark.address or "", landmark.transport or "",
             street.name if street else ""],
            # the page's fact labels, so that "几点开门" (rewritten 开放时间) finds the places that say
            facets=[*_term_facets(kind), *landmark.services,
                    *(label for label, value in _fact_labels(landmark) if value)]))
    for route in site.routes.values():
        category = term("route_categories", route.category)
        stops = [site.landmarks[stop.landmark].name + " " + (stop.note or "") for stop in route.stops]
        docs.append(SearchDoc(urls.route(route.id), route.name, BY_FOLDER["routes"].label, [route.name],
                              route.summary, [route.theme, _markdown_text(route.description), *stops],
                              facets=_term_facets(category)))
    for story in site.stories_newest_first():
        street = term("streets", story.street)
        tags = [term("tags", tag) for tag in story.tags]
        docs.append(SearchDoc(urls.story(story.id), story.title, BY_FOLDER["stories"].label, [story.title],
                              story.summary, [_markdown_text(story.body), story.community or "",
                                              street.name if street else ""],
                              facets=[facet for tag in tags for facet in _term_facets(tag)]))
    for kind in KINDS:  # any other kind of the registry: its title, summary and Markdown texts
        if kind.folder in ("landmarks", "routes", "stories") or not kind.has_pages:
            continue
        for record in site.items(kind).values():
            title = getattr(record, kind.title_field)
            docs.append(SearchDoc(urls.item(kind.folder, record.id), title, kind.label,
                                  [title, *getattr(record, "aliases", [])], getattr(record, kind.summary_field, ""),
                                  [_markdown_text(getattr(record, name)) for name in markdown_fields(kind.model)]))
    for part in site.plan.parts:
        for item in part.items:
            docs.append(SearchDoc(urls.plan_item(item.id), f"{part.number}{item.number}{item.title}", PLAN_ITEM,
                                  [item.title], item.text, [t.label for t in item.targets] + [part.title]))
    return docs


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
