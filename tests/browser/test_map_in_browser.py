"""The course map in a real browser: the right layout per viewport, markers that lead to their pages."""
import re

import pytest
from axe_playwright_python.sync_playwright import Axe


@pytest.fixture(params=["phone", "desktop"])
def fixture_visit(request, visits, fixture_site_url):
    return visits.get(fixture_site_url, request.param)


def test_the_layout_fits_the_viewport_and_markers_lead_to_pages(fixture_visit):
    page = fixture_visit.open("landmarks/")
    phone = fixture_visit.name == "phone"
    if phone:  # behind a summary on phones, so the list of places is not pushed down
        assert not page.locator(".hm-course__svg--tall").first.is_visible()
        page.locator(".hm-course__tall > summary").first.click()
    layout, other = ("tall", "wide") if phone else ("wide", "tall")
    svg = page.locator(f".hm-course__svg--{layout}").first
    assert svg.is_visible() and not page.locator(f".hm-course__svg--{other}").first.is_visible()
    assert page.evaluate("document.scrollingElement.scrollWidth <= document.scrollingElement.clientWidth + 1")
    svg.locator("a", has_text="测试博物馆乙").locator("circle").click()  # SVG hit-tests painted shapes only
    page.wait_for_url("**/landmarks/museum-b/")
    assert page.locator("h1").inner_text() == "测试博物馆乙"


MEASURE_MAP = """(svg) => {
  const scale = svg.getScreenCTM().a;
  const labels = [...svg.querySelectorAll("text")].filter(t => t.getBBox().width > 0)
    .map(t => parseFloat(getComputedStyle(t).fontSize) * scale);
  const targets = [...svg.querySelectorAll("a")].map(a => a.getBoundingClientRect())
    .map(r => Math.min(r.width, r.height));
  return {smallestLabel: Math.min(...labels), smallestTarget: Math.min(...targets), links: targets.length,
          height: svg.getBoundingClientRect().height};
}"""


@pytest.mark.parametrize("width", [320, 390])
@pytest.mark.parametrize("elder", [False, True])
def test_on_phones_the_map_stays_small_until_opened_and_reads_well_when_open(visits, site_url, width, elder):
    page = visits.at_width(site_url, width, elder, height=740, is_mobile=True, has_touch=True).page
    for path in ["", "landmarks/", "routes/half-marathon-course/"]:
        page.goto(site_url + path)
        block = page.locator("div.hm-course").first
        assert block.bounding_box()["height"] < 0.6 * 740, path  # closed: a summary, the caption, two lines
        page.locator(".hm-course__tall > summary").first.click()
        measures = page.locator(".hm-course__svg--tall").first.evaluate(MEASURE_MAP)
        assert measures["links"] >= 1
        assert measures["smallestTarget"] >= 44, (path, measures)
        assert measures["smallestLabel"] >= (18 if elder else 12), (path, measures)
        assert page.evaluate("document.scrollingElement.scrollWidth <= document.scrollingElement.clientWidth + 1")


@pytest.mark.parametrize("width", [320, 390, 1280])
@pytest.mark.parametrize("elder", [False, True])
def test_the_locator_reads_well_everywhere(visits, site_url, width, elder):
    from sitebuild import ROOT

    from banma.records.loader import load_site
    landmark_id = next(i for i, lm in load_site(ROOT).landmarks.items() if lm.creek)
    page = visits.at_width(site_url, width, elder).page
    page.goto(site_url + f"landmarks/{landmark_id}/")
    svg = page.locator(".hm-course__svg:visible").first
    measures = svg.evaluate(MEASURE_MAP)
    assert measures["smallestLabel"] >= (18 if elder else 12), measures
    if width < 1000 or elder:
        assert measures["smallestTarget"] >= 44, measures
    assert page.locator("a.hm-course__marker--here").first.is_visible() or elder or width < 1000


def test_maps_pass_axe(fixture_visit):
    for path in ["", "routes/route-r/", "landmarks/museum-b/"]:
        page = fixture_visit.open(path)
        for summary in page.locator(".hm-course summary").all():
            if summary.is_visible():
                summary.click()
        page.wait_for_function("document.getAnimations().length === 0")
        violations = Axe().run(page).response["violations"]
        assert violations == [], [(v["id"], [n["target"] for n in v["nodes"]]) for v in violations]


def test_the_map_needs_no_javascript(browser, fixture_site_url):
    context = browser.new_context(java_script_enabled=False, viewport={"width": 390, "height": 844})
    page = context.new_page()
    page.goto(fixture_site_url + "routes/route-r/")
    page.locator(".hm-course__tall > summary").click()
    assert page.locator(".hm-course__svg--tall").is_visible()
    assert page.locator(".hm-course__svg--tall a").count() == 2
    context.close()


def test_a_route_prints_on_one_a4_page(browser, site_url):
    context = browser.new_context(locale="zh-CN")
    page = context.new_page()
    page.goto(site_url + "routes/huxi-workers-movement/")
    page.emulate_media(media="print")
    assert page.locator(".hm-stops").is_visible() and not page.locator(".md-header").is_visible()
    assert page.locator(".hm-share svg").is_visible()  # the QR code comes along
    pdf = page.pdf(format="A4", prefer_css_page_size=True)
    assert len(re.findall(rb"/Type\s*/Page(?!s)", pdf)) == 1
    context.close()


def test_copy_address_button(browser, fixture_site_url):
    context = browser.new_context(locale="zh-CN", permissions=["clipboard-read", "clipboard-write"])
    page = context.new_page()
    page.goto(fixture_site_url + "landmarks/museum-b/")
    page.get_by_role("button", name="复制地址").click()
    page.wait_for_function("document.querySelector('.hm-copy__done').textContent === '地址已复制'")
    assert page.evaluate("navigator.clipboard.readText()") == "测试路1号"
    context.close()


@pytest.mark.parametrize("elder", [False, True])
def test_the_words_version_has_links_big_enough_to_tap(visits, site_url, elder):
    page = visits.at_width(site_url, 390, elder).page
    page.goto(site_url)
    for summary in page.locator(".hm-course__text > summary, .hm-course__elsewhere > summary").all():
        summary.click()
    heights = page.locator(".hm-course__list a, .hm-course__unplaced a").evaluate_all(
        "links => links.map(a => a.getBoundingClientRect().height)")
    assert heights and min(heights) >= 44
