"""The kinds with a design of their own: places, routes and stories (pages, maps and indexes made for them) and
the source register (no page each; its CSV says where each source is cited). Each is one KindAdapter
(kind_adapter.py): its page renderer (the template is the kind's own, records/kinds.py), its search entry and its
download columns, header and value together. Any other kind gets the default adapter.
"""
from __future__ import annotations

from ..records.citations import reader_text
from ..records.course_order import neighbours
from ..records.kinds import Kind
from ..records.site import Site
from ..records.source import SOURCE_TYPES
from ..settings import Settings
from . import structured_data, urls
from .citations import Citations, citing_pages
from .coordinates import map_links, search_terms, to_wgs84
from .course_map import course_map, course_view
from .kind_adapter import (
    DEFAULT,
    ID,
    URL,
    Column,
    JsonFile,
    KindAdapter,
    Searchable,
    Table,
    joined,
)
from .qr import qr_svg
from .reads import looked_up
from .story_neighbours import story_neighbours
from .templating import render

# The facts a visitor acts on, as a place's page labels them (and lists those no source gives); search files a
# place under the labels of those it states, so that “开放时间” finds the places that give their hours.
LANDMARK_FACTS = {"address": "地址", "opening_hours": "开放时间", "admission": "门票", "phone": "电话",
                  "transport": "交通"}


def _term_name(site: Site, vocabulary: str, term_id: str | None) -> str | None:
    term = site.term(vocabulary, term_id)
    return term.name if term else None


def _field(name: str) -> Column:
    """A column of the record's own value of a field."""
    return Column(name, lambda row: getattr(row.record, name))


def _term(name: str, vocabulary: str) -> Column:
    """A column of the name of the vocabulary term a field holds."""
    return Column(name, lambda row: _term_name(row.site, vocabulary, getattr(row.record, name)))


# -- places -------------------------------------------------------------------------------------------------------

def landmark_html(site: Site, kind: Kind, landmark, settings: Settings, images: dict) -> str:
    url = urls.item(kind.folder, landmark.id)
    root = urls.root_from(url)
    view = course_view(site, "locator", highlight=landmark.id, title=f"{landmark.name}的沿河位置")
    here = next((slot for slot in view.places if slot.highlight), None)
    locator = course_map(view, root, "locator") if here else None
    downstream, upstream = looked_up(site, neighbours, landmark.id)  # a preview notes which, not every position
    return render(kind.template, site=site, landmark=landmark, root=root, images=images, locator=locator,
                  citations=Citations.of_record(site, landmark), facts=LANDMARK_FACTS,
                  here=here, downstream=downstream, upstream=upstream,
                  map_links=map_links(landmark), search_terms=search_terms(landmark), canonical=settings.absolute(url),
                  qr=qr_svg(settings.absolute(url)),
                  json_ld=structured_data.script(structured_data.landmark(site, landmark, settings)))


def landmark_searchable(site: Site, kind: Kind, landmark) -> Searchable:
    english = [landmark.english_name] if landmark.english_name else []
    return Searchable(
        [landmark.name, *landmark.aliases, *english], landmark.summary,
        [reader_text(landmark.description), landmark.address or "", landmark.transport or "",
         _term_name(site, "streets", landmark.street) or ""],
        [("landmark_kinds", landmark.kind)],
        [*landmark.services, *(label for name, label in LANDMARK_FACTS.items() if getattr(landmark, name))])


def _creek(part: str) -> Column:
    return Column(f"creek_{part}", lambda row: getattr(row.record.creek, part) if row.record.creek else None,
                  ("creek",))


def landmark_tables(kind: Kind) -> tuple[Table, ...]:
    return (Table(kind.folder, f"{kind.label}（CSV，可用 Excel 打开）", f"每行一个{kind.label}。", (
        ID, _field("name"), _term("kind", "landmark_kinds"), _field("summary"), _field("address"),
        _field("opening_hours"), _field("phone"), _term("street", "streets"),
        _creek("bridge"), _creek("side"), _creek("bank"), _creek("km"),
        Column("milestones", lambda row: joined(f"{m.date.isoformat()} {m.event}" for m in row.record.milestones)),
        Column("services", lambda row: joined(row.record.services)), URL)),)


def landmark_points(site: Site, settings: Settings) -> dict | None:
    """The places with coordinates, as GeoJSON: WGS-84 by definition, so GCJ-02 coordinates are converted back."""
    features = []
    for landmark_id, landmark in sorted(site.landmarks.items()):
        if not landmark.location:
            continue
        point = to_wgs84(landmark.location)
        features.append({"type": "Feature", "id": landmark_id,
                         "geometry": {"type": "Point", "coordinates": [round(point.lon, 7), round(point.lat, 7)]},
                         "properties": {"name": landmark.name, "kind": landmark.kind,
                                        "url": settings.absolute(urls.landmark(landmark_id)),
                                        "coordinate_source": landmark.location.source}})
    return {"type": "FeatureCollection", "features": features} if features else None


LANDMARKS = KindAdapter(
    landmark_html, landmark_searchable, landmark_tables,
    # its facts' values other than address and transport are not searched: only their labels (facets)
    search_reads=frozenset({"name", "aliases", "english_name", "summary", "description", "address", "transport",
                            "street", "kind", "services", *LANDMARK_FACTS}),
    files=(JsonFile("landmarks.geojson", "有坐标的地点（GeoJSON，WGS-84）", "GeoJSON",
                    "已登记坐标（有来源）的地点；坐标为 WGS-84。", landmark_points),))


# -- routes -------------------------------------------------------------------------------------------------------

def route_html(site: Site, kind: Kind, route, settings: Settings, images: dict) -> str:
    url = urls.item(kind.folder, route.id)
    stops = [stop.landmark for stop in route.stops]
    view = course_view(site, "route", stops, numbered=True, title=f"{route.name}沿河示意图")
    # no map without any of the route's own places on it: its numbered stops, each with directions, instead
    course = course_map(view, urls.root_from(url), "route") if view.places else None
    return render(kind.template, site=site, route=route, root=urls.root_from(url), images=images, course=course,
                  missing=view.missing,
                  citations=Citations.of_record(site, route),
                  canonical=settings.absolute(url), qr=qr_svg(settings.absolute(url)),
                  json_ld=structured_data.script(structured_data.route(site, route, settings)))


def route_searchable(site: Site, kind: Kind, route) -> Searchable:
    stops = [site.landmarks[stop.landmark].name + " " + (stop.note or "") for stop in route.stops]
    return Searchable([route.name], route.summary, [route.theme, reader_text(route.description), *stops],
                      [("route_categories", route.category)])


def _route_stops(site: Site, kind: Kind):
    for route_id, route in sorted(site.items(kind).items()):
        for number, stop in enumerate(route.stops, start=1):
            yield route_id, route, (number, stop)


def _stop(row):
    """The stop a row of route-stops.csv is about."""
    return row.part[1]


def route_tables(kind: Kind) -> tuple[Table, ...]:
    return (Table(kind.folder, f"{kind.label}（CSV）", f"每行一条{kind.label}（站点见 route-stops.csv）。", (ID, URL)),
            Table("route-stops", f"{kind.label}站点（CSV）", f"每行一条{kind.label}的一个站点，按顺序。", (
                Column("route_id", lambda row: row.id), Column("route_name", lambda row: row.record.name),
                Column("stop_number", lambda row: row.part[0]),
                Column("landmark_id", lambda row: _stop(row).landmark),
                Column("landmark_name", lambda row: row.site.landmarks[_stop(row).landmark].name),
                Column("note", lambda row: _stop(row).note), URL), rows=_route_stops, complete=False))


ROUTES = KindAdapter(route_html, route_searchable, route_tables,
                     search_reads=frozenset({"name", "summary", "theme", "description", "stops", "category"}))


# -- stories ------------------------------------------------------------------------------------------------------

def story_html(site: Site, kind: Kind, story, settings: Settings, images: dict) -> str:
    url = urls.item(kind.folder, story.id)
    newer, older = story_neighbours(site, story.id)
    return render(kind.template, site=site, story=story, root=urls.root_from(url), images=images,
                  citations=Citations.of_record(site, story),
                  newer=newer, older=older,
                  json_ld=structured_data.script(structured_data.story(site, story, settings)))


def story_searchable(site: Site, kind: Kind, story) -> Searchable:
    return Searchable([story.title], story.summary,
                      [reader_text(story.body), story.community or "", _term_name(site, "streets", story.street) or ""],
                      [("tags", tag) for tag in story.tags])


def story_tables(kind: Kind) -> tuple[Table, ...]:
    return (Table(kind.folder, f"{kind.label}（CSV）", f"每行一个{kind.label}（不含正文）。", (
        ID, _field("title"), Column("date", lambda row: row.record.date.isoformat()), _term("street", "streets"),
        _field("community"), _field("summary"),
        Column("tags", lambda row: joined(row.site.term("tags", tag).name for tag in row.record.tags)),
        Column("landmarks", lambda row: joined(row.record.landmarks)), URL),
        omits=frozenset({"body"})),)  # the text itself: in stories.json, and on the story's page


STORIES = KindAdapter(story_html, story_searchable, story_tables,
                      search_reads=frozenset({"title", "summary", "body", "community", "street", "tags"}),
                      search_order=lambda site, kind: site.stories_newest_first(), og_type="article")


# -- sources (no page each: the register, /sources/) --------------------------------------------------------------

def source_tables(kind: Kind) -> tuple[Table, ...]:
    return (Table(kind.folder, f"信息{kind.label}（CSV）", f"每行一个{kind.label}，附引用它的页面。", (
        ID, Column("publisher", lambda row: _term_name(row.site, "publishers", row.record.publisher)),
        _field("title"), Column("title_is_ours", lambda row: "是" if row.record.title_is_ours else ""),
        _field("date"), Column("type", lambda row: SOURCE_TYPES[row.record.type]),
        Column("original_publisher", lambda row: _term_name(row.site, "publishers", row.record.original.publisher)
               if row.record.original else None, ("original",)),
        Column("weak", lambda row: "是" if row.record.weak else "", ()),
        Column("url_or_offline", lambda row: row.record.url or row.record.offline, ("url", "offline")),
        Column("cited_on", lambda row: joined(row.settings.absolute(url) for _, url in row.shared.get(row.id, [])), ())),
        omits=frozenset({"quotes"}),  # the quoted passages: long, several to a source; in sources.json
        prepare=citing_pages),)


SOURCES = KindAdapter(DEFAULT.render, DEFAULT.search, source_tables)

DESIGNS = {"landmarks": LANDMARKS, "routes": ROUTES, "stories": STORIES, "sources": SOURCES}


def adapter_of(kind: Kind) -> KindAdapter:
    """The kind's adapter: its own design, or the default one (kind_adapter.py)."""
    return DESIGNS.get(kind.folder, DEFAULT)
