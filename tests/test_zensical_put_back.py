"""The Zensical build hands Zensical a placeholder per page and puts the page's finished HTML back after it (macros/
zensical.py, Bodies): the HTML must come back exactly, only into its own page, and a page whose placeholder did not
come through must stop the build instead of being published without its content."""
from __future__ import annotations

import re
import sys
from pathlib import Path

import pytest

from macros import zensical
from macros.zensical import Bodies, PutBackError

ITEM = '<h1 id="top">甲</h1>\n<p>正文 &amp; <a href="../x/">链接</a></p>\n\n<section data-search-exclude>…</section>'


def built(site: Path, url: str, body: str) -> Path:
    """A page as a theme would write it around the body Zensical was given."""
    page = site / url / "index.html"
    page.parent.mkdir(parents=True, exist_ok=True)
    page.write_text(f"<html><article>\n{body}\n</article></html>\n", encoding="utf-8")
    return page


def test_each_page_gets_back_exactly_its_own_html(tmp_path):
    bodies = Bodies(tmp_path / "bodies")
    first, second = bodies.set_aside("a/", ITEM), bodies.set_aside("", "<p>首页</p>")
    assert "\n" not in first and "甲" not in first and first != second
    pages = built(tmp_path / "site", "a/", first), built(tmp_path / "site", "", second)
    bodies.put_back(tmp_path / "site")
    assert pages[0].read_text("utf-8") == f"<html><article>\n{ITEM}\n</article></html>\n"
    assert pages[1].read_text("utf-8") == "<html><article>\n<p>首页</p>\n</article></html>\n"


def test_placeholders_cannot_be_guessed_from_one_build_to_the_next(tmp_path):
    one, two = Bodies(tmp_path / "1").set_aside("a/", "<p>x</p>"), Bodies(tmp_path / "2").set_aside("a/", "<p>x</p>")
    assert one != two
    token = re.search(r"[0-9a-f]{32}", one)
    assert token, one  # 128 random bits


def test_the_theme_still_sees_whether_the_page_has_its_own_h1(tmp_path):
    # Zensical's partials/content.html prints the title as <h1> only when "<h1" is not in the page's content.
    bodies = Bodies(tmp_path / "bodies")
    assert "<h1" in bodies.set_aside("a/", ITEM)
    assert "<h1" not in bodies.set_aside("b/", "<p>没有标题</p>")


def test_a_page_without_its_placeholder_stops_the_build(tmp_path):
    bodies = Bodies(tmp_path / "bodies")
    bodies.set_aside("a/", ITEM)
    built(tmp_path / "site", "a/", "&lt;!-- escaped by a generator --&gt;")
    with pytest.raises(PutBackError) as error:
        bodies.put_back(tmp_path / "site")
    message = str(error.value)
    assert "a/index.html" in message and "无法放回" in message and "cannot be put back" in message


def test_a_page_zensical_did_not_write_stops_the_build(tmp_path):
    bodies = Bodies(tmp_path / "bodies")
    bodies.set_aside("a/", ITEM)
    (tmp_path / "site").mkdir()
    with pytest.raises(PutBackError, match="did not write"):
        bodies.put_back(tmp_path / "site")


def test_a_placeholder_twice_or_another_pages_placeholder_stops_the_build(tmp_path):
    bodies = Bodies(tmp_path / "bodies")
    first, second = bodies.set_aside("a/", ITEM), bodies.set_aside("b/", "<p>乙</p>")
    built(tmp_path / "site", "a/", first + "\n" + first)
    built(tmp_path / "site", "b/", second)
    with pytest.raises(PutBackError, match="2 times"):
        bodies.put_back(tmp_path / "site")
    built(tmp_path / "site", "a/", first + "\n" + second)  # another page's body would be put into this one
    with pytest.raises(PutBackError):
        bodies.put_back(tmp_path / "site")


def test_text_that_looks_like_a_placeholder_is_left_alone(tmp_path):
    bodies = Bodies(tmp_path / "bodies")
    forged = "<!-- banma page 00000000000000000000000000000000 0 -->"  # an editor cannot know the build's token
    body = bodies.set_aside("a/", f"<p>{forged}</p>")
    page = built(tmp_path / "site", "a/", forged + "\n" + body)
    bodies.put_back(tmp_path / "site")
    assert page.read_text("utf-8") == f"<html><article>\n{forged}\n<p>{forged}</p>\n</article></html>\n"


def test_the_build_fails_and_keeps_the_last_site_when_a_placeholder_is_lost(tmp_path, monkeypatch, capsys):
    """main() with a stand-in for Zensical that writes the page without its placeholder."""
    project, site = tmp_path / "project", tmp_path / "site"
    site.mkdir()
    (site / "index.html").write_text("the last good build", encoding="utf-8")

    def export(root, folder, settings):
        bodies = Bodies(folder / zensical.BODIES)
        bodies.set_aside("", "<p>首页</p>")
        return {"pages": 1, "files": 0, "bodies": bodies}

    fake = tmp_path / "fake-zensical"
    fake.write_text(f"#!{sys.executable}\nimport pathlib, sys\nsite = pathlib.Path(sys.argv[-1]).parent / 'site'\n"
                    "site.mkdir()\n(site / 'index.html').write_text('<article></article>')\n", encoding="utf-8")
    fake.chmod(0o755)
    monkeypatch.setattr(zensical, "export", export)
    code = zensical.main(["--root", str(tmp_path), "--keep", str(project), "--site", str(site),
                          "--zensical", str(fake)])
    assert code == 1
    assert "cannot be put back" in capsys.readouterr().err
    assert (site / "index.html").read_text("utf-8") == "the last good build"
    assert not (site / ".banma-manifest.json").exists()
