"""New data files for editors: every field of the model, each with a comment, valid as a draft.

Required text gets the placeholder 【待填写】; the file starts as `draft: true`, and the
validator refuses to publish an item that still holds a placeholder.
"""
from __future__ import annotations

import datetime as dt
import re

from pypinyin import lazy_pinyin

from .kinds import KINDS
from .linking import PLACEHOLDER
from .schema_export import FOLDER_OF, SCHEMAS, _field_type
from .site import Site

TITLE_FIELD = {kind.name: kind.title_field for kind in KINDS}
VOCABULARY_OF = {"kind": "landmark_kinds", "category": "route_categories", "street": "streets", "tags": "tags"}


def slug_for(title: str, limit: int = 60) -> str:
    """A kebab-case ASCII id from a Chinese (or any) title, via pinyin."""
    words = lazy_pinyin(title, errors=lambda chars: [chars])  # keep runs of Latin letters and digits whole
    slug = re.sub(r"[^a-z0-9]+", "-", "-".join(words).lower()).strip("-")
    if len(slug) > limit:
        slug = slug[:limit].rsplit("-", 1)[0]
    return slug


def _quote(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def scaffold(kind: str, title: str, site: Site, today: dt.date | None = None) -> str:
    model = SCHEMAS[kind]
    today = today or dt.date.today()
    lines = [f"# yaml-language-server: $schema=../schemas/{kind}.schema.json",
             f"# 新建于 {today.isoformat()}。填写完所有“{PLACEHOLDER}”后，删除 draft: true 这一行即可发布。"]
    for name, info in model.model_fields.items():
        type_name, nested = _field_type(info)
        need = "必填" if info.is_required() else "选填"
        comment = f"# {info.description}（{need}）"
        if name in VOCABULARY_OF:
            choices = [t.id for t in getattr(site.vocabulary, VOCABULARY_OF[name])]
            comment += "，可选：" + "、".join(choices[:12])
        lines.append(comment)
        lines.append(_value(name, info, type_name, nested, kind, title, site, today))
    return "\n".join(lines) + "\n"


def _value(name, info, type_name, nested, kind, title, site, today) -> str:
    if name == "draft":
        return "draft: true"
    if name == TITLE_FIELD[kind]:
        return f"{name}: {_quote(title)}"
    if name == "date":
        return f"date: {today.isoformat()}"
    if name in VOCABULARY_OF and info.is_required():
        return f"{name}: {getattr(site.vocabulary, VOCABULARY_OF[name])[0].id}"
    if name == "stops":
        first_two = list(site.landmarks)[:2]
        return "stops:\n" + "".join(f"  - landmark: {landmark_id}\n    note: {_quote(PLACEHOLDER + '在这一站看什么')}\n"
                                    for landmark_id in first_two).rstrip("\n")
    if nested and info.is_required():
        needed = [n for n, i in nested.model_fields.items() if i.is_required()]
        body = "\n".join(("  - " if k == 0 else "    ") + f"{n}: {_quote(PLACEHOLDER)}" for k, n in enumerate(needed))
        return f"{name}:\n{body}"
    if info.is_required():
        return f"{name}: {_quote(PLACEHOLDER)}"
    return f"{name}: []" if type_name.startswith("列表") else f"{name}:"


def target_path(kind: str, slug: str) -> str:
    return f"data/{FOLDER_OF[kind]}/{slug}.yaml"
