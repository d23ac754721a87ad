"""Search ranking (banma/search/ranking.py): rules that hold for any valid data, over generated documents and over the
real data, and the browser's worker ranking exactly as the Python reference does, on an index Python built.

Expectations are written by hand or computed here with pypinyin (what a visitor types), never by the site's search
code: a property says where a page must be whatever else exists, with the only excuse that the pages above it are
named by the query just as well.
"""
from __future__ import annotations

import itertools
import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pypinyin import Style, lazy_pinyin, pinyin
from test_worker_parity import node

from banma.search.documents import PAGE, PLAN_ITEM, SearchDoc
from banma.search.index import FOLDER, build_index
from banma.search.ranking import FACET_FLAG, encode_weight, search

OVERVIEWS = {PAGE, PLAN_ITEM}


def index_files(docs: list[SearchDoc]) -> dict:
    return {path.removeprefix(FOLDER + "/"): json.loads(content) for path, content in build_index(docs).items()}


def _syllables(name: str) -> list[str]:  # punctuation left out
    return [syllable for syllable in lazy_pinyin(name, style=Style.NORMAL) if syllable.isalnum()]


def full_pinyin(name: str) -> str:
    return "".join(_syllables(name)).lower()


def initials(name: str) -> str:
    return "".join(syllable[0] for syllable in _syllables(name)).lower()


def readings(name: str) -> set[str]:
    """Every way the name can be read in full or by initials (each character in each of its readings)."""
    choices = pinyin(name, style=Style.NORMAL, heteronym=True)
    found = set()
    for reading in itertools.islice(itertools.product(*choices), 256):
        found |= {"".join(reading).lower(), "".join(s[0] for s in reading).lower()}
    return found | {full_pinyin(name), initials(name)}


def named_as_well(doc: SearchDoc, query: str) -> bool:
    """The query is one of this item's names: typed as it is, or read in full pinyin or initials."""
    return doc.kind not in OVERVIEWS and any(query == name or query in readings(name) for name in doc.names)


def misplaced(docs: list[SearchDoc], found: list[str], url: str, query: str, within: int = 3) -> str | None:
    """Why `url` is not where `query` must put it: within the first `within`, unless everything above it is an item
    the query names just as well; and never below an overview."""
    by_url = {doc.url: doc for doc in docs}
    if url not in found:
        return f"{query!r}: {url} not found"
    above = found[:found.index(url)]
    if any(by_url[other].kind in OVERVIEWS for other in above):
        return f"{query!r}: an overview above {url}: {above}"
    if len(above) >= within and not all(named_as_well(by_url[other], query) for other in above):
        return f"{query!r}: {url} is {len(above) + 1}th behind {above}"
    return None


# --- generated documents --------------------------------------------------------------------------------------------

# Characters that share readings (公 工 宫, 园 元 圆 …) and words that recur in names: names collide in words and pinyin.
CHARS = "公工宫园元圆风丰峰昌常河禾桥乔码马驿亿站战北门水漫步湾湖新心街城楼林森花华"
WORDS = ["长风", "公园", "北门", "驿站", "亲水", "漫步", "码头", "苏河", "花园"]


def _no_pair_repeats(name: str) -> bool:
    """长风长风 repeats 长风: search matches a name's character pairs as a set, so it cannot tell 长风长风 from
    长风长风长风 (no place is named so)."""
    pairs = [name[i:i + 2] for i in range(len(name) - 1)]
    return len(pairs) == len(set(pairs))


names = st.lists(st.one_of(st.sampled_from(WORDS), st.sampled_from(CHARS)), min_size=1, max_size=4).map(
    "".join).filter(lambda name: 2 <= len(name) <= 10 and _no_pair_repeats(name))


@st.composite
def collections(draw):
    """Items (places, routes, stories) whose names build on each other, and overviews that repeat them."""
    base = draw(st.lists(names, min_size=1, max_size=6, unique=True))
    grown = [name + draw(st.sampled_from(WORDS)) for name in base if draw(st.booleans())]  # 长风公园 → 长风公园北门驿站
    grown = [name for name in grown if _no_pair_repeats(name)]
    item_names = list(dict.fromkeys(base + grown))
    docs = []
    for number, name in enumerate(item_names):
        kind = draw(st.sampled_from(["地点", "地点", "线路", "故事"]))
        aliases = [draw(names)] if draw(st.booleans()) else []
        mentioned = draw(st.lists(st.sampled_from(item_names), max_size=3))
        hours = draw(st.booleans())  # some pages give the hours (and say so many times), some do not
        docs.append(SearchDoc(f"item/{number}/", name, kind, [name, *aliases], f"关于{'、'.join(mentioned)}。",
                              [" ".join(mentioned * 5), "开放时间 地址 门票 " * 4 * hours],
                              facets=draw(st.sampled_from([[], ["公园绿地"], ["码头"]])) + ["开放时间"] * hours))
    for number, name in enumerate(draw(st.lists(st.sampled_from(item_names), max_size=4))):
        # An overview titled as an item, or gathering items, with their names over and over.
        kind = draw(st.sampled_from(sorted(OVERVIEWS)))
        docs.append(SearchDoc(f"overview/{number}/", name, kind, [name], name * 3, [" ".join(item_names * 8)]))
    return docs


def _item_queries(docs: list[SearchDoc]) -> list[tuple[str, str]]:
    """(query, URL it must find): each item's names typed exactly, and a Chinese name (no Latin letters or digits)
    in full pinyin and in initials."""
    return [(query, doc.url) for doc in docs if doc.kind not in OVERVIEWS for name in doc.names
            for query in ([name] + ([full_pinyin(name), initials(name)] if name.isascii() is False
                                    and not any(char.isascii() and char.isalnum() for char in name) else []))]


@settings(max_examples=40, deadline=None, database=None)
@given(docs=collections())
def test_every_item_is_found_by_its_name_pinyin_and_initials_whatever_else_exists(docs):
    files = index_files(docs)
    problems = [misplaced(docs, search(files, query), url, query) for query, url in _item_queries(docs)]
    assert not any(problems), [p for p in problems if p]


QUESTIONS = ["开放时间", "几点开门", "地址", "门票", "怎么去", "在哪里"]


@settings(max_examples=30, deadline=None, database=None)
@given(docs=collections(), asked=st.sampled_from(QUESTIONS))
def test_a_question_about_a_place_finds_it_first_whether_or_not_its_page_has_the_fact(docs, asked):
    """Before any other place's facts; only an item with a name as long, also in the question, may come first."""
    files = index_files(docs)
    by_url, wrong = {doc.url: doc for doc in docs}, []
    for item in docs:
        if item.kind != "地点":
            continue
        query = item.title + asked
        found = search(files, query)
        above = found[:found.index(item.url)] if item.url in found else None
        if above is None or not all(by_url[url].kind not in OVERVIEWS and any(
                name in query and len(name) >= len(item.title) for name in by_url[url].names) for url in above):
            wrong.append((query, item.url, found[:3]))
    assert not wrong


@settings(max_examples=8, deadline=None, database=None)
@given(docs=collections())
def test_the_worker_ranks_as_the_python_reference(docs):
    files = index_files(docs)
    queries = [query for query, _ in _item_queries(docs)][:40]
    queries += [f"{doc.title}开放时间" for doc in docs[:3]] + ["公园", "码头", "gongyuan", "长风 公园", "cf"]
    answers = node([["search", [files, query]] for query in queries])
    worker = [[item[0]["location"] for item in answer["items"]] for answer in answers]
    assert worker == [search(files, query) for query in queries]


# --- the rules, on examples written by hand -------------------------------------------------------------------------

def doc(url, name, kind="地点", summary="", body=(), facets=(), aliases=(), boost=1.0):
    return SearchDoc(url, name, kind, [name, *aliases], summary, list(body), boost, list(facets))


EXAMPLES = [
    doc("park/", "长风公园", summary="上海的一座公园。", facets=["公园绿地"]),
    doc("gate/", "长风公园北门驿站", summary="长风公园北门旁的驿站，长风公园游客常来。", body=["长风公园 长风公园"],
        facets=["滨河驿站", "公共厕所", "开放时间"]),
    doc("walk/", "长风公园亲水漫步", "线路", "从长风公园出发，沿长风公园水边走。", ["长风公园 长风公园 长风公园"]),
    doc("memorial/", "顾正红纪念馆", summary="纪念顾正红。", facets=["纪念馆、革命遗址", "地址"]),
    doc("textile/", "上海纺织博物馆", summary="讲纺织的博物馆。", facets=["博物馆、展示馆", "开放时间"],
        body=["开放时间 周二至周日 博物馆 博物馆"]),
    doc("mint/", "上海造币博物馆", summary="讲造币。", facets=["博物馆、展示馆"], aliases=["Shanghai Mint Museum"]),
    doc("mall/", "长风大悦城", summary="商业综合体。", facets=["商业街区", "shopping mall"]),
    doc("station/", "半马苏河驿站·1690", aliases=["1690旗舰店"], facets=["党群服务中心"]),
    doc("story/", "1690驿站：问卷里改出来的照相馆", "故事", "1690 的故事。", ["1690 1690 1690 商场 博物馆 厕所"]),
    doc("plan/", "规划", "页面", body=["顾正红纪念馆开放时间 造币博物馆开放时间 长风公园 " * 5]),
    doc("plan/#item-1", "长风公园", PLAN_ITEM, "长风公园的计划。", ["长风公园 " * 9]),
    doc("privacy/", "隐私声明", "页面", body=["长风公园 厕所"], boost=0.2),
]
FIRST = [  # (query, the URL that must come first): written by hand
    ("长风公园", "park/"), ("zhangfenggongyuan", "park/"), ("changfenggongyuan", "park/"), ("cfgy", "park/"),
    ("長風公園", "park/"),
    ("长风公园北门驿站", "gate/"), ("长风公园亲水漫步", "walk/"),
    # Questions: the named place first, whether or not its page has the fact; never another place's fact.
    ("顾正红纪念馆开放时间", "memorial/"), ("顾正红纪念馆几点开门", "memorial/"), ("顾正红纪念馆在哪里", "memorial/"),
    ("造币博物馆开放时间", "mint/"), ("上海造币博物馆门票", "mint/"), ("长风公园开放时间", "park/"),
    # Needs: the items of that kind or with that fact above pages that merely contain the word.
    ("商场", "mall/"), ("厕所", "gate/"), ("toilet", "gate/"), ("洗手间", "gate/"),
    # English: an official English name, a kind in English.
    ("shanghai mint museum", "mint/"), ("mall", "mall/"),
    # A name before a mention; the nearer name before a longer one.
    ("1690", "station/"),
]


def test_the_named_or_needed_page_comes_first():
    files = index_files(EXAMPLES)
    wrong = [(query, url, search(files, query)[:3]) for query, url in FIRST if search(files, query)[:1] != [url]]
    assert not wrong


def test_museums_by_kind_come_before_pages_that_mention_the_word():
    found = search(index_files(EXAMPLES), "博物馆")
    assert set(found[:2]) == {"textile/", "mint/"}
    assert set(search(index_files(EXAMPLES), "museum")[:2]) == {"textile/", "mint/"}


def test_overviews_and_statements_never_outrank_an_item_the_query_names():
    files = index_files(EXAMPLES)
    found = search(files, "长风公园")
    assert found.index("plan/#item-1") > found.index("park/")  # titled as the park: after it
    assert found.index("plan/") > max(found.index(url) for url in ("park/", "gate/", "walk/"))  # mentions it only
    assert found[-1] == "privacy/"  # a statement after all content


def test_the_worker_ranks_the_hand_written_examples_as_python():
    files = index_files(EXAMPLES)
    queries = [query for query, _ in FIRST] + ["博物馆", "museum", "长风", "公园", "驿站"]
    answers = node([["search", [files, query]] for query in queries])
    assert [[item[0]["location"] for item in answer["items"]] for answer in answers] == \
        [search(files, query) for query in queries]


# --- the real data ---------------------------------------------------------------------------------------------------

@pytest.mark.reads_data
def test_every_item_of_the_real_data_is_found_by_its_name_pinyin_and_initials():
    """The same property over data/ (editors' data: whatever they add, it holds)."""
    from sitebuild import ROOT

    from banma.records.loader import load_site
    from banma.search.documents import site_documents

    docs = site_documents(load_site(ROOT))
    files = index_files(docs)
    queries = [(query, url) for query, url in _item_queries(docs) if len(query) >= 2]
    problems = [misplaced(docs, search(files, query), url, query) for query, url in queries]
    assert not any(problems), [p for p in problems if p]


@pytest.mark.reads_data
def test_the_worker_ranks_the_real_data_as_python():
    """Names, pinyin, questions, needs and English over the index of data/: the worker's order is Python's."""
    from sitebuild import ROOT

    from banma.records.loader import load_site
    from banma.search.documents import site_documents

    docs = site_documents(load_site(ROOT))
    files = index_files(docs)
    queries = [query for query, _ in _item_queries(docs)][:150]
    queries += [doc.title + asked for doc in docs[:12] for asked in QUESTIONS[:3]]
    queries += ["厕所", "toilet", "博物馆", "museum", "商场", "带孩子去哪玩", "苏州河边的博物馆", "creek cruise", "1690",
                "長風公園", "half marathon", "constructor", "__proto__", "长风", "cf", "ban ma"]
    answers = node([["search", [files, query]] for query in queries])
    assert [[item[0]["location"] for item in answer["items"]] for answer in answers] == \
        [search(files, query) for query in queries]


def test_the_documented_weights_are_the_weights():
    """The table in ranking.py's docstring says the numbers the code uses (and meta.json ships)."""
    import re

    from banma.search import ranking

    documented = dict(re.findall(r"\| ([A-Z_]+) +\| (\d+)", ranking.__doc__))
    assert len(documented) == 11
    assert {name: int(value) for name, value in documented.items()} == {name: getattr(ranking, name)
                                                                      for name in documented}
    files = index_files(EXAMPLES)
    assert files["meta.json"]["ranking"] == {"nameWeight": 60, "facetFlag": 100, "nameSizeUnit": 200, "wholeKey": 2,
                                             "nameKeyWeight": 60, "idfScale": 1000, "nameSizeCap": 60, "nameRun": 2}


def test_a_token_in_no_facet_and_no_name_keeps_its_text_weight():
    """search/index.py encodes only the tokens of facets and names, the others' weight being their text weight."""
    assert all(encode_weight(weight, False, 0) == weight for weight in range(1, FACET_FLAG))
