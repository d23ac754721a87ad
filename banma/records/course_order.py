"""The order of bridges and places along the creek, derived from the sourced positions.

A place's `creek` says which bridge it stands beside and on which side; the bridges are in
course order (course.yaml). That gives every positioned place a rank along the course:
downstream of bridge i, beside it, upstream of it. Places in the same gap whose order no
source gives keep a stable order (kilometre mark where known, then id), and say nothing more.
"""
from __future__ import annotations

from dataclasses import dataclass

from .landmark import Landmark
from .site import Site

_SIDE_RANK = {"downstream": -1, None: 0, "upstream": 1}


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

    @property
    def rank(self) -> tuple:
        return (2 * self.bridge_index + _SIDE_RANK[self.side], self.kind != "bridge",
                self.km if self.km is not None else -1.0, self.id)


def course_stops(site: Site) -> list[Stop]:
    """Bridges and positioned places, from the start (downstream) to the finish (upstream).

    Computed once per loaded site (pages ask for it once per landmark).
    """
    cached = site.__dict__.get("_course_stops")
    if cached is None:
        cached = site.__dict__["_course_stops"] = _ordered(site)
    return cached


def _ordered(site: Site) -> list[Stop]:
    index_of = {bridge.id: i for i, bridge in enumerate(site.course.bridges)}
    stops = [Stop("bridge", b.id, b.name, i, km=b.km) for i, b in enumerate(site.course.bridges)]
    stops += [Stop("place", lid, lm.name, index_of[lm.creek.bridge], lm.creek.side, lm.creek.bank, lm.creek.km)
              for lid, lm in site.landmarks.items() if lm.creek and lm.creek.bridge in index_of]
    return sorted(stops, key=lambda stop: stop.rank)


def place_rank(site: Site) -> dict[str, int]:
    """Landmark id -> its position among the positioned places, 0 at the start."""
    cached = site.__dict__.get("_place_rank")
    if cached is None:
        places = [stop.id for stop in course_stops(site) if stop.kind == "place"]
        cached = site.__dict__["_place_rank"] = {landmark_id: n for n, landmark_id in enumerate(places)}
    return cached


def neighbours(site: Site, landmark_id: str) -> tuple[Landmark | None, Landmark | None]:
    """The next positioned place downstream and upstream of a place, or None at either end."""
    rank = place_rank(site)
    if landmark_id not in rank:
        return None, None
    places = site.__dict__.get("_place_list") or site.__dict__.setdefault("_place_list", list(rank))
    n = rank[landmark_id]
    downstream = site.landmarks[places[n - 1]] if n > 0 else None
    upstream = site.landmarks[places[n + 1]] if n + 1 < len(places) else None
    return downstream, upstream


def window(site: Site, landmark_id: str, reach: int = 4) -> list[Stop]:
    """The stops around a positioned place: `reach` entries each side, widened to the nearest bridge when
    one is close, so the place is seen between bridges. Bounded, however crowded the stretch."""
    stops = course_stops(site)
    cached = site.__dict__.get("_stop_index")
    if cached is None:
        cached = site.__dict__["_stop_index"] = {stop.id: i for i, stop in enumerate(stops) if stop.kind == "place"}
    centre = cached[landmark_id]
    first, last = max(0, centre - reach), min(len(stops), centre + reach + 1)
    while first > 0 and stops[first].kind != "bridge" and centre - first < 2 * reach:
        first -= 1
    while last < len(stops) and stops[last - 1].kind != "bridge" and last - centre <= 2 * reach:
        last += 1
    return stops[first:last]
