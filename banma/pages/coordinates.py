"""Coordinates in the datum each map app expects, and "open in map app" links.

No coordinates are needed: with only an address, the links search for it. Where editors
give coordinates (with their datum and source), they are converted with prcoords:
GCJ-02 for AMap (高德), BD-09 for Baidu, WGS-84 for GeoJSON.
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


@dataclass(frozen=True)
class MapLink:
    app: str
    url: str


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
    if landmark.address:
        return [
            MapLink("高德地图", f"https://uri.amap.com/search?keyword={_q(landmark.address)}&city={SHANGHAI_ADCODE}"
                                f"&callnative=1&src={APP_SOURCE}"),
            MapLink("百度地图", f"https://api.map.baidu.com/geocoder?address={_q('上海市' + landmark.address)}"
                                f"&output=html&src=webapp.{APP_SOURCE}"),
        ]
    return []
