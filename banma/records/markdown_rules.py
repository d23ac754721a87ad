"""What editors may write in Markdown fields, checked before anything is rendered.

Raw HTML, images inside text (they would load from other hosts) and links with
schemes other than http(s), mailto and tel are refused with a message, so that
the renderer never has to strip anything silently.
"""
from __future__ import annotations

from urllib.parse import urlsplit

from markdown_it import MarkdownIt

ALLOWED_LINK_SCHEMES = ("http", "https", "mailto", "tel")


def _parser() -> MarkdownIt:
    parser = MarkdownIt("commonmark", {"html": True}).enable("table").enable("strikethrough")
    parser.validateLink = lambda url: True  # see every link, so that a bad one is reported, not dropped
    return parser


_PARSER = _parser()


def markdown_problems(text: str) -> list[tuple[str, str]]:
    """(Chinese, English) messages for what may not appear in editor Markdown."""
    problems = []
    for token in _walk(_PARSER.parse(text)):
        if token.type in ("html_block", "html_inline"):
            problems.append(("Markdown 中不允许 HTML 代码。", "HTML is not allowed in Markdown text."))
        elif token.type == "image":
            problems.append(("正文中不能插入图片，请使用 images 字段（需写替代文字）。",
                             "Images cannot be placed inside text; use the images field (with alt text)."))
        elif token.type == "link_open":
            href = str(token.attrGet("href") or "")
            if not _link_allowed(href):
                problems.append((f"链接“{href}”不被允许：只能链接到 http(s) 网址、邮箱或电话。",
                                 f"The link '{href}' is not allowed: only http(s), mailto and tel links."))
    return problems


def _link_allowed(href: str) -> bool:
    parts = urlsplit(href.strip())
    if parts.scheme not in ALLOWED_LINK_SCHEMES:
        return False
    return bool(parts.netloc) if parts.scheme in ("http", "https") else bool(parts.path)


def _walk(tokens):
    for token in tokens:
        yield token
        if token.children:
            yield from _walk(token.children)
