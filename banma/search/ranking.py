"""How search ranks what it finds: by what the query matched, not by how much text a page has.

Declared here once. The index (index.py) writes each posting's weight with the flags below and puts `RANKING`
into meta.json; the browser's search-worker.js reads the weights from there and ranks exactly as `search` below
(tests/search/test_ranking.py runs both on the same index and queries, and holds the rules as properties over
generated and real data).

A posting's weight (one number per token and document):

    weight = text + FACET_FLAG × (token in the item's kind, services or fact labels)
                  + NAME_SIZE_UNIT × (token count of the shortest name holding the token, 0 when in no name)

    text = NAME_WEIGHT (token in a name, alias or English name) + SUMMARY_WEIGHT × repeats in the summary (≤ 3)
         + BODY_WEIGHT × repeats in the body (≤ 8) + FACET_WEIGHT (token in the facets)          (always < 100)

| weight          | value | | weight         | value | | weight          | value |
|-----------------|-------|-|----------------|-------|-|-----------------|-------|
| NAME_WEIGHT     | 60    | | SUMMARY_WEIGHT | 6 (≤3)| | BODY_WEIGHT     | 1 (≤8)|
| FACET_WEIGHT    | 6     | | FACET_FLAG     | 100   | | NAME_SIZE_UNIT  | 200   |
| NAME_KEY_WEIGHT | 60    | | WHOLE_KEY      | 2     | | IDF_SCALE       | 1000  |
| NAME_RUN        | 2     | | NAME_SIZE_CAP  | 60    | |                 |       |

A name key (pinyin, initials, ASCII word of a name) has weight 2 when it reads a whole name from its first
syllable (the query *is* that name), 1 when it starts later; a query word finds every key it begins.

Results are ordered by these, each deciding only among results equal in all before it:

| # | rule                   | means                                                                          | first  |
|---|------------------------|--------------------------------------------------------------------------------|--------|
| 1 | not a statement        | pages whose front matter lowers `search: boost` below 1 come last              | yes    |
| 2 | an item the query names| an item (place, route, story …) one of whose names (alias, English name) the   | yes    |
|   |                        | query is or contains whole: typed exactly, in traditional characters, or a     |        |
|   |                        | whole-name pinyin or initials key; never an overview (page, plan item)         |        |
| 3 | whole name             | token count of the longest whole name the query contains (the query *is* the   | larger |
|   |                        | name: all of it), so 长风公园 beats 长风公园北门驿站 for `长风公园`, `cfgy`        |        |
| 4 | name words             | query words in the names (a question's place before another place's facts)    | more   |
| 5 | need                   | query words in the kind (Chinese, English), services, fact labels, or the      | more   |
|   |                        | visitors' words for them (query_rules.SYNONYMS: 商场, toilet, 几点开门 …)         |        |
| 6 | nearest name           | token count of the shortest name holding a query word (the query covers more  | smaller|
|   |                        | of it): the station aliased 1690旗舰店 before a story titled 1690驿站：…          |        |
| 7 | not an overview        | items before hand-written pages and plan items                                 | yes    |
| 8 | text score             | Σ text × idf, idf = round(ln(1 + documents / documents holding the token) ×    | higher |
|   |                        | IDF_SCALE), times the page's boost                                             |        |
| 9 | index order            | the document's number                                                          | lower  |

Which documents are results: those holding every query word, those whose whole name the query contains (so
`顾正红纪念馆开放时间` finds the memorial whether or not its page gives hours), and those whose names hold NAME_RUN
query tokens in a row (so `造币博物馆开放时间` finds 上海造币博物馆, ranked by rule 4 above another museum's hours).
When there are none as typed, the query is rewritten (query_rules.py) and words no document holds are left out;
when still none holds every word, those holding the most words and those whose names hold any query word are shown.
"""
from __future__ import annotations

import itertools
import math
import re
from dataclasses import dataclass, field

from .query_rules import rewrite
from .tokens import HAN, fnv1a, tokens

NAME_WEIGHT, SUMMARY_WEIGHT, BODY_WEIGHT, FACET_WEIGHT = 60, 6, 1, 6
SUMMARY_CAP, BODY_CAP = 3, 8  # repeats beyond these add nothing
FACET_FLAG, NAME_SIZE_UNIT, NAME_SIZE_CAP = 100, 200, 60
WHOLE_KEY, PART_KEY = 2, 1  # a name key's weight: it reads a whole name, or a name from a later syllable on
NAME_KEY_WEIGHT = 60  # a name key's text weight (as a name token's)
IDF_SCALE = 1000
NAME_RUN = 2  # query tokens in a row found in a document's names (three Han characters) make it a result
_HAN_RUN = re.compile(f"[{HAN}]+")

# What meta.json carries, so the worker ranks by the same numbers.
RANKING = {"nameWeight": NAME_WEIGHT, "facetFlag": FACET_FLAG, "nameSizeUnit": NAME_SIZE_UNIT,
           "wholeKey": WHOLE_KEY, "nameKeyWeight": NAME_KEY_WEIGHT, "idfScale": IDF_SCALE,
           "nameSizeCap": NAME_SIZE_CAP, "nameRun": NAME_RUN}


def encode_weight(text: int, facet: bool, name_size: int) -> int:
    """One posting's weight from its parts (see the module's table)."""
    assert 0 < text < FACET_FLAG, text
    return text + FACET_FLAG * facet + NAME_SIZE_UNIT * min(name_size, NAME_SIZE_CAP)


@dataclass
class Hit:
    """What one document matched of a query."""

    words: set[int] = field(default_factory=set)  # the query tokens (by position) it holds
    score: int = 0
    name_words: int = 0
    name_positions: set[int] = field(default_factory=set)  # the query tokens (by position) found in its names
    facet_words: int = 0
    name_sizes: list[int] = field(default_factory=list)  # per query token in a whole name: that name's size


def whole_name(sizes: list[int]) -> int:
    """The token count of the longest whole name the query holds: the largest s with at least s query tokens in
    names of at most s tokens (0: none)."""
    best = 0
    for position, size in enumerate(sorted(sizes)):
        if position + 1 >= size:
            best = size
    return best


def longest_run(positions: set[int]) -> int:
    """The most query tokens in a row among `positions`."""
    return max((next(n for n in itertools.count(start) if n not in positions) - start
                for start in positions if start - 1 not in positions), default=0)


def idf(documents: int, holding: int) -> int:
    return math.floor(math.log(1 + documents / max(holding, 1)) * IDF_SCALE + 0.5)


def add_token(hits: dict[int, Hit], position: int, postings: dict[int, tuple[int, bool]], documents: int):
    """One query token's postings (doc -> (weight, from a name key)) into the hits."""
    weight_idf = idf(documents, len(postings))
    for doc, (weight, from_key) in postings.items():
        hit = hits.setdefault(doc, Hit())
        hit.words.add(position)
        if from_key:  # a pinyin / initials / word key of a name
            text, facet, size = NAME_KEY_WEIGHT, False, 1 if weight == WHOLE_KEY else 0
            in_name = True
        else:
            text, facet, size = weight % FACET_FLAG, weight // FACET_FLAG % 2 == 1, weight // NAME_SIZE_UNIT
            in_name = text >= NAME_WEIGHT
        hit.score += text * weight_idf
        hit.name_words += in_name
        if in_name:
            hit.name_positions.add(position)
        hit.facet_words += facet
        if size:
            hit.name_sizes.append(size)


def rank_key(doc: int, hit: Hit, meta: dict) -> tuple:
    """The module's table as a tuple: sorted largest first, the results are ranked."""
    boost = meta.get("boosts", {}).get(str(doc), 1)
    overview = is_overview(doc, meta)
    whole = whole_name(hit.name_sizes)
    nearest = min(hit.name_sizes, default=NAME_SIZE_CAP + 1)
    return (boost >= 1, not overview and whole > 0, whole, hit.name_words, hit.facet_words, -nearest, not overview,
            hit.score * boost, -doc)


def is_overview(doc: int, meta: dict) -> bool:
    return any(start <= doc < end for start, end in meta["overview"])


def _han(token: str) -> bool:
    return _HAN_RUN.fullmatch(token) is not None


def _unique(found: list[str]) -> list[str]:
    return list(dict.fromkeys(found))


class Index:
    """Index files (path under search/hm/ -> parsed JSON), read as the worker reads them."""

    def __init__(self, files: dict):
        self.files = files
        self.meta = files["meta.json"]

    def postings(self, token: str) -> dict[int, tuple[int, bool]]:
        found = {doc: (weight, False) for doc, weight in
                 decode(self.files.get(f"t/{fnv1a(token) % self.meta['termShards']}.json", {}).get(token)).items()}
        prefix = token[:2]
        if not _han(token) and len(token) >= 2 and f"|{prefix}|" in self.meta["keyShards"]:
            for key, entries in self.files.get(f"k/{prefix}.json", {}).items():
                if key.startswith(token):
                    for doc, weight in decode(entries).items():
                        whole = WHOLE_KEY if weight == WHOLE_KEY and key == token else PART_KEY
                        if doc not in found or found[doc][1] and found[doc][0] < whole:
                            found[doc] = (whole, True)
        return found

    def match(self, query_tokens: list[str], drop_unknown: bool = False) -> tuple[dict[int, Hit], list[str]]:
        lists = [self.postings(token) for token in query_tokens]
        if drop_unknown and any(lists):  # a word no page holds cannot narrow anything: leave it out
            query_tokens = [token for token, found in zip(query_tokens, lists, strict=True) if found]
            lists = [found for found in lists if found]
        hits: dict[int, Hit] = {}
        for position, found in enumerate(lists):
            add_token(hits, position, found, self.meta["docs"])
        return hits, query_tokens

    def url(self, doc: int) -> str:
        chunk = self.meta["chunk"]
        return self.files[f"d/{doc // chunk}.json"][doc % chunk][0]


def decode(postings: str | None) -> dict[int, int]:
    found, doc = {}, 0
    if not isinstance(postings, str):
        return found
    for entry in postings.split(","):
        delta, _, weight = entry.partition(":")
        doc += int(delta, 36)
        found[doc] = int(weight, 36) if weight else 1
    return found


def _candidates(hits: dict[int, Hit], size: int) -> list[int]:
    """Documents holding every query token, whose whole name the query holds, or whose names hold NAME_RUN query
    tokens in a row (造币博物馆开放时间 finds 上海造币博物馆)."""
    return [doc for doc, hit in hits.items() if len(hit.words) == size or whole_name(hit.name_sizes)
            or longest_run(hit.name_positions) >= NAME_RUN]


def search(files: dict, query: str) -> list[str]:
    """The URLs a query finds, best first: the reference for the worker's search() (same steps, same order)."""
    index = Index(files)
    query_tokens = _unique(tokens(query))
    if not query_tokens:
        return []
    hits, _ = index.match(query_tokens)
    candidates = _candidates(hits, len(query_tokens))
    latin = [token for token in query_tokens if not _han(token)]
    if not candidates and len(latin) > 1 and len(latin) == len(query_tokens):  # "ban ma" as "banma"
        query_tokens = ["".join(latin)]
        hits, _ = index.match(query_tokens)
        candidates = list(hits)
    if not candidates:  # as the site's words would say it, without words no page holds
        again, again_tokens = index.match(_unique(tokens(rewrite(query, files["q.json"]))), drop_unknown=True)
        if again and again_tokens:
            hits, query_tokens = again, again_tokens
            candidates = _candidates(hits, len(query_tokens))
    if not candidates:  # nothing has every word: those with the most, and those whose names hold a word
        most = max((len(hit.words) for hit in hits.values()), default=0)
        candidates = [doc for doc, hit in hits.items() if len(hit.words) == most or hit.name_words]
    ranked = sorted(candidates, key=lambda doc: rank_key(doc, hits[doc], index.meta),
                    reverse=True)
    return [index.url(doc) for doc in ranked]
