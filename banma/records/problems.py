"""Located, bilingual problems found in data files.

Every problem names a file, a line and column, a field path, what is wrong in
Chinese then English, and (when we can tell) how to fix it. Loading collects
all problems of a run before failing, so an editor sees every mistake at once.
"""
from __future__ import annotations

from dataclasses import dataclass
from dataclasses import field as dataclass_field


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


class DataError(Exception):
    """Raised when data files have problems; carries every problem found."""

    def __init__(self, problems: list[Problem]):
        self.problems = sorted(set(problems))
        super().__init__(self.report())

    def report(self) -> str:
        count = len(self.problems)
        head = f"数据有 {count} 个问题，未生成网站。Data has {count} problem(s); nothing was built."
        return "\n".join([head, *(p.format() for p in self.problems)])
