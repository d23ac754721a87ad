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
from ..workers import Workers
from .citation_rules import check_page_citations, cited_by, unused_sources
from .citations import page_citations
from .course import Course
from .evidence import check_page_evidence, source_quotes
from .fields import SLUG_PATTERN
from .history import GitHistory
from .images import SYMLINK
from .kinds import KINDS
from .linking import ids_for_names, link
from .plan import Plan
from .problems import DataError, Problem
from .site import Site
from .validation import fields_at, validate
from .vocabulary import Vocabulary
from .yaml_reader import MAX_FILE_BYTES, read_limited, read_yaml

MAX_ITEMS = 20_000
PARALLEL_FROM = 400  # data files: below this, starting worker processes costs more than it saves
FILES_PER_JOB = 100
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
        self.memo = memo  # (path, bytes) -> (record, problems, path), kept between preview rebuilds
        self.problems: list[Problem] = []
        self.documents = _Documents(root)
        self.files: dict[tuple[str, str], str] = {}
        self.unreadable: set[tuple[str, str]] = set()  # item files present but not loaded: not "dangling" targets

    def display(self, path: Path) -> str:
        try:
            return path.relative_to(self.root).as_posix()
        except ValueError:
            return path.as_posix()

    def read(self, path: Path, model: type[BaseModel], key: tuple[str, str]) -> tuple:
        """A file's (record or None, problems, path as problems name it), from the memo when it is unchanged."""
        if self.memo is not None:
            try:
                raw, size = read_limited(path)  # never more than the size limit, however large the file
            except OSError:
                pass
            else:
                if size <= MAX_FILE_BYTES:  # the bytes themselves: any edit is a miss
                    return self.memo.get((path, raw), self._read_file, path, model, key)
        return _read_file(path, self.display(path), model, key)

    def _read_file(self, path: Path, model: type[BaseModel], key: tuple[str, str]) -> tuple:
        return _read_file(path, self.display(path), model, key)

    def read_all(self, wanted: list[tuple[Path, type[BaseModel], tuple[str, str]]]) -> list[tuple]:
        """read() of each file, in order: in worker processes when there are many files and no preview memo
        (banma/workers.py), here otherwise."""
        workers = Workers.start(None) if self.memo is None and len(wanted) >= PARALLEL_FROM else Workers.serial(None)
        if not workers.processes:
            return [self.read(path, model, key) for path, model, key in wanted]
        try:
            jobs = [workers.submit(_read_files, [(path, self.display(path), model, key)
                                                 for path, model, key in wanted[start:start + FILES_PER_JOB]])
                    for start in range(0, len(wanted), FILES_PER_JOB)]
            return [result for job in jobs for result in job.result()]
        finally:
            workers.close()

    def take(self, read: tuple, key: tuple[str, str]):
        """A file's record, its problems reported and where it came from noted."""
        record, problems, file = read
        self.problems += problems
        if record is not None:
            self.documents.paths[key] = self.files[key] = file
        return record


def _read_file(path: Path, display: str, model: type[BaseModel], key: tuple[str, str]):
    """One data file, parsed and validated: (record or None, its problems, its path as problems name it)."""
    document, problems = read_yaml(path, display, lambda loc: fields_at(model, loc))
    if document is None:
        return None, problems, display
    record, more = validate(document, model)
    if record is not None and hasattr(record, "_id"):
        record._id, record._file = key[1], document.path
    return record, problems + more, document.path


def _read_files(shared, files: list) -> list:
    return [_read_file(*file) for file in files]


def load_site(root: Path | str, memo: Memo | None = None, history: GitHistory | None = None) -> Site:
    """Read, validate and link data/. `memo` (preview rebuilds) keeps each file's record between loads, keyed
    by the file's bytes, so only edited files are parsed and validated again, and the citation and evidence checks of
    records unchanged since (records/rechecks.py); the other cross-file checks always run."""
    root = Path(root).resolve()
    run = _Run(root, memo)
    data = root / "data"
    _report_symlinks(run, [data, root / "docs"])
    singles = {}
    for name, model in SINGLE_FILES.items():
        path = data / name
        if path.is_symlink() or not path.is_file():  # a symlink is reported above, and never read
            if not path.is_symlink():
                run.problems.append(Problem(run.display(path), 0, 0, "", "缺少这个文件。", "This file is missing."))
            singles[name] = None
            continue
        key = (name.removesuffix(".yaml"), "")
        singles[name] = run.take(run.read(path, model, key), key)
    # Every item file of every folder, read at once (in workers when there are many); the problems of the files
    # and of the folders' other entries are reported in folder order, as the entries come.
    entries = [(kind, entry) for kind in KINDS for entry in _folder_entries(run, data / kind.folder)]
    read = iter(run.read_all([(entry, kind.model, (kind.folder, entry.stem))
                              for kind, entry in entries if isinstance(entry, Path)]))
    collections: dict[str, dict] = {kind.folder: {} for kind in KINDS}
    for kind, entry in entries:
        if isinstance(entry, Problem):
            run.problems.append(entry)
        elif (record := run.take(next(read), (kind.folder, entry.stem))) is not None:
            collections[kind.folder][entry.stem] = record
        else:
            run.unreadable.add((kind.folder, entry.stem))
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
                                                        history or GitHistory(root), memo)
    problems += check_page_evidence(site, root)  # hand-written pages' figures, in quotes of the sources they cite

    if problems:
        raise DataError(problems)
    if memo is not None:  # keep what this load read, drop files that are gone or changed
        memo.keep_used()
    # docs/ belongs to the site's developers, and fixture data is built with the real docs/: a page citing a source
    # the data does not register is reported, like an uncited source, and the page says the source is missing.
    site.citing = cited_by(site)  # drafts included: read by the notices, /sources/ and the downloads
    site.notices = unused_sources(site, run.documents) + check_page_citations(site, site.page_citations)
    site.set_drafts_aside()
    site.quotes = source_quotes(site)
    site.build_indexes()
    return site


# What data/ holds besides the files read above: the editors' guide and the generated schemas.
KNOWN_EXTRAS = {"README.md", "schemas"}


def _report_stray_files(run: _Run, data: Path) -> None:
    """Every other file or folder in data/ is something an editor meant to be read: say where it belongs."""
    if not data.is_dir():
        return
    read = set(SINGLE_FILES) | {kind.folder for kind in KINDS} | KNOWN_EXTRAS
    for entry in sorted(e for e in os.listdir(data) if not e.startswith(".") and e not in read
                        and not (data / e).is_symlink()):  # a symlink is reported as one
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


def _folder_entries(run: _Run, folder: Path) -> list[Path | Problem]:
    """A kind's folder, entry by entry: each data file whose name is an id, a problem for anything else there."""
    found: list[Path | Problem] = []
    if folder.is_symlink():
        return [_symlink(run, folder)]
    if not folder.is_dir():
        return [Problem(run.display(folder), 0, 0, "", "缺少这个文件夹。", "This folder is missing.")]
    with os.scandir(folder) as scan:  # what each entry is, from the listing itself: no stat per file
        kinds = {e.name: (e.is_symlink(), e.is_file()) for e in scan if not e.name.startswith(".")}
    entries = sorted(kinds)
    if len(entries) > MAX_ITEMS:
        return [Problem(run.display(folder), 0, 0, "", f"文件过多（{len(entries)} 个，上限 {MAX_ITEMS} 个）。",
                        f"Too many files ({len(entries)}; the limit is {MAX_ITEMS}).")]
    for entry in entries:
        path = folder / entry
        stem, dot, suffix = entry.rpartition(".")
        is_symlink, is_file = kinds[entry]
        if is_symlink:
            found.append(_symlink(run, path))
            continue
        if not is_file or suffix != "yaml" or not dot:
            found.append(Problem(
                run.display(path), 0, 0, "", "这里只能放 .yaml 数据文件，这个文件不会被读取。",
                "Only .yaml data files belong here; this one would be ignored.",
                "把扩展名改为 .yaml，或移走这个文件。", "Rename it to .yaml, or move it elsewhere."))
            continue
        if not re.match(SLUG_PATTERN, stem):
            found.append(Problem(
                run.display(path), 0, 0, "", f"文件名“{stem}”不是有效的编号（它也是网址）。",
                f"The file name '{stem}' is not a valid id (it is also the URL).",
                "只用小写英文字母、数字和连字符，如 gu-zhenghong-memorial.yaml。",
                "Use lowercase ASCII letters, digits and hyphens, e.g. gu-zhenghong-memorial.yaml."))
            continue
        found.append(path)
    return found


def _symlink(run: _Run, path: Path) -> Problem:
    return Problem(run.display(path), 0, 0, "", *SYMLINK)


def _report_symlinks(run: _Run, folders: list[Path]) -> None:
    """Every symlink under data/ and docs/ (and those folders themselves): a link brings in a file from elsewhere
    that nothing here checks, and MkDocs would publish what a linked folder in docs/ holds."""
    waiting = []
    for folder in folders:
        if folder.is_symlink():
            run.problems.append(_symlink(run, folder))
        elif folder.is_dir():
            waiting.append(folder)
    while waiting:
        with os.scandir(waiting.pop()) as entries:
            for entry in entries:
                if entry.is_symlink():
                    run.problems.append(_symlink(run, Path(entry.path)))
                elif entry.is_dir(follow_symlinks=False):
                    waiting.append(Path(entry.path))
