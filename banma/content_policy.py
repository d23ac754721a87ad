"""The content policy of public pages: each inline script a page runs is allowed by its hash, nothing else inline.

The theme (macros/theme/main.html) writes every public page's Content-Security-Policy as the first <meta> of its
<head>, with `script-src 'self'`. A page's HTML is final only after the generator has rendered it (Material's own
inline scripts differ from folder to folder: they hold the path to the site's root), so the hashes are added here,
afterwards: by the MkDocs plugin for each page (on_post_page, and on_post_template for 404.html) and by
macros/zensical.py over Zensical's output. Scripts of a data type (`application/json`,
`application/ld+json`) are not run by browsers and need no hash. The editing page /admin/ has its own policy
(banma/pages/templates/admin.html: Decap needs `unsafe-eval`) and is left as it is.

Fail closed: a page that runs an inline script but has no policy to hold its hash, or runs one before its policy,
stops the build; so does a script inside the page's content, which would otherwise be hashed and run.
"""
from __future__ import annotations

import base64
import hashlib
import re
from pathlib import Path

POLICY_META = re.compile(r'<meta http-equiv="Content-Security-Policy" content="([^"]*)">')
# A start tag's attributes may hold ">" only inside quotes; a script's text runs to the first "</script".
SCRIPT = re.compile(r"""<script\b((?:[^>"']|"[^"]*"|'[^']*')*)>(.*?)</script\s*>""", re.IGNORECASE | re.DOTALL)
SCRIPT_TAG = re.compile(r"""<script\b((?:[^>"']|"[^"]*"|'[^']*')*)>""", re.IGNORECASE)
# The page's content: Material's (and Zensical's) <article class="md-content__inner …"> up to the last </article>.
CONTENT = re.compile(r"""<article class="md-content__inner\b""")
_SRC = re.compile(r"""(?:^|\s)src\s*=""", re.IGNORECASE)
_TYPE = re.compile(r"""(?:^|\s)type\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+))""", re.IGNORECASE)
DATA_TYPES = frozenset({"application/json", "application/ld+json"})  # data blocks: browsers do not run them
LIVE_RELOAD = "'unsafe-inline'"  # `mkdocs serve` injects a reload script that differs on every request


class ContentPolicyError(ValueError):
    """A page whose inline scripts its content policy could not allow."""


def script_hash(text: str) -> str:
    """The CSP source that allows an inline script with this text (the browser hashes it after HTML's
    newline normalisation: CR LF and CR read as LF)."""
    normalised = text.replace("\r\n", "\n").replace("\r", "\n")
    digest = hashlib.sha256(normalised.encode("utf-8")).digest()
    return "'sha256-" + base64.b64encode(digest).decode("ascii") + "'"


def _is_data(attributes: str) -> bool:
    declared = _TYPE.search(attributes)
    kind = next((value for value in declared.groups() if value is not None), "") if declared else ""
    return kind.strip().lower() in DATA_TYPES


def _runs(attributes: str) -> bool:
    return not _SRC.search(attributes) and not _is_data(attributes)  # a src: allowed (or not) by its origin


def scripts_in_content(html: str) -> list[str]:
    """The start tags of scripts (inline or loaded, data blocks aside) inside the page's content. None belongs
    there: the theme's scripts are outside it, and editor text and drawings (QR codes, maps) are markup only. A
    script there was injected (a tampered cache, say), and hashing it would let it run."""
    start = CONTENT.search(html)
    end = html.rfind("</article>")
    if start is None or end < start.start():
        return []
    return [match.group(0)[:100] for match in SCRIPT_TAG.finditer(html, start.start(), end)
            if not _is_data(match.group(1))]


def inline_scripts(html: str) -> list[tuple[int, str]]:
    """(offset, text) of every inline script of a page that a browser would run."""
    return [(match.start(), match.group(2)) for match in SCRIPT.finditer(html) if _runs(match.group(1))]


def with_sources(policy: str, directive: str, sources: list[str]) -> str:
    """The policy with `sources` added to one of its directives (which must be there)."""
    parts = [part.strip() for part in policy.split(";") if part.strip()]
    for index, part in enumerate(parts):
        if part.split()[0] == directive:
            parts[index] = " ".join([part, *(s for s in sources if s not in part.split())])
            return "; ".join(parts)
    raise ContentPolicyError(f"内容安全策略缺少 {directive}：{policy!r}。提示：在 macros/theme/main.html 中补上。"
                             f"The content policy has no {directive}: {policy!r}. Hint: add it in macros/theme/main.html.")


def hashed(html: str, live_reload: bool = False, where: str = "") -> str:
    """The page with the hash of each inline script it runs added to its policy's script-src.

    `live_reload` (a local preview only): inline scripts allowed wholesale, since the reload script the preview
    server adds later cannot be hashed in advance. `where` names the page in an error (MkDocs names it itself)."""
    scripts = inline_scripts(html)
    meta = POLICY_META.search(html)
    located = (f"{where}：", f"{where}: ") if where else ("", "")
    if injected := scripts_in_content(html):
        raise ContentPolicyError(
            f"{located[0]}页面正文中有脚本 {injected[0]}：正文（编辑的文字、二维码和地图等图形）不应含脚本。"
            f"提示：检查这一页所用的数据，并清空图片缓存（~/.cache/banma-suhe）后重新构建。 {located[1]}A script "
            f"inside the page's content: {injected[0]}. Content (editors' text, drawings such as QR codes and maps) "
            f"never carries one. Hint: check the data this page shows, empty the image cache (~/.cache/banma-suhe) "
            f"and build again.")
    if meta is None:
        if scripts:
            raise ContentPolicyError(
                f"{located[0]}页面含内联脚本，却没有内容安全策略（Content-Security-Policy）。"
                f"提示：页面模板应继承 macros/theme/main.html。 {located[1]}The page runs inline scripts but has "
                f"no Content-Security-Policy. Hint: its template should extend macros/theme/main.html.")
        return html
    if scripts and scripts[0][0] < meta.start():
        raise ContentPolicyError(
            f"{located[0]}第一个内联脚本在内容安全策略之前，不受其约束。提示：策略的 <meta> 应是 <head> 中的第一项。"
            f" {located[1]}An inline script comes before the Content-Security-Policy, which does not cover it. "
            f"Hint: the policy's <meta> must come first in <head>.")
    sources = [LIVE_RELOAD] if live_reload else list(dict.fromkeys(script_hash(text) for _, text in scripts))
    policy = with_sources(meta.group(1), "script-src", sources)
    return html[:meta.start(1)] + policy + html[meta.end(1):]


def hash_folder(site: Path) -> int:
    """Add the hashes to every HTML page of a built site (a generator that runs no plugin: Zensical); the
    editing page keeps its own policy. Returns how many pages carry a policy."""
    count = 0
    for path in sorted(site.rglob("*.html")):
        if path.relative_to(site).parts[0] == "admin":
            continue
        html = path.read_text(encoding="utf-8")
        done = hashed(html, where=str(path))
        count += POLICY_META.search(done) is not None
        if done != html:
            path.write_text(done, encoding="utf-8")
    return count
