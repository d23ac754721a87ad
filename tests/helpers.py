"""Small helpers shared by tests."""
from pathlib import Path

import pytest

from banma.records.loader import load_site
from banma.records.problems import DataError, Problem

FIXTURE = Path(__file__).resolve().parent / "fixtures" / "minimal"


def problems_of(project: Path) -> list[Problem]:
    with pytest.raises(DataError) as caught:
        load_site(project)
    return caught.value.problems


def write(project: Path, relative: str, content: str | bytes) -> Path:
    path = project / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    return path


def only_problem(project: Path) -> Problem:
    problems = problems_of(project)
    assert len(problems) == 1, "\n".join(p.format() for p in problems)
    return problems[0]


def assert_located(problem: Problem, path: str, line: int, field: str, zh: str, en: str) -> None:
    """The file, line, field and both languages of the message, as the editor sees them."""
    assert problem.path == path, problem.format()
    assert problem.line == line, problem.format()
    assert problem.field == field, problem.format()
    assert zh in problem.zh, problem.format()
    assert en in problem.en, problem.format()
    text = problem.format()
    assert text.startswith(f"{path}:{line}:"), text
