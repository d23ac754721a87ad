"""HTML fragments that hand-written pages place with macros (index lists, the plan, home figures).

Each returns Markup from an autoescaped template. `root` is the relative path from
the calling page back to the site root (see urls.root_from).
"""
from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass

from markupsafe import Markup

from ..records.evidence import plan_claims
from ..records.site import Site
from ..records.source import SOURCE_TYPES
from . import urls
from .citations import Citations, citing_pages
from .course_map import course_map, course_view
from .ordering import along_the_creek, by_pinyin
from .templating import number, render


def _wrap(html: str) -> Markup:
    # A raw HTML block for Markdown: it must start a line and be followed by a blank line.
    return Markup(f"\n\n{html.strip()}\n\n")


def landmark_index(site: Site, root: str) -> Markup:
    groups = []
    for kind in site.vocabulary.landmark_kinds:
        members = [lm for lm in site.landmarks.values() if lm.kind == kind.id]
        if members:
            groups.append((kind, along_the_creek(site, members)))
    where = {slot.stop.id: slot.where for slot in course_view(site).places}
    return _wrap(render("landmark_index.html", site=site, groups=groups, root=root, where=where))


def route_index(site: Site, root: str) -> Markup:
    groups = []
    for category in site.vocabulary.route_categories:
        members = by_pinyin(r for r in site.routes.values() if r.category == category.id)
        if members:
            groups.append((category, members))
    return _wrap(render("route_index.html", site=site, groups=groups, root=root))


def story_index(site: Site, root: str, tag: str | None = None, street: str | None = None) -> Markup:
    every = site.stories_newest_first()
    stories = [s for s in every if (tag is None or tag in s.tags) and (street is None or s.street == street)]
    tag_counts = Counter(t for s in every for t in s.tags)
    street_counts = Counter(s.street for s in every if s.street)
    tags = [(term, tag_counts[term.id]) for term in site.vocabulary.tags if tag_counts[term.id]]
    streets = [(term, street_counts[term.id]) for term in site.vocabulary.streets if street_counts[term.id]]
    return _wrap(render("story_index.html", site=site, stories=stories, tags=tags, streets=streets,
                        current=tag or street, root=root))


def course_overview(site: Site, root: str) -> Markup:
    return _wrap(str(course_map(course_view(site), root, "course")))


def latest_stories(site: Site, root: str, count: int = 3) -> Markup:
    return _wrap(render("_latest.html", site=site, stories=site.stories_newest_first()[:count], root=root))


def visitor_entries(site: Site, root: str) -> Markup:
    return _wrap(render("home_entries.html", site=site, root=root))


def plan_document(site: Site, root: str, json_ld: Markup) -> Markup:
    # Sources numbered as the page shows them: the plan itself, then each item's updates, newest first.
    cited = [site.plan.source]
    for part in site.plan.parts:
        for item in part.items:
            for update in sorted(item.progress.updates, key=lambda u: u.date, reverse=True):
                cited += update.sources
    return _wrap(render("plan.html", site=site, root=root, json_ld=json_ld, citations=Citations(site, cited, plan_claims(site.plan))))


def downloads_table(found, root: str) -> Markup:
    return _wrap(render("downloads.html", downloads=found, root=root))


@dataclass(frozen=True)
class Figure:
    value: str
    unit: str
    label: str
    url: str


def key_figures(site: Site, root: str, limit: int = 6) -> Markup:
    """The plan's numeric targets, each linked to the item (or part) that states it."""
    figures = []
    for part in site.plan.parts:
        stated = [(t, urls.plan_part(part.id)) for t in part.targets]
        stated += [(t, urls.plan_item(item.id)) for item in part.items for t in item.targets]
        for target, url in stated:
            if target.value is None:
                continue
            value = number(target.value)
            if target.comparison == "range":
                value += "–" + number(target.value_max)
            elif target.comparison == "at_least":
                value += "+"
            elif target.comparison == "reduce_by":
                value = "↓" + value
            figures.append(((target.value_max or target.value) <= 1, Figure(value, target.unit or "", target.label, url)))
    # Counts of one ("1 meeting") say least at a glance: larger figures first, otherwise plan order.
    chosen = [figure for _, figure in sorted(figures, key=lambda pair: pair[0])][:limit]
    return _wrap(render("home_figures.html", figures=chosen, root=root, year=site.plan.date.year))


def about_content(site: Site) -> Markup:
    """What the site holds and how it treats gaps, counted from the data (never hand-typed)."""
    landmarks = list(site.landmarks.values())
    counts = {"landmarks": len(landmarks), "routes": len(site.routes), "stories": len(site.stories),
              "addresses": sum(1 for lm in landmarks if lm.address),
              "hours": sum(1 for lm in landmarks if lm.opening_hours),
              "positions": sum(1 for lm in landmarks if lm.creek)}
    return _wrap(render("about_content.html", counts=counts, plan_year=site.plan.date.year))


def report_errors(report_url: str) -> Markup:
    """How to report an error, when the site's operator configured an address; nothing otherwise."""
    return _wrap(render("about_report.html", report_url=report_url)) if report_url else Markup("")


TYPE_ABOUT = {
    "official": "政府部门、街道和官方账号发布的信息。",
    "press": "新闻媒体和专业媒体的原始报道。",
    "repost": "其他网站转载的文字。注明原出处的，按原出处对待；未注明原出处的较弱，只能与可靠来源一起使用。",
    "listing": "列表、百科或聚合网站。较弱，只能与可靠来源一起使用。",
}


def source_register(site: Site, root: str) -> Markup:
    """Every source by type, newest first, with the pages citing it; then the sources of the creek map."""
    citations = Citations(site, sorted(site.sources))
    citing = citing_pages(site)
    groups = []
    for source_type, name in SOURCE_TYPES.items():
        entries = [citations.entry(i) for i, s in site.sources.items() if s.type == source_type]
        entries.sort(key=lambda e: (e.source.date or dt.date.min, e.id), reverse=True)
        if entries:
            groups.append({"type": source_type, "name": name, "about": TYPE_ABOUT[source_type], "entries": entries})
    unused = sum(1 for i in site.sources if i not in citing)
    titles = {i: f"{citations.entry(i).original_publisher or citations.entry(i).publisher}：{s.title}"
              for i, s in site.sources.items()}
    return _wrap(render("source_register.html", groups=groups, citing=citing, unused=unused, root=root,
                        course=site.course, titles=titles, number=number))


def cited_sources(site: Site, root: str, source_ids) -> Markup:
    """“（来源：…）” after a hand-written paragraph, each source linked to its register entry."""
    citations = Citations(site, [i for i in source_ids if i in site.sources])
    return Markup(render("cited_sources.html", entries=citations.entries(), root=root,
                         unknown=[i for i in source_ids if i not in site.sources]).strip())  # inline, in a paragraph
