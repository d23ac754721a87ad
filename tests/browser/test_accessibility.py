"""axe on every layout, keyboard use, elder-friendly mode and 200% zoom, in real Chromium."""

import pytest
import real_items
from axe_playwright_python.sync_playwright import Axe
from test_visitor_tasks import open_search

LAYOUTS = {
    "home": "",
    "landmark index": "landmarks/",
    "route index": "routes/",
    "story index": "stories/",
    "story filter": f"stories/tags/{real_items.tag()}/",
    "landmark": f"landmarks/{real_items.landmark()}/",
    "route": f"routes/{real_items.route()}/",
    "story": f"stories/{real_items.story()}/",
    "plan": "plan/",
    "statement": "accessibility/",
    "open data": "data/",
    "not found": "404.html",  # what a host serves for a missing page
}
AXE = Axe()


def violations(page) -> list[str]:
    result = AXE.run(page)  # every rule axe has, best practices included (not the experimental ones)
    return [f"{v['id']} ({v['impact']}): {[n['target'] for n in v['nodes']][:3]}" for v in result.response["violations"]]


def settle(page):
    page.wait_for_function("document.getAnimations().length === 0")


@pytest.mark.parametrize("layout", list(LAYOUTS))
def test_axe_reports_no_violation(visit, layout):
    page = visit.open(LAYOUTS[layout])
    settle(page)
    assert violations(page) == []


def test_axe_with_search_results_open(visit):
    page = visit.open()
    field = open_search(page)
    field.fill("驿站")
    field.press("End")
    page.wait_for_selector(".md-search-result__item")
    settle(page)
    assert violations(page) == []


def test_elder_mode_meets_its_measures_and_is_remembered(visit):
    page = visit.open()
    toggle = page.locator("[data-hm-elder-toggle]")
    assert toggle.is_visible() and toggle.get_attribute("aria-pressed") == "false"
    toggle.click()
    assert toggle.get_attribute("aria-pressed") == "true"
    for path in ["", "landmarks/", "routes/huxi-workers-movement/", "plan/"]:  # remembered across pages
        page = visit.open(path)
        settle(page)
        measures = page.evaluate(MEASURE_SCRIPT)
        assert measures["elder"], path
        assert measures["fontSize"] >= 24, measures  # 18 pt
        assert measures["lineHeight"] / measures["fontSize"] >= 1.5, measures
        assert measures["animations"] == 0
        low = [c for c in measures["contrasts"] if c["ratio"] < 7]
        assert not low, low[:5]
        small = [t for t in measures["targets"] if t["w"] < 60 or t["h"] < 60]
        assert not small, small[:5]
        assert violations(page) == []
    # remembered across visits: a new page load in the same browser profile
    page.reload()
    assert page.evaluate("document.documentElement.hasAttribute('data-hm-elder')")
    page.locator("[data-hm-elder-toggle]").click()
    page.reload()
    assert not page.evaluate("document.documentElement.hasAttribute('data-hm-elder')")


MEASURE_SCRIPT = r"""
() => {
  const parse = c => (c.match(/[\d.]+/g) || []).map(Number);
  const lum = ([r, g, b]) => { const f = v => { v /= 255; return v <= .03928 ? v / 12.92 : ((v + .055) / 1.055) ** 2.4; };
    return .2126 * f(r) + .7152 * f(g) + .0722 * f(b); };
  const background = el => { for (; el; el = el.parentElement) { const c = parse(getComputedStyle(el).backgroundColor);
      if (c.length === 3 || c[3] > 0.5) return c.slice(0, 3); } return [255, 255, 255]; };
  const visible = el => { const r = el.getBoundingClientRect(); const s = getComputedStyle(el);
    return r.width > 0 && r.height > 0 && s.visibility !== "hidden" && s.display !== "none" && r.bottom > 0 && r.top < innerHeight * 3; };
  const p = document.querySelector(".md-content .md-typeset p");
  const ps = getComputedStyle(p);
  const contrasts = [];
  for (const el of document.querySelectorAll(".md-content p, .md-content a, .md-content h1, .md-content h2, .md-content li, .md-content dd, .md-content dt, .md-header__title, .md-copyright p")) {
    if (!visible(el) || !el.textContent.trim()) continue;
    const fg = parse(getComputedStyle(el).color), bg = background(el);
    const [a, b] = [lum(fg), lum(bg)].sort((x, y) => y - x);
    contrasts.push({text: el.textContent.trim().slice(0, 20), ratio: (a + .05) / (b + .05)});
  }
  const targets = [];
  const selector = "button, .md-header__button:not(.md-logo), .md-nav__link, a.hm-entry, .hm-card__title, .hm-tags a, .hm-links a, .hm-stop__name a, .md-copyright a, .hm-sources a";
  for (const el of document.querySelectorAll(selector)) {
    if (!visible(el) || el.closest(".md-search, [hidden]")) continue;
    const r = el.getBoundingClientRect();
    targets.push({text: (el.textContent || el.getAttribute("aria-label") || el.className).trim().slice(0, 20), w: r.width, h: r.height});
  }
  return {elder: document.documentElement.hasAttribute("data-hm-elder"), fontSize: parseFloat(ps.fontSize),
          lineHeight: parseFloat(ps.lineHeight), animations: document.getAnimations().length, contrasts, targets};
}
"""


def test_keyboard_skip_link_and_visible_focus(visit):
    page = visit.open(LAYOUTS["landmark"])
    page.keyboard.press("Tab")
    first = page.evaluate("document.activeElement.className + '|' + document.activeElement.textContent.trim()")
    assert "hm-skip" in first and "跳转至正文" in first
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main-content"
    # every focusable control shows a visible focus indicator
    seen = 0
    for _ in range(25):
        page.keyboard.press("Tab")
        style = page.evaluate("""() => { const s = getComputedStyle(document.activeElement);
            return {tag: document.activeElement.tagName, outline: s.outlineStyle, width: parseFloat(s.outlineWidth), shadow: s.boxShadow}; }""")
        if style["tag"] == "BODY":
            continue
        seen += 1
        assert (style["outline"] != "none" and style["width"] >= 2) or style["shadow"] != "none", style
    assert seen > 5


def test_elder_toggle_works_from_the_keyboard(visit):
    page = visit.open()
    page.locator("[data-hm-elder-toggle]").focus()
    page.keyboard.press("Enter")
    assert page.evaluate("document.documentElement.hasAttribute('data-hm-elder')")
    page.keyboard.press("Space")
    assert not page.evaluate("document.documentElement.hasAttribute('data-hm-elder')")


@pytest.mark.parametrize("path", ["", "plan/", LAYOUTS["route"], LAYOUTS["landmark"]])
def test_usable_at_200_percent_zoom(visits, site_url, path):
    # A 1280 x 900 screen at 200% zoom lays out like a 640 x 450 viewport.
    page = visits.get(site_url, "zoomed", profile={"viewport": {"width": 640, "height": 450}}).open(path)
    assert page.evaluate("document.scrollingElement.scrollWidth <= document.scrollingElement.clientWidth + 1")
    assert page.locator("[data-hm-elder-toggle]").is_visible()
    assert page.locator("h1").is_visible()
    assert open_search(page).is_visible()


def test_no_popups_or_autoplay(visit):
    for path in LAYOUTS.values():
        page = visit.open(path)
        assert page.locator("video, audio, iframe, dialog[open], [autoplay]").count() == 0, path
        assert not page.locator(".md-dialog--active").count()
