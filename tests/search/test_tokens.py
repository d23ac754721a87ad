"""Token rules, with expected tokens written out by hand (the browser worker follows the same rules)."""
import pytest

from banma.search.tokens import name_keys, name_tokens, tokens


@pytest.mark.parametrize("text,expected", [
    ("半马苏河", ["半马", "马苏", "苏河"]),
    ("长风", ["长风"]),
    ("桥", ["桥"]),
    ("顾正红纪念馆", ["顾正", "正红", "红纪", "纪念", "念馆"]),
    ("半马苏河驿站·1690", ["半马", "马苏", "苏河", "河驿", "驿站", "1690"]),
    ("Tian An 1000 Trees", ["tian", "an", "1000", "trees"]),
    ("ＭＳ５０　创意园", ["ms50", "创意", "意园"]),  # full-width letters, digits and space
    ("“三个一批”、七彩秀带", ["三个", "个一", "一批", "七彩", "彩秀", "秀带"]),
    ("", []),
    ("!!! ---", []),
])
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
