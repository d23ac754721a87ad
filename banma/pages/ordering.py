"""How lists are ordered for visitors: along the creek where a source places an item, else by pinyin."""
from __future__ import annotations

from functools import cache

from pypinyin import Style, lazy_pinyin

from ..records.course_order import place_rank
from ..records.site import Site


@cache
def pinyin_key(name: str) -> tuple[str, str]:
    """Chinese names in dictionary (pinyin) order, not Unicode code-point order; ties by the name itself."""
    return " ".join(lazy_pinyin(name, style=Style.TONE3, errors="default")).lower(), name


def along_the_creek(site: Site, landmarks) -> list:
    """Positioned places first, from the course's start; then the others by pinyin."""
    rank = place_rank(site)
    return sorted(landmarks, key=lambda lm: (lm.id not in rank, rank.get(lm.id, 0), pinyin_key(lm.name)))


def by_pinyin(items, name=lambda item: item.name) -> list:
    return sorted(items, key=lambda item: pinyin_key(name(item)))
