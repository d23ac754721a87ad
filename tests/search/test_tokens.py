"""Token rules, with expected tokens written out by hand (the browser worker follows the same rules)."""
import json
from pathlib import Path

import pytest

from banma.search.tokens import name_keys, name_tokens, tokens

EXAMPLES = json.loads((Path(__file__).parent / "token_examples.json").read_text(encoding="utf-8"))


@pytest.mark.parametrize("text,expected", EXAMPLES)  # shared with the worker's test (test_worker_parity.py)
def test_text_becomes_character_pairs_and_words(text, expected):
    assert tokens(text) == expected


def test_a_query_pair_never_matches_a_different_word():
    """长风 must not find pages that only say 长辈 (single characters would)."""
    assert not set(tokens("长风")) & set(tokens("请长辈使用长辈模式"))


def test_names_also_index_their_characters():
    assert name_tokens("长风公园") == {"长风", "风公", "公园", "长", "风", "公", "园"}


@pytest.mark.parametrize("name,typed", [
    ("顾正红纪念馆", "guzhenghong"), ("顾正红纪念馆", "gzh"), ("顾正红纪念馆", "jinianguan"),
    ("半马苏河", "banma"), ("半马苏河", "suhe"), ("半马苏河", "bmsh"),
    ("长风公园", "changfeng"), ("长风公园", "cfgy"), ("长寿路桥", "changshou"),
    ("M50创意园", "m50"), ("M50创意园", "chuangyi"),
])
def test_pinyin_keys_find_names_by_what_visitors_type(name, typed):
    assert any(key.startswith(typed) for key in name_keys(name))


def test_pinyin_keys_do_not_match_unrelated_names():
    assert not any(key.startswith("banma") for key in name_keys("顾正红纪念馆"))
