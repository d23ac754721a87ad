"""Allowed values editors choose from: landmark kinds, route categories, streets, tags."""
from __future__ import annotations

from pydantic import Field

from .fields import LongText, PlainText, Slug, Strict, described


class Term(Strict):
    id: Slug = described("编号（小写英文、数字、连字符）Id: lowercase ASCII, digits, hyphens")
    name: PlainText = described("显示名称 Name shown on the site")
    description: LongText | None = described("说明 Description", default=None)


class Vocabulary(Strict):
    landmark_kinds: list[Term] = Field(min_length=1, description="地标类型 Kinds of landmark")
    route_categories: list[Term] = Field(min_length=1, description="线路类别 Route categories")
    streets: list[Term] = Field(min_length=1, description="街道、镇 Streets and towns")
    tags: list[Term] = Field(min_length=1, description="故事标签 Story tags")
