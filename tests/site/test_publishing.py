"""Feeds, head tags, sitemap, JSON-LD and open data downloads of the built site."""
import csv
import io
import json
import re
import xml.etree.ElementTree as ET
from urllib.parse import urlsplit

import feedparser
import pytest
import real_items
from sitebuild import ROOT, Page, page, public_pages

from banma.pages.images import prepare_images
from banma.pages.open_data import downloads
from banma.pages.structured_data import script
from banma.records.landmark import Landmark
from banma.records.loader import load_site
from banma.records.plan import Plan
from banma.records.route import Route
from banma.records.story import Story
from banma.settings import Settings

SITE_URL = "https://banma-suhe.test/"
REAL = real_items.records()  # data/, loaded once for every module that reads it


def json_ld(built: Page) -> list[dict]:
    return [json.loads(body) for attrs, body in re.findall(r"<script([^>]*)>(.*?)</script>", built.raw, re.S)
            if "application/ld+json" in attrs]


@pytest.mark.parametrize("name", ["feed.xml", "rss.xml"])
def test_feeds_are_valid_newest_first_with_absolute_links(real_site, name):
    feed = feedparser.parse((real_site / name).read_bytes())
    assert not feed.bozo, feed.bozo_exception
    assert feed.version in ("atom10", "rss20")
    dates = [entry.published_parsed for entry in feed.entries]
    assert dates == sorted(dates, reverse=True)
    links = [entry.link for entry in feed.entries]
    assert all(link.startswith(SITE_URL) for link in links)
    assert {f"{SITE_URL}stories/{story_id}/" for story_id in REAL.stories} <= set(links)  # every story
    updated = [item_id for item_id, (_, item) in REAL.plan_items.items() if item.progress.updates]
    assert {f"{SITE_URL}plan/#item-{item_id}" for item_id in updated} <= set(links)  # every progress update
    assert len(feed.entries) == len(REAL.stories) + sum(len(i.progress.updates) for _, i in REAL.plan_items.values())
    assert len({entry.id for entry in feed.entries}) == len(feed.entries)


def test_every_page_has_its_head_tags(real_site):
    for path in public_pages(real_site, "index.html"):
        built = Page(path)
        url = path.relative_to(real_site).as_posix().removesuffix("index.html")
        assert built.title.strip(), url
        description = built.first("meta", name="description")
        assert description and description.attrs["content"].strip(), url
        canonical = built.first("link", rel="canonical")
        assert canonical and canonical.attrs["href"] == SITE_URL + url, url
        for prop in ("og:title", "og:description", "og:url", "og:type", "og:site_name", "og:locale"):
            assert built.first("meta", property=prop), (url, prop)
        assert built.first("link", rel="alternate", type="application/atom+xml"), url
        assert built.first("link", rel="alternate", type="application/rss+xml"), url


def test_item_page_descriptions_come_from_data(real_site):
    for landmark_id, landmark in sorted(REAL.landmarks.items())[:5]:
        built = page(real_site, f"landmarks/{landmark_id}/")
        assert built.first("meta", name="description").attrs["content"] == landmark.summary
        assert built.first("meta", property="og:title").attrs["content"] == landmark.name


def test_sitemap_has_a_last_modified_date_for_every_page(real_site):
    namespace = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    urls = ET.parse(real_site / "sitemap.xml").getroot().findall("s:url", namespace)
    assert len(urls) == len(public_pages(real_site, "index.html"))
    for entry in urls:
        assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", entry.find("s:lastmod", namespace).text)


def test_landmark_json_ld(real_site):
    for landmark_id, landmark in REAL.landmarks.items():
        [data] = json_ld(page(real_site, f"landmarks/{landmark_id}/"))
        assert data["@type"] == REAL.term("landmark_kinds", landmark.kind).schema_type
        assert data["name"] == landmark.name and data["url"] == f"{SITE_URL}landmarks/{landmark_id}/"
        assert ("address" in data) == bool(landmark.address)
        if landmark.address:
            assert data["address"]["streetAddress"] == landmark.address


def test_route_json_ld_lists_the_stops_in_order(real_site):
    route_id = max(sorted(REAL.routes), key=lambda r: len(REAL.routes[r].stops))
    route = REAL.routes[route_id]
    [data] = json_ld(page(real_site, f"routes/{route_id}/"))
    assert data["@type"] == "TouristTrip"
    stops = data["itinerary"]["itemListElement"]
    assert [s["position"] for s in stops] == list(range(1, len(route.stops) + 1))
    assert [s["item"]["name"] for s in stops] == [REAL.landmarks[s.landmark].name for s in route.stops]


def test_story_and_plan_json_ld(real_site):
    [story] = json_ld(page(real_site, "stories/zhiyinyuan-river-patrol/"))
    assert story["@type"] == "Article" and story["datePublished"] == "2025-07-22"
    assert story["author"]["name"] and story["publisher"]["name"] == "半马苏河"
    [plan] = json_ld(page(real_site, "plan/"))
    assert plan["datePublished"] == "2023-02-21"
    assert [p["name"] for p in plan["publisher"]] == REAL.plan.issuers
    assert all(p["@type"] == "GovernmentOrganization" for p in plan["publisher"])


def test_json_ld_cannot_break_out_of_its_script():
    text = "</script><script>alert(1)</script><!-- & \u2028"
    markup = str(script({"name": text}))
    assert markup.count("</script>") == 1 and markup.endswith("</script>") and "<!--" not in markup
    body = markup.removeprefix('<script type="application/ld+json">').removesuffix("</script>")
    assert json.loads(body) == {"name": text}


MODELS = {"landmarks": (Landmark, REAL.landmarks), "routes": (Route, REAL.routes), "stories": (Story, REAL.stories)}


@pytest.mark.parametrize("kind", list(MODELS))
def test_json_downloads_reproduce_the_records(real_site, kind):
    model, records = MODELS[kind]
    items = json.loads((real_site / "downloads" / f"{kind}.json").read_text(encoding="utf-8"))
    assert [item["id"] for item in items] == sorted(records)
    for item in items:
        record_id = item.pop("id")
        published = item.pop("images", [])  # each image's published copy, not the original (tests/site/test_photos.py)
        private = {"notes", "draft", "copy_url"}  # editors' notes and copies on other sites are never published
        assert not private & item.keys()
        expected = records[record_id].model_dump(exclude=private)
        originals = expected.pop("images", [])
        assert model.model_validate(_as_text(item)).model_dump(exclude={"images"} | private) == expected
        assert [(i["alt"], i["credit"]) for i in published] == [(i["alt"], i["credit"]) for i in originals]
        assert all((real_site / i["path"]).is_file() and i["path"].endswith(".webp") for i in published)
    schema = json.loads((real_site / "downloads" / f"{kind}.schema.json").read_text(encoding="utf-8"))
    import jsonschema
    jsonschema.Draft202012Validator(schema).validate(json.loads(
        (real_site / "downloads" / f"{kind}.json").read_text(encoding="utf-8")))


def _as_text(value):
    """Downloads hold JSON numbers and booleans; the models read YAML text, as editors write it."""
    if isinstance(value, dict):
        return {k: _as_text(v) for k, v in value.items() if v is not None}
    if isinstance(value, list):
        return [_as_text(v) for v in value]
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return value if value is None or isinstance(value, str) else str(value)


def test_plan_download_reproduces_the_plan(real_site):
    data = json.loads((real_site / "downloads" / "plan.json").read_text(encoding="utf-8"))
    assert Plan.model_validate(_as_text(data)) == REAL.plan


@pytest.mark.parametrize("name,columns,rows", [
    ("landmarks.csv", ["id", "name", "kind", "summary", "address"], len(REAL.landmarks)),
    ("route-stops.csv", ["route_id", "route_name", "stop_number", "landmark_id"], sum(len(r.stops) for r in REAL.routes.values())),
    ("stories.csv", ["id", "title", "date", "street", "community"], len(REAL.stories)),
    ("plan-items.csv", ["id", "part", "number", "title", "text", "status"], len(REAL.plan_items)),
])
def test_csv_downloads_open_with_the_right_columns(real_site, name, columns, rows):
    raw = (real_site / "downloads" / name).read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # Excel in China needs the BOM to read UTF-8
    table = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"))))
    assert len(table) == rows and list(table[0])[:len(columns)] == columns
    if name == "landmarks.csv":
        for row in table:
            record = REAL.landmarks[row["id"]]
            assert row["name"] == record.name and row["address"] == (record.address or "")


def test_downloads_are_deterministic(real_site):
    settings = Settings(SITE_URL, "半马苏河")
    images = prepare_images(load_site(ROOT), ROOT)[0]  # as the build names each photo's published copy
    first = {d.path: d.content for d in downloads(load_site(ROOT), settings, images)}
    second = {d.path: d.content for d in downloads(load_site(ROOT), settings, images)}
    assert first == second
    for path, content in first.items():
        assert (real_site / path).read_bytes() == content, path


def test_data_page_lists_every_download(real_site):
    built = page(real_site, "data/")
    for path in (real_site / "downloads").iterdir():
        assert f"../downloads/{path.name}" in built.links()


def test_every_page_has_its_share_card_and_the_site_its_icons(real_site):
    """og:image points at a card drawn for that page (600x315 PNG); the manifest names icons that exist."""
    from PIL import Image
    from sitebuild import Page
    pages = public_pages(real_site)
    cards = set()
    for path in pages:
        built = Page(path)
        image = built.first("meta", property="og:image")
        assert image is not None, path
        url = urlsplit(image.attrs["content"])
        assert url.scheme == "https" and url.path.startswith("/assets/cards/"), path
        card = real_site / url.path.lstrip("/")
        cards.add(card)
        with Image.open(card) as drawn:
            assert drawn.format == "PNG" and drawn.size == (600, 315)
    assert len(cards) == len(pages)  # one card per page
    manifest = json.loads((real_site / "assets/site.webmanifest").read_text(encoding="utf-8"))
    assert manifest["name"] and manifest["icons"]
    for icon in manifest["icons"]:
        with Image.open(real_site / "assets" / icon["src"]) as drawn:
            assert f"{drawn.size[0]}x{drawn.size[1]}" == icon["sizes"]
