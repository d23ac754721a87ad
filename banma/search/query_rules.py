"""How a visitor's query is rewritten when, as typed, it does not match: the words visitors use for what the site
calls otherwise, traditional characters, question and filler words, numbers written in Chinese.

Declared here once. The build writes them, with a traditional -> simplified table cut down to the characters the
index holds, to search/hm/q.json; docs/assets/javascripts/search-worker.js fetches that file only for a query that
found nothing as typed (so an ordinary query costs no byte more) and applies `rewrite` exactly as below
(tests/search/test_worker_parity.py runs both on the same queries).
"""
from __future__ import annotations

import re
from functools import cache

from .tokens import HAN, normalise

# What a visitor may type -> the words the site's pages use. Longest first when applied; ASCII keys are whole words.
SYNONYMS: dict[str, str] = {
    **dict.fromkeys(["公厕", "卫生间", "洗手间", "厕所", "茅房", "toilet", "toilets", "restroom", "restrooms", "wc",
                     "washroom", "bathroom"], "厕所"),
    **dict.fromkeys(["轨交", "轨道交通", "subway", "metro", "underground"], "地铁"),
    **dict.fromkeys(["公交车", "巴士", "bus", "buses"], "公交"),
    **dict.fromkeys(["几点开门", "几点关门", "开门时间", "营业时间", "开到几点", "几点开", "开门", "hours", "opening"],
                    "开放时间"),
    **dict.fromkeys(["票价", "多少钱", "收费", "要钱", "免费吗", "ticket", "tickets", "admission"], "门票"),
    **dict.fromkeys(["联系方式", "联系电话", "phone", "telephone"], "电话"),
    **dict.fromkeys(["museum", "museums"], "博物馆"),
    **dict.fromkeys(["park", "parks"], "公园"),
    **dict.fromkeys(["pier", "wharf", "boat", "cruise", "坐船", "游船码头"], "码头"),
    **dict.fromkeys(["route", "routes", "walk"], "线路"),
    **dict.fromkeys(["story", "stories"], "故事"),
    **dict.fromkeys(["station", "stations", "服务站"], "驿站"),
    **dict.fromkeys(["商场", "购物中心", "购物", "逛街", "mall", "malls"], "商业街区"),  # the kind's name
    **dict.fromkeys(["带孩子", "带小孩", "带娃", "遛娃", "小孩", "孩子", "kids", "children"], "亲子"),  # the category's
}
# Question and filler words: dropped (the rest of the query says what is asked for). Longest first.
FILLERS: tuple[str, ...] = (
    "请问", "怎么去", "怎么走", "怎样去", "如何去", "坐什么车", "我想去", "我想", "想去", "想知道", "有没有", "有什么", "是什么", "在哪里", "在哪儿", "在哪", "哪里",
    "哪儿", "哪些", "哪个", "去哪玩", "去哪儿", "去哪", "好玩", "玩什么", "怎么样", "什么", "怎么", "怎样", "如何",
    "附近", "一下", "可以", "能不能", "推荐", "吗", "呢", "吧", "啊", "的", "了",
    "where", "what", "when", "how", "is", "are", "the", "a", "an", "to", "of", "in", "at", "near", "please", "get",
    "directions",
)
_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
# A number written in Chinese before a counter (一号线, 十三号, 二期): visitors and pages write it either way.
_NUMBER = re.compile("([零〇一二两三四五六七八九十]{1,3})(?=号线|号|路|站|期|公里|楼|层)")
_ASCII_WORD = re.compile("[a-z0-9]+")
_HAN_CHAR = re.compile(f"[{HAN}]")


def _arabic(chinese: str) -> str:
    """一 -> 1, 十三 -> 13, 二十 -> 20, 二十五 -> 25; anything else unchanged."""
    if "十" not in chinese:
        return "".join(str(_DIGITS[c]) for c in chinese)
    tens, _, ones = chinese.partition("十")
    if len(tens) > 1 or len(ones) > 1 or "十" in ones:  # 十十, 三二十: not a number
        return chinese
    return str((_DIGITS[tens] if tens else 1) * 10 + (_DIGITS[ones] if ones else 0))


def rewrite(query: str, rules: dict) -> str:
    """The query as the site's words would say it (rules: the q.json content). Mirrored in search-worker.js."""
    text = "".join(rules["t2s"].get(char, char) for char in normalise(query))
    text = _NUMBER.sub(lambda match: _arabic(match.group(1)), text)
    ascii_words = {}
    for phrase, replacement in rules["synonyms"]:  # longest first, as q.json lists them
        if phrase.isascii():
            ascii_words[phrase] = replacement
        else:
            text = text.replace(phrase, f" {replacement} ")
    text = _ASCII_WORD.sub(lambda match: f" {ascii_words.get(match.group(), match.group())} ", text)
    for filler in rules["fillers"]:
        if not filler.isascii():
            text = text.replace(filler, " ")
    ascii_fillers = {f for f in rules["fillers"] if f.isascii()}
    text = _ASCII_WORD.sub(lambda match: " " if match.group() in ascii_fillers else match.group(), text)
    return " ".join(text.split())


@cache
def _converter():
    import opencc  # imported when the index is built, not with the data layer
    return opencc.OpenCC("s2t")


def query_rules(index_text: str) -> dict:
    """What q.json holds: the word lists, sorted as they are applied, and traditional -> simplified for each Han
    character of the index that has a traditional form (only those can make a traditional query match; a form that
    is itself a character of the index is left alone)."""
    chars = {char for char in set(index_text) if _HAN_CHAR.match(char)}  # the set first: the text is long
    t2s = {}
    for char in sorted(chars):
        for variant in sorted(set(_converter().convert(char)) - chars):
            t2s.setdefault(variant, char)
    return {"synonyms": [[phrase, SYNONYMS[phrase]] for phrase in _longest_first(SYNONYMS)],
            "fillers": _longest_first(FILLERS), "t2s": t2s}


def visitor_words(text: str) -> list[str]:
    """The words visitors use for what `text` says: every synonym of a meaning the text holds, by the site's word or
    by a visitor's (公共卫生间 holds 卫生间, so 厕所 and toilet). An item's kind, services and fact labels are indexed
    with them, so that `商场`, `toilet` or `几点开门` find the items as typed."""
    held = {meaning for phrase, meaning in SYNONYMS.items()
            if meaning in text or (not phrase.isascii() and phrase in text)}
    return [*sorted(held), *(phrase for phrase, meaning in SYNONYMS.items() if meaning in held)]


def _longest_first(phrases) -> list[str]:
    return sorted(phrases, key=lambda phrase: (-len(phrase), phrase))
