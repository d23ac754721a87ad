"""Figures in a text: the numbers, dates and superlatives a claim states, normalised so that a claim and the
source's own words can be compared (records/evidence.py).

Numbers are compared by value: `62,706` = `６２７０６` = `62706`; `1.5万` = `15000` = `15 thousand`;
`十八` = `18`; `two` = `2`. Dates by their parts: `2024年6月1日` = `2024-06-01` = `June 1, 2024` = `1 June 2024`;
a date without its year (`6月1日`) is read in the year of the source that states it (or, for a source without a
date, the one year its quote names). Superlatives and firsts by
class: `第一`/`首座`/`first`, `最大`/`largest`, `唯一`/`only`.

What is not a figure: a lone `一` (一些, 一带, 统一), a Chinese digit that counts nothing (四行仓库, 三德里), words
such as 最后 and 首先, an ordinal that orders the text or the walk (第一站, 第二段). A number in a name is a figure like any other: a source must say it.
"""
from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from functools import lru_cache

_CN_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_CN_UNITS = {"十": 10, "百": 100, "千": 1000}
_CN_BIG = {"万": 10_000, "亿": 100_000_000}
_CN_NUMERAL = "零〇一二两三四五六七八九十百千万亿"
# What a Chinese digit counts when it is a figure (三座, 五公里, 两条); without one, 四行仓库 is a name.
_MEASURES = ("个座家名位条处项次届层栋幢间所支艘批台部件块片棵株只辆期段站场轮趟公里千米米平方亩年月天日周小时分钟秒"
             "人岁倍成元")
_NOT_NUMBERS = {"千万", "万一", "一一", "一二"}  # 千万不要, 万一, 一一对应, 一二: words, not figures
_EN_NUMBERS = {word: n for n, word in enumerate(
    "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen "
    "seventeen eighteen nineteen".split())}
_EN_NUMBERS.update({word: n for n, word in enumerate(
    "_ _ second third fourth fifth sixth seventh eighth ninth tenth eleventh twelfth".split()) if n > 1})
_EN_NUMBERS.update({"twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80,
                    "ninety": 90, "hundred": 100, "thousand": 1000, "dozen": 12})
_EN_SCALE = {"thousand": 1_000, "million": 1_000_000, "billion": 1_000_000_000}
_MONTHS = {name: n for n, names in enumerate(
    ["", "january jan", "february feb", "march mar", "april apr", "may", "june jun", "july jul", "august aug",
     "september sep sept", "october oct", "november nov", "december dec"]) for name in names.split()}

_CN_NUM = f"[0-9{_CN_NUMERAL}]"
_MONTH_WORD = "|".join(sorted(_MONTHS, key=len, reverse=True))
_DATE_PATTERNS = (
    re.compile(r"(?<!\d)(\d{4})\s*[-/.]\s*(\d{1,2})\s*[-/.]\s*(\d{1,2})(?!\d)"),  # 2024-06-01
    re.compile(rf"(?:({_CN_NUM}{{4}})\s*年\s*)?({_CN_NUM}{{1,3}})\s*月(?:\s*({_CN_NUM}{{1,3}})\s*[日号])?"),
    re.compile(rf"\b({_MONTH_WORD})\.?\s+(\d{{1,2}})(?:st|nd|rd|th)?\b(?:\s*,?\s*(\d{{4}}))?", re.I),  # June 1, 2024
    re.compile(rf"\b(\d{{1,2}})(?:st|nd|rd|th)?\s+({_MONTH_WORD})\.?(?:\s*,?\s*(\d{{4}}))?\b", re.I),  # 1 June 2024
    re.compile(rf"\b({_MONTH_WORD})\.?\s*,?\s+(\d{{4}})\b", re.I),  # June 2024
    re.compile(rf"({_CN_NUM}{{4}})\s*年"),  # 2024年
)
_ARABIC = re.compile(r"(\d{1,3}(?:,\d{3})+|\d+)(\.\d+)?\s*(万|亿|thousand\b|million\b|billion\b)?", re.I)
_CHINESE = re.compile(f"[{_CN_NUMERAL}]+")
_EN_WORD = re.compile(r"\b(" + "|".join(_EN_NUMBERS) + r")\b(?:[\s-]+(million|billion|thousand))?", re.I)
_FIRST = re.compile(r"第一|首(?=[座个家次条届批位创艘部台例发开建款场轮期站推趟日])|\b(?:first|inaugural)\b", re.I)
_MOST = re.compile(r"最(?![后近终初好先])[\u4e00-\u9fff]|\b(?:largest|biggest|longest|oldest|earliest|tallest|"
                   r"highest|greatest|most)\b", re.I)
_ONLY = re.compile(r"唯一|\b(?:only|sole)\b", re.I)
# An ordinal that only orders the text or the walk (第一站, 第二段, 第三部分) states nothing about the world.
_STRUCTURE = re.compile(r"第[0-9零〇一二两三四五六七八九十百]+(?=站|段|部分|章|节|步|页|项|天|点)")
_CLASSES = (("first", _FIRST, "第一、首"), ("most", _MOST, "最"), ("only", _ONLY, "唯一"))


@dataclass(frozen=True)
class Figure:
    kind: str  # "number", "date" or a superlative class ("first", "most", "only")
    value: object  # a Decimal; (year or None, month or None, day or None); or the class name
    text: str  # as written, for messages


def chinese_number(text: str) -> Decimal | None:
    """二十一 -> 21, 两千三百 -> 2300, 1.5万 handled elsewhere; 二〇二三 -> 2023 (digit by digit)."""
    if all(char in _CN_DIGITS for char in text):
        return Decimal("".join(str(_CN_DIGITS[char]) for char in text)) if text else None
    total, section, digit = 0, 0, None
    for char in text:
        if char in _CN_DIGITS:
            digit = _CN_DIGITS[char]
        elif char in _CN_UNITS:
            section += (1 if digit is None else digit) * _CN_UNITS[char]
            digit = None
        elif char in _CN_BIG:
            total = (total + section + (digit or 0)) * _CN_BIG[char]
            section, digit = 0, None
        else:
            return None
    return Decimal(total + section + (digit or 0))


def _number(text: str) -> int | None:
    text = text.strip()
    if text.isdigit():
        return int(text)
    value = chinese_number(text) if text else None
    return int(value) if value is not None else None


def _date_parts(pattern_index: int, groups: tuple) -> tuple:
    if pattern_index in (0, 1, 5):
        year, month, day = (list(groups) + [None, None])[:3]
        return tuple(_number(part) if part else None for part in (year, month, day))
    if pattern_index == 2:
        month, day, year = groups
    elif pattern_index == 3:
        day, month, year = groups
    else:
        (month, year), day = groups, None
    return (int(year) if year else None, _MONTHS[month.lower()], int(day) if day else None)


def _plausible(parts: tuple) -> bool:
    year, month, day = parts
    return ((year is None or 1000 <= year <= 2999) and (month is None or 1 <= month <= 12)
            and (day is None or 1 <= day <= 31))


def _take_dates(text: str, found: list[Figure], held: _Marks) -> str:
    latin = held.letters and held.digits
    possible = (held.digits, held.month, latin, latin, latin, held.year)  # (what each of _DATE_PATTERNS needs)
    for index, pattern in enumerate(_DATE_PATTERNS):
        if not possible[index]:
            continue
        def take(match: re.Match, index=index) -> str:
            parts = _date_parts(index, match.groups())
            if not _plausible(parts):
                return match.group(0)
            found.append(Figure("date", parts, match.group(0).strip()))
            return " " * len(match.group(0))
        text = pattern.sub(take, text)
    return text


def _take_numbers(text: str, found: list[Figure], held: _Marks) -> None:
    found += ((_arabic_numbers(text) if held.digits else []) + _chinese_numbers(text)
              + (_english_numbers(text) if held.letters else []))


def _arabic_numbers(text: str) -> list[Figure]:
    numbers = []
    for match in _ARABIC.finditer(text):
        whole, fraction, scale = match.groups()
        value = Decimal(whole.replace(",", "") + (fraction or ""))
        multiplier = _CN_BIG.get(scale or "") or _EN_SCALE.get((scale or "").lower(), 1)
        numbers.append(Figure("number", (value * multiplier).normalize(), match.group(0).strip()))
    return numbers


def _counts(text: str, match: re.Match) -> bool:
    """Whether a run of Chinese numerals is a figure: a number with units (十八, 二十一), a digit that counts
    something (三座, 五公里), or an ordinal (第二十届)."""
    numeral, after = match.group(0), text[match.end():match.end() + 2]
    if numeral in _NOT_NUMBERS:
        return False
    if len(numeral) > 1 and any(char in _CN_UNITS or char in _CN_BIG for char in numeral):
        return True
    if numeral not in ("一", "万", "亿") and (after[:1] in _MEASURES or after == "公里"):
        return True
    return text[match.start() - 1:match.start()] == "第" and numeral != "一"


def _chinese_numbers(text: str) -> list[Figure]:
    numbers = []
    for match in _CHINESE.finditer(text):
        value = chinese_number(match.group(0)) if _counts(text, match) else None
        if value is not None:
            numbers.append(Figure("number", value.normalize(), match.group(0)))
    return numbers


def _english_numbers(text: str) -> list[Figure]:
    return [Figure("number", (Decimal(_EN_NUMBERS[m.group(1).lower()])
                              * _EN_SCALE.get((m.group(2) or "").lower(), 1)).normalize(), m.group(0))
            for m in _EN_WORD.finditer(text)]


@lru_cache(maxsize=200_000)
def figures(text: str) -> tuple[Figure, ...]:
    """Every figure a text states, in the order found (dates first, then numbers, then superlatives).

    Worked out once per text: the evidence check reads every claim and quote, and the pages read them again
    to show the quotes that back each claim."""
    return _figures_of(unicodedata.normalize("NFKC", text), _Marks.of)


def _figures_of(text: str, marks: Callable[[str], _Marks]) -> tuple[Figure, ...]:
    """(`marks`: what the text holds, so that a pattern that needs what it lacks is not tried: most texts have
    no Latin letter, many no digit; a test compares with trying every pattern.)"""
    held = marks(text)  # (what is taken out of the text below only makes it hold less)
    if held.structure:
        text = _STRUCTURE.sub(" ", text)
    found: list[Figure] = []
    for kind, pattern, _ in _CLASSES:
        if held.superlatives[kind]:
            found += [Figure(kind, _superlative_key(kind, m.group(0)), m.group(0)) for m in pattern.finditer(text)]
    if held.superlatives["first"]:
        text = _FIRST.sub("  ", text)  # 第一 is a first, not the number one
    _take_numbers(_take_dates(text, found, held), found, held)
    return tuple(found)


_LETTER = re.compile(r"[^\W\d_\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")  # a letter, not a Han character


@dataclass(frozen=True)
class _Marks:
    """Which patterns a text may match: each needs a digit, a Latin (or other non-Han) letter or a character."""
    digits: bool = True
    letters: bool = True
    year: bool = True  # 年
    month: bool = True  # 月
    structure: bool = True  # 第
    superlatives: dict = field(default_factory=lambda: {"first": True, "most": True, "only": True})

    @classmethod
    def of(cls, text: str) -> _Marks:
        letters = _LETTER.search(text) is not None
        return cls(re.search(r"\d", text) is not None, letters, "年" in text, "月" in text, "第" in text,
                   {"first": letters or "第" in text or "首" in text, "most": letters or "最" in text,
                    "only": letters or "唯" in text})

    @classmethod
    def anything(cls, text: str) -> _Marks:
        return cls()


# Which quality a superlative ranks: 最大 = largest, 最早 = earliest; English "most" ranks any (most visited).
_ENGLISH_SUPERLATIVES = {"largest": "大", "biggest": "大", "greatest": "大", "longest": "长", "oldest": "早",
                         "earliest": "早", "tallest": "高", "highest": "高", "most": "*"}


def _superlative_key(kind: str, text: str) -> str:
    if kind != "most":
        return kind
    return text[1:] if text.startswith("最") else _ENGLISH_SUPERLATIVES[text.lower()]


def class_name(kind: str) -> str:
    """How a superlative class is named to an editor."""
    return next(label for name, _, label in _CLASSES if name == kind)


@dataclass(frozen=True)
class Evidence:
    """What a set of quotes states, for looking figures up; `year` fills dates written without one."""
    numbers: frozenset
    dates: frozenset  # (year, month, day) with None for a part not stated
    classes: frozenset

    @classmethod
    def of(cls, texts: list[str], published: tuple | None = None, published_counts: bool = True) -> Evidence:
        """What these texts state; `published` (year, month, day) fills the year of dates written without one and,
        when `published_counts`, counts as stated itself (a source's own date is part of what it says)."""
        numbers, dates, classes = set(), set(), set()
        for text in texts:
            found = figures(text)
            year = published[0] if published else _only_year(found)
            for figure in found:
                if figure.kind == "number":
                    numbers.add(figure.value)
                elif figure.kind == "date":
                    y, m, d = figure.value
                    dates.add((y or year, m, d))
                    if figure.value[0] is None:
                        dates.add(figure.value)
                else:
                    classes.add((figure.kind, figure.value))
        if published and published_counts:
            dates.add(published)
        return cls(frozenset(numbers), frozenset(dates), frozenset(classes))

    def __or__(self, other: Evidence) -> Evidence:
        return Evidence(self.numbers | other.numbers, self.dates | other.dates, self.classes | other.classes)

    def holds(self, figure: Figure) -> bool:
        if figure.kind == "number":
            year = _as_int(figure.value)
            return figure.value in self.numbers or (year is not None and year in {d[0] for d in self.dates})
        if figure.kind == "date":
            if figure.value[1:] == (None, None) and Decimal(figure.value[0]) in self.numbers:
                return True
            return any(_date_matches(figure.value, date) for date in self.dates)
        return (figure.kind, figure.value) in self.classes or (figure.kind == "most" and ("most", "*") in self.classes)


def _only_year(found: list[Figure]) -> int | None:
    """The one year a quote states (a number or a date's year), to read its dates without a year in."""
    years = {figure.value[0] for figure in found if figure.kind == "date" and figure.value[0]}
    years |= {int(f.value) for f in found if f.kind == "number" and f.value == f.value.to_integral_value()
              and 1900 <= f.value <= 2100}
    return years.pop() if len(years) == 1 else None


def _as_int(value: Decimal) -> int | None:
    try:
        return int(value) if value == value.to_integral_value() else None
    except (InvalidOperation, OverflowError):
        return None


def _date_matches(claim: tuple, quoted: tuple) -> bool:
    """Every part the claim states is stated alike by the quote (a quote's missing year was filled in already)."""
    return all(c is None or c == q for c, q in zip(claim, quoted, strict=True))


def missing(text: str, evidence: Evidence) -> list[Figure]:
    """The figures of a text that no quote holds, each once."""
    seen, lacking = set(), []
    for figure in figures(text):
        if (figure.kind, figure.value) not in seen and not evidence.holds(figure):
            lacking.append(figure)
        seen.add((figure.kind, figure.value))
    return lacking
