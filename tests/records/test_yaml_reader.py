"""Each kind of bad input the reader refuses, with its file, line, field and both languages."""
import re

import pytest
from helpers import assert_located, only_problem, problems_of, write

from banma.records.loader import load_site

STORY = "data/stories/story-s.yaml"
LANDMARK = "data/landmarks/museum-b.yaml"


def test_fixture_is_valid(project):
    site = load_site(project)
    assert set(site.landmarks) == {"station-a", "museum-b"}


@pytest.mark.parametrize("value", ["NO", "on", "1690", "010", "9:30", "2023-02-21", "0x1A", "1e3", "~x", "yes"])
def test_text_stays_exactly_as_written(project, value):
    """YAML 1.1 would turn these into booleans, numbers, times or dates."""
    write(project, LANDMARK, f"name: {value}\nkind: museum\nsummary: {value}\naddress: {value}\n"
                             "address_source: test-source\nsources:\n  - test-source\n")
    landmark = load_site(project).landmarks["museum-b"]
    assert (landmark.name, landmark.summary, landmark.address) == (value, value, value)


def test_duplicate_key(project):
    write(project, LANDMARK, "name: 甲\nkind: museum\nsummary: 乙\nname: 丙\nsources:\n  - test-source\n")
    assert_located(only_problem(project), LANDMARK, 4, "name", "重复出现（第一次在第 1 行）", "appears twice")


def test_gbk_file_is_named_as_gbk(project):
    write(project, LANDMARK, "name: 顾正红纪念馆\nkind: museum\n".encode("gbk"))
    problem = only_problem(project)
    assert_located(problem, LANDMARK, 1, "name", "GBK", "GBK")  # the key on the line the bytes fail
    assert "UTF-8" in problem.hint_zh + problem.hint_en


def test_utf16_file(project):
    write(project, LANDMARK, "name: 顾正红纪念馆\n".encode("utf-16"))
    assert_located(only_problem(project), LANDMARK, 0, "", "UTF-16", "UTF-16")


def test_utf8_bom_is_accepted(project):
    path = project / LANDMARK
    path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes())
    assert load_site(project).landmarks["museum-b"].name == "测试博物馆乙"


def test_tab(project):
    write(project, LANDMARK, "name: 甲\nkind:\tmuseum\n")
    assert_located(only_problem(project), LANDMARK, 2, "kind", "制表符", "tab")


@pytest.mark.parametrize("char,zh,en", [("\u0007", "控制字符", "control character"),
                                         ("\u202e", "文字方向", "bidirectional"),
                                         ("\u200b", "不可见字符", "invisible")])
def test_control_bidi_and_invisible_characters(project, char, zh, en):
    write(project, LANDMARK, f"name: 甲\nsummary: 乙{char}丙\n")
    problem = only_problem(project)
    assert_located(problem, LANDMARK, 2, "summary", zh, en)
    assert problem.column == 11


def test_fullwidth_colon_as_syntax(project):
    write(project, LANDMARK, "name：顾正红纪念馆\n")
    assert_located(only_problem(project), LANDMARK, 1, "name", "全角冒号", "full-width colon")


def test_fullwidth_comma_in_list(project):
    write(project, STORY, "title: 甲\ntags: [river-patrol，volunteering]\n")
    assert_located(only_problem(project), STORY, 2, "tags", "全角逗号", "full-width comma")


def test_ideographic_space_indentation(project):
    write(project, LANDMARK, "name: 甲\ncreek:\n\u3000bank: north\n")
    assert_located(only_problem(project), LANDMARK, 3, "creek.bank", "全角空格", "U+3000")


def test_value_cut_by_comment(project):
    write(project, LANDMARK, "name: 1号码头 #2号泊位\nkind: museum\nsummary: x\nsources:\n  - test-source\n")
    problem = only_problem(project)
    assert_located(problem, LANDMARK, 1, "name", "注释丢掉", "dropped as a comment")
    assert "#2号泊位" in problem.zh


def test_quoted_hash_is_kept(project):
    write(project, LANDMARK, "name: \"1号码头 #2号泊位\"\nkind: museum\nsummary: x\nsources:\n  - test-source\n")
    assert load_site(project).landmarks["museum-b"].name == "1号码头 #2号泊位"


@pytest.mark.parametrize("content", ["", "\n  \n", "# only a comment\n"])
def test_empty_file(project, content):
    write(project, LANDMARK, content)
    assert_located(only_problem(project), LANDMARK, 0, "", "文件为空", "empty")


def test_several_documents(project):
    write(project, LANDMARK, "name: 甲\n---\nname: 乙\n")
    assert_located(only_problem(project), LANDMARK, 2, "", "只能有一个", "only one YAML document")


def test_deep_nesting(project):
    write(project, LANDMARK, "name: " + "[" * 40 + "]" * 40 + "\n")
    assert_located(only_problem(project), LANDMARK, 1, "name" + ".0" * 19, "嵌套层级过深", "too deep")


def test_alias_bomb_is_refused_without_expanding(project):
    lines = ["a: &a [x, x, x, x, x, x, x, x, x]"]
    lines += [f"{chr(98 + i)}: &{chr(98 + i)} [*{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}]" for i in range(8)]
    write(project, LANDMARK, "\n".join(lines) + "\n")
    problems = problems_of(project)
    assert problems[0].line == 1 and "锚点" in problems[0].zh and "Anchors" in problems[0].en
    assert any("别名" in p.zh and "Aliases" in p.en for p in problems)


def test_tags_are_refused(project):
    write(project, LANDMARK, "name: !!python/object:os.system echo\n")
    assert_located(only_problem(project), LANDMARK, 1, "name", "不允许使用标签", "Tags")


def test_syntax_error_is_located(project):
    write(project, LANDMARK, "name: 甲\nsummary: \"未闭合\n")
    problem = only_problem(project)
    assert problem.path == LANDMARK and problem.line == 2 and problem.field == "summary"
    assert "没有闭合" in problem.zh and "not closed" in problem.en


# Each kind of syntax slip, the line and field the validator must name, and the fix its hint describes:
# applying the hint must make the file valid (a hint that leads nowhere would loop the editor).
GOOD = ("name: 测试博物馆乙\nkind: museum\nsummary: 一处地方。\naddress: 测试路1号\ncreek:\n  bridge: east-bridge\n"
        "  side: downstream\n  wording: 东测试桥东侧\n  source: test-source\nmilestones:\n  - date: '2023-01-02'\n"
        "    event: opened\n    source: test-source\nsources:\n  - test-source\naddress_source: test-source\n")
SLIPS = {
    "a field indented under a line that has its value": ("summary: 一处地方。", "  summary: 一处地方。", 3, "summary",
                                                         "改为 0 个"),
    "a nested field indented one space too far": ("  side: downstream", "   side: downstream", 7, "creek.side", "改为 2 个"),
    "a nested field indented one space too little": ("  side: downstream", " side: downstream", 7, "creek.side",
                                                     "改为 2 个"),
    "a list entry's field indented too far": ("    event: opened\n", "      event: opened\n",
                                              12, "milestones.0.event", "改为 4 个"),
    "a double quote never closed": ("address: 测试路1号", "address: \"测试路1号", 4, "address", "补上 \""),
    "a single quote never closed": ("address: 测试路1号", "address: '测试路1号", 4, "address", "补上 '"),
    "a colon missing after the field name": ("kind: museum", "kind museum", 2, "kind", "冒号"),
    "a colon and space inside the text": ("address: 测试路1号", "address: 测试路: 1号", 4, "address", "双引号"),
}


def _apply(text: str, hint: str, line: int) -> str:
    """Do what the hint says, as an editor would, to the line it names."""
    lines = text.split("\n")
    target = lines[line - 1]
    if match := re.search(r"改为 (\d+) 个", hint):
        lines[line - 1] = " " * int(match.group(1)) + target.lstrip(" ")
    elif match := re.search(r"补上 (\S)", hint):
        lines[line - 1] = target + match.group(1)
    elif "冒号" in hint and "双引号" not in hint:
        lines[line - 1] = re.sub(r"^(\s*\w+) ", r"\1: ", target)
    elif "双引号" in hint:
        key, value = target.split(": ", 1)
        lines[line - 1] = f'{key}: "{value}"'
    return "\n".join(lines)


@pytest.mark.parametrize("slip", list(SLIPS))
def test_each_syntax_hint_names_the_line_and_field_and_applying_it_fixes_the_file(project, slip):
    good, bad, line, field, hint_words = SLIPS[slip]
    assert good in GOOD
    write(project, LANDMARK, GOOD.replace(good, bad, 1))
    problem = only_problem(project)
    assert (problem.line, problem.field) == (line, field), problem.format()
    assert hint_words in problem.hint_zh, problem.format()
    assert "全角冒号" not in problem.hint_zh or slip == "a colon and space inside the text"  # no hint that loops
    write(project, LANDMARK, _apply(GOOD.replace(good, bad, 1), problem.hint_zh, problem.line))
    load_site(project)  # the hint, followed, fixed it


def test_file_too_large(project):
    write(project, LANDMARK, "name: " + "甲" * (2 * 1024 * 1024) + "\n")
    assert_located(only_problem(project), LANDMARK, 0, "", "文件过大", "too large")


def test_every_problem_in_one_run(project):
    write(project, LANDMARK, "name: 甲\tx\n")
    write(project, STORY, "")
    paths = {p.path for p in problems_of(project)}
    assert paths == {LANDMARK, STORY}


def test_an_unquoted_colon_in_text_says_how_to_quote(project):
    write(project, LANDMARK, "name: 甲\nkind: museum\nsummary: 标题: 副标题\nsources:\n  - test-source\n")
    problem = only_problem(project)
    assert_located(problem, LANDMARK, 3, "summary", "YAML 格式错误", "YAML syntax error")
    assert "双引号" in problem.hint_zh and 'title: "' in problem.hint_zh and "double quotes" in problem.hint_en


@pytest.mark.parametrize("text,line,field", [
    ("name: 甲\nsources:\n  - title: x\n    note:\t说明\n", 4, "sources.0.note"),
    ("name: 甲\nstops:\n- landmark: a\n- landmark: b\n  note:\t第二站\n", 5, "stops.1.note"),
    ("name: 甲\ndescription: |\n  时间: 9:00\n  第二行\t有 Tab\n", 4, "description"),
])
def test_problems_found_in_the_text_name_their_field(project, text, line, field):
    write(project, LANDMARK, text)
    assert_located(only_problem(project), LANDMARK, line, field, "制表符", "tab")


ROUTE = "data/routes/route-r.yaml"
HOUSE_ROUTE = ("# 注释\nname: 测试红色线路\ncategory: red-culture\ntheme: 测试主题\nsummary: 从驿站到博物馆。\n"
               "description: |\n  第一段。\n\n  第二段。\nstops:\n- landmark: station-a\n  note: 第一站\n"
               "- landmark: museum-b\nsources:\n- test-source\n")
# The cases issue 37 names, each: the slip, the line the validator must name, the field as the editor sees it, and
# the indentation its hint must give (then applied, the file must load).
NAMED_SLIPS = {
    "a first key one space deep (noticed a line later)": ("\nname:", "\n name:", 2, "name", 0),
    "a list item one space deep": ("\n- landmark: station-a", "\n - landmark: station-a", 11, "stops.0.landmark", 0),
    "a key two spaces deep after a list": ("\nsources:", "\n  sources:", 14, "sources", 0),
    "a key one space deep after a | text": ("\nstops:", "\n stops:", 10, "stops", 0),
    "a key two spaces deep under a | text (taken into it)": ("\nstops:", "\n  stops:", 10, "stops", 0),
    "a key three spaces deep under a | text": ("\nstops:", "\n   stops:", 10, "stops", 0),
}


@pytest.mark.parametrize("slip", list(NAMED_SLIPS))
def test_each_named_indentation_slip_is_advised_on_its_line(project, slip):
    good, bad, line, field, want = NAMED_SLIPS[slip]
    write(project, ROUTE, HOUSE_ROUTE)
    load_site(project)  # the file before the slip is valid
    slipped = HOUSE_ROUTE.replace(good, bad, 1)
    write(project, ROUTE, slipped)
    problem = only_problem(project)
    assert (problem.path, problem.line, problem.field) == (ROUTE, line, field), problem.format()
    assert f"改为 {want} 个" in problem.hint_zh and f"by {want} space" in problem.hint_en, problem.format()
    assert not re.search(r"[a-z]+ [a-z]+ [a-z]+", problem.zh), problem.format()  # no PyYAML English in the Chinese
    write(project, ROUTE, _apply(slipped, problem.hint_zh, problem.line))
    load_site(project)


@pytest.mark.parametrize("key", ["theme: 测试主题", "launched: '2021-07-09'", "organisers:"])
def test_a_text_line_that_reads_like_an_absent_field_is_a_probable_misindented_key(project, key):
    field = key.split(":")[0]
    text = HOUSE_ROUTE.replace("  第二段。\n", f"  第二段。\n  {key}\n", 1)
    text = re.sub(rf"\n{field}:[^\n]*", "", text, count=1) if field == "theme" else text
    write(project, ROUTE, text)
    line = text.split("\n").index(f"  {key}") + 1
    problem = [p for p in problems_of(project) if p.line == line][0]
    assert problem.field == field and "缩进" in problem.zh and "改为 0 个" in problem.hint_zh, problem.format()


def test_a_text_line_naming_a_field_the_item_has_or_in_a_code_block_is_text(project):
    text = HOUSE_ROUTE.replace("  第二段。\n", "  第二段。\n  name: 这是正文\n\n  ```\n  creek:\n  ```\n", 1)
    write(project, ROUTE, text)
    assert "name: 这是正文" in load_site(project).routes["route-r"].description
