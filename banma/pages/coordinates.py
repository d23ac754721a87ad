"""Coordinates in the datum each map app expects, and "open in map app" links.

Every place gets directions. Where editors give coordinates (with their datum and source), the links
mark that point, converted with prcoords: GCJ-02 for AMap (高德), BD-09 for Baidu, WGS-84 for GeoJSON.
Otherwise the links are a search in the map app: for the place's name and its address when it has one
(map apps match names far better than descriptive addresses such as "莫干山路、昌化路旁"), else for its
name in 上海市普陀区. A search claims nothing about where the place is, so it needs no source; the page
says it is a search.
"""
from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import quote

from prcoords import Coords, gcj_bd, gcj_wgs_bored, wgs_gcj

APP_SOURCE = "banma-suhe"
SHANGHAI_ADCODE = "310000"


def _q(text: str) -> str:
    return quote(text, safe="")


def to_gcj02(location) -> Coords:
    point = Coords(location.lat, location.lng)
    return point if location.datum == "gcj02" else wgs_gcj(point, check_china=False)


def to_wgs84(location) -> Coords:
    point = Coords(location.lat, location.lng)
    # the iterative inverse: the closed-form one (gcj_wgs) is off by about a metre
    return point if location.datum == "wgs84" else gcj_wgs_bored(point, check_china=False)


def to_bd09(location) -> Coords:
    return gcj_bd(to_gcj02(location))


DISTRICT = "上海市普陀区"


@dataclass(frozen=True)
class MapLink:
    app: str
    url: str
    search: bool = False  # a search for the name (and address), not a point the site vouches for


def map_links(landmark) -> list[MapLink]:
    name = landmark.name
    if landmark.location:
        gcj, bd = to_gcj02(landmark.location), to_bd09(landmark.location)
        return [
            MapLink("高德地图", f"https://uri.amap.com/marker?position={gcj.lon:.6f},{gcj.lat:.6f}&name={_q(name)}"
                                f"&coordinate=gaode&callnative=1&src={APP_SOURCE}"),
            MapLink("百度地图", f"https://api.map.baidu.com/marker?location={bd.lat:.6f},{bd.lon:.6f}&title={_q(name)}"
                                f"&content={_q(landmark.address or name)}&coord_type=bd09ll&output=html"
                                f"&src=webapp.{APP_SOURCE}"),
        ]
    query = search_terms(landmark)
    return [
        MapLink("高德地图", f"https://uri.amap.com/search?keyword={_q(query)}&city={SHANGHAI_ADCODE}"
                            f"&callnative=1&src={APP_SOURCE}", search=True),
        MapLink("百度地图", f"https://api.map.baidu.com/place/search?query={_q(query)}&region={_q('上海市')}"
                            f"&output=html&src=webapp.{APP_SOURCE}", search=True),
    ]


def search_terms(landmark) -> str:
    """What a map app is asked for: the name and the address, or the name in the district."""
    return f"{landmark.name} {landmark.address}" if landmark.address else f"{DISTRICT} {landmark.name}"
