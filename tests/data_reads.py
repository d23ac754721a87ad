"""Which tests read the real data/: they carry the `reads_data` mark, and tests/test_editor_path.py runs only them on
an editor's changed copy (the other tests give the same result whatever data/ holds).

A test gets the mark (developers/tests.md):
- by itself, when it asks for a fixture made from data/ (REAL_DATA_FIXTURES: the built real site, the records);
- by itself, when its module reads data/ as it is imported (`REAL = load_site(ROOT)` at the top of the file);
- by hand otherwise: `@pytest.mark.reads_data` on the test (or `pytestmark = pytest.mark.reads_data` for a module).
A test that reads data/ while it runs (a file, a listing, a build or script run on the checkout) without the mark
fails, naming what it read: the mark cannot be forgotten silently. A subprocess is seen when it is handed a path
inside data/, or is started in the checkout without --root (or --repo) and is MkDocs (or its fork) or a script of scripts/ whose
command finds the project by itself (banma.cli.project_root: check_data.py, build_zensical.py …).
"""
from __future__ import annotations

import os
import re
import sys
from functools import cache
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "data"
TESTS = ROOT / "tests"
MARK = "reads_data"
EDITOR_PATH_COPY = "BANMA_EDITOR_PATH_COPY"  # set in tests/test_editor_path.py's run of these tests on its copy
# Session fixtures made from the real data/ (tests/conftest.py, tests/browser/conftest.py): asking for one reads it.
REAL_DATA_FIXTURES = {"real_site", "real_site_build", "real_records", "real_zensical_site", "site_url", "zensical_url"}
_PYTHON_BIN = Path(sys.executable).parent


def _inside_data(path, cwd=None) -> bool:
    """Whether a path (relative to `cwd`, by default this process's) is data/ or inside it."""
    if isinstance(path, int):
        return False
    try:
        text = os.path.abspath(os.path.join(os.fsdecode(cwd) if cwd else os.getcwd(), os.fsdecode(path)))
    except (TypeError, ValueError):
        return False
    return text == str(DATA) or text.startswith(str(DATA) + os.sep)


@cache
def _finds_the_project(script: str) -> bool:
    """Whether scripts/<name>.py runs a command that reads the project it is started in (project_root())."""
    wrapper = ROOT / "scripts" / Path(script).name
    found = re.search(r'run\("([\w.]+)"\)', wrapper.read_text(encoding="utf-8")) if wrapper.is_file() else None
    if not found:
        return False
    module = ROOT / (found.group(1).replace(".", "/") if "." in found.group(1) else f"banma/cli/{found.group(1)}")
    return module.with_suffix(".py").is_file() and "project_root(" in module.with_suffix(".py").read_text("utf-8")


def _runs_on_the_checkout(argv: list[str], cwd) -> bool:
    """MkDocs or a project command started in the checkout without --root reads its data/; so does any program
    handed a path inside data/."""
    if any(_inside_data(arg, cwd) for arg in argv if isinstance(arg, str) and ("/" in arg or arg.startswith("data"))):
        return True
    where = Path(os.fsdecode(cwd)) if cwd else Path.cwd()
    if "--root" in argv or "--repo" in argv or where.resolve() != ROOT or not argv:
        return False
    program = Path(str(argv[0])).name
    generator = program in ("mkdocs", "properdocs") or (program.startswith("python") or Path(str(argv[0])).parent
                                                         == _PYTHON_BIN) and "mkdocs" in argv[1:3]
    return generator or any(str(arg).endswith(".py") and _finds_the_project(str(arg)) for arg in argv[:3])


def _relative_to_a_folder_handle(event: str, path) -> bool:
    """A bare name opened (shutil.rmtree's os.open(name, dir_fd=…) inside any folder it removes): the audit event
    does not carry the folder, and a bare "data" is no read of data/ (open() of the folder itself would fail)."""
    return event == "open" and isinstance(path, (str, bytes)) and os.sep not in os.fsdecode(path)


class DataReads:
    """Records reads of data/ (an audit hook): by the running test, or by a test module being imported."""

    def __init__(self) -> None:
        self.test: str | None = None  # the test whose setup, call or teardown is running
        self.by_test: list[str] = []
        self.modules: set[str] = set()  # test modules (file names) that read data/ when imported

    def note(self, what: str) -> None:
        if self.test is not None:
            if len(self.by_test) < 5:
                self.by_test.append(what)
            return
        frame = sys._getframe(1)
        while frame is not None:
            name = frame.f_code.co_filename
            if frame.f_code.co_name == "<module>" and Path(name).name.startswith("test_") and name.startswith(
                    str(TESTS)):
                self.modules.add(str(Path(name).resolve()))
            frame = frame.f_back

    def audit(self, event: str, args: tuple) -> None:
        if event == "open" or event in ("os.scandir", "os.listdir"):
            if args and _inside_data(args[0]) and not _relative_to_a_folder_handle(event, args[0]):
                self.note(f"{event} {os.fsdecode(args[0])}")
        elif event == "subprocess.Popen":
            _executable, argv, cwd, _env = args
            argv = [os.fsdecode(a) if isinstance(a, (bytes, os.PathLike)) else a for a in
                    (argv if isinstance(argv, (list, tuple)) else [argv])]
            if _runs_on_the_checkout(argv, cwd):
                self.note("runs " + " ".join(map(str, argv))[:200])


READS = DataReads()


def note(what: str) -> None:
    """For helpers that read data/ without opening a file in this process (a cached load, a build on the checkout)."""
    READS.note(what)
