"""Phone-sized, compressed versions of the images data refers to, made at build time.

These re-encoded WebP copies are the only form in which editors' photos are published: the originals in
docs/assets/images/ can carry where and with what they were taken (EXIF GPS, camera, description) and are
never copied to the site (mkdocs.yml's `exclude_docs`; scripts/build_zensical.py skips them too). Saving
the decoded pixels as WebP writes no EXIF, XMP or IPTC block.
"""
from __future__ import annotations

import io
from dataclasses import dataclass
from pathlib import Path

from PIL import Image

from ..records.common import IMAGE_FOLDER
from ..records.images import ImageFault, decoded
from ..records.kinds import KINDS
from ..records.problems import DataError, Problem
from ..records.site import Site

PHONE_WIDTHS = (480, 960)
OUTPUT_FOLDER = "assets/images/phone"
ORIGINALS = IMAGE_FOLDER.removeprefix("docs/") + "/"  # where the originals sit, as a path of docs/


@dataclass(frozen=True)
class Variant:
    url: str  # from the site root
    width: int
    height: int


@dataclass(frozen=True)
class ImageSet:
    variants: tuple[Variant, ...]  # smallest first

    @property
    def largest(self) -> Variant:
        return self.variants[-1]

    def srcset(self, root: str) -> str:
        return ", ".join(f"{root}{v.url} {v.width}w" for v in self.variants)


def is_original(docs_path: str) -> bool:
    """A file of docs/ (e.g. "assets/images/a.jpg") that is an editor's photo as uploaded: never published."""
    return docs_path.startswith(ORIGINALS) and not docs_path.startswith(OUTPUT_FOLDER + "/")


def referenced_images(site: Site) -> list[str]:
    return sorted({image.path for kind in KINDS for record in site.items(kind).values()
                   for image in getattr(record, "images", ())})


def prepare_images(site: Site, root: Path) -> tuple[dict[str, ImageSet], dict[str, bytes]]:
    """(image path -> its phone versions, generated file path -> WebP bytes). An image the build cannot make
    stops it with a problem naming the file (the validator refuses such files first; this is the backstop)."""
    sets: dict[str, ImageSet] = {}
    files: dict[str, bytes] = {}
    for path in referenced_images(site):
        where = f"{IMAGE_FOLDER}/{path}"
        try:
            sets[path] = _phone_versions(decoded((root / where).read_bytes(), path), path, files)
        except ImageFault as fault:
            raise DataError([Problem(where, 0, 0, "", *fault.problem)]) from None
        except (OSError, ValueError) as error:  # unreadable now, or an encoder's limit
            raise DataError([Problem(where, 0, 0, "", f"无法生成这张图片的手机版本：{error}",
                                     f"The phone versions of this image cannot be made: {error}",
                                     "用图片软件重新导出为 JPG 后再试。", "Export it again as a JPG and retry.")]) from None
    return sets, files


def _phone_versions(image: Image.Image, path: str, files: dict[str, bytes]) -> ImageSet:
    """The image at each phone width (never enlarged), as WebP: added to `files`."""
    variants = []
    stem = path.rsplit(".", 1)[0]
    for width in PHONE_WIDTHS:
        if width > image.width and variants:
            break  # never enlarge
        scaled = image if width >= image.width else image.resize(
            (width, round(image.height * width / image.width)), Image.Resampling.LANCZOS)
        buffer = io.BytesIO()
        scaled.save(buffer, "WEBP", quality=78, method=6)  # pixels only: no exif=, xmp= or icc_profile= given
        url = f"{OUTPUT_FOLDER}/{stem}-{scaled.width}.webp"
        files[url] = buffer.getvalue()
        variants.append(Variant(url, scaled.width, scaled.height))
    return ImageSet(tuple(variants))
