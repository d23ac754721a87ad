"""Values worked out by an earlier build of the same process, looked up by everything they depend on.

`mkdocs serve --dirty` keeps one per kind of work (banma/preview.py): the key holds the inputs themselves
(a file's bytes, a text, a posting list), so an edited input simply misses. Only what the last finished
build used is kept, so removed files and texts do not pile up.
"""
from __future__ import annotations

from collections.abc import Callable
from typing import Any

_NONE = object()


class Memo:
    def __init__(self) -> None:
        self._kept: dict = {}
        self._used: dict = {}

    def get(self, key, compute: Callable[..., Any], *arguments) -> Any:
        value = self._used[key] = self._kept[key] if key in self._kept else compute(*arguments)
        return value

    def get_if(self, key, still_valid: Callable[[Any], bool], compute: Callable[..., Any], *arguments) -> Any:
        """get(), but a kept value counts only when still_valid(value): for values that depend on more than
        the key can hold (records/rechecks.py)."""
        kept = self._kept.get(key, _NONE)
        value = self._used[key] = kept if kept is not _NONE and still_valid(kept) else compute(*arguments)
        return value

    def keep_used(self) -> None:
        """After a finished build: keep what it used, forget the rest."""
        self._kept, self._used = self._used, {}

    def __len__(self) -> int:
        return len(self._kept)


def remembered(memo: Memo | None, key, compute: Callable[..., Any], *arguments) -> Any:
    """compute(*arguments), from `memo` when there is one."""
    return compute(*arguments) if memo is None else memo.get(key, compute, *arguments)
