"""Preview rebuilds re-render a page only when its fingerprint moves: every page whose HTML a change alters
must move. Each case edits a copy of the real data one record at a time (targets are chosen from whatever the
data holds), renders every page before and after, and compares."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest

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
    data = parse(path.read_text(encoding="utf-8"), path.name)[0].data if path.exists() else {}
    data = change(data)
    if data is None:  # deleted, with its photos (an unused photo is refused)
        old = parse(path.read_text(encoding="utf-8"), path.name)[0].data
        for image in old.get("images") or []:
            (project / IMAGE_FOLDER / image["path"]).unlink()
        path.unlink()
    else:
        path.write_text(dump_item(KIND_OF[key.split("/")[0]], data), encoding="utf-8")


def _rendered(project: Path):
    plan = build_site(project, SETTINGS)
    return {page.url: page.html for page in plan.pages}, plan.fingerprints()


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
    }


@pytest.mark.parametrize("case", list(_cases()))
def test_every_page_a_change_alters_changes_fingerprint(case, tmp_path):
    project = tmp_path / "project"
    shutil.copytree(ROOT / "data", project / "data")
    shutil.copytree(ROOT / "docs", project / "docs", ignore=shutil.ignore_patterns("vendor"))
    before, before_prints = _rendered(project)
    key, change = _cases()[case]()
    _edit(project, key, change)
    after, after_prints = _rendered(project)
    altered = {url for url in before.keys() & after.keys() if before[url] != after[url]}
    moved = {url for url in before_prints.keys() & after_prints.keys() if before_prints[url] != after_prints[url]}
    assert altered, "the change altered no page: the case tests nothing"
    assert altered <= moved, f"pages changed but kept their fingerprint: {sorted(altered - moved)}"
    assert len(moved) < len(after), "every page re-rendered: the fingerprints are too coarse to help"


def test_editing_the_plan_or_vocabularies_moves_every_fingerprint(tmp_path):
    project = tmp_path / "project"
    shutil.copytree(ROOT / "data", project / "data")
    shutil.copytree(ROOT / "docs", project / "docs", ignore=shutil.ignore_patterns("vendor"))
    _, before = _rendered(project)
    path = project / "data/vocabularies.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("name: ", "name: 改", 1), encoding="utf-8")
    _, after = _rendered(project)
    assert all(before[url] != after[url] for url in before)


def test_the_edits_here_keep_house_style(tmp_path):
    """The helper writes what the web form would write."""
    key = f"stories/{_first(SITE.stories, 'story')}"
    text = (ROOT / "data" / f"{key}.yaml").read_text(encoding="utf-8")
    assert dump_item("story", parse(text, "s")[0].data) == text == formatted("story", text, "s")[0]
