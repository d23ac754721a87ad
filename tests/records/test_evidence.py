"""Quoted evidence (records/evidence.py) and links only to a publisher's own site (records/source_links.py), on the
small fixture: each test changes a claim or a source so that the rule breaks, checks the located problem, then
repairs it."""
import datetime as dt
from types import SimpleNamespace

import pytest
from helpers import assert_located, only_problem, problems_of, write
from hypothesis import given, settings
from hypothesis import strategies as st

from banma.records.evidence import backing_quotes, backs, claims
from banma.records.loader import load_site

LANDMARK = "data/landmarks/evidence-place.yaml"
SOURCE = "data/sources/evidence-source.yaml"
HEAD = "name: 引文测试地点\nkind: museum\nsummary: 测试地点。\n"


def source(*quotes: str, date: str = "2024-01-02", url: str = "https://example.org/", extra: str = "") -> str:
    text = f"title: 测试来源\npublisher: test-press\ndate: '{date}'\ntype: press\nurl: {url}\n" + extra
    return text + ("quotes:\n" + "".join(f"  - {q}\n" for q in quotes) if quotes else "")


def landmark(description: str, extra: str = "", sources=("evidence-source",)) -> str:
    body = "".join(f"  {line}\n" if line else "\n" for line in description.split("\n"))
    return HEAD + "description: |\n" + body + extra + "sources:\n" + "".join(f"  - {s}\n" for s in sources)


def test_a_paragraph_whose_figure_no_quote_holds_is_refused_where_it_is(project):
    write(project, SOURCE, source("百合桥全长245.75米，主跨83.95米。", "测试路1号"))
    write(project, LANDMARK, landmark("第一段没有数字。\n\n百合桥全长245.75米，主跨83.95米。"))
    load_site(project)
    write(project, LANDMARK, landmark("第一段没有数字。\n\n百合桥全长254.75米，主跨83.95米。"))  # one figure changed
    problem = only_problem(project, evidence=True)
    assert_located(problem, LANDMARK, 7, "description", "“254.75”", "'254.75'")
    assert "写到的“254.75”在所引来源（evidence-source）的原文摘录" in problem.zh
    assert "data/sources/evidence-source.yaml" in problem.hint_zh and "quotes" in problem.hint_en


def test_each_paragraph_is_held_to_the_sources_it_cites(project):
    write(project, "data/sources/evidence-source-a.yaml", source("全长300米", url="https://example.org/a"))
    write(project, SOURCE, source("测试路1号"))
    text = "长300米。【来源：evidence-source】\n\n长300米。【来源：evidence-source-a】"
    write(project, LANDMARK, landmark(text, sources=("evidence-source", "evidence-source-a")))
    problem = only_problem(project, evidence=True)  # the first paragraph cites a source that does not say 300
    assert_located(problem, LANDMARK, 5, "description", "“300”", "'300'")


def test_a_fact_field_rests_on_its_own_source_and_dates_on_the_source_date(project):
    write(project, SOURCE, source("测试路1号", date="2023-06-28"))
    write(project, LANDMARK, HEAD + "address: 测试路2号\naddress_source: evidence-source\n"
          "milestones:\n  - date: '2023-06-28'\n    event: opened\n    source: evidence-source\n"
          "  - date: '2023-05-01'\n    event: opened\n    source: evidence-source\nsources:\n  - evidence-source\n")
    found = problems_of(project, evidence=True)
    assert [(p.line, p.field) for p in found] == [(4, "address"), (10, "milestones.1.date")], found
    assert "“2”" in found[0].zh and "“2023-05-01”" in found[1].zh


def test_superlatives_firsts_and_numbers_in_chinese_need_their_words(project):
    write(project, SOURCE, source("苏州河上首座悬索慢行桥", "普陀段有18个较大的河湾"))
    write(project, LANDMARK, landmark("苏州河上第一座人行悬索桥，人称苏河十八湾。"))
    load_site(project)
    write(project, LANDMARK, landmark("苏州河上唯一的人行悬索桥，人称苏河十九湾。"))
    problem = only_problem(project, evidence=True)
    assert "“唯一”" in problem.zh and "“十九”" in problem.zh


def test_a_hand_written_page_paragraph_is_held_to_its_cite(project):
    write(project, SOURCE, source("普陀段岸线21公里"))
    write(project, "docs/extra.md", "# 测试\n\n岸线约 21 公里。{{ cite(\"evidence-source\") }}\n\n另一段 42 公里，没有引用。\n")
    load_site(project)
    write(project, "docs/extra.md", "# 测试\n\n岸线约 12 公里。{{ cite(\"evidence-source\") }}\n")
    problem = next(p for p in problems_of(project, evidence=True) if p.path == "docs/extra.md")
    assert (problem.line, problem.field) == (3, "cite") and "“12”" in problem.zh


def test_drafts_are_not_held_to_quotes_until_published(project):
    write(project, SOURCE, source("测试路1号"))
    write(project, "data/landmarks/unfinished.yaml", "draft: true\n" + landmark("长999米。").replace("引文测试地点", "草稿"))
    load_site(project)


def test_the_page_shows_the_quotes_that_back_its_claims(project):
    write(project, SOURCE, source("百合桥全长245.75米。", "另一件与本条目无关的事情发生在别处。", "百合桥位于长寿湾，连接普陀与静安。"))
    write(project, LANDMARK, landmark("百合桥全长245.75米。\n\n百合桥位于长寿湾一带，连接普陀与静安两区。"))
    site = load_site(project)
    record = site.landmarks["evidence-place"]
    texts = [c.text for c in claims(record, (), tuple(record.sources)) if "evidence-source" in c.source_ids]
    entry = site.sources["evidence-source"]
    assert backing_quotes(entry, list(entry.quotes), texts) == ["百合桥全长245.75米。", "百合桥位于长寿湾，连接普陀与静安。"]


PIECES = ["百合桥", "全长", "245.75米", "主跨", "83.95米", "长寿湾", "连接普陀与静安", "2023年", "三公里", "第一座",
          "苏州河", "Suzhou Creek", "bridge", "，", "。", "1.5公里", "十九", "唯一"]
TEXTS = st.lists(st.sampled_from(PIECES), min_size=1, max_size=8).map("".join)


@settings(max_examples=200, deadline=None)
@given(quotes=st.lists(TEXTS, max_size=8), claim_texts=st.lists(TEXTS, max_size=3), dated=st.booleans())
def test_the_quotes_shown_are_those_the_rule_says_back_a_claim(quotes, claim_texts, dated):
    """backing_quotes works out what each quote states once, not per pair: the same quotes as asking `backs` of
    every pair."""
    source = SimpleNamespace(date=dt.date(2024, 1, 2) if dated else None)
    published = (2024, 1, 2) if dated else None
    expected = [q for q in quotes if any(backs(q, text, published) for text in claim_texts)] or quotes
    assert backing_quotes(source, quotes, claim_texts) == expected


# --- links only to the publisher's own site

def test_a_link_to_a_copy_on_another_site_is_refused_naming_both(project):
    write(project, SOURCE, source("测试路1号", url="http://spam-mirror.example.net/news/1.html"))
    problem = only_problem(project, evidence=True)
    assert_located(problem, SOURCE, 5, "url", "spam-mirror.example.net", "spam-mirror.example.net")
    assert "测试报" in problem.zh and "example.org" in problem.zh and "copy_url" in problem.hint_zh


def test_a_subdomain_of_the_publisher_and_a_copy_kept_for_editors_pass(project):
    write(project, SOURCE, source("测试路1号", url="https://news.example.org/1.html",
                                  extra="copy_url: http://spam-mirror.example.net/news/1.html\n"))
    site = load_site(project)
    assert site.sources["evidence-source"].copy_url.startswith("http://spam-mirror")


def test_a_lookalike_domain_is_not_the_publishers(project):
    write(project, SOURCE, source("测试路1号", url="https://notexample.org/1.html"))
    assert only_problem(project, evidence=True).field == "url"
    write(project, SOURCE, source("测试路1号", url="https://example.org.evil.net/1.html"))
    assert only_problem(project, evidence=True).field == "url"


# --- on the real data, whatever it holds

@pytest.mark.reads_data
def test_a_changed_number_in_any_real_claim_is_caught():
    """Every number a published claim states comes from a quote: change it, and no quote holds it any more."""
    import re
    from pathlib import Path

    from banma.records.evidence import Register
    from banma.records.kinds import KINDS
    site = load_site(Path(__file__).resolve().parents[2])
    register = Register(site.records["sources"])
    checked = 0
    for kind in KINDS:
        for record in site.items(kind).values() if "sources" in kind.model.model_fields else ():
            for claim in claims(record, (), tuple(record.sources)):
                found = re.search(r"\d+(?:\.\d+)?", claim.text)
                if found and claim.source_ids:
                    changed = claim.text[:found.start()] + "98765.4321" + claim.text[found.end():]
                    assert register.lacking(changed, claim.source_ids, claim.field), (record.id, claim.loc)
                    checked += 1
    assert checked or not site.landmarks


# --- a quote typed where it is cited (the web form's citation button writes it so)

def test_a_quote_in_the_marker_backs_the_paragraph_and_joins_the_sources_quotes(project):
    write(project, SOURCE, source("测试路1号"))
    text = "百合桥全长245.75米。【来源：evidence-source｜百合桥全长245.75米，主跨83.95米】"
    write(project, LANDMARK, landmark(text))
    site = load_site(project)
    assert site.quotes["evidence-source"] == ["测试路1号", "百合桥全长245.75米，主跨83.95米"]
    write(project, LANDMARK, landmark("百合桥全长254.75米。【来源：evidence-source｜百合桥全长245.75米】"))
    assert "“254.75”" in only_problem(project, evidence=True).zh


def test_a_quote_in_the_marker_names_one_source_and_is_short(project):
    write(project, SOURCE, source("测试路1号"))
    write(project, "data/sources/evidence-source-a.yaml", source("全长300米", url="https://example.org/a"))
    both = "一段。【来源：evidence-source、evidence-source-a｜原文】"
    write(project, LANDMARK, landmark(both, sources=("evidence-source", "evidence-source-a")))
    problem = only_problem(project)
    assert_located(problem, LANDMARK, 5, "description", "只能写一个来源", "exactly one source")
    write(project, LANDMARK, landmark("一段。【来源：evidence-source｜" + "长" * 201 + "】"))
    assert_located(only_problem(project), LANDMARK, 5, "description", "太长：201", "too long: 201")
