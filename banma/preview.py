"""Between the rebuilds of one `mkdocs serve --dirty` process: what the last build wrote and worked out.

The next rebuild re-renders only the generated pages that are new or of which something they read when they last
rendered now reads differently (recorded while they render, pages/reads.py), or whose title, description or frame
changed; it rewrites only the generated files whose bytes changed; hand-written pages, which show data through
macros, are always rebuilt.
It also reuses each unchanged data file's validated record, each unchanged text's search tokens and postings,
and the compiled theme templates. A full `mkdocs build` never uses any of this.
"""
from __future__ import annotations

import hashlib
import logging
from collections.abc import Callable
from pathlib import Path

from jinja2 import BytecodeCache

from .memo import Memo
from .pages.data_problems import problems_panel, with_panel
from .pages.reads import recording
from .site_plan import DataError, EmptyPlan, SitePlan

log = logging.getLogger("banma")


class PreviewMemory:
    def __init__(self) -> None:
        self.serving = False  # any `mkdocs serve`: bad data is shown in the pages instead of stopping the server
        self.enabled = False  # set by the MkDocs plugin (macros/plugin.py) for `mkdocs serve --dirty`
        self.last_plan = None  # the last valid site plan of this serve, shown while the data has problems
        self.problems: list = []  # the data's problems, while it has some (pages/data_problems.py shows them)
        self._written: dict[str, str] = {}  # source path -> a digest of the page's frame and front matter, or a file's
        self._pending: dict[str, str] = {}
        self._reads: dict[str, dict] = {}  # page URL -> what it read when it last rendered (pages/reads.py)
        self._compared = None  # the plan of the build under way, and its pages to render
        self._previous = None  # the plan of the last build that got to the end
        self.search_memo = Memo()  # each text's search tokens and each posting list's encoding (search/index.py)
        self.records_memo = Memo()  # each data file's record, by its bytes (records/loader.py)
        self.templates = CompiledTemplates()  # the theme's templates, compiled once per process
        self.published: dict[str, str] = {}  # share cards and icons in site/: path -> the cached drawing copied there

    @property
    def search(self) -> Memo | None:
        return self.search_memo if self.enabled else None

    @property
    def drawn(self) -> dict[str, str] | None:
        return self.published if self.enabled else None

    @property
    def records(self) -> Memo | None:
        return self.records_memo if self.enabled else None

    def compare(self, plan, shaping: list[str] = ()) -> dict[str, bool]:
        """Source path of every generated page and file -> whether it must be written again.

        `shaping`: files and folders that shape every page (the generator's configuration, theme overrides):
        when one changes, every page is written again."""
        frame = _digest_of(shaping) + _about(repr(plan.settings))
        now = {page.source_path: frame + _about(page.title, page.description, page.kind, page.edit_path)
               for page in plan.pages}
        now.update({record.path: record.version for record in plan.files})
        self._pending = now
        changed = {path: self._written.get(path) != print_ for path, print_ in now.items()}
        stale = plan.stale(self._reads, self._previous)
        for page in plan.pages:
            changed[page.source_path] = changed[page.source_path] or page.url in stale
        self._compared = (plan, {page.url for page in plan.pages if changed[page.source_path]})
        return changed

    def plan(self, build: Callable[[], SitePlan], settings) -> SitePlan | EmptyPlan:
        """build() while the data is valid; on bad data a build raises DataError, a preview shows the problems."""
        try:
            with recording(self.enabled):  # its pages note what they read while they render
                plan = build()
        except DataError as error:
            if not self.serving:
                raise
            log.error(error.report())
            return self.despite(error.problems, settings)
        self.problems = []
        self.last_plan = plan if self.serving else None
        return plan

    def despite(self, problems: list, settings):
        """The data has problems while serving: remember them, and return what to show meanwhile: the last
        valid plan, or before there was one the hand-written pages alone. Every page is written again (with
        the problems now, and without them once the data is fixed)."""
        self.problems = list(problems)
        self._written, self._reads, self._previous = {}, {}, None
        return self.last_plan or EmptyPlan(settings)

    def file_content(self, record, plan) -> bytes | None:
        """A generated file's content for the generator (None: copy record.source)."""
        if self.problems and record.path.endswith(".html"):  # the editing page, with the problems on top
            return self.shown(record.content.decode("utf-8"), plan).encode("utf-8")
        return record.content

    def shown(self, html: str, plan) -> str:
        """A page (or generated HTML file, such as the editing page) as the preview serves it: with the data's
        problems on top while there are any."""
        if not self.problems:
            return html
        return with_panel(html, problems_panel(self.problems, stale=not isinstance(plan, EmptyPlan)))

    def build_finished(self) -> None:
        """Only a build that got to the end counts: after a failed one, everything is written again. A page
        rendered in this build counts by what it read now; one left alone, by what it read before."""
        self._written, self._pending = ({}, {}) if self.problems else (self._pending, {})
        plan, rendering = self._compared or (None, set())
        if self.problems or plan is None:
            self._reads, self._previous = {}, None
        else:
            self._previous = plan
            fresh = plan.page_reads
            self._reads = {page.url: fresh[page.url] if page.url in fresh else self._reads[page.url]
                           for page in plan.pages if page.url in fresh or page.url not in rendering}
        self._compared = None


def _about(*values) -> str:
    return hashlib.blake2b(repr(values).encode("utf-8"), digest_size=16).hexdigest()


def _digest_of(paths: list[str]) -> str:
    hasher = hashlib.blake2b(digest_size=16)
    for path in map(Path, filter(None, paths)):
        for file in sorted(path.rglob("*")) if path.is_dir() else [path]:
            if file.is_file():
                hasher.update(str(file).encode() + b"\0" + file.read_bytes())
    return hasher.hexdigest()


class CompiledTemplates(BytecodeCache):
    """Jinja's compiled templates kept in memory: each rebuild makes a new theme environment."""

    def __init__(self) -> None:
        self._code: dict[str, bytes] = {}

    def load_bytecode(self, bucket) -> None:
        if bucket.key in self._code:
            bucket.bytecode_from_string(self._code[bucket.key])

    def dump_bytecode(self, bucket) -> None:
        self._code[bucket.key] = bucket.bytecode_to_string()

