"""mkdocs-macros entry point: registers the macros of banma/page_macros.py for docs/ pages.

Each returns HTML from autoescaped templates; the macro engine never evaluates that output
again, so editor text such as `{{ 7*7 }}` stays literal. The plan is built once, by the
`banma` plugin's on_config (macros/plugin.py), before any page is rendered.
"""
from __future__ import annotations

import functools

from banma.page_macros import MACROS
from banma.site_plan import EmptyPlan


def define_env(env):
    for macro in MACROS:
        env.macro(_bound(env, macro), macro.__name__)


def _bound(env, macro):
    @functools.wraps(macro)
    def call(*args, **kwargs):  # the HTML rejoins the page after Markdown (the plugin's on_page_content)
        plan = env.conf.plugins["banma"].plan
        if isinstance(plan, EmptyPlan):
            return ""  # a preview whose data never loaded: its problems are shown instead
        return plan.set_aside(macro(plan, env.page.url, *args, **kwargs))
    return call
