"""Figures a claim states, and whether a quote holds them (records/figures.py): written the many ways Chinese and
English sources write them, compared after normalising."""
import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st

from banma.records.figures import Evidence, _figures_of, _Marks, chinese_number, figures, missing

PUBLISHED = (2024, 7, 12)


def held(claim: str, quote: str, published=PUBLISHED) -> bool:
    return not missing(claim, Evidence.of([quote], published))


@pytest.mark.parametrize(("claim", "quote"), [
    ("全长245.75米", "大桥全长245.75米，主跨83.95米"),
    ("面积62,706平方米", "总建筑面积62706平方米"),
    ("６２７０６平方米", "62,706 square metres"),
    ("约1.5万人", "共有15000人参加"),
    ("83.15万人次", "counted 831,500 participants"),
    ("1500万人次", "15 million visitors"),
    ("苏河十八湾", "普陀段有18个较大的河湾"),
    ("二十一公里", "21 km of bank"),
    ("两座螺旋楼梯", "2 spiral staircases"),
    ("八个码头", "eight wharfs"),
    ("2024年6月1日", "2024-06-01"),
    ("2024年6月1日", "June 1, 2024"),
    ("2024年6月1日", "1 June 2024"),
    ("2024年6月1日", "6月1日举行"),  # the year from the source's own date
    ("2024年6月", "in June 2024"),
    ("2024年", "2024年的夏天"),
    ("2024年7月12日发布", "没有日期的原文"),  # the source's own publication date counts as quoted
    ("二〇二三年十二月", "2023年12月"),
    ("苏州河上第一座人行悬索桥", "苏州河上首座悬索慢行桥"),
    ("the first footbridge", "苏州河上首座悬索慢行桥"),
    ("上海最大的公园", "这是上海最大的公园之一"),
    ("唯一的驿站", "the only station"),
    ("6月1日至2日", "held on June 1 and 2"),
    ("第二届", "The second Shanghai Suzhou Creek Half Marathon"),
])

def test_a_figure_written_another_way_is_the_same_figure(claim, quote):
    assert held(claim, quote), [f.text for f in missing(claim, Evidence.of([quote], PUBLISHED))]


@pytest.mark.parametrize(("claim", "quote"), [
    ("2024年6月10日", "held on June 1 and 2, 2024"),
    ("全长245.7米", "全长245.75米"),
    ("1.5万人", "1500人"),
    ("苏州河上第一座人行悬索桥", "苏州河上的人行悬索桥"),
    ("上海最长的步道", "上海最大的公园"),  # another superlative is not this one
    ("唯一的驿站", "一座驿站"),
    ("2023年6月1日", "6月1日"),  # a quote without a year is read in its source's year (2024)
    ("共有36支队伍", "共有63支队伍"),
    ("十八湾", "十湾"),
    ("全长254.75米", "全长245.75米，预计9月开放"),  # a date without a year is no wildcard for a number
])
def test_a_different_figure_is_missing(claim, quote):
    assert not held(claim, quote)


@pytest.mark.parametrize("text", ["四行仓库", "三德里", "一些居民", "统一管理", "最后一站", "首先", "第一站是纪念馆",
                                  "第二段", "千万不要", "百合桥", "天安千树", "一带一路"])
def test_words_that_are_not_figures(text):
    assert figures(text) == (), figures(text)


def test_markers_of_structure_and_names_with_numbers():
    assert [f.text for f in figures("半马苏河驿站·1690")] == ["1690"]
    assert [f.text for f in figures("地铁13号线")] == ["13"]


@given(st.integers(min_value=1, max_value=99_999_999))
def test_chinese_numerals_read_as_their_value(value):
    digits = "零一二三四五六七八九"

    def spell(n: int) -> str:  # a straightforward speller, independent of the reader under test
        if n >= 10_000:
            high, low = divmod(n, 10_000)
            return spell(high) + "万" + (("零" if low < 1000 else "") + spell(low) if low else "")
        parts, zero = [], False
        for unit, name in ((1000, "千"), (100, "百"), (10, "十"), (1, "")):
            d, n = divmod(n, unit)
            if d:
                if zero:
                    parts.append("零")
                parts.append(digits[d] + name)
                zero = False
            elif parts:
                zero = True
        return "".join(parts)
    assert chinese_number(spell(value)) == value


@given(st.integers(min_value=0, max_value=10**9), st.sampled_from(["", "人", "米", "个"]))
def test_an_arabic_number_is_held_by_itself_in_any_grouping(value, unit):
    grouped = f"{value:,}{unit}"
    assert held(f"{value}{unit}", grouped) and held(grouped, f"{value}")


def test_an_undated_source_reads_a_partial_date_in_the_one_year_its_quote_names():
    assert not missing("2026年2月21日", Evidence.of(["2026新春市集：2月21日，正月初五开市"], None))
    assert missing("2026年2月21日", Evidence.of(["2025年和2026年：2月21日"], None))


# Pieces of text that hold a figure, nearly hold one, or hold what a figure pattern reads case-blind (ı reads as i).
PIECES = ["2024年", "6月1日", "2024-06-01", "June 1, 2024", "1 june 2024", "Sept 2023", "第一", "第三站", "首座", "最大",
          "最后", "唯一", "only", "FIRST", "fırst", "ſole", "245.75米", "1,200", "三座", "十八", "两条", "twenty",
          "two million", "１２３", "٣", "苏州河", "，", " ", "a", "年", "月", "第", "Ⅻ", "㋀"]


@given(st.lists(st.sampled_from(PIECES) | st.text(max_size=4), max_size=8).map("".join))
def test_trying_only_the_patterns_a_text_can_match_finds_what_trying_all_finds(text):
    """figures() skips a pattern that needs a digit, a letter or a character the text lacks: never a figure less."""
    normal = unicodedata.normalize("NFKC", text)
    assert _figures_of(normal, _Marks.of) == _figures_of(normal, _Marks.anything)
