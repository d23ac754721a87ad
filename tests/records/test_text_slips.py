"""Slips found in the text before YAML can parse it name the key on their line, in any layout an editor uses.

The expected field comes from parsing the file before the slip (yaml_reader.parse's key positions), not from the
indentation guess under test (field_paths); the files are the real data in three layouts.
"""
from __future__ import annotations

import re
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
        "indented lists and blocks": yaml.dump(data, Dumper=_IndentedBlocks, allow_unicode=True, sort_keys=False,
                                               width=10_000),
    }


class _Indented(yaml.SafeDumper):
    def increase_indent(self, flow=False, indentless=False):
        return super().increase_indent(flow, False)


class _IndentedBlocks(_Indented):
    """Indented lists, and texts of several lines as `|` blocks (as editors write them)."""


_IndentedBlocks.add_representer(str, lambda dumper, text: dumper.represent_scalar(
    "tag:yaml.org,2002:str", text, style="|" if "\n" in text else None))


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


# Indentation slips, generated on every real file: the validator must name the line that moved, with the field as the
# editor sees it (the field that line held before the slip) and no PyYAML English in the Chinese, and its hint,
# followed, must give back exactly the data of the file before the slip (so a valid file is valid again).
_HINT = re.compile(r"把(?:这一行的)?行首空格改为 (\d+) 个")
_PYYAML_WORDS = re.compile(r"[A-Za-z]+ [A-Za-z]+ [A-Za-z]+")  # "mapping values are …", "did not find …"


def _structure_lines(text: str) -> dict[int, str]:
    """1-based line -> field of every line that starts a key or a list item (as the parser reads the file)."""
    document, problems = parse(text, "x.yaml")
    assert document is not None, problems
    found = {line: field for line, field in _key_lines(text).items()}
    for loc, (line, _) in document.value_positions.items():
        if loc and isinstance(loc[-1], int) and line not in found:
            found[line] = dotted(loc)
    return found


def _shift(line: str, by: int) -> str | None:
    indent = len(line) - len(line.lstrip(" "))
    return " " * (indent + by) + line.lstrip(" ") if indent + by >= 0 else None


def _after(lines: list[str], number: int, what) -> bool:
    """Whether the last non-blank line before line `number` (1-based) is `what` (a predicate)."""
    before = [line for line in lines[:number - 1] if line.strip() and not line.lstrip().startswith("#")]
    return bool(before) and what(before[-1])


INDENT_SLIPS = {
    "a key or list item one space deeper": lambda lines, n: _shift(lines[n - 1], 1),
    "a key or list item one space shallower": lambda lines, n: _shift(lines[n - 1], -1),
    "a key two spaces deeper after a list": lambda lines, n: _shift(lines[n - 1], 2) if not lines[n - 1].lstrip(
        " ").startswith("-") and _after(lines, n, lambda b: b.lstrip(" ").startswith("- ")) else None,
    "a key two spaces deeper after a block text": lambda lines, n: _shift(lines[n - 1], 2) if _ends_block(
        lines, n) else None,
}


def _ends_block(lines: list[str], number: int) -> bool:
    """Whether line `number` (1-based) is a key right after a `|` or `>` text at its own indentation."""
    indent = len(lines[number - 1]) - len(lines[number - 1].lstrip(" "))
    for line in reversed(lines[:number - 1]):
        if line.strip() and len(line) - len(line.lstrip(" ")) <= indent:
            return bool(re.search(r":[ ]*[|>][-+]?$", line)) and len(line) - len(line.lstrip(" -")) == indent
    return False


def _problems(text: str, file: Path):
    from banma.records.validation import fields_at, validate
    model = next(kind.model for kind in KINDS if kind.folder == file.parent.name)
    document, problems = parse(text, "x.yaml", lambda loc: fields_at(model, loc))  # as the loader reads a file
    if document is None:
        return None, problems
    return document.data, validate(document, model)[1]


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(file=st.sampled_from(FILES), layout=st.sampled_from(["house style", "indented lists and blocks"]),
       slip=st.sampled_from(list(INDENT_SLIPS)), pick=st.integers(min_value=0))
def test_an_indentation_slip_is_named_on_its_line_and_its_hint_restores_the_file(file, layout, slip, pick):
    text = _layouts(file.read_text(encoding="utf-8"))[layout]
    original = parse(text, "x.yaml")[0].data
    before = _problems(text, file)[1]
    structure = _structure_lines(text)
    lines = text.split("\n")
    number = sorted(structure)[pick % len(structure)]
    slipped = INDENT_SLIPS[slip](lines, number)
    if slipped is None:
        return  # this slip does not apply to this line
    lines[number - 1] = slipped
    data, problems = _problems("\n".join(lines), file)
    if data == original:
        return  # the same file to YAML (an only child moved with its parent's blessing): not a slip
    new = [p for p in problems if p not in before]
    assert new, (slip, layout, number, slipped)  # never silently taken
    mine = [p for p in new if p.line == number and _HINT.search(p.hint_zh)]
    assert mine, (slip, layout, number, slipped, [p.format() for p in new])
    problem = mine[0]
    assert problem.field == structure[number] or structure[number].startswith(problem.field + "."), problem.format()
    assert not _PYYAML_WORDS.search(problem.zh + problem.hint_zh), problem.format()
    lines[number - 1] = " " * int(_HINT.search(problem.hint_zh).group(1)) + slipped.lstrip(" ")
    assert parse("\n".join(lines), "x.yaml")[0].data == original, problem.format()  # the hint, followed, restores it
