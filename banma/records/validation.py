"""Validate a parsed document against a model and explain each error in both languages."""
from __future__ import annotations

import difflib
from typing import Any

from pydantic import BaseModel, ValidationError

from .annotations import holds_list, innermost, nested_model
from .problems import MAX_LISTED_PER_FILE, Problem, unlisted
from .yaml_reader import Document, emptied_lists, swallowed_keys


def validate(document: Document, model: type[BaseModel]) -> tuple[BaseModel | None, list[Problem]]:
    swallowed = swallowed_keys(document, lambda loc: fields_at(model, loc))  # a key taken into a text above it
    swallowed += emptied_lists(document, lambda loc: _is_list_field(model, loc))  # a list key pushed under an item
    if swallowed:  # the model's complaints would only follow from the slip (a field missing, a list item odd)
        return None, swallowed
    return _validate_model(document, model)


def _validate_model(document: Document, model: type[BaseModel]) -> tuple[BaseModel | None, list[Problem]]:
    try:
        return model.model_validate(document.data), []
    except ValidationError as error:  # a file lists its first problems; the others are counted (problems.py)
        errors = error.errors(include_url=False)
        shown = [explain(document, model, e) for e in errors[:MAX_LISTED_PER_FILE]]
        more = len(errors) - len(shown)
        return None, shown + ([unlisted(document.path, more)] if more else [])


def explain(document: Document, model: type[BaseModel], error: dict[str, Any]) -> Problem:
    loc = tuple(error["loc"])
    kind = error["type"]
    ctx = error.get("ctx") or {}
    name = str(loc[-1]) if loc else ""
    if kind == "bilingual":
        return document.problem(loc, ctx["zh"], ctx["en"], ctx.get("hint_zh", ""), ctx.get("hint_en", ""),
                                not_an_id=ctx.get("not_an_id", ""))
    if kind == "extra_forbidden":
        known = sorted(fields_at(model, loc[:-1]))
        close = difflib.get_close_matches(name, known, n=1, cutoff=0.6)
        hint = (f"是否想写“{close[0]}”？", f"Did you mean '{close[0]}'?") if close else (
            "可用字段：" + "、".join(known), "Known fields: " + ", ".join(known))
        return document.problem(loc, f"未知字段“{name}”。", f"Unknown field '{name}'.", *hint, prefer_key=True)
    if kind == "missing":
        return document.problem(loc, f"缺少必填字段“{name}”。", f"Required field '{name}' is missing.",
                                f"在这一组中加上 {name}: ...", f"Add '{name}: ...' to this group.")
    simple = {
        "literal_error": ("应为以下值之一：{expected}。", "Should be one of: {expected}."),
        "too_short": ("至少需要 {min_length} 项。", "Needs at least {min_length} item(s)."),
        "too_long": ("最多 {max_length} 项。", "At most {max_length} item(s)."),
        "less_than_equal": ("不能大于 {le}。", "Must not be greater than {le}."),
        "greater_than_equal": ("不能小于 {ge}。", "Must not be less than {ge}."),
        "list_type": ("应为列表（每项一行，以“- ”开头）。", "Should be a list (one '- item' per line)."),
        "model_type": ("应为一组字段（每行“字段: 值”）。", "Should be a group of 'field: value' lines."),
        "model_attributes_type": ("应为一组字段（每行“字段: 值”）。", "Should be a group of 'field: value' lines."),
        "dict_type": ("应为一组字段（每行“字段: 值”）。", "Should be a group of 'field: value' lines."),
    }
    if kind in simple:
        zh, en = simple[kind]
        return document.problem(loc, zh.format(**ctx), en.format(**ctx))
    return document.problem(loc, f"数值无效：{error['msg']}。", f"Invalid value: {error['msg']}.")


def fields_at(model: type[BaseModel], loc: tuple) -> set[str]:
    """Field names of the (nested) model that a location points into."""
    current: Any = model
    for part in loc:
        current = innermost(current)
        if isinstance(part, int):
            continue
        if isinstance(current, type) and issubclass(current, BaseModel) and part in current.model_fields:
            current = current.model_fields[part].annotation
        else:
            return set()
    group = nested_model(current)
    return set(group.model_fields) if group is not None else set()


def _is_list_field(model: type[BaseModel], loc: tuple) -> bool:
    """Whether the field a location names holds a list."""
    if not loc or loc[-1] not in fields_at(model, loc[:-1]):
        return False
    current: Any = model
    for part in loc:
        current = innermost(current)
        if not isinstance(part, int):
            current = current.model_fields[part].annotation
    return holds_list(current)

