"""The Zensical build (scripts/build_zensical.py) in Debian's Chromium: its search box finds a place by name, the map
draws and links, elder mode works, axe finds nothing serious, and nothing is requested from another host.
(Search is Zensical's own there — README lists what it does not do: pinyin, our ranking.)"""
from __future__ import annotations

import os
import subprocess
import sys

import pytest
import real_items
from axe_playwright_python.sync_playwright import Axe
from conftest import _serve
from sitebuild import EDIT_URL, ROOT


@pytest.fixture(scope="module")
def zensical_url(tmp_path_factory):
    base = tmp_path_factory.mktemp("zensical-browser")
    env = {**os.environ, "SITE_URL": "https://banma-suhe.test/", "SITE_EDIT_URL": EDIT_URL}
    result = subprocess.run([sys.executable, str(ROOT / "scripts/build_zensical.py"), "--keep", str(base / "project"),
                             "--site", str(base / "site")], env=env, capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stdout + result.stderr
    server = _serve(base / "site")
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()


@pytest.fixture
def zensical_page(browser, zensical_url):
    context = browser.new_context(locale="zh-CN", viewport={"width": 390, "height": 844})
    page = context.new_page()
    elsewhere, errors = [], []
    page.on("request", lambda r: not r.url.startswith(("http://127.0.0.1", "data:", "blob:")) and elsewhere.append(r.url))
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.base = zensical_url
    yield page
    context.close()
    assert not elsewhere and not errors, (elsewhere, errors)


def test_search_finds_a_place_by_name(zensical_page):
    from banma.records.loader import load_site
    landmark_id = real_items.landmark()
    name = load_site(ROOT).landmarks[landmark_id].name
    zensical_page.goto(zensical_page.base)
    button = zensical_page.locator(".md-search__button")
    if button.is_visible():
        button.click()
    else:  # phones: the header's search icon
        zensical_page.locator("label.md-header__button[for='__search']").first.click()
    zensical_page.wait_for_timeout(300)
    zensical_page.keyboard.type(name)
    first = zensical_page.locator("[role=option]").first
    first.wait_for()
    assert f"/landmarks/{landmark_id}/" in first.get_attribute("href")


def test_the_map_draws_and_elder_mode_holds(zensical_page):
    zensical_page.goto(zensical_page.base + "landmarks/")
    summary = zensical_page.locator("details.hm-course__tall > summary").first
    summary.click()
    svg = zensical_page.locator(".hm-course__svg--tall").first
    assert svg.is_visible() and svg.locator("a").count() >= 1
    zensical_page.locator("[data-hm-elder-toggle]").first.click()
    zensical_page.wait_for_function("document.documentElement.hasAttribute('data-hm-elder')")
    zensical_page.reload()  # remembered on this device
    assert zensical_page.evaluate("document.documentElement.hasAttribute('data-hm-elder')")
    size = zensical_page.evaluate("parseFloat(getComputedStyle(document.querySelector('.md-typeset p')).fontSize)")
    assert size >= 20


@pytest.mark.parametrize("path", ["", f"landmarks/{real_items.landmark()}/", "plan/"])
def test_axe_finds_nothing_serious(zensical_page, path):
    zensical_page.goto(zensical_page.base + path)
    results = Axe().run(zensical_page, options={"runOnly": ["wcag2a", "wcag2aa"]})
    serious = [f"{v['id']}: {[n['target'] for n in v['nodes']][:3]}" for v in results.response["violations"]
               if v["impact"] in ("serious", "critical")]
    assert not serious, serious
