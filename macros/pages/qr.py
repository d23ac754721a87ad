"""QR codes as inline SVG, made at build time (no outside service)."""
from __future__ import annotations

import segno
from markupsafe import Markup


def qr_svg(url: str, scale: int = 4) -> Markup:
    # segno writes only path data and the fixed attributes below; the URL is encoded as modules, not text.
    code = segno.make(url, error="m", micro=False)
    return Markup(code.svg_inline(scale=scale, border=2, dark="#000", light="#fff", svgclass="hm-qr__code",
                                  lineclass=None, omitsize=True))
