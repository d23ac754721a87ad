"""Load every data file once: read, validate, link. The one entry point for data.

    site = load_site(project_root)   # raises DataError listing every problem

The validator script, the site build and the tests all call this.
"""
from __future__ import annotations

import os
import re
from pathlib import Path

from pydantic import BaseModel

from ..memo import Memo
from .citation_rules import check_page_citations, cited_by, unused_sources
from .citations import page_citations
from .course import Course
from .fields import SLUG_PATTERN
from .history import GitHistory
from .kinds import KINDS
from .linking import ids_for_names, link
from .plan import Plan
from .problems import DataError, Problem
from .site import Site
from .validation import validate
from .vocabulary import Vocabulary
from .yaml_reader import read_yaml

MAX_ITEMS = 20_000
SINGLE_FILES: dict[str, type[BaseModel]] = {"vocabularies.yaml": Vocabulary, "plan.yaml": Plan, "course.yaml": Course}


class _Documents(dict):
    """Parsed files by record key, read again only when a cross-file problem must be located.

    Keeping every file's position tables alive would cost more memory than the records.
    """

    def __init__(self, root: Path):
        super().__init__()
        self.root = root
        self.paths: dict[tuple[str, str], str] = {}

    def __missing__(self, key):
        path = self.paths[key]
        document, _ = read_yaml(self.root / path, path)
        self[key] = document
        return document


class _Run:
    """State of one load: problems so far and where each record came from."""

    def __init__(self, root: Path, memo: Memo | None = None):
        self.root = root
        self.memo = memo  # (path, bytes) -> (record, problems), kept between preview rebuilds
        self.problems: list[Problem] = []
        self.documents = _Documents(root)
        self.files: dict[tuple[str, str], str] = {}
        self.unreadable: set[tuple[str, str]] = set()  # item files present but not loaded: not "dangling" targets

    def display(self, path: Path) -> str:
        try:
            return path.relative_to(self.root).as_posix()
        except ValueError:
            return path.as_posix()

    def load(self, path: Path, model: type[BaseModel], key: tuple[str, str]):
        if self.memo is None:
            return self._read(path, model, key)
        try:
            content = (path, path.read_bytes())  # the bytes themselves: any edit is a miss
        except OSError:
            return self._read(path, model, key)
        record, problems = self.memo.get(content, self._read_once, path, model, key)
        self.problems += problems
        if record is not None:
            self.documents.paths[key] = self.files[key] = self.display(path)
        return record

    def _read_once(self, path: Path, model: type[BaseModel], key: tuple[str, str]):
        before = len(self.problems)
        record = self._read(path, model, key)
        problems, self.problems[before:] = self.problems[before:], []
        return record, problems

    def _read(self, path: Path, model: type[BaseModel], key: tuple[str, str]):
        document, problems = read_yaml(path, self.display(path))
        self.problems += problems
        if document is None:
            return None
        record, problems = validate(document, model)
        self.problems += problems
        if record is not None:
            self.documents.paths[key] = document.path
            self.files[key] = document.path
            if hasattr(record, "_id"):
                record._id, record._file = key[1], document.path
        return record


def load_site(root: Path | str, memo: Memo | None = None, history: GitHistory | None = None) -> Site:
    """Read, validate and link data/. `memo` (preview rebuilds) keeps each file's record between loads, keyed
    by the file's bytes, so only edited files are parsed and validated again; the cross-file checks always run."""
    root = Path(root).resolve()
    run = _Run(root, memo)
    data = root / "data"
    singles = {}
    for name, model in SINGLE_FILES.items():
        path = data / name
        if not path.is_file():
            run.problems.append(Problem(run.display(path), 0, 0, "", "缺少这个文件。", "This file is missing."))
            continue
        singles[name] = run.load(path, model, (name.removesuffix(".yaml"), ""))
    collections = {kind.folder: _load_folder(run, data / kind.folder, kind.model) for kind in KINDS}
    _report_stray_files(run, data)
    if None in singles.values():
        # The cross-file checks need the vocabularies, the plan and the course; report what was found so far.
        raise DataError(run.problems)
    site = Site(
        vocabulary=singles["vocabularies.yaml"], plan=singles["plan.yaml"], course=singles["course.yaml"],
        records=collections, files=run.files,
    )
    # Cross-file checks run even when some files had problems, so one run reports everything it can.
    site.page_citations = page_citations(root)
    problems = ids_for_names(run.problems, site) + link(site, run.documents, root, run.unreadable,
                                                        history or GitHistory(root))

    if problems:
        raise DataError(problems)
    if memo is not None:  # keep what this load read, drop files that are gone or changed
        memo.keep_used()
    # docs/ belongs to the site's developers, and fixture data is built with the real docs/: a page citing a source
    # the data does not register is reported, like an uncited source, and the page says the source is missing.
    site.citing = cited_by(site)  # drafts included: read by the notices, /sources/ and the downloads
    site.notices = unused_sources(site, run.documents) + check_page_citations(site, site.page_citations)
    site.set_drafts_aside()
    site.build_indexes()
    return site


# What data/ holds besides the files read above: the editors' guide and the generated schemas.
KNOWN_EXTRAS = {"README.md", "schemas"}


def _report_stray_files(run: _Run, data: Path) -> None:
    """Every other file or folder in data/ is something an editor meant to be read: say where it belongs."""
    if not data.is_dir():
        return
    read = set(SINGLE_FILES) | {kind.folder for kind in KINDS} | KNOWN_EXTRAS
    for entry in sorted(e for e in os.listdir(data) if not e.startswith(".") and e not in read):
        stem = entry.split(".")[0].lower()
        kind = next((k for k in KINDS if stem in (k.folder, k.name) or stem.rstrip("s") == k.name.rstrip("s")), None)
        if kind:
            hint = (f"{kind.label}每个一个文件，放在 data/{kind.folder}/ 中，如 data/{kind.folder}/<编号>.yaml。",
                    f"Each {kind.name} is one file in data/{kind.folder}/, e.g. data/{kind.folder}/<id>.yaml.")
        else:
            hint = ("data/ 中只读取 " + "、".join(sorted(SINGLE_FILES)) + " 和 "
                    + "、".join(f"{k.folder}/" for k in KINDS) + "；请移走或删除这个文件。",
                    "data/ holds only " + ", ".join(sorted(SINGLE_FILES)) + " and "
                    + ", ".join(f"{k.folder}/" for k in KINDS) + "; move or delete this file.")
        run.problems.append(Problem(run.display(data / entry), 0, 0, "", "这个文件不会被读取。",
                                    "This file is not read.", *hint))


def _load_folder(run: _Run, folder: Path, model: type[BaseModel]) -> dict:
    records = {}
    if not folder.is_dir():
        run.problems.append(Problem(run.display(folder), 0, 0, "", "缺少这个文件夹。", "This folder is missing."))
        return records
    entries = sorted(e for e in os.listdir(folder) if not e.startswith("."))
    if len(entries) > MAX_ITEMS:
        run.problems.append(Problem(run.display(folder), 0, 0, "", f"文件过多（{len(entries)} 个，上限 {MAX_ITEMS} 个）。",
                                    f"Too many files ({len(entries)}; the limit is {MAX_ITEMS})."))
        return records
    for entry in entries:
        path = folder / entry
        stem, dot, suffix = entry.rpartition(".")
        if not path.is_file() or suffix != "yaml" or not dot:
            run.problems.append(Problem(
                run.display(path), 0, 0, "", "这里只能放 .yaml 数据文件，这个文件不会被读取。",
                "Only .yaml data files belong here; this one would be ignored.",
                "把扩展名改为 .yaml，或移走这个文件。", "Rename it to .yaml, or move it elsewhere."))
            continue
        if not re.match(SLUG_PATTERN, stem):
            run.problems.append(Problem(
                run.display(path), 0, 0, "", f"文件名“{stem}”不是有效的编号（它也是网址）。",
                f"The file name '{stem}' is not a valid id (it is also the URL).",
                "只用小写英文字母、数字和连字符，如 gu-zhenghong-memorial.yaml。",
                "Use lowercase ASCII letters, digits and hyphens, e.g. gu-zhenghong-memorial.yaml."))
            continue
        record = run.load(path, model, (folder.name, stem))
        if record is not None:
            records[stem] = record
        else:
            run.unreadable.add((folder.name, stem))
    return records
