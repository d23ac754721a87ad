"""One page's numbered sources, the way Chinese readers know them from 百度百科 and Wikipedia.

A citation marker in its text (records/citations.py) or a fact field's source becomes a superscript [n] linking to
entry n of the list at the foot of the page; the entry links back to every place that cites it (↑ for one, a b c …
for several). Sources are numbered in reading order: the first one the page cites is [1] (superscripts are made in
the order the page shows them, so templates cite facts before rendering the list); sources listed but not cited in
the text follow in the item's order. Each entry shows the source's own words that back this page's claims
("原文摘录", records/evidence.py decides which).
"""
from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass
from functools import partial

from markupsafe import Markup

from ..records.citations import MARKER, marker_ids
from ..records.evidence import backing_quotes, claims
from ..records.kinds import BY_FOLDER
from ..records.source import Source
from . import urls
from .markdown_text import render_markdown
from .templating import environment

# Private-use characters cannot be in editors' text (records/fields.py refuses them): safe stand-ins for markers
# while Markdown is rendered and sanitised.
_HOLD_OPEN, _HOLD_CLOSE = "\ue000", "\ue001"
_HELD = re.compile(f"{_HOLD_OPEN}(\\d+){_HOLD_CLOSE}")


@dataclass(frozen=True)
class Entry:
    number: int
    id: str
    source: Source
    publisher: str
    original_publisher: str | None
    anchors: tuple[str, ...]  # ids of the superscripts citing it, in page order
    quotes: tuple[str, ...]  # the source's words that back this page's claims


class Citations:
    def __init__(self, site, source_ids, claims=None):
        """`claims`: the page's claims (records/evidence.py), to choose the quotes each entry shows; None shows
        every quote of each source (the register)."""
        self.register = site.sources
        self.site_quotes = site.quotes
        self.publishers = {term.id: term.name for term in site.vocabulary.publishers}
        self.order = list(dict.fromkeys(i for i in source_ids if i))
        self.numbers: dict[str, int] = {}
        self.anchors: dict[str, list[str]] = defaultdict(list)
        self.claims = claims

    @classmethod
    def of_record(cls, site, record) -> Citations:
        """An item page's citations: its sources, and the claims it states (to choose the quotes shown)."""
        return cls(site, record.sources, claims(record, (), tuple(record.sources)))

    def number(self, source_id: str) -> int:
        """The source's number on this page, given when the page first shows it."""
        if source_id not in self.numbers:
            self.numbers[source_id] = len(self.numbers) + 1
        return self.numbers[source_id]

    def cite(self, *source_ids: str | None) -> Markup:
        """Superscripts for these sources (None is skipped: an optional source field left empty)."""
        marks = []
        for source_id in source_ids:
            if source_id is None:
                continue
            number = self.number(source_id)
            anchor = f"cite-{number}-{len(self.anchors[source_id]) + 1}"
            self.anchors[source_id].append(anchor)
            marks.append((number, anchor))
        return _macro("citation")(marks) if marks else Markup("")

    def markdown(self, text: str | None) -> Markup:
        """An editor's Markdown with its markers as superscripts."""
        if not text:
            return Markup("")
        held: list[list[str]] = []

        def hold(match: re.Match) -> str:
            held.append(marker_ids(match.group(1)))
            return f"{_HOLD_OPEN}{len(held) - 1}{_HOLD_CLOSE}"

        html = render_markdown(MARKER.sub(hold, text))
        return Markup(_HELD.sub(lambda match: str(self.cite(*held[int(match.group(1))])), str(html)))

    def entries(self) -> list[Entry]:
        """Every source of the page in number order: those cited first, in reading order, then the rest."""
        for source_id in self.order:
            self.number(source_id)
        return sorted((self.entry(source_id) for source_id in self.numbers), key=lambda entry: entry.number)

    def entry(self, source_id: str) -> Entry:
        source = self.register[source_id]
        original = self.publishers[source.original.publisher] if source.original else None
        quotes = self.site_quotes.get(source_id, [])
        if self.claims is not None:
            quotes = backing_quotes(source, quotes, [c.text for c in self.claims if source_id in c.source_ids])
        return Entry(self.number(source_id), source_id, source, self.publishers[source.publisher], original,
                     tuple(self.anchors[source_id]), tuple(quotes))


def _macro(name: str):
    return getattr(environment().get_template("_parts.html").module, name)


def citing_pages(site) -> dict[str, list[tuple[str, str]]]:
    """Source id -> (title, URL from the site root) of each published page that cites it."""
    pages = {}
    for source_id, keys in site.citing.items():
        found = [page for page in map(partial(_page_of, site), keys) if page]
        if found:
            pages[source_id] = found
    return pages


def _page_of(site, key: tuple[str, str]) -> tuple[str, str] | None:
    """(title, URL) of the page showing what a record cites; None for a draft, which has no page."""
    folder, record_id = key
    if folder == "docs":
        page = next(c for c in site.page_citations if c.path == record_id)
        return (page.title, page.url)
    if folder == "plan":
        return ("2023年工作计划", "plan/")
    if folder == "course":
        return ("沿河示意图的依据", "sources/#course")
    kind = BY_FOLDER[folder]
    record = site.items(kind).get(record_id)
    return (getattr(record, kind.title_field), urls.item(folder, record_id)) if record is not None else None
