"""QR codes decode to the page's canonical URL; a landmark prints as a one-page A4 poster."""
import io
import re

import pytest
import real_items
import zxingcpp
from PIL import Image

SITE_URL = "https://banma-suhe.test/"  # the canonical address the test build is given


PAGES = [f"landmarks/{real_items.landmark()}/", f"routes/{real_items.route()}/"]


@pytest.mark.parametrize("path", PAGES)
def test_qr_code_decodes_to_the_canonical_url(visit, path):
    page = visit.open(path)
    code = page.locator(".hm-share svg.hm-qr__code")
    code.scroll_into_view_if_needed()
    image = Image.open(io.BytesIO(code.screenshot()))
    results = zxingcpp.read_barcodes(image)
    assert [r.text for r in results] == [SITE_URL + path]


def test_landmark_prints_as_a_one_page_poster(browser, site_url):
    context = browser.new_context(locale="zh-CN")
    page = context.new_page()
    landmark_id = real_items.landmark()
    page.goto(site_url + f"landmarks/{landmark_id}/")
    page.emulate_media(media="print")
    assert page.locator(".hm-poster").is_visible()
    assert page.locator(".hm-poster__name").inner_text() == real_items.records().landmarks[landmark_id].name
    assert not page.locator("article.hm-landmark").is_visible()
    assert not page.locator(".md-header").is_visible()
    pdf = page.pdf(format="A4", print_background=True, prefer_css_page_size=True)
    assert len(re.findall(rb"/Type\s*/Page(?!s)", pdf)) == 1  # one A4 page
    context.close()


def test_print_button_is_on_landmark_and_route_pages(visit):
    for path in PAGES:
        page = visit.open(path)
        assert page.locator("[data-hm-print]").is_visible()
