"""The content policy of public pages (issue 35): every inline script a built page runs is allowed by a hash in
that page's own Content-Security-Policy; nothing else inline runs; the policy comes before every script.

The pages are read with Python's HTML parser and the hashes computed here with hashlib, not by
banma/content_policy.py (the browser test checks that Chromium agrees: tests/browser/test_content_policy_in_browser.py).
"""
from __future__ import annotations

import base64
import hashlib
from html.parser import HTMLParser
from pathlib import Path

import pytest
from sitebuild import public_pages

from banma import content_policy

NOT_RUN = {"application/json", "application/ld+json"}


class Head(HTMLParser):
    """A page's CSP, referrer policy, and every script: (attributes, text, comes after the CSP)."""

    def __init__(self, html: str):
        super().__init__(convert_charrefs=True)
        self.policy: str | None = None
        self.referrer: str | None = None
        self.scripts: list[tuple[dict, str, bool]] = []
        self._script: dict | None = None
        self._text: list[str] = []
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "meta" and (attributes.get("http-equiv") or "").lower() == "content-security-policy":
            assert self.policy is None, "two policies"
            self.policy = attributes.get("content")
        elif tag == "meta" and attributes.get("name") == "referrer":
            self.referrer = attributes.get("content")
        elif tag == "script":
            self._script, self._text = attributes, []

    def handle_data(self, data):
        if self._script is not None:
            self._text.append(data)

    def handle_endtag(self, tag):
        if tag == "script" and self._script is not None:
            self.scripts.append((self._script, "".join(self._text), self.policy is not None))
            self._script = None


def directives(policy: str) -> dict[str, list[str]]:
    parts = [part.split() for part in policy.split(";") if part.strip()]
    return {part[0]: part[1:] for part in parts}


def sha256_source(text: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode() + "'"


def unallowed_scripts(html: str) -> list[str]:
    """The inline scripts a browser would run on this page that its policy does not allow (or: no policy)."""
    head = Head(html)
    allowed = directives(head.policy).get("script-src", []) if head.policy else []
    return [text[:60] for attrs, text, after in head.scripts
            if "src" not in attrs and (attrs.get("type") or "").lower() not in NOT_RUN
            and (not after or sha256_source(text) not in allowed)]


@pytest.fixture(scope="module")
def site(minimal_site) -> Path:
    """The small fixture's site (tests/fixtures/minimal): every kind of page, built by MkDocs."""
    return minimal_site


def public_html(site: Path) -> list[Path]:
    return [*public_pages(site), site / "404.html"]


def test_every_inline_script_of_every_public_page_is_allowed_by_its_hash(site):
    pages = public_html(site)
    assert len(pages) > 10
    ran = 0
    for path in pages:
        html = path.read_text(encoding="utf-8")
        head = Head(html)
        assert head.policy, f"{path}: no Content-Security-Policy"
        assert not unallowed_scripts(html), (path, unallowed_scripts(html))
        ran += sum(1 for attrs, _, _ in head.scripts if "src" not in attrs
                   and (attrs.get("type") or "").lower() not in NOT_RUN)
    assert ran >= 3 * len(pages)  # Material's scripts and our elder-mode one are inline on every page


def test_the_policy_itself(site):
    for path in public_html(site):
        head = Head(path.read_text(encoding="utf-8"))
        policy = directives(head.policy)
        assert policy["default-src"] == ["'self'"]
        assert policy["script-src"][0] == "'self'"
        assert all(source.startswith("'sha256-") for source in policy["script-src"][1:]), policy["script-src"]
        assert policy["connect-src"] == ["'self'"] and policy["object-src"] == ["'none'"]
        assert policy["base-uri"] == ["'self'"] and policy["form-action"] == ["'self'"]
        assert set(policy["img-src"]) == {"'self'", "data:"} and policy["worker-src"] == ["'self'"]
        assert "frame-ancestors" not in policy  # ignored in a <meta> (with a console error): the server sends it
        assert head.referrer == "strict-origin-when-cross-origin"
        assert head.scripts and all(after for _, _, after in head.scripts), f"{path}: a script before the policy"


def test_the_editing_page_keeps_its_own_policy(site):
    head = Head((site / "admin/index.html").read_text(encoding="utf-8"))
    script_src = directives(head.policy)["script-src"]
    assert "'unsafe-eval'" in script_src and not any(s.startswith("'sha256-") for s in script_src)


def test_a_page_with_an_unhashed_inline_script_fails(site):
    """The check above can fail: one script added after the build, or one hash removed, is found."""
    html = (site / "index.html").read_text(encoding="utf-8")
    added = html.replace("</body>", "<script>alert(1)</script></body>")
    assert unallowed_scripts(added) == ["alert(1)"]
    first_hash = directives(Head(html).policy)["script-src"][1]
    assert len(unallowed_scripts(html.replace(" " + first_hash, ""))) == 1
    data_block = html.replace("</body>", '<script type="application/ld+json">{"a": 1}</script></body>')
    assert not unallowed_scripts(data_block)


PAGE = ('<!doctype html><html><head><meta charset="utf-8">'
        '<meta http-equiv="Content-Security-Policy" content="default-src \'self\'; script-src \'self\'">'
        '{head}</head><body>{body}</body></html>')


def test_hashes_are_added_for_scripts_that_run_and_only_those():
    html = PAGE.format(head='<script>var a = 1;</script><script src="x.js"></script>',
                       body='<script type="application/ld+json">{"x": 1}</script>'
                            '<script type="application/json" id="c">{"y": 2}</script>'
                            '<script type="module">import "./m.js";</script><script>var a = 1;</script>')
    done = content_policy.hashed(html, where="page.html")
    assert not unallowed_scripts(done)
    script_src = directives(Head(done).policy)["script-src"]
    assert script_src == ["'self'", sha256_source("var a = 1;"), sha256_source('import "./m.js";')]


def test_carriage_returns_are_hashed_as_the_browser_reads_them():
    done = content_policy.hashed(PAGE.format(head="<script>a();\r\nb();</script>", body=""))
    assert sha256_source("a();\nb();") in directives(Head(done).policy)["script-src"]


def test_a_page_without_a_policy_or_with_a_script_before_it_stops_the_build():
    with pytest.raises(content_policy.ContentPolicyError, match="page.html.*Content-Security-Policy"):
        content_policy.hashed("<html><body><script>x()</script></body></html>", where="page.html")
    early = PAGE.replace('<meta http-equiv', '<script>x()</script><meta http-equiv').format(head="", body="")
    with pytest.raises(content_policy.ContentPolicyError, match="before"):
        content_policy.hashed(early, where="page.html")
    plain = "<?xml version='1.0'?><urlset></urlset>"  # sitemap.xml passes through the same event: untouched
    assert content_policy.hashed(plain) == plain


def test_a_local_preview_allows_its_reload_script():
    done = content_policy.hashed(PAGE.format(head="<script>x()</script>", body=""), live_reload=True)
    assert directives(Head(done).policy)["script-src"] == ["'self'", "'unsafe-inline'"]


@pytest.mark.slow
def test_the_zensical_build_carries_the_same_policy(site, tmp_path):
    """Zensical runs no MkDocs plugin: scripts/build_zensical.py adds the hashes to its pages afterwards."""
    from macros import zensical as build_zensical

    out = tmp_path / "zensical-site"
    assert build_zensical.main(["--root", str(site.parent / "project"), "--keep", str(tmp_path / "docs"),
                                "--site", str(out)]) == 0
    pages = [path for path in out.rglob("*.html") if path.relative_to(out).parts[0] != "admin"]
    assert len(pages) > 10
    for path in pages:
        html = path.read_text(encoding="utf-8")
        assert Head(html).policy, f"{path}: no Content-Security-Policy"
        assert not unallowed_scripts(html), (path, unallowed_scripts(html))


@pytest.mark.parametrize("script", ["<script>steal()</script>", '<script src="/downloads/x.js"></script>',
                                    "<svg><script>steal()</script></svg>", "<SCRIPT >steal()</SCRIPT>"])
def test_a_script_inside_the_content_stops_the_build_instead_of_being_hashed(site, script):
    """A script that reached a page's content (a tampered QR-code cache put one on 40 pages) would be hashed like
    the theme's own and run: the build refuses the page instead."""
    html = (site / "landmarks/index.html").read_text(encoding="utf-8")
    policy = Head(html).policy
    unhashed = html.replace(policy, directives_text(policy, without_hashes=True))
    tampered = unhashed.replace('<article class="md-content__inner md-typeset">',
                                '<article class="md-content__inner md-typeset"><p>二维码</p>' + script, 1)
    assert tampered != unhashed
    with pytest.raises(content_policy.ContentPolicyError, match="content"):
        content_policy.hashed(tampered, where="landmarks/index.md")
    assert content_policy.hashed(unhashed) == html  # the page as built, with data blocks in its content, passes


def directives_text(policy: str, without_hashes: bool) -> str:
    return "; ".join(" ".join(s for s in part.split() if not (without_hashes and s.startswith("'sha256-")))
                     for part in policy.split(";"))
