"""A visitor's tasks in a real browser, at a phone and a desktop viewport."""
import re

import pytest
import real_items

SITE = real_items.records()  # data/, loaded once for every module that reads it


def open_search(page):
    # On a phone the search field sits behind the header's search button.
    if not page.locator("input.md-search__input").is_visible():
        page.locator("label.md-header__button[for='__search']").click()
    return page.locator("input.md-search__input")


def search(page, query: str) -> list[str]:
    field = open_search(page)
    field.fill(query)
    field.press("End")  # Material searches on key-up; typing Chinese sends none
    page.wait_for_selector(".md-search-result__item", timeout=10_000)
    titles = page.locator(".md-search-result__item h1").evaluate_all(
        "hs => hs.map(h => [...h.childNodes].filter(n => !(n.classList && n.classList.contains('hm-kind')))"
        ".map(n => n.textContent).join(''))")
    return [t.replace("\u200b", "").strip() for t in titles]


# Stations and their kind, picked from the data (never today's ids or names).
STATIONS = sorted((i, lm) for i, lm in SITE.landmarks.items() if lm.kind == "service-station") or \
    sorted(SITE.landmarks.items())


def test_from_home_reach_a_station(visit):
    station_id, station = STATIONS[0]
    page = visit.open()
    page.get_by_role("link", name=re.compile("找驿站")).click()
    page.wait_for_url("**/landmarks/")
    page.locator(".hm-card__title", has_text=station.name).first.click()
    page.wait_for_url(f"**/landmarks/{station_id}/")
    assert page.locator("h1").inner_text() == station.name


def _chinese_queries():
    landmark = SITE.landmarks[real_items.landmark()]
    route = SITE.routes[real_items.route()]
    stop_name = SITE.landmarks[route.stops[-1].landmark].name
    story = next((s for _, s in sorted(SITE.stories.items()) if s.community), None)
    cases = [(landmark.name, landmark.name),  # a landmark by its name
             (stop_name, route.name)]  # a route by one of its stops
    if story:
        cases.append((story.community, story.title))  # a story by its community
    return cases


@pytest.mark.parametrize("query,expected", _chinese_queries())
def test_search_in_chinese(visit, query, expected):
    page = visit.open()
    assert expected in search(page, query)


def test_follow_a_route_stop_by_stop(visit):
    route_id = real_items.route()
    route = SITE.routes[route_id]
    page = visit.open(f"routes/{route_id}/")
    for number, stop in enumerate(route.stops, start=1):
        page.locator(f"#stop-{number} h3 a").click()
        page.wait_for_url(f"**/landmarks/{stop.landmark}/")
        assert page.locator("h1").inner_text() == SITE.landmarks[stop.landmark].name
        page.go_back()
        page.wait_for_url(f"**/routes/{route_id}/")


def test_plan_anchor_links(visit):
    page = visit.open("plan/#item-2-2")
    heading = page.locator("#item-2-2")
    assert heading.is_visible()
    assert page.evaluate("document.querySelector('#item-2-2').getBoundingClientRect().top") < 300
    page.locator("a[href='#part-3']").first.click()
    assert page.url.endswith("#part-3")


def every_page() -> list[str]:
    pages = ["", "landmarks/", "routes/", "stories/", "plan/", "about/"]
    pages += [f"landmarks/{i}/" for i in SITE.landmarks] + [f"routes/{i}/" for i in SITE.routes]
    pages += [f"stories/{i}/" for i in SITE.stories]
    return pages


@pytest.mark.parametrize("visit", ["desktop"], indirect=True)  # (on a phone: tests/browser/test_elder_walk.py)
def test_every_page_loads_without_errors_or_outside_requests(visit):
    for path in every_page():
        page = visit.open(path)
        assert page.locator("h1").count() == 1, path
    assert not visit.missing, visit.missing
    # the visit fixture asserts: no request to another host, no console error
