"""Load data and generate pages once per build, for both MkDocs touch points.

The macros entry point and the hook each ask for the build state; whichever asks
first loads it and the other gets the same object. A change to any data file
(as under `mkdocs serve`) changes the signature and forces a fresh load.
"""
from __future__ import annotations

import os
import shutil
import time
from dataclasses import dataclass, field, replace
from pathlib import Path

from .pages.feeds import feed_files
from .pages.images import ImageSet, prepare_images
from .pages.item_pages import PageRecord, generate_pages
from .pages.open_data import Download, downloads
from .pages.publication import Publication
from .records.loader import load_site
from .records.problems import DataError
from .records.site import Site

__all__ = ["BuildState", "DataError", "build_state"]


@dataclass(frozen=True)
class BuildState:
    site: Site
    publication: Publication
    pages: list[PageRecord]
    downloads: list[Download]
    images: dict[str, ImageSet]
    files: dict[str, Path]  # other generated files (feeds, downloads, phone images): site path -> file on disk
    seconds: dict[str, float] = field(default_factory=dict)  # time per stage, for the benchmark
    page_by_source: dict[str, PageRecord] = field(default_factory=dict)  # "landmarks/x.md" -> its page


_cache: dict[tuple[Path, Publication], tuple[tuple, BuildState]] = {}


def _signature(root: Path) -> tuple:
    entries = []
    for folder, _, names in os.walk(root / "data"):
        for name in names:
            stat = os.stat(os.path.join(folder, name))
            entries.append((folder, name, stat.st_mtime_ns, stat.st_size))
    images = root / "docs" / "assets" / "images"
    if images.is_dir():
        entries += [(p.name, p.stat().st_mtime_ns) for p in images.iterdir()]
    return tuple(sorted(entries))


GENERATED = Path(".cache") / "generated"


def _write_out(root: Path, contents: dict[str, bytes]) -> dict[str, Path]:
    folder = root / GENERATED
    shutil.rmtree(folder, ignore_errors=True)
    written = {}
    for path, content in contents.items():
        target = folder / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(content)
        written[path] = target
    contents.clear()
    return written


def build_state(root: Path | str, publication: Publication) -> BuildState:
    """Load, validate and link data/, then generate pages, feeds and downloads; raises DataError."""
    root = Path(root).resolve()
    signature = _signature(root)
    cached = _cache.get((root, publication))
    if cached and cached[0] == signature:
        return cached[1]
    started = time.perf_counter()
    site = load_site(root)
    loaded = time.perf_counter()
    contents = feed_files(site, publication)
    found = downloads(site, publication)
    contents.update({download.path: download.content for download in found})
    found = [replace(download, content=b"", size=download.size) for download in found]
    images, image_files = prepare_images(site, root)
    contents.update(image_files)
    files = _write_out(root, contents)  # on disk, not in memory: at thousands of items this is tens of MB
    pages = generate_pages(site, publication, images)
    seconds = {"load and validate data": loaded - started, "generate pages and files": time.perf_counter() - loaded}
    state = BuildState(site, publication, pages, found, images, files, seconds,
                       {page.source_path: page for page in pages})
    _cache[(root, publication)] = (signature, state)
    return state
