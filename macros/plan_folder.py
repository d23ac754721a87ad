"""Write the site plan — every generated page and file — into a folder, without any site generator.

    python scripts/build_plan.py OUTPUT_FOLDER      (or: python -m macros.plan_folder OUTPUT_FOLDER)

Each page is written as its HTML body (OUTPUT/landmarks/x/index.html) and a line in
OUTPUT/pages.json (URL, title, description, kind, edit source, last change); every file
(feeds, downloads, phone images, the whole search index) at its path; the hand-written pages of docs/ are rendered
(macros/hand_written.py) for their search documents and written as HTML bodies too. This is what another
generator would be handed: the proof that moving off MkDocs rewrites only the MkDocs modules of macros/
(plugin.py, __init__.py; a test runs this with MkDocs unimportable).
写出全站的页面与文件（不依赖任何网站生成器）。
"""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from banma.cli import project_root
from banma.records.problems import DataError
from banma.rendering import Rendering
from banma.search import page_document
from banma.settings import Settings
from banma.site_plan import build_site
from macros.hand_written import render_pages


def write_plan(root: Path, output: Path, settings: Settings) -> dict:
    plan = build_site(root, settings)
    # The hand-written pages, rendered as a generator would, for the search index (the same bytes as MkDocs').
    hand_written = render_pages(root, plan, settings)
    rendering = Rendering(plan, output, {written.url for written in hand_written})
    pages = []
    try:
        for page in plan.pages:
            target = output / page.url / "index.html"
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(rendering.html(page), encoding="utf-8")
            pages.append({"url": page.url, "title": page.title, "description": page.description, "kind": page.kind,
                          "edit": page.edit_path, "updated": plan.updated(page.edit_path)})
        for written in hand_written:
            target = output / written.url / "index.html"
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(written.html, encoding="utf-8")
        summary = {"pages": pages, "files": write_files(plan, hand_written, output, rendering)}
    finally:
        rendering.close()
    (output / "pages.json").write_text(json.dumps(summary, ensure_ascii=False, indent=1), encoding="utf-8")
    return summary


def write_files(plan, hand_written, folder: Path, rendering: Rendering) -> list[str]:
    """Every generated file, share card and icon, and the whole search index (hand-written pages' documents
    included), written under `folder`: what any generator is handed besides the pages. Returns their paths.
    `rendering` (made with the hand-written pages' URLs) writes the cards and the index, in its workers."""
    for file in plan.files:
        target = folder / file.path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(file.content)
    for written in hand_written:
        document = None if written.boost is None else page_document(written.url, written.title, written.html,
                                                                   written.boost)
        rendering.rendered(written.url, document)
    return sorted([file.path for file in plan.files] + rendering.finish())


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("output", type=Path, help="folder to write into")
    parser.add_argument("--root", type=Path, default=None, help="project folder (with data/)")
    args = parser.parse_args(argv)
    args.root = args.root or project_root()
    try:
        summary = write_plan(args.root, args.output, Settings.from_environment())
    except DataError as error:
        print(error.report(), file=sys.stderr)
        return 1
    print(f"{len(summary['pages'])} 个页面、{len(summary['files'])} 个文件 → {args.output}"
          f" ({len(summary['pages'])} pages, {len(summary['files'])} files)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
