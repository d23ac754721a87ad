"""Open data downloads built from the same records: JSON, CSV (UTF-8 with BOM) and JSON Schemas.

The same data always gives byte-identical files: no timestamps, fixed key and row order.
"""
from __future__ import annotations

import csv
import io
import json
import re
from dataclasses import dataclass

from pydantic import BaseModel

from ..memo import Memo, remembered
from ..records.kinds import KINDS, Kind
from ..records.plan import STATUS_NAMES, PlanItem
from ..records.site import Site
from ..settings import Settings
from . import urls
from .images import OUTPUT_FOLDER, ImageSet
from .kind_adapter import PRIVATE_FIELDS, CsvRow, Table, columns, joined
from .kind_designs import adapter_of

FOLDER = "downloads"


@dataclass(frozen=True)
class Download:
    path: str  # relative to the site root
    title: str
    format: str
    description: str
    fields: list[tuple[str, str]]  # (name, description)
    content: bytes

    @property
    def size(self) -> int:
        return len(self.content)


def _json(data) -> bytes:
    return (json.dumps(data, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def _json_rows(rows: list[dict], memo: Memo | None) -> bytes:
    """_json(rows), each row's text kept in a preview's memo by the row itself: Python's json indents in Python,
    slowly, and a one-item edit changes one row."""
    if memo is None or not rows:
        return _json(rows)
    # A row's lines, one level in: JSON escapes every newline within a string, so each \n starts a line.
    texts = [remembered(memo, ("download row", repr(row)), _indented, row) for row in rows]
    return ("[\n" + ",\n".join(texts) + "\n]\n").encode("utf-8")


def _indented(row: dict) -> str:
    return "  " + json.dumps(row, ensure_ascii=False, indent=2).replace("\n", "\n  ")


FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def csv_cell(value) -> str:
    """A cell as text; one that a spreadsheet would run as a formula gets a leading ' (OWASP, CSV injection)."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_START) else text


def _csv(header: list[str], rows: list[list]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n", quoting=csv.QUOTE_ALL)
    writer.writerow(header)
    writer.writerows([[csv_cell(cell) for cell in row] for row in rows])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")  # the BOM tells Excel the file is UTF-8


def records_json(model: type[BaseModel], records: dict) -> list[dict]:
    """Each record as the data layer holds it, with its id first (the inverse of loading)."""
    return [{"id": record_id, **record.model_dump(mode="json", exclude=PRIVATE_FIELDS)}
            for record_id, record in sorted(records.items())]


def _download_schema(model: type[BaseModel], title: str) -> dict:
    item = model.model_json_schema()
    defs = item.pop("$defs", {})
    item["properties"] = {"id": {"type": "string", "description": "编号，也是网址的一部分 Id, also part of the URL"},
                          **item["properties"]}
    item["required"] = ["id", *item.get("required", [])]
    return {"$schema": "https://json-schema.org/draft/2020-12/schema", "title": title, "type": "array",
            "items": item, "$defs": defs}


_CJK = re.compile(r"[\u3000-\u9fff\uff00-\uffef]")
_EDITOR_HINT = re.compile(r"（[^（）]*(?:请|须|留空|不在网站|才填|可不填|见 |，见|从 1 起|如 |写明|至少)[^（）]*）|，(?:见|如) .*$")


def visitor_description(description: str) -> str:
    """A model's field description as a visitor reads it: the Chinese part, without the editors' instructions."""
    english = next((i for i in range(len(description)) if description[i].isascii() and description[i].isupper()
                    and not _CJK.search(description[i:])), len(description))
    return _EDITOR_HINT.sub("", description[:english]).strip(" ：:") or description


def _fields(model: type[BaseModel]) -> list[tuple[str, str]]:
    return [("id", "编号")] + [(name, visitor_description(info.description or ""))
                              for name, info in model.model_fields.items() if name not in PRIVATE_FIELDS]


PUBLISHED_IMAGE = ("网站上发布的图片（重新编码的 WebP，不含拍摄地点等元数据），从网站根目录算起的路径 "
                   "The published image (re-encoded WebP, without location or other metadata), as a path from the "
                   "site's root")


def published_images(rows: list[dict], images: dict[str, ImageSet]) -> list[dict]:
    """Rows of records_json() whose images name the copy the site publishes, never the editor's original (which
    is not published: its EXIF can hold where it was taken). An image without a published copy keeps no path."""
    for row in rows:
        for image in row.get("images") or []:
            original = image.pop("path")
            if original in images:
                image["path"] = images[original].largest.url
    return rows


def _download_schema_images(schema: dict) -> dict:
    """The download's schema: an image's path is the published copy's (published_images)."""
    path = schema["$defs"].get("Image", {}).get("properties", {}).get("path")
    if path is not None:
        path.clear()
        path.update({"type": "string", "description": PUBLISHED_IMAGE, "pattern": f"^{OUTPUT_FOLDER}/\\S+\\.webp$"})
        schema["$defs"]["Image"]["required"] = [r for r in schema["$defs"]["Image"].get("required", []) if r != "path"]
    return schema


def downloads(site: Site, settings: Settings, images: dict[str, ImageSet] | None = None,
              memo: Memo | None = None) -> list[Download]:
    """Every download: each kind's JSON and schema, then each kind's CSVs and other files (as its adapter declares
    them, pages/kind_designs.py), then the plan's. `images` (pages/images.py): the published copy of each image,
    which the JSON names. `memo`: a preview's (banma/memo.py), for the JSON of unchanged records."""
    published = {kind.folder: published_images(records_json(kind.model, site.items(kind)), images or {})
                 for kind in KINDS}
    found = [download for kind in KINDS for download in _records_downloads(kind, published[kind.folder], memo)]
    for kind in KINDS:
        rows = {row["id"]: row for row in published[kind.folder]}
        adapter = adapter_of(kind)
        found += [_table_download(site, settings, kind, table, rows) for table in adapter.tables(kind)]
        found += [Download(f"{FOLDER}/{file.path}", file.title, file.format, file.description, [], _json(data))
                  for file in adapter.files if (data := file.data(site, settings)) is not None]
    return found + _plan_downloads(site, settings)


def _records_downloads(kind: Kind, published: list[dict], memo: Memo | None = None) -> list[Download]:
    name, label, model = kind.folder, kind.label, kind.model
    return [Download(f"{FOLDER}/{name}.json", f"{label}（JSON）", "JSON",
                     f"全部{label}，字段与 data/ 中的 YAML 一致（图片为网站发布的版本）。", _fields(model), _json_rows(published, memo)),
            Download(f"{FOLDER}/{name}.schema.json", f"{label} JSON Schema", "JSON Schema", f"{name}.json 的格式说明。", [],
                     remembered(memo, ("download schema", model, label, name), _schema_json, model, label, name))]


def _schema_json(model: type[BaseModel], label: str, name: str) -> bytes:
    """A kind's download schema (from its model alone: a preview keeps it)."""
    return _json(_download_schema_images(_download_schema(model, f"{label} {name}.json")))


def _one_per_record(site: Site, kind: Kind):
    return ((record_id, record, None) for record_id, record in sorted(site.items(kind).items()))


def _table_download(site: Site, settings: Settings, kind: Kind, table: Table, published: dict[str, dict]) -> Download:
    shown = columns(table, kind)
    shared = table.prepare(site) if table.prepare else None
    rows = [CsvRow(site, settings, kind, record_id, record, published[record_id], part, shared)
            for record_id, record, part in (table.rows or _one_per_record)(site, kind)]
    return Download(f"{FOLDER}/{table.name}.csv", table.title, "CSV", table.description, [],
                    _csv([column.header for column in shown], [[column.value(row) for column in shown] for row in rows]))


def _plan_downloads(site: Site, settings: Settings) -> list[Download]:
    item_rows = [[item_id, part.number, item.number, item.title, f"{item.title}。{item.text}",
                  STATUS_NAMES[item.progress.status], len(item.targets), joined(t.quote for t in item.targets),
                  settings.absolute(urls.plan_item(item_id))]
                 for item_id, (part, item) in site.plan_items.items()]
    return [Download(f"{FOLDER}/plan.json", "2023年工作计划（JSON）", "JSON",
                     "计划全文、各条目的目标与进展。", _fields_plan(), _json(site.plan.model_dump(mode="json"))),
            Download(f"{FOLDER}/plan-items.csv", "计划条目（CSV）", "CSV", "每行一个计划条目。", [],
                     _csv(["id", "part", "number", "title", "text", "status", "targets", "target_quotes", "url"],
                          item_rows))]


def _fields_plan() -> list[tuple[str, str]]:
    return [(name, visitor_description(info.description or "")) for name, info in PlanItem.model_fields.items()]
