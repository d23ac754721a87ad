"""Located, bilingual problems found in data files.

Every problem names a file, a line and column, a field path, what is wrong in
Chinese then English, and (when we can tell) how to fix it. Loading collects
all problems of a run before failing, so an editor sees every mistake at once.

Listing is bounded: a file lists its first MAX_LISTED_PER_FILE problems and a run its first
MAX_LISTED_PER_RUN; the rest are counted in one "……另有 N 个问题未列出 … and N more problems
not listed" entry (a problem whose `unlisted` says how many it stands for). One broken file
must not bury the others, nor make the validator write gigabytes.
"""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from dataclasses import field as dataclass_field

MAX_LISTED_PER_FILE = 50
MAX_LISTED_PER_RUN = 500
RUN = "data/"  # where the run's own "and N more" entry points: the problems past the run's limit are in many files


@dataclass(frozen=True, order=True)
class Problem:
    path: str  # file path as the editor knows it (relative to the project)
    line: int  # 1-based; 0 when the problem concerns the whole file
    column: int  # 1-based; 0 when unknown
    field: str  # dotted field path, e.g. "stops.2.landmark"; "" for the file itself
    zh: str
    en: str
    hint_zh: str = ""
    hint_en: str = ""
    # The text an editor wrote where an id belongs, when it is not one: the loader looks it up among names.
    not_an_id: str = dataclass_field(default="", compare=False, repr=False)
    # Not a problem itself but the count of problems not listed (of its file, or of the run): see unlisted().
    unlisted: int = dataclass_field(default=0, compare=False)

    @property
    def counts_for(self) -> int:
        """How many problems this entry stands for: 1, or the number an "and N more" entry counts."""
        return self.unlisted or 1

    @property
    def field_shown(self) -> str:
        """The field path with list positions counted from 1 as readers count: "stops.7.landmark" is also
        said as "stops 第 8 项的 landmark" (YAML paths count from 0)."""
        parts = self.field.split(".") if self.field else []
        if not any(part.isdigit() for part in parts):
            return self.field or "(文件 file)"
        spoken: list[str] = []
        for part in parts:
            if part.isdigit():
                spoken[-1:] = [f"{spoken[-1] if spoken else ''} 第 {int(part) + 1} 项".strip()]
            else:
                spoken.append(part)
        return f"{self.field}（{' 的 '.join(spoken)}）"

    def format(self) -> str:
        where = f"{self.path}:{self.line}:{self.column}"
        text = f"{where}: {self.field_shown}: {self.zh} {self.en}"
        if self.hint_zh or self.hint_en:
            text += f" 提示：{self.hint_zh} Hint: {self.hint_en}"
        return text


def unlisted(path: str, count: int) -> Problem:
    """The entry that stands for `count` problems of `path` (or of the run, path RUN) not listed."""
    return Problem(path, 0, 0, "", f"……另有 {count} 个问题未列出。", f"... and {count} more problems not listed.",
                   "先改正上面列出的问题，再运行校验：其余的问题会列出来。",
                   "Fix the problems listed above and check again: the others will be listed.", unlisted=count)


def total(problems: Iterable[Problem]) -> int:
    """How many problems a list holds, counting those its "and N more" entries stand for."""
    return sum(problem.counts_for for problem in problems)


def bounded(problems: Iterable[Problem], per_file: int = MAX_LISTED_PER_FILE) -> list[Problem]:
    """The problems in order, each file's first `per_file` of them, the rest of that file counted in one entry
    after them. Duplicates are dropped; "and N more" entries already in the list are folded in."""
    by_file: dict[str, list[Problem]] = {}
    more: dict[str, int] = {}
    real = set()
    for problem in problems:  # "and N more" entries are added up, never taken for duplicates of each other
        if problem.unlisted:
            more[problem.path] = more.get(problem.path, 0) + problem.unlisted
        else:
            real.add(problem)
    for problem in sorted(real):
        by_file.setdefault(problem.path, []).append(problem)
    listed: list[Problem] = []
    for path in sorted(by_file.keys() | more.keys()):
        found = by_file.get(path, [])
        listed += found[:per_file]
        if count := len(found[per_file:]) + more.get(path, 0):
            listed.append(unlisted(path, count))
    return listed


class DataError(Exception):
    """Raised when data files have problems; carries the problems to list (bounded per file and per run, the rest
    counted in "and N more" entries) and `count`, every problem found."""

    def __init__(self, problems: Iterable[Problem]):
        found = bounded(problems)
        self.count = total(found)
        self.problems = found[:MAX_LISTED_PER_RUN]
        if rest := total(found[MAX_LISTED_PER_RUN:]):
            self.problems.append(unlisted(RUN, rest))
        super().__init__(self.report())

    def report(self) -> str:
        count = self.count
        head = f"数据有 {count} 个问题，未生成网站。Data has {count} problem(s); nothing was built."
        return "\n".join([head, *(p.format() for p in self.problems)])
