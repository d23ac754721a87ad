"""Records -> page records: one generated page per landmark, route, story and story filter.

A page record is plain data (where it lives, its title, its HTML, the data file
to edit); the MkDocs hook only hands these over. Nothing here imports MkDocs.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import partial

from ..records.course_order import neighbours
from ..records.kinds import BY_FOLDER, KINDS
from ..records.schema_export import markdown_fields
from ..records.site import Site
from ..settings import Settings
from . import structured_data, urls
from .citations import Citations
from .coordinates import map_links, search_terms
from .course_map import course_map, course_view
from .fragments import story_index
from .page_inputs import filter_inputs, item_inputs, landmark_inputs, route_inputs, story_inputs, story_neighbours
from .qr import qr_svg
from .templating import render

DESIGNED = ("landmarks", "routes", "stories")  # kinds with pages, maps and indexes of their own design


@dataclass(frozen=True)
class PageRecord:
    url: str  # e.g. "landmarks/gu-zhenghong-memorial/"
    title: str
    description: str
    kind: str  # what a visitor calls it: 地点, 线路, 故事, 故事列表
    render: Callable[[], str]  # the page's HTML body, made when asked: thousands of pages need not all sit in memory
    edit_path: str | None  # data file, relative to the project root
    inputs: Callable[[], list[str]]  # the records it shows (page_inputs.py), for preview rebuilds

    @property
    def html(self) -> str:
        return self.render()

    def front_matter(self) -> dict:
        """What a generator would read from front matter: no macros, no table of contents, not in its search."""
        return {"title": self.title, "description": self.description, "render_macros": False, "hide": ["toc"],
                "search": {"exclude": True},  # items are indexed from their records (banma/search)
                **({"og_type": "article"} if self.kind == BY_FOLDER["stories"].label else {})}  # a story: og:type

    @property
    def source_path(self) -> str:
        return urls.source_file(self.url)

    @property
    def folder(self) -> str:
        """The folder the page is in, e.g. "landmarks" for "landmarks/x/" (its relative links start there)."""
        return self.url.rstrip("/").rpartition("/")[0] or "."


def generate_pages(site: Site, settings: Settings, images: dict | None = None) -> list[PageRecord]:
    images = images or {}
    pages: list[PageRecord] = []
    for landmark in site.landmarks.values():
        url = urls.landmark(landmark.id)
        pages.append(PageRecord(url, landmark.name, landmark.summary, BY_FOLDER["landmarks"].label,
                                partial(_landmark_html, site, landmark, settings, images),
                                site.files[("landmarks", landmark.id)], partial(landmark_inputs, site, landmark.id)))
    for route in site.routes.values():
        url = urls.route(route.id)
        pages.append(PageRecord(url, route.name, route.summary, BY_FOLDER["routes"].label,
                                partial(_route_html, site, route, settings, images),
                                site.files[("routes", route.id)], partial(route_inputs, site, route.id)))
    for story in site.stories.values():
        url = urls.story(story.id)
        pages.append(PageRecord(url, story.title, story.summary, BY_FOLDER["stories"].label,
                                partial(_story_html, site, story, settings, images),
                                site.files[("stories", story.id)], partial(story_inputs, site, story.id)))
    # Any other kind of the registry (records/kinds.py): its generic page (item.html unless the kind names one).
    for kind in KINDS:
        if kind.folder in DESIGNED or not kind.has_pages:
            continue
        for record in site.items(kind).values():
            url = urls.item(kind.folder, record.id)
            pages.append(PageRecord(url, getattr(record, kind.title_field), getattr(record, kind.summary_field, ""),
                                    kind.label, partial(_item_html, site, kind, record, images),
                                    site.files[(kind.folder, record.id)], partial(item_inputs, site, kind, record.id)))
    # One filter page per tag and per street that a story uses.
    filters = [("tag", site.vocabulary.tags, {t for s in site.stories.values() for t in s.tags},
                urls.story_tag, "故事标签：{}", "标签为“{}”的亲河社区故事。"),
               ("street", site.vocabulary.streets, {s.street for s in site.stories.values() if s.street},
                urls.story_street, "{}的故事", "{}的亲河社区故事。")]
    for key, terms, used, url_of, title, description in filters:
        for term in terms:
            if term.id in used:
                url = url_of(term.id)
                heading = title.format(term.name)
                pages.append(PageRecord(url, heading, description.format(term.name), "故事列表",
                                        partial(_filter_html, site, url, heading, **{key: term.id}),
                                        "data/vocabularies.yaml", partial(filter_inputs, site, **{key: term.id})))
    return pages


def _landmark_html(site: Site, landmark, settings: Settings, images: dict) -> str:
    url = urls.landmark(landmark.id)
    root = urls.root_from(url)
    view = course_view(site, "locator", highlight=landmark.id, title=f"{landmark.name}的沿河位置")
    here = next((slot for slot in view.places if slot.highlight), None)
    locator = course_map(view, root, "locator") if here else None
    downstream, upstream = neighbours(site, landmark.id)
    return render("landmark.html", site=site, landmark=landmark, root=root, images=images, locator=locator,
                  citations=Citations.of_record(site, landmark),
                  here=here, downstream=downstream, upstream=upstream,
                  map_links=map_links(landmark), search_terms=search_terms(landmark), canonical=settings.absolute(url),
                  qr=qr_svg(settings.absolute(url)),
                  json_ld=structured_data.script(structured_data.landmark(site, landmark, settings)))


def _route_html(site: Site, route, settings: Settings, images: dict) -> str:
    url = urls.route(route.id)
    stops = [stop.landmark for stop in route.stops]
    view = course_view(site, "route", stops, numbered=True, title=f"{route.name}沿河示意图")
    # no map without any of the route's own places on it: its numbered stops, each with directions, instead
    course = course_map(view, urls.root_from(url), "route") if view.places else None
    return render("route.html", site=site, route=route, root=urls.root_from(url), images=images, course=course,
                  missing=view.missing,
                  citations=Citations.of_record(site, route),
                  canonical=settings.absolute(url), qr=qr_svg(settings.absolute(url)),
                  json_ld=structured_data.script(structured_data.route(site, route, settings)))


def _story_html(site: Site, story, settings: Settings, images: dict) -> str:
    url = urls.story(story.id)
    newer, older = story_neighbours(site, story.id)
    return render("story.html", site=site, story=story, root=urls.root_from(url), images=images,
                  citations=Citations.of_record(site, story),
                  newer=newer, older=older,
                  json_ld=structured_data.script(structured_data.story(site, story, settings)))


def _item_html(site: Site, kind, record, images: dict) -> str:
    url = urls.item(kind.folder, record.id)
    return render(kind.template, site=site, kind=kind, item=record, root=urls.root_from(url), images=images,
                  citations=Citations.of_record(site, record),
                  title=getattr(record, kind.title_field), summary=getattr(record, kind.summary_field, ""),
                  texts=[getattr(record, name) for name in markdown_fields(kind.model) if getattr(record, name)])


def _filter_html(site: Site, url: str, title: str, **only) -> str:
    return render("story_filter.html", heading=title, index=story_index(site, urls.root_from(url), **only))
