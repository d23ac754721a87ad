"""MkDocs hook: stop on bad data, teach search the subject's words, add the generated pages.

Deliberately thin: all logic lives in plain Python (records/, pages/, build.py).
Moving to another static-site engine means rewriting this file and __init__.py.
"""
from __future__ import annotations

import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from mkdocs.exceptions import Abort  # noqa: E402
from mkdocs.plugins import CombinedEvent, event_priority  # noqa: E402
from mkdocs.structure.files import File, Files, InclusionLevel  # noqa: E402

from macros.build import DataError, build_state  # noqa: E402
from macros.pages.publication import Publication  # noqa: E402
from macros.revisions import last_changed, newest_under  # noqa: E402
from macros.search_index import compact_search_index_file, write_search_index  # noqa: E402
from macros.theme_fixes import fix_theme_html  # noqa: E402


def publication(config) -> Publication:
    return Publication(config.site_url or "http://127.0.0.1:8000/", config.site_name, config.site_description or "")


_state = None  # this build's data and pages, taken once in on_config (which also runs on every serve rebuild)


def on_config(config):
    # Runs before MkDocs cleans or writes site/: a data error leaves nothing deployable behind.
    global _state
    try:
        state = _state = build_state(ROOT, publication(config))
    except DataError as error:
        raise Abort(error.report()) from None
    try:
        import jieba  # Material's search segments Chinese with jieba when it is installed
    except ImportError:  # pragma: no cover - jieba is a pinned requirement
        return config
    for word in state.site.search_words():
        jieba.add_word(word)
    return config


def on_files(files: Files, config):
    docs = Path(config.docs_dir).resolve()
    state = _state
    for path, on_disk in state.files.items():
        if files.get_file_from_path(path) is not None:
            raise Abort(f"docs/{path} 与生成的文件同名。docs/{path} clashes with a generated file.")
        files.append(File.generated(config, path, abs_src_path=str(on_disk)))
    for page in state.pages:
        if files.get_file_from_path(page.source_path) is not None:
            raise Abort(f"docs/{page.source_path} 与数据生成的页面同名，请删除或改名。"
                        f"docs/{page.source_path} clashes with a page generated from data; remove or rename it.")
        # Item pages are reached from index pages and search, never listed one by one in the nav.
        file = File.generated(config, page.source_path, content=page.markdown(), inclusion=InclusionLevel.NOT_IN_NAV)
        if page.edit_path:
            file.edit_uri = Path(os.path.relpath(ROOT / page.edit_path, docs)).as_posix()
        files.append(file)
    return files


def on_page_markdown(markdown: str, page, config, files):
    """The sitemap's lastmod: when the page's source last changed (its YAML file, or data for macro pages)."""
    dates = last_changed(ROOT)
    source = page.file.edit_uri and Path(os.path.normpath(Path(config.docs_dir) / page.file.edit_uri))
    own = dates.get(source.resolve().relative_to(ROOT).as_posix()) if source else None
    data = newest_under(dates, "data") if page.meta.get("render_macros") else None
    newest = max(filter(None, (own, data)), default=None)
    if newest:
        page.update_date = newest
    return markdown


def on_page_content(html: str, page, config, files):
    """Generated pages: their HTML, rendered now from the records, never passed through Markdown."""
    record = _state.page_by_source.get(page.file.src_uri)
    if record is None:
        return html
    started = time.perf_counter()
    rendered = record.html
    _state.seconds["render item pages"] = _state.seconds.get("render item pages", 0.0) + time.perf_counter() - started
    return rendered


def on_post_page(output: str, page, config) -> str:
    # The page is about to be written and search has taken its text: MkDocs would otherwise keep every
    # page's HTML in memory until the build ends, when Material builds its whole index at once.
    page.content = None
    return fix_theme_html(output)


def on_post_template(output_content: str, template_name: str, config) -> str:
    return fix_theme_html(output_content)  # 404.html is rendered as a template, not a page


@event_priority(100)  # before Material's search plugin writes its index
def _write_search_index(config):
    """Write Material's search index ourselves, streaming, in UTF-8 (see macros/search_index.py)."""
    search = config.plugins.get("material/search")
    index = getattr(search, "search_index", None)
    if os.environ.get("HM_MATERIAL_WRITES_SEARCH_INDEX"):  # tests compare our file with Material's own
        return
    if search is None or not search.config.enabled or getattr(search, "search_index_prev", None) is not None:
        return  # not installed, off, or a dirty rebuild merging a previous index: Material writes it
    settings = {key: index.config[key] for key in ("lang", "separator", "pipeline", "fields")}
    write_search_index(Path(config.site_dir) / "search" / "search_index.json", settings, index.entries)
    search.config.enabled = False  # for this build only: the file is written


@event_priority(-100)  # after Material's search plugin, when it did write the index
def _after_search_plugin(config):
    index = Path(config.site_dir) / "search" / "search_index.json"
    search = config.plugins.get("material/search")
    if index.exists() and search is not None and search.config.enabled:
        compact_search_index_file(index)
    # Only for scripts/bench.py: how long our own stages took inside this build.
    target = os.environ.get("HM_TIMINGS")
    if target:
        import json
        Path(target).write_text(json.dumps(_state.seconds), encoding="utf-8")


on_post_build = CombinedEvent(_write_search_index, _after_search_plugin)
