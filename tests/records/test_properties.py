"""Property-based tests (Hypothesis): any input gives records or located problems, never a traceback;
accepted text comes out unaltered and escaped in the page, the search data, the JSON and the CSV."""
from __future__ import annotations

import csv
import io
import json
import shutil
from html.parser import HTMLParser

from helpers import FIXTURE
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from banma.records.loader import load_site
from banma.records.problems import DataError
from banma.search import search_files
from banma.settings import Settings
from banma.site_plan import build_site

LANDMARK = "data/landmarks/museum-b.yaml"
HEAD = "name: 测试博物馆乙\nkind: museum\nsources:\n  - test-source\nsummary: "
SETTINGS = settings(max_examples=60, deadline=None, database=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


def _project(tmp_path_factory):
    project = tmp_path_factory.mktemp("prop") / "project"
    shutil.copytree(FIXTURE, project)
    return project


def _load(project):
    try:
        return load_site(project), []
    except DataError as error:
        return None, error.problems


@SETTINGS
@given(raw=st.binary(max_size=2000))
def test_any_bytes_give_records_or_located_problems(tmp_path_factory, raw):
    project = _project(tmp_path_factory)
    (project / LANDMARK).write_bytes(raw)
    site, problems = _load(project)  # anything but DataError fails the test
    for problem in problems:
        assert problem.path and problem.zh and problem.en, problem


class _Text(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.text = []

    def handle_data(self, data):
        self.text.append(data)


@SETTINGS
@given(text=st.text(min_size=1, max_size=200))
def test_accepted_text_is_published_unaltered_and_refused_text_is_located(tmp_path_factory, text):
    project = _project(tmp_path_factory)
    (project / LANDMARK).write_text(HEAD + json.dumps(text, ensure_ascii=False) + "\n", encoding="utf-8")
    site, problems = _load(project)
    if site is None:
        assert problems and all(p.path == LANDMARK and p.line == 5 and p.field == "summary" for p in problems), \
            [p.format() for p in problems]
        return
    assert site.landmarks["museum-b"].summary == text
    plan = build_site(project, Settings())
    page = next(p for p in plan.pages if p.url == "landmarks/museum-b/")
    parser = _Text()
    parser.feed(page.html)
    assert text in "".join(parser.text)  # escaped in the HTML, the same text once parsed
    files = search_files(plan.site, [])
    chunks = [json.loads(content) for path, content in files.items() if "/d/" in path]
    assert any(doc[4].startswith(text[:90]) for chunk in chunks for doc in chunk)
    downloads = {d.path.split("/")[-1]: d.content for d in plan.downloads}
    landmarks = {r["id"]: r for r in json.loads(downloads["landmarks.json"])}
    assert landmarks["museum-b"]["summary"] == text
    rows = list(csv.DictReader(io.StringIO(downloads["landmarks.csv"].decode("utf-8-sig"))))
    cell = next(r["summary"] for r in rows if r["id"] == "museum-b")
    assert cell in (text, "'" + text)
