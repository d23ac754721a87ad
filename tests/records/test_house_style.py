"""House style: the one way item files are written, by scripts/format_data.py and (the same rules in
JavaScript, docs/admin/house-style.js) by the web form. Expected texts here are written out by hand."""
from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
import yaml
from helpers import FIXTURE, run_command
from hypothesis import given, settings
from hypothesis import strategies as st
from node_lines import NodeLines

from banma.records.house_style import FIELD_ORDER, dump_item, formatted, text_scalar, without_empty
from banma.records.kinds import KINDS
from banma.records.yaml_reader import parse

ROOT = Path(__file__).resolve().parents[2]
NODE_CLI = Path(__file__).with_name("house_style_node.js")
SETTINGS = settings(max_examples=150, deadline=None, database=None)


def read(text: str):
    document, problems = parse(text, "t.yaml")
    assert not problems, problems
    return document.data


def test_a_story_in_house_style_reads_as_written_by_hand():
    data = {"tags": ["river-patrol"], "summary": "标题: 副标题", "title": "苏河 #1", "date": "2025-07-22",
            "street": None, "author": "", "draft": "false", "body": "第一段。\n\n  第二段缩进。\n",
            "landmarks": [], "sources": ["a-source", "yes"]}
    assert dump_item("story", data) == (
        "# yaml-language-server: $schema=../schemas/story.schema.json\n"
        "title: '苏河 #1'\n"
        "date: '2025-07-22'\n"
        "summary: '标题: 副标题'\n"
        "body: |\n"
        "  第一段。\n"
        "\n"
        "    第二段缩进。\n"
        "tags:\n"
        "- river-patrol\n"
        "sources:\n"
        "- a-source\n"
        "- 'yes'\n")


@pytest.mark.parametrize("text,expected", [
    ("31.2345", "31.2345"), ("010", "'010'"), ("1:20", "'1:20'"), ("~", "'~'"), ("null", "'null'"),
    ("- 列表", "'- 列表'"), ("a: b", "'a: b'"), ("末尾冒号:", "'末尾冒号:'"), (" 前导空格", "' 前导空格'"),
    ("普通文字：全角冒号", "普通文字：全角冒号"), ("@提及", "'@提及'"), ("", "''"), ("It's", "It's"),
    ("1e3", "'1e3'"), ("on", "'on'"), ("true", "true"), ("True", "'True'"), ("2023-1-2", "'2023-1-2'"),
])
def test_text_scalar_is_plain_only_where_nothing_could_misread_it(text, expected):
    assert text_scalar(text) == expected


@pytest.mark.parametrize("body,kept", [
    ("无结尾换行\n第二行", "无结尾换行\n第二行\n"), ("一个结尾换行\n", "一个结尾换行\n"), ("两个结尾换行\n\n", "两个结尾换行\n"),
    (" 以空格开头\n第二行\n", " 以空格开头\n第二行\n"), ("\n \n0", "\n \n0\n"), ("\n ", "\n \n"),
    ("\n\n  空行后缩进\n", "\n\n  空行后缩进\n"),  # YAML guesses indentation from the first non-empty line
])
def test_a_block_text_keeps_its_lines_and_ends_with_one_line_break(body, kept):
    text = dump_item("story", {"title": "t", "body": body})
    assert read(text)["body"] == kept
    assert "body: |\n" in text or "body: |2\n" in text  # never |- or |+: one block style


line_text = st.text(st.characters(blacklist_categories=("Cc", "Cf", "Co", "Cs", "Cn", "Zl", "Zp")), max_size=30)
any_text = st.one_of(line_text, st.lists(line_text, min_size=1, max_size=4).map("\n".join))


@SETTINGS
@given(text=line_text)
def test_any_one_line_text_reads_back_the_same_in_our_reader_and_in_yaml_1_1(text):
    written = text_scalar(text)
    assert read(f"k: {written}\n") == {"k": text}
    if not re.fullmatch(r"-?(0|[1-9][0-9]*)(\.[0-9]+)?|true|false", text):  # numbers and switches stay plain
        assert yaml.safe_load(f"k: {written}\n") == {"k": text}  # PyYAML (YAML 1.1) reads the same text


story = st.fixed_dictionaries(
    {"title": line_text.filter(str.strip)},
    optional={"body": any_text, "summary": line_text, "draft": st.sampled_from(["true", "false"]),
              "tags": st.lists(line_text, max_size=3), "sources": st.lists(line_text, max_size=3),
              "community": st.one_of(st.none(), line_text), "unknown_field": line_text})


@SETTINGS
@given(data=story)
def test_any_story_reads_back_as_itself_less_what_is_empty(data):
    text = dump_item("story", data)
    assert read(text) == without_empty(data, FIELD_ORDER["story"])
    assert formatted("story", text, "t.yaml") == (text, "")  # already in house style: unchanged


def test_files_with_comments_or_errors_are_left_alone():
    commented = "# yaml-language-server: $schema=../schemas/story.schema.json\n# 编辑的话\ntitle: t\n"
    assert formatted("story", commented, "t.yaml")[0] is None
    broken = "title: [unclosed\n"
    assert formatted("story", broken, "t.yaml")[0] is None
    hash_in_block = "title: t\nbody: |\n  # 这是正文里的井号行\n  第二行\n"
    result, _ = formatted("story", hash_in_block, "t.yaml")
    assert result is not None and read(result)["body"] == "# 这是正文里的井号行\n第二行\n"


def test_false_switches_are_left_out_but_false_text_is_kept():
    text = dump_item("source", {"title": "false", "title_is_ours": "false", "draft": "false",
                                "original": {"publisher": "p", "title": "false"}})
    assert read(text) == {"title": "false", "original": {"publisher": "p", "title": "false"}}


def test_format_script_rewrites_only_what_differs(tmp_path):
    project = tmp_path / "project"
    shutil.copytree(FIXTURE, project)
    script = ["format_data", "--root", str(project)]  # scripts/format_data.py's command, run in this process
    assert run_command(*script).returncode == 0
    assert run_command(*script, "--check").returncode == 0
    target = next((project / "data/stories").glob("*.yaml"))
    target.write_text(target.read_text(encoding="utf-8").replace("\ntitle:", "\ndraft: false\ntitle:"), encoding="utf-8")
    check = run_command(*script, "--check")
    assert check.returncode == 1 and target.name in check.stdout
    assert run_command(*script).returncode == 0
    target.write_text(target.read_text(encoding="utf-8") + "# 一行注释\n", encoding="utf-8")
    for mode in ([], ["--check"]):  # a file it cannot rewrite is not in house style: never "passed"
        refused = run_command(*script, *mode)
        assert refused.returncode == 1 and target.name in refused.stdout and "注释" in refused.stdout


@pytest.mark.reads_data
def test_the_repository_data_is_in_house_style():
    """So that a form edit of any file changes only what the editor changed (python scripts/format_data.py)."""
    for kind in KINDS:
        for path in sorted((ROOT / "data" / kind.folder).glob("*.yaml")):
            text = path.read_text(encoding="utf-8")
            result, why = formatted(kind.name, text, path.name)
            assert result == text, f"{path.relative_to(ROOT)}: {why or 'not in house style'}"


# --- the web form's JavaScript writes the same bytes -------------------------------------------------

_NODE = NodeLines(NODE_CLI, cwd=ROOT)  # one Node process for every call below


@pytest.fixture(scope="module", autouse=True)
def _node_ends_with_the_module():
    yield
    _NODE.close()


def node_dump(cases: list[dict]) -> list[str]:
    if not (ROOT / "node_modules/js-yaml").exists():
        pytest.fail("npm ci is needed (scripts/setup.sh --test)")
    return _NODE(cases)


@pytest.mark.reads_data
def test_the_form_writes_every_data_file_exactly_as_it_is():
    cases, texts = [], []
    for kind in KINDS:
        for path in sorted((ROOT / "data" / kind.folder).glob("*.yaml")):
            text = path.read_text(encoding="utf-8")
            cases.append({"kind": kind.name, "text": text, "order": FIELD_ORDER[kind.name]})
            texts.append(text)
    assert cases
    assert node_dump(cases) == texts


@settings(max_examples=40, deadline=None, database=None)
@given(data=st.lists(story, min_size=20, max_size=20))
def test_the_form_and_the_formatter_agree_on_any_story(data):
    cases = [{"kind": "story", "data": item, "order": FIELD_ORDER["story"]} for item in data]
    assert node_dump(cases) == [dump_item("story", item) for item in data]


def _strip_final_line_breaks(value):
    if isinstance(value, str):
        return value.rstrip("\n") if "\n" in value.rstrip("\n") else value
    if isinstance(value, dict):
        return {key: _strip_final_line_breaks(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_strip_final_line_breaks(item) for item in value]
    return value


@pytest.mark.reads_data
def test_a_form_edit_keeps_the_block_style_it_found():
    """The rich-text editor hands texts back without their final line break: the file must still say `|`, byte for
    byte as before, from the form (JavaScript) and from the formatter (Python)."""
    cases, texts = [], []
    for kind in KINDS:
        for path in sorted((ROOT / "data" / kind.folder).glob("*.yaml")):
            text = path.read_text(encoding="utf-8")
            if "|\n" not in text:
                continue
            edited = _strip_final_line_breaks(read(text))
            assert dump_item(kind.name, edited) == text, path.name
            cases.append({"kind": kind.name, "data": edited, "order": FIELD_ORDER[kind.name]})
            texts.append(text)
    assert cases
    assert node_dump(cases) == texts


def test_the_form_reads_switches_as_booleans_and_everything_else_as_text():
    text = "title: 010\ndraft: true\ntitle_is_ours: false\noriginal:\n  title: 31.2300\n  publisher: ~\n"
    cases = [{"kind": "source", "text": text, "order": FIELD_ORDER["source"], "read_only": True}]
    assert node_dump(cases) == [{"title": "010", "draft": True, "title_is_ours": False,
                                 "original": {"title": "31.2300", "publisher": None}}]
