"""Build the site with Zensical (Material for MkDocs' successor) from the same site plan.

    python scripts/build_zensical.py             # → zensical-site/ (the docs folder it builds from: zensical-docs/);
                                                 #   or python -m macros.zensical
    python scripts/build_zensical.py --keep OUT  # another folder for the generated project

Zensical reads mkdocs.yml but runs no MkDocs plugin, so it cannot see the pages our `banma` plugin adds. Here the
plan is handed over as files instead: every generated page and every hand-written page (its macros run by us, as
macros/plan_folder.py does, with macros/hand_written.py) becomes a Markdown file whose body is the finished HTML, with its title and
description in front matter; every generated file (feeds, downloads, images, the search index, the editing page's
config) is copied in; the configuration is ours without the MkDocs plugins. Zensical is handed each page's body as
a one-line placeholder, a comment unique to the page and this build, and the finished HTML (kept on disk beside the
project meanwhile) is put back in its place in the built page: Zensical parsing our HTML as Markdown was most of its
time and memory, and Markdown has no business in it (as under MkDocs: SitePlan.set_aside). A built page without
its placeholder stops the build. Search is ours, as under MkDocs: Zensical's
box (which would fetch its whole search.json on the first page view, and whose worker speaks another protocol) is
replaced by the dialog of macros/theme/zensical/ (overrides for this build only), which
docs/assets/javascripts/zensical-search.js connects to our sharded worker; Zensical's unused search.json is removed.
用 Zensical 构建同一网站（同一份站点计划）。
"""
from __future__ import annotations

import argparse
import posixpath
import re
import secrets
import shutil
import subprocess
import sys
from functools import partial
from pathlib import Path

import yaml

from banma import content_policy
from banma.cli import project_root
from banma.manifest import write_manifest
from banma.pages.hand_written import read_pages, url_of
from banma.pages.images import is_original
from banma.records.problems import DataError
from banma.rendering import Rendering
from banma.settings import Settings
from banma.site_plan import build_site
from macros.hand_written import mkdocs_config, render_pages
from macros.plan_folder import write_files


def _front_matter(meta: dict, body: str) -> str:
    return "---\n" + yaml.safe_dump(meta, allow_unicode=True, sort_keys=False) + "---\n\n" + body.strip() + "\n"


def export(root: Path, project: Path, settings: Settings) -> dict:
    """Write a Zensical project (mkdocs.yml + docs/) holding the finished site plan."""
    plan = build_site(root, settings)
    docs = project / "docs"
    if project.exists():
        shutil.rmtree(project)
    for source in sorted((root / "docs").rglob("*")):  # the hand-written site's own assets and editing page
        if source.is_file() and source.suffix != ".md" and not is_original(source.relative_to(root / "docs").as_posix()):
            target = docs / source.relative_to(root / "docs")
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(source, target)
    hand_written = render_pages(root, plan, settings, partial(_rebase_links, root))
    bodies = Bodies(project / BODIES)
    rendering = Rendering(plan, docs, {written.url for written in hand_written})  # cards, items, index in workers
    try:
        for page in plan.pages:
            meta = {**page.front_matter(), "description": page.description}
            meta.pop("render_macros", None)
            meta.pop("search", None)  # (Material's setting; Zensical's own search is not used: _use_our_search)
            _write(docs / page.url / "index.md", _front_matter(meta, bodies.set_aside(page.url, rendering.html(page))))
        metas = {url: meta for url, meta, _ in read_pages(root)}
        for written in hand_written:
            meta = {key: value for key, value in metas[written.url].items() if key != "render_macros"}
            _write(docs / written.url / "index.md", _front_matter(meta, bodies.set_aside(written.url, written.html)))
        files = write_files(plan, hand_written, docs, rendering)
    finally:
        rendering.close()
    _copy_overrides(root / "macros" / "theme", project / "overrides")
    (project / "mkdocs.yml").write_text(_config(root, settings), encoding="utf-8")
    return {"pages": len(plan.pages) + len(hand_written), "files": len(files), "bodies": bodies}


BODIES = "bodies"  # in the generated project, beside docs/ (which Zensical would copy): the pages' finished HTML


class Bodies:
    """The pages' finished HTML, set aside while Zensical builds each page around a placeholder, then put back.

    A placeholder is an HTML comment on a line of its own (Markdown passes it through as it is) holding a random
    token of this build and the page's number: no text an editor wrote can make one, and a page can only receive
    its own HTML. The HTML waits in a file per page, so that no process holds every page at once."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.token = secrets.token_hex(16)  # new for every build
        self.pages: list[tuple[str, str]] = []  # page number -> its URL and placeholder

    def set_aside(self, url: str, html: str) -> str:
        """The page's body for Zensical: its placeholder; the HTML is kept until put_back()."""
        number = len(self.pages)
        # The theme prints the title as <h1> when "<h1" is not in the page's content (partials/content.html): the
        # placeholder says whether the HTML has one.
        placeholder = f"<!-- banma page {self.token} {number}{' <h1' if '<h1' in html else ''} -->"
        self.pages.append((url, placeholder))
        _write(self.folder / f"{number}.html", html.strip())
        return placeholder

    def put_back(self, site: Path) -> None:
        """Each built page's placeholder replaced by its HTML. Fails closed: a page missing, without its
        placeholder, or with it (or this build's token) more than once raises PutBackError."""
        for number, (url, placeholder) in enumerate(self.pages):
            page = site / url / "index.html"
            try:
                built = page.read_text(encoding="utf-8")
            except FileNotFoundError:
                raise PutBackError(page, "Zensical 没有写出这个页面", "Zensical did not write this page") from None
            found, marks = built.count(placeholder), built.count(self.token)  # marks: any page's placeholder
            if found != 1 or marks != 1:
                raise PutBackError(page, f"它的占位注释出现 {found} 次、本次构建的占位注释共出现 {marks} 次（应各为 1 次）",
                                   f"its placeholder appears {found} times and this build's placeholders {marks} "
                                   f"times (once each expected)")
            html = (self.folder / f"{number}.html").read_text(encoding="utf-8")
            before, _, after = built.partition(placeholder)
            page.write_text(before + html + after, encoding="utf-8")


class PutBackError(Exception):
    """A page Zensical built where our HTML cannot be put back: the build stops rather than publish it."""

    def __init__(self, page: Path, why_zh: str, why_en: str) -> None:
        super().__init__(f"{page}：{why_zh}，无法放回页面内容，构建停止。请检查 Zensical 的版本与 macros/theme/ 的模板是否"
                         f"仍输出页面正文。\n{page}: {why_en}, so the page's content cannot be put back; the build "
                         f"stops. Hint: check that the Zensical version and the templates in macros/theme/ still "
                         f"print the page's content.")


ZENSICAL_ONLY = "zensical"  # macros/theme/zensical/: overrides for this build only, laid over the shared ones
OUR_SEARCH = "assets/javascripts/zensical-search.js"


def _copy_overrides(theme: Path, overrides: Path) -> None:
    """The shared theme overrides, then the Zensical-only ones over them (our search dialog in partials/search.html,
    which under MkDocs would replace Material's search box that our worker answers there)."""
    shutil.copytree(theme, overrides, ignore=lambda folder, _: [ZENSICAL_ONLY] if Path(folder) == theme else [])
    shutil.copytree(theme / ZENSICAL_ONLY, overrides, dirs_exist_ok=True)  # (required: without it, Zensical's box)


def _use_our_search(config: dict) -> None:
    """Our search script after the others (site.js first: it sets up the result area the script fills)."""
    scripts = list(config.get("extra_javascript") or [])
    config["extra_javascript"] = scripts + [OUR_SEARCH]


def _drop_zensical_index(site: Path) -> None:
    """Zensical writes its own index (search.json, every page's text) although its box is not used: removed, so
    that nothing can fetch it and the deployed site holds one search index, ours (search/hm/)."""
    for name in ("search.json", "search.js"):
        (site / name).unlink(missing_ok=True)


def _write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def _source_of(root: Path, url: str) -> Path:
    """The docs/ file of a hand-written page's URL ("" -> index.md, "about/" -> about.md or about/index.md)."""
    for candidate in ((url.rstrip("/") or "index") + ".md", url + "index.md"):
        if (root / "docs" / candidate).is_file():
            return Path(candidate)
    raise FileNotFoundError(url)


_LINK = re.compile(r'(href|src)="(?![a-z][a-z0-9+.-]*:|/|#)([^"#?]+)([#?][^"]*)?"')


def _rebase_links(root: Path, html: str, url: str) -> str:
    """Links a hand-written page's Markdown wrote, as MkDocs writes them: relative to the page's URL (a .md file
    becomes its page's URL), where they were relative to the page's source file."""
    source = _source_of(root, url)

    def rebase(match: re.Match) -> str:
        attribute, path, rest = match.group(1), match.group(2), match.group(3) or ""
        target = posixpath.normpath((source.parent / path).as_posix())
        if target.endswith(".md"):
            target = url_of(Path(target)) or "."
        relative = posixpath.relpath(target, url or ".")
        if path.endswith(".md") or path.endswith("/"):
            relative = relative.rstrip("/") + "/" if relative != "." else "./"
        return f'{attribute}="{relative}{rest}"'
    return _LINK.sub(rebase, html)


def _config(root: Path, settings: Settings) -> str:
    """mkdocs.yml for Zensical: ours with settings resolved, without the MkDocs plugins (their work is done)."""
    config = mkdocs_config(root)  # (an !ENV tag reads as empty: the settings are resolved here)
    config["site_url"] = settings.site_url
    config["plugins"] = []  # Zensical runs no MkDocs plugin: search, macros and banma are done above
    config["nav"] = _nav(config.get("nav") or [])
    config.pop("validation", None)
    config.pop("exclude_docs", None)  # for MkDocs: the photos it names are not copied here (export)
    theme = dict(config["theme"])
    theme["custom_dir"] = "overrides"  # our theme overrides (macros/theme), written for both template engines
    theme["variant"] = "classic"  # Material's look, as the MkDocs build has it
    config["theme"] = theme
    config["extra"] = {**(config.get("extra") or {}), **settings.footer()}
    _use_our_search(config)
    return yaml.safe_dump(config, allow_unicode=True, sort_keys=False)


def _nav(entries: list) -> list:
    """Each page is written as <its URL>/index.md (so that Zensical, which rebases links from a page's source
    file, leaves the finished HTML's relative links as they are): the nav names those files."""
    moved = []
    for entry in entries:
        (title, target), = entry.items()
        if isinstance(target, list):
            moved.append({title: _nav(target)})
        else:
            moved.append({title: url_of(Path(target)) + "index.md"})
    return moved


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--root", type=Path, default=None, help=argparse.SUPPRESS)
    parser.add_argument("--keep", type=Path, default=None, help="the generated project's folder (zensical-docs/)")
    parser.add_argument("--site", type=Path, default=None, help="the built site's folder (zensical-site/)")
    beside = Path(sys.executable).with_name("zensical")  # pip installs it next to Python in .venv
    parser.add_argument("--zensical", default=str(beside) if beside.is_file() else "zensical",
                        help="the zensical command")
    args = parser.parse_args(argv)
    root = args.root or project_root()
    project = (args.keep or root / "zensical-docs").resolve()
    site = (args.site or root / "zensical-site").resolve()
    try:
        summary = export(root, project, Settings.from_environment())
    except DataError as error:
        print(error.report(), file=sys.stderr)
        return 1
    result = subprocess.run([args.zensical, "build", "--clean", "-f", str(project / "mkdocs.yml")], cwd=project)
    if result.returncode != 0:
        return result.returncode
    try:  # in Zensical's output folder: a page that fails leaves the last built site where it was
        summary["bodies"].put_back(project / "site")
    except PutBackError as error:
        print(error, file=sys.stderr)
        return 1
    if site.exists():  # Zensical writes inside its project (site/); the built site is moved out
        shutil.rmtree(site)
    shutil.move(str(project / "site"), site)
    _drop_zensical_index(site)
    content_policy.hash_folder(site)  # the theme's content policy gets its pages' inline-script hashes (no plugin)
    write_manifest(site)  # last: scripts/deploy.py publishes only a folder that matches it
    print(f"Zensical: {summary['pages']} 个页面、{summary['files']} 个文件 → {site}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
