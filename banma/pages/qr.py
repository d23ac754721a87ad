"""QR codes as inline SVG, made at build time (no outside service).

segno picks the mask with the lowest penalty, as ISO/IEC 18004 asks, which is most of the cost. The cache
(outside the checkout) keeps only that choice, a digit from 0 to 7, keyed by what the code encodes: the SVG
placed in pages is always drawn here from the URL, never read back from a file, so a changed or planted cache
entry cannot put markup into a page or another address into a code. An entry that is not a mask is ignored
and written again.
"""
from __future__ import annotations

import hashlib
import os

import segno
from markupsafe import Markup
from platformdirs import user_cache_path

CACHE = user_cache_path("banma-suhe") / "qr"  # outside the checkout: a build never writes into it
OPTIONS = dict(scale=4, border=2, dark="#000", light="#fff", svgclass="hm-qr__code", lineclass=None, omitsize=True)
MASKS = frozenset("01234567")  # the eight QR code masks


def qr_svg(url: str) -> Markup:
    key = hashlib.sha256(f"{segno.__version__}|m|{url}".encode()).hexdigest()
    cached = CACHE / f"{key}.mask"
    mask = _cached_mask(cached)
    # segno writes only path data and fixed attributes; the URL is encoded as modules, never as text.
    code = segno.make(url, error="m", micro=False, mask=None if mask is None else int(mask))
    if mask is None:
        _store(cached, str(code.mask))
    return Markup(code.svg_inline(**OPTIONS))


def _cached_mask(cached) -> str | None:
    try:
        text = cached.read_text(encoding="ascii")
        os.utime(cached)  # used now: the workflow drops cache entries unused for weeks
    except (OSError, UnicodeDecodeError):
        return None
    return text if text in MASKS else None


def _store(cached, mask: str) -> None:
    try:
        CACHE.mkdir(parents=True, exist_ok=True)
        partial = cached.with_suffix(f".{os.getpid()}.part")
        partial.write_text(mask, encoding="ascii")
        partial.replace(cached)  # complete or absent, with workers and builds writing at once
    except OSError:
        pass  # a read-only cache still builds, just slower
