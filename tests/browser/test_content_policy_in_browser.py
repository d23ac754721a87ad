"""The content policy of public pages in Chromium (issue 35): no page, search or elder-mode switch makes the browser
refuse anything — no `securitypolicyviolation` event and no CSP message in the console — while the policy is in
force (the inline scripts that make elder mode and Material's search work run by their hashes).

Every page of the small fixture's site is opened (the sitemap lists them: home, index pages, landmarks, routes,
stories, the plan, sources …), then search is used with a typed query and elder mode switched on and kept across a
reload. A test first shows that the recorder sees a violation when there is one.
"""
from __future__ import annotations

import re
from urllib.parse import urlsplit

import pytest
from browser_session import Visit

RECORDER = """
window.__csp = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.__csp.push(event.violatedDirective + " " + (event.blockedURI || "inline") + " " + event.sourceFile);
});
"""
CSP_MESSAGE = re.compile(r"Content.Security.Policy", re.IGNORECASE)


class PolicyVisit(Visit):
    """A phone visit that keeps every CSP violation and every console message naming the policy."""

    def __init__(self, browser, base: str):
        super().__init__(browser, "phone", base, keep_policy=True)
        self.context.add_init_script(RECORDER)
        self.violations: list[str] = []
        self.page.on("console", lambda message: CSP_MESSAGE.search(message.text)
                     and self.violations.append(f"console: {message.text}"))

    def collect(self, where: str) -> None:
        self.page.wait_for_timeout(300)  # events from late scripts (the search worker's answers, images)
        self.violations += [f"{where}: {text}" for text in self.page.evaluate("window.__csp || []")]


@pytest.fixture
def visit(browser, fixture_site_url):
    session = PolicyVisit(browser, fixture_site_url)
    yield session
    session.context.close()


def pages_of(session: PolicyVisit) -> list[str]:
    """Every page of the site, as paths from its root, from its sitemap (built for another address)."""
    sitemap = session.context.request.get(session.base + "sitemap.xml").text()
    return [urlsplit(loc).path.lstrip("/") for loc in re.findall(r"<loc>([^<]+)</loc>", sitemap)]


def test_the_recorder_sees_a_refused_inline_script(visit):
    """An inline script added to a served page (not hashed at build time) is refused and recorded."""
    def with_extra_script(route):
        response = route.fetch()
        route.fulfill(response=response, body=response.text().replace("</body>", "<script>window.ran=1</script></body>"))
    visit.page.route("**/", with_extra_script)
    visit.open()
    visit.collect("home")
    assert visit.page.evaluate("window.ran === undefined")
    assert any("script-src" in text for text in visit.violations), visit.violations


def test_no_page_breaks_the_policy(visit):
    paths = pages_of(visit)
    kinds = {path.split("/")[0] for path in paths}
    assert {"", "landmarks", "routes", "stories", "plan", "sources"} <= kinds, kinds
    for path in paths:
        page = visit.open(path)
        # The elder-mode button shows only once the inline script in <head> has run (class hm-js).
        assert page.evaluate("document.documentElement.classList.contains('hm-js')"), path
        visit.collect(path)
    visit.open("404.html")  # the page a server sends for a missing path (its links are from the site's root)
    visit.collect("404")
    assert not visit.violations, visit.violations
    assert not visit.errors, visit.errors


def test_search_and_elder_mode_under_the_policy(visit):
    landmark = next(path for path in pages_of(visit) if path.startswith("landmarks/") and path != "landmarks/")
    name = visit.open(landmark).locator("h1").first.inner_text().strip()
    page = visit.open()
    page.locator("label.md-header__button[for='__search']").click()
    page.locator("input.md-search__input").click()
    page.keyboard.type(name)
    page.keyboard.press("End")  # Material searches on key-up; Chinese text is typed without one
    page.wait_for_selector(".md-search-result__item", timeout=10000)
    assert name in page.locator(".md-search-result__item").first.inner_text().replace("\u200b", "")
    visit.collect("search")
    page.keyboard.press("Escape")
    page.locator("[data-hm-elder-toggle]").first.click()
    page.wait_for_function("document.documentElement.hasAttribute('data-hm-elder')")
    visit.collect("elder mode")
    page.reload()
    assert page.evaluate("document.documentElement.hasAttribute('data-hm-elder')")  # the inline script ran
    visit.collect("elder mode, reloaded")
    assert not visit.violations, visit.violations
    assert not visit.errors and not visit.foreign_requests(), (visit.errors, visit.foreign_requests())
