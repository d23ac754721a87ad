"""MkDocs hook: the site plan (banma.site_plan) handed to MkDocs. Nothing else lives here.

Stops on bad data before MkDocs writes anything, adds the planned pages and files, and
lets Material-specific fixes (macros/material.py) run. A move to another generator
rewrites this file and macros/__init__.py only.
"""
from __future__ import annotations

import functools
import logging
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from markupsafe import Markup  # noqa: E402
from mkdocs.exceptions import Abort  # noqa: E402
from mkdocs.plugins import event_priority  # noqa: E402
from mkdocs.structure.files import File, InclusionLevel  # noqa: E402
from mkdocs.structure.toc import get_toc  # noqa: E402

from banma import preview  # noqa: E402
from banma.pages.markdown_text import join_cjk_source_lines  # noqa: E402
from banma.search import page_document, write_search_index  # noqa: E402
from banma.settings import Settings  # noqa: E402
from banma.site_plan import DataError, build_site  # noqa: E402
from macros import material  # noqa: E402

_log = logging.getLogger("banma")  # the build's own messages, shown in MkDocs' log
_log.setLevel(logging.INFO)
# Through MkDocs' logger: its console output, and its warning count (`--strict` refuses a build that warned,
# e.g. one for publishing with SITE_URL unset).
_log.parent = logging.getLogger("mkdocs")


def on_config(config):
    # Runs before MkDocs cleans or writes site/: a data error leaves nothing deployable behind.
    settings = Settings.from_environment()
    config.update(site_url=settings.site_url, site_name=settings.site_name, site_description=settings.description)
    config.edit_uri = settings.edit_url + "docs/" if settings.edit_url else None
    config.extra.update(settings.footer())
    try:
        config.site_plan = build_site(ROOT, settings, preview.MEMORY.records)  # read by macros/__init__.py
    except DataError as error:
        raise Abort(error.report()) from None
    config.search_pages = []
    config.extra["cards"] = config.site_plan.has_cards  # og:image in main.html
    config.theme["favicon"] = config.site_plan.favicon or config.theme["favicon"]
    return config


def on_startup(command, dirty):
    preview.MEMORY.enabled = command == "serve" and dirty  # scripts/serve.sh: `mkdocs serve --dirty`


def on_files(files, config):
    plan = config.site_plan
    if clash := plan.clash_with({file.src_uri for file in files}):
        raise Abort(clash)
    for record in plan.files:
        files.append(File.generated(config, record.path, content=record.content, abs_src_path=record.source))
    for page in plan.pages:
        # Item pages are reached from index pages and search, never listed one by one in the nav.
        files.append(File.generated(config, page.source_path, content="", inclusion=InclusionLevel.NOT_IN_NAV))
    if preview.MEMORY.enabled:  # a rebuild writes only what changed; hand-written pages show data: always
        shaping = [config.config_file_path, config.theme.custom_dir]  # and the pages the nav names: every page
        changed = preview.MEMORY.compare(plan, shaping + [f.abs_src_path for f in files.documentation_pages()])
        for file in files.documentation_pages() + [f for f in files if f.src_uri in changed]:
            file.is_modified = functools.partial(changed.get, file.src_uri, True)
    return files


def on_pre_page(page, config, files):
    record = config.site_plan.page_at(page.file.src_uri)
    if record is not None:  # its HTML is made from data: no front matter to parse, no Markdown, no macros
        page.read_source = lambda config: vars(page).update(markdown="", meta=record.front_matter())
        page.render = lambda config, files: vars(page).update(content="", toc=get_toc([]))  # HTML: on_page_content
    return page


def on_page_markdown(markdown, page, config, files):
    plan = config.site_plan
    if (record := plan.page_at(page.file.src_uri)) is not None:
        page.edit_url = plan.settings.edit_link(record.edit_path)
    page.update_date = plan.last_changed(page.file.src_uri, page.meta.get("render_macros")) or page.update_date
    return markdown if record else join_cjk_source_lines(markdown)


def on_page_content(html, page, config, files):
    html, record = config.site_plan.put_back(html), config.site_plan.page_at(page.file.src_uri)
    if record is None:  # a hand-written page: searchable by its text; `search: boost:` in its front matter
        search = page.meta.get("search") or {}
        config.search_pages.append(page_document(page.url, page.meta.get("title") or page.title, html,
                                                 float(search.get("boost", 1))))
        page.meta["search"] = {**search, "exclude": True}  # Material's own index is not used
    return html  # a generated page gets its HTML in on_page_context: one page's HTML in memory at a time


def on_env(env, config, files):
    env.bytecode_cache = preview.MEMORY.templates if preview.MEMORY.enabled else None  # compiled once per serve


def on_page_context(context, page, config, nav):
    # Material prints page.meta.title unescaped in several places (MkDocs templates do not autoescape):
    # titles come from editors' YAML, so they go to the templates as escaped Markup.
    if page.meta.get("title"):
        page.meta["title"] = Markup.escape(page.meta["title"])
    if (record := config.site_plan.page_at(page.file.src_uri)) is not None:
        page.content = record.html  # made just before its template, dropped in on_post_page
    return context


def on_post_page(output, page, config):
    page.content = None  # written and indexed: don't hold every page's HTML until the build ends
    return material.fix_theme_html(output)


def on_post_template(output_content, template_name, config):
    return material.fix_theme_html(output_content)  # 404.html is rendered as a template, not a page


@event_priority(100)  # before Material's search plugin writes its index
def on_post_build(config):
    material.write_search_index_for(config)  # its settings only: our worker answers queries
    write_search_index(config.site_plan.site, config.search_pages, config.site_dir, preview.MEMORY.search)
    preview.MEMORY.build_finished()
