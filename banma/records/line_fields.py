"""The field each line of a YAML file belongs to (e.g. "sources.0.title"), guessed from indentation alone.

For problems found in the text before YAML can parse it (a tab, a full-width colon, a file in GBK) and for
indentation hints: the editor still learns which field to look at. Block-style YAML as editors write it, slips
included; a guess, never used to read data.
"""
from __future__ import annotations

import re

Path_ = tuple  # a field path: keys (str) and list indexes (int)

# A key as editors write it, slips included: in quotes, before a full-width colon (with or without a space after it).
_KEY = re.compile(r"""(?:["“](?P<dq>[A-Za-z_]\w*)["”]|'(?P<sq>[A-Za-z_]\w*)'|(?P<bare>[A-Za-z_][A-Za-z0-9_]*))"""
                  r"[ \t\u3000]*(?::(?=[ \t\u3000]|$)|：)")
_BLOCK_SCALAR = re.compile(r"[:：][ \t]*[|>][0-9+-]*[ \t]*(#.*)?$")


def dotted(loc: Path_) -> str:
    """A field path as problems show it: ("sources", 0, "title") -> "sources.0.title"."""
    return ".".join(str(part) for part in loc)


def field_paths(lines: list[str]) -> list[str]:
    """The field each line belongs to, line by line (a comment, a blank line or a line of a `|` text belongs to
    the field above it)."""
    scanner = _Scanner()
    return [scanner.read(line) for line in lines]


class _Scanner:
    """Reads lines top to bottom, keeping the open keys and list items as (indent, key or list index)."""

    def __init__(self) -> None:
        self.stack: list[tuple[int, str | int]] = []
        self.leaf = False  # the last key had its value on its own line: nothing can be nested under it
        self.block_indent: int | None = None  # inside a | or > block: its lines are text, not keys
        self.open_key: int | None = None  # indent of the previous line's key when it had no value: a list may
        # follow at that indent

    def path(self) -> str:
        return dotted(tuple(part for _, part in self.stack))

    def read(self, line: str) -> str:
        """The field of the next line."""
        stripped = line.lstrip(" \t\u3000")
        indent = len(line) - len(stripped)
        if self.block_indent is not None and (not stripped or indent > self.block_indent):
            return self.path()  # a line of a | or > text
        self.block_indent = None
        if not stripped or stripped.startswith("#"):
            return self.path()
        if self.leaf and _KEY.match(stripped.lstrip("- \u3000")):  # a key deeper than a key with a value: a slip
            self.stack.pop()
        stripped, key_indent = self._list_items(stripped, indent)
        self._key(stripped, key_indent)
        return self.path()

    def _list_items(self, stripped: str, key_indent: int) -> tuple[str, int]:
        """Each `- ` that starts the line opens a list item (`- - a` two): the rest of the line, and its indent."""
        while stripped.startswith("-") and stripped[1:2] in (" ", "\u3000", ""):
            self._item_at(key_indent)
            rest = stripped[1:].lstrip(" \u3000")
            key_indent += len(stripped) - len(rest)
            stripped = rest
        return stripped, key_indent

    def _item_at(self, indent: int) -> None:
        """A list item at `indent`: the next item of the list there, or the first of a new list."""
        self._close(indent, including=False)
        if self.stack and self.stack[-1][0] == indent and isinstance(self.stack[-1][1], int):
            self.stack[-1] = (indent, self.stack[-1][1] + 1)
        else:
            if self.open_key != indent:  # a list written level with its key belongs to that key
                self._close(indent, including=True)
            self.stack.append((indent, 0))
        self.open_key = None

    def _key(self, stripped: str, indent: int) -> None:
        """A key at `indent` (after any list markers) opens its field; its value says what may follow."""
        match = _KEY.match(stripped)
        self.open_key = None
        if not match:
            if stripped.startswith("-"):
                self.leaf = False
            return
        self._close(indent, including=True)
        self.stack.append((indent, match.group("dq") or match.group("sq") or match.group("bare")))
        value = stripped[match.end():].strip()
        block = bool(_BLOCK_SCALAR.search(stripped))
        self.leaf = bool(value) and not value.startswith("#") and not block
        if not value or value.startswith("#"):
            self.open_key = indent
        if block:
            self.block_indent = indent

    def _close(self, indent: int, including: bool) -> None:
        """Close the open fields deeper than `indent` (and, `including`, those at it)."""
        while self.stack and (self.stack[-1][0] > indent or (including and self.stack[-1][0] == indent)):
            self.stack.pop()
