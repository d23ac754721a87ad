"""Strict, safe YAML reading that keeps every scalar as the text the editor wrote.

We never let YAML guess types: `NO`, `on`, `1690`, `010`, `9:30` and `2023-02-21`
all arrive as strings, and the typed models decide what a field means. We read
PyYAML's event stream ourselves so that we can refuse what editors should never
need (tags, anchors and aliases, several documents, duplicate keys, deep
nesting) and remember where every key and value stands for error messages.
"""
from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from .line_fields import Path_, dotted, field_paths
from .problems import MAX_LISTED_PER_FILE, Problem, unlisted

try:  # libyaml is much faster; the pure-Python parser gives the same events.
    _Loader = yaml.CSafeLoader
except AttributeError:  # pragma: no cover - depends on the PyYAML wheel
    _Loader = yaml.SafeLoader

# The largest data file today is about 20 KB and a story's Markdown may hold 20,000 characters (about 60 KB): a file
# past 1 MB is a mistake, and reading and listing it would cost seconds and gigabytes. Checked before reading.
MAX_FILE_BYTES = 1024 * 1024
MAX_DEPTH = 20
NULL_WORDS = {"", "~", "null", "Null", "NULL"}

# Characters that are invisible or reorder text: they hide what a value really says.
BIDI_CONTROLS = set("\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
INVISIBLE = set("\u200b\u2060\ufeff")

# Tabs, C0/C1 control characters (Unicode category Cc), bidi controls and invisible characters.
_SUSPECT = re.compile("[\t\x00-\x08\x0b-\x1f\x7f-\x9f" + "".join(sorted(BIDI_CONTROLS | INVISIBLE)) + "]")
_FULLWIDTH_KEY = re.compile(r"^[ \u3000\t]*(?:-[ \u3000]+)?(?:\"\w+\"|'\w+'|“\w+”|[A-Za-z_][A-Za-z0-9_]*)[ \u3000]*：")
_FULLWIDTH_COMMA_IN_FLOW = re.compile(r":\s*\[[^\]]*，")
_COMMENT_AFTER = re.compile(r"^[ \t]+#")


@dataclass
class Document:
    """One parsed file: plain data plus where each value and key was written."""

    path: str
    data: Any
    value_positions: dict[Path_, tuple[int, int]] = field(default_factory=dict)
    key_positions: dict[Path_, tuple[int, int]] = field(default_factory=dict)
    block_texts: set[Path_] = field(default_factory=set)  # texts written as `|` or `>` blocks: they start a line lower
    block_lines: dict[Path_, tuple[int, int]] = field(default_factory=dict)  # a block text's lines, 0-based [from, to)
    lines: list[str] = field(default_factory=list, repr=False)  # the file's text, line by line

    def position(self, loc: Path_, prefer_key: bool = False) -> tuple[int, int]:
        """Line and column for a field path, falling back to the nearest parent."""
        loc = tuple(loc)
        while True:
            first, second = (
                (self.key_positions, self.value_positions)
                if prefer_key
                else (self.value_positions, self.key_positions)
            )
            for table in (first, second):
                if loc in table:
                    return table[loc]
            if not loc:
                return (1, 1)
            loc = loc[:-1]
            prefer_key = False

    def problem(self, loc: Path_, zh: str, en: str, hint_zh: str = "", hint_en: str = "",
                prefer_key: bool = False, not_an_id: str = "") -> Problem:
        line, column = self.position(loc, prefer_key)
        return Problem(self.path, line, column, dotted(loc), zh, en, hint_zh, hint_en, not_an_id)


    def text_problem(self, loc: Path_, text_line: int, zh: str, en: str, hint_zh: str = "",
                     hint_en: str = "") -> Problem:
        """A problem at line `text_line` (from 0) of a text value, e.g. one paragraph of a description."""
        line, column = self.position(loc)
        if tuple(loc) in self.block_texts:
            line, column = line + 1 + text_line, 0
        return Problem(self.path, line, column, dotted(loc), zh, en, hint_zh, hint_en)


def read_limited(file: Path) -> tuple[bytes, int]:
    """(the file's first MAX_FILE_BYTES + 1 bytes, its size): never more is read, whatever its size says or it
    grows to while being read. Raises OSError."""
    with open(file, "rb") as handle:
        size = os.fstat(handle.fileno()).st_size
        if size > MAX_FILE_BYTES:
            return b"", size  # not read at all
        raw = handle.read(MAX_FILE_BYTES + 1)
    return raw, max(size, len(raw))


def too_large(size: int, display_path: str) -> Problem:
    return Problem(display_path, 0, 0, "", f"文件过大（{size:,} 字节，上限 {MAX_FILE_BYTES:,} 字节），没有读取。",
                   f"File too large ({size:,} bytes; the limit is {MAX_FILE_BYTES:,}); it was not read.",
                   "一个条目一个文件；长文请精简，或拆成几个条目。",
                   "One item per file; shorten long texts or split the item into several.")


def read_yaml(file: Path, display_path: str, fields_of=None) -> tuple[Document | None, list[Problem]]:
    """Read one YAML file. Returns (document, []) or (None, problems). `fields_of(loc)`, when given, names the fields
    the model allows at a location: an indentation hint then only moves a key to where it is a field."""
    try:
        raw, size = read_limited(file)
    except OSError as error:
        return None, [Problem(display_path, 0, 0, "", f"无法读取文件：{error.strerror}。",
                              f"Cannot read the file: {error.strerror}.")]
    if size > MAX_FILE_BYTES:
        return None, [too_large(size, display_path)]
    text, problems = decode(raw, display_path)
    if text is None:
        return None, problems
    problems = check_text(text, display_path)
    if problems:
        return None, problems
    return parse(text, display_path, fields_of)


def decode(raw: bytes, display_path: str) -> tuple[str | None, list[Problem]]:
    def fail(zh, en, hint_zh="", hint_en="", line=0, column=0):
        return None, [Problem(display_path, line, column, "", zh, en, hint_zh, hint_en)]

    if len(raw) > MAX_FILE_BYTES:
        return None, [too_large(len(raw), display_path)]
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")) or b"\x00" in raw[:4096]:
        return fail("文件是 UTF-16 编码（或含有 NUL 字节），只接受 UTF-8。",
                    "The file is UTF-16 encoded (or contains NUL bytes); only UTF-8 is accepted.",
                    "在编辑器中“另存为”并选择 UTF-8 编码。", "Save it again as UTF-8.")
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]  # a UTF-8 byte-order mark, as Windows Notepad writes it: harmless
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        before = raw[: error.start]
        line = before.count(b"\n") + 1
        column = len(before) - (before.rfind(b"\n") + 1) + 1
        field = ""
        for legacy, name in (("gbk", "GBK"), ("big5", "Big5")):  # the encodings Chinese Windows editors save in
            try:
                lines = raw.decode(legacy).split("\n")
            except UnicodeDecodeError:
                continue
            looks = (f"文件似乎是 {name} 编码（Windows 编辑器常见），只接受 UTF-8。",
                     f"The file looks {name}-encoded (as Windows editors often save it); only UTF-8 is accepted.")
            field = field_paths([ln.removesuffix("\r") for ln in lines])[line - 1]  # the key on that line
            break
        else:
            looks = ("文件不是有效的 UTF-8 编码。", "The file is not valid UTF-8.")
        return None, [Problem(display_path, line, column, field, *looks, "在编辑器中“另存为”并选择 UTF-8 编码。",
                              "Save it again as UTF-8.")]
    if not text.strip() or all(
        not ln.strip() or ln.lstrip().startswith("#") for ln in text.splitlines()
    ):
        return fail("文件为空。", "The file is empty.",
                    "填写内容，或删除这个文件。", "Add the content, or delete the file.")
    return text, []


def check_text(text: str, display_path: str) -> list[Problem]:
    """Problems that YAML would crash on or silently accept, found line by line."""
    problems = []
    lines = [line.removesuffix("\r") for line in text.split("\n")]
    paths = None  # worked out only when there is a problem to locate
    more = 0  # problems past the ones a file lists: counted, not built

    def add(line, column, zh, en, hint_zh, hint_en):
        nonlocal paths, more
        if len(problems) >= MAX_LISTED_PER_FILE:
            more += 1
            return
        paths = paths or field_paths(lines)
        problems.append(Problem(display_path, line, column, paths[line - 1], zh, en, hint_zh, hint_en))

    for number, line in enumerate(lines, start=1):
        for match in _SUSPECT.finditer(line):  # one regex pass; the loop runs only where there is a problem
            char, column = match.group(), match.start() + 1
            code = ord(char)
            if char == "\t":
                add(number, column, "含有制表符（Tab）。", "Contains a tab character.",
                    "请用空格代替 Tab。", "Use spaces instead of tabs.")
            elif char in BIDI_CONTROLS:
                add(number, column, f"含有改变文字方向的隐藏字符 U+{code:04X}。",
                    f"Contains a hidden bidirectional control character U+{code:04X}.",
                    "删除该字符（常由复制粘贴带入）。", "Delete it (it usually comes from copy and paste).")
            elif char in INVISIBLE:
                add(number, column, f"含有不可见字符 U+{code:04X}。",
                    f"Contains an invisible character U+{code:04X}.",
                    "删除该字符（常由复制粘贴带入）。", "Delete it (it usually comes from copy and paste).")
            else:
                add(number, column, f"含有控制字符 U+{code:04X}。",
                    f"Contains a control character U+{code:04X}.",
                    "删除该字符。", "Delete it.")
        indent = len(line) - len(line.lstrip(" \u3000"))
        if "\u3000" in line[:indent]:
            add(number, line.index("\u3000") + 1, "缩进中含有全角空格（U+3000）。",
                "The indentation contains a full-width space (U+3000).",
                "缩进只能用半角空格。", "Indent with ordinary spaces only.")
        if _FULLWIDTH_KEY.match(line):
            add(number, line.index("：") + 1, "字段名后用了全角冒号“：”。",
                "A full-width colon '：' follows the field name.",
                "改为半角冒号加空格“: ”。", "Use an ASCII colon and a space ': '.")
        if _FULLWIDTH_COMMA_IN_FLOW.search(line):
            add(number, line.index("，") + 1, "方括号列表中用了全角逗号“，”分隔。",
                "A full-width comma '，' separates items of a [ ] list.",
                "改为半角逗号“, ”，或把每项写成单独一行“- 项”。",
                "Use ASCII commas ', ', or write each item on its own '- item' line.")
    return problems + ([unlisted(display_path, more)] if more else [])


class _Builder:
    """Turns PyYAML events into plain data, noting positions and refusing what we forbid."""

    def __init__(self, text: str, display_path: str, advise: bool = True, fields_of=None):
        self.lines = text.split("\n")
        self.fields_of = fields_of
        self.advise = advise  # look for the re-indentation that fixes a slip (off while checking a proposed fix)
        self.doc = Document(display_path, None, lines=self.lines)
        self.problems: list[Problem] = []
        self.more = 0  # problems past the ones a file lists: counted, not built

    def add(self, mark, zh, en, hint_zh="", hint_en="", loc=()):
        if len(self.problems) >= MAX_LISTED_PER_FILE:
            self.more += 1
            return
        self.problems.append(Problem(self.doc.path, mark.line + 1, mark.column + 1, dotted(loc),
                                     zh, en, hint_zh, hint_en))

    def build(self, events) -> None:
        documents = 0
        for event in events:
            if isinstance(event, yaml.DocumentStartEvent):
                documents += 1
                if documents > 1:
                    self.add(event.start_mark, "一个文件里只能有一个 YAML 文档（发现了 “---” 分隔的第二个）。",
                             "A file may hold only one YAML document (found a second one after '---').",
                             "每个条目用一个单独的文件。", "Use one file per item.")
                    return
                self.doc.data = self.node(events, next(events), (), 1)
        if documents == 0:
            self.problems.append(Problem(self.doc.path, 0, 0, "", "文件为空。", "The file is empty."))

    def refuse_extras(self, event, loc) -> bool:
        if getattr(event, "anchor", None):
            self.add(event.start_mark, "不允许使用锚点“&”。", "Anchors ('&') are not allowed.",
                     "把内容直接写出来。", "Write the content out in full.", loc)
            return True
        if getattr(event, "tag", None) and not isinstance(event, yaml.AliasEvent):
            self.add(event.start_mark, f"不允许使用标签“{event.tag}”。", f"Tags ('{event.tag}') are not allowed.",
                     "删除以 “!” 开头的标签。", "Remove the tag starting with '!'.", loc)
            return True
        return False

    def node(self, events, event, loc, depth):
        self.doc.value_positions.setdefault(loc, (event.start_mark.line + 1, event.start_mark.column + 1))
        if depth > MAX_DEPTH:
            self.add(event.start_mark, f"嵌套层级过深（上限 {MAX_DEPTH} 层）。",
                     f"Nesting is too deep (the limit is {MAX_DEPTH} levels).", loc=loc)
            raise _Stop
        if isinstance(event, yaml.AliasEvent):
            self.add(event.start_mark, "不允许使用别名“*”。", "Aliases ('*') are not allowed.",
                     "把内容直接写出来。", "Write the content out in full.", loc)
            return None
        refused = self.refuse_extras(event, loc)
        if isinstance(event, yaml.ScalarEvent):
            return None if refused else self.scalar(event, loc)
        if isinstance(event, yaml.SequenceStartEvent):
            items = []
            while not isinstance(child := next(events), yaml.SequenceEndEvent):
                items.append(self.node(events, child, (*loc, len(items)), depth + 1))
            return items
        if isinstance(event, yaml.MappingStartEvent):
            return self.mapping(events, loc, depth)
        raise AssertionError(f"unexpected YAML event {event!r}")  # pragma: no cover

    def mapping(self, events, loc, depth):
        result: dict[str, Any] = {}
        while True:
            key_event = next(events)
            if isinstance(key_event, yaml.MappingEndEvent):
                return result
            if not isinstance(key_event, yaml.ScalarEvent):
                self.add(key_event.start_mark, "字段名必须是简单文字。", "A field name must be plain text.",
                         loc=loc)
                self.node(events, key_event, loc, depth + 1)  # skip the complex key
                self.node(events, next(events), loc, depth + 1)
                continue
            key = key_event.value
            key_loc = (*loc, key)
            position = (key_event.start_mark.line + 1, key_event.start_mark.column + 1)
            if key in result or key_loc in self.doc.key_positions:
                first = self.doc.key_positions[key_loc][0]
                self.add(key_event.start_mark, f"字段“{key}”重复出现（第一次在第 {first} 行）。",
                         f"Field '{key}' appears twice (first on line {first}).",
                         "删除其中一个。", "Delete one of them.", key_loc)
                self.node(events, next(events), (*loc, f"{key}(重复)"), depth + 1)
                continue
            self.doc.key_positions[key_loc] = position
            result[key] = self.node(events, next(events), key_loc, depth + 1)

    def joined_item(self, event, loc) -> None:
        """A text continued on a line that starts with "- ": a list item indented too far, joined to the item above
        (house style never continues a plain text on the next line, so the file would parse and lose the item)."""
        first = event.start_mark.line
        joined = next((n for n in range(first + 1, min(event.end_mark.line + 1, len(self.lines)))
                       if _LIST_ITEM.match(self.lines[n])), None)
        if joined is None or not _LIST_ITEM.match(self.lines[first]):
            return
        if not self.advise:
            self.problems.append(Problem(self.doc.path, joined + 1, 1, dotted(loc), "", ""))
            return
        fix = _reindent_fix(self.lines, joined, [joined, first], self.fields_of) or (joined, _indent(self.lines[first]))
        self.problems.append(_reindent_problem(self.doc.path, self.lines, *fix))

    def scalar(self, event, loc):
        value = event.value
        if event.style in ("|", ">"):
            self.doc.block_texts.add(loc)
            end = event.end_mark.line + (1 if event.end_mark.column else 0)
            self.doc.block_lines[loc] = (event.start_mark.line + 1, end)
        if event.style in (None, "") and event.end_mark.line > event.start_mark.line:
            self.joined_item(event, loc)
        if event.style in (None, ""):  # plain: the only style where YAML reads null or comments
            line = self.lines[event.end_mark.line] if event.end_mark.line < len(self.lines) else ""
            rest = line[event.end_mark.column:]
            if value and _COMMENT_AFTER.match(rest):
                self.add(event.end_mark, "“ #”后面的文字被当作注释丢掉了：" + rest.strip(),
                         "The text after ' #' was dropped as a comment: " + rest.strip(),
                         "如果 # 是内容的一部分，请给整个值加上引号；如果是注释，请放到单独一行。",
                         "If '#' belongs to the text, put the whole value in quotes; "
                         "if it is a comment, put it on its own line.", loc)
            if value in NULL_WORDS:
                return None
        return value


class _Stop(Exception):
    pass


def parse(text: str, display_path: str, fields_of=None) -> tuple[Document | None, list[Problem]]:
    builder = _Builder(text, display_path, fields_of=fields_of)
    try:
        builder.build(iter(yaml.parse(text, Loader=_Loader)))
    except _Stop:
        pass
    except yaml.MarkedYAMLError as error:
        builder.problems.append(_syntax_problem(error, text, display_path, fields_of))
    except yaml.YAMLError as error:  # pragma: no cover - reader errors are caught in decode()
        builder.problems.append(Problem(display_path, 0, 0, "", f"YAML 错误：{error}", f"YAML error: {error}"))
    if builder.more:
        builder.problems.append(unlisted(display_path, builder.more))
    if builder.problems:
        return None, builder.problems
    return builder.doc, []


_LINE_KEY = re.compile(r"^([ ]*)(?:-[ ]+)?([A-Za-z_][A-Za-z0-9_]*):(?:[ ]|$)")
_QUOTE_OPENED = re.compile(r"^[ ]*(?:-[ ]+)?(?:[A-Za-z_][A-Za-z0-9_]*:[ ]+)?(\"|')")


def _unclosed_quote(lines: list[str], upto: int) -> int | None:
    """The first line (0-based) before `upto` whose value opens a quote it does not close. House style never
    continues a quoted text on the next line, so such a line is where a later syntax error comes from."""
    for number, line in enumerate(lines[:upto + 1]):
        match = _QUOTE_OPENED.match(line)
        if not match:
            continue
        quote, rest = match.group(1), line[match.end():]
        closed = re.search(r'(?<!\\)"', rest.replace("\\\\", "")) if quote == '"' else re.search("'(?!')", rest.replace("''", ""))
        if not closed:
            return number
    return None


_TEXT_LINE_KEY = re.compile(r"^[ ]*([a-z_][a-z0-9_]*):(?:[ ]|$)")
_FENCE = re.compile(r"^[ ]*(```|~~~)")


def swallowed_keys(document: Document, fields_of) -> list[Problem]:
    """Lines of a `|` or `>` text that read `key:` for a field the item could have but does not: a key indented too
    far under the text, taken into it (the file parses, the field is gone and its line would be published).

    An error, not a notice: Chinese prose never starts a line with one of this item's English field names and an
    ASCII colon, while a missed slip silently drops a field. A text that really must say it can put the line in a
    fenced code block (```), which is not checked. `fields_of(loc)`: the field names the model allows at `loc`.
    """
    problems = []
    for loc, (first, end) in sorted(document.block_lines.items(), key=lambda item: item[1]):
        if not loc or not isinstance(loc[-1], str) or loc not in document.key_positions:
            continue
        parent, holder_indent = loc[:-1], document.key_positions[loc][1] - 1
        present = _value_at(document.data, parent)
        missing = set(fields_of(parent)) - set(present if isinstance(present, dict) else ())
        fenced = False
        for number in range(first, min(end, len(document.lines))):
            fenced ^= bool(_FENCE.match(document.lines[number]))
            match = _TEXT_LINE_KEY.match(document.lines[number])
            if fenced or not match or match.group(1) not in missing:
                continue
            key, name = match.group(1), loc[-1]
            problems.append(Problem(
                document.path, number + 1, 1, dotted((*parent, key)),
                f"“{name}”的正文里有一行“{key}:”：这像是缩进多了的字段 {key}，被当成了正文，字段本身没有读到。",
                f"A line of the text '{name}' reads '{key}:': the field {key} indented too far, read as part of "
                "the text (the field itself is missing).",
                f"把这一行的行首空格改为 {holder_indent} 个（与 {name} 对齐）。如果它确实是正文，请改写这一行。",
                f"Indent this line by {holder_indent} space(s), like {name}. If it really is text, reword the line."))
    return problems


def emptied_lists(document: Document, is_list) -> list[Problem]:
    """A `key:` with nothing under it, followed by a list whose "- " lines stand left of it, where the key names a
    list field of a group around it: the key indented too far (under the item above), so its list was read as more
    items of the list around it. `is_list(loc)`: whether the model's field at `loc` holds a list."""
    problems = []
    for loc, (line, column) in document.key_positions.items():
        if _value_at(document.data, loc) is not None:  # (first: the model is asked only about empty keys)
            continue
        meant = next((loc[:i] + loc[-1:] for i in range(len(loc) - 1, -1, -1) if is_list(loc[:i] + loc[-1:])), None)
        if meant is None:
            continue
        below = [n for n in range(line, len(document.lines))
                 if document.lines[n].strip() and not document.lines[n].lstrip().startswith("#")]
        if not below or not _LIST_ITEM.match(document.lines[below[0]]) or _indent(document.lines[below[0]]) >= column - 1:
            continue
        want, key = _indent(document.lines[below[0]]), loc[-1]
        problems.append(Problem(
            document.path, line, 1, dotted(meant),
            f"这一行的字段“{key}”缩进了 {column - 1} 个空格，它下面的列表（“- ”缩进 {want} 个空格）没有归到它名下。",
            f"'{key}' on this line is indented by {column - 1} space(s), so the list below it (its '- ' further "
            "left) does not belong to it.",
            f"把行首空格改为 {want} 个。", f"Indent it by {want} space(s)."))
    return problems


def _value_at(data: Any, loc: Path_) -> Any:
    for part in loc:
        try:
            data = data[part]
        except (KeyError, IndexError, TypeError):
            return None
    return data


_LIST_ITEM = re.compile(r"^([ ]*)-(?:[ ]|$)")
_SEARCHED_LINES = 4  # how far above the line PyYAML names a mis-indented line may be (it notices at the next line)


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(" "))


def _parses_with_key_on(text: str, number: int, fields_of=None) -> bool:
    """Whether the text parses and line `number` (0-based) is read as structure (a key or a list item's start),
    not swallowed into a text."""
    builder = _Builder(text, "", advise=False)
    try:
        builder.build(iter(yaml.parse(text, Loader=_Loader)))
    except (yaml.YAMLError, _Stop):
        return False
    if builder.problems:
        return False
    keys = {loc: line - 1 for loc, (line, _) in builder.doc.key_positions.items()}
    if fields_of and any(line == number and loc[-1] not in fields_of(loc[:-1]) for loc, line in keys.items()):
        return False  # a key moved where the model has no such field
    starts = set(keys.values())
    starts |= {line - 1 for loc, (line, _) in builder.doc.value_positions.items() if loc and isinstance(loc[-1], int)}
    return number in starts and not _swallowed_lines(builder.doc, text.split("\n"))


def _swallowed_lines(document: Document, lines: list[str]) -> list[int]:
    """0-based lines of block texts that read like a key at the block's own level (any `key:` line): a cheap test
    used only to make sure a proposed fix does not push a key into a text."""
    found = []
    for loc, (first, end) in document.block_lines.items():
        holder = document.key_positions.get(loc)
        for number in range(first, min(end, len(lines))):
            if holder and _LINE_KEY.match(lines[number]) and _indent(lines[number]) <= holder[1] - 1 + 2:
                found.append(number)
    return found


def _reindent_fix(lines: list[str], number: int, candidates: list[int] | None = None,
                  fields_of=None) -> tuple[int, int] | None:
    """(line, indentation) of the one re-indentation that makes the file parse, searching the key and list-item
    lines from the line PyYAML names up a few lines (a too-deep first key is noticed a line later), nearest
    indentation first, house style's even indentations before odd ones. Every proposal is parsed, so the advice,
    followed, gives a file YAML reads."""
    if candidates is None:
        candidates = [n for n in range(min(number, len(lines) - 1), -1, -1)
                      if _LINE_KEY.match(lines[n]) or _LIST_ITEM.match(lines[n])][:_SEARCHED_LINES]
    proposals = [(want % 2, rank, nearness, candidate, want) for rank, candidate in enumerate(candidates)
                 for nearness, want in enumerate(_indent_levels(lines, candidate))]
    for *_, candidate, want in sorted(proposals):
        if not _keeps_its_group(lines, candidate, want):
            continue
        fixed = lines[:candidate] + [" " * want + lines[candidate].lstrip(" ")] + lines[candidate + 1:]
        if _parses_with_key_on("\n".join(fixed), candidate, fields_of):
            return candidate, want
    return None


def _indent_levels(lines: list[str], number: int) -> list[int]:
    """The indentations line `number` could have, nearest first (the level of the line above before others)."""
    current = _indent(lines[number])
    above = [n for n in range(number - 1, -1, -1) if lines[n].strip() and not lines[n].lstrip().startswith("#")]
    previous = _indent(lines[above[0]]) + (2 if _LIST_ITEM.match(lines[above[0]]) else 0) if above else 0
    levels = {0, previous} | {_indent(lines[n]) for n in above} | {_indent(lines[n]) + 2 for n in above}
    return sorted(levels - {current}, key=lambda level: (abs(level - current), level != previous, level))


def _keeps_its_group(lines: list[str], number: int, want: int) -> bool:
    """Whether a `key:` line with no value, moved to `want`, still holds the lines under it (the next line is
    deeper, or a list at its own indentation): otherwise the move would leave the group empty and parse anyway."""
    key = _LINE_KEY.match(lines[number])
    if not key or lines[number][key.end():].strip() or _LIST_ITEM.match(lines[number]):
        return True
    below = [line for line in lines[number + 1:] if line.strip() and not line.lstrip().startswith("#")]
    if not below:
        return True
    return _indent(below[0]) > want or (_indent(below[0]) == want and bool(_LIST_ITEM.match(below[0])))


def _reindent_problem(display_path: str, lines: list[str], number: int, want: int) -> Problem:
    """The advice for one mis-indented line: where it is, how far it is indented, how far it should be."""
    indent, text = _indent(lines[number]), lines[number].lstrip(" ")
    if _LIST_ITEM.match(text):
        what_zh, what_en = "列表项“- ”", "The list item '- '"
    else:
        key = _LINE_KEY.match(text).group(2)
        what_zh, what_en = f"字段“{key}”", f"'{key}'"
    zh = f"这一行的{what_zh}缩进了 {indent} 个空格，应为 {want} 个，与它所属的那一组对齐。"
    en = f"{what_en} on this line is indented by {indent} space(s); it belongs at {want}, in line with its group."
    hint = (f"把行首空格改为 {want} 个。", f"Indent it by {want} space(s).")
    corrected = lines[:number] + [" " * want + text] + lines[number + 1:]
    return Problem(display_path, number + 1, 1, field_paths(corrected)[number], zh, en, *hint)


def _syntax_problem(error: yaml.MarkedYAMLError, text: str, display_path: str, fields_of=None) -> Problem:
    """A YAML syntax error located where the editor has to change something, with a hint that fixes that cause:
    an unclosed quote, a key without its colon, a ': ' inside a text, a line indented too far or not enough."""
    mark = error.problem_mark or error.context_mark
    detail = " ".join(str(part) for part in (error.context, error.problem) if part)
    lines = text.split("\n")
    number = mark.line if mark else 0
    opened = _unclosed_quote(lines, number)
    if opened is not None:
        return _unclosed_quote_problem(display_path, lines, opened, mark)
    if "could not find expected ':'" in detail and error.context_mark is not None:
        return _missing_colon_problem(display_path, lines, error.context_mark)
    hint = ("检查这一行及上一行的缩进和冒号。", "Check the indentation and colons on this line and the one before.")
    if "mapping values are not allowed" in detail and (key := _LINE_KEY.match(lines[number])) and mark.column > key.end():
        hint = ("这一行的文字里有“冒号加空格”（: ），YAML 把它当成了字段分隔。请给整段文字加上双引号，"
                "例如 title: \"标题: 副标题\"；或改用全角冒号“：”。",
                "The text on this line contains ': ', which YAML reads as a new field. Put the whole text in "
                "double quotes, e.g. title: \"Title: subtitle\", or use the full-width colon '：'.")
    elif mark and (fix := _reindent_fix(lines, number, fields_of=fields_of)) is not None:
        return _reindent_problem(display_path, lines, *fix)
    # PyYAML's words stay in the English part: an editor reading Chinese gets the cause in Chinese or nothing.
    return _located(display_path, lines, mark, number, mark.column + 1 if mark else 0,
                    "YAML 格式错误：这一行或上一行的缩进或冒号不对。", f"YAML syntax error: {detail}.", hint)


def _unclosed_quote_problem(display_path: str, lines: list[str], opened: int, mark) -> Problem:
    """The line whose quote is never closed, at that quote."""
    column = _QUOTE_OPENED.match(lines[opened]).end()
    quote = lines[opened][column - 1]
    return _located(display_path, lines, mark, opened, column, f"引号 {quote} 没有闭合。",
                    f"The quote {quote} is not closed.",
                    (f"在这一行文字的末尾补上 {quote}，或删除开头的 {quote}（文字里没有特殊符号时不需要引号）。",
                     f"Add {quote} at the end of this line's text, or delete the opening {quote}."))


def _missing_colon_problem(display_path: str, lines: list[str], key_mark) -> Problem:
    """A key without its colon, located at the key; its field is the one the key names, as it was meant."""
    number = key_mark.line
    meant = lines[:number] + [re.sub(r"^([ ]*(?:-[ ]+)?[A-Za-z_][A-Za-z0-9_]*)[ ]+", r"\1: ", lines[number], count=1)] \
        + lines[number + 1:]
    return _located(display_path, meant, key_mark, number, key_mark.column + 1,
                    "这一行的字段名后面缺少冒号。", "The field name on this line has no colon after it.",
                    ("在字段名后面加上半角冒号和一个空格，如 kind: museum。", "Add an ASCII colon and a space, e.g. kind: museum."))


def _located(display_path: str, lines: list[str], mark, number: int, column: int, zh: str, en: str,
             hint: tuple[str, str]) -> Problem:
    """The problem at line `number` (0-based) of `lines`, in the field that line belongs to; at the file itself
    when YAML gave no position."""
    field = field_paths(lines)[number] if 0 <= number < len(lines) else ""
    return Problem(display_path, number + 1 if mark else 0, column, field, zh, en, *hint)
