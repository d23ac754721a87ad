"""Editor Markdown -> safe HTML.

The validator already refuses raw HTML and unsafe links (records/markdown_rules.py);
rendering still disables HTML and runs an allow-list sanitiser, so that a rule
missed there can never become script on the public site.
"""
from __future__ import annotations

import re

import nh3
from markdown_it import MarkdownIt
from markupsafe import Markup

_PARSER = MarkdownIt("commonmark", {"html": False, "breaks": False}).enable("table").enable("strikethrough")

ALLOWED_TAGS = {"p", "br", "strong", "em", "del", "a", "ul", "ol", "li", "blockquote", "code", "pre",
                "h3", "h4", "h5", "h6", "hr", "table", "thead", "tbody", "tr", "th", "td"}
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "ol": {"start"}, "th": {"style"}, "td": {"style"}}


_CJK = re.compile(r"[\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef\u3000-\u303f\u201c\u201d\u2018\u2019]")


def _join_cjk_lines(tokens) -> None:
    """A line break inside a Chinese paragraph is not a space: drop soft breaks between CJK text."""
    for token in tokens:
        children = token.children or []
        for index, child in enumerate(children):
            if child.type != "softbreak" or index == 0 or index + 1 >= len(children):
                continue
            before, after = children[index - 1].content, children[index + 1].content
            if before and after and (_CJK.match(before[-1]) or _CJK.match(after[0])):
                child.type, child.content = "text", ""


_FENCE = re.compile(r"^\s*(```|~~~)")


def join_cjk_source_lines(markdown: str) -> str:
    """Hand-written Markdown: join a line ending in Chinese text with the next line starting with it.

    Browsers show a line break inside a paragraph as a space, which Chinese text must not have.
    Only lines that end and begin with CJK characters are joined, so list markers, headings,
    macro calls and code fences are never touched.
    """
    lines, joined, fenced = markdown.split("\n"), [], False
    for line in lines:
        if _FENCE.match(line):
            fenced = not fenced
        stripped = line.lstrip()
        previous = joined[-1].strip() if joined else ""
        if (not fenced and stripped and previous and _CJK.match(stripped[0]) and _CJK.match(previous[-1])
                and not previous.startswith(("#", "|")) and not _FENCE.match(line)):
            joined[-1] = joined[-1].rstrip() + stripped
        else:
            joined.append(line)
    return "\n".join(joined)


def _demote_headings(tokens) -> None:
    """Editors' headings sit under the page's own <h1>/<h2>: `#` becomes <h3>."""
    for token in tokens:
        if token.type in ("heading_open", "heading_close"):
            token.tag = f"h{min(int(token.tag[1]) + 2, 6)}"


def render_markdown(text: str | None) -> Markup:
    if not text:
        return Markup("")
    tokens = _PARSER.parse(text)
    _demote_headings(tokens)
    _join_cjk_lines(tokens)
    html = _PARSER.renderer.render(tokens, _PARSER.options, {})
    clean = nh3.clean(html, tags=ALLOWED_TAGS, attributes=ALLOWED_ATTRIBUTES,
                      url_schemes={"http", "https", "mailto", "tel"}, link_rel="noopener noreferrer",
                      filter_style_properties={"text-align"})
    return Markup(clean)
