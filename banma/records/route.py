"""A red-culture or walking route: landmarks in order."""
from __future__ import annotations

from typing import Annotated

from pydantic import Field

from .common import CITE_IN_TEXT, Images, Item, Sources
from .fields import Count, MarkdownText, NameText, Number, PlainText, Slug, Strict, TextDate, described
from .references import RefersTo


class Leg(Strict):
    """The walk from one stop to the next, only as a source gives it."""

    distance_m: Count | None = described("步行距离（米）Walking distance in metres", default=None)
    minutes: Count | None = described("步行时间（分钟）Walking time in minutes", default=None)


class Stop(Strict):
    landmark: Annotated[Slug, RefersTo("landmarks")] = described("地标编号（data/landmarks/ 下的文件名）Landmark id")
    note: PlainText | None = described("在这一站看什么 What to see here", default=None)
    leg_to_next: Leg | None = described("到下一站 To the next stop", default=None)


class Route(Item):
    name: NameText = described("线路名称 Name")
    category: Annotated[Slug, RefersTo("route_categories")] = described("类别，见 route_categories Category")
    theme: PlainText = described("主题 Theme")
    summary: PlainText = described("一句话简介 One-line summary")
    description: MarkdownText | None = described("详细介绍（Markdown）Description" + CITE_IN_TEXT, default=None)
    launched: TextDate | None = described("推出日期 Date launched", default=None)
    organisers: list[PlainText] = described("推出单位 Organisers", default=[])
    stops: list[Stop] = Field(min_length=2, description="站点（按顺序，至少两站）Stops in order, at least two")
    distance_km: Number | None = described("全程距离（公里，需有来源）Total distance in km", default=None)
    duration_minutes: Count | None = described("全程时间（分钟，需有来源）Duration in minutes", default=None)
    sources: Sources
    images: Images
