"""A place along the creek: station, museum, park, pier, ..."""
from __future__ import annotations

import re
from typing import Annotated, Any, Literal

from pydantic import BeforeValidator, WithJsonSchema

from .common import CITE_IN_TEXT, Images, Item, SourcedBy, SourceId, Sources
from .course import CreekPosition
from .fields import (
    LongText,
    MarkdownText,
    NameText,
    Phone,
    PlainText,
    PlanItemId,
    Slug,
    Strict,
    TextDate,
    bilingual,
    described,
)
from .references import RefersTo


def _coordinate(low: float, high: float, what_zh: str, what_en: str):
    def parse(value: Any) -> float:
        text = value if isinstance(value, str) else ""
        if not re.fullmatch(r"\d{1,3}\.\d{4,8}", text) or not low <= float(text) <= high:
            raise bilingual(f"{what_zh}“{value}”无效：应为 {low} 到 {high} 之间、至少 4 位小数的数字（上海范围内）。",
                            f"{what_en} '{value}' is invalid: a number between {low} and {high} with at least "
                            "4 decimals (within Shanghai).")
        return float(text)
    return Annotated[float, BeforeValidator(parse), WithJsonSchema({"type": "number", "minimum": low, "maximum": high,
                                                                   "x-text-pattern": r"^\d{1,3}\.\d{4,8}$"})]


Latitude = _coordinate(30.6, 31.9, "纬度", "Latitude")
Longitude = _coordinate(120.8, 122.2, "经度", "Longitude")


class Location(Strict):
    """Coordinates, only as a cited source gives them, with the datum they are in."""

    lat: Latitude = described("纬度 Latitude")
    lng: Longitude = described("经度 Longitude")
    datum: Literal["wgs84", "gcj02"] = described(
        "坐标系：wgs84（GPS、国际地图）/ gcj02（高德、腾讯地图）Datum of these numbers")
    source: SourceId = described("坐标来源（来源编号）Where the coordinates come from (a source id)")


MILESTONES = {"completed": "建成", "trial": "试运行", "opened": "开放", "unveiled": "揭牌", "reopened": "重新开放",
              "scheduled": "预定开放"}


class Milestone(Strict):
    """A dated event in a place's life, labelled by what it was (a completion is not an opening)."""

    date: TextDate = described("日期 Date (YYYY-MM-DD)")
    event: Literal["completed", "trial", "opened", "unveiled", "reopened", "scheduled"] = described(
        "事件：completed 建成 / trial 试运行 / opened 开放 / unveiled 揭牌 / reopened 重新开放 / scheduled 预定开放"
        "（来源发表在这一日期之前，只是预告）What happened; scheduled when the source predates the day it announces")
    source: SourceId = described("这一日期的来源（来源编号）Source of this date (a source id)")


# Facts a visitor acts on; each names its source in visit_source (shown beside them, with that source's date).
VisitFact = Annotated[PlainText | None, SourcedBy("visit_source")]
VisitPhone = Annotated[Phone | None, SourcedBy("visit_source")]


class Landmark(Item):
    name: NameText = described("名称 Name")
    english_name: Annotated[PlainText | None, SourcedBy("english_name_source")] = described("官方英文名（须有来源）Official English name, as a source gives it",
                                               default=None)
    english_name_source: SourceId | None = described("英文名的来源（来源编号）Source of the English name (a source id)",
                                                     default=None)
    aliases: list[NameText] = described("其他名称（用于搜索）Other names, for search", default=[])
    kind: Annotated[Slug, RefersTo("landmark_kinds")] = described(
        "类型，见 vocabularies.yaml 的 landmark_kinds Kind (landmark_kinds)")
    summary: PlainText = described("一句话简介 One-line summary")
    description: MarkdownText | None = described("详细介绍（Markdown）Description (Markdown)" + CITE_IN_TEXT,
                                                 default=None)
    address: Annotated[PlainText | None, SourcedBy("address_source")] = described("地址（无来源请留空）Address; leave empty without a source",
                                          default=None)
    address_source: SourceId | None = described("地址的来源（来源编号）Source of the address (a source id)", default=None)
    opening_hours: VisitFact = described("开放时间（无来源请留空）Opening hours", default=None)
    closed: VisitFact = described("闭馆或休息日 Closing days", default=None)
    admission: VisitFact = described("门票 Admission", default=None)
    phone: VisitPhone = described("电话（无来源请留空）Phone", default=None)
    transport: VisitFact = described("地铁、公交 Metro and bus", default=None)
    visit_source: SourceId | None = described(
        "开放时间、闭馆日、门票、电话、交通的来源（来源编号；页面会注明“据某年某月的信息”）"
        "Source of the hours, closing days, admission, phone and transport (a source id; its date is shown)",
        default=None)
    services: list[PlainText] = described("提供的服务 Services offered", default=[])
    street: Annotated[Slug, RefersTo("streets")] | None = described("所属街道，见 streets Street or town", default=None)
    creek: CreekPosition | None = described("沿河位置（须有来源）Position along the creek, with its source", default=None)
    location: Location | None = described("坐标（须有来源，不可估计）Coordinates, with their source", default=None)
    milestones: list[Milestone] = described("大事记：建成、试运行、开放等日期 Dated events (completed, trial, opened …)",
                                            default=[])
    plan_items: list[Annotated[PlanItemId, RefersTo("plan_items")]] = described("相关计划条目，如 1-1 Related plan items",
                                                                              default=[])
    notes: LongText | None = described("编辑备注（不在网站显示）Editors' note, not shown", default=None)
    sources: Sources
    images: Images
