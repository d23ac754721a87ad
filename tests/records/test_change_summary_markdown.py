"""The change summary is Markdown (a pull request's job summary): editor text in it stays text.

Hostile values — a link, an image, HTML, a mention, a heading, runs of backticks — go through the real command on
a temporary git repository, and the summary is parsed as CommonMark (markdown-it-py, linkify off): no link, image or
HTML comes from editor text, and each hostile value is shown whole, inside a code span (where GitHub makes no
mention, reference or link either).
"""
import os
import shutil
import subprocess
import sys
from pathlib import Path

from helpers import FIXTURE
from hypothesis import given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt

from banma.records.changes import inert

ROOT = Path(__file__).resolve().parents[2]
GIT_ENV = {**os.environ, "GIT_AUTHOR_NAME": "编辑", "GIT_AUTHOR_EMAIL": "e@example.org",
           "GIT_COMMITTER_NAME": "编辑", "GIT_COMMITTER_EMAIL": "e@example.org"}
MARKDOWN = MarkdownIt("commonmark")  # linkify is off: GitHub's own autolinks are covered by the code spans
SOURCE_URL = "https://example.org/news"  # the one link the summary may make: a registered source's address

LINK = "[click](https://evil.example)"
IMAGE = "![x](http://x/y.png)"
HTML = "<img src=x onerror=alert(1)>"
TICKS = "a ``` b `` c ` d"


def git(repo, *args):
    subprocess.run(["git", *args], cwd=repo, env=GIT_ENV, check=True, capture_output=True, text=True)


def repository(tmp_path: Path) -> Path:
    shutil.copytree(FIXTURE / "data", tmp_path / "data")
    git(tmp_path, "init", "-q")
    git(tmp_path, "add", "-A")
    git(tmp_path, "commit", "-qm", "base")
    return tmp_path


def summary(repo: Path) -> tuple[int, str]:
    result = subprocess.run([sys.executable, str(ROOT / "scripts/change_summary.py"), "HEAD", ".", "--repo",
                             str(repo)], capture_output=True, text=True)
    assert not result.stderr, result.stderr
    return result.returncode, result.stdout


def replace(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new), encoding="utf-8")


def inline_tokens(markdown: str) -> list:
    return [child for token in MARKDOWN.parse(markdown) for child in (token.children or [])]


def assert_inert(markdown: str, hostile: list[str]) -> None:
    """No link but to the registered source, no image, no HTML; each hostile value whole in a code span and never
    in plain text (nor part of one); no heading holds editor text."""
    tokens = MARKDOWN.parse(markdown)
    inline = inline_tokens(markdown)
    assert not [t for t in tokens + inline if t.type in ("html_block", "html_inline", "image")], markdown
    assert [t.attrGet("href") for t in inline if t.type == "link_open"] in ([], [SOURCE_URL]), markdown
    spans = [t.content for t in inline if t.type == "code_inline"]
    texts = " ".join(t.content for t in inline if t.type == "text")
    for value in hostile:
        assert any(value in span for span in spans), (value, markdown)
    for marker in ("evil.example", "x/y.png", "onerror", "@mention", "``"):
        assert marker not in texts, (marker, markdown)
    headings = [tokens[i + 1].content for i, t in enumerate(tokens) if t.type == "heading_open"]
    assert not [h for h in headings if "标题" in h or "evil" in h], headings


def test_a_valid_change_full_of_markup_shows_it_as_text(tmp_path):
    repo = repository(tmp_path)
    data = repo / "data"
    replace(data / "landmarks/museum-b.yaml", "name: 测试博物馆乙", f"name: '{LINK}'")
    replace(data / "landmarks/museum-b.yaml", "summary: 第二个测试地点。", f"summary: '{IMAGE} @mention'")
    replace(data / "routes/route-r.yaml", "note: 第一站", f"note: '# 标题 {TICKS}'")
    replace(data / "vocabularies.yaml", "tags:\n", f"tags:\n  - id: hostile\n    name: '`{IMAGE}`'\n")
    (data / "sources/district-news.yaml").write_text(
        f"title: '{LINK}'\npublisher: test-press\ntype: official\nurl: {SOURCE_URL}\n"
        "quotes:\n  - 2024年3月1日，已建成示范点。\n", encoding="utf-8")
    replace(data / "plan.yaml", "        landmarks: [station-a]\n",
            "        landmarks: [station-a]\n        progress:\n          status: in_progress\n          updates:\n"
            f"            - date: 2024-03-01\n              note: '@mention 已建成示范点。{IMAGE}'\n"
            "              sources:\n                - district-news\n")
    code, markdown = summary(repo)
    assert code == 0, markdown
    assert f"“{SOURCE_URL}”" not in markdown and f"]({SOURCE_URL})" in markdown  # the source is still linked
    assert_inert(markdown, [LINK, f"{IMAGE} @mention", f"# 标题 {TICKS}", f"`{IMAGE}`", f"@mention 已建成示范点。{IMAGE}"])


def test_problems_quoting_editor_text_show_it_as_text(tmp_path):
    repo = repository(tmp_path)
    landmark = repo / "data/landmarks/museum-b.yaml"
    replace(landmark, "summary: 第二个测试地点。", f"summary: 第二个测试地点。 # {HTML} {LINK} @mention\n'{IMAGE}': x")
    code, markdown = summary(repo)
    assert code == 1, markdown
    assert "个数据问题" in markdown
    assert_inert(markdown, [HTML])


# Any text, as an editor could write it (the validator refuses control characters; line breaks are shown as ↵).
texts = st.text(st.characters(exclude_categories=("Cs", "Cc")) | st.sampled_from("`[]()!<>&@#*_~|\\$:/. \n"),
                max_size=60)


@settings(max_examples=300, deadline=None, database=None)
@given(text=texts)
def test_any_text_is_shown_as_written_and_never_as_markup(text):
    markdown = f"- 前：{inert(text)}：后"
    inline = inline_tokens(markdown)
    assert {t.type for t in inline} <= {"text", "code_inline"}, (text, markdown)
    shown = "".join(t.content for t in inline)
    assert shown == "前：" + text.replace("\n", "↵") + "：后", (text, markdown)
    for marker in ("@", "#", "://", "www."):  # GitHub's mentions, references and links happen in plain text only
        assert not any(marker in t.content.lower() for t in inline if t.type == "text"), (text, markdown)
