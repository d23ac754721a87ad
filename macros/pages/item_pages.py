"""Records -> page records: one generated page per landmark, route, story and story filter.

A page record is plain data (where it lives, its title, its HTML, the data file
to edit); the MkDocs hook only hands these over. Nothing here imports MkDocs.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import partial
from typing import Callable

import yaml

from ..records.site import Site
from . import structured_data, urls
from .fragments import story_index
from .coordinates import map_links
from .course_map import course_map, course_view
from .publication import Publication
from .qr import qr_svg
from .templating import render


PLACEHOLDER = "<!-- generated page: its HTML is put here after Markdown -->"


@dataclass(frozen=True)
class PageRecord:
    url: str  # e.g. "landmarks/gu-zhenghong-memorial/"
    title: str
    description: str
    render: Callable[[], str]  # the page's HTML, made when asked: thousands of pages need not all sit in memory
    edit_path: str | None  # data file, relative to the project root

    @property
    def html(self) -> str:
        return self.render()

    @property
    def source_path(self) -> str:
        return urls.source_file(self.url)

    def markdown(self) -> str:
        """The page as MkDocs reads it: front matter and a placeholder.

        The HTML itself never goes through Markdown (or the macro engine): the hook puts
        `html` in place of the placeholder after conversion. `render_macros: false` is a
        second lock, and the front matter is written by a YAML emitter, never by hand.
        """
        meta = {"title": self.title, "description": self.description, "render_macros": False,
                "hide": ["toc"]}
        front = yaml.safe_dump(meta, allow_unicode=True, sort_keys=False, width=10_000)
        return f"---\n{front}---\n\n{PLACEHOLDER}\n"


def generate_pages(site: Site, publication: Publication, images: dict | None = None) -> list[PageRecord]:
    images = images or {}
    pages: list[PageRecord] = []
    for landmark in site.landmarks.values():
        url = urls.landmark(landmark.id)
        pages.append(PageRecord(url, landmark.name, landmark.summary,
                                partial(_landmark_html, site, landmark, publication, images),
                                site.files[("landmarks", landmark.id)]))
    for route in site.routes.values():
        url = urls.route(route.id)
        pages.append(PageRecord(url, route.name, route.summary, partial(_route_html, site, route, publication, images),
                                site.files[("routes", route.id)]))
    for story in site.stories.values():
        url = urls.story(story.id)
        pages.append(PageRecord(url, story.title, story.summary, partial(_story_html, site, story, publication, images),
                                site.files[("stories", story.id)]))
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
                pages.append(PageRecord(url, heading, description.format(term.name),
                                        partial(_filter_html, site, url, heading, **{key: term.id}),
                                        "data/vocabularies.yaml"))
    return pages


def _landmark_html(site: Site, landmark, publication: Publication, images: dict) -> str:
    url = urls.landmark(landmark.id)
    root = urls.root_from(url)
    placed = landmark.creek is not None and landmark.creek.km is not None
    locator = course_map(course_view(site, "locator", [landmark.id], title=f"{landmark.name}的沿河位置"),
                         root, "locator") if placed else None
    return render("landmark.html", site=site, landmark=landmark, root=root, images=images, locator=locator,
                  map_links=map_links(landmark), canonical=publication.absolute(url),
                  qr=qr_svg(publication.absolute(url)),
                  json_ld=structured_data.script(structured_data.landmark(site, landmark, publication)))


def _route_html(site: Site, route, publication: Publication, images: dict) -> str:
    url = urls.route(route.id)
    stops = [stop.landmark for stop in route.stops]
    course = course_map(course_view(site, "route", stops, numbered=True, title=f"{route.name}沿河地图"),
                        urls.root_from(url), "route")
    return render("route.html", site=site, route=route, root=urls.root_from(url), images=images, course=course,
                  canonical=publication.absolute(url), qr=qr_svg(publication.absolute(url)),
                  json_ld=structured_data.script(structured_data.route(site, route, publication)))


def _story_html(site: Site, story, publication: Publication, images: dict) -> str:
    url = urls.story(story.id)
    return render("story.html", site=site, story=story, root=urls.root_from(url), images=images,
                  json_ld=structured_data.script(structured_data.story(site, story, publication)))


def _filter_html(site: Site, url: str, title: str, **only) -> str:
    return render("story_filter.html", heading=title, index=story_index(site, urls.root_from(url), **only))
