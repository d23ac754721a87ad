"""Photos reach the site only as re-encoded copies (no location, camera or description), downloads name those
copies, a photo the build cannot make stops it with the file named, and cached share cards are checked or made
again, never trusted: a tampered cache puts nothing into the site (QR codes are drawn from the URL alone)."""
import io
import json
import re
import struct

import pytest
import zxingcpp
from PIL import Image
from sitebuild import ROOT, build, page, project_with_data, shared_folder

from banma.pages import cards, qr
from banma.pages.images import prepare_images
from banma.records.loader import load_site
from banma.records.problems import DataError

FIXTURE_DATA = ROOT / "tests/fixtures/minimal/data"
PHOTO = "docs/assets/images/station-a.jpg"
# What the photo's metadata says, as text: none of it may reach any published file.
CAMERA, MODEL, DESCRIPTION, XMP_LATITUDE = b"TestCamMaker", b"SpyPhone9", b"secret-place-description", b"31,14.3417N"
XMP = (b'<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">'
       b'<rdf:Description xmlns:exif="http://ns.adobe.com/exif/1.0/" exif:GPSLatitude="' + XMP_LATITUDE
       + b'" exif:GPSLongitude="121,26.2542E"/></rdf:RDF></x:xmpmeta>')


def gps_photo() -> bytes:
    """A phone photo as phones save them: EXIF with GPS, camera and description (turned on its side), and XMP."""
    exif = Image.Exif()
    exif[0x010F], exif[0x0110], exif[0x010E] = CAMERA.decode(), MODEL.decode(), DESCRIPTION.decode()
    exif[0x0112] = 6  # orientation: rotate 90°
    gps = exif.get_ifd(0x8825)
    gps[1], gps[2], gps[3], gps[4] = "N", (31.0, 14.0, 20.5), "E", (121.0, 26.0, 15.25)
    buffer = io.BytesIO()
    Image.effect_noise((1600, 1200), 48).convert("RGB").save(buffer, "JPEG", exif=exif, xmp=XMP, quality=90)
    return buffer.getvalue()


def latitude_encodings(original: bytes) -> list[bytes]:
    """The latitude 31° 14' 20.5" as EXIF stores it (three rationals, either byte order), found in the original."""
    found = [struct.pack(order + "6L", 31, 1, 14, 1, 41, 2) for order in "<>"]
    assert any(encoding in original for encoding in found)  # the test would see it, were it published
    return found


def with_photo(project, content: bytes) -> None:
    (project / PHOTO).parent.mkdir(parents=True, exist_ok=True)
    (project / PHOTO).write_bytes(content)
    landmark = project / "data/landmarks/station-a.yaml"
    landmark.write_text(landmark.read_text(encoding="utf-8")
                        + "images:\n  - path: station-a.jpg\n    alt: 驿站外景\n    credit: 测试摄影\n", encoding="utf-8")


@pytest.fixture(scope="module")
def builds(tmp_path_factory):
    """The fixture with a GPS-tagged photo, built twice over one image cache: once fresh, once after every
    cached QR code and card was tampered with (a script appended, as an attacker with the cache would). Made once
    per run (sitebuild.shared_folder), however the tests are spread over workers."""
    base = shared_folder(tmp_path_factory, "photos", _build_twice)
    cached = [p for p in (base / "cache/banma-suhe").rglob("*") if p.is_file()]
    return (base / "project" / PHOTO).read_bytes(), base / "site", base / "site-again", cached


def _build_twice(base):
    project = project_with_data(base / "project", FIXTURE_DATA)
    original = gps_photo()
    with_photo(project, original)
    env = {"XDG_CACHE_HOME": str(base / "cache")}
    first = build(project, base / "site", env=env)
    assert first.returncode == 0, first.stderr
    cached = [p for p in (base / "cache/banma-suhe").rglob("*") if p.is_file()]
    assert any(p.parent.name == "cards" for p in cached)  # QR codes are drawn from the URL alone: no cache
    for path in cached:
        path.write_bytes(path.read_bytes() + b"<script>alert('cache')</script>")
    second = build(project, base / "site-again", env=env)
    assert second.returncode == 0, second.stderr


def site_files(site):
    return [p for p in site.rglob("*") if p.is_file()]


@pytest.mark.slow  # (the shared build above)
def test_a_gps_tagged_photo_leaves_no_location_in_any_published_file(builds):
    original, site, _, _ = builds
    assert Image.open(io.BytesIO(original)).getexif().get_ifd(0x8825)  # the photo does carry a position
    marks = [CAMERA, MODEL, DESCRIPTION, XMP_LATITUDE, b"xmpmeta", b"Exif\x00\x00", *latitude_encodings(original)]
    files = site_files(site)
    assert len(files) > 50
    for path in files:
        content = path.read_bytes()
        assert content != original, path
        assert not [mark for mark in marks if mark in content], path
    for path in (p for p in files if p.suffix.lower() in (".jpg", ".jpeg", ".png", ".webp")):
        with Image.open(path) as image:
            assert not image.getexif() and not {"exif", "xmp", "XML:com.adobe.xmp"} & set(image.info), path
    assert not list(site.rglob("station-a.jpg"))  # the original is not published at all


@pytest.mark.slow  # (the shared build above)
def test_photos_are_published_upright_as_phone_copies(builds):
    _, site, _, _ = builds
    copies = sorted((site / "assets/images/phone").glob("station-a-*.webp"))
    assert [p.name for p in copies] == ["station-a-480.webp", "station-a-960.webp"]
    with Image.open(copies[-1]) as image:
        assert image.size == (960, 1280)  # 1600 x 1200 as stored, 1200 x 1600 upright


@pytest.mark.slow  # (the shared build above)
def test_images_get_phone_sized_versions(builds):
    """(Moved from test_build.py to share this module's build: the same photo and caption, upright 1200 x 1600.)"""
    original, site, _, _ = builds
    built = page(site, "landmarks/station-a/")
    img = built.first("img", alt="驿站外景")
    assert img.attrs["srcset"] == ("../../assets/images/phone/station-a-480.webp 480w, "
                                   "../../assets/images/phone/station-a-960.webp 960w")
    assert (img.attrs["width"], img.attrs["height"]) == ("960", "1280") and img.attrs["loading"] == "lazy"
    for width in (480, 960):
        variant = site / "assets/images/phone" / f"station-a-{width}.webp"
        with Image.open(variant) as decoded:
            assert decoded.format == "WEBP" and decoded.width == width
        assert variant.stat().st_size < len(original)
    assert "驿站外景（图片：测试摄影）" in built.text


@pytest.mark.slow  # (the shared build above)
def test_downloads_name_only_published_photos(builds):
    _, site, _, _ = builds
    landmarks = json.loads((site / "downloads/landmarks.json").read_text(encoding="utf-8"))
    images = next(item["images"] for item in landmarks if item["id"] == "station-a")
    assert images == [{"path": "assets/images/phone/station-a-960.webp", "alt": "驿站外景", "credit": "测试摄影"}]
    assert (site / images[0]["path"]).is_file()
    schema = json.loads((site / "downloads/landmarks.schema.json").read_text(encoding="utf-8"))
    assert re.match(schema["$defs"]["Image"]["properties"]["path"]["pattern"], images[0]["path"])
    for download in (site / "downloads").glob("*"):
        assert b"station-a.jpg" not in download.read_bytes(), download


@pytest.mark.slow  # (the shared build above)
def test_a_tampered_cache_never_reaches_the_site(builds):
    _, site, again, cached = builds
    for path in site_files(again):
        assert b"alert('cache')" not in path.read_bytes(), path
    first = {p.relative_to(site): p.read_bytes() for p in site_files(site) if p.suffix in (".png", ".html")}
    second = {p.relative_to(again): p.read_bytes() for p in site_files(again) if p.suffix in (".png", ".html")}
    assert first.keys() == second.keys() and any(p.parts[:2] == ("assets", "cards") for p in first)
    assert [path for path in first if first[path] != second[path]] == []  # what was tampered with was made again
    for path in cached:  # and the cache entries were replaced
        assert b"alert('cache')" not in path.read_bytes(), path


def test_the_build_names_a_photo_it_cannot_make(tmp_path):
    project = project_with_data(tmp_path / "project", FIXTURE_DATA)
    with_photo(project, gps_photo())
    site = load_site(project)  # valid now; the file is cut short afterwards (the validator's check is the first line)
    whole = (project / PHOTO).read_bytes()
    (project / PHOTO).write_bytes(whole[: len(whole) // 2])
    with pytest.raises(DataError) as caught:
        prepare_images(site, project)
    problem, = caught.value.problems
    assert problem.path == PHOTO and "不完整" in problem.zh and "truncated" in problem.en
    assert PHOTO in caught.value.report()


def decoded_qr(svg: str) -> str:
    """The text a QR code SVG (segno's path: M x y, h length, m dx dy) encodes, read back with zxing."""
    size = int(re.search(r'viewBox="0 0 (\d+) ', svg).group(1)) // 4
    image = Image.new("L", (size * 8, size * 8), 255)
    path = re.search(r'stroke="#000" d="([^"]+)"', svg).group(1)
    x = y = 0.0
    for command, first, second in re.findall(r"([Mmh])(-?[\d.]+)(?: (-?[\d.]+))?", path):
        if command == "M":
            x, y = float(first), float(second)
        elif command == "m":
            x, y = x + float(first), y + float(second)
        else:
            image.paste(0, (int(x * 8), int((y - 0.5) * 8), int((x + float(first)) * 8), int((y + 0.5) * 8)))
            x += float(first)
    return zxingcpp.read_barcode(image).text


def test_qr_codes_are_drawn_from_the_url_alone():
    """No file is read to draw a code (tests/pages/test_qr.py holds them to segno's own, byte for byte)."""
    url = "https://banma-suhe.test/landmarks/station-a/"
    svg = str(qr.qr_svg(url))
    assert decoded_qr(svg) == url and re.fullmatch(r'<svg [^<>]*><g [^<>]*>(<path [^<>]*/>)+</g></svg>', svg)
    assert not hasattr(qr, "CACHE")


def test_a_cached_card_is_used_only_when_it_is_exactly_the_png_drawn(tmp_path, monkeypatch):
    monkeypatch.setattr(cards, "CACHE", tmp_path / "cards")
    if cards.find_font() is None:
        pytest.skip("no Chinese font on this machine: no cards are drawn")
    drawing = cards.card("landmarks/x/", "测试地标", "地标", "半马苏河", "banma-suhe.test")
    drawing.publish(tmp_path / "one")
    drawn = (tmp_path / "one" / drawing.path).read_bytes()
    other = cards.card("landmarks/y/", "另一个地标", "地标", "半马苏河", "banma-suhe.test").png()
    for tampered in (drawn + b"<script>alert(1)</script>", drawn[:-20], drawn[:40] + b"\0" + drawn[41:],
                     Image.new("RGB", (600, 315)).tobytes()[:5000]):
        drawing.cached.write_bytes(tampered)
        drawing.publish(tmp_path / "two")
        assert (tmp_path / "two" / drawing.path).read_bytes() == drawn
        assert drawing.cached.read_bytes() == drawn
    assert cards.is_our_png(other, drawing.size) and not cards.is_our_png(other, (192, 192))


def test_the_zensical_export_carries_only_the_copies(tmp_path):
    """scripts/build_zensical.py hands Zensical a docs/ folder of its own: the originals are not in it."""
    from banma.settings import Settings
    from macros.zensical import export

    project = project_with_data(tmp_path / "project", FIXTURE_DATA)
    with_photo(project, gps_photo())
    export(project, tmp_path / "zensical", Settings.from_environment())
    exported = [p.relative_to(tmp_path / "zensical/docs").as_posix()
                for p in (tmp_path / "zensical/docs/assets/images").rglob("*") if p.is_file()]
    assert sorted(exported) == ["assets/images/phone/station-a-480.webp", "assets/images/phone/station-a-960.webp"]
    assert "exclude_docs" not in (tmp_path / "zensical/mkdocs.yml").read_text(encoding="utf-8")
