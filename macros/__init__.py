"""mkdocs-macros entry point: the macros hand-written pages in docs/ call.

Thin by design (Zensical reads the same `define_env` API). Each macro renders
records through autoescaped templates; its output is HTML that the macro engine
never evaluates again, so editor text such as `{{ 7*7 }}` stays literal.
"""
from __future__ import annotations

from pathlib import Path

from .build import build_state
from .pages import fragments, structured_data, urls
from .pages.publication import Publication

ROOT = Path(__file__).resolve().parents[1]


def define_env(env):
    def state():
        conf = env.conf
        return build_state(ROOT, Publication(conf["site_url"] or "http://127.0.0.1:8000/", conf["site_name"],
                                             conf["site_description"] or ""))

    def site():
        return state().site

    def root() -> str:
        return urls.root_from(env.page.url)

    @env.macro
    def landmark_index():
        """Landmarks grouped by kind, in order along the creek where known."""
        return fragments.landmark_index(site(), root())

    @env.macro
    def route_index():
        """Routes grouped by category."""
        return fragments.route_index(site(), root())

    @env.macro
    def story_index():
        """Stories newest first, with links to the tag and street filters."""
        return fragments.story_index(site(), root())

    @env.macro
    def latest_stories(count: int = 3):
        """The newest stories, for the home page."""
        return fragments.latest_stories(site(), root(), count)

    @env.macro
    def plan_document():
        """The whole 2023 plan with anchors, targets, progress and links, and its JSON-LD."""
        data = state()
        return fragments.plan_document(data.site, root(),
                                       structured_data.script(structured_data.plan(data.site, data.publication)))

    @env.macro
    def downloads_table():
        """The open data files with their fields, size and format."""
        return fragments.downloads_table(state().downloads, root())

    @env.macro
    def key_figures(limit: int = 6):
        """The plan's numeric targets as figure cards."""
        return fragments.key_figures(site(), root(), limit)

    @env.macro
    def visitor_entries():
        """The four entries for visitors: stations, red routes, stories, the plan."""
        return fragments.visitor_entries(site(), root())

    @env.macro
    def course_map():
        """The creek as a half-marathon course with every positioned landmark, and the rest listed."""
        return fragments.course_overview(site(), root())
