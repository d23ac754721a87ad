"""Search documents -> the index files a browser fetches piece by piece (docs/assets/javascripts/search-worker.js).

A query downloads meta.json, one term shard per token (chosen by hash), one name-key shard per
Latin word (chosen by its first two letters) and the document chunks of its top results; never
the whole index. Every file is UTF-8 JSON.

    search/hm/meta.json       counts, shard count, chunk size, the ranking's weights (ranking.py), which documents
                              are overviews (ranges) and which have a boost other than 1
    search/hm/t/<n>.json      token -> postings "id[:weight],…" (ids delta-coded in base 36; weights as ranking.py)
    search/hm/k/<ab>.json     name key (pinyin, initials, ASCII word) -> ids (weight 2: the key reads a whole name)
    search/hm/d/<n>.json      documents n*CHUNK … : [url, title, kind, names, snippet, boost]
"""
from __future__ import annotations

import json
import math
from array import array
from collections import Counter, defaultdict

from ..memo import Memo, remembered
from .documents import KIND_ORDER, OVERVIEW_KINDS, SearchDoc
from .query_rules import query_rules, visitor_words
from .ranking import (
    BODY_CAP,
    BODY_WEIGHT,
    FACET_FLAG,
    FACET_WEIGHT,
    NAME_WEIGHT,
    PART_KEY,
    RANKING,
    SUMMARY_CAP,
    SUMMARY_WEIGHT,
    WHOLE_KEY,
    encode_weight,
)
from .tokens import fnv1a, name_tokens, tokens, whole_name_keys

FOLDER = "search/hm"
VERSION = 2  # 2: weights carry the ranking's flags (ranking.py)
CHUNK = 16  # documents per chunk file: a query fetches the chunks of its top results
SHARD_BYTES = 24_000  # target size of a term shard before gzip
SNIPPET = 100  # characters of summary (or body) kept for the result's text


_DIGITS = "0123456789abcdefghijklmnopqrstuvwxyz"


def _slow_base36(number: int) -> str:
    text = ""
    while True:
        number, rest = divmod(number, 36)
        text = _DIGITS[rest] + text
        if not number:
            return text


_SMALL = [_slow_base36(n) for n in range(36 ** 3)]  # "0" … "zzz": ids and weights are nearly always below 46,656


def _base36(number: int) -> str:
    return _SMALL[number] if number < len(_SMALL) else _slow_base36(number)


def _postings(entries) -> str:
    """Flat doc, weight, doc, weight … in doc order -> "d,d:w,…" with each doc as the difference from the last."""
    out, last, small, count = [], 0, _SMALL, len(_SMALL)  # the hottest loop of the index: locals, no calls
    for doc, weight in zip(entries[::2], entries[1::2], strict=True):
        gap = doc - last
        text = small[gap] if gap < count else _slow_base36(gap)
        out.append(text if weight == 1 else f"{text}:{small[weight] if weight < count else _slow_base36(weight)}")
        last = doc
    return ",".join(out)


def _weights(doc: SearchDoc) -> dict[str, int]:
    """Token -> its posting's weight in this document (text weight, facet flag, name size: ranking.py)."""
    name_size: dict[str, int] = {}  # token -> token count of the shortest name holding it
    for name in doc.names:
        whole = set(tokens(name))
        for token in whole:
            name_size[token] = min(name_size.get(token, len(whole)), len(whole))
    text = dict.fromkeys(set().union(*(name_tokens(name) for name in doc.names)), NAME_WEIGHT)
    get = text.get
    for token, count in Counter(tokens(doc.summary)).items():
        text[token] = get(token, 0) + SUMMARY_WEIGHT * min(count, SUMMARY_CAP)
    for token, count in Counter([token for part in doc.body for token in tokens(part)]).items():
        text[token] = get(token, 0) + BODY_WEIGHT * min(count, BODY_CAP)
    facets = {token for facet in doc.facets for text in [facet, *visitor_words(facet)] for token in tokens(text)}
    for token in facets:
        text[token] = get(token, 0) + FACET_WEIGHT
    # Most tokens are in neither a facet nor a name, and encode_weight(weight, False, 0) is the weight itself: only
    # the others are encoded (a tenth of the tokens; tests/search/test_ranking.py holds encode_weight to that).
    assert 0 < min(text.values(), default=1) and max(text.values(), default=1) < FACET_FLAG, text
    encoded = dict(text)
    for token in facets | name_size.keys():
        encoded[token] = encode_weight(text[token], token in facets, name_size.get(token, 0))
    return encoded


def _key_weights(names: tuple[str, ...]) -> dict[str, int]:
    keys: dict[str, int] = {}
    for name in names:
        for key, whole in whole_name_keys(name).items():
            keys[key] = max(keys.get(key, PART_KEY), WHOLE_KEY if whole else PART_KEY)
    return keys


def _ranges(flags: list[bool]) -> list[list[int]]:
    """[start, end) of each run of True: the overview documents, compactly (pages first, plan items last)."""
    runs = []
    for number, flag in enumerate(flags):
        if flag and runs and runs[-1][1] == number:
            runs[-1][1] = number + 1
        elif flag:
            runs.append([number, number + 1])
    return runs


def _snippet(doc: SearchDoc) -> str:
    text = doc.summary or " ".join(" ".join(doc.body).split())
    return text if len(text) <= SNIPPET else text[:SNIPPET - 1] + "…"


def _json(value) -> bytes:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def _kinds_in_order(kinds: set[str]) -> list[str]:
    return sorted(kinds, key=lambda kind: (KIND_ORDER.index(kind) if kind in KIND_ORDER else len(KIND_ORDER), kind))


def build_index(docs: list[SearchDoc], memo: Memo | None = None) -> dict[str, bytes]:
    """Path (under the site root) -> file content. `memo` (preview rebuilds) keeps each text's tokens between
    builds, keyed by the text itself, so only changed documents are cut into tokens again."""
    terms, keys = _postings_of(docs, memo)
    encoded = _encoded(terms, memo)
    files, shard_count = _term_shards(encoded)
    key_shards = _key_shards(keys, memo)
    files.update({f"{FOLDER}/k/{prefix}.json": _json(shard) for prefix, shard in key_shards.items()})
    files.update(_chunks(docs))
    files[f"{FOLDER}/meta.json"] = _meta(docs, shard_count, key_shards)
    # The query rules, fetched only for a query that finds nothing as typed (query_rules.py).
    text = "".join(term for term in encoded) + "".join(name for doc in docs for name in doc.names)
    files[f"{FOLDER}/q.json"] = _json(remembered(memo, ("rules", text), query_rules, text))
    if memo is not None:
        memo.keep_used()
    return files


def _postings_of(docs: list[SearchDoc], memo: Memo | None) -> tuple[dict[str, array], dict[str, array]]:
    """Token -> its postings, and name key -> its postings, each as a flat array of 32-bit ints (doc, weight, …):
    millions of them at 5,000 items, where lists of tuples would cost ten times the memory."""
    terms: dict[str, array] = defaultdict(lambda: array("I"))
    keys: dict[str, array] = defaultdict(lambda: array("I"))
    for number, doc in enumerate(docs):
        content = ("weights", tuple(doc.names), doc.summary, tuple(doc.body), tuple(doc.facets))
        for token, weight in remembered(memo, content, _weights, doc).items():
            terms[token].extend((number, weight))
        for key, weight in remembered(memo, ("keys", tuple(doc.names)), _key_weights, tuple(doc.names)).items():
            keys[key].extend((number, weight))
    return terms, keys


def _encoded(terms: dict[str, array], memo: Memo | None) -> dict[str, str]:
    """Token -> its postings as the shard files write them; `terms` is emptied, each array freed once encoded."""
    encoded = {}
    for term in list(terms):
        entries = terms.pop(term)
        encoded[term] = remembered(memo, ("postings", term, entries.tobytes()), _postings, entries)
    return encoded


def _term_shards(encoded: dict[str, str]) -> tuple[dict[str, bytes], int]:
    """The term shard files (a token's shard chosen by its hash, as the browser finds it) and how many there are."""
    size = sum(len(term.encode()) + len(postings) + 6 for term, postings in encoded.items())
    shard_count = max(1, math.ceil(size / SHARD_BYTES))
    shards: dict[int, dict[str, str]] = defaultdict(dict)
    for term, postings in sorted(encoded.items()):
        shards[fnv1a(term) % shard_count][term] = postings
    return {f"{FOLDER}/t/{n}.json": _json(shards.get(n, {})) for n in range(shard_count)}, shard_count


def _key_shards(keys: dict[str, array], memo: Memo | None) -> dict[str, dict[str, str]]:
    """Name keys by their first two letters: prefix -> key -> postings."""
    key_shards: dict[str, dict[str, str]] = defaultdict(dict)
    for key, entries in sorted(keys.items()):
        key_shards[key[:2]][key] = remembered(memo, ("postings", key, entries.tobytes()), _postings, entries)
    return key_shards


def _chunks(docs: list[SearchDoc]) -> dict[str, bytes]:
    """The documents, CHUNK to a file, as a result list shows them."""
    return {f"{FOLDER}/d/{start // CHUNK}.json": _json([[d.url, d.title, d.kind, d.names, _snippet(d), d.boost]
                                                        for d in docs[start:start + CHUNK]])
            for start in range(0, len(docs), CHUNK)}


def _meta(docs: list[SearchDoc], shard_count: int, key_shards: dict) -> bytes:
    """meta.json (see the top of this file). The name-key shards that exist are listed as "|ab|cd|": the worker
    asks for no file that is not there."""
    return _json({"version": VERSION, "docs": len(docs), "termShards": shard_count,
                  "chunk": CHUNK, "kinds": _kinds_in_order({d.kind for d in docs}),
                  "keyShards": "|" + "".join(f"{p}|" for p in sorted(key_shards)),
                  "ranking": RANKING,
                  "overview": _ranges([d.kind in OVERVIEW_KINDS for d in docs]),
                  "boosts": {str(n): d.boost for n, d in enumerate(docs) if d.boost != 1}})
