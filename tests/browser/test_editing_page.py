"""The editing page /admin/ in Debian's Chromium, saving through decap-server into a temporary copy of the project.

An editor creates a story and a landmark through the form and removes a stop from a route; the files written
must pass the validator, be in house style, appear on a rebuilt site, and (for the edit) differ only by that change.
"""
from __future__ import annotations

import difflib
import functools
import os
import socket
import subprocess
import threading
import time
from http.server import ThreadingHTTPServer
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe
from browser_session import Visit
from conftest import _Quiet
from PIL import Image
from sitebuild import ROOT, build, free_port, project_with_data

from banma.records.citations import marker, paragraphs
from banma.records.house_style import formatted
from banma.records.loader import load_site
from banma.records.yaml_reader import parse

DECAP_SERVER = ROOT / "node_modules/decap-server/dist/index.js"
FORM_SERVER = ROOT / "scripts/form_server.sh"  # decap-server on 127.0.0.1 only, as editors start it
# Serious axe findings in Decap 3.16's own markup that our configuration and start.js cannot change:
# its toolbar puts a role=button menu inside a button (nested-interactive).
DECAP_OWN = {"nested-interactive"}
pytestmark = pytest.mark.reads_data  # the form edits a copy of the real data/ (tests/data_reads.py)


def _wait_for_port(port: int, seconds: float = 20) -> None:
    deadline = time.time() + seconds
    while time.time() < deadline:
        with socket.socket() as probe:
            if probe.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.2)
    raise AssertionError(f"nothing listens on 127.0.0.1:{port}")


@pytest.fixture(scope="module")
def editing(tmp_path_factory):
    """(URL of /admin/, the project copy decap-server writes into)."""
    if not DECAP_SERVER.exists():
        pytest.fail("decap-server is missing: npm ci (scripts/setup.sh --test)")
    port = free_port()  # its own: one an editor left running on 8081 does not get in the way
    base = tmp_path_factory.mktemp("editor")
    project = project_with_data(base / "project", ROOT / "data")
    site = base / "site"
    result = build(project, site, env={"SITE_URL": "http://127.0.0.1:8000/", "SITE_CMS_LOCAL_PORT": str(port)},
                   strict=False)
    assert result.returncode == 0, result.stderr
    env = {**os.environ, "SITE_CMS_LOCAL_PORT": str(port), "GIT_REPO_DIRECTORY": str(project), "LOG_LEVEL": "warn"}
    server = subprocess.Popen(["bash", str(FORM_SERVER)], env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    http = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(site)))
    threading.Thread(target=http.serve_forever, daemon=True).start()
    try:
        _wait_for_port(port)
        yield f"http://127.0.0.1:{http.server_address[1]}/admin/", project
    finally:
        http.shutdown()
        server.terminate()
        server.wait(timeout=10)


@pytest.fixture(scope="module")
def _form_tab(browser, editing):
    """One tab for the module's tests: Decap's 5 MB bundle is compiled once, not once per test (each test starts
    afresh all the same: Visit.forget clears Decap's login and the drafts it keeps in the browser)."""
    url, _ = editing
    session = Visit(browser, "desktop", url.removesuffix("admin/"))
    session.page.expected_errors = []
    session.page.on("pageerror", lambda error: session.page.expected_errors.append(str(error)))
    session.page.on("dialog", lambda dialog: dialog.accept())
    yield session
    session.context.close()


@pytest.fixture
def admin(_form_tab, editing):
    url, project = editing
    _form_tab.begin()
    page = _form_tab.page
    page.expected_errors.clear()  # a test that provokes a refusal empties it
    page.goto(url)
    page.get_by_role("button", name="登录").click()
    page.get_by_role("link", name="故事").first.wait_for()
    yield page, url, project
    foreign, errors = _form_tab.foreign_requests(), list(page.expected_errors)
    _form_tab.forget()
    assert not foreign, foreign  # Decap fetches no font, script or status page from elsewhere
    assert not errors, errors


def _publish(page, path: Path, before: str | None):
    """Publish from the toolbar, then wait until decap-server has written the file."""
    page.get_by_role("button", name="发布", exact=True).click()
    page.get_by_text("立即发布", exact=True).click()
    deadline = time.time() + 20
    while time.time() < deadline:
        if path.exists() and path.read_text(encoding="utf-8") != before:
            try:
                page.get_by_role("button", name="已发布").wait_for()  # Decap has finished and shows the saved entry
            except Exception as error:
                page.screenshot(path=str(Path(os.environ.get("TMPDIR", "/tmp")) / "editor-form-failure.png"))
                raise AssertionError(f"saved, but the form did not show the saved entry: {page.expected_errors}") \
                    from error
            return
        time.sleep(0.2)
    errors = page.evaluate("""() => [...document.querySelectorAll('label[for]')]
        .filter(l => getComputedStyle(l).backgroundColor === 'rgb(255, 0, 59)' || l.className.includes('Error'))
        .map(l => l.textContent + ' ' + (l.parentElement.textContent || '').slice(0, 80))""")
    page.screenshot(path=str(Path(os.environ.get("TMPDIR", "/tmp")) / "editor-form-failure.png"))
    raise AssertionError(f"the form did not write {path}: {errors}")


def _control(page, label: str):
    """The input of the last form field labelled exactly `label` (optional fields add “ (可选)”)."""
    find = """(label) => [...document.querySelectorAll('label[for]')]
        .filter(l => l.textContent.replace(/\\s*\\(可选\\)$/, '').replace(/（必填）$/, '').trim() === label)
        .map(l => l.htmlFor)"""
    deadline = time.time() + 15
    while not (ids := page.evaluate(find, label)) and time.time() < deadline:
        time.sleep(0.2)
    if not ids:
        page.screenshot(path=str(Path(os.environ.get("TMPDIR", "/tmp")) / "editor-form-failure.png"))
    assert ids, f"no field labelled {label}"
    return page.locator(f"[id='{ids[-1]}']")


def _pick(page, label: str, typed: str, option: str | None = None):
    """Choose in a search-as-you-type picker (a relation or select): type, then click the matching option."""
    control = _control(page, label)
    control.click()
    page.keyboard.type(typed)
    options = page.get_by_role("option", name=option) if option else page.get_by_role("option")
    options.first.click()


def _create_source(page, url: str, source_id: str, title: str, source_url: str, date: str):
    """Register a source through the form's 来源 collection (新民晚报: its link must be on xinmin.cn)."""
    page.goto(url + "#/collections/sources/new")
    _type_into(page, "编号（文件名）", source_id)
    _type_into(page, "标题", title)
    _pick(page, "发布者", "新民晚报")
    _type_into(page, "发布日期", date)
    _control(page, "类型").click()
    page.get_by_role("option", name="新闻媒体（press）").click()
    _type_into(page, "网址", source_url)


def _type_into(page, label: str, text: str):
    _control(page, label).fill(text)


def _remove_last_list_item(page, item_label: str):
    """Click the remove (×) button of the list item holding the last field labelled `item_label`."""
    page.evaluate("""(label) => {
        const labels = [...document.querySelectorAll('label[for]')].filter(l => l.textContent.trim() === label);
        const remove = (node) => [...node.querySelectorAll('button')].filter(
            b => b.querySelector('path[d^="M11.916 9.96"]'));
        let node = labels[labels.length - 1];
        while (node && remove(node).length !== 1) node = node.parentElement;
        remove(node)[0].click();
    }""", item_label)


def _validated(project: Path, path: Path) -> str:
    text = path.read_text(encoding="utf-8")
    load_site(project)  # raises DataError, naming file, line and field, when the form wrote something invalid
    kind = {"landmarks": "landmark", "routes": "route", "stories": "story", "sources": "source"}[path.parent.name]
    again, why = formatted(kind, text, path.name)
    assert again == text, why or "the form's file is not in house style:\n" + text
    return text


def test_create_a_story_and_a_landmark_through_the_form(admin, tmp_path):
    page, url, project = admin
    story_id, landmark_id = "form-made-story", "form-made-place"

    story_file = project / "data/stories" / f"{story_id}.yaml"
    landmark_file = project / "data/landmarks" / f"{landmark_id}.yaml"
    source_file = project / "data/sources/form-made-source.yaml"
    _create_source(page, url, "form-made-source", "护河队采访记录（表单登记）", "https://www.xinmin.cn/form-source",
                   "2025-05-04")
    _publish(page, source_file, None)
    page.goto(url + "#/collections/stories/new")
    _type_into(page, "编号（文件名）", story_id)
    _type_into(page, "标题", "表单写的故事：护河队的一天")
    _type_into(page, "日期", "2025-05-04")
    _type_into(page, "一句话摘要", "居民每周沿河巡查，记录垃圾和破损栏杆。")
    body = page.locator("[data-slate-editor='true']").first
    body.click()
    page.keyboard.type("第一段：早上七点集合。")
    _pick(page, "来源", "护河队采访记录", "护河队采访记录（表单登记）")
    photo = tmp_path / "form-photo.jpg"
    Image.new("RGB", (800, 600), (40, 110, 160)).save(photo, quality=85)
    page.get_by_role("button", name="新增图片").click()
    page.get_by_role("button", name="选择图片").click()
    page.set_input_files("input[type=file]", str(photo))
    page.get_by_role("button", name="选用已选中项目").click()
    _type_into(page, "替代文字", "河边的蓝色示意图片")
    _type_into(page, "图片来源或作者", "测试生成")
    _publish(page, story_file, None)

    page.goto(url + "#/collections/landmarks/new")
    _type_into(page, "编号（文件名）", landmark_id)
    _type_into(page, "名称", "表单写的地点")
    _control(page, "类型").click()
    page.get_by_role("option").first.click()
    _type_into(page, "一句话简介", "用于测试的地点，不在真实数据中。")
    _pick(page, "来源", "护河队采访记录", "护河队采访记录（表单登记）")
    _publish(page, landmark_file, None)

    story = _validated(project, story_file)
    _validated(project, landmark_file)
    source = parse(_validated(project, source_file), "source")[0].data
    assert source == {"title": "护河队采访记录（表单登记）", "publisher": "xinmin-evening-news", "date": "2025-05-04",
                      "type": "press", "url": "https://www.xinmin.cn/form-source"}
    assert story.startswith("# yaml-language-server: $schema=../schemas/story.schema.json\n")
    assert "id:" not in story.split("\n")  # the id is the file name, never a field
    data = parse(story, "story")[0].data
    assert data["title"] == "表单写的故事：护河队的一天" and data["date"] == "2025-05-04"
    assert data["body"].strip() == "第一段：早上七点集合。" and data["sources"] == ["form-made-source"]
    assert data["images"] == [{"path": "form-photo.jpg", "alt": "河边的蓝色示意图片", "credit": "测试生成"}]
    assert (project / "docs/assets/images/form-photo.jpg").is_file()  # uploaded beside the other images

    rebuilt = tmp_path / "site"
    result = build(project, rebuilt, strict=False)
    assert result.returncode == 0, result.stderr
    story_page = (rebuilt / "stories" / story_id / "index.html").read_text(encoding="utf-8")
    assert "表单写的故事" in story_page and 'alt="河边的蓝色示意图片"' in story_page
    assert "表单写的地点" in (rebuilt / "landmarks" / landmark_id / "index.html").read_text(encoding="utf-8")


def test_removing_a_route_stop_changes_only_that_stop(admin):
    page, url, project = admin
    site = load_site(project)
    route = next((r for r in site.routes.values() if len(r.stops) >= 3), None)
    if route is None:
        pytest.skip("no route with three stops to shorten")
    path = project / route.file
    before = path.read_text(encoding="utf-8")
    page.goto(url + f"#/collections/routes/entries/{route.id}")
    _control(page, "地标编号").wait_for()
    _remove_last_list_item(page, "地标编号")
    _publish(page, path, before)

    after = _validated(project, path)
    old, new = parse(before, "old")[0].data, parse(after, "new")[0].data
    assert new["stops"] == old["stops"][:-1]
    assert {k: v for k, v in new.items() if k != "stops"} == {k: v for k, v in old.items() if k != "stops"}
    changed = [line for line in difflib.unified_diff(before.split("\n"), after.split("\n"), lineterm="", n=0)
               if line.startswith(("+", "-")) and not line.startswith(("+++", "---"))]
    assert changed and all(line.startswith("-") for line in changed), changed  # only the stop's lines go


def test_editing_page_has_no_serious_accessibility_violations(admin):
    page, url, _ = admin
    page.goto(url + "#/collections/stories/new")
    _control(page, "标题").wait_for()
    page.get_by_role("button", name="新增图片").click()  # a list entry, with its icon buttons
    page.get_by_role("button", name="删除这一项 Remove this entry").first.wait_for()  # start.js named the icons
    _control(page, "来源").click()  # the source picker, open, with its choices (which once had no list role)
    page.get_by_role("option").first.wait_for()
    page.keyboard.press("ArrowDown")  # the picker's list is reached from its box by the arrow keys, not by Tab
    assert page.evaluate("""() => { const box = document.activeElement, id = box.getAttribute("aria-activedescendant");
        return box.getAttribute("role") === "combobox" && !!document.querySelector(`[role=listbox] [id="${id}"]`); }""")
    results = Axe().run(page, options={"runOnly": ["wcag2a", "wcag2aa"]})
    serious = [v for v in results.response["violations"] if v["impact"] in ("serious", "critical")
               and v["id"] not in DECAP_OWN]
    for violation in serious:  # (so a list of choices needs no Tab stop of its own, which axe asks of a scroller)
        if violation["id"] == "scrollable-region-focusable":
            violation["nodes"] = [n for n in violation["nodes"] if not _is_listbox(page, n["target"])]
    serious = [v for v in serious if v["nodes"]]
    report = [f'{v["id"]}: {n["target"]} {" ".join(c["message"] for c in n["any"] + n["all"])[:200]}'
              for v in serious for n in v["nodes"][:3]]
    assert not serious, "\n".join(report)


def _is_listbox(page, target: list[str]) -> bool:
    return len(target) == 1 and page.evaluate("s => document.querySelector(s)?.getAttribute('role')", target[0]) \
        == "listbox"


def _try_to_publish_a_story(page, url: str, story_id: str | None, title: str):
    """Fill a new story (with the id given, or none) and press publish: for the tests of refused saves."""
    page.goto(url + "#/collections/stories/new")
    if story_id:
        _type_into(page, "编号（文件名）", story_id)
    _type_into(page, "标题", title)
    _type_into(page, "日期", "2025-05-04")
    _type_into(page, "一句话摘要", "不应被保存。")
    page.locator("[data-slate-editor='true']").first.click()
    page.keyboard.type("正文。")
    _pick(page, "来源", "苏州河")
    page.get_by_role("button", name="发布", exact=True).click()
    page.get_by_text("立即发布", exact=True).click()


def test_a_new_item_without_an_id_is_not_saved(admin):
    page, url, project = admin
    before = sorted(p.name for p in (project / "data/stories").iterdir())
    _try_to_publish_a_story(page, url, None, "没有编号的故事")
    page.get_by_text("编号（文件名）", exact=False).last.wait_for()
    expect_message = page.get_by_text("请填写“编号（文件名）”", exact=False)
    expect_message.first.wait_for(timeout=10_000)
    assert sorted(p.name for p in (project / "data/stories").iterdir()) == before
    page.expected_errors.clear()  # Decap reports the refused save as an uncaught rejection too


def test_an_id_that_is_taken_is_refused_by_the_form(admin):
    page, url, project = admin
    taken = sorted(p.stem for p in (project / "data/stories").glob("*.yaml"))[0]
    before = sorted(p.name for p in (project / "data/stories").iterdir())
    _try_to_publish_a_story(page, url, taken, "重复编号的故事")
    message = page.get_by_text(f"编号“{taken}”已被", exact=False).first
    message.wait_for(timeout=10_000)
    style = message.evaluate("e => { const s = getComputedStyle(e.closest('ul') || e); "
                             "return [s.textTransform, s.whiteSpace, parseFloat(s.fontSize)]; }")
    assert style[0] == "none" and style[2] >= 14, style  # readable: not 12 px capitals
    assert sorted(p.name for p in (project / "data/stories").iterdir()) == before  # no …-1.yaml beside it
    page.expected_errors.clear()  # Decap reports the refused save as an uncaught rejection too


def test_an_existing_items_id_is_shown_not_editable(admin):
    page, url, project = admin
    site = load_site(project)
    route = next(r for r in site.routes.values() if r.stops)
    page.goto(url + f"#/collections/routes/entries/{route.id}")
    shown = page.locator("[aria-readonly='true']").first
    shown.wait_for()
    assert route.id in shown.inner_text() and "不能在表单中修改" in shown.inner_text()
    assert page.locator("[aria-readonly='true'] input").count() == 0
    # Collapsed stops are shown by their place's name, not only its id.
    page.get_by_role("button", name="展开或收起 Expand or collapse").first.click()
    first = site.landmarks[route.stops[0].landmark].name
    page.get_by_text(first, exact=False).first.wait_for(timeout=10_000)


def test_a_cited_paragraph_keeps_its_markers_when_edited_in_the_form(admin):
    """Decap's rich-text editor re-writes the Markdown it touches: the citation markers must come back as typed."""
    page, url, project = admin
    site = load_site(project)
    cited = next(((lid, lm) for lid, lm in sorted(site.landmarks.items()) if lm.description
                  and len(paragraphs(lm.description)) >= 2 and all(p.source_ids for p in paragraphs(lm.description))),
                 None)
    if cited is None:
        pytest.skip("no landmark whose every paragraph cites a source")
    landmark_id, landmark = cited
    path = project / landmark.file
    before = path.read_text(encoding="utf-8")
    page.goto(url + f"#/collections/landmarks/entries/{landmark_id}")
    editor = page.locator("[data-slate-editor='true']").first
    editor.wait_for()
    editor.locator("p").first.click(position={"x": 2, "y": 5})  # the text, not a citation (which opens its dialog)
    page.keyboard.press("Control+Home")
    page.keyboard.type("（表单里加的一句）")
    page.keyboard.press("End")  # and a new marker typed by hand at the end of the last paragraph
    editor.locator("p").last.click(position={"x": 2, "y": 5})
    page.keyboard.press("Control+End")  # the end of the text: the last paragraph's, however many lines it wraps to
    page.keyboard.type(marker(landmark.sources[0]))
    editor.locator("p").last.filter(has_text=marker(landmark.sources[0])).wait_for()
    _control(page, "一句话简介").click()  # leave the editor: it hands its text over, then publish
    _publish(page, path, before)

    after = parse(_validated(project, path), "after")[0].data["description"]
    old_paragraphs, new_paragraphs = paragraphs(landmark.description), paragraphs(after)
    assert len(new_paragraphs) == len(old_paragraphs)
    assert "（表单里加的一句）" in new_paragraphs[0].text
    assert [p.source_ids for p in new_paragraphs] == [
        *(p.source_ids for p in old_paragraphs[:-1]), (*old_paragraphs[-1].source_ids, landmark.sources[0])], after
    assert "\\【" not in after and "\\[" not in after  # nothing escaped


def test_citing_a_source_with_its_words_from_the_rich_text_editor(admin):
    """The editor's citation button: a source picked by “标题（编号）” and its words pasted in one step give the
    marker 【来源：编号｜原文】; the file validates, and the quote joins the source's quotes."""
    page, url, project = admin
    site = load_site(project)
    source_id, cited = next((i, s) for i, s in sorted(site.sources.items()) if s.date and not s.weak)
    story_file = project / "data/stories/form-cited-story.yaml"
    page.goto(url + "#/collections/stories/new")
    _type_into(page, "编号（文件名）", "form-cited-story")
    _type_into(page, "标题", "表单引用的故事")
    _type_into(page, "日期", cited.date.isoformat())  # the source's own date: quoted by being its date
    _type_into(page, "一句话摘要", "护河队沿河巡查。")
    body = page.locator("[data-slate-editor='true']").first
    body.click()
    page.keyboard.type("护河队每周巡河三次。")
    page.get_by_role("button", name="添加组件").first.click()
    page.get_by_text("引用来源 Cite a source", exact=True).click()
    dialog = page.get_by_role("dialog", name="引用来源 Cite a source")
    dialog.get_by_label("按标题或编号查找来源").fill(source_id)
    assert dialog.get_by_role("option", name=f"{cited.title}（{source_id}）").count() == 1  # listed as 标题（编号）
    dialog.get_by_label("来源 Source").select_option(source_id)
    dialog.get_by_label("原文摘录（可选）").fill("护河队每周沿河巡查三次")
    dialog.get_by_role("button", name="插入引用 Insert").click()
    body.get_by_text(f"［来源：{cited.title}｜有原文摘录］").wait_for()
    _pick(page, "来源", cited.title[:6], cited.title)
    _publish(page, story_file, None)

    text = _validated(project, story_file)  # the validator passes: the quote holds 三次
    body_text = parse(text, "story")[0].data["body"]
    assert f"【来源：{source_id}｜护河队每周沿河巡查三次】" in body_text, body_text
    assert "护河队每周沿河巡查三次" in load_site(project).quotes[source_id]
