"""The course map in a real browser: the right layout per viewport, markers that lead to their pages."""
import re

import pytest
from axe_playwright_python.sync_playwright import Axe

from browser_session import Visit


@pytest.fixture(params=["phone", "desktop"])
def fixture_visit(request, browser, fixture_site_url):
    session = Visit(browser, request.param, fixture_site_url)
    yield session
    session.context.close()
    assert not session.foreign_requests() and not session.errors, (session.foreign_requests(), session.errors)


def test_the_layout_fits_the_viewport_and_markers_lead_to_pages(fixture_visit):
    page = fixture_visit.open("landmarks/")
    layout = "tall" if fixture_visit.name == "phone" else "wide"
    other = "wide" if layout == "tall" else "tall"
    svg = page.locator(f".hm-course__svg--{layout}").first
    assert svg.is_visible() and not page.locator(f".hm-course__svg--{other}").first.is_visible()
    box = svg.bounding_box()
    assert box["width"] <= page.viewport_size["width"]
    assert page.evaluate("document.scrollingElement.scrollWidth <= document.scrollingElement.clientWidth + 1")
    svg.locator("a", has_text="测试博物馆乙").locator("circle").click()  # SVG hit-tests painted shapes only
    page.wait_for_url("**/landmarks/museum-b/")
    assert page.locator("h1").inner_text() == "测试博物馆乙"


def test_maps_pass_axe(fixture_visit):
    for path in ["", "routes/route-r/", "landmarks/museum-b/"]:
        page = fixture_visit.open(path)
        page.wait_for_function("document.getAnimations().length === 0")
        violations = Axe().run(page).response["violations"]
        assert violations == [], [(v["id"], [n["target"] for n in v["nodes"]]) for v in violations]


def test_the_map_needs_no_javascript(browser, fixture_site_url):
    context = browser.new_context(java_script_enabled=False, viewport={"width": 390, "height": 844})
    page = context.new_page()
    page.goto(fixture_site_url + "routes/route-r/")
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
