"""The manifest of a built site: what tells a whole build from a half-written one.

A build writes `.banma-manifest.json` into its site folder last, after every other file (the MkDocs plugin at the end
of on_post_build, scripts/build_zensical.py once Zensical is done): how many files there are, and each one's path,
size and SHA-256. A build killed part-way, or stopped by a full disk or an error, never gets that far, so its folder
has no manifest, or the previous build's one, which its files no longer match (MkDocs' clean keeps hidden files).
`scripts/deploy.py` publishes a folder only when every file matches its manifest: none missing, none extra, none
changed. The manifest itself is not published (it is a hidden file, and the deploy uploads what it lists).

Plain Python, no MkDocs: any generator calls write_manifest(site) when its last file is written.
"""
from __future__ import annotations

import hashlib
import json
import os
from dataclasses import dataclass
from pathlib import Path

NAME = ".banma-manifest.json"
_PARTIAL = NAME + ".partial"  # written first, then renamed: a manifest is never half-written itself
FORMAT = "banma-site-manifest/1"
SHOWN = 10  # names listed per kind of problem, then "and N more"


@dataclass(frozen=True)
class Entry:
    sha256: str
    size: int


def sha256(file: Path) -> str:
    digest = hashlib.sha256()
    with file.open("rb") as stream:
        for block in iter(lambda: stream.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def site_files(site: Path) -> tuple[list[str], list[str]]:
    """(regular files, symbolic links) under `site` as sorted relative paths with /, the manifest itself left out.
    Links are not followed: rclone would skip them, and what they point at is not part of the build."""
    files, links = [], []
    for folder, folders, names in os.walk(site):
        for name in [*names, *folders]:
            path = Path(folder, name)
            relative = path.relative_to(site).as_posix()
            if path.is_symlink():
                links.append(relative)
            elif name in names and relative != NAME:
                files.append(relative)
    return sorted(files), sorted(links)


def write_manifest(site: str | Path, preview: bool = False) -> Path | None:
    """Write the manifest of every file in `site` (call it when the build's last file is written). A preview's
    folder (`mkdocs serve`) is never published, nor a build about to be aborted (`--strict` with a warning): no
    manifest there, and one left from an earlier build is removed, so deploy.py refuses the folder."""
    if preview:
        (Path(site) / NAME).unlink(missing_ok=True)
        return None
    site = Path(site)
    (site / _PARTIAL).unlink(missing_ok=True)  # left by a build killed while writing it
    files, _ = site_files(site)
    entries = {path: {"sha256": sha256(site / path), "size": (site / path).stat().st_size} for path in files}
    # One file a line; ASCII only, so that a name that is not UTF-8 (a lone surrogate here) is kept as it is.
    lines = [f"{json.dumps(path)}: {json.dumps(entry)}" for path, entry in entries.items()]
    text = f'{{"format": "{FORMAT}", "count": {len(entries)}, "files": {{\n' + ",\n".join(lines) + "\n}}\n"
    (site / _PARTIAL).write_text(text, encoding="ascii")
    os.replace(site / _PARTIAL, site / NAME)
    return site / NAME


class ManifestError(Exception):
    """The folder is not a whole build; str() is the bilingual report."""


def read_manifest(site: Path) -> dict[str, Entry]:
    """The manifest's entries, or ManifestError when there is none or it cannot be read."""
    path = site / NAME
    if not path.is_file():
        raise ManifestError(
            f"{site} 里没有构建清单 {NAME}：构建没有完成（被中断、磁盘已满或出错），或者这个文件夹不是构建出来的。"
            f"请重新完整构建（mkdocs build）后再发布。\n"
            f"{site} has no build manifest ({NAME}): the build did not finish (killed, disk full or an error), or the "
            f"folder was not made by a build. Hint: build again (mkdocs build), then publish.")
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        if data.get("format") != FORMAT:
            raise ValueError(f"format {data.get('format')!r}")
        entries = {name: Entry(str(e["sha256"]), int(e["size"])) for name, e in data["files"].items()}
        if int(data["count"]) != len(entries):
            raise ValueError(f"count {data['count']} but {len(entries)} entries")
    except (ValueError, KeyError, TypeError, AttributeError, UnicodeDecodeError) as error:
        raise ManifestError(f"{path}: 构建清单无法读取（{error}）：请重新构建。"
                            f"The build manifest cannot be read ({error}). Hint: build again.") from None
    return entries


def check_site(site: Path) -> dict[str, Entry]:
    """The manifest's entries when every file of `site` matches it (and no file is a link); else ManifestError
    naming each file that is missing, extra, changed or a link."""
    entries = read_manifest(site)
    files, links = site_files(site)
    present = set(files)
    missing = sorted(set(entries) - present)
    extra = sorted(present - set(entries))
    changed = sorted(path for path in present & set(entries) if _differs(site / path, entries[path]))
    problems = [
        _listed("清单上有、文件夹里缺少的文件 missing (listed in the manifest, not in the folder)", missing),
        _listed("文件夹里有、清单上没有的文件 extra (in the folder, not in the manifest)", extra),
        _listed("内容与清单不符的文件 changed (content differs from the manifest)", changed),
        _listed("符号链接（不会上传）symbolic links (never uploaded)", links),
    ]
    problems = [problem for problem in problems if problem]
    if problems:
        raise ManifestError(
            f"{site} 与它的构建清单不符（共 {len(entries)} 个文件）：这不是一次完整的构建，不能发布。请重新完整构建。\n"
            f"{site} does not match its build manifest ({len(entries)} files): not a whole build, not published. "
            f"Hint: build again, then publish.\n" + "\n".join(problems))
    return entries


def _differs(file: Path, entry: Entry) -> bool:
    return file.stat().st_size != entry.size or sha256(file) != entry.sha256


def _listed(title: str, paths: list[str]) -> str:
    if not paths:
        return ""
    shown = [f"  {json.dumps(path, ensure_ascii=False)}" for path in paths[:SHOWN]]
    more = [f"  ……还有 {len(paths) - SHOWN} 个 and {len(paths) - SHOWN} more"] if len(paths) > SHOWN else []
    return "\n".join([f"{title}: {len(paths)}", *shown, *more])
