"""Everything editors' tools read about the schema, generated from the models.

JSON Schema files (for VS Code's YAML extension), the field tables of
data/README.md and the copy-paste templates all come from here, so they cannot
drift from what the validator enforces (a test regenerates and compares).
"""
from __future__ import annotations

import json
import typing
from functools import cache
from typing import Any

from pydantic import BaseModel

from .annotations import layers, nested_model
from .course import Course
from .kinds import KINDS
from .plan import Plan
from .scaffold import scaffold
from .vocabulary import Vocabulary

# schema file name -> model; also the order of sections in data/README.md
SCHEMAS: dict[str, type[BaseModel]] = {
    **{kind.name: kind.model for kind in KINDS},
    "plan": Plan,
    "vocabularies": Vocabulary,
    "course": Course,
}
FOLDER_OF = {kind.name: kind.folder for kind in KINDS}


def json_schema(name: str) -> str:
    model = SCHEMAS[name]
    schema = model.model_json_schema()
    schema = {"$schema": "https://json-schema.org/draft/2020-12/schema", "$id": f"{name}.schema.json", **schema}
    return json.dumps(schema, ensure_ascii=False, indent=2, sort_keys=False) + "\n"


def _type_name(annotation: Any) -> tuple[str, type[BaseModel] | None]:
    """A short Chinese/English type description, and the nested model if any."""
    lists = ""  # "列表 list of " for each list the value sits in, outermost first
    for layer in layers(annotation):
        if typing.get_origin(layer) is list:
            lists += "列表 list of "
        schema = next(filter(None, (getattr(meta, "json_schema", None) for meta in getattr(layer, "__metadata__", ()))),
                      None)
        if schema:  # a type that says how it reads in a schema (a date, a URL, Markdown …)
            return lists + _schema_type(schema), None
    if typing.get_origin(layer) is typing.Literal:
        return lists + " / ".join(f"`{v}`" for v in typing.get_args(layer)), None
    if (nested := nested_model(layer)) is not None:
        return f"{lists}字段组 {nested.__name__}", nested
    return lists + getattr(layer, "__name__", str(layer)), None


def _field_type(info) -> tuple[str, type[BaseModel] | None]:
    """Pydantic keeps a required field's Annotated metadata apart from its annotation."""
    for meta in info.metadata:
        schema = getattr(meta, "json_schema", None)
        if schema:
            return _schema_type(schema), None
    return _type_name(info.annotation)


def _schema_type(schema: dict) -> str:
    if schema.get("format") == "date":
        return "日期 date"
    if schema.get("format") == "uri":
        return "网址 URL"
    if schema.get("contentMediaType") == "text/markdown":
        return "Markdown"
    if schema.get("type") == "integer":
        return "整数 integer"
    if schema.get("type") == "number":
        return "数字 number"
    if schema.get("type") == "boolean":
        return "true / false"
    if schema.get("pattern", "").startswith(("^[a-z0-9]", "^[1-9]")):
        return "编号 id"
    return "文字 text"


def _models_in(model: type[BaseModel]) -> list[type[BaseModel]]:
    """The model and every nested model, each once, in reading order."""
    seen: list[type[BaseModel]] = []

    def visit(current):
        if current in seen:
            return
        seen.append(current)
        for info in current.model_fields.values():
            nested = _type_name(info.annotation)[1]
            if nested:
                visit(nested)

    visit(model)
    return seen


@cache
def markdown_fields(model: type[BaseModel]) -> tuple[str, ...]:
    """The model's Markdown texts (description, body …), in field order."""
    properties = model.model_json_schema()["properties"]

    def is_markdown(schema: dict) -> bool:
        return any(option.get("contentMediaType") == "text/markdown" for option in [schema, *schema.get("anyOf", [])])
    return tuple(name for name in model.model_fields if is_markdown(properties.get(name, {})))


def field_table(model: type[BaseModel]) -> str:
    lines = []
    for current in _models_in(model):
        if current is not model:
            lines.append(f"\n`{current.__name__}`：\n")
        lines.append("| 字段 field | 必填 required | 类型 type | 说明 description |")
        lines.append("|---|---|---|---|")
        for name, info in current.model_fields.items():
            type_name, _ = _field_type(info)
            required = "是 yes" if info.is_required() else ""
            description = (info.description or "").replace("|", "\\|")
            lines.append(f"| `{name}` | {required} | {type_name} | {description} |")
    return "\n".join(lines)


def readme_sections() -> str:
    parts = []
    for name, model in SCHEMAS.items():
        where = f"data/{FOLDER_OF[name]}/<编号>.yaml" if name in FOLDER_OF else f"data/{name}.yaml"
        parts.append(f"### {where}\n\n{field_table(model)}\n")
        if name in FOLDER_OF:
            parts.append("模板 Template（与 `python scripts/new.py` 新建的草稿相同：把每个“【待填写】”换成真实内容，"
                         "选填字段按上表添加，填完后删除 draft: true 这一行）：\n\n"
                         f"```yaml\n{scaffold(name)}```\n")
    return "\n".join(parts)
