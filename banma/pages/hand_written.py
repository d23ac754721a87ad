"""The hand-written pages of docs/ read without a site generator: front matter, macros, Markdown -> HTML.

A generator (MkDocs today) renders these pages itself and hands their HTML to the plan for search; this
module renders them the same way for `scripts/build_plan.py` and any other generator, so that the plan alone
gives the whole search index (a test compares the two byte for byte). It follows mkdocs.yml: macros only on
pages that say `render_macros: true`, the same Markdown extensions, `search: boost:` from the front matter.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import markdown
import yaml
from jinja2 import Environment, StrictUndefined

from ..page_macros import MACROS
from ..settings import Settings
from .markdown_text import join_cjk_source_lines

EXTENSIONS = ["toc", "attr_list", "admonition", "tables"]  # as mkdocs.yml's markdown_extensions
SKIPPED = ("admin",)  # folders of docs/ that hold no pages (the editing page's scripts)


@dataclass(frozen=True)
class HandWrittenPage:
    url: str  # from the site root: "" for the home page, "about/" …
    title: str
    boost: float | None  # None: left out of search
    html: str


def url_of(relative: Path) -> str:
    """docs/about.md -> "about/", docs/landmarks/index.md -> "landmarks/", docs/index.md -> "" (directory URLs)."""
    parts = relative.with_suffix("").parts
    if parts[-1] == "index":
        parts = parts[:-1]
    return "".join(f"{part}/" for part in parts)


def _front_matter(text: str) -> tuple[dict, str]:
    if not text.startswith("---\n"):
        return {}, text
    end = text.find("\n---", 4)
    meta = yaml.safe_load(text[4:end]) or {}
    return meta, text[text.find("\n", end + 1) + 1:]


def read_pages(root: Path) -> list[tuple[str, dict, str]]:
    """(URL, front matter, Markdown) of every page in docs/."""
    docs = Path(root) / "docs"
    found = []
    for path in sorted(docs.rglob("*.md")):
        relative = path.relative_to(docs)
        if relative.parts[0] not in SKIPPED:
            found.append((url_of(relative), *_front_matter(path.read_text(encoding="utf-8"))))
    return found


def search_boost(meta: dict) -> float | None:
    """A hand-written page's weight in site search (front matter `search: boost:`), or None when it says
    `search: exclude: true`."""
    search = meta.get("search") or {}
    return None if search.get("exclude") else float(search.get("boost", 1))


def titled_pages(root: Path) -> list[tuple[str, str, str]]:
    """(URL, title, kind "") of the pages whose front matter gives a title: for their share cards."""
    return [(url, str(meta["title"]), "") for url, meta, _ in read_pages(root) if meta.get("title")]


def render_pages(root: Path, plan, settings: Settings, links=None) -> list[HandWrittenPage]:
    """Every page in docs/, its macros run against the plan (their HTML set aside and put back, as the
    generator does) and its Markdown rendered. `links(html, url)`, when given, rewrites the links the page's own
    Markdown wrote (a generator rebases them; the macros' HTML has page-relative links already)."""
    pages = []
    for url, meta, body in read_pages(root):
        if meta.get("render_macros"):
            body = _macros(plan, url, settings).from_string(body).render(config={"extra": settings.footer()})
        html = markdown.markdown(join_cjk_source_lines(body), extensions=EXTENSIONS)
        if links is not None:
            html = links(html, url)
        pages.append(HandWrittenPage(url, str(meta.get("title") or ""), search_boost(meta), plan.put_back(html)))
    return pages


def _macros(plan, url: str, settings: Settings) -> Environment:
    env = Environment(undefined=StrictUndefined, autoescape=False)  # as mkdocs-macros: the macros escape their own
    for macro in MACROS:
        env.globals[macro.__name__] = (lambda m: lambda *a, **k: plan.set_aside(m(plan, url, *a, **k)))(macro)
    return env
