"""Phone-sized, compressed versions of the images data refers to, made at build time."""
from __future__ import annotations

import io
from dataclasses import dataclass
from pathlib import Path

from PIL import Image, ImageOps

from ..records.common import IMAGE_FOLDER
from ..records.site import Site

PHONE_WIDTHS = (480, 960)
OUTPUT_FOLDER = "assets/images/phone"


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


def referenced_images(site: Site) -> list[str]:
    records = [*site.landmarks.values(), *site.routes.values(), *site.stories.values()]
    return sorted({image.path for record in records for image in record.images})


def prepare_images(site: Site, root: Path) -> tuple[dict[str, ImageSet], dict[str, bytes]]:
    """(image path -> its phone versions, generated file path -> WebP bytes)."""
    sets: dict[str, ImageSet] = {}
    files: dict[str, bytes] = {}
    for path in referenced_images(site):
        with Image.open(root / IMAGE_FOLDER / path) as original:
            image = ImageOps.exif_transpose(original).convert("RGB")
        variants = []
        stem = path.rsplit(".", 1)[0]
        for width in PHONE_WIDTHS:
            if width > image.width and variants:
                break  # never enlarge
            scaled = image if width >= image.width else image.resize(
                (width, round(image.height * width / image.width)), Image.Resampling.LANCZOS)
            buffer = io.BytesIO()
            scaled.save(buffer, "WEBP", quality=78, method=6)
            url = f"{OUTPUT_FOLDER}/{stem}-{scaled.width}.webp"
            files[url] = buffer.getvalue()
            variants.append(Variant(url, scaled.width, scaled.height))
        sets[path] = ImageSet(tuple(variants))
    return sets, files
