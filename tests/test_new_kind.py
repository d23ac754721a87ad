"""A new kind of item is one entry in the registry (banma/records/kinds.py) plus its model: this test declares a
toy kind and gets its pages, search entries, downloads and web form without an edit anywhere else; and a new field
on a kind is an edit of its model (and template) only: the toy's `maker`, declared nowhere else, reaches its page,
its search entry and its CSV.

It runs in a fresh Python: a kind is registered before the rest of banma is imported (which makes its tables,
such as field orders and schemas, from the registry when first imported)."""
from __future__ import annotations

import csv
import io
import json
import re
import subprocess
import sys
import typing

from pydantic import BaseModel
from sitebuild import ROOT, project_with_data

SCRIPT = r'''
import json, sys
from pathlib import Path
from banma.records.common import Item, Images, Sources
from banma.records.fields import MarkdownText, NameText, PlainText, described
from banma.records.kinds import Kind, register


class Toy(Item):
    name: NameText = described("名称 Name")
    summary: PlainText = described("一句话简介 One-line summary")
    story: MarkdownText | None = described("介绍（Markdown）Text", default=None)
    maker: PlainText | None = described("制作者 Maker", default=None)  # the new field: in no table anywhere else
    sources: Sources
    images: Images


register(Kind("toys", "toy", Toy, "玩具", "name"))

from banma.pages.editor_form import editor_config  # noqa: E402  (after the registration, as the docstring says)
from banma.search import search_files  # noqa: E402
from banma.search.index import FOLDER  # noqa: E402
from banma.search.ranking import search  # noqa: E402
from banma.settings import Settings  # noqa: E402
from banma.site_plan import build_site  # noqa: E402

plan = build_site(Path(sys.argv[1]), Settings(site_url="https://banma-suhe.test/"))
page = next(p for p in plan.pages if p.url == "toys/toy-a/")
files = {f.path: f.content for f in plan.files}
index = search_files(plan.site, [])
docs = [doc for path, content in index.items() if "/d/" in path for doc in json.loads(content)]
print(json.dumps({
    "page": page.html, "kind": page.kind, "title": page.title,
    "search": [doc for doc in docs if doc[0] == "toys/toy-a/"],
    "download": json.loads(files["downloads/toys.json"]),
    "csv": files["downloads/toys.csv"].decode("utf-8-sig"),
    "found": search({path.removeprefix(FOLDER + "/"): json.loads(content) for path, content in index.items()},
                    "测试工坊乙"),
    "form": [c["name"] for c in editor_config(plan.site, plan.settings)["collections"]],
}, ensure_ascii=False))
'''

TOY = """name: 测试玩具甲
summary: 一个只在测试里存在的条目。
story: |
  它有一段 **Markdown** 介绍。
maker: 测试工坊乙
sources:
  - test-source
"""


def test_a_toy_kind_gets_pages_search_downloads_and_form(tmp_path):
    project = project_with_data(tmp_path / "project", ROOT / "tests/fixtures/minimal/data")
    (project / "data/toys").mkdir()
    (project / "data/toys/toy-a.yaml").write_text(TOY, encoding="utf-8")
    result = subprocess.run([sys.executable, "-c", SCRIPT, str(project)], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr[-3000:]
    found = json.loads(result.stdout)
    assert found["kind"] == "玩具" and found["title"] == "测试玩具甲"
    assert "<h1" in found["page"] and "测试玩具甲" in found["page"] and "<strong>Markdown</strong>" in found["page"]
    assert "https://example.org/" in found["page"] and 'id="source-1"' in found["page"]  # its numbered sources
    assert [doc[1] for doc in found["search"]] == ["测试玩具甲"] and found["search"][0][2] == "玩具"
    assert [record["name"] for record in found["download"]] == ["测试玩具甲"]
    assert "toys" in found["form"]
    # the new field: on the page with its label, found by search, a column of the CSV
    assert re.search(r"<dt>制作者</dt>\s*<dd>测试工坊乙</dd>", found["page"]), found["page"]
    assert found["found"][:1] == ["toys/toy-a/"]
    rows = list(csv.DictReader(io.StringIO(found["csv"])))
    assert [(row["id"], row["name"], row["maker"]) for row in rows] == [("toy-a", "测试玩具甲", "测试工坊乙")]


def test_every_published_field_of_a_place_has_a_column_in_its_csv():
    """Adding a field to the Landmark model adds a column to landmarks.csv: every field of the model (the private
    ones aside) has a column named after it, or columns named `<field>_…` for a group (creek_km)."""
    from banma.pages.open_data import downloads
    from banma.records.landmark import Landmark
    from banma.records.loader import load_site
    from banma.settings import Settings

    found = {d.path: d.content for d in downloads(load_site(ROOT / "tests/fixtures/minimal"), Settings())}
    header = next(csv.reader(io.StringIO(found["downloads/landmarks.csv"].decode("utf-8-sig"))))
    private = {"draft", "notes"}  # editors' own: the draft switch and their notes are never published
    def has_column(name: str) -> bool:  # a group of fields (creek) may be shown as several columns (creek_km …)
        annotation = Landmark.model_fields[name].annotation
        group = any(isinstance(t, type) and issubclass(t, BaseModel) for t in (annotation, *typing.get_args(annotation)))
        return name in header or (group and any(column.startswith(name + "_") for column in header))

    missing = [name for name in Landmark.model_fields if name not in private and not has_column(name)]
    assert not missing, f"fields without a column in landmarks.csv: {missing}"
    assert len(header) == len(set(header))
