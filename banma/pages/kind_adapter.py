"""What a kind of item becomes on the site, in one object: its page, its search entry and its download columns.

The registry of kinds (records/kinds.py) says what the data layer needs; a kind's adapter says what the pages,
the search and the downloads make of its records, so that records stay free of page code. Every kind gets the
default adapter below unless kind_designs.py declares one of its own design: its page from `kind.template`
(item.html) with every text field on it, every text field in search, and a CSV column for every field. A field
added to a kind's model therefore reaches its CSV without an edit here (a design only adds columns of its own
before the rest), and, without a design, its page and its search entry too.
"""
from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from pydantic import BaseModel, TypeAdapter

from ..records.citations import reader_text
from ..records.fields import LongText, NameText, PlainText, QuoteText, label_of
from ..records.kinds import Kind
from ..records.schema_export import markdown_fields
from ..records.site import Site
from ..settings import Settings
from . import urls
from .citations import Citations
from .templating import render

# Editors' notes, the draft flag and copies on other sites are never published (downloads included).
PRIVATE_FIELDS = frozenset({"notes", "draft", "copy_url"})
LIST_SEPARATOR = "；"  # between the items of a list in one CSV cell


def joined(values) -> str:
    """A list's items in one CSV cell."""
    return LIST_SEPARATOR.join(values)


@dataclass(frozen=True)
class Searchable:
    """What search reads of one item (banma/search/documents.py makes its document from it)."""

    names: list[str]  # the title and other names: matched whole, as a prefix and in pinyin
    summary: str  # weighs more than the body, and is the result's snippet
    body: list[str]
    terms: list[tuple[str, str | None]] = field(default_factory=list)  # (vocabulary, term id) it is filed under
    facets: list[str] = field(default_factory=list)  # what else a visitor may need it for: services, fact labels


@dataclass(frozen=True)
class CsvRow:
    """What a column reads: the record a row is about (and the part of it, for a row per route stop)."""

    site: Site
    settings: Settings
    kind: Kind
    id: str
    record: Any
    published: dict  # the record as its JSON download has it (published photo paths, no private fields)
    part: Any = None
    shared: Any = None  # what the table prepared once for all its rows (Table.prepare)


@dataclass(frozen=True)
class Column:
    """One CSV column: its header and its value together."""

    header: str
    value: Callable[[CsvRow], object]
    covers: tuple[str, ...] | None = None  # the model fields it shows; None: the field named as its header


@dataclass(frozen=True)
class Table:
    """A CSV download of one kind: downloads/<name>.csv."""

    name: str
    title: str
    description: str
    columns: tuple[Column, ...]
    # the rows, as (id, record, part): one per record by default, sorted by id
    rows: Callable[[Site, Kind], Iterable[tuple[str, Any, Any]]] | None = None
    complete: bool = True  # after its own columns, one for each model field they do not show (except `omits`)
    omits: frozenset[str] = frozenset()  # model fields left out on purpose (say why where the table is declared)
    prepare: Callable[[Site], Any] | None = None  # computed once, handed to every row as CsvRow.shared


@dataclass(frozen=True)
class JsonFile:
    """A JSON download other than the kind's records (the places' GeoJSON): `data` None makes no file."""

    path: str  # under downloads/
    title: str
    format: str
    description: str
    data: Callable[[Site, Settings], object | None]


Render = Callable[[Site, Kind, Any, Settings, dict], str]  # (site, kind, record, settings, images) -> body HTML


@dataclass(frozen=True)
class KindAdapter:
    """A kind's page renderer (its template is the kind's, records/kinds.py), search entry and downloads."""

    render: Render
    search: Callable[[Site, Kind, Any], Searchable]
    tables: Callable[[Kind], tuple[Table, ...]]  # the kind's CSV first (downloads/<folder>.csv), then any others
    search_order: Callable[[Site, Kind], Iterable[Any]] = lambda site, kind: site.items(kind).values()
    files: tuple[JsonFile, ...] = ()
    og_type: str | None = None  # what a share preview calls its pages ("article"), when not a website
    # The model fields a designed `search` reads (None: all of them, as the default does). Any other published text
    # field joins the document's body (search/documents.py), so that a field added to the model is found at once.
    search_reads: frozenset[str] | None = None


# -- the default: any kind without a design of its own ------------------------------------------------------------

_SCHEMA_NOTES = {"title", "description", "default"}


@cache
def _text_schemas() -> list[dict]:
    return [TypeAdapter(text).json_schema() for text in (PlainText, NameText, LongText, QuoteText)]


@cache
def text_fields(model: type[BaseModel]) -> tuple[str, ...]:
    """The model's fields of plain text (one line or several; not Markdown, ids, dates, links), in field order."""
    properties = model.model_json_schema()["properties"]

    def is_text(schema: dict) -> bool:
        options = [schema, *schema.get("anyOf", [])]
        return any({k: v for k, v in option.items() if k not in _SCHEMA_NOTES} in _text_schemas() for option in options)
    return tuple(name for name in model.model_fields if is_text(properties.get(name, {})))


def _shown_texts(kind: Kind) -> list[str]:
    """The published text fields a generic page lists besides its title and summary (never editors' notes)."""
    return [name for name in text_fields(kind.model)
            if name not in (kind.title_field, kind.summary_field) and name not in PRIVATE_FIELDS]


def unread_texts(kind: Kind, record, reads: frozenset[str] | None) -> list[str]:
    """What a reader sees of the record's published text and Markdown fields that a design's search does not read."""
    if reads is None:
        return []
    names = [name for name in (*markdown_fields(kind.model), *text_fields(kind.model))
             if name not in reads and name not in PRIVATE_FIELDS]
    return [reader_text(value) if name in markdown_fields(kind.model) else value
            for name in names if (value := getattr(record, name))]


def item_html(site: Site, kind: Kind, record, settings: Settings, images: dict) -> str:
    """A page from kind.template (item.html): title, summary, every other text field, photos, Markdown, sources."""
    url = urls.item(kind.folder, record.id)
    info = kind.model.model_fields
    return render(kind.template, site=site, kind=kind, item=record, root=urls.root_from(url), images=images,
                  citations=Citations.of_record(site, record),
                  title=getattr(record, kind.title_field), summary=getattr(record, kind.summary_field, ""),
                  facts=[(label_of(info[name].description or name), getattr(record, name))
                         for name in _shown_texts(kind) if getattr(record, name)],
                  texts=[getattr(record, name) for name in markdown_fields(kind.model) if getattr(record, name)])


def item_searchable(site: Site, kind: Kind, record) -> Searchable:
    """Its title and aliases, summary, Markdown texts (as a reader sees them) and other text fields."""
    title = getattr(record, kind.title_field)
    return Searchable([title, *getattr(record, "aliases", [])], getattr(record, kind.summary_field, ""),
                      [reader_text(getattr(record, name)) for name in markdown_fields(kind.model)]
                      + [text for text in (getattr(record, name) for name in _shown_texts(kind)) if text])


def cell(value) -> object:
    """A value of the JSON download as one cell: a list's items joined by ；, a group's values by spaces, a yes as 是."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "是" if value else ""
    if isinstance(value, list):
        return LIST_SEPARATOR.join(str(cell(item)) for item in value)
    if isinstance(value, dict):
        return " ".join(text for text in (str(cell(item)) for item in value.values()) if text)
    return value


def field_column(name: str) -> Column:
    """A column of a model field, as its JSON download has it."""
    return Column(name, lambda row: cell(row.published.get(name)), (name,))


ID = Column("id", lambda row: row.id, ())
URL = Column("url", lambda row: row.settings.absolute(urls.item(row.kind.folder, row.id)), ())


def columns(table: Table, kind: Kind) -> tuple[Column, ...]:
    """The table's own columns, then (for a complete table) one per model field they do not show."""
    if not table.complete:
        return table.columns
    shown = {name for column in table.columns
             for name in ((column.header,) if column.covers is None else column.covers)}
    rest = [name for name in kind.model.model_fields
            if name not in shown and name not in PRIVATE_FIELDS and name not in table.omits]
    return (*table.columns, *(field_column(name) for name in rest))


def item_tables(kind: Kind) -> tuple[Table, ...]:
    return (Table(kind.folder, f"{kind.label}（CSV）", f"每行一个{kind.label}。", (ID, URL)),)


DEFAULT = KindAdapter(item_html, item_searchable, item_tables)
