"""Search documents -> the index files a browser fetches piece by piece (docs/assets/javascripts/search-worker.js).

A query downloads meta.json, one term shard per token (chosen by hash), one name-key shard per
Latin word (chosen by its first two letters) and the document chunks of its top results; never
the whole index. Every file is UTF-8 JSON.

    search/hm/meta.json       counts, shard count, chunk size
    search/hm/t/<n>.json      token -> postings "id[:weight],…" (ids delta-coded in base 36)
    search/hm/k/<ab>.json     name key (pinyin, initials, ASCII word) -> ids, for keys starting "ab"
    search/hm/d/<n>.json      documents n*CHUNK … : [url, title, kind, names, snippet, boost]
"""
from __future__ import annotations

import json
import math
from array import array
from collections import Counter, defaultdict

from ..memo import Memo, remembered
from .documents import KIND_ORDER, SearchDoc
from .query_rules import query_rules
from .tokens import name_keys, name_tokens, tokens

FOLDER = "search/hm"
VERSION = 1
CHUNK = 16  # documents per chunk file: a query fetches the chunks of its top results
SHARD_BYTES = 24_000  # target size of a term shard before gzip
SNIPPET = 100  # characters of summary (or body) kept for the result's text

NAME_WEIGHT, SUMMARY_WEIGHT, BODY_WEIGHT = 60, 6, 1
SUMMARY_CAP, BODY_CAP = 3, 8  # repeats beyond these add nothing


def fnv1a(text: str) -> int:
    """32-bit FNV-1a of the UTF-8 bytes: the browser computes the same to find a token's shard."""
    value = 0x811C9DC5
    for byte in text.encode("utf-8"):
        value = ((value ^ byte) * 0x01000193) & 0xFFFFFFFF
    return value


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
    weights = dict.fromkeys(set().union(*(name_tokens(name) for name in doc.names)), NAME_WEIGHT)
    get = weights.get
    for token, count in Counter(tokens(doc.summary)).items():
        weights[token] = get(token, 0) + SUMMARY_WEIGHT * min(count, SUMMARY_CAP)
    for token, count in Counter([token for text in doc.body for token in tokens(text)]).items():
        weights[token] = get(token, 0) + BODY_WEIGHT * min(count, BODY_CAP)
    return weights


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
    # Postings as flat arrays of 32-bit ints (doc, weight, …): millions of them at 5,000 items, where lists
    # of tuples would cost ten times the memory.
    terms: dict[str, array] = defaultdict(lambda: array("I"))
    keys: dict[str, array] = defaultdict(lambda: array("I"))
    for number, doc in enumerate(docs):
        content = ("weights", tuple(doc.names), doc.summary, tuple(doc.body))
        for token, weight in remembered(memo, content, _weights, doc).items():
            terms[token].extend((number, weight))
        for key in set().union(*(remembered(memo, ("keys", name), name_keys, name) for name in doc.names)):
            keys[key].extend((number, 1))
    encoded = {}
    for term in list(terms):
        entries = terms.pop(term)  # freed as they are encoded
        encoded[term] = remembered(memo, ("postings", term, entries.tobytes()), _postings, entries)
    size = sum(len(term.encode()) + len(postings) + 6 for term, postings in encoded.items())
    shard_count = max(1, math.ceil(size / SHARD_BYTES))
    shards: dict[int, dict[str, str]] = defaultdict(dict)
    for term, postings in sorted(encoded.items()):
        shards[fnv1a(term) % shard_count][term] = postings
    files = {f"{FOLDER}/t/{n}.json": _json(shards.get(n, {})) for n in range(shard_count)}
    key_shards: dict[str, dict[str, str]] = defaultdict(dict)
    for key, entries in sorted(keys.items()):
        key_shards[key[:2]][key] = remembered(memo, ("postings", key, entries.tobytes()), _postings, entries)
    files.update({f"{FOLDER}/k/{prefix}.json": _json(shard) for prefix, shard in key_shards.items()})
    for start in range(0, len(docs), CHUNK):
        files[f"{FOLDER}/d/{start // CHUNK}.json"] = _json(
            [[d.url, d.title, d.kind, d.names, _snippet(d), d.boost] for d in docs[start:start + CHUNK]])
    # The name-key shards that exist, as "|ab|cd|": the worker asks for no file that is not there.
    files[f"{FOLDER}/meta.json"] = _json({"version": VERSION, "docs": len(docs), "termShards": shard_count,
                                         "chunk": CHUNK, "kinds": _kinds_in_order({d.kind for d in docs}),
                                         "keyShards": "|" + "".join(f"{p}|" for p in sorted(key_shards))})
    # The query rules, fetched only for a query that finds nothing as typed (query_rules.py).
    text = "".join(term for term in encoded) + "".join(name for doc in docs for name in doc.names)
    files[f"{FOLDER}/q.json"] = _json(remembered(memo, ("rules", text), query_rules, text))
    if memo is not None:
        memo.keep_used()
    return files
