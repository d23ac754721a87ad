"""The creek drawn as a schematic half-marathon course, laid out at build time (no tiles, no script).

Sources give the order of the bridges and which bridge a place stands beside, not distances:
so every bridge and every positioned place gets its own evenly spaced slot in course order
(records/course_order.py), and the drawing says it is a schematic, not to scale. Places no
source positions are listed beside it, never put at a guessed spot.

Two layouts: wide (desktop: east on the right, north bank on top, as on a map) and tall (phones
and elder mode: the course runs down the screen from the start). CSS shows one of them.
"""
from __future__ import annotations

from dataclasses import dataclass, replace

from markupsafe import Markup

from ..records.course_order import Stop, course_stops, place_rank, window
from ..records.site import Site
from . import urls
from .templating import number, render

SIDES = {"downstream": "下游一侧", "upstream": "上游一侧", None: "旁"}
BANKS = {"left": "左岸", "right": "右岸", None: ""}

# Wide layout (user units): slots from the right (east, the start) to the left.
WIDE_STEP, WIDE_LEFT, WIDE_RIGHT = 36, 40, 150
WATER_TOP, WATER_BOTTOM = 170, 206
WIDE_LABEL_CHARS = 10
# Tall layout: one 44-unit row per slot, the course running downwards.
# Narrow enough to be drawn near 1:1 on a 320 px phone (so 44-unit rows stay 44 px targets); the water runs
# down the left, bridge names and place labels share the column on its right.
TALL_WIDTH, TALL_TOP, TALL_ROW = 270, 70, 50
TALL_WATER, TALL_LABEL = 34, 92  # the water's left edge; where labels begin
PER_GAP = 6  # places drawn between two bridges on the overview; more are summarised
TALL_LINE_CHARS, TALL_LINES = 8, 2  # 8 characters of 21 units fit the 178 units right of the water


@dataclass(frozen=True)
class Slot:
    stop: Stop
    url: str | None  # a place's page, from the site root
    numbers: tuple[int, ...] = ()  # route stop numbers
    highlight: bool = False
    bridge_name: str = ""  # the bridge a place stands beside
    hidden: int = 0  # a "more" entry: how many places of a crowded stretch it stands for
    named: bool = True  # a bridge's name is drawn (not when a place of the same name stands for it)

    @property
    def where(self) -> str:
        """A place's position in words, e.g. “昌化路桥下游一侧，左岸”."""
        bank = BANKS[self.stop.bank]
        return f"{self.bridge_name}{SIDES[self.stop.side]}" + (f"，{bank}" if bank else "")


@dataclass(frozen=True)
class Span:
    """A sourced length between two bridges in view: drawn as a bracket."""

    label: str
    km: float
    first: int  # slot indexes
    last: int


@dataclass
class CourseView:
    slots: list[Slot]
    elsewhere: list[tuple[str, str]]  # (label, url) of places not drawn
    spans: list[Span]
    lengths: list[tuple[str, float]]  # every sourced length, for the text
    title: str
    kind: str  # "overview", "route" or "locator"
    starts: bool = True  # the slice reaches the first bridge of the chain
    finishes: bool = True  # ... and the last
    against_the_flow: bool = False  # a route walked towards the start: the tall map runs from the finish end

    @property
    def places(self) -> list[Slot]:
        return [slot for slot in self.slots if slot.stop.kind == "place"]

    @property
    def place_count(self) -> int:
        """Positioned places in view, drawn or summarised."""
        return sum(slot.hidden or 1 for slot in self.places)

    @property
    def summarised(self) -> int:
        """Places on the course not drawn one by one (crowded stretches of the overview)."""
        return sum(slot.hidden for slot in self.slots)

    @property
    def bridges(self) -> list[Slot]:
        return [slot for slot in self.slots if slot.stop.kind == "bridge"]

    # Wide layout
    @property
    def wide_width(self) -> int:
        return WIDE_LEFT + max(len(self.slots) - 1, 0) * WIDE_STEP + WIDE_RIGHT

    def wide_x(self, index: int) -> int:
        return self.wide_width - WIDE_RIGHT - index * WIDE_STEP

    @property
    def wide_base(self) -> int:
        """The line under the labels below the water (bridge names, right-bank places), which run at 45°."""
        below = [len(wide_label(s.stop.name)) for s in self.slots if s.stop.kind == "bridge" or s.stop.bank == "right"]
        return WATER_BOTTOM + 44 + round(11 * max(below, default=0))

    @property
    def wide_height(self) -> int:
        return self.wide_base + 56 + 24 * len(self.spans)

    @staticmethod
    def wide_y(slot: Slot) -> int:
        return {"left": WATER_TOP - 12, "right": WATER_BOTTOM + 12}.get(slot.stop.bank, (WATER_TOP + WATER_BOTTOM) // 2)

    # Tall layout
    @property
    def tall_height(self) -> int:
        return TALL_TOP + len(self.slots) * TALL_ROW + 40

    def tall_y(self, index: int) -> int:
        """Rows from the top in walking order: from the start end, or from the finish end for a route walked
        towards the start (its first stop is then the top row, as on paper)."""
        row = len(self.slots) - 1 - index if self.against_the_flow else index
        return TALL_TOP + TALL_ROW // 2 + row * TALL_ROW

    @property
    def missing(self) -> list[tuple[str, str]]:
        """A route's stops not drawn: (label with its stop numbers, URL); the route page names them beside the map."""
        return self.elsewhere if self.kind == "route" else []

    @staticmethod
    def tall_x(slot: Slot) -> int:
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


def course_view(site: Site, kind: str = "overview", landmark_ids: list[str] | None = None,
                numbered: bool = False, highlight: str | None = None, title: str = "半马苏河沿河示意图") -> CourseView:
    """The whole course with every positioned place (overview), a route's stops, or a place's neighbourhood."""
    stops = course_stops(site)
    bridges = site.course.bridges
    wanted = list(dict.fromkeys(landmark_ids)) if landmark_ids is not None else \
        ([] if kind == "locator" else list(site.landmarks))
    numbers: dict[str, list[int]] = {}
    for n, landmark_id in enumerate(landmark_ids or [], start=1):
        numbers.setdefault(landmark_id, []).append(n)
    positioned = place_rank(site)
    if kind == "locator" and highlight in positioned:
        chosen = window(site, highlight)
    else:
        keep = {landmark_id for landmark_id in wanted if landmark_id in positioned}
        chosen = [stop for stop in stops if stop.kind == "bridge" or stop.id in keep]
        if kind == "route" and keep:
            ends = [i for i, stop in enumerate(chosen) if stop.kind == "place"]
            bridge_slots = [i for i, stop in enumerate(chosen) if stop.kind == "bridge"]
            first = max([i for i in bridge_slots if i < ends[0]] or [ends[0]])
            last = min([i for i in bridge_slots if i > ends[-1]] or [ends[-1]])
            chosen = chosen[first:last + 1]
    hidden = _crowds_summarised(chosen) if kind == "overview" else {}
    chosen = [stop for stop in chosen if stop.id not in hidden or hidden[stop.id]]
    slots = [Slot(stop, urls.LANDMARKS if hidden.get(stop.id) else
                  (urls.landmark(stop.id) if stop.kind == "place" else None),
                  tuple(numbers.get(stop.id, ())) if numbered else (), stop.id == highlight,
                  bridges[stop.bridge_index].name, hidden.get(stop.id, 0))
             for stop in chosen]
    # A place that is itself a bridge of the chain (a footbridge with its own page) is drawn once: as the place.
    bridge_places = {slot.stop.bridge_index for slot in slots if slot.stop.kind == "place" and slot.stop.side is None
                     and slot.stop.name == bridges[slot.stop.bridge_index].name}
    slots = [replace(slot, named=False) if slot.stop.kind == "bridge" and slot.stop.bridge_index in bridge_places
             else slot for slot in slots]
    slot_of = {slot.stop.id: i for i, slot in enumerate(slots) if slot.stop.kind == "bridge"}
    spans = [Span(length.label, length.km, slot_of[length.from_bridge], slot_of[length.to_bridge])
             for length in site.course.lengths
             if length.from_bridge in slot_of and length.to_bridge in slot_of]
    elsewhere = []
    if kind != "locator":
        for landmark_id in wanted:
            if landmark_id not in positioned:
                label = site.landmarks[landmark_id].name
                if numbered:
                    label = "、".join(f"{n}" for n in numbers[landmark_id]) + ". " + label
                elsewhere.append((label, urls.landmark(landmark_id)))
    chosen_bridges = [slot.stop.bridge_index for slot in slots if slot.stop.kind == "bridge"]
    walked = [positioned[i] for i in (landmark_ids or []) if i in positioned]
    return CourseView(slots, elsewhere, spans, [(length.label, length.km) for length in site.course.lengths],
                      title, kind,
                      starts=bool(chosen_bridges) and chosen_bridges[0] == 0,
                      finishes=bool(chosen_bridges) and chosen_bridges[-1] == len(bridges) - 1,
                      against_the_flow=kind == "route" and len(walked) > 1 and walked[0] > walked[-1])


def _crowds_summarised(stops: list[Stop]) -> dict[str, int]:
    """Between two bridges, draw at most PER_GAP places; the rest stand behind one “另有 N 个地点” entry.

    Returns place id -> 0 for a place not drawn, or N for the place whose slot shows “另有 N 个”.
    Keeps the overview readable (and its page light) when a stretch has very many places; the
    landmark index lists them all.
    """
    hidden, gap = {}, []
    for stop in stops + [None]:
        if stop is None or stop.kind == "bridge":
            if len(gap) > PER_GAP:
                rest = gap[PER_GAP:]
                hidden.update({other.id: 0 for other in rest})
                hidden[rest[0].id] = len(rest)
            gap = []
        else:
            gap.append(stop)
    return hidden


def course_map(view: CourseView, root: str, key: str) -> Markup:
    """`key` makes the SVG ids unique when a page holds more than one map."""
    return Markup(render("course_map.html", view=view, root=root, key=key, number=number,
                         wide_label=wide_label, tall_lines=tall_lines, water=(WATER_TOP, WATER_BOTTOM),
                         tall_width=TALL_WIDTH, tall_top=TALL_TOP, tall_row=TALL_ROW, tall_water=TALL_WATER,
                         tall_label=TALL_LABEL))
