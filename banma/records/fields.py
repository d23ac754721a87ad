"""Field types shared by the models.

The YAML reader hands every scalar over as the text the editor wrote, so each
type here parses that text itself and explains a refusal in Chinese and
English. Nothing is coerced silently: `NO` is not false, `010` is not 8.
"""
from __future__ import annotations

import datetime as dt
import re
import unicodedata
from typing import Annotated, Any
from urllib.parse import urlsplit

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, WithJsonSchema
from pydantic_core import PydanticCustomError

from .markdown_rules import markdown_problems

SLUG_PATTERN = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"
# What scripts/new.py writes into every required value an editor still has to fill. Ids and links accept it
# too, so a new draft is valid as written; the validator refuses to publish an item that still holds it.
PLACEHOLDER = "【待填写】"
PLAN_ITEM_PATTERN = r"^[1-9][0-9]?-[1-9][0-9]?$"
_HTML_TAG = re.compile(r"<\s*/?\s*[A-Za-z!?]")


def bilingual(zh: str, en: str, hint_zh: str = "", hint_en: str = "", not_an_id: str = "") -> PydanticCustomError:
    return PydanticCustomError(
        "bilingual", "{en}", {"zh": zh, "en": en, "hint_zh": hint_zh, "hint_en": hint_en, "not_an_id": not_an_id}
    )


class Strict(BaseModel):
    """Base for every record: unknown fields are errors, nothing is reshaped."""

    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=False)


# Unicode categories no editor text may hold, however written (raw, or as a YAML escape such as "\u202E"):
# control (Cc, except the line feed of long text), format (Cf: bidi overrides, zero-width and invisible
# characters), private use (Co), surrogates (Cs), unassigned and noncharacters (Cn), line and paragraph
# separators (Zl, Zp). They hide or reorder what a value says, and several are not allowed in XML feeds.
FORBIDDEN_CATEGORIES = {"Cc": "控制字符 control character", "Cf": "不可见的格式字符 invisible format character",
                        "Co": "私用区字符 private-use character", "Cs": "代理码位 surrogate",
                        "Cn": "未分配或非字符码位 unassigned code point", "Zl": "行分隔符 line separator",
                        "Zp": "段分隔符 paragraph separator"}
LIMITS = {"name": 60, "quote": 200, "plain": 300, "long": 5_000, "markdown": 20_000, "id": 80, "url": 2_000}


def _check_characters(text: str) -> None:
    if text.replace("\n", "").isprintable():
        return  # the common case, decided in C: no control, format, private-use … character, no space but U+0020
    for column, char in enumerate(text, start=1):
        category = unicodedata.category(char)
        if category in FORBIDDEN_CATEGORIES and char != "\n":
            zh, en = FORBIDDEN_CATEGORIES[category].split(" ", 1)
            raise bilingual(f"第 {column} 个字符是{zh} U+{ord(char):04X}（Unicode 类别 {category}），不允许出现在文字中。",
                            f"Character {column} is a {en} U+{ord(char):04X} (Unicode category {category}), "
                            "which text may not contain.",
                            "删除该字符（常由复制粘贴或转义写法如 \\u202E 带入）。",
                            "Delete it (it usually comes from copy and paste, or an escape such as \\u202E).")


def _check_length(text: str, limit: int) -> None:
    if len(text) > limit:
        raise bilingual(f"太长：{len(text):,} 个字符，上限 {limit:,} 个。",
                        f"Too long: {len(text):,} characters; the limit is {limit:,}.",
                        "写得更简短；详细内容请写到 description 或 body。",
                        "Shorten it; put details in description or body.")


def _need_text(value: Any, limit: int = LIMITS["long"]) -> str:
    if isinstance(value, str):
        _check_length(value, limit)  # first: a huge value is refused before any costly check
        _check_characters(value)
        return value
    if value is None:
        raise bilingual("不能为空。", "Must not be empty.")
    kind = "列表 a list" if isinstance(value, list) else "字段组 a group of fields"
    zh, en = kind.split(" ", 1)
    raise bilingual(f"应为一段文字，这里却是{zh}。", f"Should be text, but is {en}.")


def _plain_text(value: Any, limit: int = LIMITS["plain"]) -> str:
    text = _need_text(value, limit)
    if not text.strip():
        raise bilingual("不能为空。", "Must not be empty.")
    if "\n" in text.strip():
        raise bilingual("应为一行文字，不能换行。", "Should be a single line of text.",
                        "删除换行，或把长内容写到 description / body。",
                        "Remove the line break, or move long text to description / body.")
    _refuse_html(text)
    return text


def _long_text(value: Any) -> str:
    text = _need_text(value)
    if not text.strip():
        raise bilingual("不能为空。", "Must not be empty.")
    _refuse_html(text)
    return text


def _refuse_html(text: str) -> None:
    if _HTML_TAG.search(text):
        raise bilingual("不允许 HTML 标签（如 <script>、<a>）。",
                        "HTML tags (such as <script> or <a>) are not allowed.",
                        "只写文字；需要的格式请用 Markdown。", "Write plain text; use Markdown for formatting.")


def _markdown(value: Any) -> str:
    # Markdown is checked token by token: `<b>` inside code is text, elsewhere it is refused.
    text = _need_text(value, LIMITS["markdown"])
    if not text.strip():
        raise bilingual("不能为空。", "Must not be empty.")
    problems = markdown_problems(text)
    if problems:
        zh, en = problems[0]
        raise bilingual(zh, en)
    return text


def _slug(value: Any) -> str:
    text = _need_text(value, LIMITS["id"])
    if text == PLACEHOLDER:
        return text
    if not re.match(SLUG_PATTERN, text):
        raise bilingual(f"“{text}”不是有效的编号：只能用小写英文字母、数字和连字符。",
                        f"'{text}' is not a valid id: use lowercase ASCII letters, digits and hyphens.",
                        "例如 gu-zhenghong-memorial。", "For example gu-zhenghong-memorial.", not_an_id=text)
    return text


def _plan_item_id(value: Any) -> str:
    text = _need_text(value)
    if not re.match(PLAN_ITEM_PATTERN, text):
        raise bilingual(f"“{text}”不是有效的计划条目编号。", f"'{text}' is not a valid plan item id.",
                        "格式为“部分-条目”，例如 1-1 表示第一部分第（一）条。",
                        "Use 'part-item', e.g. 1-1 for part one, item (一).")
    return text


def _date(value: Any) -> dt.date:
    text = _need_text(value)
    if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
        raise bilingual(f"“{text}”不是日期，格式应为 YYYY-MM-DD。",
                        f"'{text}' is not a date; write it as YYYY-MM-DD.", "例如 2023-02-21。", "E.g. 2023-02-21.")
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise bilingual(f"“{text}”不是真实存在的日期。", f"'{text}' is not a real calendar date.") from None


def _draft_date(value: Any) -> dt.date | str:
    """A required date a new draft leaves to fill (scripts/new.py): the placeholder is kept as text, and refused once
    the item is published (linking._check_publishable), like every other placeholder."""
    return PLACEHOLDER if value == PLACEHOLDER else _date(value)


def _bool(value: Any) -> bool:
    text = _need_text(value)
    if text not in ("true", "false"):
        raise bilingual(f"“{text}”应为 true 或 false。", f"'{text}' should be true or false.")
    return text == "true"


def _count(value: Any) -> int:
    text = _need_text(value)
    if not re.fullmatch(r"0|[1-9][0-9]{0,8}", text):
        raise bilingual(f"“{text}”应为整数（不以 0 开头）。",
                        f"'{text}' should be a whole number (without leading zeros).")
    return int(text)


def _number(value: Any) -> float:
    text = _need_text(value)
    if not re.fullmatch(r"(0|[1-9][0-9]{0,8})(\.[0-9]{1,3})?", text):
        raise bilingual(f"“{text}”应为数字，例如 21 或 1.69。", f"'{text}' should be a number, e.g. 21 or 1.69.")
    return float(text)


def _ordinal(value: Any) -> int:
    number = _count(value)
    if number < 1:
        raise bilingual("顺序从 1 开始。", "Order starts at 1.")
    return number


def _url(value: Any) -> str:
    text = _need_text(value, LIMITS["url"])
    if text == PLACEHOLDER:
        return text
    parts = urlsplit(text)
    if parts.scheme not in ("http", "https") or not parts.netloc or re.search(r"\s|[<>\"']", text):
        raise bilingual(f"“{text}”不是有效的网址：只接受 http:// 或 https:// 开头的完整链接。",
                        f"'{text}' is not a valid link: only full http:// or https:// addresses are accepted.")
    return text


def _phone(value: Any) -> str:
    text = _plain_text(value)
    if not re.fullmatch(r"[0-9+()\- ]{5,30}", text):
        raise bilingual(f"“{text}”不是电话号码：只能含数字、空格、+、-、括号。",
                        f"'{text}' is not a phone number: digits, spaces, + - ( ) only.")
    return text


def string_schema(**extra) -> WithJsonSchema:
    return WithJsonSchema({"type": "string", **extra})


PlainText = Annotated[str, BeforeValidator(_plain_text),
                      string_schema(minLength=1, maxLength=LIMITS["plain"], pattern=r"^[^\n]*\S[^\n]*$")]
QuoteText = Annotated[str, BeforeValidator(lambda value: _plain_text(value, LIMITS["quote"])),
                      string_schema(minLength=1, maxLength=LIMITS["quote"])]
NameText = Annotated[str, BeforeValidator(lambda value: _plain_text(value, LIMITS["name"])),
                     string_schema(minLength=1, maxLength=LIMITS["name"], pattern=r"^[^\n]*\S[^\n]*$")]
LongText = Annotated[str, BeforeValidator(_long_text), string_schema(minLength=1, maxLength=LIMITS["long"])]
MarkdownText = Annotated[str, BeforeValidator(_markdown),
                         string_schema(minLength=1, maxLength=LIMITS["markdown"], contentMediaType="text/markdown")]
# What the JSON Schemas (editors' tools) accept where the validator accepts the placeholder of a draft: one truth.
DRAFT_SLUG_PATTERN = f"^(?:{PLACEHOLDER}|{SLUG_PATTERN[1:-1]})$"
Slug = Annotated[str, BeforeValidator(_slug), string_schema(pattern=DRAFT_SLUG_PATTERN, maxLength=LIMITS["id"])]
PlanItemId = Annotated[str, BeforeValidator(_plan_item_id), string_schema(pattern=PLAN_ITEM_PATTERN)]
TextDate = Annotated[dt.date, BeforeValidator(_date), string_schema(format="date")]
DraftDate = Annotated[dt.date | str, BeforeValidator(_draft_date), string_schema(format="date")]
BoolText = Annotated[bool, BeforeValidator(_bool), WithJsonSchema({"type": "boolean"})]
# "x-text-pattern": the text a number must be written as (JSON Schema ignores unknown keywords; the web form uses it).
Count = Annotated[int, BeforeValidator(_count),
                  WithJsonSchema({"type": "integer", "minimum": 0, "x-text-pattern": "^(?:0|[1-9][0-9]{0,8})$"})]
Ordinal = Annotated[int, BeforeValidator(_ordinal), WithJsonSchema({"type": "integer", "minimum": 1})]
Number = Annotated[float, BeforeValidator(_number),
                   WithJsonSchema({"type": "number", "minimum": 0,
                                   "x-text-pattern": "^(?:0|[1-9][0-9]{0,8})(?:\\.[0-9]{1,3})?$"})]
HttpUrl = Annotated[str, BeforeValidator(_url), string_schema(format="uri", pattern=f"^(?:{PLACEHOLDER}$|https?://)",
                                                             maxLength=LIMITS["url"])]
Phone = Annotated[str, BeforeValidator(_phone), string_schema(pattern=r"^[0-9+()\- ]{5,30}$")]


def choice(*values: str):
    """One of a few fixed words (like Literal), or the placeholder a new file starts with (new.py): a draft with
    the choice still to make is valid; publishing refuses the placeholder."""
    def parse(value: Any) -> str:
        text = _need_text(value, LIMITS["id"])
        if text != PLACEHOLDER and text not in values:
            raise bilingual(f"“{text}”不是可选值之一：{'、'.join(values)}。",
                            f"'{text}' is not one of the choices: {', '.join(values)}.")
        return text
    return Annotated[str, BeforeValidator(parse), WithJsonSchema({"type": "string", "enum": [*values, PLACEHOLDER]})]


def label_of(description: str) -> str:
    """The Chinese name at the start of a description: “名称 Name” -> “名称”."""
    match = re.match(r"[^\s（(，,：:；]+", description or "")
    return match.group(0) if match else description


def described(description: str, **kwargs) -> Any:
    """A Field with its description (shown in JSON Schema and the editors' field table)."""
    return Field(description=description, **kwargs)
