"""Parts shared by several kinds of record: sources and images."""
from __future__ import annotations

from typing import Annotated, Any

from pydantic import BeforeValidator, Field, PrivateAttr, model_validator

from .fields import BoolText, HttpUrl, PlainText, Strict, TextDate, bilingual, described, string_schema

IMAGE_FOLDER = "docs/assets/images"
IMAGE_SUFFIXES = (".jpg", ".jpeg", ".png", ".webp")


def _image_path(value: Any) -> str:
    if not isinstance(value, str) or not value.strip():
        raise bilingual("应写图片文件名。", "Should be an image file name.")
    if ".." in value.split("/") or value.startswith("/") or "\\" in value:
        raise bilingual(f"图片路径“{value}”无效：只写 {IMAGE_FOLDER}/ 下的文件名。",
                        f"Image path '{value}' is invalid: give a file name under {IMAGE_FOLDER}/.")
    if not value.lower().endswith(IMAGE_SUFFIXES):
        raise bilingual(f"图片“{value}”的类型不被接受（只接受 JPG、PNG、WebP；SVG 可能含脚本，不接受）。",
                        f"Image '{value}' is not an accepted type (JPG, PNG or WebP only; SVG can carry script).")
    return value


ImagePath = Annotated[str, BeforeValidator(_image_path), string_schema(pattern=r"^[^/\\][^\\]*\.(jpe?g|png|webp)$")]


class Source(Strict):
    """Where a fact comes from. Every item cites at least one."""

    title: PlainText = described("来源标题 Title of the article or document")
    publisher: PlainText | None = described("发布机构或媒体 Publisher or outlet", default=None)
    date: TextDate | None = described("发布日期 Publication date (YYYY-MM-DD)", default=None)
    url: HttpUrl | None = described("网址 Link (http/https)", default=None)
    repost: BoolText = described("网址是转载而非原始出处 The link is a repost, not the original outlet",
                                 default=False)
    offline: PlainText | None = described(
        "线下来源（没有网址时必填）：印刷品或线下来源是什么、在哪里能查到 Offline source (without a link): what the "
        "print or offline source is, "
        "and where a reader can consult it", default=None)
    note: PlainText | None = described("说明 Note", default=None)

    @model_validator(mode="after")
    def _a_reader_can_find_it(self):
        if self.repost and not self.url:
            raise bilingual("标记为转载（repost: true）时必须给出网址。", "A repost (repost: true) needs its url.")
        if not self.url and not self.offline:
            raise bilingual("来源没有网址，读者无法核对。", "The source has no link, so a reader cannot check it.",
                            "写上网址（url）；确实是印刷品或线下来源时，在 offline 中写明是什么、在哪里能查到。",
                            "Add its url; for a print or offline source, say in offline what it is and where to "
                            "consult it.")
        if self.url and self.offline:
            raise bilingual("有网址的来源不写 offline。", "A source with a link has no offline note.",
                            "删除 offline，或删除网址。", "Remove offline, or the url.")
        return self


class Link(Strict):
    """A titled link, e.g. evidence for plan progress."""

    title: PlainText = described("链接标题 Link title")
    url: HttpUrl = described("网址 Link (http/https)")


class Image(Strict):
    path: ImagePath = described(f"图片文件名（位于 {IMAGE_FOLDER}/ 下）Image file under {IMAGE_FOLDER}/")
    alt: PlainText = described("替代文字：图片内容的文字描述 Alt text describing the image")
    credit: PlainText = described("图片来源或作者 Credit: photographer or source")


Sources = Annotated[list[Source], Field(min_length=1, description="来源（至少一个）Sources, at least one")]
Images = Annotated[list[Image], Field(default=[], description="图片 Images")]


class Item(Strict):
    """What every kind of item editors write has: the draft switch and, once loaded, its id and file."""

    draft: BoolText = described("草稿：为 true 时校验但不发布 Draft: validated, not published", default=False)

    _id: str = PrivateAttr("")
    _file: str = PrivateAttr("")

    @property
    def id(self) -> str:
        return self._id

    @property
    def file(self) -> str:
        return self._file
