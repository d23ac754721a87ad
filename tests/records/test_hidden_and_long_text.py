"""Text that hides what it says, text too long to publish, and files the loader would not read."""
import time

import pytest
from helpers import assert_located, only_problem, problems_of, write

from banma.records.fields import LIMITS
from banma.records.loader import load_site

LANDMARK = "data/landmarks/museum-b.yaml"
BASE = "name: 测试博物馆乙\nkind: museum\nsources:\n  - test-source\n"


@pytest.mark.parametrize("escape,code,category", [
    ("\\u202E", "202E", "Cf"), ("\\e", "001B", "Cc"), ("\\a", "0007", "Cc"), ("\\uFEFF", "FEFF", "Cf"),
    ("\\u180E", "180E", "Cf"), ("\\u200B", "200B", "Cf"), ("\\uE000", "E000", "Co"), ("\\u2028", "2028", "Zl"),
    ("\\u2029", "2029", "Zp"), ("\\uFFFF", "FFFF", "Cn"), ("\\x85", "0085", "Cc"), ("\\t", "0009", "Cc"),
])
def test_hidden_characters_written_as_escapes_are_refused_with_their_field(project, escape, code, category):
    write(project, LANDMARK, BASE + f'summary: "简介{escape}文字"\n')
    problem = only_problem(project)
    assert_located(problem, LANDMARK, 5, "summary", f"U+{code}", f"U+{code}")
    assert category in problem.zh


def test_hidden_characters_in_markdown_and_lists_are_refused_too(project):
    write(project, LANDMARK, BASE + 'summary: 简介\ndescription: "第一段\\n\\n第二\\u2066段"\naliases: ["别名\\u200D"]\n')
    fields = sorted(p.field for p in problems_of(project))
    assert fields == ["aliases.0", "description"]


def test_a_raw_invisible_character_the_old_list_missed_is_found(project):
    write(project, LANDMARK, BASE + "summary: 简介\u180e文字\n")
    assert_located(only_problem(project), LANDMARK, 5, "summary", "U+180E", "U+180E")


def test_ordinary_chinese_spacing_and_punctuation_pass(project):
    write(project, LANDMARK, BASE + "summary: 全角空格\u3000与不换行空格\u00a0都可以，标点“”‘’（）《》也可以。\n")
    assert load_site(project).landmarks["museum-b"].summary.startswith("全角空格")


@pytest.mark.parametrize("field,limit", [("name", LIMITS["name"]), ("summary", LIMITS["plain"]),
                                         ("description", LIMITS["markdown"])])
def test_text_beyond_its_limit_is_refused_at_once(project, field, limit):
    values = {"name": "测试博物馆乙", "summary": "简介", "description": "介绍"}
    values[field] = "长" * limit
    text = "kind: museum\nsources:\n  - test-source\n" + "".join(f"{k}: {v}\n" for k, v in values.items())
    write(project, LANDMARK, text)
    load_site(project)  # exactly at the limit: accepted
    values[field] = "长" * (limit + 1)
    write(project, LANDMARK, "kind: museum\nsources:\n  - test-source\n" + "".join(f"{k}: {v}\n" for k, v in values.items()))
    started = time.perf_counter()
    problem = only_problem(project)
    assert time.perf_counter() - started < 5
    assert problem.field == field and "太长" in problem.zh and f"{limit:,}" in problem.en


@pytest.mark.parametrize("name,hint", [("stories.yml", "data/stories/"), ("story.yaml", "data/stories/"),
                                       ("landmark.yaml", "data/landmarks/"), ("notes.txt", "vocabularies.yaml")])
def test_a_file_the_loader_does_not_read_is_reported(project, name, hint):
    write(project, f"data/{name}", "title: 放错地方的故事\n")
    problem = only_problem(project)
    assert problem.path == f"data/{name}" and "不会被读取" in problem.zh and hint in problem.hint_zh


def test_every_file_in_the_image_folder_is_checked_and_must_be_used(project):
    from io import BytesIO

    from PIL import Image
    folder = project / "docs/assets/images"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "map.svg").write_text('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>')
    (folder / "page.html").write_text("<script>alert(1)</script>")
    buffer = BytesIO()
    Image.new("RGB", (800, 600), "white").save(buffer, "PNG")
    (folder / "unused.png").write_bytes(buffer.getvalue())
    problems = {p.path: p for p in problems_of(project)}
    assert set(problems) == {"docs/assets/images/map.svg", "docs/assets/images/page.html",
                             "docs/assets/images/unused.png"}
    assert "SVG" in problems["docs/assets/images/map.svg"].zh
    assert "没有任何数据文件使用" in problems["docs/assets/images/unused.png"].zh
