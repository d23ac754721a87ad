"""Typography and wording rules the content review asked for, checked on every built page."""
import re
from html.parser import HTMLParser

import real_items
from sitebuild import CONFIGURED, page

REAL = real_items.records()  # data/, loaded once for every module that reads it
CJK = r"[\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef\u3000-\u303f“”‘’]"
PUNCTUATION = r"[\u3000-\u303f\uff00-\uffef“”‘’]"  # full-width: already spaced, a break adds a second gap
# Elements whose text is running prose: a line break inside it shows as a space.
PROSE = {"p", "li", "dd", "dt", "td", "th", "h1", "h2", "h3", "h4", "figcaption", "summary", "a", "small", "strong",
         "em", "span", "caption", "blockquote"}


class _Prose(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.stack, self.found = [], []

    def handle_starttag(self, tag, attrs):
        if tag not in ("br", "img", "meta", "link", "input", "hr", "wbr"):
            self.stack.append(tag)

    def handle_endtag(self, tag):
        if tag in self.stack:
            while self.stack.pop() != tag:
                pass

    def handle_data(self, data):
        if self.stack and self.stack[-1] in PROSE and not {"pre", "code", "script", "style", "svg"} & set(self.stack):
            self.found.append(data)


def every_page(site_dir):
    return sorted(site_dir.rglob("*.html"))


def test_no_line_break_shows_as_a_space_in_chinese_text(real_site):
    """A line break between Chinese characters in a paragraph renders as a space (“是一个 “半程马拉松””)."""
    bad = []
    for path in every_page(real_site):
        parser = _Prose()
        parser.feed(path.read_text(encoding="utf-8"))
        for text in parser.found:
            pattern = rf"{CJK}[ \t]*\n\s*{CJK}|{PUNCTUATION}[ \t]*\n\s*\S|\S[ \t]*\n\s*{PUNCTUATION}"
            for match in re.finditer(pattern, text):
                bad.append(f"{path.relative_to(real_site)}: {match.group(0)!r}")
    assert not bad, "\n".join(bad[:20])


def test_no_doubled_quotation_marks_anywhere(real_site):
    bad = [str(p.relative_to(real_site)) for p in every_page(real_site)
           if re.search("““|””|‘‘|’’", page(real_site, str(p.relative_to(real_site))).text)]
    assert not bad


def test_landmark_dates_say_what_happened(real_site):
    """A milestone is labelled by its event (建成, 试运行, 开放 …), never by a generic 启用时间."""
    labels = {"completed": "建成", "trial": "试运行", "opened": "开放", "unveiled": "揭牌", "reopened": "重新开放",
              "scheduled": "预定开放"}
    for landmark_id, landmark in REAL.landmarks.items():
        built = page(real_site, f"landmarks/{landmark_id}/")
        assert "启用时间" not in built.text
        for milestone in landmark.milestones:
            date = f"{milestone.date.year}年{milestone.date.month}月{milestone.date.day}日"
            assert re.search(rf"<dt>{labels[milestone.event]}</dt>\s*<dd>{date}(</dd>|<sup)", built.raw), landmark_id


def test_home_figures_say_they_are_targets_and_which_year(real_site):
    built = page(real_site, "")
    cards = re.findall(r'<li class="hm-figure-card">(.*?)</li>', built.raw, re.S)
    assert cards
    for card in cards:
        assert f"{REAL.plan.date.year} 年目标" in card


def test_about_page_counts_from_the_data_and_reports_errors_only_when_configured(real_site, minimal_site):
    """The real site is built without SITE_REPORT_URL, the shared fixture build with it (sitebuild.CONFIGURED)."""
    built = page(real_site, "about/")
    with_address = sum(1 for lm in REAL.landmarks.values() if lm.address)
    assert f"收录 {len(REAL.landmarks)} 个地点" in built.text and f"{with_address} 个地点有来源给出的地址" in built.text
    assert "报告内容错误" not in built.text
    assert "编辑此页" not in built.text
    configured = page(minimal_site, "about/")
    assert "报告内容错误" in configured.text and CONFIGURED["SITE_REPORT_URL"] in configured.links()
