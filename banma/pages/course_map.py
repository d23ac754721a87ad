"""The creek drawn as a half-marathon course, laid out at build time (no tiles, no script).

Only places with a kilometre mark are drawn; the rest are listed beside the map, never
put at a guessed spot. Two layouts: wide for desktops, tall for phones (CSS picks one).
"""
from __future__ import annotations

from dataclasses import dataclass

from markupsafe import Markup

from ..records.landmark import CREEK_KM
from ..records.site import Site
from . import urls
from .templating import render, number

BANK_NAMES = {"north": "北岸", "south": "南岸", None: "河岸待补充"}


@dataclass(frozen=True)
class Marker:
    id: str
    name: str
    url: str  # from the site root
    km: float
    bank: str | None
    number: int | None = None  # a route stop's number
    level: int = 0  # label row, to keep neighbouring labels apart

    @property
    def label(self) -> str:
        return self.name if len(self.name) <= 8 else self.name[:7] + "…"

    def wide(self) -> tuple[float, float, float]:
        """x, marker y, label y in the 1000 x 260 layout."""
        x = 40 + self.km / CREEK_KM * 920
        if self.bank == "south":
            return x, 150, 176 + 18 * self.level
        if self.bank == "north":
            return x, 110, 92 - 18 * self.level
        return x, 130, 92 - 18 * self.level

    def tall(self) -> tuple[float, float, float]:
        """marker x, y, label x in the 390-wide layout."""
        y = 40 + self.km * 40
        if self.bank == "south":
            return 170, y, 156
        return (210 if self.bank == "north" else 190), y, 224


@dataclass(frozen=True)
class CourseView:
    markers: list[Marker]
    unplaced: list[tuple[str, str]]  # (name, url) of places without a kilometre mark
    bridges: list[tuple[str, float]]
    title: str
    kind: str  # "overview", "route" or "locator"

    @property
    def height_tall(self) -> int:
        return round(80 + CREEK_KM * 40)


def _levels(markers: list[Marker]) -> list[Marker]:
    """Stagger labels on the same side that would overlap (about 1.8 km apart or less)."""
    placed, last_km = [], {}
    for marker in sorted(markers, key=lambda m: (m.km, m.name)):
        side = marker.bank
        level = 0
        if side in last_km and marker.km - last_km[side][0] < 1.8:
            level = (last_km[side][1] + 1) % 3
        last_km[side] = (marker.km, level)
        placed.append(Marker(marker.id, marker.name, marker.url, marker.km, marker.bank, marker.number, level))
    return placed


def course_view(site: Site, kind: str = "overview", landmark_ids: list[str] | None = None,
                numbered: bool = False, title: str = "半马苏河沿河地图") -> CourseView:
    ids = landmark_ids if landmark_ids is not None else list(site.landmarks)
    markers, unplaced = [], []
    for index, landmark_id in enumerate(ids, start=1):
        landmark = site.landmarks[landmark_id]
        url = urls.landmark(landmark_id)
        if landmark.creek and landmark.creek.km is not None:
            markers.append(Marker(landmark_id, landmark.name, url, landmark.creek.km, landmark.creek.bank,
                                  index if numbered else None))
        else:
            unplaced.append((f"{index}. {landmark.name}" if numbered else landmark.name, url))
    bridges = [(b.name, b.km) for b in site.course.bridges if b.km is not None]
    return CourseView(_levels(markers), unplaced, bridges, title, kind)


def course_map(view: CourseView, root: str, key: str) -> Markup:
    """`key` makes the SVG ids unique when a page holds more than one map."""
    return Markup(render("course_map.html", view=view, root=root, key=key, km_total=CREEK_KM,
                         banks=BANK_NAMES, number=number))
