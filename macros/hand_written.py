"""The hand-written pages of docs/ rendered as MkDocs renders them, for the builds that do not run MkDocs.

MkDocs renders these pages itself (mkdocs-macros, then Markdown) and hands their HTML to the plan for search. The
plan folder (macros/plan_folder.py) and the Zensical build (macros/zensical.py) run no MkDocs, so they render the
pages here, the same way, so that the plan alone gives the whole search index (a test compares the two byte for
byte): macros only on pages that say `render_macros: true`, their HTML set aside while Markdown runs, and the
Markdown extensions mkdocs.yml names, with their settings, read from mkdocs.yml itself.
"""
from __future__ import annotations

import importlib
from dataclasses import dataclass
from pathlib import Path

import markdown
import yaml
from jinja2 import Environment, StrictUndefined

from banma.page_macros import MACROS
from banma.pages.hand_written import read_pages, search_boost
from banma.pages.markdown_text import join_cjk_source_lines
from banma.settings import Settings

MKDOCS_BUILTINS = ("toc", "tables", "fenced_code")  # what MkDocs adds to every markdown_extensions list


@dataclass(frozen=True)
class HandWrittenPage:
    url: str  # from the site root: "" for the home page, "about/" …
    title: str
    boost: float | None  # None: left out of search
    html: str


class _ConfigLoader(yaml.SafeLoader):
    """mkdocs.yml as MkDocs reads it, safely otherwise: `!!python/name:module.attribute` is that object (an
    extension's setting may name a function); `!ENV [NAME, default]` reads as empty, because settings come from
    banma/settings.py, not from mkdocs.yml."""


def _python_name(loader: yaml.Loader, name: str, node: yaml.Node):
    module, _, attribute = name.rpartition(".")
    return getattr(importlib.import_module(module), attribute)


_ConfigLoader.add_multi_constructor("tag:yaml.org,2002:python/name:", _python_name)
_ConfigLoader.add_constructor("!ENV", lambda loader, node: "")


def mkdocs_config(root: Path) -> dict:
    """mkdocs.yml, read with the tags MkDocs understands."""
    return yaml.load((Path(root) / "mkdocs.yml").read_text(encoding="utf-8"), Loader=_ConfigLoader) or {}


def markdown_options(root: Path) -> dict:
    """Python-Markdown's `extensions` and `extension_configs` as MkDocs derives them from mkdocs.yml's
    `markdown_extensions` (a name, or a name with its settings), MkDocs' own three first."""
    names, configs = list(MKDOCS_BUILTINS), {}
    for entry in mkdocs_config(root).get("markdown_extensions") or []:
        name, config = next(iter(entry.items())) if isinstance(entry, dict) else (entry, None)
        if name not in names:
            names.append(name)
        if config:
            configs[name] = config
    return {"extensions": names, "extension_configs": configs}


def render_pages(root: Path, plan, settings: Settings, links=None) -> list[HandWrittenPage]:
    """Every page in docs/, its macros run against the plan (their HTML set aside and put back, as the
    generator does) and its Markdown rendered. `links(html, url)`, when given, rewrites the links the page's own
    Markdown wrote (a generator rebases them; the macros' HTML has page-relative links already)."""
    options = markdown_options(root)
    pages = []
    for url, meta, body in read_pages(root):
        if meta.get("render_macros"):
            body = _macros(plan, url).from_string(body).render(config={"extra": settings.footer()})
        html = markdown.markdown(join_cjk_source_lines(body), **options)
        if links is not None:
            html = links(html, url)
        pages.append(HandWrittenPage(url, str(meta.get("title") or ""), search_boost(meta), plan.put_back(html)))
    return pages


def _macros(plan, url: str) -> Environment:
    env = Environment(undefined=StrictUndefined, autoescape=False)  # as mkdocs-macros: the macros escape their own
    for macro in MACROS:
        env.globals[macro.__name__] = (lambda m: lambda *a, **k: plan.set_aside(m(plan, url, *a, **k)))(macro)
    return env
