"""QR codes (banma/pages/qr.py) are exactly the codes segno makes, byte for byte, and decode to their URL.

The reference is segno's own make() and svg_inline(), which picks the mask with the lowest penalty as
ISO/IEC 18004 asks: our faster path must pick the same mask and write the same SVG, at every version a URL can
need (versions 7 and up carry version information; long URLs reach them)."""
import random
import re
import string

import pytest
import segno
import zxingcpp
from PIL import Image

from banma.pages import qr

SVG_OPTIONS = dict(scale=4, border=2, dark="#000", light="#fff", svgclass="hm-qr__code", lineclass=None,
                   omitsize=True)


def urls(count: int, seed: int) -> list[str]:
    rng = random.Random(seed)
    alphabet = string.ascii_lowercase + string.digits + "/-._~"
    return ["https://" + "".join(rng.choice(alphabet) for _ in range(rng.choice((8, 30, 50, 70, 110, 180, 260))))
            for _ in range(count)]


def test_every_code_is_segnos_own():
    chosen = urls(120, seed=39) + ["https://banma-suhe.test/", "http://127.0.0.1:8000/landmarks/place-1/",
                                   "https://例子.中国/地标/长风公园/", "HELLO 123", "1"]
    versions, masks = set(), set()
    for url in chosen:
        code = segno.make(url, error="m", micro=False)
        versions.add(code.version)
        masks.add(code.mask)
        assert str(qr.qr_svg(url)) == code.svg_inline(**SVG_OPTIONS), url
    assert {1, 3, 5, 7, 10} <= versions  # small and large codes, with and without version information
    assert masks == set(range(8))  # every mask chosen somewhere: the penalty decides, as in segno


@pytest.mark.parametrize("url", ["https://banma-suhe.test/landmarks/station-a/",
                                 "https://example.github.io/banma-suhe/stories/a-long-story-name-of-some-length/"])
def test_a_code_reads_back_as_its_url(url):
    svg = str(qr.qr_svg(url))
    side = int(svg.split('viewBox="0 0 ', 1)[1].split(" ", 1)[0]) // 4
    image = Image.new("L", (side * 8, side * 8), 255)
    path = svg.split('stroke="#000" d="', 1)[1].split('"', 1)[0]
    x = y = 0.0
    for move, dx, dy, length in re.findall(r"([Mm])(-?[\d.]+) (-?[\d.]+)h(\d+)", path):
        x, y = (float(dx), float(dy)) if move == "M" else (x + float(dx), y + float(dy))
        image.paste(0, (int(x * 8), int((y - 0.5) * 8), int((x + float(length)) * 8), int((y + 0.5) * 8)))
        x += float(length)
    assert zxingcpp.read_barcode(image).text == url
