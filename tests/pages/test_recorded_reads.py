"""Preview rebuilds re-render a page only when something it read while it last rendered now reads differently
(banma/pages/reads.py): every page whose HTML a change alters must be re-rendered, and an edit to what a page
does not show must leave it alone. Each case edits a copy of the real data one record at a time (targets are
chosen from whatever the data holds), builds and renders every page before and after as a preview does, and
compares what the preview would re-render with what actually changed."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from banma.pages.reads import Recorder, RecordingSite
from banma.preview import PreviewMemory
from banma.records.common import IMAGE_FOLDER
from banma.records.house_style import dump_item, formatted
from banma.records.loader import load_site
from banma.records.yaml_reader import parse
from banma.settings import Settings
from banma.site_plan import build_site

ROOT = Path(__file__).resolve().parents[2]
SITE = load_site(ROOT)
SETTINGS = Settings(site_url="https://banma-suhe.test/")
KIND_OF = {"landmarks": "landmark", "routes": "route", "stories": "story", "sources": "source"}


def _edit(project: Path, key: str, change) -> None:
    """Apply change(data) to data/<key>.yaml (None from change deletes the file)."""
    path = project / "data" / f"{key}.yaml"
    if key == "vocabularies":  # the whole file, as text
        path.write_text(change(path.read_text(encoding="utf-8")), encoding="utf-8")
        return
    data = parse(path.read_text(encoding="utf-8"), path.name)[0].data if path.exists() else {}
    data = change(data)
    if data is None:  # deleted, with its photos (an unused photo is refused)
        old = parse(path.read_text(encoding="utf-8"), path.name)[0].data
        for image in old.get("images") or []:
            (project / IMAGE_FOLDER / image["path"]).unlink()
        path.unlink()
    else:
        path.write_text(dump_item(KIND_OF[key.split("/")[0]], data), encoding="utf-8")


def _rendered(project: Path, memory: PreviewMemory):
    """One preview rebuild: which pages it would render again, then every page's HTML (to compare)."""
    plan = memory.plan(lambda: build_site(project, SETTINGS), SETTINGS)
    changed = memory.compare(plan)
    html = {page.url: page.html for page in plan.pages}
    memory.build_finished()
    return html, {page.url for page in plan.pages if changed[page.source_path]}


def _previewed(tmp_path, case):
    """(pages whose HTML the edit altered, pages the preview re-renders, pages after the edit)."""
    project = tmp_path / "project"
    shutil.copytree(ROOT / "data", project / "data")
    shutil.copytree(ROOT / "docs", project / "docs", ignore=shutil.ignore_patterns("vendor"))
    memory = PreviewMemory()
    memory.enabled = True
    before, _ = _rendered(project, memory)
    key, change = case()
    _edit(project, key, change)
    after, moved = _rendered(project, memory)
    altered = {url for url in before.keys() & after.keys() if before[url] != after[url]}
    return altered, moved & before.keys(), after


def _first(items, what):
    found = next(iter(items), None)
    if found is None:
        pytest.skip(f"the data has no {what}")
    return found


def _renamed(field):
    return lambda data: {**data, field: data[field] + "（改）"}


def _cases():
    positioned = [lid for lid, lm in SITE.landmarks.items() if lm.creek]
    stops = [stop.landmark for route in SITE.routes.values() for stop in route.stops]
    bridges = [b.id for b in SITE.course.bridges]
    tags = [t.id for t in SITE.vocabulary.tags]
    linked = [s for s in SITE.stories.values() if s.landmarks]
    long_routes = [r for r in SITE.routes.values() if len(r.stops) >= 3]
    tagged = [s for s in SITE.stories.values() if s.tags]
    cited = [i for story in SITE.stories.values() for i in story.sources]
    dated = next((i for i, source in SITE.sources.items() if source.date), None)
    publishers = [p.id for p in SITE.vocabulary.publishers]
    offline = [i for i in cited if not SITE.sources[i].url]
    return {
        "rename a route stop": lambda: (f"landmarks/{_first(stops, 'route stop')}", _renamed("name")),
        "rename a positioned place": lambda: (f"landmarks/{_first(positioned, 'positioned place')}",
                                              _renamed("name")),
        "move a place to another bridge": lambda: (
            f"landmarks/{_first(positioned, 'positioned place')}",
            lambda d: {**d, "creek": {**d["creek"], "bridge": next(b for b in bridges if b != d["creek"]["bridge"])}}),
        "drop a route's last stop": lambda: (f"routes/{_first(long_routes, 'route with 3 stops').id}",
                                             lambda d: {**d, "stops": d["stops"][:-1]}),
        "rename a route": lambda: (f"routes/{_first(SITE.routes, 'route')}", _renamed("name")),
        "unlink a story's landmark": lambda: (f"stories/{_first(linked, 'story with landmarks').id}",
                                              lambda d: {**d, "landmarks": d["landmarks"][1:]}),
        "retag a story": lambda: (f"stories/{_first(tagged, 'tagged story').id}",
                                  lambda d: {**d, "tags": [next(t for t in tags if t not in d["tags"])]}),
        "retitle a story": lambda: (f"stories/{_first(SITE.stories, 'story')}", _renamed("title")),
        "delete a story": lambda: (f"stories/{_first(linked, 'story with landmarks').id}", lambda d: None),
        "add a story": lambda: ("stories/page-inputs-new-story", lambda d: {
            "title": "新故事", "date": SITE.sources[dated].date.isoformat(), "summary": "一句话。", "body": "正文。\n",
            "tags": tags[:1], "landmarks": stops[:1], "sources": [dated]}),  # dated as its source: quoted
        "retitle a cited source": lambda: (f"sources/{_first(cited, 'cited source')}", _renamed("title")),
        "move a cited source to another publisher": lambda: (  # no link: a link's host belongs to its publisher
            f"sources/{_first(offline, 'cited source without a link')}",
            lambda d: {**d, "publisher": next(p for p in publishers if p != d["publisher"])}),
        "rename a vocabulary term": lambda: ("vocabularies", lambda text: text.replace("name: ", "name: 改", 1)),
    }


@pytest.mark.parametrize("case", list(_cases()))
def test_every_page_a_change_alters_is_rendered_again(case, tmp_path):
    altered, moved, after = _previewed(tmp_path, _cases()[case])
    assert altered, "the change altered no page: the case tests nothing"
    assert altered <= moved, f"pages changed but were not rendered again: {sorted(altered - moved)}"
    if case != "rename a vocabulary term":  # every page cites sources, and their publishers' names are shown
        assert len(moved) < len(after), "every page re-rendered: what pages read is recorded too coarsely to help"


def test_an_edit_to_what_other_pages_do_not_show_renders_only_its_own_page(tmp_path):
    """A place's description is shown on its own page only, while every place on the creek is drawn on the others'
    locators: reads are recorded field by field, so none of them is rendered again."""
    positioned = [lid for lid, lm in SITE.landmarks.items() if lm.creek and lm.description]
    if len(positioned) < 2:
        pytest.skip("the data has fewer than two positioned places with a description")
    altered, moved, _ = _previewed(tmp_path, lambda: (f"landmarks/{positioned[0]}", _renamed("description")))
    assert moved == altered == {f"landmarks/{positioned[0]}/"}


def test_a_plain_build_records_nothing(monkeypatch):
    """Only a preview records what pages read: a build's pages get the site itself and run as planned."""
    plan = build_site(ROOT, SETTINGS)
    monkeypatch.setattr(Recorder, "note", lambda *_: pytest.fail("a plain build recorded a read"))
    monkeypatch.setattr(RecordingSite, "__getattr__", lambda *_: pytest.fail("a plain build read a recording view"))
    assert plan.recorder is None and plan.page_reads == {}
    assert all(page.html for page in plan.pages)


def test_the_edits_here_keep_house_style(tmp_path):
    """The helper writes what the web form would write."""
    key = f"stories/{_first(SITE.stories, 'story')}"
    text = (ROOT / "data" / f"{key}.yaml").read_text(encoding="utf-8")
    assert dump_item("story", parse(text, "s")[0].data) == text == formatted("story", text, "s")[0]
