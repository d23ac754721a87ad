"""The change summary on real revision pairs of a temporary git repository."""
import os
import shutil
import subprocess
from pathlib import Path

import pytest
from helpers import FIXTURE, run_command

from banma.records.changes import text_changes

ROOT = Path(__file__).resolve().parents[2]
GIT_ENV = {**os.environ, "GIT_AUTHOR_NAME": "编辑", "GIT_AUTHOR_EMAIL": "e@example.org",
           "GIT_COMMITTER_NAME": "编辑", "GIT_COMMITTER_EMAIL": "e@example.org"}


def git(repo, *args):
    return subprocess.run(["git", *args], cwd=repo, env=GIT_ENV, check=True, capture_output=True, text=True).stdout


@pytest.fixture
def repo(tmp_path):
    shutil.copytree(FIXTURE / "data", tmp_path / "data")
    git(tmp_path, "init", "-q")
    git(tmp_path, "add", "-A")
    git(tmp_path, "commit", "-qm", "base")
    return tmp_path


def edit(path: Path, old: str, new: str):
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")


def summary(repo, *revisions) -> tuple[int, str]:
    result = run_command("change_summary", *revisions, "--repo", str(repo))  # scripts/change_summary.py's command
    return result.returncode, result.stdout


def test_a_typical_editing_pull_request(repo):
    data = repo / "data"
    (data / "landmarks/station-c.yaml").write_text(
        "name: 新驿站丙\nkind: service-station\nsummary: 新建的驿站。\nsources:\n  - test-source\n", encoding="utf-8")
    (data / "sources/district-news.yaml").write_text(
        "title: 区政府通报\npublisher: test-press\ndate: '2024-03-01'\ntype: official\nurl: https://example.org/news\n"
        "quotes:\n  - 已建成两处示范点。\n", encoding="utf-8")
    edit(data / "landmarks/museum-b.yaml", "address: 测试路1号", "address: 测试路2号")
    edit(data / "stories/story-s.yaml", "  第二段。", "  第二段。" + "很长的正文。" * 30 + "这里改了一句话。")
    edit(data / "plan.yaml", "        landmarks: [station-a]\n",
         "        landmarks: [station-a]\n        progress:\n          status: in_progress\n          updates:\n"
         "            - date: 2024-03-01\n              note: 已建成两处示范点。\n              sources:\n"
         "                - district-news\n")
    (data / "routes/route-r.yaml").rename(data / "routes/route-red.yaml")
    edit(data / "vocabularies.yaml", "tags:\n", "tags:\n  - id: ecology\n    name: 生态环境\n")
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", "edit")
    code, text = summary(repo, "HEAD~1", "HEAD")
    assert code == 0, text
    assert "### 新增\n\n- 地点 `station-c`：新驿站丙" in text
    assert "- 故事标签 `ecology`：生态环境" in text
    assert "- 线路 `route-r` → `route-red`：测试红色线路" in text
    assert "  - 地址（address）：“测试路1号” → “测试路2号”" in text  # fields named in Chinese, with their key
    body_line = next(line for line in text.splitlines() if line.startswith("  - 正文（Markdown）（body）")
                     or line.startswith("  - 正文（body）"))
    added = "很长的正文。" * 30 + "这里改了一句话。"
    assert "修改第 2 段：“第二段。” → “第二段。" + added + "”" in body_line  # the changed paragraph whole
    assert "- 一(一)打造新地标（1-1）：状态 尚无进展记录 → 推进中" in text
    assert "新增进展 2024-03-01：已建成两处示范点。（来源：[区政府通报](https://example.org/news)）" in text
    assert "- 来源 `district-news`：区政府通报" in text


def test_broken_references_are_listed_and_fail(repo):
    (repo / "data/landmarks/museum-b.yaml").unlink()  # the route and nothing else still points at it
    code, text = summary(repo, "HEAD", ".")
    assert code == 1
    assert "这次修改有 1 个数据问题" in text
    assert "`data/routes/route-r.yaml:8` stops.1.landmark（stops 第 2 项 的 landmark）：找不到地标“museum-b”。" in text
    assert "已被删除" in text  # git knows the file: not a spelling guess


def test_changing_the_plans_own_text_is_flagged(repo):
    edit(repo / "data/plan.yaml", "text: 挖掘优秀故事。", "text: 挖掘更多优秀故事。")
    code, text = summary(repo)
    assert code == 0 and "⚠️ 请特别留意" in text and "原文被修改" in text


def test_no_change(repo):
    assert summary(repo) == (0, "## 数据变更摘要：HEAD → 工作区\n\n数据没有变化。\n\n")


def test_text_changes_show_added_removed_and_changed_paragraphs_whole():
    long = "甲" * 100 + "旧词" + "乙" * 100
    first, second, third = "第一段。" * 30, "第二段" + "乙" * 200, "第三段。"
    assert text_changes(long, long.replace("旧词", "新词")) == [f"修改第 1 段：“{long}” → “{long.replace('旧词', '新词')}”"]
    assert text_changes(f"{first}\n\n{third}", f"{first}\n\n{second}\n\n{third}") == [f"新增第 2 段：“{second}”"]
    assert text_changes(f"{first}\n\n{second}", first) == [f"删除原第 2 段：“{second}”"]
    assert text_changes("短。", "短句。") == ["“短。” → “短句。”"]


def _route(stops: list[str]) -> str:
    lines = ["name: 测试红色线路", "category: red-culture", "theme: 主题", "summary: 简介。", "stops:"]
    lines += [f"  - landmark: {stop}\n    note: 看{stop}" for stop in stops]
    lines += ["sources:", "  - test-source"]
    return "\n".join(lines) + "\n"


def _landmark(name: str) -> str:
    return f"name: {name}\nkind: museum\nsummary: 一处地方。\nsources:\n  - test-source\n"


def test_a_reorder_and_a_removal_name_the_removed_stop_and_call_the_others_moved(repo):
    data = repo / "data"
    for n in "cde":
        (data / f"landmarks/place-{n}.yaml").write_text(_landmark(f"测试地点{n.upper()}"),
                                                       encoding="utf-8")
    (data / "routes/route-r.yaml").write_text(_route(["station-a", "place-c", "place-d", "place-e", "museum-b"]),
                                              encoding="utf-8")
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", "five stops")
    # place-e moves up two places, place-c is removed; station-a, place-d and museum-b keep their order.
    (data / "routes/route-r.yaml").write_text(_route(["station-a", "place-e", "place-d", "museum-b"]), encoding="utf-8")
    code, text = summary(repo)
    assert code == 0, text
    lines = [line for line in text.splitlines() if "stops" in line]
    assert any("删除 测试地点C（place-c）" in line for line in lines), text  # named, not a position emptied
    assert any("测试地点E（place-e） 移动了位置（第 4 项 → 第 2 项）" in line for line in lines), text
    assert not any("测试地点D" in line or "测试博物馆乙" in line for line in lines), text  # kept their order
    assert "（空）" not in text


def test_an_added_photo_and_a_new_source_are_named(repo):
    data = repo / "data"
    story = data / "stories/story-s.yaml"
    edit(story, "sources:\n  - test-source\n", "images:\n  - path: new-photo.jpg\n    alt: 河边的步道\n"
                                                 "    credit: 街道供图\nsources:\n  - new-report\n")
    (data / "sources/new-report.yaml").write_text(
        "title: 新的报道\npublisher: test-press\ndate: '2024-05-01'\ntype: press\nurl: https://example.org/new\n",
        encoding="utf-8")
    from PIL import Image
    (repo / "docs/assets/images").mkdir(parents=True)
    Image.new("RGB", (640, 480), "teal").save(repo / "docs/assets/images/new-photo.jpg")
    code, text = summary(repo)
    assert code == 0, text
    assert "新增 “new-photo.jpg”" in text
    assert "新增 新的报道（new-report）" in text and "- 来源 `new-report`：新的报道" in text
    assert "删除 测试来源（test-source）" in text


@pytest.mark.parametrize("change", ["same name", "same links"])
def test_a_renamed_file_is_reported_as_a_rename(repo, change):
    data = repo / "data"
    old = data / "landmarks/museum-b.yaml"
    text = old.read_text(encoding="utf-8")
    if change == "same links":  # renamed and retitled in one go: its sources still say it is the same place
        text = text.replace("  - test-source\n", "  - test-source\n  - test-source-a\n")
        old.write_text(text, encoding="utf-8")
        git(repo, "commit", "-qam", "a second source")
        text = text.replace("name: 测试博物馆乙", "name: 测试博物馆（新名）")
    old.unlink()
    (data / "landmarks/museum-renamed.yaml").write_text(text, encoding="utf-8")
    route = data / "routes/route-r.yaml"
    route.write_text(route.read_text(encoding="utf-8").replace("museum-b", "museum-renamed"), encoding="utf-8")
    code, summary_text = summary(repo)
    assert code == 0, summary_text
    assert "- 地点 `museum-b` → `museum-renamed`" in summary_text
    assert "### 删除" not in summary_text and "### 新增" not in summary_text


def test_a_rename_is_shown_as_a_rename_where_it_is_referenced(repo):
    data = repo / "data"
    story = data / "stories/story-s.yaml"
    edit(story, "landmarks: [station-a]", "landmarks: [station-a, museum-b]")
    git(repo, "commit", "-qam", "the story names the museum")
    old = data / "landmarks/museum-b.yaml"
    (data / "landmarks/museum-renamed.yaml").write_text(old.read_text(encoding="utf-8"), encoding="utf-8")
    old.unlink()
    for path in (data / "routes/route-r.yaml", story):
        path.write_text(path.read_text(encoding="utf-8").replace("museum-b", "museum-renamed"), encoding="utf-8")
    code, text = summary(repo)
    assert code == 0, text
    stop = next(line for line in text.splitlines() if "stops" in line)
    assert "改名 测试博物馆乙（museum-b） → 测试博物馆乙（museum-renamed）" in stop, text
    assert any("landmarks" in line and "改名" in line and "museum-renamed" in line for line in text.splitlines()), text
    assert "删除" not in text and "新增" not in text, text


def test_a_publisher_edit_is_reported(repo):
    vocabularies = repo / "data/vocabularies.yaml"
    text = vocabularies.read_text(encoding="utf-8")
    start = text.index("publishers:")
    name_line = next(line for line in text[start:].splitlines() if line.strip().startswith("name:"))
    edit(vocabularies, name_line, name_line + "（改）")
    code, summary_text = summary(repo)
    assert code == 0, summary_text
    assert "### 修改" in summary_text and "发布者" in summary_text and "（改）" in summary_text, summary_text


def test_a_publisher_domain_edit_is_reported(repo):
    """A publisher's domains decide which links its sources may have: a domain added is a change the reviewer sees."""
    edit(repo / "data/vocabularies.yaml", "    domains:\n      - example.org\n",
         "    domains:\n      - example.org\n      - example.net\n")
    code, summary_text = summary(repo)
    assert code == 0, summary_text
    changed = summary_text.split("### 修改", 1)[1]
    line = next(line for line in changed.splitlines() if "test-press" in line)
    assert "发布者" in line and "example.net" in line, summary_text


def test_an_emptied_field_is_reported(repo):
    """A value removed (an optional field left empty) reads as before → empty, and does not stop the summary."""
    edit(repo / "data/landmarks/museum-b.yaml", "address: 测试路1号\naddress_source: test-source\n", "")
    code, summary_text = summary(repo)
    assert code == 0, summary_text
    assert "  - 地址（address）：“测试路1号” → （空）" in summary_text, summary_text
