"""The order of bridges and places along the creek, derived from the sourced positions.

A place's `creek` says which bridge it stands beside and on which side; the bridges are in
course order (course.yaml). That gives every positioned place a rank along the course:
downstream of bridge i, beside it, upstream of it. Places in the same gap whose order no
source gives keep a stable order (kilometre mark where known, then id), and say nothing more.
"""
from __future__ import annotations

from dataclasses import dataclass

from .course import SIDES
from .landmark import Landmark
from .site import Site


@dataclass(frozen=True)
class Stop:
    """One entry along the course: a bridge, or a place beside one."""

    kind: str  # "bridge" or "place"
    id: str
    name: str
    bridge_index: int  # index of the bridge (itself, or the one the place stands beside)
    side: str | None = None  # a place's side of its bridge
    bank: str | None = None  # a place's bank, facing downstream: left / right
    km: float | None = None
    doubt: str | None = None  # a bridge whose place after the previous one no source confirms: why

    @property
    def rank(self) -> tuple:
        return (2 * self.bridge_index + SIDES[self.side].step, self.kind != "bridge",
                self.km if self.km is not None else -1.0, self.id)


@dataclass(frozen=True)
class _Order:
    stops: list[Stop]  # bridges and positioned places, in course order
    places: list[str]  # positioned landmark ids, in course order
    rank: dict[str, int]  # landmark id -> index in `places`
    stop_of: dict[str, int]  # landmark id -> index in `stops`


def _order(site: Site) -> _Order:
    """Worked out once per loaded site: pages ask for it once per landmark."""
    cached = site.__dict__.get("_course_order")
    if cached is None:
        index_of = {bridge.id: i for i, bridge in enumerate(site.course.bridges)}
        stops = [Stop("bridge", b.id, b.name, i, km=b.km, doubt=b.order_doubt) for i, b in enumerate(site.course.bridges)]
        stops += [Stop("place", lid, lm.name, index_of[lm.creek.bridge], lm.creek.side, lm.creek.bank, lm.creek.km)
                  for lid, lm in site.landmarks.items() if lm.creek and lm.creek.bridge in index_of]
        stops.sort(key=lambda stop: stop.rank)
        places = [stop.id for stop in stops if stop.kind == "place"]
        cached = site.__dict__["_course_order"] = _Order(
            stops, places, {lid: n for n, lid in enumerate(places)},
            {stop.id: i for i, stop in enumerate(stops) if stop.kind == "place"})
    return cached


def course_stops(site: Site) -> list[Stop]:
    """Bridges and positioned places, from the start (downstream) to the finish (upstream)."""
    return _order(site).stops


def place_rank(site: Site) -> dict[str, int]:
    """Landmark id -> its position among the positioned places, 0 at the start."""
    return _order(site).rank


def neighbours(site: Site, landmark_id: str) -> tuple[Landmark | None, Landmark | None]:
    """The next positioned place downstream and upstream of a place, or None at either end."""
    order = _order(site)
    if landmark_id not in order.rank:
        return None, None
    n, places = order.rank[landmark_id], order.places
    downstream = site.landmarks[places[n - 1]] if n > 0 else None
    upstream = site.landmarks[places[n + 1]] if n + 1 < len(places) else None
    return downstream, upstream


def window(site: Site, landmark_id: str, reach: int = 4) -> list[Stop]:
    """The stops around a positioned place: `reach` entries each side, widened to the nearest bridge when
    one is close, so the place is seen between bridges. Bounded, however crowded the stretch."""
    order = _order(site)
    stops, centre = order.stops, order.stop_of[landmark_id]
    first, last = max(0, centre - reach), min(len(stops), centre + reach + 1)
    while first > 0 and stops[first].kind != "bridge" and centre - first < 2 * reach:
        first -= 1
    while last < len(stops) and stops[last - 1].kind != "bridge" and last - centre <= 2 * reach:
        last += 1
    return stops[first:last]
