"""Preview rebuilds skip the citation and evidence checks of records whose inputs are unchanged
(records/rechecks.py): after every edit, a load with the preview's memo reports exactly what a fresh load
reports (same problems, same order, same words), and it checks again only the records an edit can affect."""
import pytest
from helpers import write

from banma.memo import Memo
from banma.records import citation_rules, evidence
from banma.records.loader import load_site
from banma.records.problems import DataError

STATION = "data/landmarks/station-a.yaml"
STORY = "data/stories/story-s.yaml"
SOURCE_A = "data/sources/test-source-a.yaml"
SEATS = "驿站有99个座位。"  # a figure no quote of the fixture's sources holds


def _problems(project, memo=None) -> list[tuple]:
    try:
        load_site(project, memo)
    except DataError as error:
        return [(p.path, p.line, p.column, p.field, p.zh, p.en, p.hint_zh, p.hint_en, p.unlisted)
                for p in error.problems]
    return []


def _edit(project, relative, old, new):
    path = project / relative
    text = path.read_text(encoding="utf-8")
    assert old in text, (relative, old)
    write(project, relative, text.replace(old, new, 1))


def _same_as_fresh(project, memo) -> list[tuple]:
    fresh = _problems(project)
    assert _problems(project, memo) == fresh
    return fresh


def _about_seats(found) -> list[tuple]:
    return [p for p in found if p[0] == STATION and "“99”" in p[4]]


def test_a_preview_load_reports_what_a_fresh_load_reports_after_each_edit(project):
    memo = Memo()
    assert _same_as_fresh(project, memo) == []
    _edit(project, STATION, "驿站的**介绍**。", SEATS)  # a problem appears in the edited record
    assert len(_about_seats(_same_as_fresh(project, memo))) == 1
    # Another record's marker quotes the source: the unchanged place is now backed.
    _edit(project, STORY, "  第二段。\n", f"  第二段。【来源：test-source-a｜{SEATS}】\n")
    _edit(project, STORY, "  第一段。\n", "  第一段。【来源：test-source】\n")
    _edit(project, STORY, "  - test-source\n", "  - test-source\n  - test-source-a\n")
    assert _same_as_fresh(project, memo) == []
    _edit(project, STORY, f"【来源：test-source-a｜{SEATS}】", "【来源：test-source-a】")  # and now it is not
    assert len(_about_seats(_same_as_fresh(project, memo))) == 1
    _edit(project, SOURCE_A, "quotes:\n", f"quotes:\n  - {SEATS}\n")  # the source's own quote: it goes away
    assert _same_as_fresh(project, memo) == []
    _edit(project, SOURCE_A, "type: press", "type: listing")  # the unchanged records citing it rest on it alone
    weak = [p for p in _same_as_fresh(project, memo) if "较弱的来源" in p[4]]
    assert {p[0] for p in weak} >= {STATION}, weak
    _edit(project, SOURCE_A, "type: listing", "type: press")
    assert _same_as_fresh(project, memo) == []


def test_unchanged_records_that_name_a_changed_one_are_checked_again(project):
    memo = Memo()
    assert _same_as_fresh(project, memo) == []
    museum = (project / "data/landmarks/museum-b.yaml").read_text(encoding="utf-8")
    _edit(project, STORY, "landmarks: [station-a]", "landmarks: [station-a, museum-b]")
    assert _same_as_fresh(project, memo) == []
    (project / "data/landmarks/museum-b.yaml").unlink()  # the story now names a place that is gone
    assert [p for p in _same_as_fresh(project, memo) if p[0] == STORY and "museum-b" in p[4]]
    write(project, "data/landmarks/museum-b.yaml", museum.replace("name:", "draft: true\nname:", 1))
    assert [p for p in _same_as_fresh(project, memo) if p[0] == STORY and "草稿" in p[4]]  # a draft now
    write(project, "data/landmarks/museum-b.yaml", museum)
    assert _same_as_fresh(project, memo) == []


@pytest.fixture
def checked_records(monkeypatch) -> dict[str, list]:
    """The records the evidence and citation checks look at, in this load."""
    seen: dict[str, list] = {"evidence": [], "citations": []}
    claims, item = evidence._check_claims, citation_rules._check_item

    def count_claims(check, key, found, register):
        seen["evidence"].append(key)
        return claims(check, key, found, register)

    def count_item(check, key, *arguments, **keywords):
        seen["citations"].append(key)
        return item(check, key, *arguments, **keywords)

    monkeypatch.setattr(evidence, "_check_claims", count_claims)
    monkeypatch.setattr(citation_rules, "_check_item", count_item)
    return seen


def test_a_preview_load_checks_again_only_what_an_edit_can_change(project, checked_records):
    memo = Memo()
    load_site(project, memo)
    assert ("landmarks", "station-a") in checked_records["evidence"]  # the first load checks everything
    checked_records["evidence"].clear(), checked_records["citations"].clear()
    _edit(project, STATION, "驿站的**介绍**。", "驿站的介绍。")
    load_site(project, memo)
    assert checked_records == {"evidence": [("landmarks", "station-a")], "citations": [("landmarks", "station-a")]}
    checked_records["evidence"].clear(), checked_records["citations"].clear()
    _edit(project, SOURCE_A, "quotes:\n", "quotes:\n  - 测试驿站。\n")  # what cites it is checked again, nothing else
    load_site(project, memo)
    assert ("landmarks", "station-a") in checked_records["evidence"]
    assert ("landmarks", "station-a") in checked_records["citations"]
    assert ("stories", "story-s") not in checked_records["evidence"] + checked_records["citations"]


def test_a_full_load_checks_every_record(project, checked_records):
    load_site(project)
    load_site(project)
    assert checked_records["evidence"].count(("stories", "story-s")) == 2
    assert checked_records["citations"].count(("stories", "story-s")) == 2
