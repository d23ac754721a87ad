"""What a preview shows while data/ has problems: every problem, at the top of every page (the editing form too).

`mkdocs build` stops on bad data before writing anything; `mkdocs serve` must not, or the browser waits on a
server that will never answer (and the web form the editor would fix the data with is gone too). So a preview
keeps serving the last valid site (or, before there was one, the hand-written pages alone) with this panel.
"""
from __future__ import annotations

import re
from collections.abc import Sequence

from ..records.problems import Problem
from .templating import render

_BODY = re.compile(r"<body\b[^>]*>", re.I)


def problems_panel(problems: Sequence[Problem], stale: bool) -> str:
    """`stale`: the preview still shows the last valid data (else only the hand-written pages)."""
    return render("_data_problems.html", problems=list(problems), stale=stale)


def with_panel(html: str, panel: str) -> str:
    """The page with the panel first inside <body> (or first of all, for a page without one)."""
    match = _BODY.search(html)
    return html[:match.end()] + panel + html[match.end():] if match else panel + html
