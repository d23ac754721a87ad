"""The creek drawn as a schematic half-marathon course, laid out at build time (no tiles, no script).

course_view.py chooses what is shown, one evenly spaced slot per bridge or place in course order;
this module says where each slot goes, and the drawing says it is a schematic, not to scale.

Two layouts: wide (desktop: east on the right, north bank on top, as on a map) and tall (phones
and elder mode: the course runs down the screen from the start). CSS shows one of them.
"""
from __future__ import annotations

from dataclasses import dataclass

from markupsafe import Markup

from .course_view import PER_GAP, CourseView, Slot, course_view
from .templating import number, render

__all__ = ["PER_GAP", "CourseView", "Slot", "course_map", "course_view", "tall_lines", "wide_label"]

# Wide layout (user units): slots from the right (east, the start) to the left.
WIDE_STEP, WIDE_LEFT, WIDE_RIGHT = 36, 40, 150
WATER_TOP, WATER_BOTTOM = 170, 206
WIDE_LABEL_CHARS = 10
# Tall layout: one 44-unit row per slot, the course running downwards.
# Narrow enough to be drawn near 1:1 on a 320 px phone (so 44-unit rows stay 44 px targets); the water runs
# down the left, bridge names and place labels share the column on its right.
TALL_WIDTH, TALL_TOP, TALL_ROW = 270, 70, 50
TALL_WATER, TALL_LABEL = 34, 92  # the water's left edge; where labels begin
TALL_LINE_CHARS, TALL_LINES = 8, 2  # 8 characters of 21 units fit the 178 units right of the water


@dataclass(frozen=True)
class Wide:
    """Where the wide layout puts things: slot 0 (the start end) on the right."""

    view: CourseView

    @property
    def width(self) -> int:
        return WIDE_LEFT + max(len(self.view.slots) - 1, 0) * WIDE_STEP + WIDE_RIGHT

    def x(self, index: int) -> int:
        return self.width - WIDE_RIGHT - index * WIDE_STEP

    @property
    def base(self) -> int:
        """The line under the labels below the water (bridge names, right-bank places), which run at 45°."""
        below = [len(wide_label(s.stop.name)) for s in self.view.slots
                 if s.stop.kind == "bridge" or s.stop.bank == "right"]
        return WATER_BOTTOM + 44 + round(11 * max(below, default=0))

    @property
    def height(self) -> int:
        return self.base + 56 + 24 * len(self.view.spans)

    @staticmethod
    def y(slot: Slot) -> int:
        return {"left": WATER_TOP - 12, "right": WATER_BOTTOM + 12}.get(slot.stop.bank, (WATER_TOP + WATER_BOTTOM) // 2)


@dataclass(frozen=True)
class Tall:
    """Where the tall layout puts things: one row per slot, down the screen in walking order."""

    view: CourseView

    @property
    def height(self) -> int:
        return TALL_TOP + len(self.view.slots) * TALL_ROW + 40

    def y(self, index: int) -> int:
        """Rows from the top in walking order: from the start end, or from the finish end for a route walked
        towards the start (its first stop is then the top row, as on paper)."""
        row = len(self.view.slots) - 1 - index if self.view.against_the_flow else index
        return TALL_TOP + TALL_ROW // 2 + row * TALL_ROW

    @staticmethod
    def x(slot: Slot) -> int:
        return {"left": TALL_WATER - 14, "right": TALL_WATER + 38}.get(slot.stop.bank, TALL_WATER + 12)


def wide_label(name: str) -> str:
    return name if len(name) <= WIDE_LABEL_CHARS else name[:WIDE_LABEL_CHARS - 1] + "…"


def tall_lines(name: str, width: int = TALL_LINE_CHARS) -> list[str]:
    """A label cut into at most two short lines (the full name is in the link's title and the list)."""
    lines, rest = [], name
    while rest:
        cut = min(len(rest), width)
        if cut < len(rest):  # break after “·” or before “（” when one is near the end of the line
            marks = [i + 1 for i in range(2, cut) if rest[i] == "·"] + [i for i in range(2, cut + 1) if rest[i] == "（"]
            cut = max(marks, default=cut)
        lines.append(rest[:cut])
        rest = rest[cut:]
    if len(lines) > TALL_LINES:
        lines = lines[:TALL_LINES]
        lines[-1] = lines[-1][:-1] + "…"
    return lines


def course_map(view: CourseView, root: str, key: str) -> Markup:
    """`key` makes the SVG ids unique when a page holds more than one map."""
    return Markup(render("course_map.html", view=view, wide=Wide(view), tall=Tall(view), root=root, key=key,
                         number=number, wide_label=wide_label, tall_lines=tall_lines, water=(WATER_TOP, WATER_BOTTOM),
                         tall_width=TALL_WIDTH, tall_top=TALL_TOP, tall_row=TALL_ROW, tall_water=TALL_WATER,
                         tall_label=TALL_LABEL))
