"""QR codes as inline SVG, made at build time (no outside service).

segno picks the mask with the lowest penalty, as ISO/IEC 18004 asks, which is most of the
cost; results are cached on disk by content so that rebuilds (`mkdocs serve`) are instant.
"""
from __future__ import annotations

import hashlib
import os

import segno
from markupsafe import Markup
from platformdirs import user_cache_path

CACHE = user_cache_path("banma-suhe") / "qr"  # outside the checkout: a build never writes into it
OPTIONS = dict(scale=4, border=2, dark="#000", light="#fff", svgclass="hm-qr__code", lineclass=None, omitsize=True)


def qr_svg(url: str) -> Markup:
    key = hashlib.sha256(f"{segno.__version__}|m|{sorted(OPTIONS.items())}|{url}".encode()).hexdigest()
    cached = CACHE / f"{key}.svg"
    try:
        svg = cached.read_text(encoding="utf-8")
        os.utime(cached)  # used now: the workflow drops cache entries unused for weeks
        return Markup(svg)
    except OSError:
        pass
    # segno writes only path data and fixed attributes; the URL is encoded as modules, never as text.
    svg = segno.make(url, error="m", micro=False).svg_inline(**OPTIONS)
    try:
        CACHE.mkdir(parents=True, exist_ok=True)
        partial = cached.with_suffix(f".{os.getpid()}.part")
        partial.write_text(svg, encoding="utf-8")
        partial.replace(cached)  # complete or absent, with workers and builds writing at once
    except OSError:
        pass  # a read-only cache still builds, just slower
    return Markup(svg)
