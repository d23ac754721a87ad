"""The macros hand-written pages in docs/ call, as plain functions of the site plan and the page's URL.

The MkDocs adapter (macros/__init__.py) registers each under its name; the builds without MkDocs render
docs/ with them through macros/hand_written.py. A floor above the plan: they read it, it never reads them.
"""
from __future__ import annotations

from markupsafe import Markup

from .pages import fragments, structured_data
from .pages.urls import root_from
from .site_plan import SitePlan


def landmark_index(plan: SitePlan, url: str) -> Markup:
    """Places grouped by kind, in order along the creek where known."""
    return fragments.landmark_index(plan.site, root_from(url))


def route_index(plan: SitePlan, url: str) -> Markup:
    """Routes grouped by category."""
    return fragments.route_index(plan.site, root_from(url))


def story_index(plan: SitePlan, url: str) -> Markup:
    """Stories newest first, with links to the tag and street filters."""
    return fragments.story_index(plan.site, root_from(url))


def latest_stories(plan: SitePlan, url: str, count: int = 3) -> Markup:
    """The newest stories, for the home page."""
    return fragments.latest_stories(plan.site, root_from(url), count)


def plan_document(plan: SitePlan, url: str) -> Markup:
    """The whole 2023 plan with anchors, targets, progress and links, and its JSON-LD."""
    json_ld = structured_data.script(structured_data.plan(plan.site, plan.settings))
    return fragments.plan_document(plan.site, root_from(url), json_ld)


def downloads_table(plan: SitePlan, url: str) -> Markup:
    """The open data files with their fields, size and format."""
    return fragments.downloads_table(plan.downloads, root_from(url))


def key_figures(plan: SitePlan, url: str, limit: int = 6) -> Markup:
    """The plan's numeric targets as figure cards."""
    return fragments.key_figures(plan.site, root_from(url), limit)


def visitor_entries(plan: SitePlan, url: str) -> Markup:
    """The entries for visitors: places, routes, stories, the plan."""
    return fragments.visitor_entries(plan.site, root_from(url))


def course_map(plan: SitePlan, url: str) -> Markup:
    """The creek as a half-marathon course with its places, and a text list in creek order."""
    return fragments.course_overview(plan.site, root_from(url))


def source_register(plan: SitePlan, url: str) -> Markup:
    """Every registered source with its type and the pages citing it, and what the creek map rests on."""
    return fragments.source_register(plan.site, root_from(url))


def cite(plan: SitePlan, url: str, *source_ids: str) -> Markup:
    """The sources a hand-written paragraph rests on, linked to their entries on /sources/."""
    return fragments.cited_sources(plan.site, root_from(url), source_ids)


def about_content(plan: SitePlan, url: str) -> Markup:
    """What the site holds, counted from the data, and how it treats what no source says."""
    return fragments.about_content(plan.site)


def report_errors(plan: SitePlan, url: str) -> Markup:
    """A link for reporting an error, when SITE_REPORT_URL is set."""
    return fragments.report_errors(plan.settings.report_url)


MACROS = (landmark_index, route_index, story_index, latest_stories, plan_document, downloads_table, key_figures,
          visitor_entries, course_map, source_register, cite, about_content, report_errors)
