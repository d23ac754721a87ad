"""Small helpers shared by tests."""
import contextlib
import importlib
import io
import subprocess
from pathlib import Path

import pytest

from banma.records.loader import load_site
from banma.records.problems import DataError, Problem

FIXTURE = Path(__file__).resolve().parent / "fixtures" / "minimal"


# The Nu HTML Checker (npm vnu-jar, pinned in package.json) as the tests run it: a short run on the JVM's quick
# compiler alone and its one-thread collector takes half the CPU of the default (both compilers, parallel collector);
# the quick compiler's deeper frames need a larger stack than the checker's 512k minimum.
VNU = Path(__file__).resolve().parents[1] / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
VNU_COMMAND = ["java", "-Xss16m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-jar", str(VNU), "--errors-only"]


EVIDENCE = "的原文摘录（quotes）中找不到"  # records/evidence.py: a figure no quote of its source holds


def run_command(command: str, *args: str) -> subprocess.CompletedProcess:
    """One of banma/cli's commands run in this process, as scripts/<command>.py runs it, its output captured: a
    test of what a command prints or writes need not start a Python (one test per script runs the wrapper itself)."""
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            code = importlib.import_module(f"banma.cli.{command}").main(list(args))
        except SystemExit as exit_:
            code = exit_.code if isinstance(exit_.code, int) else 1
    return subprocess.CompletedProcess([command, *args], code or 0, out.getvalue(), err.getvalue())


def problems_of(project: Path, evidence: bool = False) -> list[Problem]:
    """The problems of loading a project. A test of another rule that writes a new figure (a kilometre mark, a
    phone, a date) leaves the quotes problem it causes aside unless it asks for them (`evidence`)."""
    with pytest.raises(DataError) as caught:
        load_site(project)
    found = caught.value.problems
    return found if evidence else [p for p in found if EVIDENCE not in p.zh] or found


def write(project: Path, relative: str, content: str | bytes) -> Path:
    path = project / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    return path


def only_problem(project: Path, evidence: bool = False) -> Problem:
    problems = problems_of(project, evidence)
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


def forked_here_or_in_a_fresh_process(request) -> bool:
    """For tests of work in forked workers (banma/workers.py). The build forks only from a process with no other
    thread; a test session may have some (servers of other tests). Then this test is run again, alone, in a new
    pytest process, and True is returned: the caller stops, its checks having passed there. False: go on here."""
    import os
    import subprocess
    import sys

    from banma.workers import can_fork
    if can_fork():
        return False
    if os.environ.get("BANMA_TEST_ALONE"):
        pytest.fail("threads are running even in a test process of its own: workers cannot fork")
    result = subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", request.node.nodeid],
                            cwd=request.config.rootpath, env={**os.environ, "BANMA_TEST_ALONE": "1"},
                            capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-2000:]
    assert " passed" in result.stdout and "skipped" not in result.stdout, result.stdout[-1000:]
    return True
