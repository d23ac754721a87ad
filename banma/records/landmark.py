"""A place along the creek: station, museum, park, pier, ..."""
from __future__ import annotations

import re
from typing import Annotated, Any, Literal

from pydantic import BeforeValidator, WithJsonSchema, model_validator

from .common import Images, Item, Source, Sources
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
    source: Source = described("坐标来源 Where the coordinates come from")


MILESTONES = {"completed": "建成", "trial": "试运行", "opened": "开放", "unveiled": "揭牌", "reopened": "重新开放"}


class Milestone(Strict):
    """A dated event in a place's life, labelled by what it was (a completion is not an opening)."""

    date: TextDate = described("日期 Date (YYYY-MM-DD)")
    event: Literal["completed", "trial", "opened", "unveiled", "reopened"] = described(
        "事件：completed 建成 / trial 试运行 / opened 开放 / unveiled 揭牌 / reopened 重新开放 What happened")


class Landmark(Item):
    name: NameText = described("名称 Name")
    english_name: PlainText | None = described("官方英文名（须有来源）Official English name, as a source gives it",
                                               default=None)
    aliases: list[NameText] = described("其他名称（用于搜索）Other names, for search", default=[])
    kind: Annotated[Slug, RefersTo("landmark_kinds")] = described(
        "类型，见 vocabularies.yaml 的 landmark_kinds Kind (landmark_kinds)")
    summary: PlainText = described("一句话简介 One-line summary")
    description: MarkdownText | None = described("详细介绍（Markdown）Description (Markdown)", default=None)
    address: PlainText | None = described("地址（无来源请留空）Address; leave empty without a source",
                                          default=None)
    opening_hours: PlainText | None = described("开放时间（无来源请留空）Opening hours", default=None)
    closed: PlainText | None = described("闭馆或休息日 Closing days", default=None)
    admission: PlainText | None = described("门票 Admission", default=None)
    phone: Phone | None = described("电话（无来源请留空）Phone", default=None)
    transport: PlainText | None = described("地铁、公交 Metro and bus", default=None)
    visit_source: Source | None = described(
        "开放时间、闭馆日、门票、电话、交通的来源（写明日期，页面会注明“据某年某月的信息”）"
        "Source of the hours, closing days, admission, phone and transport (give its date: shown beside them)",
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

    @model_validator(mode="after")
    def _visit_facts_need_a_dated_source(self):
        changing = [name for name in ("opening_hours", "closed", "admission", "phone", "transport")
                    if getattr(self, name)]
        if changing and self.visit_source is None:
            raise bilingual(f"写了 {'、'.join(changing)}，须在 visit_source 中注明来源及其日期（这些信息会变）。",
                            f"{', '.join(changing)} need a visit_source, with its date (such facts change).")
        return self
