"""The footer a Party or government site must show (《政府网站发展指引》): each identifier when it is configured, in
the guidelines' order, and nothing when it is not."""
from __future__ import annotations

import re

from sitebuild import ROOT, build, page, project_with_data

IDENTIFIERS = {"SITE_WEBSITE_CODE": "3101070001", "SITE_ICP_NUMBER": "沪ICP备12345678号-1",
               "SITE_PSB_NUMBER": "沪公网安备31010702001234号",
               "SITE_GOV_MARK_URL": "https://bszs.conac.cn/sitename?method=show&id=ABC123",
               "SITE_RESPONSIBLE_OFFICE": "上海市普陀区人民政府办公室", "SITE_CONTACT": "021-00000000"}


def _footer(built) -> str:
    return re.search(r'<div class="md-copyright hm-footer">(.*?)</div>', built.raw, re.S).group(1)


def test_nothing_is_shown_when_nothing_is_configured(fixture_site):
    footer = _footer(page(fixture_site, ""))
    for word in ("网站标识码", "beian", "公网安备", "党政机关网站标识", "主办单位", "联系方式"):
        assert word not in footer, word


def test_each_identifier_is_shown_in_the_guidelines_order(tmp_path):
    project = project_with_data(tmp_path / "project", ROOT / "tests/fixtures/minimal/data")
    result = build(project, tmp_path / "site", env=IDENTIFIERS)
    assert result.returncode == 0, result.stderr
    built = page(tmp_path / "site", "landmarks/")
    footer = _footer(built)
    shown = [footer.index(text) for text in ("网站标识码：3101070001", "沪ICP备12345678号-1", "沪公网安备31010702001234号",
                                             "党政机关网站标识", "主办单位：上海市普陀区人民政府办公室", "联系方式：021-00000000")]
    assert shown == sorted(shown)
    assert 'href="https://beian.miit.gov.cn/"' in footer
    assert 'href="https://beian.mps.gov.cn/#/query/webSearch?code=31010702001234"' in footer
    assert "<svg" in footer.split("公网安备")[0].rsplit("<a", 1)[1] and "<img" not in footer  # badge drawn, not fetched
    assert 'href="https://bszs.conac.cn/sitename?method=show&amp;id=ABC123"' in footer


def test_a_mark_link_that_is_not_a_web_address_is_left_out(tmp_path):
    project = project_with_data(tmp_path / "project", ROOT / "tests/fixtures/minimal/data")
    result = build(project, tmp_path / "site", env={"SITE_GOV_MARK_URL": "javascript:alert(1)"})
    assert result.returncode == 0, result.stderr
    footer = _footer(page(tmp_path / "site", ""))
    assert "党政机关网站标识" not in footer and "javascript" not in footer
