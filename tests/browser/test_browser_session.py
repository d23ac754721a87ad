"""The visits the browser tests share within a module (tests/browser_session.py): each test starts as on a new one,
and what a test's pages did wrong is reported for that test."""
from __future__ import annotations

from browser_session import Visits

REMEMBER = """async () => { localStorage.setItem('hm-elder', '1'); sessionStorage.setItem('x', '1');
    document.cookie = 'seen=1; path=/';
    await new Promise(done => { const r = indexedDB.open('drafts'); r.onsuccess = () => { r.result.close(); done(); }; }); }"""
REMEMBERED = """async () => [localStorage.length, sessionStorage.length, document.cookie, (await indexedDB.databases()).length]"""


def test_a_visit_given_back_remembers_nothing_of_the_test_before(browser, site_url):
    pool = Visits(browser)
    try:
        page = pool.get(site_url, "phone").open()
        page.evaluate(REMEMBER)
        assert page.evaluate(REMEMBERED) == [1, 1, "seen=1", 1]
        assert pool.give_back() == []
        again = pool.get(site_url, "phone")
        assert again.page is page and page.url == "about:blank"
        page = again.open()
        assert page.evaluate(REMEMBERED) == [0, 0, "", 0]
        assert not page.evaluate("document.documentElement.hasAttribute('data-hm-elder')")
    finally:
        pool.close()


def test_a_console_error_is_reported_for_the_test_that_made_it(browser, site_url):
    pool = Visits(browser)
    try:
        pool.get(site_url, "desktop").open().evaluate("console.error('broken')")
        assert pool.give_back() == ["desktop: console error: broken"]
        pool.get(site_url, "desktop").open()
        assert pool.give_back() == []
    finally:
        pool.close()
