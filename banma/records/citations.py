"""Citation markers in editors' Markdown: `【来源：source-id】` at the end of the sentence or paragraph it supports.

Full-width brackets because editors type them with any Chinese keyboard, no Markdown syntax uses them (the
web form's rich-text editor re-writes `[` `]` `^` `*` but leaves them alone), and they read as what they are in
the YAML file. Several sources: `【来源：a、b】` or two markers. A marker naming one source may carry that source's
own words after a bar: `【来源：id｜原文摘录】` — the quote that backs the sentence, typed where it is cited (the web
form's citation button writes it so); it counts as one of the source's quotes (records/evidence.py). This module only
reads the markers; the rules about them are in citation_rules.py and the page shows them as numbered superscripts
(pages/citations.py).

A marker typed with ASCII brackets, `[来源：id]` (or `\\[来源:id\\]` as the form's rich-text editor escapes it), is
not a marker: it would be published as typed. `ascii_markers` finds it, so the rules can name the slip and its fix.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from markdown_it import MarkdownIt

OPENING = "【来源"
MARKER = re.compile(r"【\s*来源\s*[:：]\s*([^】\n]*?)\s*】")
_SEPARATORS = re.compile(r"\s*[、，,;；]\s*|\s+")
QUOTE_BAR = re.compile(r"[｜|]")  # between a marker's source and the quote it carries
_PARSER = MarkdownIt("commonmark").enable("table")
_BLOCKS = MarkdownIt("commonmark").enable("table").disable("inline")  # blocks only: a paragraph's text, not its parts
# `[来源：…]` with ASCII brackets, either of them escaped by the form's editor (`\[来源:…]`, `\[来源:…\]`).
ASCII_MARKER = re.compile(r"\\?\[\s*来源\s*[:：]\s*((?:[^\]\n\\]|\\.)*?)\s*\\?\]")
_ESCAPED = re.compile(r"\\([!-/:-@\[-`{-~])")  # a Markdown backslash escape of ASCII punctuation


_LINK_TARGET = re.compile(r"\]\([^)]*\)")  # Markdown link targets: their URL is not content


def reader_text(markdown: str | None) -> str:
    """What a reader sees of an editor's Markdown, for matching (search, figures): no link targets, no markers."""
    return _LINK_TARGET.sub("]", MARKER.sub("", markdown or ""))


def marker(*source_ids: str, quote: str = "") -> str:
    """The marker citing these sources (with a quote of the one source), as an editor writes it."""
    return "【来源：" + "、".join(source_ids) + (f"｜{quote}" if quote else "") + "】"


def marker_ids(inner: str) -> list[str]:
    """The ids inside one marker's brackets ("a、b" -> [a, b]; "a｜quote" -> [a]); empty strings are kept out."""
    return [part for part in _SEPARATORS.split(QUOTE_BAR.split(inner, 1)[0].strip()) if part]


def marker_quote(inner: str) -> str:
    """The quote a marker carries after its bar ("" without one)."""
    parts = QUOTE_BAR.split(inner, 1)
    return parts[1].strip() if len(parts) > 1 else ""


def ascii_markers(text: str) -> list[tuple[int, str, str]]:
    """(offset, as typed, the marker it was meant to be) of each marker typed with ASCII brackets; the marker meant
    is "" when the brackets hold no source id."""
    found = []
    for match in ASCII_MARKER.finditer(text):
        inner = _ESCAPED.sub(r"\1", match.group(1))
        ids = marker_ids(inner)
        found.append((match.start(), match.group(), marker(*ids, quote=marker_quote(inner)) if ids else ""))
    return found


def quoted_markers(text: str) -> list[tuple[int, list[str], str]]:
    """(offset, ids, quote) of each marker of a text that carries a quote."""
    return [(match.start(), marker_ids(match.group(1)), marker_quote(match.group(1)))
            for match in MARKER.finditer(text) if marker_quote(match.group(1))]


def cited_ids(text: str) -> list[str]:
    """Every source id the markers of a text name, in order, repeats included."""
    return [source_id for match in MARKER.finditer(text) for source_id in marker_ids(match.group(1))]


def unclosed_markers(text: str) -> list[int]:
    """Offsets of `【来源` that do not start a complete marker (no closing 】 on the line, no colon, no id)."""
    whole = {match.start() for match in MARKER.finditer(text) if marker_ids(match.group(1))}
    return [found.start() for found in re.finditer(re.escape(OPENING), text) if found.start() not in whole]


def misplaced_markers(markdown: str) -> list[int]:
    """0-based lines of markers written inside a link's text or a code span: there a superscript link cannot go
    (a link inside a link), or the marker would be shown as code."""
    lines = []
    for block in _PARSER.parse(markdown):
        depth = 0
        for child in block.children or []:
            depth += {"link_open": 1, "link_close": -1}.get(child.type, 0)
            inside = (depth > 0 and child.type == "text") or child.type == "code_inline"
            if inside and (MARKER.search(child.content) or OPENING in child.content):
                lines.append((block.map or [0])[0])
    return lines


@dataclass(frozen=True)
class Paragraph:
    line: int  # 0-based line of the text where the paragraph starts
    text: str
    source_ids: tuple[str, ...]

    @property
    def opening_words(self) -> str:
        plain = MARKER.sub("", self.text).strip().replace("\n", "")
        return plain[:20] + ("…" if len(plain) > 20 else "")


def paragraphs(markdown: str) -> list[Paragraph]:
    """The paragraphs of a Markdown text (list items' and quotes' included; headings and tables are not claims)."""
    found, tokens = [], _BLOCKS.parse(markdown)
    for index, token in enumerate(tokens):
        if token.type == "inline" and index and tokens[index - 1].type == "paragraph_open":
            start = (tokens[index - 1].map or [0])[0]
            found.append(Paragraph(start, token.content, tuple(cited_ids(token.content))))
    return found


# A hand-written page of docs/ cites register entries with the macro `{{ cite("id", …) }}` (page_macros.cite).
PAGE_CITE = re.compile(r"\{\{\s*cite\(([^)]*)\)\s*\}\}")
QUOTED_ID = re.compile(r"""["']([^"']*)["']""")
_TITLE = re.compile(r"^title:\s*(.+)$", re.M)


@dataclass(frozen=True)
class PageCitation:
    source_id: str
    path: str  # e.g. docs/index.md
    line: int
    url: str  # the page's URL from the site root ("" for the home page)
    title: str


def page_citations(root: Path) -> list[PageCitation]:
    """Every `cite(...)` in the hand-written pages, with where it is written."""
    docs, found = Path(root) / "docs", []
    for path in sorted(docs.rglob("*.md")):
        text = path.read_text(encoding="utf-8")
        relative = path.relative_to(docs)
        parts = relative.with_suffix("").parts
        url = "".join(f"{part}/" for part in (parts[:-1] if parts[-1] == "index" else parts))
        title = (_TITLE.search(text).group(1).strip() if _TITLE.search(text) else url) or "首页"
        for match in PAGE_CITE.finditer(text):
            line = text.count("\n", 0, match.start()) + 1
            found += [PageCitation(source_id, f"docs/{relative.as_posix()}", line, url, title)
                      for source_id in QUOTED_ID.findall(match.group(1))]
    return found
