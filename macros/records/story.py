"""A riverside-community (亲河社区) story."""
from __future__ import annotations

from pydantic import Field, PrivateAttr

from .common import Image, Source
from .fields import BoolText, MarkdownText, PlainText, PlanItemId, Slug, Strict, TextDate, described


class Story(Strict):
    draft: BoolText = described("草稿：为 true 时校验但不发布 Draft: validated, not published", default=False)
    title: PlainText = described("标题 Title")
    date: TextDate = described("日期 Date (YYYY-MM-DD)")
    street: Slug | None = described("街道，见 streets Street or town", default=None)
    community: PlainText | None = described("社区或小区 Community or housing estate", default=None)
    author: PlainText | None = described("作者或供稿单位 Author or contributing office", default=None)
    summary: PlainText = described("一句话摘要 One-line summary")
    body: MarkdownText = described("正文（Markdown）Body (Markdown)")
    tags: list[Slug] = described("标签，见 tags Tags", default=[])
    landmarks: list[Slug] = described("相关地标 Related landmarks", default=[])
    plan_items: list[PlanItemId] = described("相关计划条目 Related plan items", default=[])
    sources: list[Source] = Field(min_length=1, description="来源（至少一个）Sources, at least one")
    images: list[Image] = described("图片 Images", default=[])

    _id: str = PrivateAttr("")
    _file: str = PrivateAttr("")

    @property
    def id(self) -> str:
        return self._id
