"""The MkDocs plugin `banma`: the site plan (banma.site_plan) handed to MkDocs. Nothing else lives here.

Registered through the package's entry points (pyproject.toml) and named in mkdocs.yml's `plugins`.
It stops on bad data before MkDocs writes anything (a preview shows the problems instead), adds the
planned pages and files, and lets Material-specific fixes (macros/material.py) run. It uses MkDocs'
documented events only, holds its state on itself (MkDocs keeps a plugin with `on_startup` across the
rebuilds of one `mkdocs serve`), and sets no attribute on an MkDocs object it did not create. A move to
another generator rewrites this file and macros/__init__.py only.
"""
import logging
from pathlib import Path

from markupsafe import Markup
from mkdocs.config import base, config_options
from mkdocs.exceptions import Abort
from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.structure.files import File, InclusionLevel
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import get_toc

from banma import content_policy, preview
from banma.manifest import write_manifest
from banma.pages.markdown_text import join_cjk_source_lines
from banma.rendering import Rendering
from banma.search import hand_written_document
from banma.settings import Settings
from banma.site_plan import DataError, build_site
from macros import material


class PlannedFile(File):
    """A file this plugin adds (or re-adds): whether a `mkdocs serve --dirty` rebuild writes it again is decided
    by the plan's fingerprints (banma/preview.py), not by modification times."""

    rewrite = True

    def is_modified(self) -> bool:
        return self.rewrite


class PlannedPage(Page):
    """A page made from data (banma/pages/item_pages.py): its front matter comes from the record, and there is
    no source to read and no Markdown to render (its HTML is set just before its template, on_page_context)."""

    def __init__(self, file: File, config, record) -> None:
        super().__init__(None, file, config)  # becomes file.page: MkDocs then uses it, not a Page of its own
        self.record = record

    def read_source(self, config) -> None:
        # main.html: Material's parts that are the same on every such page of a folder, drawn once per folder
        self.markdown, self.meta = "", {**self.record.front_matter(), "shared_parts": self.record.folder}

    def render(self, config, files) -> None:
        self.content, self.toc = "", get_toc([])


class BanmaConfig(base.Config):
    data_root = config_options.Optional(config_options.Dir(exists=True))  # default: mkdocs.yml's folder


class BanmaPlugin(BasePlugin[BanmaConfig]):
    def __init__(self) -> None:
        self.memory = preview.PreviewMemory()  # kept across one serve's rebuilds
        self.plan = None  # this build's SitePlan (or EmptyPlan while a preview's data never loaded)
        self.rendering: Rendering | None = None  # item pages, cards and the search index, made beside MkDocs
        self.log = logging.getLogger("mkdocs.plugins.banma")  # MkDocs counts its warnings (--strict)
        logging.getLogger("banma").setLevel(logging.INFO)  # the data layer's messages (and stage timings) …
        logging.getLogger("banma").parent = self.log  # … through MkDocs' log

    def on_startup(self, *, command, dirty):
        # enabled: scripts/serve.sh's `mkdocs serve --dirty`
        self.memory.serving, self.memory.enabled = command == "serve", command == "serve" and dirty

    def on_config(self, config):
        # Runs before MkDocs cleans or writes site/: a data error leaves nothing deployable behind.
        settings = Settings.from_environment()
        config.update(site_url=settings.site_url, site_name=settings.site_name, site_description=settings.description)
        config.edit_uri = settings.edit_url + "docs/" if settings.edit_url else None
        config.extra.update(settings.footer())
        root = Path(self.config.data_root or Path(config.config_file_path).parent)
        try:  # a preview does not stop on bad data: it shows the problems on every page instead
            self.plan = self.memory.plan(lambda: build_site(root, settings, self.memory.records), settings)
        except DataError as error:
            raise Abort(error.report()) from None
        config.extra["cards"] = self.plan.has_cards  # og:image in main.html
        config.theme["favicon"] = self.plan.favicon or config.theme["favicon"]
        return config

    def on_files(self, files, config):
        if clash := self.plan.clash_with({file.src_uri for file in files}):
            raise Abort(clash)
        for record in self.plan.files:
            content = self.memory.file_content(record, self.plan)
            files.append(PlannedFile.generated(config, record.path, content=content))
        for page in self.plan.pages:  # reached from index pages and search, never listed one by one in the nav
            file = PlannedFile.generated(config, page.source_path, content="", inclusion=InclusionLevel.NOT_IN_NAV)
            PlannedPage(file, config, page)
            files.append(file)
        if self.memory.enabled:  # a rebuild writes only what changed; hand-written pages show data: always
            written = [f for f in files.documentation_pages() if not isinstance(f, PlannedFile)]
            changed = self.memory.compare(self.plan, [config.config_file_path, config.theme.custom_dir]
                                          + [f.abs_src_path for f in written])  # the nav: every page
            for file in written:
                files.remove(file)
                files.append(PlannedFile(file.src_path, file.src_dir, file.dest_dir, file.use_directory_urls,
                                         dest_uri=file.dest_uri, inclusion=file.inclusion))
            for file in files:
                if isinstance(file, PlannedFile):
                    file.rewrite = changed.get(file.src_uri, True)
        # Workers start now (site/ is clean, the plan complete); a serve has threads, so it works alone.
        self.rendering = Rendering(self.plan, config.site_dir, {f.src_uri for f in files.documentation_pages()},
                                   self.memory.search, self.memory.drawn, parallel=not self.memory.serving)
        return files

    def on_page_markdown(self, markdown, page, config, files):
        if (record := self.plan.page_at(page.file.src_uri)) is not None:  # a PlannedPage: no Markdown, no macros
            page.edit_url = self.plan.settings.edit_link(record.edit_path)
        page.update_date = self.plan.last_changed(page.file.src_uri, page.meta.get("render_macros")) or page.update_date
        return "" if record else join_cjk_source_lines(markdown)

    def on_page_content(self, html, page, config, files):
        if self.plan.page_at(page.file.src_uri) is not None:
            return ""  # its HTML is made just before its template (on_page_context): one page's at a time
        html = self.plan.put_back(html)  # a hand-written page: searchable by its text (`search: boost:`)
        self.rendering.rendered(page.file.src_uri, hand_written_document(page.url, page.meta, page.title, html))
        page.meta["search"] = {**(page.meta.get("search") or {}), "exclude": True}  # Material's own index unused
        return html

    def on_env(self, env, config, files):
        env.bytecode_cache = self.memory.templates if self.memory.enabled else None  # compiled once per serve
        env.auto_reload = False  # a build makes its own environment: no need to look at template files per page
        env.globals["shared"] = self.rendering.shared  # main.html: parts drawn once per folder

    def on_page_context(self, context, page, config, nav):
        # Material prints page.meta.title unescaped in several places (MkDocs templates do not autoescape):
        # titles come from editors' YAML, so they go to the templates as escaped Markup.
        if page.meta.get("title"):
            page.meta["title"] = Markup.escape(page.meta["title"])
        if (record := self.plan.page_at(page.file.src_uri)) is not None:
            page.content = self.rendering.html(record)  # dropped again in on_post_page
        return context

    def on_post_page(self, output, page, config):
        page.content = None  # written and indexed: don't hold every page's HTML until the build ends
        # Last: the hashes of its inline scripts into its content policy (a serve's reload script: allowed wholesale).
        return content_policy.hashed(self.memory.shown(material.fix_theme_html(output), self.plan), self.memory.serving)

    def on_post_template(self, output_content, template_name, config):  # 404.html: a template, not a page
        return content_policy.hashed(self.memory.shown(material.fix_theme_html(output_content), self.plan))

    @event_priority(100)  # before Material's search plugin writes its index
    def on_post_build(self, config):
        material.write_search_index_for(config)  # its settings only: our worker answers queries
        self.rendering.finish()  # every card and the search index written
        self.memory.build_finished()
        warned = any(h.get_counts() for h in logging.getLogger("mkdocs").handlers if hasattr(h, "get_counts"))
        write_manifest(config.site_dir, preview=self.memory.serving or warned)  # last; none if --strict aborts next

    def on_build_error(self, error):
        if self.rendering is not None:
            self.rendering.close()
