"""Real headless Chromium (Debian's package) against the built site served on 127.0.0.1."""
from __future__ import annotations

import functools
import shutil
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from browser_session import VIEWPORTS, Visits

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/browser/" in str(item.fspath):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def browser_type_launch_args():
    if not Path(CHROMIUM).exists():
        pytest.fail("Debian's chromium is missing: apt-get install chromium fonts-noto-cjk (scripts/setup.sh --test)")
    return {
        "executable_path": CHROMIUM,
        "args": ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync",
                 "--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE 127.0.0.1 , EXCLUDE localhost"],
    }


class _TestBrowser:
    """The browser the tests get: its contexts bypass the site's content policy unless a test keeps it
    (`bypass_csp=False`: the policy's own tests). Playwright evaluates a `wait_for_function` predicate in the page,
    which the policy (no 'unsafe-eval') rightly forbids."""

    def __init__(self, browser):
        self._browser = browser

    def new_context(self, **kwargs):
        kwargs.setdefault("bypass_csp", True)
        return self._browser.new_context(**kwargs)

    def __getattr__(self, name):
        return getattr(self._browser, name)


@pytest.fixture(scope="session")
def browser(browser):  # pytest-playwright's, wrapped
    return _TestBrowser(browser)


class _Quiet(SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


def _serve(site_dir: Path):
    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(site_dir)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


@pytest.fixture(scope="session")
def site_url(real_site_build) -> str:
    server = _serve(real_site_build)
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()


@pytest.fixture(scope="session")
def fixture_site_url(minimal_site) -> str:
    """The small fixture data set, whose landmarks have kilometre marks and coordinates."""
    server = _serve(minimal_site)
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()


@pytest.fixture(scope="module")
def _visit_pool(browser):
    pool = Visits(browser)
    yield pool
    pool.close()


@pytest.fixture
def visits(_visit_pool):
    """Browser contexts made once per module and lent to each test afresh (tests/browser_session.py): `visits.get(
    base, "phone", elder=True)`. After the test, no page it opened may have asked another host for anything or logged
    a console error."""
    yield _visit_pool
    problems = _visit_pool.give_back()
    assert not problems, problems


@pytest.fixture(params=list(VIEWPORTS))
def visit(request, visits, site_url):
    """The real site at a phone's and at a desktop's viewport."""
    return visits.get(site_url, request.param)
