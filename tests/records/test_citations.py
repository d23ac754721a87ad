"""Citing sources: the register, markers in the text, and the rules of records/citation_rules.py, on the small
fixture (each test breaks one rule and checks the located problem, then repairs it)."""
import re
import shutil
from pathlib import Path

import pytest
from helpers import assert_located, only_problem, problems_of, write
from hypothesis import given, settings
from hypothesis import strategies as st
from node_lines import NodeLines

from banma.records.citations import cited_ids, marker, paragraphs, unclosed_markers
from banma.records.loader import load_site
from banma.records.problems import DataError

LANDMARK = "data/landmarks/museum-b.yaml"
HEAD = "name: 测试博物馆乙\nkind: museum\nsummary: 简介\n"
WEAK = "title: 旅游网站的介绍\npublisher: test-press\ntype: listing\nurl: https://example.org/list\n"
UNNAMED_REPOST = "title: 转载\npublisher: test-press\ntype: repost\nurl: https://example.org/copy\n"


def landmark(description: str, *sources: str, extra: str = "") -> str:
    listed = "".join(f"  - {source_id}\n" for source_id in sources)
    return HEAD + "description: |\n" + "".join(f"  {line}\n" if line else "\n" for line in description.split("\n")) \
        + extra + "sources:\n" + listed


# --- reading markers

def test_markers_are_read_with_either_colon_and_several_ids():
    text = "甲。【来源：a-1】乙【来源:b、c】丙【 来源 ： d 】"
    assert cited_ids(text) == ["a-1", "b", "c", "d"]
    assert marker("a", "b") == "【来源：a、b】" and cited_ids(marker("a", "b")) == ["a", "b"]
    assert unclosed_markers("甲【来源：a") == [1] and unclosed_markers("甲【来源】") == [1]
    assert unclosed_markers("甲【来源：】") == [1] and unclosed_markers("甲【来源：a】") == []


def test_paragraphs_are_markdown_blocks_with_their_first_line():
    found = paragraphs("第一段\n接着第一段。【来源：a】\n\n# 标题\n\n- 列表项【来源：b】\n- 第二项\n\n> 引文")
    assert [(p.line, p.source_ids) for p in found] == [(0, ("a",)), (5, ("b",)), (6, ()), (8, ())]


# --- the rules

def test_with_several_sources_every_paragraph_cites_one(project):
    write(project, LANDMARK, landmark("第一段。【来源：test-source】\n\n第二段没有标注。", "test-source", "test-source-a"))
    problem = only_problem(project)
    assert_located(problem, LANDMARK, 7, "description", "没有注明来源", "cites no source")
    assert "第二段没有标注" in problem.zh and "【来源：test-source】" in problem.hint_zh
    write(project, LANDMARK, landmark("第一段。【来源：test-source】\n\n第二段。【来源：test-source-a】",
                                      "test-source", "test-source-a"))
    load_site(project)


def test_with_one_source_paragraphs_need_no_marker_and_a_draft_may_be_unfinished(project):
    write(project, LANDMARK, landmark("第一段。\n\n第二段。", "test-source"))
    load_site(project)
    write(project, "data/landmarks/unfinished.yaml",
          "draft: true\n" + landmark("第一段。\n\n第二段。", "test-source", "test-source-a").replace("测试博物馆乙", "未完成"))
    load_site(project)


def test_a_marker_names_a_registered_source(project):
    write(project, LANDMARK, landmark("一段。【来源：no-such-source】", "test-source"))
    problem = only_problem(project)
    assert_located(problem, LANDMARK, 5, "description", "不在来源登记表中", "not in the source register")
    assert "data/sources/" in problem.hint_zh


def test_a_marker_names_a_source_listed_on_the_item(project):
    write(project, LANDMARK, landmark("一段。【来源：test-source-a】", "test-source"))
    problem = only_problem(project)
    assert_located(problem, LANDMARK, 5, "description", "没有列在本条目的 sources 中", "not in this item's sources")


def test_an_incomplete_marker_is_refused_where_it_is(project):
    write(project, LANDMARK, landmark("一段。\n\n二段。【来源 test-source】", "test-source"))
    problem = only_problem(project)
    assert_located(problem, LANDMARK, 7, "description", "引用标记不完整", "incomplete citation marker")


@pytest.mark.parametrize("text", ["一段[报道【来源：test-source】](https://example.org/)。", "一段`【来源：test-source】`。"])
def test_a_marker_is_not_inside_a_link_or_code(project, text):
    write(project, LANDMARK, landmark("第一段。\n\n" + text, "test-source"))
    assert_located(only_problem(project), LANDMARK, 7, "description", "链接文字或代码", "inside a link")


def test_markers_only_in_markdown_texts(project):
    write(project, LANDMARK, HEAD.replace("summary: 简介", "summary: 简介【来源：test-source】")
          + "sources:\n  - test-source\n")
    assert_located(only_problem(project), LANDMARK, 3, "summary", "只能写在正文段落", "belong in Markdown texts")


def test_a_fact_source_is_listed_on_the_item(project):
    write(project, LANDMARK, HEAD + "address: 测试路1号\naddress_source: test-source-a\nsources:\n  - test-source\n")
    problem = only_problem(project)
    assert_located(problem, LANDMARK, 5, "address_source", "没有列在本条目的 sources 中", "not in this item's sources")
    write(project, LANDMARK, HEAD + "address: 测试路1号\naddress_source: test-source-a\n"
                                    "sources:\n  - test-source\n  - test-source-a\n")
    load_site(project)


@pytest.mark.parametrize("weak", [WEAK, UNNAMED_REPOST])
def test_weak_sources_never_stand_alone(project, weak):
    write(project, "data/sources/weak.yaml", weak)
    write(project, LANDMARK, HEAD + "sources:\n  - weak\n")
    assert_located(only_problem(project), LANDMARK, 5, "sources", "只有较弱的来源", "Weak sources only")
    # beside a reliable source it may be listed, but a paragraph or a fact may not rest on it alone
    write(project, LANDMARK, landmark("一段。【来源：weak】", "test-source", "weak"))
    assert_located(only_problem(project), LANDMARK, 5, "description", "只引用了较弱的来源", "weak sources only")
    write(project, LANDMARK, HEAD + "address: 测试路1号\naddress_source: weak\nsources:\n  - test-source\n  - weak\n")
    assert_located(only_problem(project), LANDMARK, 5, "address_source", "只有较弱的来源", "Weak sources only")
    write(project, LANDMARK, landmark("一段。【来源：weak、test-source】", "test-source", "weak"))
    load_site(project)


def test_a_repost_naming_its_original_counts_as_the_original(project):
    write(project, "data/sources/copy.yaml", UNNAMED_REPOST + "original:\n  publisher: test-press\n")
    write(project, LANDMARK, HEAD + "sources:\n  - copy\n")
    load_site(project)


def test_a_source_nothing_cites_is_reported_not_refused(project, capsys):
    write(project, "data/sources/unused.yaml", "title: 没人引用\npublisher: test-press\ntype: press\n"
                                               "url: https://example.org/unused\n")
    site = load_site(project)
    assert [(n.path, n.field) for n in site.notices] == [("data/sources/unused.yaml", "")]
    assert "没有被任何条目引用" in site.notices[0].zh
    from banma.cli.check_data import main
    assert main(["--root", str(project), "--github"]) == 0
    printed = capsys.readouterr().out
    assert "提醒（不影响发布）" in printed and "::warning file=data/sources/unused.yaml" in printed


@pytest.mark.parametrize("content, field, words", [
    ("title: 甲\npublisher: test-press\ntype: repost\noffline: 档案馆\n", "", "转载"),
    ("title: 甲\npublisher: test-press\ntype: press\noriginal:\n  publisher: test-press\nurl: https://example.org/\n",
     "", "original"),
    ("title: 甲\npublisher: test-press\ntype: press\n", "", "没有网址"),
    ("title: 甲\npublisher: no-such-outlet\ntype: press\nurl: https://example.org/\n", "publisher", "发布者"),
    ("title: 甲\npublisher: test-press\ntype: blog\nurl: https://example.org/\n", "type", ""),
])
def test_register_entries_say_who_published_them_and_how_to_find_them(project, content, field, words):
    write(project, "data/sources/test-source.yaml", content)
    found = [p for p in problems_of(project) if p.path == "data/sources/test-source.yaml"]
    assert len(found) == 1 and found[0].field == field and words in found[0].zh, [p.format() for p in found]


def test_a_hand_written_page_cites_registered_sources(project):
    write(project, "docs/about.md", "---\ntitle: 关于\n---\n\n# 关于\n\n一句话。{{ cite(\"test-source\", 'no-such') }}\n")
    site = load_site(project)  # docs/ is the developers': reported, not refused
    [notice] = [n for n in site.notices if n.path == "docs/about.md"]
    assert (notice.line, notice.field) == (7, "cite") and "no-such" in notice.zh
    from banma.records.citation_rules import cited_by
    assert ("docs", "docs/about.md") in cited_by(site)["test-source"]


@pytest.mark.reads_data
def test_the_real_pages_cite_only_registered_sources():
    from sitebuild import ROOT
    site = load_site(ROOT)
    assert site.page_citations, "the home page cites its sources with cite()"
    assert not [n for n in site.notices if n.field == "cite"]


# --- the web form's citation button writes and reads the markers the site reads (docs/admin/cite-button.js)

_button = NodeLines(Path(__file__).with_name("cite_button_node.js"))  # _button(cases) -> results, one process


@pytest.fixture(scope="module", autouse=True)
def _node_ends_with_the_module():
    yield
    _button.close()


_IDS = st.from_regex(r"[a-z0-9]{1,8}(-[a-z0-9]{1,8}){0,3}", fullmatch=True)
_QUOTES = st.text(st.characters(blacklist_categories=("Cc", "Cs", "Zl", "Zp"), blacklist_characters="】\n"),
                  max_size=40).map(lambda text: " ".join(text.split()))


@settings(max_examples=20, deadline=None)  # one Node process for every example (tests/node_lines.py)
@given(st.lists(st.tuples(_IDS, _QUOTES), min_size=30, max_size=30))
def test_the_form_button_and_the_site_agree_on_markers(pairs):
    from banma.records.citations import MARKER, marker_ids, marker_quote
    written = _button([{"source": i, "quote": q} for i, q in pairs])
    assert written == [marker(i, quote=q) for i, q in pairs]
    texts = [f"一句话。{text}后文" for text in written] + ["甲【来源: a-1 | 原文 】", "乙【来源：a、b】", "丙【来源：】"]
    read = _button([{"text": text} for text in texts])
    for text, found in zip(texts, read, strict=True):
        match = MARKER.search(text)
        ids = marker_ids(match.group(1)) if match else []
        if len(ids) == 1:
            assert found == {"source": ids[0], "quote": marker_quote(match.group(1))}, text
        else:
            assert found is None, text  # several sources, or none: the button leaves the marker as typed


# --- a marker typed with ASCII brackets (it would be published as typed): named as that slip on every item

@pytest.mark.parametrize("typed", ["[来源：test-source]", "[来源:test-source]", "\\[来源:test-source]",
                                   "\\[来源：test-source\\]", "[ 来源 ： test-source ]"])
@pytest.mark.parametrize("sources", [("test-source",), ("test-source", "test-source-a")])
def test_a_marker_with_ascii_brackets_is_named_with_its_fix(project, typed, sources):
    second = "\n\n第二段。【来源：test-source-a】" if len(sources) > 1 else ""
    write(project, LANDMARK, landmark(f"第一段。{typed}{second}", *sources))
    problem = only_problem(project)
    assert_located(problem, LANDMARK, 5, "description", "半角方括号", "ASCII brackets")
    assert "没有注明来源" not in problem.zh and "写成 【来源：test-source】" in problem.hint_zh, problem.format()
    fixed = problem.hint_zh.split("写成 ")[1].rstrip("。")
    write(project, LANDMARK, landmark(f"第一段。{fixed}{second}", *sources))  # the hint, followed, is valid
    load_site(project)


def test_an_ascii_marker_keeps_its_quote_in_the_fix(project):
    write(project, LANDMARK, landmark("第一段。[来源：test-source｜原文\\*摘录]", "test-source"))
    assert "【来源：test-source｜原文*摘录】" in only_problem(project).hint_zh


def test_square_brackets_that_are_not_a_marker_are_text(project):
    write(project, LANDMARK, landmark("第一段写到[注]和 [来源](https://example.org/) 两个词。", "test-source"))
    load_site(project)


# --- the same slip on every real file: each marker of the real data typed with ASCII brackets (as by hand, or as the
# form's editor escapes it) is named on its line, and the marker the hint writes makes the data valid again

REAL = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def real_copy(tmp_path_factory):
    copy = tmp_path_factory.mktemp("real")
    shutil.copytree(REAL / "data", copy / "data")
    return copy, {p.format() for p in _problems_or_none(copy)}  # today's problems (auditors edit data/) set aside


def _real_markers() -> list[tuple[Path, int]]:
    files = sorted(p for p in (REAL / "data").rglob("*.yaml") if "schemas" not in p.parts)
    return [(path, n) for path in files for n in range(path.read_text(encoding="utf-8").count("【来源"))]


@pytest.mark.reads_data
@pytest.mark.slow
@settings(max_examples=25, deadline=None)
@given(pick=st.integers(min_value=0), escaped=st.booleans())
def test_any_real_marker_typed_with_ascii_brackets_is_named_and_its_hint_fixes_it(real_copy, pick, escaped):
    copy, before = real_copy
    markers = _real_markers()
    path, index = markers[pick % len(markers)]
    target = copy / path.relative_to(REAL)
    text = path.read_text(encoding="utf-8")
    match = list(re.finditer(r"【(来源[:：][^】\n]*)】", text))[index]
    typed = ("\\[" if escaped else "[") + match.group(1) + "]"
    target.write_text(text[:match.start()] + typed + text[match.end():], encoding="utf-8")
    try:
        found = [p for p in problems_of(copy) if p.format() not in before]
        line = text.count("\n", 0, match.start()) + 1
        assert [(p.path, p.line) for p in found] == [(target.relative_to(copy).as_posix(), line)], found
        assert "半角方括号" in found[0].zh and "没有注明来源" not in found[0].zh
        meant = found[0].hint_zh.split("写成 ")[1].rstrip("。")
        target.write_text(text[:match.start()] + meant + text[match.end():], encoding="utf-8")
        assert not [p for p in _problems_or_none(copy) if p.format() not in before]  # the hint, followed, fixes it
    finally:
        target.write_text(text, encoding="utf-8")


def _problems_or_none(root):
    try:
        load_site(root)
    except DataError as error:
        return error.problems
    return []


def test_an_ascii_marker_outside_a_markdown_text_is_a_stray_marker(project):
    write(project, LANDMARK, landmark("第一段。", "test-source").replace("summary: 简介", "summary: 简介[来源：test-source]"))
    assert_located(only_problem(project), LANDMARK, 3, "summary", "引用标记只能写在正文段落", "Markdown texts")
