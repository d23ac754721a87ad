"""What is specific to Material for MkDocs: where its search box gets answers, fixes to its markup.

Optional beside the adapter: without Material, the site plan still builds.

Search: Material's search box, result list and keyboard handling stay; its worker is replaced by
docs/assets/javascripts/search-worker.js, which reads the sharded index banma/search writes. So
Material's own index (every page's text, downloaded whole before the first result) is not built:
search/search_index.json holds only the settings its page highlighter reads.
"""
from __future__ import annotations

import json
import re
from pathlib import Path

WORKER = "assets/javascripts/search-worker.js"
_MATERIAL_WORKER = re.compile(r"assets/javascripts/workers/search\.[0-9a-f]+\.min\.js")


def write_search_index_for(config) -> None:
    """Write search/search_index.json with Material's search settings and no documents."""
    search = config.plugins.get("material/search")
    if search is None or not search.config.enabled:
        return
    index = search.search_index
    settings = {key: index.config[key] for key in ("lang", "separator", "pipeline", "fields")}
    path = Path(config.site_dir) / "search" / "search_index.json"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps({"config": settings, "docs": []}, ensure_ascii=False), encoding="utf-8")
    search.config.enabled = False  # for this build only: the file is written


# Fixes to Material's own markup that its templates offer no block for: plain string edits on each built page,
# pinned to Material 9.x. The accessibility and HTML-validity tests fail if one stops applying.
FIXES = (
    # The search overlay is a dialog without a name (axe: aria-dialog-name).
    ('<div class="md-search" data-md-component="search" role="dialog">',
     '<div class="md-search" data-md-component="search" role="dialog" aria-label="搜索">'),
    # autocomplete is not allowed on checkboxes (Nu HTML Checker); these are Material's hidden toggles.
    ('type="checkbox" id="__drawer" autocomplete="off">', 'type="checkbox" id="__drawer">'),
    ('type="checkbox" id="__search" autocomplete="off">', 'type="checkbox" id="__search">'),
)


def fix_theme_html(html: str) -> str:
    for old, new in FIXES:
        html = html.replace(old, new)
    return _MATERIAL_WORKER.sub(WORKER, html)  # __config's worker URL (relative to the page, prefix kept)
