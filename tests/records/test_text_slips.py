"""Slips found in the text before YAML can parse it name the key on their line, in any layout an editor uses.

The expected field comes from parsing the file before the slip (yaml_reader.parse's key positions), not from the
indentation guess under test (field_paths); the files are the real data in three layouts.
"""
from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from banma.records.kinds import KINDS
from banma.records.yaml_reader import decode, dotted, parse, read_yaml

ROOT = Path(__file__).resolve().parents[2]
FILES = sorted(p for kind in KINDS for p in (ROOT / "data" / kind.folder).glob("*.yaml"))


def _layouts(text: str) -> dict[str, str]:
    data = yaml.load(text, Loader=yaml.BaseLoader)
    return {
        "house style": text,  # lists not indented under their key, block texts
        "indented lists": yaml.dump(data, Dumper=_Indented, allow_unicode=True, sort_keys=False, width=10_000),
        "flow lists": yaml.dump(data, Dumper=_FlowLists, allow_unicode=True, sort_keys=False, width=10_000),
    }


class _Indented(yaml.SafeDumper):
    def increase_indent(self, flow=False, indentless=False):
        return super().increase_indent(flow, False)


class _FlowLists(yaml.SafeDumper):
    """Lists of text as [a, b], as editors write short lists; groups stay in block style."""


_FlowLists.add_representer(list, lambda dumper, items: dumper.represent_sequence(
    "tag:yaml.org,2002:seq", items, flow_style=all(isinstance(item, str) and "，" not in item for item in items)))
# (a list of sentences, such as a source's quotes, is not written [a, b]: only short lists are)


def _key_lines(text: str) -> dict[int, str]:
    """1-based line -> the dotted field of the (first) key written on it, from the YAML parser itself."""
    document, problems = parse(text, "x.yaml")
    assert document is not None, problems
    first: dict[int, tuple[int, str]] = {}
    for loc, (line, column) in document.key_positions.items():
        if line not in first or column < first[line][0]:
            first[line] = (column, dotted(loc))
    return {line: field for line, (_, field) in first.items()}


SLIPS = {
    "full-width colon": lambda line: line.replace(": ", "：", 1) if ": " in line else line.replace(":", "：", 1),
    "full-width colon and space": lambda line: line.replace(":", "： ", 1),
    "key in quotes then a full-width colon": lambda line: _quote_key(line).replace(":", "：", 1),
    "key in Chinese quotes then a full-width colon": lambda line: _quote_key(line, "“", "”").replace(":", "：", 1),
    "full-width space in the indentation": lambda line: "\u3000" + line[1:] if line.startswith(" ") else None,
    "tab in the indentation": lambda line: "\t" + line[1:] if line.startswith(" ") else None,
    # never under a key whose value is on its own line: the deeper key is still its own field
    "indented under the key before it, which has its value": lambda line: "  " + line.replace(":", "：", 1),
}


def _quote_key(line: str, opening: str = '"', closing: str = '"') -> str:
    indent = len(line) - len(line.lstrip(" -"))
    key, rest = line[indent:].split(":", 1)
    return f"{line[:indent]}{opening}{key}{closing}:{rest}"


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(file=st.sampled_from(FILES), layout=st.sampled_from(["house style", "indented lists", "flow lists"]),
       slip=st.sampled_from(list(SLIPS)), pick=st.integers(min_value=0))
def test_a_slip_before_parsing_names_the_key_on_its_line(file, layout, slip, pick):
    text = _layouts(file.read_text(encoding="utf-8"))[layout]
    keys = _key_lines(text)
    lines = text.split("\n")
    number = sorted(keys)[pick % len(keys)]
    if slip == "indented under the key before it, which has its value":
        before, line = lines[number - 2] if number > 1 else "", lines[number - 1]
        indent = len(line) - len(line.lstrip(" "))
        has_value = (number - 1 in keys and before[indent:indent + 1] not in (" ", "-") and ": " in before
                     and not before.rstrip().endswith(("|", "|-", ">")))
        if not has_value or len(before) - len(before.lstrip(" ")) != indent or line.lstrip().startswith("-"):
            return  # only a key after a sibling key that has its value on its line
    slipped = SLIPS[slip](lines[number - 1])
    if slipped is None:  # this slip needs an indented line
        return
    lines[number - 1] = slipped
    _, problems = decode("\n".join(lines).encode("utf-8"), "x.yaml")
    from banma.records.yaml_reader import check_text
    found = check_text("\n".join(lines), "x.yaml")
    assert found, (slip, layout, slipped)
    assert {(p.line, p.field) for p in found} == {(number, keys[number])}, (slip, layout, slipped, found)


TRADITIONAL = "kind: museum\nsources:\n- test-source\nname: 顧正紅紀念館\nsummary: 紀念館。\n"


@pytest.mark.parametrize("encoding, text", [("gbk", FILES[0].read_text(encoding="utf-8")), ("big5", TRADITIONAL)])
def test_a_file_saved_in_a_legacy_encoding_names_the_key_where_decoding_fails(tmp_path, encoding, text):
    keys = _key_lines(text)
    raw = text.encode(encoding)
    path = tmp_path / "x.yaml"
    path.write_bytes(raw)
    _, problems = read_yaml(path, "x.yaml")
    first_line = next(n for n, line in enumerate(text.split("\n"), start=1) if not line.isascii())
    assert [(p.line, p.field) for p in problems] == [(first_line, keys.get(first_line, problems[0].field))]
    assert problems[0].field, problems[0].format()
