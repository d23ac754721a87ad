"""New data files for editors: the required fields of the model, in house style, valid as a draft.

Every required value an editor has to supply holds the placeholder 【待填写】 — never a
believable value (a kind, a category, a stop) that could be published unnoticed; the file
starts as `draft: true`, and the validator refuses to publish an item that still holds a
placeholder. What each field means is told where editors look (the terminal, the web form,
data/README.md), not in comments: the file is exactly what the web form would write.
"""
from __future__ import annotations

import datetime as dt
import re
import typing

from annotated_types import MinLen
from pydantic import BaseModel

from .fields import PLACEHOLDER
from .house_style import _nested_model, dump_item
from .kinds import BY_NAME, KINDS
from .references import VOCABULARIES, field_target
from .site import Site

TITLE_FIELD = {kind.name: kind.title_field for kind in KINDS}
# The reading a character has in place names when no phrase around it says otherwise (pypinyin's single-character
# default is 长 zhǎng, as in 校长; the creek's 长风 and 长寿 read cháng, while phrases such as 长者 keep zhǎng).
PLACE_NAME_READING = {"长": "chang"}


def slug_for(title: str, limit: int = 60) -> str:
    """A kebab-case ASCII id from a Chinese (or any) title, via pinyin."""
    from pypinyin import lazy_pinyin  # only scripts/new.py names files: the templates in the guide need no pinyin

    words = lazy_pinyin(title, errors=lambda chars: [chars])  # keep runs of Latin letters and digits whole
    if len(words) == len(title):  # one syllable per character: a reading can be corrected in place
        words = [_place_reading(title, i, word) for i, word in enumerate(words)]
    slug = re.sub(r"[^a-z0-9]+", "-", "-".join(words).lower()).strip("-")
    if len(slug) > limit:
        slug = slug[:limit].rsplit("-", 1)[0]
    return slug


def _place_reading(title: str, index: int, word: str) -> str:
    from pypinyin.constants import PHRASES_DICT

    char = title[index]
    if char not in PLACE_NAME_READING:
        return word
    in_phrase = any(title[start:start + length] in PHRASES_DICT
                    for length in (2, 3, 4) for start in range(index - length + 1, index + 1) if start >= 0)
    return word if in_phrase else PLACE_NAME_READING[char]


def _required_value(info, title: str | None, today: dt.date | None):
    """What a required field starts as: the placeholder, or for groups their own required fields."""
    if title is not None:
        return title
    nested = _nested_model(info.annotation)
    is_list = typing.get_origin(info.annotation) is list
    if info.annotation is dt.date:  # a story's date: today from new.py (a value to check); to fill in a template
        return today.isoformat() if today else PLACEHOLDER
    if nested is not None:
        entry = required_fields(nested, today)
        if is_list:
            count = max([m.min_length for m in info.metadata if isinstance(m, MinLen)] or [1])
            return [dict(entry) for _ in range(count)]
        return entry
    return [PLACEHOLDER] if is_list else PLACEHOLDER


def required_fields(model: type[BaseModel], today: dt.date | None, title_field: str = "", title: str = "") -> dict:
    fields = {name: _required_value(info, title if name == title_field else None, today)
              for name, info in model.model_fields.items() if info.is_required()}
    if "url" in model.model_fields and "offline" in model.model_fields:  # a source: a link to fill (or `offline`)
        fields["url"] = PLACEHOLDER
    return fields


def scaffold(kind: str, title: str = PLACEHOLDER, today: dt.date | None = None) -> str:
    """The new file's text: `draft: true`, the title, and every other required field to fill. Without `today`
    it is the guide's copy-paste template (its date is to fill in too)."""
    data = {"draft": "true", **required_fields(BY_NAME[kind].model, today, TITLE_FIELD[kind], title)}
    return dump_item(kind, data)


def to_fill(kind: str, site: Site) -> list[str]:
    """For the terminal: each field the new file asks for, what it is, and for a choice every choice."""
    lines = []
    for name, info in BY_NAME[kind].model.model_fields.items():
        if not (info.is_required() or name in ("url", "offline")) or name == TITLE_FIELD[kind]:
            continue
        lines.append(f"  {name}：{info.description}")
        target = field_target(BY_NAME[kind].model, name)
        if target in VOCABULARIES:  # a choice from a short list: every choice, with its name
            lines += [f"      {term.id}  {term.name}" for term in getattr(site.vocabulary, target)]
        nested = _nested_model(info.annotation)
        if nested is not None:
            lines += [f"    - {sub}：{sub_info.description}" for sub, sub_info in nested.model_fields.items()
                      if sub_info.is_required()]
            if "landmarks" in {field_target(nested, sub) for sub in nested.model_fields}:
                lines.append("      （地标编号即 data/landmarks/ 下的文件名，python scripts/check_data.py 会核对）")
    return lines


def target_path(kind: str, slug: str) -> str:
    return f"data/{BY_NAME[kind].folder}/{slug}.yaml"
