"""The built site, on the real data/ and on the fixture with hostile editor text."""
import html
import json
import posixpath
import re
import xml.etree.ElementTree as ET
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
import real_items
from markupsafe import escape
from sitebuild import EDIT_URL, ROOT, Page, build, page, project_with_data, public_pages, search_docs

from banma.records.evidence import claims
from banma.records.figures import Evidence, missing

REAL = real_items.records()  # data/, loaded once for every module that reads it


def html_pages(site_dir: Path) -> list[Path]:
    return public_pages(site_dir)


@pytest.mark.parametrize("kind,records", [("landmarks", REAL.landmarks), ("routes", REAL.routes),
                                          ("stories", REAL.stories)])
def test_every_item_has_its_page_with_its_name_as_h1(real_site, kind, records):
    for item_id, record in records.items():
        built = page(real_site, f"{kind}/{item_id}/")
        assert built.h1_text == getattr(record, "name", None) or built.h1_text == getattr(record, "title", None)
        assert built.title.startswith(built.h1_text)


def test_titles_are_unique(real_site):
    titles = {}
    for path in html_pages(real_site):
        title = Page(path).title
        assert title not in titles, f"{path} and {titles[title]} share the title {title!r}"
        titles[title] = path


def test_no_template_syntax_left_on_any_page(real_site):
    for path in html_pages(real_site):
        text = Page(path).text
        assert "{{" not in text and "{%" not in text, path


def test_every_page_is_in_the_sitemap_and_the_search_index(real_site):
    sitemap = ET.parse(real_site / "sitemap.xml").getroot()
    namespace = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    listed = {urlsplit(loc.text).path for loc in sitemap.findall("s:url/s:loc", namespace)}
    indexed = {doc["location"].split("#")[0] for doc in search_docs(real_site)}
    for path in html_pages(real_site):
        url = path.relative_to(real_site).as_posix().removesuffix("index.html")
        assert "/" + url in listed, url
        # Story filter pages only list stories, which are indexed themselves.
        # (/sources/ lists every source's title, so it would answer most queries: it is left out on purpose.)
        assert url in indexed or url.startswith(("stories/tags/", "stories/streets/", "sources/")), url
    for doc in search_docs(real_site):  # and every result leads to a page, and shows what a reader sees
        assert (real_site / doc["location"].split("#")[0] / "index.html").is_file(), doc["location"]
        assert "【来源" not in doc["text"] + doc["title"], doc["location"]


def _resolve(site_dir: Path, source: Path, href: str) -> tuple[Path, str] | None:
    parts = urlsplit(href)
    if parts.scheme or parts.netloc or href.startswith(("mailto:", "tel:")):
        return None
    base = source.parent.relative_to(site_dir).as_posix()
    target = posixpath.normpath(posixpath.join(base, unquote(parts.path))) if parts.path else \
        source.relative_to(site_dir).as_posix()
    path = site_dir / target
    if path.is_dir():
        path = path / "index.html"
    return path, parts.fragment


@pytest.mark.parametrize("which", [pytest.param("real_site", marks=[pytest.mark.slow, pytest.mark.reads_data]),
                                   pytest.param("fixture_site", marks=pytest.mark.slow)])
def test_internal_links_and_anchors_resolve(request, which):
    site_dir = request.getfixturevalue(which)
    cache: dict[Path, set[str]] = {}
    for path in html_pages(site_dir):
        for href in Page(path).links():
            resolved = _resolve(site_dir, path, href)
            if resolved is None:
                continue
            target, fragment = resolved
            assert target.exists(), f"{path.relative_to(site_dir)} links to missing {href}"
            if fragment and target.suffix == ".html":
                ids = cache.setdefault(target, Page(target).ids())
                assert fragment in ids, f"{path.relative_to(site_dir)} links to missing anchor {href}"


def test_cross_links_both_ways(real_site):
    # Picked from the data by what they have, not by today's ids.
    route_id = max(sorted(REAL.routes), key=lambda r: len(REAL.routes[r].stops))
    stop_id = REAL.routes[route_id].stops[0].landmark
    landmark = page(real_site, f"landmarks/{stop_id}/")
    assert f"../../routes/{route_id}/" in landmark.links()
    route = page(real_site, f"routes/{route_id}/")
    stops_list = re.search(r'<ol class="hm-stops">(.*?)</ol>', route.raw, re.S).group(1)
    stops = re.findall(r'<h3 class="hm-stop__name"><a href="([^"]+)"', stops_list)
    expected = [f"../../landmarks/{s.landmark}/" for s in REAL.routes[route_id].stops]
    assert stops == expected
    station_id = next(i for i, lm in sorted(REAL.landmarks.items()) if lm.plan_items)
    item_id = REAL.landmarks[station_id].plan_items[0]
    station = page(real_site, f"landmarks/{station_id}/")
    assert f"../../plan/#item-{item_id}" in station.links()
    plan = page(real_site, "plan/")
    linked = {i for _, item in REAL.plan_items.values() for i in item.landmarks}
    for landmark_id in sorted(linked)[:3]:
        assert f"../landmarks/{landmark_id}/" in plan.links()
    evidence = next((s for s in sorted(REAL.stories) if REAL.stories[s].plan_items), None)
    if evidence:
        assert f"../stories/{evidence}/" in plan.links()


def test_plan_has_every_part_and_item_anchor_and_targets(real_site):
    plan = page(real_site, "plan/")
    ids = plan.ids()
    for part in REAL.plan.parts:
        assert f"part-{part.id}" in ids
        for item in part.items:
            assert f"item-{item.id}" in ids
            assert item.text in plan.text
    year = REAL.plan.date.year
    assert plan.text.count(f"本条提出的 {year} 年目标") == sum(bool(i.targets) for _, i in REAL.plan_items.values())
    assert plan.text.count(f"本部分提出的 {year} 年目标") == sum(bool(p.targets) for p in REAL.plan.parts)
    assert "可衡量的目标" not in plan.text  # most rows are qualitative


def test_plan_quotes_nest_their_inner_quotation_marks(real_site):
    """A target's quote is wrapped in “…”; the quote's own “…” become ‘…’ (GB/T 15834), never ““…””."""
    plan = page(real_site, "plan/")
    for _, item in REAL.plan_items.values():
        for target in item.targets:
            inner = target.quote.replace("“", "‘").replace("”", "’")
            assert f"“{inner}”" in plan.text, target.quote


def test_plan_item_title_is_shown_once(real_site):
    """The heading carries the item's first sentence; the paragraph under it does not repeat it."""
    plan = page(real_site, "plan/")
    for _, item in REAL.plan_items.values():
        following = re.search(rf'<h3 id="item-{re.escape(item.id)}">.*?</h3>\s*<p>(.*?)</p>', plan.raw, re.S)
        assert html.unescape(following.group(1)) == item.text
        assert f"{item.title}。{item.text}" not in plan.text


def test_unknown_facts_say_so(real_site):
    for landmark_id, landmark in REAL.landmarks.items():
        built = page(real_site, f"landmarks/{landmark_id}/")
        if landmark.address:
            assert landmark.address in built.text
        if not (landmark.address and landmark.opening_hours and landmark.phone):
            assert "尚无可靠公开来源" in built.text, landmark_id
        assert "待补充" not in built.text, landmark_id


def test_each_item_page_numbers_its_sources_and_links_citations_both_ways(real_site):
    for folder in ("landmarks", "routes", "stories"):
        for item_id, record in getattr(REAL, folder).items():
            built = page(real_site, f"{folder}/{item_id}/")
            assert "信息来源" in built.text
            entries = [e.attrs["id"] for e in built.elements if e.tag == "li" and (e.attrs.get("id") or "").startswith("source-")]
            assert entries == [f"source-{n}" for n in range(1, len(record.sources) + 1)], (folder, item_id)
            for source_id in record.sources:
                source = REAL.sources[source_id]
                assert source.title in built.text
                if source.url:
                    assert source.url in built.links()
            ids = built.ids()
            superscripts = [e.attrs["id"] for e in built.elements if e.tag == "sup"]
            first_seen = list(dict.fromkeys(int(anchor.split("-")[1]) for anchor in superscripts))
            assert first_seen == list(range(1, len(first_seen) + 1)), (item_id, first_seen)  # reading order
            for anchor in superscripts:  # cite-<n>-<k> links to entry n, which links back to it
                assert f"source-{anchor.split('-')[1]}" in ids and f"#{anchor}" in built.links(), (item_id, anchor)
            for link in built.links():
                if link.startswith(("#cite-", "#source-")):
                    assert link[1:] in ids, (item_id, link)
            # every paragraph of the editor's text carries a citation when the item has several sources
            text = record.description if folder != "stories" else record.body
            if text and len(record.sources) > 1:
                section = built.raw.split('<h2 id="about">')[-1] if folder == "landmarks" else built.raw
                paragraphs = re.findall(r"<p>(.*?)</p>", section.split('<section class="hm-sources"')[0], re.S)
                cited = [p for p in paragraphs if 'class="hm-cite"' in p]
                assert cited and len(cited) >= text.count("\n\n") + 1, (folder, item_id)


def test_every_figure_a_page_states_is_in_a_quote_it_shows(real_site):
    """Each claim's figures are held by the quotes shown under its sources in the page's own source list."""
    publishers = {term.id: term.name for term in REAL.vocabulary.publishers}
    for folder in ("landmarks", "routes", "stories"):
        for item_id, record in getattr(REAL, folder).items():
            raw = page(real_site, f"{folder}/{item_id}/").raw
            sources_html = raw.split('<section class="hm-sources"')[1]
            shown = {}
            for source_id in record.sources:
                title = str(escape(REAL.sources[source_id].title))  # as Jinja escapes it
                source = REAL.sources[source_id]
                shown_publisher = str(escape(publishers[source.original.publisher if source.original else source.publisher]))
                whole_title = re.compile(rf"{re.escape(shown_publisher)}：(?:<a [^>]*>)?{re.escape(title)}(?:</a>)?(?:<span|，)")
                entry = next(li for li in sources_html.split("<li ")[1:] if whole_title.search(li))
                shown[source_id] = [html.unescape(re.sub(r"<[^>]+>", "", q))
                                    for q in re.findall(r'<blockquote class="hm-quote"[^>]*>(.*?)</blockquote>', entry, re.S)]
            for claim in claims(record, (), tuple(record.sources)):
                evidence = Evidence(frozenset(), frozenset(), frozenset())
                for source_id in claim.source_ids:
                    date = REAL.sources[source_id].date
                    evidence = evidence | Evidence.of(shown[source_id], (date.year, date.month, date.day) if date else None)
                assert not missing(claim.text, evidence), (folder, item_id, claim.loc, claim.text)


def test_edit_link_opens_the_yaml_file(real_site):
    landmark_id = sorted(REAL.landmarks)[0]
    built = page(real_site, f"landmarks/{landmark_id}/")
    edit = [e.attrs["href"] for e in built.elements if e.tag == "a" and "md-content__button" in (e.attrs.get("class") or "")]
    assert edit, "no edit button"
    scheme, rest = edit[0].split("://", 1)
    assert posixpath.normpath(rest) == posixpath.normpath(
        EDIT_URL.split("://", 1)[1] + f"data/landmarks/{landmark_id}.yaml")


def test_stories_index_newest_first_with_filters(fixture_site):
    index = page(fixture_site, "stories/")
    titles = [href for href in index.links() if re.fullmatch(r"\.\./stories/[a-z0-9-]+/", href)]
    assert titles[:2] == ["../stories/hostile-story/", "../stories/story-s/"]  # 2024-06-01 before 2024-05-01
    tag_page = page(fixture_site, "stories/tags/river-patrol/")
    assert "测试故事" in tag_page.text and "引号" not in tag_page.h1_text
    street_page = page(fixture_site, "stories/streets/changshou-road/")
    assert "测试故事" in street_page.text and "hostile-story" not in " ".join(street_page.links())


def test_hostile_editor_text_is_inert(fixture_site):
    built = page(fixture_site, "stories/hostile-story/")
    assert "{{ 7*7 }}" in built.text and "49" not in built.text
    assert "引文 {{ 7*7 }} 1 < 2 > 0 ' onfocus='alert(9)" in built.text  # a quote under its source, as text
    assert "onfocus='alert(9)" not in built.raw
    assert "{% for x in range(3) %}循环{% endfor %}" in built.text
    assert "{% raw %}小区{% endraw %}" in built.text
    assert "{{ config.site_name }}" in built.text
    assert "<script>alert(3)</script>" in built.text and "<img src=x onerror=alert(4)>" in built.text
    for path in html_pages(fixture_site):
        for element in Page(path).elements:
            events = [name for name in element.attrs if name.startswith("on")]
            assert not events, (path, element)
            if element.tag == "script":
                assert "alert(" not in (element.attrs.get("src") or "")
    for element_text in re.findall(r"<script([^>]*)>(.*?)</script>", built.raw, re.S):
        attributes, body = element_text
        if "application/ld+json" in attributes:
            assert json.loads(body)["headline"] == "引号\" onmouseover=\"alert(1) 与 {{ 7*7 }}"  # data, not code
        else:
            assert "alert(" not in body
    description = built.first("meta", name="description").attrs["content"]
    assert description == "摘要 {{ config.site_name }} {# comment #} ' onfocus='alert(2) & 更多"
    assert built.first("meta", property="og:title").attrs["content"] == "引号\" onmouseover=\"alert(1) 与 {{ 7*7 }}"
    assert built.title == "引号\" onmouseover=\"alert(1) 与 {{ 7*7 }} - 半马苏河"
    # The cited source's text, shown on the story and in the register, is text too.
    title = "来源 & \"引号\" '单引号' {{ 7*7 }} 1 < 2 > 0"
    for shown in (built, page(fixture_site, "sources/")):
        assert "https://example.org/a?b=1&c=2" in shown.links() and title in shown.text
        assert "1 < 2 > 0" not in shown.raw and "{{ 7*7 }} 1 &lt; 2 &gt; 0" in shown.raw
        assert "说明 {% raw %}x{% endraw %} ' onfocus='alert(7)" in shown.text


def test_nothing_is_loaded_from_other_hosts(real_site):
    for path in html_pages(real_site):
        for element in Page(path).elements:
            for attribute in ("src", "srcset", "data"):
                value = element.attrs.get(attribute) or ""
                assert not re.match(r"^(https?:)?//", value), (path, element)
            if element.tag == "link" and element.attrs.get("rel") in ("stylesheet", "preload", "preconnect", "icon"):
                assert not re.match(r"^(https?:)?//", element.attrs.get("href") or ""), (path, element)
    assert not list(real_site.rglob("*.woff*"))


# Hosts a public page may link besides the publishers' own: map apps (directions), the 备案 registries, and the
# vocabularies that markup and feeds name (never fetched).
LINKED_INFRASTRUCTURE = ("uri.amap.com", "api.map.baidu.com", "beian.miit.gov.cn", "beian.mps.gov.cn", "gov.cn",
                         "schema.org", "json-schema.org", "www.w3.org", "www.sitemaps.org", "banma-suhe.test")
_URL = re.compile(r"https?://[^\s\"'<>()\\,]+")


def test_public_files_link_only_to_publishers_own_sites(real_site):
    """No page, feed or download links a copy of an article on another site (the editing page is not public)."""
    allowed = {domain for term in REAL.vocabulary.publishers for domain in term.domains} | set(LINKED_INFRASTRUCTURE)
    allowed.add(urlsplit(EDIT_URL).hostname)  # the edit button: the site's own repository
    copies = {source.copy_url for source in REAL.sources.values() if source.copy_url}
    for path in real_site.rglob("*"):
        if path.suffix not in (".html", ".xml", ".json", ".csv") or "admin" in path.relative_to(real_site).parts:
            continue
        text = path.read_text(encoding="utf-8", errors="replace")
        assert not [copy for copy in copies if copy in text], path
        for url in _URL.findall(html.unescape(text)):
            host = (urlsplit(url).hostname or "").lower()
            assert any(host == d or host.endswith("." + d) for d in allowed), (path, url)


def test_generated_pages_are_not_written_into_docs(real_site):
    assert sorted(p.name for p in (ROOT / "docs" / "landmarks").iterdir()) == ["index.md"]


@pytest.mark.slow  # (a build of its own)
def test_a_data_error_stops_the_build_before_anything_is_written(tmp_path):
    data = tmp_path / "data-src"
    import shutil
    shutil.copytree(ROOT / "tests/fixtures/minimal/data", data)
    (data / "landmarks" / "museum-b.yaml").write_text("name: 甲\nkind: musuem\nsummary: 乙\n", encoding="utf-8")
    project = project_with_data(tmp_path / "project", data)
    site_dir = tmp_path / "site"
    site_dir.mkdir()
    (site_dir / "previous.html").write_text("the last good build", encoding="utf-8")
    result = build(project, site_dir)
    assert result.returncode != 0
    output = result.stdout + result.stderr
    assert "data/landmarks/museum-b.yaml:1:1: sources: 缺少必填字段“sources”" in output
    assert [p.name for p in site_dir.iterdir()] == ["previous.html"]


@pytest.mark.slow  # (a build of its own)
def test_a_page_in_docs_cannot_shadow_a_generated_page(tmp_path):
    project = project_with_data(tmp_path / "project", ROOT / "tests/fixtures/minimal/data")
    (project / "docs" / "landmarks" / "museum-b.md").write_text("# 冒充\n", encoding="utf-8")
    result = build(project, tmp_path / "site")
    assert result.returncode != 0 and "docs/landmarks/museum-b.md" in result.stdout + result.stderr


def test_not_found_page_is_in_chinese_with_ways_on(real_site):
    built = page(real_site, "404.html")
    assert "页面未找到" in built.h1_text
    links = built.links()
    for section in ("landmarks/", "routes/", "stories/", "plan/"):
        assert any(link.endswith(section) for link in links), section


def test_landmark_pages_show_only_what_is_known(fixture_site):
    """No '待补充' furniture: a field without data is left out, and one line says what is unknown."""
    built = page(fixture_site, "landmarks/station-a/")
    assert "待补充" not in built.text and "暂无。" not in built.text
    assert "尚无可靠公开来源" in built.text


@pytest.mark.slow  # (a build of its own)
def test_a_strict_build_for_publishing_refuses_the_local_address(project):
    """QR codes and posters would point at 127.0.0.1: --strict (CI, publishing) refuses; a plain build warns."""
    project = project_with_data(project.parent / "site-project", project / "data")
    strict = build(project, project.parent / "strict", env={"SITE_URL": ""})
    assert strict.returncode != 0 and "SITE_URL" in strict.stderr
    assert not (project.parent / "strict" / ".banma-manifest.json").exists()  # an aborted build is not deployable
    plain = build(project, project.parent / "plain", strict=False, env={"SITE_URL": ""})
    assert plain.returncode == 0 and "SITE_URL" in plain.stderr


def test_the_plan_alone_gives_the_same_search_index_as_mkdocs(minimal_site, tmp_path):
    """scripts/build_plan.py renders the hand-written pages itself (no MkDocs): its search files are MkDocs' (on the
    shared build of the small fixture, with the same settings)."""
    import os
    import subprocess
    import sys

    from sitebuild import CONFIGURED
    env = {**os.environ, "SITE_EDIT_URL": EDIT_URL, "SITE_URL": "https://banma-suhe.test/", **CONFIGURED}
    subprocess.run([sys.executable, str(ROOT / "scripts/build_plan.py"), str(tmp_path / "plan"), "--root",
                    str(minimal_site.parent / "project")], env=env, cwd=ROOT, check=True, capture_output=True)

    def index(site_dir):
        folder = site_dir / "search" / "hm"
        return {p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*") if p.is_file()}
    planned, built = index(tmp_path / "plan"), index(minimal_site)
    assert planned.keys() == built.keys()
    differing = [name for name in planned if planned[name] != built[name]]
    assert not differing, differing[:5]


def test_a_story_ends_with_the_next_newer_and_older_story_and_the_way_back(real_site):
    ordered = [story.id for story in REAL.stories_newest_first()]
    for at, story_id in enumerate(ordered):
        built = page(real_site, f"stories/{story_id}/")
        pager = re.search(r'<nav class="hm-pager"[^>]*>(.*?)</nav>', built.raw, re.S).group(1)
        links = re.findall(r'href="([^"]+)" rel="(prev|next)"', pager)
        expected = ([(f"../../stories/{ordered[at - 1]}/", "prev")] if at > 0 else []) + \
                   ([(f"../../stories/{ordered[at + 1]}/", "next")] if at + 1 < len(ordered) else [])
        assert links == expected, story_id
        assert 'href="../../stories/"' in pager  # back to the list


_NAV_LINK = re.compile(r'<a href="([^"]*)"[^>]*class="md-nav__link[^"]*"[^>]*>\s*(?:<span[^>]*>)?\s*([^<]*)')


def _sidebar_targets(site_dir: Path, path: Path) -> list[tuple[str, str]]:
    """The primary sidebar's links as (label, site path they lead to), resolved from the page's own folder."""
    sidebar = path.read_text(encoding="utf-8").split('data-md-type="navigation"', 1)[1].split('data-md-type="toc"')[0]
    folder = path.parent.relative_to(site_dir).as_posix()
    return [(label.strip(), posixpath.normpath(posixpath.join(folder, unquote(href))))
            for href, label in _NAV_LINK.findall(sidebar) if not href.startswith(("http:", "https:", "#"))]


def test_the_sidebar_leads_to_the_same_places_from_every_page(real_site):
    """Pages made from data share one drawing of Material's sidebar per folder (macros/theme/main.html): from each
    of them, as from the home page and the hand-written pages, every sidebar link leads to the same page."""
    expected = _sidebar_targets(real_site, real_site / "index.html")
    assert len(expected) > 3
    for path in public_pages(real_site, "index.html"):
        assert _sidebar_targets(real_site, path) == expected, path.relative_to(real_site)
