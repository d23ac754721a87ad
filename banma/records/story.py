"""A riverside-community (亲河社区) story."""
from __future__ import annotations

from typing import Annotated

from .common import CITE_IN_TEXT, Images, Item, Sources
from .fields import DraftDate, LongText, MarkdownText, NameText, PlainText, PlanItemId, Slug, described
from .references import RefersTo


class Story(Item):
    title: NameText = described("标题 Title")
    date: DraftDate = described("日期 Date (YYYY-MM-DD)")
    street: Annotated[Slug, RefersTo("streets")] | None = described("街道，见 streets Street or town", default=None)
    community: PlainText | None = described("社区或小区 Community or housing estate", default=None)
    author: PlainText | None = described("作者或供稿单位 Author or contributing office", default=None)
    summary: PlainText = described("一句话摘要 One-line summary")
    body: MarkdownText = described("正文（Markdown）Body (Markdown)" + CITE_IN_TEXT)
    tags: list[Annotated[Slug, RefersTo("tags")]] = described("标签，见 tags Tags", default=[])
    landmarks: list[Annotated[Slug, RefersTo("landmarks")]] = described("相关地标 Related landmarks", default=[])
    plan_items: list[Annotated[PlanItemId, RefersTo("plan_items")]] = described("相关计划条目 Related plan items",
                                                                              default=[])
    notes: LongText | None = described("编辑备注（不在网站显示）Editors' note, not shown", default=None)
    sources: Sources
    images: Images
