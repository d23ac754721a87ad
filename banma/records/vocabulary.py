"""Allowed values editors choose from: landmark kinds, route categories, streets, tags, publishers of sources."""
from __future__ import annotations

import re
from typing import Annotated, Any

from pydantic import BeforeValidator, Field

from .fields import LongText, PlainText, Slug, Strict, bilingual, described, string_schema


def _schema_type(value: Any) -> str:
    if not isinstance(value, str) or not value.isascii() or not value.isalpha() or not value[:1].isupper():
        raise bilingual(f"“{value}”不是 schema.org 类型名（如 Museum、Park、CivicStructure）。",
                        f"'{value}' is not a schema.org type name (e.g. Museum, Park, CivicStructure).")
    return value


SchemaType = Annotated[str, BeforeValidator(_schema_type), string_schema(pattern="^[A-Z][A-Za-z]+$")]


class Term(Strict):
    id: Slug = described("编号（小写英文、数字、连字符）Id: lowercase ASCII, digits, hyphens")
    name: PlainText = described("显示名称 Name shown on the site")
    description: LongText | None = described("说明 Description", default=None)
    schema_type: SchemaType | None = described(
        "schema.org 类型（仅地标类型用，如 Museum、Park）schema.org type, for landmark kinds", default=None)


def _domain(value: Any) -> str:
    text = value if isinstance(value, str) else ""
    if not re.fullmatch(r"(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,}", text):
        raise bilingual(f"“{value}”不是域名（如 xinmin.cn，不带 http:// 和路径）。",
                        f"'{value}' is not a domain name (such as xinmin.cn, without http:// or a path).")
    return text


Domain = Annotated[str, BeforeValidator(_domain), string_schema(pattern=r"^([a-z0-9-]+\.)+[a-z]{2,}$")]


class PublisherTerm(Term):
    """An outlet or office, with the domains of its own sites: a source may link only there."""

    domains: list[Domain] = described(
        "自己的网站域名（如 xinmin.cn；子域名也算），来源的网址只能在这些域名下 Domains of its own sites "
        "(subdomains included); a source's link must be on one of them", default=[])


class Vocabulary(Strict):
    landmark_kinds: list[Term] = Field(min_length=1, description="地标类型 Kinds of landmark")
    route_categories: list[Term] = Field(min_length=1, description="线路类别 Route categories")
    streets: list[Term] = Field(min_length=1, description="街道、镇 Streets and towns")
    tags: list[Term] = Field(min_length=1, description="故事标签 Story tags")
    publishers: list[PublisherTerm] = Field(min_length=1, description="来源的发布者：每家媒体或机构一个名称 Publishers of "
                                                               "sources: one name per outlet or office")
