"""The 2023 grassroots-governance work plan: parts, items, targets and progress."""
from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field

from .common import SourceId
from .fields import LongText, Number, PlainText, PlanItemId, Slug, Strict, TextDate, described
from .references import RefersTo

Status = Literal["not_started", "in_progress", "done"]
STATUS_NAMES = {"not_started": "尚无进展记录", "in_progress": "推进中", "done": "已完成"}


class Target(Strict):
    """A measurable promise, quoted from the item's own text."""

    label: PlainText = described("指标名称 What is measured")
    quote: PlainText = described("原文中的对应文字（须与条目原文一致）The words of the plan that state it")
    value: Number | None = described("目标数值 Target value", default=None)
    value_max: Number | None = described("区间上限（如 1-2 个中的 2）Upper bound of a range", default=None)
    unit: PlainText | None = described("单位 Unit", default=None)
    comparison: Literal["exactly", "at_least", "range", "reduce_by", "qualitative"] = described(
        "类型：exactly 等于 / at_least 不少于 / range 区间 / reduce_by 下降 / qualitative 定性 Kind of target")


class Update(Strict):
    date: TextDate = described("日期 Date")
    note: PlainText = described("进展说明 What happened")
    sources: list[SourceId] = Field(min_length=1, description="这条进展的来源编号（至少一个）Sources of this update, "
                                                              "at least one")


class Progress(Strict):
    status: Status = described("状态：not_started 未开始 / in_progress 推进中 / done 已完成 Status",
                               default="not_started")
    updates: list[Update] = described("进展记录 Dated updates", default=[])


class PlanItem(Strict):
    id: PlanItemId = described("条目编号，如 1-1 Item id, e.g. 1-1")
    number: PlainText = described("原文序号，如 (一) Number as in the plan")
    title: PlainText = described("条目标题（原文第一句）Heading: the item's first sentence")
    text: LongText = described("条目正文（原文，标题之后）The item's text after its heading")
    targets: list[Target] = described("可衡量的目标 Measurable targets", default=[])
    landmarks: list[Annotated[Slug, RefersTo("landmarks")]] = described("相关地标 Landmarks concerned", default=[])
    progress: Progress = described("年度进展 Progress during the year", default_factory=Progress)


class PlanPart(Strict):
    id: Slug = described("部分编号，如 1 Part id")
    number: PlainText = described("原文序号，如 一 Number as in the plan")
    title: PlainText = described("标题 Title")
    intro: LongText | None = described("导语（原文没有时留空）Introduction, if the plan has one", default=None)
    targets: list[Target] = described("导语中的可衡量目标 Measurable targets stated in the introduction", default=[])
    items: list[PlanItem] = Field(min_length=1, description="条目 Items")


class Plan(Strict):
    title: PlainText = described("计划标题 Title")
    notice_title: PlainText = described("印发通知标题 Title of the notice")
    issuers: list[PlainText] = Field(min_length=1, description="印发机关 Issuing offices")
    date: TextDate = described("印发日期 Date issued")
    addressees: PlainText = described("主送 Addressees")
    notice: LongText = described("通知正文 Text of the notice")
    preamble: LongText = described("计划前言 Preamble")
    source: SourceId = described("出处（来源编号）Source id")
    editor_notes: list[PlainText] = described(
        "编者注：本站对原文的每一处改动（如改正错字、标点），都在这里说明，并显示在计划页上 Editor's notes: every "
        "change made to the document's text, shown on the plan page", default=[])
    parts: list[PlanPart] = Field(min_length=1, description="各部分 Parts")
