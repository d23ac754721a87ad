"""The Zensical build (scripts/build_zensical.py) in Debian's Chromium: its search is ours (the same query sets as
the MkDocs build's search test, the same index files fetched before the first result, never Zensical's own index),
elder mode enlarges it, the map draws and links, elder mode holds across a reload, axe finds nothing serious, and
nothing is requested from another host."""
from __future__ import annotations

import gzip
from urllib.parse import urlsplit

import pytest
import real_items
import test_search_in_browser as mkdocs_search  # the MkDocs build's search test: its query sets
from axe_playwright_python.sync_playwright import Axe
from browser_session import VIEWPORTS, Visit
from conftest import _serve


@pytest.fixture(scope="module")
def zensical_url(real_zensical_site):
    server = _serve(real_zensical_site)  # (tests/conftest.py: one Zensical build per run)
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()


def zensicals_own_index(requests: list[str]) -> list[str]:
    """Requests for Zensical's own search (its whole-site index, its worker): none may happen."""
    return [url for url in requests if urlsplit(url).path.endswith(("/search.json", "/search.js", "/search_index.json"))
            or "/workers/search." in url]


def check_search_files(session: Visit) -> None:
    assert not session.missing, session.missing  # no query asked for an index file that does not exist
    assert not zensicals_own_index(session.requests), zensicals_own_index(session.requests)


def check_session(session: Visit) -> None:
    assert not session.foreign_requests() and not session.errors, (session.foreign_requests(), session.errors)
    check_search_files(session)


@pytest.fixture(scope="module")
def phone(browser, zensical_url):
    """One phone session for the query sets (the header's search icon opens the dialog, as on Material's phones)."""
    session = Visit(browser, "phone", zensical_url)
    session.open()
    yield session
    session.context.close()
    check_session(session)


@pytest.fixture
def zensical_visit(visits, zensical_url):
    """Lends visits of the Zensical build (`zensical_visit("desktop", elder=True)`): after the test, none asked for
    a missing file or for Zensical's own index (the visits fixture then checks the rest)."""
    lent = []

    def lend(name: str = "phone", elder: bool = False, **options) -> Visit:
        lent.append(visits.get(zensical_url, name, elder, **options))
        return lent[-1]
    yield lend
    for session in lent:
        check_search_files(session)


@pytest.fixture
def zensical_page(zensical_visit, zensical_url):
    page = zensical_visit().page
    page.base = zensical_url
    return page


def open_search(page) -> None:
    """The search dialog, opened as a visitor does: the header's button on wide screens, its icon on phones."""
    button = page.locator(".hm-zsearch__button")
    if button.is_visible():
        button.click()
    else:
        page.locator("label.md-header__button[for='__search']").click()
    page.locator("input.md-search__input").wait_for()


def results(page, query: str) -> list[tuple[str, str]]:
    """(URL from the site root, kind label) of each result, in order: as the MkDocs test reads Material's box."""
    return typed(page, [query])[0]


def typed(page, queries: list[str]) -> list[list[tuple[str, str]]]:
    """The results of each query, in one call (the MkDocs test's answers()), the dialog opened first."""
    if not page.locator("input.md-search__input").is_visible():
        open_search(page)
    return mkdocs_search.answers(page, queries)


def test_nothing_is_fetched_for_search_before_it_is_opened(zensical_visit, zensical_url):
    visit = zensical_visit("first visit", profile=VIEWPORTS["phone"])  # (a context of its own: an empty cache)
    visit.page.goto(zensical_url)
    visit.page.wait_for_load_state("networkidle")
    requests = visit.requests
    index = [url for url in requests if "/search/" in url or "search-worker" in url or zensicals_own_index([url])]
    assert requests and not index, index  # the page's own script (zensical-search.js) starts the worker on opening


def judge(query: str, url: str, within: int, excuse, urls: list[str], names: dict[str, list[str]]) -> str | None:
    """The MkDocs search test's rule for one case of its query set: the URL is found, no overview page is above an
    item the query names, and it is within the first n unless every result above it is an item the query names as
    well (excuse(query, name)). None when the case passes."""
    above = urls[:urls.index(url)] if url in urls else None
    if above is None:
        return f"{query!r}: {url} not found: {urls[:5]}"
    if excuse is mkdocs_search._is and url in names and any(other not in names for other in above):
        return f"{query!r}: an overview above {url}: {above}"
    excused = excuse is not None and all(any(excuse(query, n) for n in names.get(other, [])) for other in above)
    if len(above) >= within and not excused:
        return f"{query!r}: {url} not in first {within}: {urls[:5]}"
    return None


def test_the_query_set_finds_each_page_near_the_top_and_each_once(phone):
    """The MkDocs build's query set (names, aliases, parts, pinyin, initials, titles), judged by the same rule."""
    names, misses, twice = mkdocs_search.item_names(), [], []
    queries = mkdocs_search.query_set()
    for (query, url, within, *excuse), found in zip(queries, typed(phone.page, [q[0] for q in queries]), strict=True):
        urls = [url_ for url_, _ in found]
        misses.append(judge(query, url, within, excuse[0] if excuse else None, urls, names))
        if len(urls) != len(set(urls)):
            twice.append(f"{query!r}: {urls}")
    assert not any(misses), "\n".join(filter(None, misses))
    assert not twice, "\n".join(twice)  # Zensical's own search listed every place twice


def test_what_visitors_type_finds_the_page_near_the_top(phone):
    """The MkDocs build's visitor query set: synonyms, traditional characters, questions, two words, numerals."""
    misses, queries = [], mkdocs_search.visitor_query_set()
    for (query, urls, within), answer in zip(queries, typed(phone.page, [q[0] for q in queries]), strict=True):
        found = [url for url, _ in answer]
        if not urls & set(found[:within]):
            misses.append(f"{query!r}: none of {sorted(urls)[:3]} in first {within}: {found[:5]}")
    assert not misses, "\n".join(misses)


def test_results_narrow_to_one_kind(phone):
    page = phone.page
    assert {kind for _, kind in results(page, "长风")} > {"地点"}
    page.locator(".hm-search-kinds a", has_text="地点").click()
    page.wait_for_function("[...document.querySelectorAll('.md-search-result__item .hm-kind')]"
                           ".every(t => t.textContent === '地点')")
    page.locator(".hm-search-kinds a", has_text="全部").click()
    page.wait_for_function("new Set([...document.querySelectorAll('.md-search-result__item .hm-kind')]"
                           ".map(t => t.textContent)).size > 1")


def test_every_result_is_reachable(phone, real_site):
    """More results than the first answer holds (30): site.js's button asks the worker for the rest, as under MkDocs.
    The query is the pair of characters most documents hold (the index files are the same in both builds)."""
    token, count = mkdocs_search.busiest_pair(real_site)
    page = phone.page
    assert len(results(page, token)) == 30
    button = page.locator(".hm-search-more")
    button.wait_for()
    assert button.inner_text() == f"显示全部 {count} 个结果"
    button.click()
    page.wait_for_function(f"document.querySelectorAll('.md-search-result__item').length === {count}")
    assert str(count) in page.locator(".md-search-result__meta").inner_text() and button.is_hidden()


@pytest.mark.parametrize("event", ["paste", "compositionend"])
def test_paste_and_ime_search_without_a_key(zensical_visit, event):
    """(Under the pages' content policy: the script, its worker and the dialog need nothing it forbids.)"""
    page = zensical_visit(keep_policy=True).open()
    open_search(page)
    name = real_items.records().landmarks[real_items.landmark()].name
    script = {"paste": "(el, text) => { el.value = text; el.dispatchEvent(new InputEvent('input', "
                       "{inputType: 'insertFromPaste', data: text, bubbles: true})); }",
              "compositionend": "(el, text) => { el.value = text; el.dispatchEvent(new InputEvent('input', "
                                "{isComposing: true, bubbles: true})); el.dispatchEvent(new CompositionEvent("
                                "'compositionend', {data: text, bubbles: true})); }"}[event]
    page.locator("input.md-search__input").evaluate(script, name)
    page.wait_for_selector(".md-search-result__item", timeout=5000)
    assert page.locator(".md-search-result__item h2").first.inner_text().endswith(name)


def first_result(browser, base: str, query: str, zensical: bool) -> dict[str, bytes]:
    """What a phone fetches to open the home page and see one query's first result: {URL path: body}."""
    session = Visit(browser, "phone", base)
    fetched: dict[str, bytes] = {}

    def keep(response):
        try:
            fetched[urlsplit(response.url).path] = response.body()
        except Exception:  # redirects and aborted requests have no body
            pass
    session.context.on("response", keep)
    page = session.open()
    page.wait_for_load_state("networkidle")
    page.locator("label.md-header__button[for='__search']").click()
    field = page.locator("input.md-search__input")
    field.fill(query)
    field.press("End")  # (Material searches on key-up)
    page.locator(".md-search-result__item").first.wait_for()
    page.wait_for_load_state("networkidle")
    session.context.close()
    if zensical:
        check_session(session)
    return fetched


def our_search(fetched) -> list[str]:
    """Our search's files among those fetched: the worker and the index's."""
    return sorted(path for path in fetched if path.startswith("/search/hm/") or path.endswith("/search-worker.js"))


def gzip_bytes(fetched: dict[str, bytes]) -> int:
    return sum(len(gzip.compress(body, 6)) for body in fetched.values())


def test_bytes_to_the_first_result_are_the_mkdocs_builds(browser, zensical_url, site_url):
    """The budget (≤ half of plain Material's on a phone, developers/measurements.md) is held by the MkDocs build.
    Under Zensical the search fetches the very same files (our worker, the shards the query needs), byte for byte;
    besides the page and each theme's own bundle and stylesheet, the only other file is our small script."""
    query = real_items.records().landmarks[real_items.landmark()].name
    zensical = first_result(browser, zensical_url, query, True)
    mkdocs = first_result(browser, site_url, query, False)
    assert not zensicals_own_index(list(zensical))
    search = our_search(zensical)
    assert search == our_search(mkdocs) and "/search/hm/meta.json" in search
    assert [zensical[path] for path in search] == [mkdocs[path] for path in search]
    theme = ("/assets/stylesheets/classic/", "/assets/stylesheets/main.", "/assets/javascripts/bundle.",
             "/assets/images/favicon.png")  # (Material's favicon, which Zensical's page asks for at once)
    extra = sorted(path for path in set(zensical) - set(mkdocs) if not path.startswith(theme))
    assert extra == ["/assets/javascripts/zensical-search.js"], extra
    assert len(gzip.compress(zensical[extra[0]], 6)) <= 4096
    print(f"\nbytes to the first result, gzip: Zensical {gzip_bytes(zensical)} (its theme "
          f"{gzip_bytes({p: b for p, b in zensical.items() if p.startswith(theme)})}), MkDocs {gzip_bytes(mkdocs)} "
          f"(its theme {gzip_bytes({p: b for p, b in mkdocs.items() if p.startswith(theme)})})")


def test_keyboard_slash_type_arrow_enter(zensical_visit):
    page = zensical_visit("desktop").open()
    page.keyboard.press("/")
    assert page.evaluate("document.activeElement.classList.contains('md-search__input')")
    landmark_id = real_items.landmark()
    name = real_items.records().landmarks[landmark_id].name
    page.keyboard.type(name)
    page.locator(".md-search-result__item").first.wait_for()
    for _ in range(12):  # the kind filter first, then the results
        page.keyboard.press("ArrowDown")
        if page.evaluate("!!document.activeElement.closest('.md-search-result__list')"):
            break
    page.keyboard.press("Enter")
    page.wait_for_url(f"**/landmarks/{landmark_id}/**")
    assert page.locator("h1").first.inner_text() == name


@pytest.mark.parametrize("viewport", ["phone", "desktop"])
@pytest.mark.parametrize("elder", [False, True])
def test_open_results_pass_axe_and_follow_elder_mode(zensical_visit, viewport, elder):
    page = zensical_visit(viewport, elder).open()
    open_search(page)
    assert results(page, "长风")
    assert page.locator(".md-search-result__meta").get_attribute("aria-live") == "polite"
    if elder:
        field = page.evaluate("(e => [parseFloat(getComputedStyle(e).fontSize), e.getBoundingClientRect().height])"
                              "(document.querySelector('input.md-search__input'))")
        assert field[0] >= 24 and field[1] >= 60, field
        sizes = page.evaluate("[...document.querySelectorAll('.md-search-result__article h2, .md-search-result__article p,"
                              " .md-search-result__meta, .hm-search-kinds a, .hm-zsearch__close')]"
                              ".map(e => parseFloat(getComputedStyle(e).fontSize))")
        assert min(sizes) >= 18, sizes
        close = page.locator(".hm-zsearch__close").bounding_box()
        assert close["height"] >= 60 and close["width"] >= 60, close
    page.wait_for_function("document.getAnimations().length === 0")
    violations = Axe().run(page, options={"runOnly": ["wcag2a", "wcag2aa"]}).response["violations"]
    assert violations == [], [(v["id"], [n["target"] for n in v["nodes"]]) for v in violations]
    page.locator(".hm-zsearch__close").click()  # and it closes
    assert not page.locator("input.md-search__input").is_visible()


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
