"""Fixtures every test folder shares: the sites built once per run (shared by pytest-xdist's workers), a writable
copy of the small fixture project, and the `reads_data` mark (tests/data_reads.py)."""
import os
import shutil
import sys
import tempfile
from pathlib import Path

import pytest
from data_reads import EDITOR_PATH_COPY, MARK, READS, REAL_DATA_FIXTURES, note
from sitebuild import shared_folder

ROOT = Path(__file__).resolve().parents[1]
FIXTURE = ROOT / "tests" / "fixtures" / "minimal"
# Hypothesis keeps its caches outside the checkout (tests leave the work tree as they found it).
os.environ.setdefault("HYPOTHESIS_STORAGE_DIRECTORY", os.path.join(tempfile.gettempdir(), "banma-hypothesis"))
sys.addaudithook(READS.audit)


def _build_real(folder: Path) -> None:
    from sitebuild import build

    result = build(ROOT, folder / "site")  # (with an empty image cache of its own: sitebuild.build)
    assert result.returncode == 0, result.stderr


@pytest.fixture(scope="session")
def real_site_build(tmp_path_factory) -> Path:
    """(For session fixtures; tests ask for real_site.)"""
    return shared_folder(tmp_path_factory, "real", _build_real) / "site"


@pytest.fixture
def real_site(real_site_build) -> Path:
    """The real data/ built once per test run (the site tests read it, the browser tests serve it). Each test that
    asks for it reads data/ (even through request.getfixturevalue: tests/data_reads.py)."""
    note("real_site")
    return real_site_build


def _build_real_zensical(folder: Path) -> None:
    import subprocess

    from sitebuild import EDIT_URL
    env = {**os.environ, "SITE_URL": "https://banma-suhe.test/", "SITE_EDIT_URL": EDIT_URL, "NO_MKDOCS_2_WARNING": "1",
           "XDG_CACHE_HOME": str(folder / "cache")}  # (an empty image cache, as the MkDocs build's)
    result = subprocess.run([sys.executable, str(ROOT / "scripts/build_zensical.py"), "--keep", str(folder / "project"),
                             "--site", str(folder / "site")], env=env, capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.fixture(scope="session")
def real_zensical_site(tmp_path_factory) -> Path:
    """The real data/ built once per run by Zensical (scripts/build_zensical.py), as the MkDocs build is built."""
    return shared_folder(tmp_path_factory, "real-zensical", _build_real_zensical) / "site"


@pytest.fixture
def real_records():
    """The real data/, loaded once (real_items.records(): the same object)."""
    import real_items

    return real_items.records()


@pytest.fixture(scope="session")
def minimal_site(tmp_path_factory) -> Path:
    """The small fixture project (tests/fixtures/minimal) built once per run with MkDocs, as CI builds, with every
    optional setting of a public-sector site configured (sitebuild.CONFIGURED: the footer, the error-report link):
    its site folder (the project beside it, `minimal_site.parent / "project"`). Read it; never change it."""
    from sitebuild import CONFIGURED, built_site

    return shared_folder(tmp_path_factory, "minimal", lambda folder: built_site(folder, env=CONFIGURED)) / "site"


@pytest.fixture
def project(tmp_path) -> Path:
    """A writable copy of the small valid fixture project."""
    target = tmp_path / "project"
    shutil.copytree(FIXTURE, target)
    return target


# Sites built with MkDocs or Zensical (once per run, but a build all the same): a test reading one is `slow`, not
# in the quick set (`-m "not slow and not browser"`: the code's own tests, no site build, no server, no browser).
BUILT_SITES = {"real_site", "real_site_build", "minimal_site", "fixture_site", "real_zensical_site"}


@pytest.hookimpl(tryfirst=True)  # before -m selects by marks
def pytest_collection_modifyitems(items):
    """A test that asks for a built site is slow. A test that asks for a fixture made from data/, or whose module
    read data/ when imported, reads data/.
    Then the modules marked `starts_first`, then those with slow or browser tests, then the rest: scripts/test.sh
    hands whole modules to pytest-xdist's workers in this order (--dist loadscope --no-loadscope-reorder), so that
    the longest do not start last."""
    for item in items:
        module, fixtures = str(Path(str(item.fspath)).resolve()), set(getattr(item, "fixturenames", ()))
        if BUILT_SITES & fixtures:
            item.add_marker("slow")
        if REAL_DATA_FIXTURES & fixtures or module in READS.modules:
            item.add_marker(MARK)
    first = {getattr(item, "module", None) for item in items if item.get_closest_marker("starts_first")}
    long_modules = {getattr(item, "module", None) for item in items
                    if item.get_closest_marker("slow") or (ROOT / "tests/browser") in Path(str(item.fspath)).parents}
    items.sort(key=lambda item: (getattr(item, "module", None) not in first,  # (stable: each part's order kept)
                                 getattr(item, "module", None) not in long_modules))


EDITOR_PATH = ROOT / "tests" / "test_editor_path.py"


class _RunOnce:
    """When the editor-path test is in the run, it runs every test that reads data/ (browser tests aside) on its copy
    of the checkout, which holds all of today's data/ and an editor's changes besides: those tests are left out
    here, so that none runs twice. Without it (the quick set, one file), they run here on data/ as it is."""

    @pytest.hookimpl(trylast=True)  # after -m, -k and the browser folder's marks
    def pytest_collection_modifyitems(self, config, items):
        if os.environ.get(EDITOR_PATH_COPY) or not any(Path(str(i.fspath)) == EDITOR_PATH for i in items):
            return
        there = [item for item in items if item.get_closest_marker(MARK) and not item.get_closest_marker("browser")
                 and Path(str(item.fspath)) != EDITOR_PATH]
        if there:
            config.hook.pytest_deselected(items=there)
            left_out = set(there)
            items[:] = [item for item in items if item not in left_out]


def pytest_configure(config):
    config.pluginmanager.register(_RunOnce(), "banma-run-once")


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_protocol(item, nextitem):
    READS.test, READS.by_test = item.nodeid, []
    try:
        yield
    finally:
        READS.test = None


@pytest.hookimpl(wrapper=True)
def pytest_runtest_call(item):
    result = yield  # (a failing test's own error is reported as it is)
    if READS.by_test and not item.get_closest_marker(MARK):
        read = "\n  ".join(READS.by_test)
        pytest.fail(f"本测试读取了 data/，却没有标记 @pytest.mark.{MARK}（见 developers/tests.md）。\n"
                    f"This test reads data/ but is not marked @pytest.mark.{MARK} (developers/tests.md): the "
                    f"editor-path test would not run it on an editor's changes. It read:\n  {read}", pytrace=False)
    return result
