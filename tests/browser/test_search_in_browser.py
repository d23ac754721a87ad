"""Search as visitors use it, in Chromium: names, aliases, parts, pinyin, initials and plan terms.

The query set is made from the data (so it follows editors' changes) with expectations a visitor
would have, computed here with pypinyin, not by the site's own search code. They are properties that
hold for any valid data (tests/search/test_ranking.py holds the same rules over generated data with
the Python ranking): a page is near the top unless only pages the query names as well are above it.
"""
from __future__ import annotations

import itertools

import pytest
import real_items
from axe_playwright_python.sync_playwright import Axe
from browser_session import Visit
from playwright.sync_api import TimeoutError as PlaywrightTimeout
from pypinyin import Style, lazy_pinyin, pinyin

SITE = real_items.records()  # data/, loaded once for every module that reads it
STATEMENTS = ("about/", "privacy/", "accessibility/", "data/")
KINDS = {"地点", "线路", "故事", "计划条目", "页面"}


def full_pinyin(name: str) -> str:
    return "".join(p for p in lazy_pinyin(name, style=Style.NORMAL) if p.isalnum()).lower()


def initials(name: str) -> str:
    return "".join(p[0] for p in lazy_pinyin(name, style=Style.NORMAL) if p[:1].isalnum()).lower()


def readings(name: str) -> set[str]:
    """Every way a visitor may read a name: each character in each of its readings, in full and by initials."""
    choices = [[c for c in options if c.isalnum()] or [""] for options in
               pinyin(name, style=Style.NORMAL, heteronym=True)]
    found = {full_pinyin(name), initials(name)}
    for reading in itertools.islice(itertools.product(*choices), 256):
        found |= {"".join(reading).lower(), "".join(s[:1] for s in reading).lower()}
    return found


def item_names() -> dict[str, list[str]]:
    """URL -> names of every item (places, routes, stories); any other result is an overview."""
    names = {f"landmarks/{i}/": [lm.name, *lm.aliases, *([lm.english_name] if lm.english_name else [])]
             for i, lm in SITE.landmarks.items()}
    names |= {f"routes/{i}/": [route.name] for i, route in SITE.routes.items()}
    return names | {f"stories/{i}/": [story.title] for i, story in SITE.stories.items()}


def _is(query: str, name: str) -> bool:  # the query is the name, typed or read
    return query == name or query in readings(name)


def _in(query: str, name: str) -> bool:  # the whole name is in the query (an overview titled with more words)
    return name in query


def _holds(query: str, name: str) -> bool:  # the name holds the query (a part of a name)
    return query in name


def query_set() -> list[tuple[str, str, int, object]]:
    """(query, URL that must be found, within the first n, excuse): the URL must be within the first n unless every
    result above it is an item with a name for which excuse(query, name) holds (a page named by the query as well),
    whatever else the data holds. Names that share words and pinyin with others are no exception."""
    landmarks, cases = SITE.landmarks, []
    for landmark_id, landmark in landmarks.items():
        url = f"landmarks/{landmark_id}/"
        for name in [landmark.name, *landmark.aliases]:
            cases.append((name, url, 1 if name == landmark.name else 3, _is))
            if not any(char.isascii() and char.isalnum() for char in name):  # pinyin of a Chinese name
                cases += [(full_pinyin(name), url, 3, _is), (initials(name), url, 3, _is)]
        if len(landmark.name) > 3:
            cases.append((landmark.name[:3], url, 3, _holds))
    cases += [(route.name, f"routes/{route_id}/", 1, _is) for route_id, route in SITE.routes.items()]
    cases += [(story.title, f"stories/{story_id}/", 1, _is) for story_id, story in SITE.stories.items()]
    cases += [(item.title, f"plan/#item-{item.id}", 3, _in) for _, item in SITE.plan_items.values()]
    return cases


def _has_toilets(landmark) -> bool:
    return any("厕所" in text for text in [*landmark.services, landmark.opening_hours or "", landmark.summary])


def visitor_query_set() -> list[tuple[str, set[str], int]]:
    """Queries as visitors type them, not as the pages word them: (query, URLs any of which is a right answer,
    within the first n). Made from the data; the forms (traditional characters, Chinese numerals) by OpenCC and
    by hand, not by the site's search code."""
    import re

    import opencc
    to_traditional = opencc.OpenCC("s2t").convert
    numerals = {1: "一", 2: "二", 3: "三", 4: "四", 5: "五", 6: "六", 7: "七", 8: "八", 9: "九", 10: "十",
                11: "十一", 12: "十二", 13: "十三", 14: "十四", 15: "十五", 16: "十六", 17: "十七", 18: "十八"}
    cases = []
    toilets = {f"landmarks/{i}/" for i, lm in SITE.landmarks.items() if _has_toilets(lm)}
    if toilets:
        cases += [(word, toilets, 3) for word in ("公厕", "卫生间", "洗手间", "toilet", "哪里有厕所")]
    for landmark_id, landmark in SITE.landmarks.items():
        url = {f"landmarks/{landmark_id}/"}
        if to_traditional(landmark.name) != landmark.name:
            cases.append((to_traditional(landmark.name), url, 3))
        cases += [(f"{landmark.name}在哪里", url, 3), (f"请问{landmark.name}怎么去", url, 3)]
        # A question about a fact finds the place first, whether or not its page gives that fact.
        cases += [(f"{landmark.name}{asked}", url, 1) for asked in ("几点开门", "开放时间", "地址", "门票")]
        kind = SITE.term("landmark_kinds", landmark.kind)
        cases.append((f"{landmark.name} {kind.name}", url, 3))  # two words
        line = re.search(r"(\d{1,2})号线", landmark.transport or "")
        if line and int(line.group(1)) in numerals:
            cases.append((f"{landmark.name} 地铁{numerals[int(line.group(1))]}号线", url, 3))
    for route_id, route in SITE.routes.items():
        if to_traditional(route.name) != route.name:
            cases.append((to_traditional(route.name), {f"routes/{route_id}/"}, 3))
    return cases


def results(page, query: str) -> list[tuple[str, str]]:
    """(URL from the site root, kind label) of each result, in order (the search box opened first on phones)."""
    if not page.locator("input.md-search__input").is_visible():
        page.locator("label.md-header__button[for='__search']").click()
    return answers(page, [query])[0]


# Queries typed into the open search box in one call (one round trip, not five per query): each query replaces the
# text as typing does (an input event, which site.js and our Zensical box search on); the box is first emptied, back
# to the placeholder, so the next change of the count line is this query's answer, read then.
ANSWERS = """async queries => {
    const config = JSON.parse(document.getElementById('__config').textContent);
    const placeholder = config.translations['search.result.placeholder'];
    const input = document.querySelector('input.md-search__input');
    const meta = document.querySelector('.md-search-result__meta');
    const until = test => new Promise((resolve, reject) => {
        if (test()) return resolve();
        const watch = new MutationObserver(() => { if (test()) { clearTimeout(timer); watch.disconnect(); resolve(); } });
        const timer = setTimeout(() => { watch.disconnect(); reject(new Error(`no answer to ${JSON.stringify(
            input.value)}: ${meta.textContent}`)); }, 15000);
        watch.observe(meta, {childList: true, characterData: true, subtree: true});
    });
    const type = text => {
        input.value = text;
        input.dispatchEvent(new InputEvent('input', {bubbles: true, inputType: 'insertText', data: text}));
    };
    const answers = [];
    input.focus();
    for (const query of queries) {
        type('');
        await until(() => meta.textContent.trim() === placeholder);
        type(query);
        await until(() => meta.textContent.trim() !== placeholder);
        answers.push([...document.querySelectorAll('.md-search-result__item')].map(item => {
            const link = item.querySelector('a'), kind = item.querySelector('.hm-kind');
            return [link && link.getAttribute('href'), kind && kind.innerText];
        }));
    }
    return [new URL(config.base, location).href, answers];
}"""


def answers(page, queries: list[str]) -> list[list[tuple[str, str]]]:
    """Each query's results, typed one after another into the box already open on `page`: (URL from the site
    root, kind label) of each, in order; every result has its link and kind label."""
    base, found = page.evaluate(ANSWERS, queries)
    for query, items in zip(queries, found, strict=True):
        assert all(href is not None and kind is not None for href, kind in items), (query, items)
    return [[(from_root(base, href), kind) for href, kind in items] for items in found]


def from_root(base: str, href: str) -> str:
    """A result's link as a URL from the site root, its query (the highlight's ?h=) left out, its #anchor kept."""
    path, _, anchor = href.replace(base, "").partition("#")
    return path.split("?")[0] + (f"#{anchor}" if anchor else "")


@pytest.fixture(scope="module")
def desktop(browser, site_url):
    session = Visit(browser, "desktop", site_url)
    session.open()
    yield session
    session.context.close()
    assert not session.foreign_requests() and not session.errors, (session.foreign_requests(), session.errors)
    assert not session.missing, session.missing  # no query asked for an index file that does not exist


def test_the_query_set_finds_each_page_near_the_top(desktop):
    names, misses, queries = item_names(), [], query_set()
    for (query, url, within, excuse), found in zip(queries, answers(desktop.page, [q[0] for q in queries]),
                                                   strict=True):
        urls = [url_ for url_, _ in found]
        above = urls[:urls.index(url)] if url in urls else None
        if above is None:
            misses.append(f"{query!r}: {url} not found: {urls[:5]}")
        elif excuse is _is and url in names and any(other not in names for other in above):  # an overview above
            misses.append(f"{query!r}: an overview above {url}: {above}")
        elif len(above) >= within and not all(any(excuse(query, n) for n in names.get(other, [])) for other in above):
            misses.append(f"{query!r}: {url} not in first {within}: {urls[:5]}")
    assert not misses, "\n".join(misses)


def test_what_visitors_type_finds_the_page_near_the_top(desktop):
    """Synonyms (toilet words, in English too), traditional characters, questions, two words, Chinese numerals."""
    misses, queries = [], visitor_query_set()
    for (query, urls, within), answer in zip(queries, answers(desktop.page, [q[0] for q in queries]), strict=True):
        found = [url for url, _ in answer]
        if not urls & set(found[:within]):
            misses.append(f"{query!r}: none of {sorted(urls)[:3]} in first {within}: {found[:5]}")
    assert not misses, "\n".join(misses)


def test_every_result_is_reachable(desktop, real_site):
    """A query with more results than the first answer holds: every one of them arrives (Material shows more as
    one scrolls). The query is the pair of characters most documents hold."""
    token, count = busiest_pair(real_site)
    page = desktop.page
    results(page, token)  # the first answer holds 30; the rest only when asked (no bytes before)
    assert "30" in page.evaluate("document.querySelector('.md-search-result__meta').textContent")
    button = page.locator(".hm-search-more")
    button.wait_for()
    assert button.inner_text() == f"显示全部 {count} 个结果"
    _button_stays_put_while_results_are_added(page)
    button.click()
    try:
        page.wait_for_function(f"document.querySelector('.md-search-result__meta').textContent.includes('{count}')")
    except PlaywrightTimeout:  # say what the page showed instead
        state = page.evaluate("[document.querySelector('.md-search-result__meta').textContent,"
                              " document.querySelector('input.md-search__input').value,"
                              " document.querySelectorAll('.md-search-result__item').length]")
        workers = [w.evaluate("[lastQuery, sequence, kindFilter, channel && channel.name]")
                   for w in page.workers]
        pytest.fail(f"after 'show all' for {token!r} ({count} results) the page shows {state}; workers {workers}; "
                    f"page channel {page.evaluate('document.documentElement.dataset.hmSearch')}")
    assert button.is_hidden()


def test_two_tabs_search_on_their_own(browser, site_url, real_site):
    """Every tab of the site shares BroadcastChannels by name: a kind chosen in one tab must not narrow another's
    results, nor its "show all" answer another's query."""
    token, count = busiest_pair(real_site)
    session = Visit(browser, "desktop", site_url)
    first, second = session.open(), session.context.new_page()
    second.goto(site_url)
    kinds = {kind for _, kind in results(first, token)}
    results(second, token)
    if len(kinds) < 2:
        pytest.skip("the busiest query's first answer holds one kind only")
    chosen = sorted(kinds)[0]
    first.locator(".hm-search-kinds a", has_text=chosen).click()
    first.wait_for_function("[...document.querySelectorAll('.md-search-result__item .hm-kind')]"
                            f".every(t => t.textContent === {chosen!r})")
    second.locator(".hm-search-more").click(timeout=10_000)  # still offered: the other tab's choice did not reach it
    second.wait_for_function("document.querySelector('.md-search-result__meta').textContent"
                             f".includes('{count}')", timeout=10_000)
    assert len(set(second.evaluate("[...document.querySelectorAll('.md-search-result__item .hm-kind')]"
                                   ".map(t => t.textContent)"))) > 1
    session.context.close()
    assert not session.errors, session.errors


def _button_stays_put_while_results_are_added(page) -> None:
    """Material adds results as one scrolls down the list: the button must not move away from a finger on its way."""
    where = "document.querySelector('.hm-search-more').getBoundingClientRect().top"
    shown = "document.querySelectorAll('.md-search-result__item').length"
    before, count = page.evaluate(where), page.evaluate(shown)
    page.evaluate("document.querySelector('.md-search__scrollwrap').scrollTop = 0")
    page.mouse.move(640, 450)
    page.mouse.wheel(0, 20000)  # to the end of the list, as a visitor scrolls
    page.wait_for_function(f"{shown} > {count}")  # Material added some
    page.evaluate("document.querySelector('.md-search__scrollwrap').scrollTop = 0")
    assert page.evaluate(where) == before


@pytest.mark.parametrize("query", ["12", "op", "zq", "9x"])
def test_queries_ask_for_no_missing_file(desktop, query):
    results(desktop.page, query)  # the fixture's teardown fails on any 4xx answer


@pytest.mark.parametrize("query", ["驿站", "长风", "半马苏河", "隐私", "长辈", "纪念馆"])
def test_statements_never_outrank_content_and_every_hit_says_what_it_is(desktop, query):
    found = results(desktop.page, query)
    assert found and all(kind in KINDS for _, kind in found)
    kinds_in_order = [url in STATEMENTS for url, _ in found]
    assert kinds_in_order == sorted(kinds_in_order)  # all content first, statements after


def test_the_site_name_finds_the_home_page_first(desktop):
    from banma.settings import SITE_NAME
    assert results(desktop.page, SITE_NAME)[0][0] == ""


def test_results_narrow_to_one_kind(desktop):
    page = desktop.page
    everything = results(page, "长风")
    assert {kind for _, kind in everything} > {"地点"}
    page.locator(".hm-search-kinds a", has_text="地点").click()
    page.wait_for_function("[...document.querySelectorAll('.md-search-result__item .hm-kind')]"
                           ".every(t => t.textContent === '地点')")
    narrowed = results(page, "长风")  # the filter holds for the next query too
    assert {kind for _, kind in narrowed} == {"地点"}
    # Material shows the first ten at once: every place among them is still there.
    assert {url for url, kind in everything if kind == "地点"} <= {url for url, _ in narrowed}
    page.locator(".hm-search-kinds a", has_text="全部").click()
    page.wait_for_function("new Set([...document.querySelectorAll('.md-search-result__item .hm-kind')]"
                           ".map(t => t.textContent)).size > 1")


@pytest.mark.parametrize("event", ["paste", "compositionend"])
def test_paste_and_ime_search_without_a_key(visits, site_url, event):
    page = visits.get(site_url, "phone").open()
    page.locator("label.md-header__button[for='__search']").click()
    name = next(iter(SITE.landmarks.values())).name
    script = {"paste": "el => { el.value = arguments_[0]; el.dispatchEvent(new InputEvent('input', "
                       "{inputType: 'insertFromPaste', data: arguments_[0], bubbles: true})); }",
              "compositionend": "el => { el.value = arguments_[0]; el.dispatchEvent(new InputEvent('input', "
                                "{isComposing: true, bubbles: true})); el.dispatchEvent(new CompositionEvent("
                                "'compositionend', {data: arguments_[0], bubbles: true})); }"}[event]
    page.locator("input.md-search__input").evaluate(script.replace("arguments_[0]", repr(name)))
    page.wait_for_selector(".md-search-result__item", timeout=5000)
    assert page.locator(".md-search-result__item h1").first.inner_text().endswith(name)


def test_keyboard_slash_type_arrow_enter(desktop):
    page = desktop.open()
    page.keyboard.press("/")
    assert page.evaluate("document.activeElement.classList.contains('md-search__input')")
    landmark_id, landmark = next(iter(SITE.landmarks.items()))
    page.keyboard.type(landmark.name)
    page.wait_for_selector(".md-search-result__item")
    # Arrow keys walk the kind filter, then the results (Material's own order of the result area).
    for _ in range(10):
        page.keyboard.press("ArrowDown")
        if page.evaluate("!!document.activeElement.closest('.md-search-result__list')"):
            break
    page.keyboard.press("Enter")
    page.wait_for_url(f"**/landmarks/{landmark_id}/**")
    assert page.locator("h1").inner_text() == landmark.name


@pytest.mark.parametrize("viewport", ["phone", "desktop"])
@pytest.mark.parametrize("elder", [False, True])
def test_open_results_pass_axe_and_follow_elder_mode(visits, site_url, viewport, elder):
    page = visits.get(site_url, viewport, elder).open()
    assert results(page, "长风")
    assert page.locator(".md-search-result__meta").get_attribute("aria-live") == "polite"
    if elder:
        sizes = page.evaluate("[...document.querySelectorAll('.md-search-result__article h1, "
                              ".md-search-result__article, .hm-search-kinds a')].map(e => parseFloat(getComputedStyle(e).fontSize))")
        assert min(sizes) >= 18, sizes
    page.wait_for_function("document.getAnimations().length === 0")
    violations = Axe().run(page).response["violations"]
    assert violations == [], [(v["id"], [n["target"] for n in v["nodes"]]) for v in violations]


def test_words_every_object_inherits_are_searched_like_any_other(visits, fixture_site_url):
    """Tokens are data: a query that names what every JavaScript object inherits answers with results or with the
    no-result line, and raises no error (`constructor` once threw in the worker and left the box waiting)."""
    page = visits.get(fixture_site_url, "phone").open()
    none = page.evaluate("JSON.parse(document.getElementById('__config').textContent)"
                         ".translations['search.result.none']")
    for query in ("constructor", "__proto__", "toString", "hasOwnProperty", "河 constructor"):
        found = results(page, query)  # waits for the answer: the count line leaves the placeholder
        meta = page.locator(".md-search-result__meta").inner_text().strip()
        assert found or meta == none, (query, meta)
    assert results(page, "测试")  # and the box still answers an ordinary query (the visits fixture asserts no
    # console error and no request to another host)


def busiest_pair(real_site) -> tuple[str, int]:
    """The pair of Han characters most documents hold, and how many: a query with more results than the first
    answer (30) holds; skips when the data has none."""
    import json
    postings = {}
    for shard in (real_site / "search/hm/t").glob("*.json"):
        postings.update(json.loads(shard.read_text(encoding="utf-8")))
    han = {token: entries.count(",") + 1 for token, entries in postings.items() if len(token) == 2
           and all("\u4e00" <= c <= "\u9fff" for c in token)}
    token = max(han, key=han.get)
    if han[token] <= 30:
        pytest.skip("no query has more than 30 results in this data")
    return token, han[token]
