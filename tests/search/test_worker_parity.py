"""The browser's search worker and the Python index agree: the same tokens for the same text, the same shard
hash, and the worker decodes exactly the postings Python writes. The worker runs in Node (Debian's nodejs)."""
from __future__ import annotations

import json
from array import array
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from node_lines import NodeLines

from banma.search.index import _postings
from banma.search.query_rules import FILLERS, SYNONYMS, query_rules, rewrite
from banma.search.tokens import fnv1a, tokens

HERE = Path(__file__).parent
EXAMPLES = json.loads((HERE / "token_examples.json").read_text(encoding="utf-8"))


node = NodeLines(HERE / "search_worker_node.js")  # node(requests) -> the worker's results, one process for all


@pytest.fixture(scope="module", autouse=True)
def _node_ends_with_the_module():
    yield
    node.close()


def test_both_sides_cut_the_hand_written_examples_as_written():
    for (text, expected), from_node in zip(EXAMPLES, node([["tokens", text] for text, _ in EXAMPLES]), strict=True):
        assert tokens(text) == expected, text
        assert from_node == expected, text


# Any text a visitor could type or an editor could write: every Unicode category but surrogates.
texts = st.lists(st.text(st.characters(exclude_categories=("Cs",)), max_size=40), min_size=1, max_size=40)


@settings(max_examples=25, deadline=None, database=None)
@given(batch=texts)
def test_tokens_and_hash_agree_on_any_text(batch):
    made = [tokens(text) for text in batch]
    from_node = node([["tokens", text] for text in batch]
                     + [["fnv1a", token] for token_list in made for token in token_list])
    assert from_node[:len(batch)] == made
    assert from_node[len(batch):] == [fnv1a(token) for token_list in made for token in token_list]


entries = st.lists(st.tuples(st.integers(0, 3), st.integers(1, 200_000)), max_size=60).map(
    lambda steps: [(sum(step for step, _ in steps[:i + 1]) + i, weight) for i, (_, weight) in enumerate(steps)])


@settings(max_examples=25, deadline=None, database=None)
@given(batch=st.lists(entries.filter(bool), min_size=1, max_size=20))
def test_the_worker_decodes_exactly_the_postings_python_writes(batch):
    encoded = [_postings(array("I", [n for pair in pairs for n in pair])) for pairs in batch]
    decoded = node([["decode", text] for text in encoded])
    assert [[tuple(pair) for pair in pairs] for pairs in decoded] == batch


# Query rewriting (banma/search/query_rules.py), on rules made from a small index text.
RULES = query_rules("顾正红纪念馆 苏州河 长风公园 博物馆 厕所 地铁 号线 开放时间 门票 交通 码头 驿站 梦清园 乾")
REWRITES = [  # (what a visitor types, what it means in the site's words): written by hand
    ("顧正紅紀念館", "顾正红纪念馆"),
    ("公厕在哪里", "厕所"),
    ("Where is the toilet?", "厕所 ?"),
    ("地铁十三号线", "地铁 13 号线"),
    ("二十五号", "25 号"),  # (the spaces around a word change no token)
    ("顾正红纪念馆几点开门", "顾正红纪念馆 开放时间"),
    ("苏州河边去哪玩", "苏州河边"),
    ("ＭＵＳＥＵＭ", "博物馆"),
    ("夢清園怎么去", "梦清园"),
    ("乾", "乾"),  # a character of the index stays itself, although it is also a traditional form
    ("十十号", "十十号"),  # not a number: left as typed
]


def test_both_sides_rewrite_the_hand_written_queries_as_written():
    from_node = node([["rewrite", [query, RULES]] for query, _ in REWRITES])
    for (query, expected), js in zip(REWRITES, from_node, strict=True):
        assert rewrite(query, RULES) == expected, query
        assert js == expected, query


pieces = st.sampled_from([*SYNONYMS, *FILLERS, *RULES["t2s"], "十三", "二", "号线", "号", "路", "顾正红", "m50",
                          " ", "?", "ｍ", "Ａ", "一十", "十十", "两"])
queries = st.lists(pieces, max_size=8).map("".join)


@settings(max_examples=25, deadline=None, database=None)
@given(batch=st.lists(queries, min_size=1, max_size=30))
def test_both_sides_rewrite_any_query_alike(batch):
    assert node([["rewrite", [query, RULES]] for query in batch]) == [rewrite(query, RULES) for query in batch]


# Tokens are data: a query may be any string, including the names of what every JavaScript object inherits.
INHERITED = ["constructor", "__proto__", "toString", "hasOwnProperty", "valueOf", "__defineGetter__", "prototype"]


def test_both_sides_cut_the_names_objects_inherit_as_words():
    expected = [["constructor"], ["proto"], ["tostring"], ["hasownproperty"], ["valueof"], ["definegetter"],
                ["prototype"]]  # by hand: lower case, ASCII words without the underscores
    assert [tokens(text) for text in INHERITED] == expected
    assert node([["tokens", text] for text in INHERITED]) == expected
    words = [token for found in expected for token in found]
    assert node([["fnv1a", word] for word in words]) == [fnv1a(word) for word in words]


def _index(docs) -> dict:
    from banma.search.index import FOLDER, build_index
    return {path.removeprefix(FOLDER + "/"): json.loads(content) for path, content in build_index(docs).items()}


def _found(index: dict, queries: list[str]) -> list[list[str]]:
    """The URLs the worker (in Node) answers each query with, from index files Python built."""
    answers = node([["search", [index, query]] for query in queries])
    return [[item[0]["location"] for item in answer["items"]] for answer in answers]


def test_the_worker_answers_inherited_names_from_the_index_or_with_nothing():
    """A shard holding such a word answers with its pages; one not holding it answers with nothing (it once threw:
    `shard["constructor"]` is Object, found on every object), and so do the query rules and name keys."""
    from banma.search.documents import SearchDoc
    docs = [SearchDoc("builder/", "建造者", "页面", ["建造者"], "这一页讲 constructor 这个词。"),
            SearchDoc("proto/", "原型公园", "地点", ["原型公园", "Proto Park"], "一个公园。"),
            SearchDoc("river/", "苏州河", "地点", ["苏州河"], "河边的步道。")]
    queries = ["constructor", "__proto__", "toString", "hasOwnProperty", "valueOf", "__defineGetter__", "prototype",
               "苏州河", "__proto__ constructor"]
    found = _found(_index(docs), queries)
    assert found[:-1] == [["builder/"], ["proto/"], [], [], [], [], [], ["river/"]]
    assert sorted(found[-1]) == ["builder/", "proto/"]  # no page has both words: those with one of them
    # An index without any of these words: every query goes on to the query rules (q.json), and finds nothing.
    assert _found(_index(docs[2:]), INHERITED) == [[] for _ in INHERITED]
