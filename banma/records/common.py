"""Parts shared by several kinds of record: sources and images."""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Annotated, Any

from pydantic import BaseModel, BeforeValidator, Field, PrivateAttr

from .fields import BoolText, PlainText, Slug, Strict, bilingual, described, string_schema
from .references import RefersTo

IMAGE_FOLDER = "docs/assets/images"
IMAGE_SUFFIXES = (".jpg", ".jpeg", ".png", ".webp")


# Photo names travel in URLs (the site's copies are named after them): only what a URL carries as it is.
IMAGE_NAME = r"^(?:[a-z0-9][a-z0-9._-]*/)*[a-z0-9][a-z0-9._-]*\.(?:jpe?g|png|webp)$"
RESERVED_IMAGE_FOLDER = "phone/"  # where the build writes the site's copies (pages/images.py)
RESERVED_IMAGE_NAME = "favicon.png"  # Material's own icon, published from that folder (mkdocs.yml exclude_docs)


def _image_path(value: Any) -> str:
    if not isinstance(value, str) or not value.strip():
        raise bilingual("应写图片文件名。", "Should be an image file name.")
    if ".." in value.split("/") or value.startswith("/") or "\\" in value:
        raise bilingual(f"图片路径“{value}”无效：只写 {IMAGE_FOLDER}/ 下的文件名。",
                        f"Image path '{value}' is invalid: give a file name under {IMAGE_FOLDER}/.")
    if not value.lower().endswith(IMAGE_SUFFIXES):
        raise bilingual(f"图片“{value}”的类型不被接受（只接受 JPG、PNG、WebP；SVG 可能含脚本，不接受）。",
                        f"Image '{value}' is not an accepted type (JPG, PNG or WebP only; SVG can carry script).")
    if not re.match(IMAGE_NAME, value) or value.startswith(RESERVED_IMAGE_FOLDER) or value == RESERVED_IMAGE_NAME:
        suggested = _url_safe_name(value)
        raise bilingual(f"图片文件名“{value}”含网址中不安全的字符：只能用小写英文字母、数字、连字符（-）、下划线（_）和点（.），"
                        f"以字母或数字开头（{RESERVED_IMAGE_FOLDER} 文件夹和 {RESERVED_IMAGE_NAME} 留给网站自己的图片）。",
                        f"The image file name '{value}' has characters a URL does not carry safely: use lowercase "
                        "ASCII letters, digits, hyphens (-), underscores (_) and dots (.) only, starting with a letter "
                        f"or digit (the folder {RESERVED_IMAGE_FOLDER} and {RESERVED_IMAGE_NAME} are kept for the site's "
                        "own images).",
                        f"把 {IMAGE_FOLDER}/ 中的文件改名，如 {suggested}，并在这里写新名字。",
                        f"Rename the file in {IMAGE_FOLDER}/, e.g. to {suggested}, and write the new name here.")
    return value


def _url_safe_name(value: str) -> str:
    """A name like `value` that the rule above accepts: for the hint."""
    stem, _, suffix = value.lower().rpartition(".")
    stem = "-".join(re.findall(r"[a-z0-9]+", stem.removeprefix(RESERVED_IMAGE_FOLDER))) or "photo"
    return f"{stem}.{suffix}"


ImagePath = Annotated[str, BeforeValidator(_image_path), string_schema(pattern=IMAGE_NAME)]


class Image(Strict):
    path: ImagePath = described(f"图片文件名（位于 {IMAGE_FOLDER}/ 下）Image file under {IMAGE_FOLDER}/")
    alt: PlainText = described("替代文字：图片内容的文字描述 Alt text describing the image")
    credit: PlainText = described("图片来源或作者 Credit: photographer or source")


@dataclass(frozen=True)
class SourcedBy:
    """Annotated metadata of a fact field: the field of the same record that names its source."""

    field: str


def fact_sources(model: type[BaseModel]) -> dict[str, str]:
    """Fact field -> the field naming its source, as the model declares them with SourcedBy."""
    return {name: meta.field for name, info in model.model_fields.items()
            for meta in info.metadata if isinstance(meta, SourcedBy)}


# What the editors' Markdown texts say about citing (records/citations.py), in their descriptions: the form's hint
# and the field tables show it.
CITE_IN_TEXT = ("；有两个以上来源时，每段末尾写上它依据的来源：【来源：来源编号】 With several sources, end each "
                "paragraph with the one it rests on: 【来源：source-id】")

# A source is cited by its id in the register (records/source.py, data/sources/).
SourceId = Annotated[Slug, RefersTo("sources")]
Sources = Annotated[list[SourceId], Field(min_length=1, description="来源：来源登记表中的编号，按页面上的编号顺序"
                                                                   "（至少一个）Sources: ids in the register, in the "
                                                                   "order the page numbers them; at least one")]
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
