"""What a visitor notices first, at 320, 390 and 1280 px, in normal and elder mode."""
from __future__ import annotations

import pytest
from sitebuild import ROOT

from banma.records.citations import paragraphs
from banma.records.loader import load_site

WIDTHS = [320, 390, 1280]


def contrast(page, selector: str) -> float:
    """WCAG contrast of an element's text colour on its background colour (both opaque here)."""
    return page.locator(selector).first.evaluate("""el => {
      const rgb = s => s.match(/\\d+(\\.\\d+)?/g).slice(0, 3).map(Number);
      const lum = ([r, g, b]) => { const f = c => { c /= 255; return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4; };
        return 0.2126 * f(r) + 0.7152 * f(g) + 0.0722 * f(b); };
      const style = getComputedStyle(el);
      const a = lum(rgb(style.color)), b = lum(rgb(style.backgroundColor));
      return (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
    }""")


@pytest.fixture(params=[(w, e) for w in WIDTHS for e in (False, True)], ids=lambda p: f"{p[0]}{'-elder' if p[1] else ''}")
def view(request, visits, site_url):
    width, elder = request.param
    page = visits.at_width(site_url, width, elder).page
    page.site = site_url
    page.width, page.elder = width, elder
    return page


def test_tables_have_room_and_short_columns_do_not_wrap(view):
    view.goto(view.site + "plan/")
    cell = view.locator(".hm-targets td").first
    padding = cell.evaluate("el => parseFloat(getComputedStyle(el).paddingLeft)")
    assert padding >= 6
    for td in view.locator(".hm-targets tbody tr td:nth-child(2)").all()[:8]:
        lines = td.evaluate("el => { const r = document.createRange(); r.selectNodeContents(el);"
                            " return new Set([...r.getClientRects()].map(b => Math.round(b.top))).size; }")
        assert lines <= 2, td.inner_text()  # never one character per line
    assert view.evaluate("document.scrollingElement.scrollWidth <= document.scrollingElement.clientWidth + 1")


def test_every_section_is_reachable_from_the_home_page(view):
    view.goto(view.site)
    menu = view.locator("button.hm-menu")
    nav_link = view.locator(".md-sidebar--primary a", has_text="开放数据").first
    if not menu.is_visible():  # a sidebar: every section listed
        for name in ("开放数据", "关于本站", "2023年工作计划"):
            assert view.locator(".md-sidebar--primary a", has_text=name).first.is_visible(), name
    else:  # the ☰ opens the navigation, from the keyboard too
        assert not nav_link.is_visible()
        menu.focus()
        view.keyboard.press("Enter")
        view.wait_for_function("document.getElementById('__drawer').checked")
        assert menu.get_attribute("aria-expanded") == "true"
        view.wait_for_timeout(300)
        assert nav_link.is_visible()


def test_closed_drawer_links_are_not_in_the_tab_order(view):
    if view.width >= 1220:
        pytest.skip("the navigation is a sidebar at this width")
    view.goto(view.site + "landmarks/")
    for _ in range(12):
        view.keyboard.press("Tab")
        assert not view.evaluate("!!document.activeElement.closest('.md-sidebar--primary')")


def test_header_shows_one_search_and_no_stray_buttons(view):
    if view.width < 1220:
        pytest.skip("on phones Material shows a search button and a ☰ by design")
    view.goto(view.site)
    assert view.locator("input.md-search__input").is_visible()
    assert not view.locator("label.md-header__button[for='__search']").is_visible()
    assert not view.locator("button.hm-menu").is_visible()
    box = view.locator("input.md-search__input").bounding_box()
    icon = view.locator("label.md-search__icon").first.bounding_box()
    assert box["x"] <= icon["x"] and icon["x"] + icon["width"] <= box["x"] + box["width"] + 1  # the magnifier sits in the field


def test_focused_skip_link_is_readable(view):
    view.goto(view.site + "landmarks/")
    view.keyboard.press("Tab")
    assert view.evaluate("document.activeElement.classList.contains('hm-skip')")
    assert contrast(view, ".hm-skip") >= 7


def test_headings_are_dark(view):
    view.goto(view.site + "landmarks/")
    color = view.locator(".md-typeset h1").first.evaluate("el => getComputedStyle(el).color")
    assert color in ("rgb(26, 26, 26)", "rgb(0, 0, 0)"), color


def test_public_pages_show_no_editor_hints_and_no_empty_furniture(view):
    for path in ("data/", "stories/", "routes/half-marathon-course/", ""):
        view.goto(view.site + path)
        text = view.locator("article").first.inner_text()
        for phrase in ("待补充", "暂无。", "Draft", "leave empty", "无来源请留空", "不在网站显示"):
            assert phrase not in text, (path, phrase)
        for label in view.locator(".hm-filters__label").all():
            assert label.evaluate("el => el.nextElementSibling && el.nextElementSibling.children.length > 0")


def test_a_story_card_is_a_link_wherever_it_is_tapped(visit):
    page = visit.open("stories/")
    card = page.locator("li.hm-card").first
    href = card.locator("a.hm-card__title").get_attribute("href")
    box = card.locator("p").last.bounding_box()  # a tap on the summary, not on the title (the overlay takes it)
    page.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    page.wait_for_url("**/stories/" + href.rstrip("/").split("/")[-1] + "/")
    assert page.locator("nav.hm-pager a", has_text="返回全部故事").is_visible()


def test_a_citation_leads_to_its_source_and_back(view):
    """Tap a superscript: the page lands on that numbered source, marked; its ↑ returns to the same sentence."""
    real = load_site(ROOT)  # the real data, to find a page with citations in its text
    cited = next((lid for lid, lm in sorted(real.landmarks.items())
                  if lm.description and any(p.source_ids for p in paragraphs(lm.description))), None)
    if cited is None:
        pytest.skip("no landmark cites a source in its text")
    view.goto(view.site + f"landmarks/{cited}/")
    superscript = view.locator("#about ~ p sup.hm-cite a").first
    cite_id = superscript.evaluate("a => a.parentElement.id")
    target = superscript.get_attribute("href")
    superscript.click()
    view.wait_for_function("h => location.hash === h", arg=target)
    entry = view.locator(f"li{target}")
    assert entry.is_visible() and entry.evaluate("el => el.matches(':target')")
    top = entry.evaluate("el => el.getBoundingClientRect().top")
    assert 0 <= top < 800  # in view, below the fixed header
    entry.locator(f"a[href='#{cite_id}']").click()
    view.wait_for_function("h => location.hash === h", arg=f"#{cite_id}")
    back = view.locator(f"#{cite_id}")
    assert back.evaluate("el => { const r = el.getBoundingClientRect(); return r.top >= 0 && r.bottom <= innerHeight; }")
