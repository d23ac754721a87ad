"""What is specific to Material for MkDocs: fixes to its markup, its search index in UTF-8, jieba's words.

Optional beside the adapter: without Material, the site plan still builds.

Material's search index as UTF-8 JSON:

Material writes every Chinese character as a six-byte \\uXXXX escape, which also compresses
poorly; the same JSON in UTF-8 is about a third the size after gzip. Only the encoding
changes: the documents, and so every search result, stay exactly the same.

The escapes are rewritten as text, streaming in small chunks, without parsing the JSON: at
thousands of pages the parsed (or even the whole rewritten) index would cost more memory than
the rest of the build.
"""
from __future__ import annotations

import io
import json
import re
from pathlib import Path
from typing import Iterable, TextIO

CHUNK = 256 * 1024
# Between two documents of Material's index. Inside a JSON string every quote is escaped, so this
# only occurs as structure, and a cut just before it never falls inside an escape sequence.
_BOUNDARY = '},{"location":'

# An escaped backslash (kept as is, so `\\u200b` inside a regex string stays text), a surrogate
# pair, or a single \uXXXX escape.
_ESCAPE = re.compile(r"\\\\|\\u(d[89ab][0-9a-f]{2})\\u(d[c-f][0-9a-f]{2})|\\u([0-9a-f]{4})", re.IGNORECASE)
_KEEP_ESCAPED = {0x2028, 0x2029}  # line separators: valid JSON, but kept escaped for old JavaScript engines


def _unescape(match: re.Match) -> str:
    high, low, single = match.groups()
    if high:
        return chr(0x10000 + ((int(high, 16) - 0xD800) << 10) + (int(low, 16) - 0xDC00))
    if single:
        code = int(single, 16)
        if code < 0x20 or code in _KEEP_ESCAPED or 0xD800 <= code <= 0xDFFF:
            return match.group()  # control characters must stay escaped in JSON
        if code in (0x22, 0x5C):
            return match.group()  # a quote or backslash written as \\u0022 / \\u005c stays escaped
        return chr(code)
    return match.group()  # an escaped backslash


def _stream(source: TextIO, target: TextIO) -> None:
    carry = ""
    while chunk := source.read(CHUNK):
        buffer = carry + chunk
        cut = buffer.rfind(_BOUNDARY)
        if cut <= 0:
            carry = buffer
            continue
        target.write(_ESCAPE.sub(_unescape, buffer[:cut]))
        carry = buffer[cut:]
    target.write(_ESCAPE.sub(_unescape, carry))


def compact_search_index(raw: bytes) -> bytes:
    target = io.StringIO()
    _stream(io.StringIO(raw.decode("utf-8")), target)
    return target.getvalue().encode("utf-8")


def compact_search_index_file(path: Path) -> None:
    """Rewrite the index file in place, holding only a chunk at a time."""
    temporary = path.with_name(path.name + ".tmp")
    with path.open(encoding="utf-8") as source, temporary.open("w", encoding="utf-8") as target:
        _stream(source, target)
    temporary.replace(path)


def write_search_index(path: Path, config: dict, docs: Iterable[dict]) -> None:
    """Write {"config": ..., "docs": [...]} one document at a time, as UTF-8.

    The same JSON as Material's writer, which holds the whole index as one string and again as
    bytes: at thousands of pages that is the largest allocation of the build.
    """
    def dump(value) -> str:
        return json.dumps(value, ensure_ascii=False, separators=(",", ":"), default=str)

    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(path.name + ".tmp")
    with temporary.open("w", encoding="utf-8") as target:
        target.write('{"config":' + dump(config) + ',"docs":[')
        for index, doc in enumerate(docs):
            target.write(("," if index else "") + dump(doc))
        target.write("]}")
    temporary.replace(path)


def write_search_index_for(config) -> None:
    """Write Material's search index ourselves, streaming, in UTF-8, in place of its own writer."""
    search = config.plugins.get("material/search")
    if search is None or not search.config.enabled or getattr(search, "search_index_prev", None) is not None:
        return  # not installed, off, or a dirty rebuild merging a previous index: Material writes it
    index = search.search_index
    settings = {key: index.config[key] for key in ("lang", "separator", "pipeline", "fields")}
    write_search_index(Path(config.site_dir) / "search" / "search_index.json", settings, index.entries)
    search.config.enabled = False  # for this build only: the file is written


def teach_search_words(words: list[str]) -> None:
    """Material's search segments Chinese with jieba when it is installed; give it the subject's words."""
    try:
        import jieba
    except ImportError:  # pragma: no cover - jieba is a pinned requirement
        return
    for word in words:
        jieba.add_word(word)


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
    return html
