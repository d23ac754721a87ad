"""Datum conversion for map apps, checked against published reference points."""
import math
from types import SimpleNamespace
from urllib.parse import parse_qs, urlsplit

import pytest

from banma.pages.coordinates import map_links, to_bd09, to_gcj02, to_wgs84


def location(lat, lng, datum):
    return SimpleNamespace(lat=lat, lng=lng, datum=datum)


def metres(a_lat, a_lng, b_lat, b_lng) -> float:
    dy = (a_lat - b_lat) * 111_320
    dx = (a_lng - b_lng) * 111_320 * math.cos(math.radians(a_lat))
    return math.hypot(dx, dy)


def test_wgs84_to_gcj02_matches_the_amap_conversion_service():
    # WGS-84 (39.90734, 116.39089) -> GCJ-02 as returned by AMap's own conversion API (39.90874539, 116.39713623),
    # published with the R package geoChina's tests. The public algorithm agrees to well under a metre.
    gcj = to_gcj02(location(39.90734, 116.39089, "wgs84"))
    assert metres(gcj.lat, gcj.lon, 39.90874539, 116.39713623) < 1.0


def test_wgs84_to_gcj02_matches_the_common_reference_implementation():
    # wandergis/coordtransform's published example: wgs84togcj02(116.404, 39.915)
    gcj = to_gcj02(location(39.915, 116.404, "wgs84"))
    assert (gcj.lon, gcj.lat) == pytest.approx((116.41024449916938, 39.91640428150164), abs=1e-9)


def test_gcj02_to_bd09_matches_published_examples():
    bd = to_bd09(location(39.915, 116.404, "gcj02"))  # wandergis: gcj02tobd09(116.404, 39.915)
    assert (bd.lon, bd.lat) == pytest.approx((116.41036949371029, 39.92133699351021), abs=1e-9)
    bd = to_bd09(location(45.0, 123.0, "gcj02"))  # hujiulong/gcoord: GCJ02 -> BD09 of [123, 45]
    assert (bd.lon, bd.lat) == pytest.approx((123.00636499, 45.00636899), abs=1e-6)


def test_gcj02_back_to_wgs84_is_precise():
    original = location(31.2390, 121.4380, "wgs84")  # near Suzhou Creek in Putuo
    gcj = to_gcj02(original)
    back = to_wgs84(location(gcj.lat, gcj.lon, "gcj02"))
    assert metres(back.lat, back.lon, original.lat, original.lng) < 0.05


def test_links_from_an_address_search_for_the_name_and_the_address():
    landmark = SimpleNamespace(name="上海纺织博物馆", address="澳门路150号 & 1", location=None)
    amap, baidu = map_links(landmark)
    assert amap.app == "高德地图" and baidu.app == "百度地图" and amap.search and baidu.search
    amap_query = parse_qs(urlsplit(amap.url).query)
    assert urlsplit(amap.url).netloc == "uri.amap.com" and amap_query["keyword"] == ["上海纺织博物馆 澳门路150号 & 1"]
    assert amap_query["city"] == ["310000"]
    assert parse_qs(urlsplit(baidu.url).query)["query"] == ["上海纺织博物馆 澳门路150号 & 1"]


def test_links_from_coordinates_use_each_apps_datum():
    where = location(31.2390, 121.4380, "wgs84")
    landmark = SimpleNamespace(name="甲", address=None, location=where)
    amap, baidu = map_links(landmark)
    gcj, bd = to_gcj02(where), to_bd09(where)
    assert parse_qs(urlsplit(amap.url).query)["position"] == [f"{gcj.lon:.6f},{gcj.lat:.6f}"]
    assert parse_qs(urlsplit(amap.url).query)["coordinate"] == ["gaode"]
    query = parse_qs(urlsplit(baidu.url).query)
    assert query["location"] == [f"{bd.lat:.6f},{bd.lon:.6f}"] and query["coord_type"] == ["bd09ll"]


def test_without_address_or_coordinates_the_links_search_for_the_name_in_the_district():
    amap, baidu = map_links(SimpleNamespace(name="顾正红纪念馆", address=None, location=None))
    assert amap.search and baidu.search
    assert parse_qs(urlsplit(amap.url).query)["keyword"] == ["上海市普陀区 顾正红纪念馆"]
    assert parse_qs(urlsplit(baidu.url).query)["query"] == ["上海市普陀区 顾正红纪念馆"]
    assert parse_qs(urlsplit(baidu.url).query)["region"] == ["上海市"]
