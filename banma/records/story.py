"""A riverside-community (亲河社区) story."""
from __future__ import annotations

from .common import Images, Item, Sources
from .fields import MarkdownText, NameText, PlainText, PlanItemId, Slug, TextDate, described


class Story(Item):
    title: NameText = described("标题 Title")
    date: TextDate = described("日期 Date (YYYY-MM-DD)")
    street: Slug | None = described("街道，见 streets Street or town", default=None)
    community: PlainText | None = described("社区或小区 Community or housing estate", default=None)
    author: PlainText | None = described("作者或供稿单位 Author or contributing office", default=None)
    summary: PlainText = described("一句话摘要 One-line summary")
    body: MarkdownText = described("正文（Markdown）Body (Markdown)")
    tags: list[Slug] = described("标签，见 tags Tags", default=[])
    landmarks: list[Slug] = described("相关地标 Related landmarks", default=[])
    plan_items: list[PlanItemId] = described("相关计划条目 Related plan items", default=[])
    sources: Sources
    images: Images
