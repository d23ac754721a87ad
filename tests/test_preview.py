"""Preview rebuilds (`mkdocs serve --dirty`): what is kept between builds gives the same results as a fresh
build, only faster; a change is always seen; a failed build forgets nothing it should not."""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from helpers import FIXTURE
from sitebuild import project_with_data

from banma.memo import Memo
from banma.preview import PreviewMemory
from banma.records.loader import load_site
from banma.records.problems import DataError
from banma.search import search_files
from banma.settings import Settings
from banma.site_plan import build_site

SETTINGS = Settings(site_url="https://banma-suhe.test/")


def _copy(tmp_path) -> Path:
    project = tmp_path / "project"
    shutil.copytree(FIXTURE, project)
    return project


def _previewing() -> PreviewMemory:
    memory = PreviewMemory()
    memory.enabled = True  # `mkdocs serve --dirty`
    return memory


def _rebuild(memory: PreviewMemory, project: Path, shaping: list[str] = ()):
    """One rebuild as the MkDocs plugin runs it, up to the end of its pages: plan (its pages recording what they
    read), compare, render the pages to write again. The caller says whether it got to the end (build_finished)."""
    plan = memory.plan(lambda: build_site(project, SETTINGS), SETTINGS)
    changed = memory.compare(plan, shaping)
    for page in plan.pages:
        if changed[page.source_path]:
            assert page.html
    return plan, changed


def _rewritten(changed: dict[str, bool], plan) -> set[str]:
    return {page.url for page in plan.pages if changed[page.source_path]}


def test_remembered_records_are_reused_only_while_their_file_is_unchanged(tmp_path):
    project, memo = _copy(tmp_path), Memo()
    first = load_site(project, memo)
    second = load_site(project, memo)
    story_id = next(iter(first.stories))
    assert second.stories[story_id] is first.stories[story_id]  # not read again
    path = project / "data/stories" / f"{story_id}.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("title: ", "title: 改 ", 1), encoding="utf-8")
    third = load_site(project, memo)
    assert third.stories[story_id].title.startswith("改 ")
    assert third.stories[story_id].id == story_id and third.files == load_site(project).files


def test_a_bad_file_is_reported_on_every_load_even_when_remembered(tmp_path):
    project, memo = _copy(tmp_path), Memo()
    load_site(project, memo)
    path = next((project / "data/stories").glob("*.yaml"))
    path.write_text(path.read_text(encoding="utf-8").replace("title: ", "title: [", 1), encoding="utf-8")
    for _ in range(2):
        with pytest.raises(DataError) as raised:
            load_site(project, memo)
        assert any(problem.path.endswith(path.name) for problem in raised.value.problems)


def test_remembered_search_tokens_give_the_same_index(tmp_path):
    project, memo = _copy(tmp_path), Memo()
    site = load_site(project)
    fresh = search_files(site, [])
    assert search_files(site, [], memo) == fresh and memo
    assert search_files(site, [], memo) == fresh  # from the memo this time


def test_only_what_changed_is_written_again_and_a_failed_build_forgets_nothing(tmp_path):
    project, memory = _copy(tmp_path), _previewing()
    plan, changed = _rebuild(memory, project)
    assert all(changed.values())  # first build: everything
    memory.build_finished()
    assert not any(_rebuild(memory, project)[1].values())  # nothing changed
    memory.build_finished()
    story_id = next(iter(plan.site.stories))
    path = project / "data/stories" / f"{story_id}.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("title: ", "title: 改 ", 1), encoding="utf-8")
    changed = _rebuild(memory, project)[1]  # ... and this build fails before it finishes
    assert changed[f"stories/{story_id}.md"] and not all(changed.values())
    assert _rebuild(memory, project)[1][f"stories/{story_id}.md"]  # still to be written


def test_an_edit_renders_again_the_pages_that_read_it_and_no_other(tmp_path):
    """A story's body is on its own page only; its title also on the pages that list or link it."""
    project, memory = _copy(tmp_path), _previewing()
    plan, _ = _rebuild(memory, project)
    memory.build_finished()
    story_id, story = next(iter(plan.site.stories.items()))
    path = project / "data/stories" / f"{story_id}.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("body: |\n", "body: |\n  新的一段。\n\n", 1),
                    encoding="utf-8")
    plan, changed = _rebuild(memory, project)
    memory.build_finished()
    assert _rewritten(changed, plan) == {f"stories/{story_id}/"}
    before = {page.url: page.html for page in plan.pages}
    path.write_text(path.read_text(encoding="utf-8").replace("title: ", "title: 改 ", 1), encoding="utf-8")
    plan, changed = _rebuild(memory, project)
    shown = {page.url for page in plan.pages if page.html != before[page.url]}
    assert f"stories/{story_id}/" in shown and {f"landmarks/{i}/" for i in story.landmarks} <= shown
    assert _rewritten(changed, plan) == shown


def test_a_page_left_alone_keeps_what_it_read(tmp_path):
    """A page not rendered again is still compared with what it read when it last was: a second edit to what it
    shows is seen."""
    project, memory = _copy(tmp_path), _previewing()
    plan, _ = _rebuild(memory, project)
    memory.build_finished()
    story_id, story = next(iter(plan.site.stories.items()))
    linked = f"landmarks/{story.landmarks[0]}/"
    path = project / "data/stories" / f"{story_id}.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("body: |\n", "body: |\n  新的一段。\n\n", 1),
                    encoding="utf-8")
    plan, changed = _rebuild(memory, project)
    memory.build_finished()
    assert linked not in _rewritten(changed, plan)
    path.write_text(path.read_text(encoding="utf-8").replace("title: ", "title: 改 ", 1), encoding="utf-8")
    plan, changed = _rebuild(memory, project)
    assert linked in _rewritten(changed, plan)


@pytest.mark.slow
def test_serve_shows_a_yaml_change(tmp_path):
    """`mkdocs serve --dirty`, as scripts/serve.sh runs it: an edit to one item appears on its page."""
    project = project_with_data(tmp_path / "project", FIXTURE / "data")
    with socket_port() as port:
        server = subprocess.Popen([sys.executable, "-m", "mkdocs", "serve", "--dirty", "-a", f"127.0.0.1:{port}"],
                                  cwd=project, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                                  env={**os.environ, "NO_MKDOCS_2_WARNING": "1"})
    try:
        site = load_site(project)
        story_id, story = next(iter(site.stories.items()))
        url = f"http://127.0.0.1:{port}/stories/{story_id}/"
        assert _wait(url, story.title)
        path = project / "data/stories" / f"{story_id}.yaml"
        path.write_text(path.read_text(encoding="utf-8").replace("title: ", "title: 预览已更新 ", 1), encoding="utf-8")
        assert _wait(url, "预览已更新")
        for landmark_id in story.landmarks:  # pages that show the story are rebuilt too
            assert _wait(f"http://127.0.0.1:{port}/landmarks/{landmark_id}/", "预览已更新")
        unrelated = [lid for lid in site.landmarks if lid not in story.landmarks]
        for landmark_id in unrelated[:1]:  # and pages left alone are still served
            assert _wait(f"http://127.0.0.1:{port}/landmarks/{landmark_id}/", site.landmarks[landmark_id].name)
    finally:
        server.terminate()
        server.wait(10)


class socket_port:
    def __enter__(self) -> int:
        import socket
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            return probe.getsockname()[1]

    def __exit__(self, *exc):
        return False


def _wait(url: str, text: str, limit: float = 120) -> bool:
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
    deadline = time.time() + limit
    while time.time() < deadline:
        try:
            with opener.open(url, timeout=2) as response:
                if text in response.read().decode("utf-8"):
                    return True
        except OSError:
            pass
        time.sleep(0.2)
    return False


def test_a_change_to_the_configuration_or_theme_rewrites_every_page(tmp_path):
    project, memory = _copy(tmp_path), _previewing()
    config, theme = tmp_path / "mkdocs.yml", tmp_path / "theme"
    config.write_text("site_name: 甲\n", encoding="utf-8")
    theme.mkdir()
    (theme / "main.html").write_text("{% extends 'base.html' %}\n", encoding="utf-8")
    _rebuild(memory, project, [str(config), str(theme)])
    memory.build_finished()
    assert not any(_rebuild(memory, project, [str(config), str(theme)])[1].values())
    memory.build_finished()
    (theme / "main.html").write_text("{% extends 'base.html' %}{# changed #}\n", encoding="utf-8")
    plan, changed = _rebuild(memory, project, [str(config), str(theme)])
    assert all(changed[page.source_path] for page in plan.pages)


def _serve(project: Path, port: int) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "mkdocs", "serve", "--dirty", "-a", f"127.0.0.1:{port}"],
                            cwd=project, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                            env={**os.environ, "NO_MKDOCS_2_WARNING": "1"})


@pytest.mark.slow
def test_bad_data_is_shown_in_the_browser_and_the_server_keeps_answering(tmp_path):
    """A photo too small, saved through the form: the preview, the editing page included, says what is wrong
    (file, field, hint) instead of hanging; once fixed, the problems are gone from every page."""
    project = project_with_data(tmp_path / "project", FIXTURE / "data")
    site = load_site(project)
    story_id = next(iter(site.stories))
    path = project / "data/stories" / f"{story_id}.yaml"
    good = path.read_text(encoding="utf-8")
    with socket_port() as port:
        server = _serve(project, port)
    base = f"http://127.0.0.1:{port}/"
    try:
        assert _wait(base + f"stories/{story_id}/", site.stories[story_id].title)
        from PIL import Image
        (project / "docs/assets/images").mkdir(parents=True, exist_ok=True)
        Image.new("RGB", (320, 240), "teal").save(project / "docs/assets/images/tiny.jpg")
        path.write_text(good.replace("sources:", "images:\n  - path: tiny.jpg\n    alt: 河边\n    credit: 供图\nsources:", 1),
                        encoding="utf-8")
        for page in ("", f"stories/{story_id}/", "admin/"):
            assert _wait(base + page, "图片太小"), page
        assert "图片太小" in _not_found(base + "no-such-page/")  # the 404 page too
        assert _wait(base, f"data/stories/{story_id}.yaml")
        assert _wait(base + "admin/", "预览显示的是上一次有效的数据")  # the form still works: the last valid data
        path.write_text(good, encoding="utf-8")
        (project / "docs/assets/images/tiny.jpg").unlink()
        assert _wait(base + f"stories/{story_id}/", site.stories[story_id].title)
        deadline = time.time() + 60
        while _wait(base, "hm-data-problems", limit=1) and time.time() < deadline:
            time.sleep(0.5)
        assert not _wait(base, "hm-data-problems", limit=1)
        assert not _wait(base + "admin/", "hm-data-problems", limit=1)
    finally:
        server.terminate()
        server.wait(10)


def _not_found(url: str) -> str:
    try:
        urllib.request.build_opener(urllib.request.ProxyHandler({})).open(url, timeout=5)
    except urllib.error.HTTPError as error:
        return error.read().decode("utf-8")
    raise AssertionError(f"{url} was found")


@pytest.mark.slow
def test_a_preview_started_on_bad_data_shows_the_problems(tmp_path):
    project = project_with_data(tmp_path / "project", FIXTURE / "data")
    route = next((project / "data/routes").glob("*.yaml"))
    route.write_text(route.read_text(encoding="utf-8").replace("category: ", "category ", 1), encoding="utf-8")
    with socket_port() as port:
        server = _serve(project, port)
    try:
        assert _wait(f"http://127.0.0.1:{port}/", "字段名后面缺少冒号")
        assert _wait(f"http://127.0.0.1:{port}/", "网站无法生成")
    finally:
        server.terminate()
        server.wait(10)
