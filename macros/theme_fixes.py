"""Fixes to Material for MkDocs' own markup that its templates offer no block for.

Plain string edits on each built page (called from the MkDocs hook), pinned to
Material 9.x. The accessibility and HTML-validity tests fail if one stops applying.
"""
from __future__ import annotations

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
    return html
