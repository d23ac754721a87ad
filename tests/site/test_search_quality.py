"""Same queries, same pages: our smaller index against Material's default index of the same content.

The plain site is Material with the same theme and search settings over equivalent Markdown pages
(as scripts/bench.py builds it). A page is found when every query word is a prefix of a word of one
of its indexed sections, split by the index's own separator: how lunr matches terms with Material's
trailing wildcard. Search in the real browser is tested in tests/browser/.
"""
import json
import re
import sys

import pytest

from sitebuild import ROOT, build

sys.path.insert(0, str(ROOT / "scripts"))
import bench  # noqa: E402

QUERIES = ["测试驿站甲", "测试博物馆乙", "驿站", "博物馆", "测试小区", "居民", "巡河", "第二段", "测试红色线路", "第一站",
           "测试", "故事", "站", "测试 故事", "第二个测试地点"]


def pages_found(index: dict, query: str) -> set[str]:
    separator = re.compile(index["config"]["separator"])
    words = [w for w in separator.split(query) if w]
    found = set()
    for doc in index["docs"]:
        tokens = [t for t in separator.split(re.sub(r"<[^>]+>", " ", doc["title"] + " " + doc["text"])) if t]
        if all(any(token.startswith(word) for token in tokens) for word in words):
            path = doc["location"].split("#")[0].rstrip("/")
            if path.count("/") == 1 and path.split("/")[0] in ("landmarks", "routes", "stories"):
                found.add(path)
    return found


@pytest.fixture(scope="module")
def plain_index(tmp_path_factory):
    base = tmp_path_factory.mktemp("plain")
    project = base / "project"
    project.mkdir()
    bench.write_plain_material(project, bench.real_records(ROOT / "tests/fixtures/minimal/data"))
    result = build(project, base / "site", strict=False)
    assert result.returncode == 0, result.stderr
    return json.loads((base / "site/search/search_index.json").read_text(encoding="utf-8"))


@pytest.mark.parametrize("query", QUERIES)
def test_nothing_plain_material_finds_is_lost(fixture_site, plain_index, query):
    ours = json.loads((fixture_site / "search/search_index.json").read_text(encoding="utf-8"))
    assert pages_found(ours, query) >= pages_found(plain_index, query)


@pytest.mark.parametrize("name,page", [("测试驿站甲", "landmarks/station-a"), ("测试博物馆乙", "landmarks/museum-b"),
                                       ("测试红色线路", "routes/route-r"), ("测试小区", "stories/story-s")])
def test_names_from_data_are_found_whole(fixture_site, plain_index, name, page):
    """jieba's dictionary learns the data's own names, which default segmentation cuts apart."""
    ours = json.loads((fixture_site / "search/search_index.json").read_text(encoding="utf-8"))
    assert page in pages_found(ours, name)


def test_our_index_is_utf8_and_smaller(fixture_site):
    raw = (fixture_site / "search/search_index.json").read_bytes()
    assert b"\\u" not in raw.replace(b"\\\\u", b"")  # no escaped characters, except inside the separator pattern
