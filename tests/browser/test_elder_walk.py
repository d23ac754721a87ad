"""Elder mode on every public page, at 320 and 390 px: each link, button and control that stands on its own is at
least 44 × 44 px (links inside a sentence are excepted, as WCAG 2.5.8 allows), a table too wide for the screen
scrolls and says so, headings and folded sections are not smaller than the text, and the home page's entry tiles
are on the first screen. It is also the phone's walk of every page: one heading each, no console error, no
request to another host, no file missing."""
from __future__ import annotations

import pytest
from sitebuild import public_pages

CHECK = """() => {
  const found = [];
  const visible = el => el.checkVisibility({checkOpacity: true, checkVisibilityCSS: true});
  const blockOf = el => { let n = el.parentElement;
    while (n && getComputedStyle(n).display.startsWith('inline')) n = n.parentElement; return n; };
  const name = el => `${el.tagName.toLowerCase()} "${(el.textContent || el.getAttribute('aria-label') || '').trim().slice(0, 20)}"`;
  for (const el of document.querySelectorAll(
      'a[href], button, input:not([type=hidden]), select, textarea, summary, [role=button], label[for]')) {
    if (!visible(el) || el.closest('svg')) continue;
    const r = el.getBoundingClientRect();
    if (r.width === 0 || r.height === 0 || r.right <= 0 || r.left >= innerWidth) continue;
    const block = blockOf(el);
    const own = (el.textContent || '').trim().length;
    const around = block ? (block.textContent || '').trim().length : own;
    if (el.tagName === 'A' && getComputedStyle(el).display.startsWith('inline') && around > own + 1) continue;
    if (r.width < 44 - 0.5 || r.height < 44 - 0.5) found.push(`${name(el)} is ${Math.round(r.width)}×${Math.round(r.height)} px`);
  }
  for (const table of document.querySelectorAll('.md-typeset table')) {
    const wrap = table.parentElement;
    if (table.getBoundingClientRect().width <= wrap.getBoundingClientRect().width + 1) continue;
    if (!['auto', 'scroll'].includes(getComputedStyle(wrap).overflowX)) found.push('a table is cut off');
    else if (getComputedStyle(wrap, '::before').content === 'none') found.push('a table scrolls without saying so');
  }
  const text = parseFloat(getComputedStyle(document.querySelector('.md-typeset p') || document.body).fontSize);
  for (const heading of document.querySelectorAll('.md-typeset h2, .md-typeset h3, .md-typeset summary')) {
    if (visible(heading) && parseFloat(getComputedStyle(heading).fontSize) < text - 0.5)
      found.push(`${name(heading)} is smaller than the text`);
  }
  const tile = document.querySelector('.hm-entry');
  if (tile && tile.getBoundingClientRect().top >= innerHeight) found.push('the entry tiles are below the first screen');
  return found;
}"""


@pytest.mark.parametrize("width", [320, 390])
def test_every_public_page_in_elder_mode(visits, site_url, real_site, width):
    """(The desktop's walk, without elder mode: tests/browser/test_visitor_tasks.py. The visits fixture fails a
    request to another host or a console error.)"""
    # (A plain viewport of the phone's width, as the sizes are measured in CSS pixels; a phone's profile, with
    # touch and twice the pixels, took as long and changed nothing these checks see.)
    session = visits.at_width(site_url, width, elder=True)
    problems = {}
    urls = [p.relative_to(real_site).as_posix().removesuffix("index.html") for p in public_pages(real_site, "index.html")]
    assert len(urls) > 20
    for url in urls:
        page = session.open(url)
        page.wait_for_function("document.documentElement.hasAttribute('data-hm-elder')")
        found = page.evaluate(CHECK) + ([] if page.locator("h1").count() == 1 else ["not one h1"])
        if found:
            problems[url or "/"] = found
    assert not problems, problems
    assert not session.missing, session.missing
