"""Bounded input: one broken file cannot make the validator run for minutes or print gigabytes.

A file lists its first 50 problems and a run its first 500; the rest are counted in "……另有 N 个问题未列出 … and N
more problems not listed" lines, and the head still counts every problem. A data file past 1 MiB is refused from its
size, before it is read. (A 4.5 MB file with 1.5 million problems once took 138 s, 2.4 GB and 335 MB of output.)
Output is measured in lines and problems, not seconds.
"""
import re

import pytest
from helpers import problems_of, write

from banma.cli.check_data import main as check_data
from banma.memo import Memo
from banma.pages.data_problems import problems_panel
from banma.records.history import GitHistory
from banma.records.loader import load_site
from banma.records.problems import DataError

LANDMARK = "data/landmarks/museum-b.yaml"
MIB = 1024 * 1024
MORE = re.compile(r"……另有 (\d+) 个问题未列出。 \.\.\. and (\d+) more problems not listed\.")


def run_check(project, capsys) -> tuple[int, list[str]]:
    code = check_data(["--root", str(project), "--github"])
    return code, capsys.readouterr().out.splitlines()


def listed(lines: list[str], path: str) -> list[str]:
    """The located problem lines of one file (not its "and N more" line, not annotations)."""
    return [line for line in lines if line.startswith(path + ":") and not MORE.search(line)]


def unlisted_counts(lines: list[str]) -> list[int]:
    counts = []
    for line in lines:
        if not line.startswith("::") and (match := MORE.search(line)):
            assert match.group(1) == match.group(2), line  # both languages say the same number
            counts.append(int(match.group(1)))
    return counts


def test_a_file_with_200000_problems_lists_50_and_counts_them_all(project, capsys):
    original = (project / LANDMARK).read_text(encoding="utf-8")
    write(project, LANDMARK, original + "#\t\n" * 200_000)  # a tab on each of 200,000 comment lines: 600 KB
    code, lines = run_check(project, capsys)
    assert code == 1
    assert lines[0].startswith("数据有 200000 个问题") and "Data has 200000 problem(s)" in lines[0]
    assert len(listed(lines, LANDMARK)) == 50
    assert unlisted_counts(lines) == [199_950]
    annotations = [line for line in lines if line.startswith("::error ")]
    assert len(annotations) == 51  # one per listed line, the "and N more" line too
    assert len(lines) == 1 + 51 + 51 and sum(map(len, lines)) < 60_000


def test_a_list_of_20000_bad_entries_lists_50_and_counts_them_all(project, capsys):
    write(project, LANDMARK, (project / LANDMARK).read_text(encoding="utf-8") + "aliases:\n" + "- []\n" * 20_000)
    code, lines = run_check(project, capsys)
    assert code == 1
    assert lines[0].startswith("数据有 20000 个问题")
    shown = listed(lines, LANDMARK)
    assert len(shown) == 50 and all("aliases." in line for line in shown)
    assert unlisted_counts(lines) == [19_950]


def test_a_run_lists_500_and_every_problem_is_listed_or_counted(project, capsys):
    for number in range(12):  # 12 files with 60 problems each: 720
        write(project, f"data/landmarks/bad-{number:02}.yaml", "name: 甲\n" + "#\t\n" * 60)
    code, lines = run_check(project, capsys)
    assert code == 1
    assert lines[0].startswith("数据有 720 个问题")
    report = [line for line in lines[1:] if not line.startswith("::")]
    assert len(report) <= 501  # 500 entries and the run's own "and N more"
    located = [line for line in report if not MORE.search(line)]
    assert all(len(listed(report, f"data/landmarks/bad-{n:02}.yaml")) <= 50 for n in range(12))
    assert len(located) + sum(unlisted_counts(lines)) == 720  # nothing lost, nothing counted twice
    assert report[-1].startswith("data/:0:0:") and MORE.search(report[-1])  # the run's line comes last


def test_the_preview_panel_counts_every_problem(project):
    write(project, LANDMARK, (project / LANDMARK).read_text(encoding="utf-8") + "#\t\n" * 1_000)
    with pytest.raises(DataError) as caught:
        load_site(project)
    assert caught.value.count == 1_000
    panel = problems_panel(caught.value.problems, stale=False)
    assert "数据有 1000 个问题" in panel and panel.count("<li>") == 51


@pytest.mark.parametrize("size", [4 * 1024 * MIB, MIB + 1])
@pytest.mark.parametrize("preview", [False, True])
def test_a_file_past_1_mib_is_refused_by_its_size_without_being_read(project, size, preview):
    path = project / LANDMARK
    with open(path, "r+b") as handle:
        handle.truncate(size)  # sparse past the text: read whole, 4 GiB would not fit this test's memory
    problems = problems_of(project) if not preview else _preview_problems(project)
    problem = next(p for p in problems if p.path == LANDMARK)
    assert (problem.line, problem.field) == (0, "")
    assert "文件过大" in problem.zh and f"{size:,}" in problem.zh and "too large" in problem.en
    assert "1,048,576" in problem.zh and problem.hint_zh and problem.hint_en


def _preview_problems(project):
    with pytest.raises(DataError) as caught:
        load_site(project, memo=Memo())  # a preview reads each file's bytes for its memo: bounded too
    return caught.value.problems


def test_a_file_of_exactly_1_mib_is_read(project):
    path = project / LANDMARK
    text = path.read_text(encoding="utf-8")
    padding = MIB - len(text.encode("utf-8"))
    line = "# " + "x" * 97 + "\n"
    rest = padding % len(line)
    text += line * (padding // len(line)) + ("#" * (rest - 1) + "\n" if rest else "")
    path.write_text(text, encoding="utf-8")
    assert path.stat().st_size == MIB
    assert load_site(project).landmarks["museum-b"].name == "测试博物馆乙"


class CountingHistory(GitHistory):
    """Counts what the validator asks git (a dangling id's hint looks for the file it names in git's history)."""

    asked = 0

    def before_removal(self, relative_path):
        self.asked += 1
        return None


def test_hints_are_worked_out_only_for_the_problems_listed(project):
    """2,000 stops naming no landmark: each one's hint would run git twice (once 400 s for a 1 MB file)."""
    route = project / "data/routes/route-r.yaml"
    stops = "".join(f"  - landmark: nowhere-{number}\n" for number in range(2_000))
    route.write_text(route.read_text(encoding="utf-8").replace("stops:\n", "stops:\n" + stops), encoding="utf-8")
    history = CountingHistory(project)
    with pytest.raises(DataError) as caught:
        load_site(project, history=history)
    assert caught.value.count >= 2_000
    assert 1 <= history.asked <= 50
    shown = [p for p in caught.value.problems if p.path == "data/routes/route-r.yaml" and not p.unlisted]
    assert len(shown) == 50 and all("nowhere-" in p.zh for p in shown)
