"""What the creek map shows: which bridges and places, in course order, numbered, and which places it cannot draw.

Sources give the order of the bridges and which bridge a place stands beside, not distances:
so every bridge and every positioned place gets its own evenly spaced slot in course order
(records/course_order.py). Places no source positions are listed beside the map, never put at a
guessed spot. Where the slots go on the page is course_map.py's job.
"""
from __future__ import annotations

from dataclasses import dataclass, replace

from ..records.course import BANKS, SIDES
from ..records.course_order import Stop, course_stops, place_rank, window
from ..records.site import Site
from . import urls
from .reads import looked_up

PER_GAP = 6  # places drawn between two bridges on the overview; more are summarised


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
        return f"{self.bridge_name}{SIDES[self.stop.side].words}" + (f"，{bank}" if bank else "")


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

    @property
    def missing(self) -> list[tuple[str, str]]:
        """A route's stops not drawn: (label with its stop numbers, URL); the route page names them beside the map."""
        return self.elsewhere if self.kind == "route" else []


def course_view(site: Site, kind: str = "overview", landmark_ids: list[str] | None = None,
                numbered: bool = False, highlight: str | None = None, title: str = "半马苏河沿河示意图") -> CourseView:
    """The whole course with every positioned place (overview), a route's stops, or a place's neighbourhood."""
    wanted = _wanted(site, kind, landmark_ids)
    numbers = _stop_numbers(landmark_ids or []) if numbered else None
    stops = _stretch(site, kind, wanted, highlight)
    hidden = _crowds_summarised(stops) if kind == "overview" else {}
    slots = _bridges_drawn_as_places(_slots(site, stops, hidden, numbers or {}, highlight))
    starts, finishes = _reaches_the_ends(site, slots)
    return CourseView(slots, _not_drawn(site, kind, wanted, numbers), _spans(site, slots),
                      [(length.label, length.km) for length in site.course.lengths], title, kind, starts, finishes,
                      against_the_flow=kind == "route" and _walked_towards_the_start(site, landmark_ids or []))


def _wanted(site: Site, kind: str, landmark_ids: list[str] | None) -> list[str]:
    """The places asked for, each once: a route's stops, else every place (none for a locator's own view)."""
    if landmark_ids is not None:
        return list(dict.fromkeys(landmark_ids))
    return [] if kind == "locator" else list(site.landmarks)


def _stop_numbers(landmark_ids: list[str]) -> dict[str, list[int]]:
    """Landmark id -> its stop numbers on a route, from 1 (a route may pass a place twice)."""
    numbers: dict[str, list[int]] = {}
    for n, landmark_id in enumerate(landmark_ids, start=1):
        numbers.setdefault(landmark_id, []).append(n)
    return numbers


def _stretch(site: Site, kind: str, wanted: list[str], highlight: str | None) -> list[Stop]:
    """The stops in view: a positioned place's neighbourhood (locator), else every bridge and the wanted places
    that a source positions, a route's cut to its own stretch of the course."""
    # A place's or a route's page: a preview notes the stops in view (pages/reads.py), not every position.
    if kind == "locator" and not wanted:
        return looked_up(site, _locator_stops, highlight)
    if kind == "route":
        return looked_up(site, _route_stops, tuple(wanted))
    return _stops_in_view(site, kind, wanted, highlight)


def _stops_in_view(site: Site, kind: str, wanted: list[str], highlight: str | None) -> list[Stop]:
    positioned = place_rank(site)
    if kind == "locator" and highlight in positioned:
        return window(site, highlight)
    keep = {landmark_id for landmark_id in wanted if landmark_id in positioned}
    stops = [stop for stop in course_stops(site) if stop.kind == "bridge" or stop.id in keep]
    return _route_stretch(stops) if kind == "route" and keep else stops


def _locator_stops(site: Site, landmark_id: str | None) -> list[Stop]:
    """A positioned place's neighbourhood; the bridges alone around a place no source positions."""
    if landmark_id in place_rank(site):
        return window(site, landmark_id)
    return [stop for stop in course_stops(site) if stop.kind == "bridge"]


def _route_stops(site: Site, wanted: tuple[str, ...]) -> list[Stop]:
    return _stops_in_view(site, "route", list(wanted), None)


def _positioned_among(site: Site, landmark_ids: tuple[str, ...]) -> tuple[str, ...]:
    """Those of these places a source positions."""
    rank = place_rank(site)
    return tuple(landmark_id for landmark_id in landmark_ids if landmark_id in rank)


def _route_stretch(stops: list[Stop]) -> list[Stop]:
    """From the bridge before the first place to the bridge after the last (or the place itself, at an end)."""
    places = [i for i, stop in enumerate(stops) if stop.kind == "place"]
    bridges = [i for i, stop in enumerate(stops) if stop.kind == "bridge"]
    first = max([i for i in bridges if i < places[0]] or [places[0]])
    last = min([i for i in bridges if i > places[-1]] or [places[-1]])
    return stops[first:last + 1]


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


def _slots(site: Site, stops: list[Stop], hidden: dict[str, int], numbers: dict[str, list[int]],
           highlight: str | None) -> list[Slot]:
    """A slot for each stop drawn (not those behind a “more” entry), with its link and stop numbers."""
    bridges = site.course.bridges
    return [Slot(stop, _link(stop, hidden), tuple(numbers.get(stop.id, ())), stop.id == highlight,
                 bridges[stop.bridge_index].name, hidden.get(stop.id, 0))
            for stop in stops if hidden.get(stop.id) != 0]


def _link(stop: Stop, hidden: dict[str, int]) -> str | None:
    """A place's page; the landmark index for a “more” entry; none for a bridge."""
    if hidden.get(stop.id):
        return urls.LANDMARKS
    return urls.landmark(stop.id) if stop.kind == "place" else None


def _bridges_drawn_as_places(slots: list[Slot]) -> list[Slot]:
    """A place that is itself a bridge of the chain (a footbridge with its own page) is drawn once: as the place."""
    drawn = {slot.stop.bridge_index for slot in slots
             if slot.stop.kind == "place" and slot.stop.side is None and slot.stop.name == slot.bridge_name}
    return [replace(slot, named=False) if slot.stop.kind == "bridge" and slot.stop.bridge_index in drawn else slot
            for slot in slots]


def _spans(site: Site, slots: list[Slot]) -> list[Span]:
    """The sourced lengths whose two bridges are both in view."""
    slot_of = {slot.stop.id: i for i, slot in enumerate(slots) if slot.stop.kind == "bridge"}
    return [Span(length.label, length.km, slot_of[length.from_bridge], slot_of[length.to_bridge])
            for length in site.course.lengths if length.from_bridge in slot_of and length.to_bridge in slot_of]


def _not_drawn(site: Site, kind: str, wanted: list[str], numbers: dict[str, list[int]] | None) -> list[tuple[str, str]]:
    """The wanted places no source positions, as (label, URL), each with its stop numbers on a numbered route.
    A locator lists none: its page says where the place is."""
    if kind == "locator":
        return []
    positioned = set(looked_up(site, _positioned_among, tuple(wanted)))
    return [(_numbered(site.landmarks[landmark_id].name, numbers, landmark_id), urls.landmark(landmark_id))
            for landmark_id in wanted if landmark_id not in positioned]


def _numbered(label: str, numbers: dict[str, list[int]] | None, landmark_id: str) -> str:
    return label if numbers is None else "、".join(f"{n}" for n in numbers[landmark_id]) + ". " + label


def _reaches_the_ends(site: Site, slots: list[Slot]) -> tuple[bool, bool]:
    """Whether the view reaches the first bridge of the chain (the start), and the last (the finish)."""
    in_view = [slot.stop.bridge_index for slot in slots if slot.stop.kind == "bridge"]
    return bool(in_view) and in_view[0] == 0, bool(in_view) and in_view[-1] == len(site.course.bridges) - 1


def _walked_towards_the_start(site: Site, landmark_ids: list[str]) -> bool:
    """A route whose first positioned stop lies further along the course than its last."""
    return looked_up(site, _walked_against, tuple(landmark_ids))


def _walked_against(site: Site, landmark_ids: tuple[str, ...]) -> bool:
    rank = place_rank(site)
    walked = [rank[landmark_id] for landmark_id in landmark_ids if landmark_id in rank]
    return len(walked) > 1 and walked[0] > walked[-1]
