"""The one way an item file is written, so that a form edit and a hand edit give the same diff.

A file is the `$schema` line, then the fields in the model's order (nested groups too), empty
values left out, lists in block style, and each text in the plainest YAML that still reads back
as the same text: plain where nothing could misread it, 'single-quoted' otherwise, a `|` block
when it has several lines. A text of several lines ends with one line break, however many it came with: the form's
rich-text editor returns texts without one, and writing those `|-` would put a noise line in every form edit's diff
(Markdown reads both the same). `docs/admin/house-style.js` writes the web form's files by the same rules (a test
compares the two on the real data and on generated records).
"""
from __future__ import annotations

import re
from typing import Any

import yaml
from pydantic import BaseModel

from .annotations import nested_model
from .kinds import KINDS
from .yaml_reader import parse

# What YAML 1.1 (PyYAML, many editors' tools) would read as something other than text.
_YAML11_NOT_TEXT = re.compile(r"""^(?:
    ~|null|Null|NULL
  | y|Y|yes|Yes|YES|n|N|no|No|NO|true|True|TRUE|false|False|FALSE|on|On|ON|off|Off|OFF
  | [-+]?(?:0b[0-1_]+|0x[0-9a-fA-F_]+|0o?[0-7_]+|(?:0|[1-9][0-9_]*)|[1-9][0-9_]*(?::[0-5]?[0-9])+)
  | [-+]?(?:[0-9][0-9_]*)?\.[0-9_]*(?:[eE][-+]?[0-9]+)?|[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+\.[0-9_]*
  | [-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN)|[-+]?[0-9][0-9_]*[eE][-+]?[0-9]+
  | [0-9]{4}-[0-9]{1,2}-[0-9]{1,2}(?:[Tt ].*)?
  | =|<<
)$""", re.X)
# Written plain although YAML would read them as numbers or booleans: our reader keeps them as text
# and the models parse them (a coordinate, a count, a switch), so quoting them would only add noise.
_PLAIN_VALUE = re.compile(r"^(?:-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?|true|false)$")
_INDICATORS = set("-?:,[]{}#&*!|>'\"%@`")


def field_order(model: type[BaseModel]) -> dict[str, Any]:
    """{"fields": [names in model order], "nested": {name: the same for a nested group},
    "switches": [true/false fields, which default to false: `false` is left out like an empty value]}."""
    nested = {}
    for name, info in model.model_fields.items():
        inner = nested_model(info.annotation)
        if inner is not None:
            nested[name] = field_order(inner)
    switches = [name for name, info in model.model_fields.items() if info.annotation is bool]
    return {"fields": list(model.model_fields), "nested": nested, "switches": switches}


FIELD_ORDER = {kind.name: field_order(kind.model) for kind in KINDS}


def schema_line(kind: str) -> str:
    return f"# yaml-language-server: $schema=../schemas/{kind}.schema.json"


def is_empty(value: Any, order: dict | None = None, name: str = "") -> bool:
    """Nothing written: no value, empty text, an empty list or group, or a switch left at false."""
    if value is None or value == "" or value == [] or value == {}:
        return True
    if name and value in (False, "false") and name in (order or {}).get("switches", ()):
        return True
    if isinstance(value, dict):
        inner = (order or {}).get("nested", {}).get(name) if name else order
        return all(is_empty(v, inner, k) for k, v in value.items())
    if isinstance(value, list):
        inner = (order or {}).get("nested", {}).get(name) if name else order
        return all(is_empty(v, inner) for v in value)
    return False


def text_scalar(text: str) -> str:
    """One line of text as the plainest YAML scalar that reads back as the same text."""
    if _PLAIN_VALUE.match(text):
        return text
    plain = (text != "" and text == text.strip() and text[0] not in _INDICATORS and ": " not in text
             and " #" not in text and not text.endswith(":") and not _YAML11_NOT_TEXT.match(text))
    return text if plain else "'" + text.replace("'", "''") + "'"


def settled(text: str) -> str:
    """A text as house style keeps it: one of several lines ends with exactly one line break."""
    body = text.rstrip("\n")
    return body + "\n" if "\n" in text and body.strip("\n") else text


def _block(text: str, indent: str) -> list[str]:
    """Several lines as a literal block: `|`, `|-` or `|+` keep the final line breaks exactly."""
    body = text.rstrip("\n")
    trailing = len(text) - len(body)
    chomp = "-" if trailing == 0 else "" if trailing == 1 and body else "+"  # only line breaks: keep them all
    # YAML guesses a block's indentation from its first line that is not empty, and refuses leading lines of
    # spaces longer than that: say the indentation whenever the text's first non-empty line starts with a space.
    width = "2" if body.lstrip("\n").startswith(" ") else ""
    lines = body.split("\n") + [""] * max(trailing - 1, 0)
    return ["|" + width + chomp] + [indent + line if line else "" for line in lines]


def _ordered(value: dict, order: dict | None) -> list[tuple[str, Any]]:
    names = (order or {}).get("fields", [])
    known = [(name, value[name]) for name in names if name in value]
    return known + [(name, item) for name, item in value.items() if name not in names]


def _emit_value(value: Any, order: dict | None, indent: str) -> list[str]:
    """Lines for a value that follows `key:` or `- `; the first line continues that line."""
    if isinstance(value, bool):
        return ["true" if value else "false"]
    if isinstance(value, (int, float)):
        return [str(value)]
    if isinstance(value, str):
        return _block(settled(value), indent + "  ") if "\n" in value else [text_scalar(value)]
    if isinstance(value, list):
        return ["", *_emit_list(value, order, indent)]
    return ["", *_emit_map(value, order, indent + "  ")]


def _emit_list(items: list, order: dict | None, indent: str) -> list[str]:
    lines: list[str] = []
    for item in items:
        if is_empty(item, order):
            continue
        if isinstance(item, dict):
            inner = _emit_map(item, order, indent + "  ")
            lines.append(indent + "- " + inner[0][len(indent) + 2:])
            lines += inner[1:]
        else:
            first, *rest = _emit_value(item, order, indent)
            lines.append(indent + "- " + first)
            lines += rest
    return lines


def _emit_map(value: dict, order: dict | None, indent: str) -> list[str]:
    lines: list[str] = []
    for name, item in _ordered(value, order):
        if is_empty(item, order, name):
            continue
        inner_order = (order or {}).get("nested", {}).get(name)
        if isinstance(item, list):  # lists sit at their key's indentation, as PyYAML writes them
            lines.append(f"{indent}{name}:")
            lines += _emit_list(item, inner_order, indent)
            continue
        first, *rest = _emit_value(item, inner_order, indent)
        lines.append(f"{indent}{name}:" + (" " + first if first else ""))
        lines += rest
    return lines


def dump_item(kind: str, data: dict) -> str:
    """The text of an item file in house style."""
    return "\n".join([schema_line(kind), *_emit_map(data, FIELD_ORDER[kind], "")]) + "\n"


def has_comments(text: str, kind: str) -> bool:
    """Whole-line comments besides the `$schema` line: editor text a rewrite would throw away.

    (A comment after a value is already refused by the reader; a `#` line inside a `|` block is text.)
    """
    inside_blocks: set[int] = set()
    try:
        for token in yaml.scan(text):
            if isinstance(token, yaml.ScalarToken) and token.style in ("|", ">"):
                inside_blocks.update(range(token.start_mark.line, token.end_mark.line + 1))
    except yaml.YAMLError:
        return False  # the reader reports the syntax error itself
    lines = text.split("\n")
    return any(re.match(r"^\s*#", line) and number not in inside_blocks
               and not (number == 0 and line == schema_line(kind))
               for number, line in enumerate(lines))


def without_empty(value: Any, order: dict | None) -> Any:
    """The value as a house-style file holds it: empty values left out, texts settled."""
    nested = (order or {}).get("nested", {})
    if isinstance(value, str):
        return settled(value)
    if isinstance(value, dict):
        return {k: without_empty(v, nested.get(k)) for k, v in value.items() if not is_empty(v, order, k)}
    if isinstance(value, list):
        return [without_empty(v, order) for v in value if not is_empty(v, order)]
    return value


def formatted(kind: str, text: str, display_path: str) -> tuple[str | None, str]:
    """The file in house style, or None and why it is left as it is (Chinese, then English)."""
    document, problems = parse(text, display_path)
    if problems or not isinstance(document.data, dict):
        return None, "文件有错误，请先按校验结果修正。 The file has errors: fix them first (check_data.py)."
    if has_comments(text, kind):
        return None, ("文件里有注释（# 开头的行），改写会丢掉它们：请先删除或移入字段中。"
                      " The file has comment lines, which a rewrite would lose: remove them first.")
    result = dump_item(kind, document.data)
    again, _ = parse(result, display_path)
    if again is None or again.data != without_empty(document.data, FIELD_ORDER[kind]):  # never change what a value says
        return None, "无法在不改变内容的情况下改写。 Cannot rewrite without changing a value."
    return result, ""
