"""The course map: valid, accessible SVG; each positioned place once at its place; the rest listed."""
import re
import xml.etree.ElementTree as ET
from urllib.parse import parse_qs, urlsplit

import pytest
import real_items
from sitebuild import ROOT, page

from banma.pages.coordinates import to_bd09, to_gcj02
from banma.records.loader import load_site

SVG = "{http://www.w3.org/2000/svg}"
FIXTURE = load_site(ROOT / "tests/fixtures/minimal")
REAL = real_items.records()  # data/, loaded once for every module that reads it


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
        assert title.text and "不按比例" in desc.text
        assert svg.get("aria-labelledby").split() == [title.get("id"), desc.get("id")]
        assert all(i in ids for i in svg.get("aria-labelledby").split())
        for link in markers(svg).values():
            assert link.find(f"{SVG}title").text  # every marker link has a name
    assert "示意图，不按比例" in built.text


def bridge_ticks(svg, layout) -> dict[str, float]:
    """Bridge name -> its tick's x (wide) or y (tall), read from the drawing."""
    found = {}
    for group in svg.iter(f"{SVG}g"):
        if "hm-course__bridge" in (group.get("class") or ""):
            line = group.find(f"{SVG}line")
            found[group.find(f"{SVG}title").text] = float(line.get("x1" if layout == "wide" else "y1"))
    return found


def water(svg) -> ET.Element:
    return next(r for r in svg.iter(f"{SVG}rect") if r.get("class") == "hm-course__water")


@pytest.mark.parametrize("site_name", ["fixture", "real"])
def test_bridges_and_places_are_drawn_where_the_data_puts_them(fixture_site, real_site, site_name):
    """Checked against course.yaml and each place's sourced relation, not against the layout formulas."""
    data, site_dir = (FIXTURE, fixture_site) if site_name == "fixture" else (REAL, real_site)
    names = [bridge.name for bridge in data.course.bridges]
    index = {bridge.id: n for n, bridge in enumerate(data.course.bridges)}
    wide, tall = svgs(page(site_dir, "landmarks/"))
    for svg, layout in ((wide, "wide"), (tall, "tall")):
        ticks = bridge_ticks(svg, layout)
        assert list(ticks) == names  # every bridge, in course order
        # Along the course: east to west is right to left (wide), top to bottom (tall).
        along = [(-x if layout == "wide" else x) for x in ticks.values()]
        assert along == sorted(along) and len(set(along)) == len(along)
        rect = water(svg)
        drawn = markers(svg)
        for landmark_id, landmark in data.landmarks.items():
            href = f"../landmarks/{landmark_id}/"
            if landmark.creek is None:
                assert href not in drawn
                continue
            circle = drawn[href].find(f"{SVG}circle")
            x, y = float(circle.get("cx")), float(circle.get("cy"))
            position = -x if layout == "wide" else y
            creek, n = landmark.creek, index[landmark.creek.bridge]
            own = along[n]
            before = along[n - 1] if n > 0 else float("-inf")
            after = along[n + 1] if n + 1 < len(along) else float("inf")
            low, high = {"downstream": (before, own), "upstream": (own, after), None: (before, after)}[creek.side]
            assert low < position < high, (landmark_id, creek)
            if layout == "wide":
                top, bottom = float(rect.get("y")), float(rect.get("y")) + float(rect.get("height"))
                assert {"left": y < top, "right": y > bottom, None: top < y < bottom}[creek.bank], landmark_id
            else:
                left, right = float(rect.get("x")), float(rect.get("x")) + float(rect.get("width"))
                assert {"left": x < left, "right": x > right, None: left < x < right}[creek.bank], landmark_id


def test_unpositioned_landmarks_are_listed_not_drawn(real_site):
    built = page(real_site, "")
    wide, _ = svgs(built)
    drawn = markers(wide)
    listed = re.search(r'<ul class="hm-course__unplaced">(.*?)</ul>', built.raw, re.S)
    for landmark_id, landmark in REAL.landmarks.items():
        href = f"landmarks/{landmark_id}/"
        if landmark.creek:
            assert href in drawn and f'href="{href}"' not in listed.group(1)
        else:
            assert href not in drawn and f'href="{href}"' in listed.group(1) and landmark.name in listed.group(1)


def test_text_list_says_what_the_drawing_says(real_site):
    """The words, in the same order: every bridge and positioned place, as the data orders them."""
    built = page(real_site, "")
    listed = re.search(r'<ol class="hm-course__list">(.*?)</ol>', built.raw, re.S).group(1)
    names = [re.sub(r"<[^>]+>", "", item).split("：")[0].split("（")[0]
             for item in re.findall(r"<li[^>]*>(.*?)</li>", listed, re.S)]
    wide, _ = svgs(built)
    drawn = [(link.find(f"{SVG}title").text.split("（")[0], float(link.find(f"{SVG}circle").get("cx")))
             for link in markers(wide).values()] + list(bridge_ticks(wide, "wide").items())
    assert [name for name, x in sorted(drawn, key=lambda pair: -pair[1])] == names


def test_route_stops_are_numbered_in_data_order(fixture_site):
    built = page(fixture_site, "routes/route-r/")
    route = FIXTURE.routes["route-r"]
    for svg in svgs(built):
        numbers = {href: link.find(f"{SVG}text").text for href, link in markers(svg).items()}
        expected = {f"../../landmarks/{stop.landmark}/": str(n) for n, stop in enumerate(route.stops, start=1)}
        assert numbers == expected
    listed = re.findall(r"<li>第 (\d+) 站：", built.raw)
    assert sorted(listed) == ["1", "2"]


def test_real_routes_draw_their_positioned_stops_and_name_the_rest(real_site):
    for route_id, route in REAL.routes.items():
        built = page(real_site, f"routes/{route_id}/")
        if not any(REAL.landmarks[stop.landmark].creek for stop in route.stops):
            # no map without any of its own stops; every stop listed with its directions instead
            assert not svgs(built), route_id
            assert all(f"../../landmarks/{stop.landmark}/#directions" in built.links() for stop in route.stops)
            continue
        wide, tall = svgs(built)
        for svg in (wide, tall):
            drawn = {href.split("/")[-2]: link.find(f"{SVG}text").text for href, link in markers(svg).items()}
            expected = {}
            for n, stop in enumerate(route.stops, start=1):
                if REAL.landmarks[stop.landmark].creek:
                    expected.setdefault(stop.landmark, []).append(str(n))
            assert drawn == {k: ",".join(v) for k, v in expected.items()}, route_id
        missing = re.search(r'<p class="hm-course__missing"[^>]*>(.*?)</p>', built.raw, re.S)
        for n, stop in enumerate(route.stops, start=1):
            landmark = REAL.landmarks[stop.landmark]
            if not landmark.creek:  # named, with its number, in words beside the map (not behind a box)
                assert missing and re.search(rf"{n}[^<]*\. {re.escape(landmark.name)}</a>", missing.group(1)), (route_id, n)


def test_a_route_walked_towards_the_start_runs_down_the_phone_map_in_walking_order(fixture_site):
    route = FIXTURE.routes["route-r"]
    rank = {b.id: n for n, b in enumerate(FIXTURE.course.bridges)}
    first, last = (FIXTURE.landmarks[route.stops[i].landmark].creek.bridge for i in (0, -1))
    assert rank[first] > rank[last], "the fixture route must be walked towards the start for this test"
    wide, tall = svgs(page(fixture_site, "routes/route-r/"))
    rows = {link.find(f"{SVG}text").text: float(link.find(f"{SVG}circle").get("cy")) for link in markers(tall).values()}
    assert rows["1"] < rows["2"]  # stop 1 at the top of the phone map
    columns = {link.find(f"{SVG}text").text: float(link.find(f"{SVG}circle").get("cx")) for link in markers(wide).values()}
    assert columns["1"] < columns["2"]  # the wide map keeps east on the right, as maps do


def test_landmark_locator_highlights_the_place_and_links_its_neighbours(real_site):
    """Walking the 上游/下游 links visits every positioned place once, never against the bridge chain."""
    index = {bridge.id: n for n, bridge in enumerate(REAL.course.bridges)}

    def rank(landmark):
        return 2 * index[landmark.creek.bridge] + {"downstream": -1, None: 0, "upstream": 1}[landmark.creek.side]

    prev_of, next_of = {}, {}
    for landmark_id, landmark in REAL.landmarks.items():
        built = page(real_site, f"landmarks/{landmark_id}/")
        if not landmark.creek:
            assert not svgs(built) and "hm-neighbours" not in built.raw
            continue
        for svg in svgs(built):
            [here] = [href for href, link in markers(svg).items() if "--here" in link.get("class")]
            assert here == f"../../landmarks/{landmark_id}/"
        for rel, found in (("prev", prev_of), ("next", next_of)):
            link = re.search(rf'href="\.\./\.\./landmarks/([^/]+)/" rel="{rel}"', built.raw)
            found[landmark_id] = link.group(1) if link else None
    positioned = [i for i, lm in REAL.landmarks.items() if lm.creek]
    [first] = [i for i in positioned if prev_of[i] is None]
    walk = [first]
    while next_of[walk[-1]]:
        assert prev_of[next_of[walk[-1]]] == walk[-1]
        walk.append(next_of[walk[-1]])
    assert sorted(walk) == sorted(positioned)
    ranks = [rank(REAL.landmarks[i]) for i in walk]
    assert ranks == sorted(ranks)


def test_landmark_map_links(fixture_site):
    built = page(fixture_site, "landmarks/museum-b/")
    landmark = FIXTURE.landmarks["museum-b"]
    gcj, bd = to_gcj02(landmark.location), to_bd09(landmark.location)
    links = {urlsplit(href).netloc: href for href in built.links() if "map" in urlsplit(href).netloc}
    amap = parse_qs(urlsplit(links["uri.amap.com"]).query)
    assert amap["position"] == [f"{gcj.lon:.6f},{gcj.lat:.6f}"] and amap["name"] == ["测试博物馆乙"]
    baidu = parse_qs(urlsplit(links["api.map.baidu.com"]).query)
    assert baidu["location"] == [f"{bd.lat:.6f},{bd.lon:.6f}"] and baidu["content"] == ["测试路1号"]
    assert "&amp;" in built.raw and 'data-hm-copy="测试路1号"' in built.raw


def test_every_place_page_offers_directions(real_site):
    """With coordinates, the point; else a search for the name and address, or the name in the district,
    said to be a search. Routes link their first stop's directions."""
    from banma.records.loader import load_site
    real = load_site(ROOT)
    for landmark_id, landmark in real.landmarks.items():
        built = page(real_site, f"landmarks/{landmark_id}/")
        links = built.links()
        if landmark.location:
            assert any(href.startswith("https://uri.amap.com/marker") for href in links), landmark_id
            continue
        amap = next(href for href in links if href.startswith("https://uri.amap.com/search"))
        expected = f"{landmark.name} {landmark.address}" if landmark.address else f"上海市普陀区 {landmark.name}"
        assert parse_qs(urlsplit(amap).query)["keyword"] == [expected], landmark_id
        assert any(href.startswith("https://api.map.baidu.com/place/search") for href in links), landmark_id
        assert "不是本站核实的位置" in built.text, landmark_id  # a search, said to be one
    for route_id, route in real.routes.items():
        first = route.stops[0].landmark
        assert f"../../landmarks/{first}/#directions" in page(real_site, f"routes/{route_id}/").links(), route_id


def test_geojson_download_where_coordinates_exist(fixture_site, real_site):
    import json
    data = json.loads((fixture_site / "downloads/landmarks.geojson").read_text(encoding="utf-8"))
    [feature] = data["features"]
    assert feature["id"] == "museum-b" and feature["geometry"]["coordinates"] == [121.438, 31.239]
    assert not (real_site / "downloads/landmarks.geojson").exists()  # no coordinates in the real data yet


def test_no_name_is_drawn_twice_on_a_map(real_site):
    """A footbridge with a page of its own (a place at its own bridge) is drawn once, as the place."""
    pages = ["", "landmarks/"] + [f"routes/{r}/" for r in REAL.routes] + [f"landmarks/{lid}/" for lid in REAL.landmarks]
    for url in pages:
        for svg in svgs(page(real_site, url)):
            labels = ["".join(text.itertext()).rstrip("？…") for text in svg.iter(f"{SVG}text")
                      if "hm-course__number" not in (text.get("class") or "")
                      and "hm-course__end" not in (text.get("class") or "")
                      and "hm-course__flow" not in (text.get("class") or "") and "公里" not in "".join(text.itertext())]
            assert len(labels) == len(set(labels)), (url, sorted(n for n in labels if labels.count(n) > 1))
