"""The one Jinja environment that turns records into HTML. Autoescaping is always on."""
from __future__ import annotations

import datetime as dt
from functools import cache
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape

from ..records.plan import STATUS_NAMES
from . import urls
from .markdown_text import render_markdown

TEMPLATES = Path(__file__).with_name("templates")
from ..records.landmark import MILESTONES  # noqa: E402

BANKS = {"north": "北岸", "south": "南岸"}
MISSING = "待补充"


def zh_date(value: dt.date | None) -> str:
    return f"{value.year}年{value.month}月{value.day}日" if value else MISSING


def quoted(text: str) -> str:
    """Wrap a quotation in “…”; quotation marks inside it become ‘…’ (nested quotes, GB/T 15834)."""
    return "“" + text.replace("“", "‘").replace("”", "’") + "”"


def is_chinese(text: str) -> bool:
    """Whether a text has Han characters (a quote in English is marked lang="en" for screen readers)."""
    return any("\u4e00" <= char <= "\u9fff" for char in text)


def number(value: float | None) -> str:
    if value is None:
        return ""
    return str(int(value)) if float(value).is_integer() else f"{value:g}"


@cache
def environment() -> Environment:
    env = Environment(
        loader=FileSystemLoader(TEMPLATES),
        autoescape=select_autoescape(default=True, default_for_string=True),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=False,
        extensions=["jinja2.ext.do"],
        auto_reload=False,  # the package's own templates: no need to look at their files again on every render
    )
    env.filters.update(markdown=render_markdown, zh_date=zh_date, number=number, quoted=quoted, is_chinese=is_chinese)
    env.globals.update(urls=urls, BANKS=BANKS, MISSING=MISSING, STATUS_NAMES=STATUS_NAMES, MILESTONES=MILESTONES)
    return env


def compile_all() -> None:
    """Compile every template now, before workers are forked (banma/rendering.py): they then share the compiled
    code instead of each compiling its own."""
    env = environment()
    for name in env.list_templates(extensions=("html", "xml")):
        env.get_template(name)


def render(template: str, **context) -> str:
    return environment().get_template(template).render(**context)
