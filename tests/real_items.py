"""Items of the real data/ that tests look at, picked by what they have, never by today's ids (editors rename
and add files; a test that names an id would break on the first rename)."""
from __future__ import annotations

from functools import cache

import data_reads
from sitebuild import ROOT

from banma.records.loader import load_site
from banma.records.site import Site


def records() -> Site:
    """The real data/, loaded once (each call counts as reading data/: tests/data_reads.py)."""
    data_reads.note("real_items.records()")
    return _loaded()


@cache
def _loaded() -> Site:
    return load_site(ROOT)


def _richest(records: dict, score) -> str:
    """The id of the record with the most of what the test needs (ties: the first id)."""
    return max(sorted(records), key=lambda record_id: score(records[record_id]))


def landmark() -> str:
    """A place page with as much as a place page shows: a position, a description, plan items, several sources."""
    return _richest(records().landmarks, lambda lm: (bool(lm.creek), bool(lm.description), bool(lm.plan_items),
                                                        len(lm.sources)))


def route() -> str:
    return _richest(records().routes, lambda r: (len(r.stops), bool(r.description)))


def story() -> str:
    return _richest(records().stories, lambda s: (bool(s.tags), bool(s.landmarks), len(s.body)))


def tag() -> str:
    """A tag some story carries (its filter page exists)."""
    return sorted({t for s in records().stories.values() for t in s.tags})[0]
