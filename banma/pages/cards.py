"""Share cards (og:image) for every page, and the site's icons and web app manifest, drawn at build time.

A card shows the page's kind and title on the site's red, with the site's name: what a shared link
shows in WeChat, Weibo or a browser. Text needs a Chinese font the build machine has without network
access (Debian's fonts-noto-cjk, which scripts/setup.sh installs; or SITE_CARD_FONT). Without one,
no cards are made and the build warns. Cards are cached on disk by what they show (each cached file checked
before it is used: is_our_png), and drawn in worker processes (banma/rendering.py) while the generator renders pages.
"""
from __future__ import annotations

import hashlib
import json
import logging
import os
import textwrap
import zlib
from dataclasses import dataclass
from functools import cache, cached_property
from pathlib import Path

from platformdirs import user_cache_path

from ..settings import Settings

log = logging.getLogger(__name__)

CACHE = user_cache_path("banma-suhe") / "cards"
WIDTH, HEIGHT = 600, 315  # og:image at 1.91:1; messengers show it smaller still
RED, LIGHT = (0x9B, 0x1C, 0x1C), (0xFF, 0xFF, 0xFF)
FONT_CANDIDATES = (
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Bold.ttc",  # Debian fonts-noto-cjk
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc",  # Debian fonts-wqy-zenhei
    "/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf",
)
ICON_SIZES = (180, 192, 512)
VERSION = 3  # bump when the drawing or its encoding changes, to leave old cached cards behind
LEVELS = 16  # shades between the red and white: smooth edges in a 4-bit PNG, a third smaller than 8-bit


def card_path(url: str) -> str:
    """Where a page's card is published: 'landmarks/x/' -> 'assets/cards/landmarks--x.png'."""
    return "assets/cards/" + (url.strip("/").replace("/", "--") or "home") + ".png"


@cache
def find_font() -> str | None:
    chosen = Settings.read().card_font
    for path in ((chosen,) if chosen else FONT_CANDIDATES):
        if Path(path).is_file():
            return path
    return None


@cache
def _font(size: int):
    from PIL import ImageFont
    path = find_font()
    index = 2 if path.endswith("NotoSansCJK-Bold.ttc") or path.endswith("NotoSansCJK-Regular.ttc") else 0
    return ImageFont.truetype(path, size, index=index)  # index 2 of Noto Sans CJK is Simplified Chinese


if hasattr(os, "register_at_fork"):  # a forked worker loads its own fonts: an inherited one could share a file position
    os.register_at_fork(after_in_child=_font.cache_clear)


@cache
def _red_on_white_palette() -> list[int]:
    """LEVELS colours from the site's red (0) to white (LEVELS - 1), for text coverage."""
    return [int(a + (b - a) * level / (LEVELS - 1)) for level in range(LEVELS) for a, b in zip(RED, LIGHT, strict=True)]


_TO_LEVELS = [(value * (LEVELS - 1) + 127) // 255 for value in range(256)]  # coverage 0-255 -> nearest level


Line = tuple[str, int, int, int]  # text, x, y, font size


@dataclass(frozen=True)
class Drawing:
    """One image to draw: lines of text on the site's red. Small and picklable, so that any worker process can draw
    it (banma/workers.py); the drawn PNG is cached on disk by exactly what it shows (`cached`)."""

    path: str  # where it is published, e.g. "assets/cards/landmarks--x.png"
    lines: tuple[Line, ...]  # this image's own lines
    size: tuple[int, int]
    common: tuple[Line, ...] = ()  # lines many images share (a card's kind and footer): drawn once per process

    @cached_property  # asked for by the preview's check and by publish(): digested once
    def cached(self) -> Path:
        import PIL  # a new Pillow may draw differently
        shown = tuple(sorted(self.common + self.lines, key=lambda line: (line[2], line[1])))  # top to bottom
        key = f"{VERSION}|{PIL.__version__}|{find_font()}|{self.size}|{shown}"
        return CACHE / f"{hashlib.sha256(key.encode()).hexdigest()}.png"

    def png(self) -> bytes:
        from PIL import ImageDraw
        image = _background(self.size, self.common).copy()
        draw = ImageDraw.Draw(image)
        for text, x, y, font_size in self.lines:  # apart from the common lines: drawn in any order, the same pixels
            draw.text((x, y), text, font=_font(font_size), fill=255)
        return _png(self.size, image.point(_TO_LEVELS).tobytes("raw", "L;4"))  # two pixels a byte

    def publish(self, folder: Path) -> None:
        """Put the image at folder/path: from the cache when the cached file is exactly such a PNG (is_our_png),
        drawn (and cached) otherwise. The bytes checked are the bytes written."""
        target = folder / self.path
        target.parent.mkdir(parents=True, exist_ok=True)
        cached = self.cached
        try:
            content = cached.read_bytes()
        except OSError:
            content = b""
        if is_our_png(content, self.size):
            os.utime(cached)  # used now: the workflow drops cache entries unused for weeks
        else:  # absent, cut short, changed or planted: drawn again, and the cache entry replaced
            content = self.png()
            try:
                CACHE.mkdir(parents=True, exist_ok=True)
                partial = cached.with_suffix(f".{os.getpid()}.part")
                partial.write_bytes(content)
                partial.replace(cached)  # complete or absent, even with two builds at once
            except OSError:  # a read-only cache still builds, just slower
                pass
        target.write_bytes(content)


@cache
def _background(size: tuple[int, int], lines: tuple[Line, ...]):
    """The text coverage (one channel: fast to draw and to encode) of the lines many images share."""
    from PIL import Image, ImageDraw
    image = Image.new("L", size, 0)
    draw = ImageDraw.Draw(image)
    for text, x, y, font_size in lines:
        draw.text((x, y), text, font=_font(font_size), fill=255)
    return image


def _png(size: tuple[int, int], packed: bytes) -> bytes:
    """A 4-bit PNG of the site's red-to-white palette from rows of packed pixels. Written here rather than by Pillow:
    every row unfiltered (Pillow tries four filters a row) and run-length coded, which suits wide runs of one
    colour; the same pixels in about two thirds of Pillow's time, a few per cent larger."""
    width, height = size
    stride = (width + 1) // 2
    rows = b"".join(b"\0" + packed[start:start + stride] for start in range(0, stride * height, stride))
    deflate = zlib.compressobj(6, zlib.DEFLATED, 15, 9, zlib.Z_RLE)
    header = width.to_bytes(4, "big") + height.to_bytes(4, "big") + bytes((4, 3, 0, 0, 0))  # 4-bit palette
    chunks = ((b"IHDR", header), (b"PLTE", bytes(_red_on_white_palette())),
              (b"IDAT", deflate.compress(rows) + deflate.flush()), (b"IEND", b""))
    return PNG_SIGNATURE + b"".join(len(data).to_bytes(4, "big") + kind + data
                                    + zlib.crc32(kind + data).to_bytes(4, "big") for kind, data in chunks)


PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
OUR_CHUNKS = (b"IHDR", b"PLTE", b"IDAT", b"IEND")  # what png() writes: nothing else is accepted from the cache


def is_our_png(content: bytes, size: tuple[int, int]) -> bool:
    """Whether `content` is a PNG such as png() writes for this size: the signature, then IHDR (this width and
    height, 4-bit palette), the site's palette, image data and IEND, each chunk whole with its CRC right, and
    nothing after. A cached file is never trusted by its name alone."""
    if not content.startswith(PNG_SIGNATURE):
        return False
    chunks, position = [], len(PNG_SIGNATURE)
    while position < len(content) and (not chunks or chunks[-1][0] != b"IEND"):
        if position + 12 > len(content):
            return False
        length = int.from_bytes(content[position:position + 4], "big")
        kind, data = content[position + 4:position + 8], content[position + 8:position + 8 + length]
        crc = content[position + 8 + length:position + 12 + length]
        if len(data) != length or len(crc) != 4 or zlib.crc32(kind + data).to_bytes(4, "big") != crc:
            return False
        chunks.append((kind, data))
        position += 12 + length
    kinds = [kind for kind, _ in chunks]
    width, height = size
    header = width.to_bytes(4, "big") + height.to_bytes(4, "big") + bytes((4, 3, 0, 0, 0))  # 4-bit palette
    if not (position == len(content) and kinds[:2] == [b"IHDR", b"PLTE"] and kinds[-1] == b"IEND"
            and set(kinds[2:-1]) == {b"IDAT"} and chunks[0][1] == header
            and chunks[1][1] == bytes(_red_on_white_palette())):
        return False
    try:  # every row there: a filter byte and width 4-bit pixels
        pixels = zlib.decompress(b"".join(data for kind, data in chunks if kind == b"IDAT"))
    except zlib.error:
        return False
    return len(pixels) == height * (1 + (width * 4 + 7) // 8)


def card(url: str, title: str, kind: str, site_name: str, host: str) -> Drawing:
    """A page's share card: its kind, its title on up to three lines, and the site's name and host."""
    wrapped = textwrap.wrap(title, 14)  # 14 characters of 38 px fit the card's width
    lines = wrapped[:3]
    if len(wrapped) > 3:
        lines[-1] = lines[-1][:-1] + "…"
    common = ((kind, 40, 34, 22),) if kind else ()  # above the title, and the footer below it: they never overlap
    common += ((f"{site_name} · {host}", 40, HEIGHT - 56, 20),)
    own = tuple((line, 40, 78 + 48 * n, 38) for n, line in enumerate(lines))
    return Drawing(card_path(url), own, (WIDTH, HEIGHT), common)


def drawings(pages: list[tuple[str, str, str]], site_name: str, host: str) -> list[Drawing]:
    """(url, title, kind) of each page -> its card, and the site's icons; nothing (with a warning) without a
    Chinese font."""
    if find_font() is None:
        log.warning("没有找到中文字体，不生成分享卡片（og:image）：请安装 fonts-noto-cjk 或设置 SITE_CARD_FONT。"
                    "No Chinese font found, so no share cards (og:image): install fonts-noto-cjk or set SITE_CARD_FONT.")
        return []
    icons = [Drawing(icon_path(size), ((site_name[0], round(size * 0.18), round(size * 0.06), round(size * 0.64)),),
                     (size, size)) for size in ICON_SIZES]
    return [card(url, title, kind, site_name, host) for url, title, kind in pages] + icons


def icon_path(size: int) -> str:
    return f"assets/icons/icon-{size}.png"


def manifest(site_name: str, description: str, icons: bool) -> bytes:
    """The web app manifest, naming the icons when there are any."""
    found = {"name": site_name, "short_name": site_name, "description": description, "lang": "zh-CN",
             "start_url": "./", "scope": "./", "display": "browser", "background_color": "#ffffff",
             "theme_color": "#9b1c1c",
             "icons": [{"src": f"icons/icon-{size}.png", "sizes": f"{size}x{size}", "type": "image/png"}
                       for size in ICON_SIZES] if icons else []}
    return json.dumps(found, ensure_ascii=False, indent=1).encode("utf-8")
