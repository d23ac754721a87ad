"""A source in the register (data/sources/<id>.yaml): one entry per article, page or document the site relies on.

Items cite sources by id, in their `sources` list and in the text (records/citations.py). Whether a source is
strong enough to stand alone follows from its type: official and press pages are; a repost counts as its original
when it names that original; listings, aggregators and reposts of unnamed origin are weak (a lead only, never the
sole support of a claim).
"""
from __future__ import annotations

from typing import Annotated

from pydantic import model_validator

from .common import Item
from .fields import (
    PLACEHOLDER,
    BoolText,
    HttpUrl,
    PlainText,
    QuoteText,
    Slug,
    Strict,
    TextDate,
    bilingual,
    choice,
    described,
)
from .references import RefersTo

SOURCE_TYPES = {"official": "官方发布", "press": "新闻媒体", "repost": "转载", "listing": "列表或聚合网站"}

Publisher = Annotated[Slug, RefersTo("publishers")]
Quote = QuoteText


class Original(Strict):
    """Where a repost's text first appeared."""

    publisher: Publisher = described("原发媒体或机构，见 vocabularies.yaml 的 publishers Original outlet (publishers)")
    title: PlainText | None = described("原标题（与转载页不同时填写）Original headline, if it differs", default=None)


class Source(Item):
    title: PlainText = described("标题（按页面原文）Title as published")
    title_is_ours: BoolText = described(
        "标题为本站概括：不知道原标题时为 true，页面会注明 The title is our own description, not the headline",
        default=False)
    publisher: Publisher = described(
        "发布者：本站链接的页面由谁发布，见 vocabularies.yaml 的 publishers Publisher of the linked page (publishers)")
    date: TextDate | None = described(
        "发布日期：按页面上写明的日期（不要从网址推断；页面没写就留空）Publication date as the page gives it, "
        "never read off the URL", default=None)
    type: choice(*SOURCE_TYPES) = described(
        "类型：official 官方发布 / press 新闻媒体 / repost 转载 / listing 列表、百科或聚合网站 Type of source")
    original: Original | None = described("原文出处（转载时填写）Original outlet, for a repost", default=None)
    url: HttpUrl | None = described("网址 Link (http/https)", default=None)
    offline: PlainText | None = described(
        "线下来源（没有网址时必填）：印刷品或线下来源是什么、在哪里能查到 Offline source (without a link): what it is "
        "and where a reader can consult it", default=None)
    note: PlainText | None = described("说明（显示在来源旁）Note, shown beside the source", default=None)
    copy_url: HttpUrl | None = described(
        "转载副本网址（只给编辑核对用，网站上不显示、不链接）A copy of the article on another site: kept for editors "
        "to check, never shown or linked on the site", default=None)
    quotes: list[Quote] = described(
        "原文摘录：来源中说明事实的原句，逐字粘贴，每条不超过 200 字；条目中写到的数字、日期、“第一”“最”等都要能在"
        "所引来源的摘录中找到 The source's own words (verbatim, at most 200 characters each) that state what the "
        "site says; every figure a claim states must appear in a quote of a source it cites", default=[])

    @property
    def weak(self) -> bool:
        """A lead, not support: a listing or aggregator, or a repost that does not name its original."""
        return self.type in ("listing", PLACEHOLDER) or (self.type == "repost" and self.original is None)

    @model_validator(mode="after")
    def _a_reader_can_find_it(self):
        if not self.url and not self.offline:
            raise bilingual("来源没有网址，读者无法核对。", "The source has no link, so a reader cannot check it.",
                            "写上网址（url）；确实是印刷品或线下来源时，在 offline 中写明是什么、在哪里能查到。",
                            "Add its url; for a print or offline source, say in offline what it is and where to "
                            "consult it.")
        if self.url and self.offline:
            raise bilingual("有网址的来源不写 offline。", "A source with a link has no offline note.",
                            "删除 offline，或删除网址。", "Remove offline, or the url.")
        if self.type == "repost" and not self.url:
            raise bilingual("转载（type: repost）必须给出网址。", "A repost (type: repost) needs its url.")
        if self.original is not None and self.type != "repost":
            raise bilingual("只有转载（type: repost）才写 original。", "Only a repost (type: repost) has an original.",
                            "把 type 改为 repost，或删除 original。", "Set type to repost, or remove original.")
        return self
