"""The footer a Party or government site must show (《政府网站发展指引》): each identifier when it is configured, in
the guidelines' order, and nothing when it is not. The built sites are the shared ones (tests/conftest.py): the small
fixture's with every setting configured (sitebuild.CONFIGURED), the hostile fixture's with none; a setting's own
rules are checked on the theme's footer template, rendered here without a build."""
from __future__ import annotations

import re

import jinja2
from sitebuild import CONFIGURED, ROOT, page

from banma.settings import Settings


def _footer(built) -> str:
    return re.search(r'<div class="md-copyright hm-footer">(.*?)</div>', built.raw, re.S).group(1)


def _rendered_footer(environ: dict[str, str]) -> str:
    """macros/theme/partials/copyright.html as the theme renders it, with `extra` from these settings."""
    settings = Settings.from_environment({"SITE_URL": "https://banma-suhe.test/", **environ})
    theme = jinja2.Environment(loader=jinja2.FileSystemLoader(ROOT / "macros/theme/partials"))
    theme.filters["url"] = lambda url: url  # MkDocs' filter: relative to the page (not what is checked here)
    return theme.get_template("copyright.html").render(config={"extra": settings.footer(), "copyright": ""})


def test_nothing_is_shown_when_nothing_is_configured(fixture_site):
    footer = _footer(page(fixture_site, ""))
    for word in ("网站标识码", "beian", "公网安备", "党政机关网站标识", "主办单位", "联系方式"):
        assert word not in footer, word


def test_each_identifier_is_shown_in_the_guidelines_order(minimal_site):
    assert CONFIGURED["SITE_WEBSITE_CODE"] == "3101070001"  # (the values below are those of the shared build)
    footer = _footer(page(minimal_site, "landmarks/"))
    shown = [footer.index(text) for text in ("网站标识码：3101070001", "沪ICP备12345678号-1", "沪公网安备31010702001234号",
                                             "党政机关网站标识", "主办单位：上海市普陀区人民政府办公室", "联系方式：021-00000000")]
    assert shown == sorted(shown)
    assert 'href="https://beian.miit.gov.cn/"' in footer
    assert 'href="https://beian.mps.gov.cn/#/query/webSearch?code=31010702001234"' in footer
    assert "<svg" in footer.split("公网安备")[0].rsplit("<a", 1)[1] and "<img" not in footer  # badge drawn, not fetched
    assert 'href="https://bszs.conac.cn/sitename?method=show&amp;id=ABC123"' in footer


def test_a_mark_link_that_is_not_a_web_address_is_left_out():
    footer = _rendered_footer({"SITE_GOV_MARK_URL": "javascript:alert(1)"})
    assert "党政机关网站标识" not in footer and "javascript" not in footer
    shown = _rendered_footer({"SITE_GOV_MARK_URL": "https://bszs.conac.cn/sitename?id=1"})  # the check can fail
    assert '<a href="https://bszs.conac.cn/sitename?id=1" rel="noopener noreferrer">党政机关网站标识</a>' in shown
