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

from ..records.kinds import KINDS
from ..records.plan import STATUS_NAMES, PlanItem
from ..records.site import Site
from ..records.source import SOURCE_TYPES
from ..settings import Settings
from . import urls
from .citations import citing_pages
from .coordinates import to_wgs84
from .images import OUTPUT_FOLDER, ImageSet

FOLDER = "downloads"
LIST_SEPARATOR = "；"


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


PRIVATE_FIELDS = {"notes", "draft", "copy_url"}  # editors' notes, the draft flag and copies on other sites are not published
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


def _term_name(site: Site, vocabulary: str, term_id: str | None) -> str | None:
    term = site.term(vocabulary, term_id)
    return term.name if term else None


def _join(values) -> str:
    return LIST_SEPARATOR.join(values)


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


def downloads(site: Site, settings: Settings, images: dict[str, ImageSet] | None = None) -> list[Download]:
    """Every download. `images` (pages/images.py): the published copy of each image, which the JSON names."""
    found: list[Download] = []
    for kind in KINDS:
        name, label, model, records = kind.folder, kind.label, kind.model, site.items(kind)
        found.append(Download(f"{FOLDER}/{name}.json", f"{label}（JSON）", "JSON",
                              f"全部{label}，字段与 data/ 中的 YAML 一致（图片为网站发布的版本）。", _fields(model),
                              _json(published_images(records_json(model, records), images or {}))))
        found.append(Download(f"{FOLDER}/{name}.schema.json", f"{label} JSON Schema", "JSON Schema",
                              f"{name}.json 的格式说明。", [],
                              _json(_download_schema_images(_download_schema(model, f"{label} {name}.json")))))
    landmark_rows = []
    for landmark_id, lm in sorted(site.landmarks.items()):
        creek = lm.creek
        landmark_rows.append([landmark_id, lm.name, _term_name(site, "landmark_kinds", lm.kind), lm.summary,
                              lm.address, lm.opening_hours, lm.phone, _term_name(site, "streets", lm.street),
                              creek.bridge if creek else None, creek.side if creek else None,
                              creek.bank if creek else None, creek.km if creek else None,
                              _join(f"{m.date.isoformat()} {m.event}" for m in lm.milestones), _join(lm.services),
                              settings.absolute(urls.landmark(landmark_id))])
    found.append(Download(f"{FOLDER}/landmarks.csv", "地标（CSV，可用 Excel 打开）", "CSV", "每行一个地标。",
                          [], _csv(["id", "name", "kind", "summary", "address", "opening_hours", "phone", "street",
                                    "creek_bridge", "creek_side", "creek_bank", "creek_km", "milestones", "services", "url"], landmark_rows)))
    stop_rows = []
    for route_id, route in sorted(site.routes.items()):
        for number, stop in enumerate(route.stops, start=1):
            stop_rows.append([route_id, route.name, number, stop.landmark, site.landmarks[stop.landmark].name,
                              stop.note, settings.absolute(urls.route(route_id))])
    found.append(Download(f"{FOLDER}/route-stops.csv", "线路站点（CSV）", "CSV", "每行一条线路的一个站点，按顺序。",
                          [], _csv(["route_id", "route_name", "stop_number", "landmark_id", "landmark_name",
                                    "note", "url"], stop_rows)))
    story_rows = [[sid, s.title, s.date.isoformat(), _term_name(site, "streets", s.street), s.community, s.summary,
                   _join(site.term("tags", t).name for t in s.tags), _join(s.landmarks),
                   settings.absolute(urls.story(sid))] for sid, s in sorted(site.stories.items())]
    found.append(Download(f"{FOLDER}/stories.csv", "故事（CSV）", "CSV", "每行一个故事（不含正文）。", [],
                          _csv(["id", "title", "date", "street", "community", "summary", "tags", "landmarks", "url"],
                               story_rows)))
    publishers = {term.id: term.name for term in site.vocabulary.publishers}
    citing = citing_pages(site)
    source_rows = [[sid, publishers[s.publisher], s.title, "是" if s.title_is_ours else "", s.date, SOURCE_TYPES[s.type],
                    publishers[s.original.publisher] if s.original else None, "是" if s.weak else "", s.url or s.offline,
                    _join(settings.absolute(url) for _, url in citing.get(sid, []))]
                   for sid, s in sorted(site.sources.items())]
    found.append(Download(f"{FOLDER}/sources.csv", "信息来源（CSV）", "CSV", "每行一个来源，附引用它的页面。", [],
                          _csv(["id", "publisher", "title", "title_is_ours", "date", "type", "original_publisher",
                                "weak", "url_or_offline", "cited_on"], source_rows)))
    found.append(Download(f"{FOLDER}/plan.json", "2023年工作计划（JSON）", "JSON",
                          "计划全文、各条目的目标与进展。", _fields_plan(), _json(site.plan.model_dump(mode="json"))))
    item_rows = [[item_id, part.number, item.number, item.title, f"{item.title}。{item.text}",
                  STATUS_NAMES[item.progress.status], len(item.targets), _join(t.quote for t in item.targets),
                  settings.absolute(urls.plan_item(item_id))]
                 for item_id, (part, item) in site.plan_items.items()]
    found.append(Download(f"{FOLDER}/plan-items.csv", "计划条目（CSV）", "CSV", "每行一个计划条目。", [],
                          _csv(["id", "part", "number", "title", "text", "status", "targets", "target_quotes", "url"],
                               item_rows)))
    located = [(i, lm) for i, lm in sorted(site.landmarks.items()) if lm.location]
    if located:  # GeoJSON is WGS-84 by definition: GCJ-02 coordinates are converted back
        features = []
        for landmark_id, landmark in located:
            point = to_wgs84(landmark.location)
            features.append({"type": "Feature", "id": landmark_id,
                             "geometry": {"type": "Point", "coordinates": [round(point.lon, 7), round(point.lat, 7)]},
                             "properties": {"name": landmark.name, "kind": landmark.kind,
                                            "url": settings.absolute(urls.landmark(landmark_id)),
                                            "coordinate_source": landmark.location.source}})
        found.append(Download(f"{FOLDER}/landmarks.geojson", "有坐标的地标（GeoJSON，WGS-84）", "GeoJSON",
                              "已登记坐标（有来源）的地标；坐标为 WGS-84。", [],
                              _json({"type": "FeatureCollection", "features": features})))
    return found


def _fields_plan() -> list[tuple[str, str]]:
    return [(name, visitor_description(info.description or "")) for name, info in PlanItem.model_fields.items()]
