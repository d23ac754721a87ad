"""New data files for editors: the required fields of the model, in house style, valid as a draft.

Every required value an editor has to supply holds the placeholder 【待填写】 — never a
believable value (a kind, a category, a stop) that could be published unnoticed; the file
starts as `draft: true`, and the validator refuses to publish an item that still holds a
placeholder. What each field means is told where editors look (the terminal, the web form,
data/README.md), not in comments: the file is exactly what the web form would write.
"""
from __future__ import annotations

import re

from annotated_types import MinLen
from pydantic import BaseModel

from .annotations import holds_list, nested_model
from .fields import PLACEHOLDER, label_of
from .house_style import dump_item
from .kinds import BY_NAME, KINDS
from .references import TARGETS, VOCABULARIES, field_target, known_ids
from .site import Site

TITLE_FIELD = {kind.name: kind.title_field for kind in KINDS}
# The reading a character has in place names when no phrase around it says otherwise (pypinyin's single-character
# default is 长 zhǎng, as in 校长; the creek's 长风 and 长寿 read cháng, while phrases such as 长者 keep zhǎng).
PLACE_NAME_READING = {"长": "chang"}
LISTED_CHOICES = 40  # ids listed in the terminal per kind of record; a longer list says where the rest are
WHERE = {"plan_items": "data/plan.yaml", "bridges": "data/course.yaml"}  # targets without a folder of files
WHERE.update({name: "data/vocabularies.yaml" for name in VOCABULARIES})


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


def _required_value(info, title: str | None):
    """What a required field starts as: the placeholder (a date too: nothing plausible is pre-filled), or for
    groups their own required fields."""
    if title is not None:
        return title
    nested = nested_model(info.annotation)
    if nested is not None:
        entry = required_fields(nested)
        if holds_list(info.annotation):
            count = max([m.min_length for m in info.metadata if isinstance(m, MinLen)] or [1])
            return [dict(entry) for _ in range(count)]
        return entry
    return [PLACEHOLDER] if holds_list(info.annotation) else PLACEHOLDER


def required_fields(model: type[BaseModel], title_field: str = "", title: str = "") -> dict:
    fields = {name: _required_value(info, title if name == title_field else None)
              for name, info in model.model_fields.items() if info.is_required()}
    if "url" in model.model_fields and "offline" in model.model_fields:  # a source: a link to fill (or `offline`)
        fields["url"] = PLACEHOLDER
    return fields


def scaffold(kind: str, title: str = PLACEHOLDER) -> str:
    """The new file's text: `draft: true`, the title, and every other required field to fill (also the guide's
    copy-paste template, with the title to fill too)."""
    data = {"draft": "true", **required_fields(BY_NAME[kind].model, TITLE_FIELD[kind], title)}
    return dump_item(kind, data)


def to_fill(kind: str, site: Site) -> list[str]:
    """For the terminal: each field the new file asks for, what it is, and its parts for a group."""
    lines = []
    for name, info in BY_NAME[kind].model.model_fields.items():
        if not (info.is_required() or name in ("url", "offline")) or name == TITLE_FIELD[kind]:
            continue
        lines.append(f"  {name}：{info.description}")
        nested = nested_model(info.annotation)
        if nested is not None:
            lines += [f"    - {sub}：{sub_info.description}" for sub, sub_info in nested.model_fields.items()
                      if sub_info.is_required()]
    return lines


def _reference_fields(model: type[BaseModel], prefix: str = "", required: bool = True) -> dict:
    """Target -> the fields of `model` (groups' parts as `stops.landmark`) that name a record of it: every field
    whose value is an id (records/references.py), required or not; the targets a new file must fill come first."""
    found: dict[str, list[tuple[bool, str]]] = {}
    for name, info in model.model_fields.items():
        needed = required and info.is_required()
        if target := field_target(model, name):
            found.setdefault(target, []).append((needed, prefix + name))
        elif (nested := nested_model(info.annotation)) is not None:
            for target, names in _reference_fields(nested, f"{prefix}{name}.", needed).items():
                found.setdefault(target, []).extend(names)
    return found


def reference_fields(model: type[BaseModel]) -> dict[str, list[str]]:
    found = _reference_fields(model)
    ordered = sorted(found, key=lambda target: not any(needed for needed, _ in found[target]))  # stable: field order
    return {target: [name for _, name in found[target]] for target in ordered}


def choices(kind: str, site: Site, shown: int = LISTED_CHOICES) -> list[str]:
    """For the terminal: for every field of the kind that names another record, the ids it may name with their
    names, as the web form offers them; past `shown` of a long list, how many more and where they are."""
    known = known_ids(site)
    lines = []
    for target, names in reference_fields(BY_NAME[kind].model).items():
        what_zh, what_en, folder = TARGETS[target]
        entries = list(known[target].items())  # in the data's order, as the form offers them
        lines.append(f"  {what_zh}编号 {what_en} ids（{'、'.join(names)}）：")
        lines += [f"      {entry_id}  {_name_of(entry)}".rstrip() for entry_id, entry in entries[:shown]]
        if not entries:
            lines.append("      （还没有 none yet）")
        if len(entries) > shown:
            where = WHERE.get(target, f"data/{folder}/ 下的文件名（不含 .yaml）")
            where_en = WHERE.get(target, f"data/{folder}/ (the file names, without .yaml)")
            lines.append(f"      ……共 {len(entries)} 个，其余见 {where}，或在网页表单的选项中按名称搜索。"
                         f" {len(entries) - shown} more: see {where_en}, or search the form's choices by name.")
    return lines


def _name_of(entry) -> str:
    return getattr(entry, "name", None) or getattr(entry, "title", None) or ""


def next_steps(kind: str) -> list[str]:
    """What to do after filling in, only what applies to this kind."""
    model = BY_NAME[kind].model
    lines = []
    if "url" in model.model_fields and "offline" in model.model_fields:
        lines.append("没有网址的印刷品或线下来源：删除 url，改写 offline（是什么、在哪里能查到）。"
                     " A printed or offline source: delete url and write offline (what it is, where to find it).")
    optional = [label_of(info.description or name) for name, info in model.model_fields.items()
                if not info.is_required() and name not in ("draft", "url", "offline")]
    if optional:
        lines.append(f"选填字段（{'、'.join(optional[:4])}……）见 data/README.md。 Optional fields: see data/README.md.")
    lines.append("填完后删除 draft: true 这一行，再运行 python scripts/check_data.py 检查。"
                 " When done, delete the line draft: true and run python scripts/check_data.py.")
    return lines


def target_path(kind: str, slug: str) -> str:
    return f"data/{BY_NAME[kind].folder}/{slug}.yaml"
