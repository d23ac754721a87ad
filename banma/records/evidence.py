"""Quoted evidence: every figure a claim states is in the words of a source that claim cites.

A source in the register keeps `quotes`: short passages of its own text, verbatim (records/source.py); a marker
may carry one more where it cites (`【来源：id｜…】`, records/citations.py). A claim is
what one citation backs: a paragraph (the sources its markers name), a fact field (its source field), a group with
its own source (a milestone, a position, a plan update, a bridge), or any other text or number an item shows (the
item's sources). Each figure of a claim (records/figures.py: numbers, dates, firsts and superlatives) must be held
by a quote of one of its sources, or be that source's own publication date. The same matching tells a page which
quotes to show under a source ("原文摘录", pages/citations.py).
"""
from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache
from pathlib import Path

from pydantic import BaseModel

from .citations import PAGE_CITE, QUOTED_ID, paragraphs, quoted_markers, reader_text
from .common import fact_sources
from .figures import Evidence, Figure, class_name, figures, missing
from .kinds import KINDS
from .problems import Problem
from .rechecks import checked
from .references import field_target
from .schema_export import markdown_fields

# Fields that state nothing a source must back: names (a name is what a place is called, not a claim about it),
# editors' notes, switches, images, references, and notes about the evidence itself.
NOT_CLAIMS = frozenset({"name", "title", "aliases", "notes", "draft", "images", "order_doubt", "id", "number",
                        "status", "datum", "event", "side", "bank", "comparison"})
# A number given in another unit than the source's: 1.6 km is the source's 1600 m, 120 minutes its 2 hours.
UNIT_SCALES = {"distance_km": (Decimal(1), Decimal(1000)), "distance_m": (Decimal(1), Decimal("0.001")),
               "duration_minutes": (Decimal(1), Decimal(1) / 60), "minutes": (Decimal(1), Decimal(1) / 60)}
_MACRO = re.compile(r"\{\{.*?\}\}|\{%.*?%\}", re.S)
_LIST_MARK = re.compile(r"^\s*(?:\d+[.)]|[-*+>]|#+)\s+", re.M)  # a list item's number is not a figure


@dataclass(frozen=True)
class Claim:
    loc: tuple  # the field's path in its record
    line: int | None  # the paragraph's first line within the text, or None for a whole field
    text: str  # what it says, markers and link targets taken out
    source_ids: tuple[str, ...]
    field: str = ""  # the field's own name (for unit scales)

    @property
    def opening_words(self) -> str:
        plain = self.text.strip().replace("\n", "")
        return plain[:20] + ("…" if len(plain) > 20 else "")


def _as_text(value) -> str:
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float):
        return format(Decimal(str(value)).normalize(), "f")
    return str(value)


def _own_sources(model: BaseModel, inherited: tuple[str, ...]) -> tuple[str, ...]:
    own = getattr(model, "source", None) if "source" in type(model).model_fields else None
    listed = getattr(model, "sources", None) if "sources" in type(model).model_fields else None
    if isinstance(own, str):
        return (own,)
    return tuple(listed) if listed else inherited


def claims(record: BaseModel, loc: tuple = (), inherited: tuple[str, ...] = ()) -> list[Claim]:
    """Every claim a record states, with the sources it rests on; nested groups with a source of their own rest
    on that source."""
    model = type(record)
    sources = _own_sources(record, inherited)
    texts, facts = set(markdown_fields(model)), fact_sources(model)
    found: list[Claim] = []
    for name in model.model_fields:
        value = getattr(record, name)
        if name in NOT_CLAIMS or name in ("source", "sources") or field_target(model, name) or value in (None, []):
            continue
        where = (*loc, name)
        if name in texts:
            found += [Claim(where, p.line, reader_text(p.text), p.source_ids or sources) for p in paragraphs(value)]
        elif name in facts:
            found.append(Claim(where, None, _as_text(value), (getattr(record, facts[name]),) if getattr(
                record, facts[name]) else (), name))
        elif isinstance(value, BaseModel):
            found += claims(value, where, sources)
        elif isinstance(value, list):
            for index, item in enumerate(value):
                if isinstance(item, BaseModel):
                    found += claims(item, (*where, index), sources)
                else:
                    found.append(Claim((*where, index), None, _as_text(item), sources, name))
        elif not isinstance(value, bool):
            found.append(Claim(where, None, _as_text(value), sources, name))
    return found


def plan_claims(plan) -> list[Claim]:
    """The plan's own text is the document itself; what needs quotes is its progress: each update."""
    found = []
    for i, part in enumerate(plan.parts):
        for j, item in enumerate(part.items):
            for k, update in enumerate(item.progress.updates):
                loc = ("parts", i, "items", j, "progress", "updates", k)
                found.append(Claim(loc, None, f"{update.date.isoformat()} {update.note}", tuple(update.sources)))
    return found


@dataclass(frozen=True)
class PageParagraph:
    path: str  # docs/...
    line: int  # 1-based line where the paragraph starts
    text: str
    source_ids: tuple[str, ...]




def page_claims(root: Path) -> list[PageParagraph]:
    """Each paragraph of a hand-written page that cites sources with `{{ cite(...) }}`."""
    docs, found = Path(root) / "docs", []
    for path in sorted(docs.rglob("*.md")):
        lines = path.read_text(encoding="utf-8").split("\n")
        start = 0
        for index in range(len(lines) + 1):
            if index < len(lines) and lines[index].strip():
                continue
            block = "\n".join(lines[start:index])
            ids = tuple(i for match in PAGE_CITE.finditer(block) for i in QUOTED_ID.findall(match.group(1)))
            if ids:
                found.append(PageParagraph(f"docs/{path.relative_to(docs).as_posix()}", start + 1,
                                           reader_text(_LIST_MARK.sub("", _MACRO.sub("", block))), ids))
            start = index + 1
    return found


def source_quotes(site) -> dict[str, list[str]]:
    """Source id -> its quotes: those in its register entry, then those typed in markers (`【来源：id｜…】`) of
    published items, each once."""
    found = {source_id: list(source.quotes) for source_id, source in site.records["sources"].items()}
    for kind in KINDS:
        texts = markdown_fields(kind.model)
        for record in site.items(kind).values() if texts else ():
            for name in texts if not record.draft else ():
                for _, ids, quote in quoted_markers(getattr(record, name) or ""):
                    if len(ids) == 1 and ids[0] in found and quote not in found[ids[0]]:
                        found[ids[0]].append(quote)
    return found


class Register:
    """What each source's quotes state, worked out once per check."""

    def __init__(self, sources: dict, quotes: dict[str, list[str]] | None = None):
        self.sources = sources
        self.quotes = quotes if quotes is not None else {i: list(s.quotes) for i, s in sources.items()}
        self._evidence: dict[str, Evidence] = {}

    def evidence(self, source_ids) -> Evidence:
        total = Evidence(frozenset(), frozenset(), frozenset())
        for source_id in source_ids:
            if source_id in self.sources:
                if source_id not in self._evidence:
                    source = self.sources[source_id]
                    published = (source.date.year, source.date.month, source.date.day) if source.date else None
                    self._evidence[source_id] = Evidence.of(self.quotes.get(source_id, []), published)
                total = total | self._evidence[source_id]
        return total

    def reads(self, source_ids) -> tuple:
        """What a check of claims citing these sources reads of the register: each one's entry and quotes."""
        return tuple((self.sources.get(i), tuple(self.quotes.get(i, ()))) for i in source_ids)

    def lacking(self, text: str, source_ids, field: str = "") -> list[Figure]:
        evidence = self.evidence(source_ids)
        lacking = missing(text, evidence)
        scales = UNIT_SCALES.get(field)
        if scales:
            lacking = [f for f in lacking if not (f.kind == "number" and any(
                (f.value * scale).normalize() in evidence.numbers for scale in scales))]
        return lacking


def _named(figure: Figure) -> tuple[str, str]:
    if figure.kind in ("number", "date"):
        return f"“{figure.text}”", f"'{figure.text}'"
    return f"“{figure.text}”（{class_name(figure.kind)}）", f"'{figure.text}' (a superlative)"


def _messages(where_zh: str, where_en: str, lacking: list[Figure], source_ids) -> tuple[str, str, str, str]:
    named = [_named(figure) for figure in lacking]
    ids = "、".join(source_ids)
    first = source_ids[0]
    return (f"{where_zh}写到的{'、'.join(zh for zh, _ in named)}在所引来源（{ids}）的原文摘录（quotes）中找不到。",
            f"{where_en} states {', '.join(en for _, en in named)}, which no quote of its sources "
            f"({', '.join(source_ids)}) holds.",
            f"把来源中说明这一点的原句粘贴到引文里：data/sources/{first}.yaml 的 quotes（逐字，不超过 200 字）；"
            "来源没有这样说，就改正或删去它。",
            f"Paste the source's own sentence that states it into quotes in data/sources/{first}.yaml (verbatim, "
            "at most 200 characters); if the source does not say it, correct or remove it.")


def check_evidence(check, site) -> None:
    """Run by linking.py: each published item's, the plan's and the course's claims, located."""
    register = Register(site.records["sources"], source_quotes(site))
    for kind in KINDS:
        if "sources" not in kind.model.model_fields:
            continue
        for record_id, record in site.items(kind).items():
            if not record.draft:
                _check_record(check, (kind.folder, record_id), record, lambda r: claims(r, (), tuple(r.sources)),
                              register)
    _check_record(check, ("plan", ""), site.plan, plan_claims, register)
    _check_record(check, ("course", ""), site.course, claims, register)


def _check_record(check, key, record, claims_of: Callable[[BaseModel], list[Claim]], register: Register) -> None:
    """One record's claims; in a preview rebuild, only when the record or a source it cites has changed."""
    def run() -> tuple[str, ...]:
        found = claims_of(record)
        _check_claims(check, key, found, register)
        return tuple(dict.fromkeys(i for claim in found for i in claim.source_ids))
    checked(check, "evidence", key, record, run, register.reads)


def _check_claims(check, key, found: list[Claim], register: Register) -> None:
    for claim in found:
        if not claim.source_ids or not all(i in register.sources for i in claim.source_ids):
            continue  # a fact without its source, or citing one that did not load, is reported elsewhere
        lacking = register.lacking(claim.text, claim.source_ids, claim.field)
        if not lacking:
            continue
        if claim.line is None:
            check.add(key, claim.loc, *_messages("这里", "This field", lacking, claim.source_ids))
        else:
            words = claim.opening_words
            check.problems.append(check.documents[key].text_problem(
                claim.loc, claim.line, *_messages(f"段落“{words}”", f"The paragraph '{words}'", lacking,
                                                  claim.source_ids)))


def check_page_evidence(site, root: Path) -> list[Problem]:
    """A hand-written paragraph's figures are in quotes of the sources its cite() names."""
    register = Register(site.records["sources"], source_quotes(site))
    problems = []
    for paragraph in page_claims(root):
        known = [i for i in paragraph.source_ids if i in site.records["sources"]]
        lacking = register.lacking(paragraph.text, known) if known == list(paragraph.source_ids) else []
        if lacking:
            plain = paragraph.text.strip().replace("\n", "")
            words = plain[:20] + ("…" if len(plain) > 20 else "")
            problems.append(Problem(paragraph.path, paragraph.line, 0, "cite",
                                    *_messages(f"段落“{words}”", f"The paragraph '{words}'", lacking, known)))
    return problems


# Which quotes back a claim, for showing them: a quote that states one of the claim's figures, or shares enough
# of its words (Han character pairs, or English words) to be about the same thing.
SHARED_WORDS = 4
_HAN = re.compile(r"[\u4e00-\u9fff]+")
_WORD = re.compile(r"[A-Za-z]{4,}")


@lru_cache(maxsize=20_000)
def _words(text: str) -> frozenset[str]:
    pairs = {run[i:i + 2] for run in _HAN.findall(text) for i in range(len(run) - 1)}
    return frozenset(pairs | {word.lower() for word in _WORD.findall(text)})


@lru_cache(maxsize=20_000)
def _quote_evidence(quote: str, published: tuple | None) -> Evidence:
    return Evidence.of([quote], published, published_counts=False)


def backs(quote: str, claim_text: str, published: tuple | None = None) -> bool:
    """Whether a quote is evidence for a claim (by a shared figure, or by shared words): the rule, which
    backing_quotes applies to many quotes at once."""
    evidence = _quote_evidence(quote, published)
    if any(evidence.holds(figure) for figure in figures(claim_text)):
        return True
    return len(_words(quote) & _words(claim_text)) >= SHARED_WORDS


def backing_quotes(source, quotes: list[str], claim_texts: list[str]) -> list[str]:
    """Those of a source's quotes that back any of these claims (`backs`), in their order; all of them when none
    does (a reader still sees the source's words).

    A source cited by many items holds many quotes, and each of its pages asks about a few claims: what each
    quote states is worked out once per build (its words, and which quotes hold a figure), not once per pair
    (at 1,000 items that was 340,000 pairs)."""
    published = (source.date.year, source.date.month, source.date.day) if source.date else None
    quotes = tuple(quotes)
    quote_words = _quote_words(quotes)
    chosen: set[int] = set()
    for text in claim_texts:
        words = _words(text)
        chosen.update(number for number, held in enumerate(quote_words) if len(held & words) >= SHARED_WORDS)
        for figure in figures(text):
            chosen.update(_quotes_holding(quotes, published, Figure(figure.kind, figure.value, "")))
    return [quotes[number] for number in sorted(chosen)] or list(quotes)


@lru_cache(maxsize=4_096)
def _quote_words(quotes: tuple[str, ...]) -> tuple[frozenset[str], ...]:
    return tuple(_words(quote) for quote in quotes)


@lru_cache(maxsize=20_000)
def _quotes_holding(quotes: tuple[str, ...], published: tuple | None, figure: Figure) -> tuple[int, ...]:
    """The numbers of the quotes that state a figure (the same figures recur: years, lengths, counts)."""
    return tuple(number for number, quote in enumerate(quotes) if _quote_evidence(quote, published).holds(figure))
