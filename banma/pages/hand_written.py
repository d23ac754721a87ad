"""The hand-written pages of docs/ as sources: their URLs, front matter and Markdown, read without a generator.

The plan reads their titles (for share cards) and search reads their weight (`search: boost:`) here. Rendering
them (macros, then Markdown) is a generator's work: MkDocs does it, and macros/hand_written.py does it the same
way for the builds that run no MkDocs.
"""
from __future__ import annotations

from pathlib import Path

import yaml

SKIPPED = ("admin",)  # folders of docs/ that hold no pages (the editing page's scripts)


def url_of(relative: Path) -> str:
    """docs/about.md -> "about/", docs/landmarks/index.md -> "landmarks/", docs/index.md -> "" (directory URLs)."""
    parts = relative.with_suffix("").parts
    if parts[-1] == "index":
        parts = parts[:-1]
    return "".join(f"{part}/" for part in parts)


def _front_matter(text: str) -> tuple[dict, str]:
    if not text.startswith("---\n"):
        return {}, text
    end = text.find("\n---", 4)
    meta = yaml.safe_load(text[4:end]) or {}
    return meta, text[text.find("\n", end + 1) + 1:]


def read_pages(root: Path) -> list[tuple[str, dict, str]]:
    """(URL, front matter, Markdown) of every page in docs/."""
    docs = Path(root) / "docs"
    found = []
    for path in sorted(docs.rglob("*.md")):
        relative = path.relative_to(docs)
        if relative.parts[0] not in SKIPPED:
            found.append((url_of(relative), *_front_matter(path.read_text(encoding="utf-8"))))
    return found


def search_boost(meta: dict) -> float | None:
    """A hand-written page's weight in site search (front matter `search: boost:`), or None when it says
    `search: exclude: true`."""
    search = meta.get("search") or {}
    return None if search.get("exclude") else float(search.get("boost", 1))


def titled_pages(root: Path) -> list[tuple[str, str, str]]:
    """(URL, title, kind "") of the pages whose front matter gives a title: for their share cards."""
    return [(url, str(meta["title"]), "") for url, meta, _ in read_pages(root) if meta.get("title")]
