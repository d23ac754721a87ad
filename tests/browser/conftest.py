"""Real headless Chromium (Debian's package) against the built site served on 127.0.0.1."""
from __future__ import annotations

import functools
import os
import shutil
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from sitebuild import ROOT, build

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
VIEWPORTS = {
    "phone": {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True,
              "device_scale_factor": 2},
    "desktop": {"viewport": {"width": 1280, "height": 900}},
}


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


class _Quiet(SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@pytest.fixture(scope="session")
def site_url(tmp_path_factory) -> str:
    site_dir = tmp_path_factory.mktemp("browser") / "site"
    result = build(ROOT, site_dir)
    assert result.returncode == 0, result.stderr
    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(site_dir)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()


class Visit:
    """A browser context at one viewport that records every request and console error."""

    def __init__(self, browser, name: str, base: str):
        self.name = name
        self.base = base
        self.context = browser.new_context(locale="zh-CN", **VIEWPORTS[name])
        self.requests: list[str] = []
        self.errors: list[str] = []
        self.context.on("request", lambda request: self.requests.append(request.url))
        self.page = self.context.new_page()
        self.page.on("console", lambda message: message.type == "error" and self.errors.append(message.text))
        self.page.on("pageerror", lambda error: self.errors.append(str(error)))

    def open(self, path: str = ""):
        self.page.goto(self.base + path)
        self.page.wait_for_load_state("load")
        return self.page

    def foreign_requests(self) -> list[str]:
        return [url for url in self.requests
                if urlsplit(url).hostname not in ("127.0.0.1",) and not url.startswith(("data:", "blob:"))]


@pytest.fixture(params=list(VIEWPORTS))
def visit(request, browser, site_url):
    session = Visit(browser, request.param, site_url)
    yield session
    session.context.close()
    assert not session.foreign_requests(), session.foreign_requests()
    assert not session.errors, session.errors
