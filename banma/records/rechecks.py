"""One record's cross-file check, skipped in a preview rebuild when nothing it reads has changed.

A full load runs every check on every record. In `mkdocs serve --dirty` (banma/preview.py) the loader's memo
(banma/memo.py) hands back the very same record object for a data file whose bytes are unchanged, so a record's
problems from an earlier build stand when the record is that same object and what else the check read (`reads`:
the sources it looked up, their quotes) compares equal now. Otherwise, or without a memo, the check runs: the
same function as in a full load, so there is one data layer.
"""
from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from typing import Any

_ABSENT = object()


def checked(check, name: str, key: tuple[str, str], record, run: Callable[[], Any],
            reads: Callable[[Any], tuple]) -> None:
    """run() checks `record` (file `key`) and returns what it looked at beyond the record; reads(that) is what
    those things are now. A record's problems (and their count in `check.found`) are replayed when it is the
    same object and reads() is unchanged."""
    memo = getattr(check, "memo", None)
    if memo is None:
        run()
        return
    ran = []

    def fresh():
        start, before = len(check.problems), check.found.get(key, 0)
        looked = run()
        ran.append(True)
        # check.add counts only the record's own file: these checks never add a problem to another one.
        return record, looked, reads(looked), tuple(check.problems[start:]), check.found.get(key, 0) - before

    def unchanged(kept) -> bool:
        return kept[0] is record and reads(kept[1]) == kept[2]

    # The record itself is part of the value, so no other object can take its id while the entry is kept.
    kept = memo.get_if((name, key, id(record)), unchanged, fresh)
    if not ran:
        check.problems += kept[3]
        if kept[4]:
            check.found[key] = check.found.get(key, 0) + kept[4]


class LookedUp(Mapping):
    """A read-only view of a mapping that notes which keys a check asked for (to look up or test), so that
    `reads()` can compare just those; iterating or sizing it counts as reading everything."""

    def __init__(self, mapping: Mapping):
        self.mapping = mapping
        self.asked: dict = {}
        self.everything = False

    def __getitem__(self, key):
        self.asked[key] = None
        return self.mapping[key]

    def __contains__(self, key) -> bool:
        self.asked[key] = None
        return key in self.mapping

    def __iter__(self) -> Iterator:
        self.everything = True
        return iter(self.mapping)

    def __len__(self) -> int:
        self.everything = True
        return len(self.mapping)

    def noted(self) -> tuple:
        """What was asked for, to give to reads_in()."""
        return (self.everything, tuple(self.asked))


def reads_in(mapping: Mapping) -> Callable[[tuple], tuple]:
    """reads() for a check that looked things up in `mapping` through a LookedUp view: the values it found
    (the records themselves, compared by identity first, then by value), or the whole mapping."""
    def reads(noted: tuple) -> tuple:
        everything, asked = noted
        if everything:
            return tuple(mapping.items())
        return tuple(mapping.get(key, _ABSENT) for key in asked)
    return reads
