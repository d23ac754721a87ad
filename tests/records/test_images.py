"""Photos the validator refuses before the build meets them, each located by file and field, in both languages:
files the build cannot decode or encode, decompression bombs, names a URL does not carry, and symlinks (under
data/ and docs/ alike: MkDocs would publish what a linked folder of docs/ holds)."""
import io
import os
import struct
import zlib

import pytest
from helpers import assert_located, only_problem, problems_of, write
from PIL import Image

from banma.records.loader import load_site

LANDMARK = "data/landmarks/museum-b.yaml"
IMAGES = "docs/assets/images"
BASE = "name: 测试博物馆乙\nkind: museum\nsummary: 简介\nsources:\n  - test-source\n"


def uses(project, *names):
    """museum-b names these photos; its `images` list starts on line 6, each path on line 7 + 3 * n."""
    listed = "".join(f"  - path: {name}\n    alt: 图\n    credit: 作者\n" for name in names)
    write(project, LANDMARK, BASE + "images:\n" + listed)


def photo_bytes(size=(800, 600), fmt="JPEG", mode="RGB") -> bytes:
    buffer = io.BytesIO()
    image = Image.effect_noise(size, 40).convert(mode) if mode == "RGB" else Image.linear_gradient(mode).resize(size)
    image.save(buffer, fmt, quality=85) if fmt == "JPEG" else image.save(buffer, fmt)
    return buffer.getvalue()


def png_header_only(width: int, height: int) -> bytes:
    """A tiny PNG that claims width x height pixels: what a decompression bomb looks like from outside."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
    header = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(b"\0" * 64)) + chunk(b"IEND", b"")


def test_a_valid_photo_passes(project):
    uses(project, "museum-b.jpg")
    write(project, f"{IMAGES}/museum-b.jpg", photo_bytes())
    assert load_site(project).landmarks["museum-b"].images[0].path == "museum-b.jpg"


def test_a_truncated_photo_is_refused_with_file_and_field(project):
    whole = photo_bytes((1200, 900))
    uses(project, "cut.jpg")
    write(project, f"{IMAGES}/cut.jpg", whole[: len(whole) * 2 // 3])  # an upload that stopped part-way
    Image.open(io.BytesIO(whole[: len(whole) * 2 // 3])).verify()  # what the old check ran: it passes
    assert_located(only_problem(project), LANDMARK, 7, "images.0.path", "不完整", "truncated")


def test_a_long_screenshot_past_the_webp_limit_is_refused(project):
    uses(project, "long-screenshot.jpg")
    write(project, f"{IMAGES}/long-screenshot.jpg", photo_bytes((1080, 20000), mode="L"))
    problem = only_problem(project)
    assert_located(problem, LANDMARK, 7, "images.0.path", "16383", "16383")
    assert "1080×20000" in problem.zh and "1080x20000" in problem.en and "WebP" in problem.en


@pytest.mark.parametrize("width,height", [(30000, 30000), (10000, 10000)])  # past twice Pillow's limit, and past it
def test_a_decompression_bomb_has_its_own_message(project, width, height):
    bomb = png_header_only(width, height)
    assert len(bomb) < 1000
    uses(project, "bomb.png")
    write(project, f"{IMAGES}/bomb.png", bomb)
    problem = only_problem(project)
    assert_located(problem, LANDMARK, 7, "images.0.path", "解压炸弹", "decompression bomb")
    assert f"{width * height:,}" in problem.en and "不是可读的" not in problem.zh


def test_a_large_but_plausible_photo_keeps_the_size_message(project):
    uses(project, "big.png")
    write(project, f"{IMAGES}/big.png", png_header_only(9000, 6000))  # 54 MP: under Pillow's bomb limit
    problem = only_problem(project)
    assert_located(problem, LANDMARK, 7, "images.0.path", "过大", "too large")
    assert "解压炸弹" not in problem.zh


def test_an_unused_broken_photo_is_named_by_its_file(project):
    whole = photo_bytes()
    write(project, f"{IMAGES}/left-over.jpg", whole[: len(whole) // 2])
    problem = only_problem(project)
    assert problem.path == f"{IMAGES}/left-over.jpg" and "不完整" in problem.zh and "truncated" in problem.en


@pytest.mark.parametrize("name", ["河边.jpg", "My Photo.jpg", "Photo.JPG", "photo#1.jpg", "photo?.png", "a%20b.jpg",
                                  "-dash.jpg", "_under.jpg", "sub/.hidden.jpg", "phone/x.jpg", "a//b.jpg"])
def test_photo_names_are_limited_to_what_urls_carry(project, name):
    uses(project, name)
    problem = only_problem(project)
    assert_located(problem, LANDMARK, 7, "images.0.path", "网址", "URL")
    assert name in problem.zh and name in problem.en  # the file is named
    assert "小写英文字母" in problem.zh and "lowercase ASCII letters" in problem.en
    suggested = problem.hint_en.split("e.g. to ")[1].split(",")[0]
    assert suggested in problem.hint_zh
    uses(project, suggested)  # the hint's name is one the rule accepts (the file is then missing, nothing else)
    assert "不存在" in only_problem(project).zh


def test_url_safe_names_in_subfolders_are_accepted(project):
    names = ["station_a-2.v2.jpg", "2024/park-east.webp", "2024/park-east-2.png"]
    uses(project, *names)
    write(project, f"{IMAGES}/station_a-2.v2.jpg", photo_bytes())
    write(project, f"{IMAGES}/2024/park-east.webp", photo_bytes(fmt="WEBP"))
    write(project, f"{IMAGES}/2024/park-east-2.png", photo_bytes(fmt="PNG"))
    assert [i.path for i in load_site(project).landmarks["museum-b"].images] == names


def test_two_photos_whose_copies_would_share_a_name(project):
    uses(project, "gate.jpg", "gate.png")
    write(project, f"{IMAGES}/gate.jpg", photo_bytes())
    write(project, f"{IMAGES}/gate.png", photo_bytes(fmt="PNG"))
    problem = only_problem(project)
    assert problem.path in (f"{IMAGES}/gate.jpg", f"{IMAGES}/gate.png") and "同名" in problem.zh


def test_a_symlinked_data_file_is_refused_and_not_read(project, tmp_path):
    outside = tmp_path / "outside.yaml"
    outside.write_text(BASE, encoding="utf-8")
    os.symlink(outside, project / "data/landmarks/linked.yaml")
    problem = only_problem(project)
    assert problem.path == "data/landmarks/linked.yaml"
    assert "符号链接" in problem.zh and "symbolic link" in problem.en and problem.hint_zh and problem.hint_en


def test_a_symlinked_data_folder_or_single_file_is_refused(project, tmp_path):
    os.rename(project / "data/stories", tmp_path / "stories")
    os.symlink(tmp_path / "stories", project / "data/stories")
    os.rename(project / "data/plan.yaml", tmp_path / "plan.yaml")
    os.symlink(tmp_path / "plan.yaml", project / "data/plan.yaml")
    linked = {p.path for p in problems_of(project) if "symbolic link" in p.en}
    assert linked == {"data/stories", "data/plan.yaml"}


def test_a_symlink_anywhere_in_docs_is_refused(project, tmp_path):
    secret = tmp_path / "outside"
    secret.mkdir()
    (secret / "id_rsa.txt").write_text("not for the site", encoding="utf-8")
    (project / "docs/guides/deep").mkdir(parents=True)
    os.symlink(secret, project / "docs/guides/deep/shared")
    os.symlink(secret / "id_rsa.txt", project / "docs/notes.txt")
    linked = {p.path for p in problems_of(project) if "符号链接" in p.zh}
    assert linked == {"docs/guides/deep/shared", "docs/notes.txt"}


def test_a_symlinked_image_folder_is_refused_where_it_is_used(project, tmp_path):
    gallery = tmp_path / "gallery"
    gallery.mkdir()
    (gallery / "a.jpg").write_bytes(photo_bytes())  # a good photo: only the link is wrong
    (project / IMAGES).mkdir(parents=True)
    os.symlink(gallery, project / IMAGES / "gallery")
    uses(project, "gallery/a.jpg")
    problems = problems_of(project)
    assert {(p.path, p.field) for p in problems} == {(LANDMARK, "images.0.path"), (f"{IMAGES}/gallery", "")}
    assert all("符号链接" in p.zh and "symbolic link" in p.en for p in problems)


def test_a_symlinked_photo_is_refused(project, tmp_path):
    outside = tmp_path / "a.jpg"
    outside.write_bytes(photo_bytes())
    (project / IMAGES).mkdir(parents=True)
    os.symlink(outside, project / IMAGES / "a.jpg")
    uses(project, "a.jpg")
    problems = problems_of(project)
    assert {(p.path, p.field) for p in problems} == {(LANDMARK, "images.0.path"), (f"{IMAGES}/a.jpg", "")}
