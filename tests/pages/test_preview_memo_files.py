"""A preview keeps the text of generated files by what they are made of (banma/memo.py): the downloads' JSON
rows and the editing form's YAML come out byte for byte as a full build writes them, from the memo too."""
from banma.memo import Memo
from banma.pages.editor_form import config_yaml
from banma.pages.open_data import _json, _json_rows, downloads
from banma.records.loader import load_site
from banma.settings import Settings

ROWS = [{"id": "a", "text": "一行\n两行\u2028分隔\u2029段落\r", "n": 1, "x": 1.0, "ok": True, "none": None},
        {"id": "b", "nested": {"list": [1, [2, {}], []], "empty": {}}, "quote": "\"<&>\\"}]


def test_rows_kept_in_a_memo_give_the_same_bytes_as_one_dump():
    memo = Memo()
    for _ in range(2):  # computed, then kept
        assert _json_rows(ROWS, memo) == _json(ROWS)
        memo.keep_used()
    assert _json_rows([], memo) == _json([]) and _json_rows(ROWS[:1], None) == _json(ROWS[:1])
    changed = [ROWS[0], {**ROWS[1], "n": 1.0}]
    assert _json_rows(changed, memo) == _json(changed)


def test_downloads_and_the_form_config_are_the_same_with_a_preview_memo(project):
    site, settings, memo = load_site(project), Settings(), Memo()
    plain = {d.path: d.content for d in downloads(site, settings)}
    for _ in range(2):
        assert {d.path: d.content for d in downloads(site, settings, None, memo)} == plain
        assert config_yaml(site, settings, memo) == config_yaml(site, settings)
        memo.keep_used()
