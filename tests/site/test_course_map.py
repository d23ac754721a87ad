"""The course map: valid, accessible SVG; each positioned place once at its place; the rest listed."""
import re
import xml.etree.ElementTree as ET
from urllib.parse import parse_qs, urlsplit

import pytest

from banma.pages.coordinates import to_bd09, to_gcj02
from banma.records.loader import load_site
from sitebuild import ROOT, page

SVG = "{http://www.w3.org/2000/svg}"
FIXTURE = load_site(ROOT / "tests/fixtures/minimal")
REAL = load_site(ROOT)


def svgs(built) -> list[ET.Element]:
    """Each inline SVG, parsed as XML (so it must be well-formed)."""
    found = []
    for text in re.findall(r"<svg\b.*?</svg>", built.raw, re.S):
        if "hm-course__svg" not in text:
            continue
        found.append(ET.fromstring(text.replace("<svg ", '<svg xmlns="http://www.w3.org/2000/svg" ', 1)))
    return found


def markers(svg) -> dict[str, ET.Element]:
    found = {}
    for link in svg.iter(f"{SVG}a"):
        href = link.get("href")
        assert href not in found, f"{href} drawn twice"
        found[href] = link
    return found


@pytest.mark.parametrize("path", ["", "landmarks/", "routes/route-r/", "landmarks/station-a/"])
def test_maps_are_valid_and_named(fixture_site, path):
    built = page(fixture_site, path)
    maps = svgs(built)
    assert len(maps) == 2  # wide and tall layouts
    ids = built.ids()
    for svg in maps:
        title, desc = svg.find(f"{SVG}title"), svg.find(f"{SVG}desc")
        assert title.text and desc.text and "公里" in desc.text
        assert svg.get("aria-labelledby").split() == [title.get("id"), desc.get("id")]
        assert all(i in ids for i in svg.get("aria-labelledby").split())
        for link in markers(svg).values():
            assert link.find(f"{SVG}title").text  # every marker link has a name


def test_each_positioned_landmark_is_drawn_once_at_its_place(fixture_site):
    wide, tall = svgs(page(fixture_site, "landmarks/"))
    for landmark_id, landmark in FIXTURE.landmarks.items():
        href = f"../landmarks/{landmark_id}/"
        km, bank = landmark.creek.km, landmark.creek.bank
        circle = markers(wide)[href].find(f"{SVG}circle")
        assert float(circle.get("cx")) == pytest.approx(40 + km / 21.1 * 920)
        assert float(circle.get("cy")) == {"north": 110, "south": 150}[bank]
        circle = markers(tall)[href].find(f"{SVG}circle")
        assert float(circle.get("cy")) == pytest.approx(40 + km * 40)
        assert float(circle.get("cx")) == {"north": 210, "south": 170}[bank]


def test_unpositioned_landmarks_are_listed_not_drawn(real_site):
    built = page(real_site, "")
    wide, _ = svgs(built)
    assert markers(wide) == {}  # no source gives a kilometre mark yet: nothing is placed at a guess
    listed = re.search(r'<ul class="hm-course__unplaced">(.*?)</ul>', built.raw, re.S).group(1)
    for landmark_id, landmark in REAL.landmarks.items():
        assert f'href="landmarks/{landmark_id}/"' in listed and landmark.name in listed


def test_route_stops_are_numbered_in_order(fixture_site):
    built = page(fixture_site, "routes/route-r/")
    wide, tall = svgs(built)
    route = FIXTURE.routes["route-r"]
    for svg in (wide, tall):
        numbers = {href: link.find(f"{SVG}text").text for href, link in markers(svg).items()}
        expected = {f"../../landmarks/{stop.landmark}/": str(n) for n, stop in enumerate(route.stops, start=1)}
        assert numbers == expected
    text_list = re.findall(r"<li>第 (\d+) 站，第 ([\d.]+) 公里", built.raw)
    assert [n for n, _ in text_list] == ["1", "2"]


def test_landmark_locator_and_map_links(fixture_site):
    built = page(fixture_site, "landmarks/museum-b/")
    wide, _ = svgs(built)
    assert list(markers(wide)) == ["../../landmarks/museum-b/"]
    landmark = FIXTURE.landmarks["museum-b"]
    gcj, bd = to_gcj02(landmark.location), to_bd09(landmark.location)
    links = {urlsplit(href).netloc: href for href in built.links() if "map" in urlsplit(href).netloc}
    amap = parse_qs(urlsplit(links["uri.amap.com"]).query)
    assert amap["position"] == [f"{gcj.lon:.6f},{gcj.lat:.6f}"] and amap["name"] == ["测试博物馆乙"]
    baidu = parse_qs(urlsplit(links["api.map.baidu.com"]).query)
    assert baidu["location"] == [f"{bd.lat:.6f},{bd.lon:.6f}"] and baidu["content"] == ["测试路1号"]
    assert "&amp;" in built.raw and 'data-hm-copy="测试路1号"' in built.raw


def test_address_only_landmarks_get_search_links(real_site):
    from banma.records.loader import load_site
    real = load_site(ROOT)
    for landmark_id, landmark in real.landmarks.items():
        links = page(real_site, f"landmarks/{landmark_id}/").links()
        if landmark.address and not landmark.location:
            amap = next(href for href in links if href.startswith("https://uri.amap.com/search"))
            assert parse_qs(urlsplit(amap).query)["keyword"] == [landmark.address]
        elif not landmark.address and not landmark.location:
            assert not any("amap" in href for href in links)


def test_geojson_download_where_coordinates_exist(fixture_site, real_site):
    import json
    data = json.loads((fixture_site / "downloads/landmarks.geojson").read_text(encoding="utf-8"))
    [feature] = data["features"]
    assert feature["id"] == "museum-b" and feature["geometry"]["coordinates"] == [121.438, 31.239]
    assert not (real_site / "downloads/landmarks.geojson").exists()  # no coordinates in the real data yet
