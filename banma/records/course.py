"""The creek as a half-marathon course: its length and the bridges along it."""
from __future__ import annotations

from pydantic import Field

from .common import Source
from .fields import PlainText, Slug, Strict, described
from .landmark import KmMark


class Bridge(Strict):
    id: Slug = described("编号 Id")
    name: PlainText = described("桥名 Name")
    km: KmMark | None = described("沿河公里数（知道时才填）Kilometre mark, only where known", default=None)
    sources: list[Source] = Field(min_length=1, description="来源（至少一个）Sources, at least one")


class Course(Strict):
    """Bridges are listed in course order (from kilometre 0 onwards); their marks must increase."""

    bridges: list[Bridge] = described("沿河桥梁，按沿河顺序 Bridges, in course order", default=[])
