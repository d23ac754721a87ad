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

Path_ = tuple  # a field path: keys (str) and list indexes (int)


@dataclass
class Document:
    """One parsed file: plain data plus where each value and key was written."""

    path: str
    data: Any
    value_positions: dict[Path_, tuple[int, int]] = field(default_factory=dict)
    key_positions: dict[Path_, tuple[int, int]] = field(default_factory=dict)
    block_texts: set[Path_] = field(default_factory=set)  # texts written as `|` or `>` blocks: they start a line lower

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


def dotted(loc: Path_) -> str:
    return ".".join(str(part) for part in loc)


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


def read_yaml(file: Path, display_path: str) -> tuple[Document | None, list[Problem]]:
    """Read one YAML file. Returns (document, []) or (None, problems)."""
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
    return parse(text, display_path)


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


# A key as editors write it, slips included: in quotes, before a full-width colon (with or without a space after it).
_KEY = re.compile(r"""(?:["“](?P<dq>[A-Za-z_]\w*)["”]|'(?P<sq>[A-Za-z_]\w*)'|(?P<bare>[A-Za-z_][A-Za-z0-9_]*))"""
                  r"[ \t\u3000]*(?::(?=[ \t\u3000]|$)|：)")
_BLOCK_SCALAR = re.compile(r"[:：][ \t]*[|>][0-9+-]*[ \t]*(#.*)?$")


def field_paths(lines: list[str]) -> list[str]:
    """The field each line belongs to (e.g. "sources.0.title"), read from indentation alone.

    For problems found in the text before YAML can parse it (a tab, a full-width colon): the
    editor still learns which field to look at. Block-style YAML as editors write it; a guess,
    never used to read data.
    """
    stack: list[tuple[int, str | int]] = []  # (indent, key or list index)
    leaf = False  # the last key had its value on its own line: nothing can be nested under it
    block_indent = None  # inside a | or > block: its lines are text, not keys
    open_key = None  # indent of the previous line's key when it had no value: a list may follow at that indent
    paths = []
    for line in lines:
        stripped = line.lstrip(" \t\u3000")
        indent = len(line) - len(stripped)
        if block_indent is not None and (not stripped or indent > block_indent):
            paths.append(dotted(tuple(part for _, part in stack)))
            continue
        block_indent = None
        if not stripped or stripped.startswith("#"):
            paths.append(dotted(tuple(part for _, part in stack)))
            continue
        key_indent = indent
        if leaf and _KEY.match(stripped.lstrip("- \u3000")):  # a key deeper than a key with a value: a sibling slip
            stack.pop()
        while stripped.startswith("-") and stripped[1:2] in (" ", "\u3000", ""):
            while stack and stack[-1][0] > key_indent:
                stack.pop()
            if stack and stack[-1][0] == key_indent and isinstance(stack[-1][1], int):
                stack[-1] = (key_indent, stack[-1][1] + 1)
            else:
                if open_key != key_indent:
                    while stack and stack[-1][0] >= key_indent:
                        stack.pop()
                stack.append((key_indent, 0))
            open_key = None
            rest = stripped[1:].lstrip(" \u3000")
            key_indent += len(stripped) - len(rest)
            stripped = rest
        match = _KEY.match(stripped)
        open_key = None
        if match:
            while stack and stack[-1][0] >= key_indent:
                stack.pop()
            stack.append((key_indent, match.group("dq") or match.group("sq") or match.group("bare")))
            value = stripped[match.end():].strip()
            leaf = bool(value) and not value.startswith("#") and not _BLOCK_SCALAR.search(stripped)
            if not value or value.startswith("#"):
                open_key = key_indent
            if _BLOCK_SCALAR.search(stripped):
                block_indent = key_indent
        elif stripped.startswith("-"):
            leaf = False
        paths.append(dotted(tuple(part for _, part in stack)))
    return paths


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

    def __init__(self, text: str, display_path: str):
        self.lines = text.split("\n")
        self.doc = Document(display_path, None)
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

    def scalar(self, event, loc):
        value = event.value
        if event.style in ("|", ">"):
            self.doc.block_texts.add(loc)
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


def parse(text: str, display_path: str) -> tuple[Document | None, list[Problem]]:
    builder = _Builder(text, display_path)
    try:
        builder.build(iter(yaml.parse(text, Loader=_Loader)))
    except _Stop:
        pass
    except yaml.MarkedYAMLError as error:
        builder.problems.append(_syntax_problem(error, text, display_path))
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


def _misindented(lines: list[str], number: int) -> tuple[int, int, str] | None:
    """(its indentation, the indentation it should have, its key) when line `number` (0-based) is a `key:` line
    whose indentation matches no open level: deeper than the line before although that line already has its
    value (so nothing may nest under it), or between two levels."""
    match = _LINE_KEY.match(lines[number]) if number < len(lines) else None
    above = [i for i in range(number - 1, -1, -1) if lines[i].strip() and not lines[i].lstrip().startswith("#")]
    if not match or not above or not (before := _LINE_KEY.match(lines[above[0]])):
        return None
    indent = len(match.group(1))
    sibling = len(before.group(1)) + (2 if lines[above[0]].lstrip().startswith("- ") else 0)
    levels = {sibling} | {len(m.group(1)) + (2 if lines[i].lstrip().startswith("- ") else 0)
                          for i in above if (m := _LINE_KEY.match(lines[i])) and len(m.group(1)) < sibling}
    has_value = bool(lines[above[0]][before.end():].strip())
    if indent in levels or (indent > sibling and not has_value):
        return None
    return indent, sibling, match.group(2)


def _syntax_problem(error: yaml.MarkedYAMLError, text: str, display_path: str) -> Problem:
    """A YAML syntax error located where the editor has to change something, with a hint that fixes that cause."""
    mark = error.problem_mark or error.context_mark
    detail = " ".join(str(part) for part in (error.context, error.problem) if part)
    lines = text.split("\n")
    number = mark.line if mark else 0
    column = mark.column + 1 if mark else 0
    hint = ("检查这一行及上一行的缩进和冒号。", "Check the indentation and colons on this line and the one before.")
    zh, en = f"YAML 格式错误：{detail}。", f"YAML syntax error: {detail}."
    opened = _unclosed_quote(lines, number)
    too_far = _misindented(lines, number)
    if opened is not None:
        number, column = opened, _QUOTE_OPENED.match(lines[opened]).end()
        quote = lines[opened][column - 1]
        zh, en = f"引号 {quote} 没有闭合。", f"The quote {quote} is not closed."
        hint = (f"在这一行文字的末尾补上 {quote}，或删除开头的 {quote}（文字里没有特殊符号时不需要引号）。",
                f"Add {quote} at the end of this line's text, or delete the opening {quote}.")
    elif too_far is not None:
        indent, want, key = too_far
        zh = f"这一行的“{key}”缩进了 {indent} 个空格，与上面的字段对不齐（上一行已经写了值，下面不能再有子字段）。"
        en = f"'{key}' is indented by {indent} spaces, which lines up with no field above it."
        hint = (f"把行首空格改为 {want} 个，与上一行的字段对齐。", f"Indent it by {want} spaces, like the line before.")
        corrected = lines[:number] + [" " * want + lines[number].lstrip(" ")] + lines[number + 1:]
        return Problem(display_path, number + 1, 1, field_paths(corrected)[number], zh, en, *hint)
    elif "could not find expected ':'" in detail and error.context_mark is not None:
        number, column = error.context_mark.line, error.context_mark.column + 1
        zh, en = "这一行的字段名后面缺少冒号。", "The field name on this line has no colon after it."
        hint = ("在字段名后面加上半角冒号和一个空格，如 kind: museum。", "Add an ASCII colon and a space, e.g. kind: museum.")
        lines = lines[:number] + [re.sub(r"^([ ]*(?:-[ ]+)?[A-Za-z_][A-Za-z0-9_]*)[ ]+", r"\1: ", lines[number], count=1)] \
            + lines[number + 1:]  # as it was meant: the field it names
    elif "mapping values are not allowed" in detail and (key := _LINE_KEY.match(lines[number])) and mark.column > key.end():
        hint = ("这一行的文字里有“冒号加空格”（: ），YAML 把它当成了字段分隔。请给整段文字加上双引号，"
                "例如 title: \"标题: 副标题\"；或改用全角冒号“：”。",
                "The text on this line contains ': ', which YAML reads as a new field. Put the whole text in "
                "double quotes, e.g. title: \"Title: subtitle\", or use the full-width colon '：'.")
    field = field_paths(lines)[number] if 0 <= number < len(lines) else ""
    return Problem(display_path, number + 1 if mark else 0, column, field, zh, en, *hint)
