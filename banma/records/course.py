"""The creek as a half-marathon course: the bridges of the Putuo reach in order, and sourced lengths.

No source gives kilometre marks, but sources do give the order of the bridges and which bridge
a place stands beside. So the course is an ordered chain of bridges, from the downstream (east)
end where the course starts to the upstream (west) end where it finishes; a place's position
(records/landmark.py, `creek`) is a sourced relation to one bridge of the chain.
"""
from __future__ import annotations

from typing import Annotated, Literal, NamedTuple

from pydantic import AfterValidator, Field, WithJsonSchema

from .common import SourceId
from .fields import NameText, Number, PlainText, Slug, Strict, bilingual, described
from .references import RefersTo

BANK_KM = 21  # both banks of the Putuo reach together, about (sources: 2020-08-18 press conference and others)


class Side(NamedTuple):
    words: str  # said after the bridge's name: 昌化路桥下游一侧
    step: int  # along the course from the bridge: -1 towards the start, 1 towards the finish


# The one table of a place's sides of its bridge: the values `creek.side` accepts (None: the source only says
# "beside"), how pages say them, and where they put the place in course order (records/course_order.py).
SIDES = {"downstream": Side("下游一侧", -1), None: Side("旁", 0), "upstream": Side("上游一侧", 1)}
# The banks, facing downstream: the values `creek.bank` accepts and how pages say them (None: unclear, unsaid).
BANKS = {"left": "左岸", "right": "右岸", None: ""}
# What a record may write (leaving the field out means None).
SideName = Literal[tuple(name for name in SIDES if name)]
BankName = Literal[tuple(name for name in BANKS if name)]


def _on_course(km: float) -> float:
    if km > BANK_KM:
        raise bilingual(f"公里数应在 0 到 {BANK_KM} 之间。", f"The kilometre mark must lie between 0 and {BANK_KM}.")
    return km


KmMark = Annotated[Number, AfterValidator(_on_course),
                   WithJsonSchema({"type": "number", "minimum": 0, "maximum": BANK_KM})]


class Bridge(Strict):
    id: Slug = described("编号 Id")
    name: NameText = described("桥名 Name")
    km: KmMark | None = described("沿河公里数（从起点算起，知道时才填）Kilometre mark from the start, only where a "
                                  "source gives it", default=None)
    order_doubt: PlainText | None = described(
        "与上一座桥的先后没有来源确认时，写明原因（地图上这一段画成虚线并注明）Why its place after the previous bridge "
        "is not confirmed by a source (the map draws that link dashed, with this note)", default=None)
    sources: list[SourceId] = Field(min_length=1, description="来源编号：说明这座桥在沿河顺序中的位置（至少一个）"
                                                              "Sources for the bridge's place in the chain, at least one")


class Length(Strict):
    """A length a source gives: between two bridges (drawn on the map) or of a named stretch (listed)."""

    label: PlainText = described("说明，如“西康路桥至武宁路桥的贯通岸线” What is measured")
    km: Number = described("长度（公里）Length in kilometres")
    from_bridge: Annotated[Slug, RefersTo("bridges")] | None = described(
        "起始桥梁编号（可不填）First bridge, if the source names one", default=None)
    to_bridge: Annotated[Slug, RefersTo("bridges")] | None = described(
        "结束桥梁编号（可不填）Last bridge, if the source names one", default=None)
    source: SourceId = described("来源编号 Source id")


class Course(Strict):
    """Bridges are listed from the start (downstream, east) to the finish (upstream, west)."""

    bridges: list[Bridge] = described("沿河桥梁，从起点（下游、东端）到终点（上游、西端）依次排列 "
                                      "Bridges, from the start (downstream, east) to the finish (upstream, west)",
                                      default=[])
    lengths: list[Length] = described("来源给出的长度 Lengths a source gives", default=[])


class CreekPosition(Strict):
    """Where a place lies along the creek, as a source says: beside which bridge, on which side of it."""

    bridge: Annotated[Slug, RefersTo("bridges")] = described("最近的桥梁（course.yaml 中的编号）Nearest bridge, an id from course.yaml")
    side: SideName | None = described(
        "在桥的哪一侧：downstream 下游（偏东、靠起点）/ upstream 上游（偏西、靠终点）；来源只说“桥旁”时不填 "
        "Side of the bridge; leave empty when the source only says 'beside'", default=None)
    bank: BankName | None = described(
        "河岸（面向下游）：left 左岸 / right 右岸；来源说不清时不填 Bank, facing downstream; empty when unclear",
        default=None)
    wording: PlainText = described("来源的原话，如“昌化路桥东侧” The source's own words for the position")
    km: KmMark | None = described("沿河公里数（知道时才填）Kilometre mark, only where a source gives it", default=None)
    source: SourceId = described("位置的来源编号 Source of the position (a source id)")
