"""Editors' photos (docs/assets/images/), checked by content before the build sees them.

Every photo is decoded whole, as the build decodes it (banma/pages/images.py calls `decoded` too), so what the
validator passes the build can make: no truncated file, no side past WebP's limit, no decompression bomb.
A symlink in the folder is refused: it would bring in a file from elsewhere, unchecked.
"""
from __future__ import annotations

import hashlib
import io
import re
import warnings
from pathlib import Path

from .closeness import edit_distance
from .common import IMAGE_FOLDER, IMAGE_NAME, RESERVED_IMAGE_FOLDER
from .kinds import KINDS
from .problems import Problem
from .yaml_reader import read_limited

MAX_IMAGE_BYTES = 5 * 1024 * 1024
RASTER_FORMATS = {"JPEG": (".jpg", ".jpeg"), "PNG": (".png",), "WEBP": (".webp",)}
MAX_PIXELS = 40_000_000  # larger images are refused: they are mistakes or decompression bombs
WEBP_MAX_SIDE = 16383  # the WebP format's limit: the phone copies are WebP
MIN_WIDTH = 480  # the smaller phone size the build makes

TOO_BIG = ("图片超过 5 MB。", "The image is larger than 5 MB.", "请先压缩或缩小图片。", "Compress or resize it first.")
NOT_AN_IMAGE = ("文件内容不是可读的 JPG、PNG 或 WebP 图片（SVG、HTML 等可含脚本的文件不能发布）。",
                "The file is not a readable JPG, PNG or WebP image (SVG, HTML and other files that can hold "
                "scripts are never published).",
                "用图片软件重新导出为 JPG 或 PNG。", "Export it again as JPG or PNG.")
SYMLINK = ("这是一个符号链接（快捷方式），不是文件本身：它指向的内容不会被检查，不能发布。",
           "This is a symbolic link, not the file itself: what it points to is not checked and cannot be published.",
           "把链接换成它指向的文件（或文件夹）本身。", "Replace the link with the file (or folder) it points to.")


_PIXELS = re.compile(r"\((\d+) pixels\)")  # Pillow's message: "Image size (N pixels) exceeds limit of ..."


class ImageFault(Exception):
    """Why a photo cannot be made into the site's copies: (zh, en, hint_zh, hint_en)."""

    def __init__(self, zh: str, en: str, hint_zh: str = "", hint_en: str = ""):
        super().__init__(en)
        self.problem = (zh, en, hint_zh, hint_en)


def _bomb(error: Exception) -> ImageFault:
    from PIL import Image

    found = _PIXELS.search(str(error))
    zh, en = ((f"{int(found.group(1)):,}",) * 2 if found
              else (f"超过 {Image.MAX_IMAGE_PIXELS:,}", f"more than {Image.MAX_IMAGE_PIXELS:,}"))
    return ImageFault(f"图片声称有 {zh} 像素，远超可处理的大小：这是“解压炸弹”式的文件（很小的文件解开后占满内存）。",
                      f"The image claims {en} pixels, far beyond what can be processed: a decompression bomb "
                      "(a small file that expands to fill the memory).",
                      "用图片软件重新导出为 4000 像素宽以内的 JPG。", "Export it again as a JPG at most 4000 pixels wide.")


def _opened(content: bytes, name: str):
    """The image, opened (header only) and its format and size checked against its name and the limits."""
    from PIL import Image, UnidentifiedImageError

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)  # past MAX_IMAGE_PIXELS: refused
            image = Image.open(io.BytesIO(content))
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as error:
        raise _bomb(error) from None
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError):
        raise ImageFault(*NOT_AN_IMAGE) from None
    kind, (width, height) = image.format, image.size
    if kind not in RASTER_FORMATS or not name.lower().endswith(RASTER_FORMATS[kind]):
        raise ImageFault(f"文件扩展名与内容（{kind}）不符。", f"The file name does not match its content ({kind}).",
                         "按实际格式改扩展名。", "Rename it to match its format.")
    if max(width, height) > WEBP_MAX_SIDE:
        raise ImageFault(f"图片的一边超过 {WEBP_MAX_SIDE} 像素（{width}×{height}），网站的 WebP 图片做不出来。",
                         f"A side of the image is longer than {WEBP_MAX_SIDE} pixels ({width}x{height}): the site's "
                         "WebP copies cannot be made.",
                         "长截图请裁成几张，或缩小到每边 4000 像素以内。",
                         "Cut a long screenshot into several pictures, or resize it to at most 4000 pixels a side.")
    if width * height > MAX_PIXELS:
        raise ImageFault(f"图片尺寸过大（{width}×{height}）。", f"The image is too large ({width}x{height} pixels).",
                         "缩小到 4000 像素宽以内。", "Resize it to at most 4000 pixels wide.")
    return image


def decoded(content: bytes, name: str):
    """The photo as the build uses it: decoded whole, turned upright (EXIF orientation), RGB. Raises ImageFault."""
    from PIL import Image, ImageOps

    image = _opened(content, name)
    try:
        with image, warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image.load()  # every byte decoded: a truncated or damaged file fails here, not in the build
            return ImageOps.exif_transpose(image).convert("RGB")
    except (OSError, SyntaxError, ValueError, Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise ImageFault("图片文件不完整或已损坏，无法完整解码（常见于未传完的文件）。",
                         "The image file is truncated or damaged and cannot be decoded whole (often an upload "
                         "that did not finish).",
                         "从原图重新导出或重新上传。", "Export or upload it again from the original.") from None


_CHECKED: dict[tuple[str, bytes], tuple | None] = {}  # (name, digest) -> problem: a preview rebuild decodes once


def image_problem(file: Path) -> tuple[str, str, str, str] | None:
    """Why an image file cannot be published, or None. Decoded with Pillow, never trusted by name."""
    if file.stat().st_size > MAX_IMAGE_BYTES:
        return TOO_BIG
    content = file.read_bytes()
    key = (file.name, hashlib.blake2b(content, digest_size=16).digest())
    if key not in _CHECKED:
        _CHECKED[key] = _problem_of(content, file.name)
    return _CHECKED[key]


def _problem_of(content: bytes, name: str) -> tuple[str, str, str, str] | None:
    try:
        width = decoded(content, name).width  # upright: a portrait photo's width is its short side
    except ImageFault as fault:
        return fault.problem
    if width < MIN_WIDTH:
        return (f"图片太小（宽 {width} 像素，至少 {MIN_WIDTH}）。",
                f"The image is too small ({width} px wide; at least {MIN_WIDTH}).",
                "换一张更清晰的图片。", "Use a sharper picture.")
    return None


def linked_part(folder: Path, file: Path) -> Path | None:
    """The first symlink on the way from `folder` to `file` (the file itself included), or None."""
    path = folder
    for part in file.relative_to(folder).parts:
        path = path / part
        if path.is_symlink():
            return path
    return None


def check_images(check, key, images) -> None:
    """Each image an item names: present, a real file, and one the build can make its copies of. A name that is
    missing but close to a file in the folder (another extension, case or a typo) is asked about by that file's name."""
    folder = check.site_root / IMAGE_FOLDER
    for index, image in enumerate(images):
        file = folder / image.path
        loc = ("images", index, "path")
        if linked_part(folder, file) is not None:
            check.add(key, loc, *SYMLINK)
        elif not file.is_file():
            check.add(key, loc, f"图片文件 {IMAGE_FOLDER}/{image.path} 不存在。",
                      f"The image file {IMAGE_FOLDER}/{image.path} does not exist.",
                      *_missing_hint(image.path, nearest_file(image.path, PhotoFolder.of(check))))
        elif problem := image_problem(file):
            check.add(key, loc, *problem)


class PhotoFolder:
    """The files of the image folder (symlinks and hidden files aside) and the ones the data uses, listed once
    per check: the item check and the folder check must agree on which file a near name points at."""

    def __init__(self, check):
        self.root = check.site_root / IMAGE_FOLDER
        self.files = sorted(f.relative_to(self.root).as_posix() for f in self.root.rglob("*")
                            if _candidate(self.root, f)) if self.root.is_dir() and not self.root.is_symlink() else []
        self.used = {image.path for kind in KINDS for record in check.site.items(kind).values()
                     for image in getattr(record, "images", ())}
        self.mentioned = _mentioned_by_unreadable(check, self.files)

    @classmethod
    def of(cls, check) -> PhotoFolder:
        if not isinstance(getattr(check, "photo_folder", None), cls):
            check.photo_folder = cls(check)
        return check.photo_folder

    def unused(self) -> list[str]:
        return [f for f in self.files if f not in self.used and f not in self.mentioned]


def _candidate(root: Path, file: Path) -> bool:
    return (not file.is_symlink() and file.is_file()
            and not any(part.startswith(".") for part in file.relative_to(root).parts))


def _mentioned_by_unreadable(check, files: list[str]) -> set[str]:
    """Photos named in item files that did not load (a missing `alt`, a syntax error): they are not unused — one
    slip, one problem; the file's own problem is reported, and deleting the photo would be wrong advice."""
    texts = []
    for folder, stem in getattr(check, "unreadable", ()):
        path = check.site_root / "data" / folder / f"{stem}.yaml"
        try:
            if path.is_file() and not path.is_symlink():
                texts.append(read_limited(path)[0].decode("utf-8", errors="replace"))  # no more than a data file's limit
        except OSError:
            continue  # the file's own problem is reported by the loader
    return {name for name in files
            if any(re.search(rf"(?<![\w./-]){re.escape(name)}(?![\w.-])", text) for text in texts)}


def _stem_and_suffix(name: str) -> tuple[str, str]:
    stem, dot, suffix = name.casefold().rpartition(".")
    return (stem, suffix) if dot else (name.casefold(), "")


def _is_near(wanted: str, name: str) -> bool:
    """The same name but for case or extension (`.jpeg` for `.jpg`), or a slip of a couple of letters."""

    (stem, _), (other, _) = _stem_and_suffix(wanted), _stem_and_suffix(name)
    return stem == other or edit_distance(wanted.casefold(), name.casefold()) <= (2 if len(wanted) >= 8 else 1)


def nearest_file(wanted: str, photos: PhotoFolder) -> str | None:
    """The folder's file an item probably meant when `wanted` does not exist: an unused file close to it; a used
    one only when it differs in case or extension alone (a used file a letter away is another photo)."""

    def closeness(name: str) -> tuple:  # the same name but for case or extension first, then the fewest letters off
        same_stem = _stem_and_suffix(name)[0] == _stem_and_suffix(wanted)[0]
        return (not same_stem, edit_distance(wanted.casefold(), name.casefold()), name)

    unused = sorted((f for f in photos.unused() if _is_near(wanted, f)), key=closeness)
    same_stem = sorted((f for f in photos.files if f in photos.used
                        and _stem_and_suffix(f)[0] == _stem_and_suffix(wanted)[0]), key=closeness)
    return (unused or same_stem or [None])[0]


def _missing_hint(wanted: str, near: str | None) -> tuple[str, str]:
    if near is None:
        return (f"把图片放进 {IMAGE_FOLDER}/，文件名与这里写的一致；或改为该文件夹中已有文件的名字。",
                f"Put the photo in {IMAGE_FOLDER}/ under this name, or write the name of a file that is there.")
    if re.match(IMAGE_NAME, near) and not near.startswith(RESERVED_IMAGE_FOLDER):
        return (f"是否想写“{near}”？{IMAGE_FOLDER}/ 中有这个文件：把这里改为 {near}。",
                f"Did you mean '{near}'? That file is in {IMAGE_FOLDER}/: write {near} here.")
    return (f"是否想写“{near}”？{IMAGE_FOLDER}/ 中有这个文件，但它的名字不能用在网址里：把该文件改名为 {wanted}（与这里一致）。",
            f"Did you mean '{near}'? That file is in {IMAGE_FOLDER}/, but its name cannot be used in a URL: rename "
            f"the file to {wanted} (as written here).")


def check_image_folder(check, site) -> None:
    """Every file in the image folder is checked by content, must be used, and gives its copies a name of its own;
    a symlink there (to a file or a folder) is refused. An unused file is reported once, for its own slip: not when
    an item names it nearly (that item's problem asks about it), told to delete it when it is a copy of a used file."""
    folder = check.site_root / IMAGE_FOLDER
    if folder.is_symlink():
        check.problems.append(Problem(IMAGE_FOLDER, 0, 0, "", *SYMLINK))
        return
    if not folder.is_dir():
        return
    photos = PhotoFolder.of(check)
    asked_about = {nearest_file(path, photos) for path in photos.used
                   if linked_part(folder, folder / path) is None and not (folder / path).is_file()}
    stems: dict[str, str] = {}
    for file in sorted(folder.rglob("*")):
        relative = file.relative_to(folder).as_posix()
        where = f"{IMAGE_FOLDER}/{relative}"
        if file.is_symlink():
            check.problems.append(Problem(where, 0, 0, "", *SYMLINK))
            continue
        if not _candidate(folder, file) or relative in photos.mentioned or relative in asked_about:
            continue
        if relative in photos.used:  # checked where it is used, with the item's field
            if (other := stems.setdefault(relative.rsplit(".", 1)[0], relative)) != relative:
                check.problems.append(Problem(where, 0, 0, "", f"与 {other} 只差扩展名：两者的网站图片会同名。",
                                              f"Differs from {other} only in its extension: their copies on the "
                                              "site would have the same name.",
                                              "给其中一张改个名字。", "Rename one of them."))
            continue
        check.problems.append(Problem(where, 0, 0, "", *(image_problem(file) or _unused(relative, file, photos))))


def _copy_of(file: Path, photos: PhotoFolder) -> str | None:
    """The used file with exactly this file's bytes (compared only when the sizes agree), or None."""
    size = file.stat().st_size
    same_size = [name for name in photos.files if name in photos.used and (photos.root / name).stat().st_size == size]
    if not same_size:
        return None
    content = file.read_bytes()
    return next((name for name in same_size if (photos.root / name).read_bytes() == content), None)


def _unused(relative: str, file: Path, photos: PhotoFolder) -> tuple[str, str, str, str]:
    copy_of = _copy_of(file, photos)
    if copy_of:  # copied instead of renamed: the old file is left over
        return (f"没有任何数据文件使用这个文件；它与正在使用的 {copy_of} 内容完全相同，是多余的副本（复制后没有删除旧文件）。",
                f"No data file uses this file; it has exactly the content of {copy_of}, which is in use: a "
                "left-over copy (copied, and the old file not deleted).",
                f"删除 {IMAGE_FOLDER}/{relative}（{copy_of} 保留）。",
                f"Delete {IMAGE_FOLDER}/{relative} (keep {copy_of}).")
    return ("没有任何数据文件使用这个文件。", "No data file uses this file.",
            "在条目的 images 中引用它，或删除它。", "Refer to it in an item's images, or delete it.")
