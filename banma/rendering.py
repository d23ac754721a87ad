"""The plan's heavy work, done beside the generator: item pages' HTML, share cards and the search index.

    rendering = Rendering(plan, output_folder, pages)  # workers start, and cards start drawing
    html = rendering.html(page)               # an item page's body, rendered ahead in a worker
    rendering.rendered(source_path, document) # a hand-written page is done (its search document, or None)
    rendering.finish()                        # waits for all of it

While the generator turns pages into HTML (its template, its files) in this process, workers (banma/workers.py)
render the next item pages' bodies, draw or copy the share cards and, once the last hand-written page has given
its search document, build the search index. With no workers every job runs here, when asked for: the bytes
written are the same either way.
"""
from __future__ import annotations

import logging
import time
from pathlib import Path

from .memo import Memo
from .pages.templating import compile_all
from .search import write_search_index
from .workers import Workers

log = logging.getLogger(__name__)
PAGES_PER_JOB = 16
DRAWINGS_PER_JOB = 64
JOBS_AHEAD = 4  # per worker: rendered pages waiting to be taken cost memory, so only a few jobs run ahead


def _render(plan, start: int, stop: int) -> list[str]:
    return [page.html for page in plan.pages[start:stop]]


def _publish(plan, start: int, stop: int, folder: str, published: dict | None = None) -> list[str]:
    """Draw (or copy from the cache) drawings start…stop into the folder; a preview's `published` (site path ->
    cached file) skips those its last rebuild put there."""
    for drawing in plan.drawings[start:stop]:
        cached = drawing.cached.name
        if published is not None and published.get(drawing.path) == cached and Path(folder, drawing.path).is_file():
            continue
        drawing.publish(Path(folder))
        if published is not None:
            published[drawing.path] = cached
    return [drawing.path for drawing in plan.drawings[start:stop]]


def _search(plan, documents: list, folder: str, memo: Memo | None = None) -> list[str]:
    return write_search_index(plan.site, documents, folder, memo)


class Shared(dict):
    """What a generator's template makes the same way on many pages, made once per build (by a key the template
    gives: everything the part depends on)."""

    def once(self, key, make):
        if key not in self:
            self[key] = make()
        return self[key]


class Rendering:
    def __init__(self, plan, folder: Path | str, pages: set[str] = frozenset(), memo: Memo | None = None,
                 published: dict | None = None, parallel: bool = True) -> None:
        """pages: the source paths of the pages the generator will render; the hand-written ones among them give
        their search documents to the index (rendered()). memo and published: a preview's memory of search tokens
        (the index is then built here) and of the drawings its last rebuild wrote. parallel: False where forking is
        unsafe (a process with threads: `mkdocs serve`)."""
        self.plan, self.folder, self.memo = plan, str(folder), memo
        self.workers = Workers.start(plan) if parallel else Workers.serial(plan)
        if self.workers.processes:
            compile_all()  # here, once, rather than in every worker
        self._unindexed = set(pages) - {page.source_path for page in plan.pages}
        self._documents: list = []
        self._indexing = plan.site is None  # nothing to index while a preview has no valid data
        self._written: list[str] = []
        self.shared = Shared()  # parts of the generator's pages that are the same on many of them (its templates')
        self._position = {page.url: number for number, page in enumerate(plan.pages)}
        self._jobs: dict[int, object] = {}  # job number -> its pages' HTML (a Future or a Later)
        self._left: dict[int, int] = {}  # job number -> pages of it not yet taken
        self._next_job = 0
        self._ahead = JOBS_AHEAD * max(1, self.workers.processes)
        count = len(plan.drawings)
        self._waiting = [self.workers.submit(_publish, start, min(start + DRAWINGS_PER_JOB, count), self.folder,
                                             published) for start in range(0, count, DRAWINGS_PER_JOB)]

    def html(self, page) -> str:
        """An item page's HTML body. Pages are rendered in jobs, in plan order, a few jobs ahead of the one
        asked for: a generator that asks in plan order (MkDocs does) never waits for long."""
        if not self.workers.processes:  # here, one page at a time: a preview rebuild asks for only a few
            return page.html
        number = self._position[page.url]
        job = number // PAGES_PER_JOB
        if job < self._next_job and job not in self._jobs:  # all its job's pages were taken: asked for again
            return page.html
        self._submit_up_to(job + self._ahead)
        html = self._jobs[job].result()[number % PAGES_PER_JOB]
        self._left[job] -= 1
        if not self._left[job]:
            del self._jobs[job], self._left[job]
        return html

    def _submit_up_to(self, last_job: int) -> None:
        count = len(self.plan.pages)
        while self._next_job <= last_job and self._next_job * PAGES_PER_JOB < count:
            start = self._next_job * PAGES_PER_JOB
            stop = min(start + PAGES_PER_JOB, count)
            self._jobs[self._next_job] = self.workers.submit(_render, start, stop)
            self._left[self._next_job] = stop - start
            self._next_job += 1

    def rendered(self, source_path: str, document=None) -> None:
        """A hand-written page is rendered, with its search document (None: not searchable). After the last one
        the search index is built while the generator goes on with the item pages."""
        if document is not None:
            self._documents.append(document)
        self._unindexed.discard(source_path)
        if not self._unindexed:
            self._index()

    def _index(self) -> None:
        if self._indexing:
            return
        self._indexing = True
        if self.memo is not None:  # a preview keeps each text's tokens in this process
            self._written += _search(self.plan, self._documents, self.folder, self.memo)
        else:
            self._waiting.append(self.workers.submit(_search, self._documents, self.folder))

    def finish(self) -> list[str]:
        """Build the search index if a hand-written page never came (a draft), and wait for every card and the
        index; a worker's error is raised here. Returns the paths of the files written (cards, icons, index)."""
        started = time.perf_counter()
        try:
            self._index()
            for job in self._waiting:
                self._written += job.result()
        finally:
            self.close()
        seconds = time.perf_counter() - started
        workers = self.workers.processes
        log.info("卡片与搜索索引在页面之后 %.1f 秒完成（%d 个工作进程）。Cards and search index done %.1f s after the pages "
                 "(%d workers).", seconds, workers, seconds, workers,
                 extra={"seconds": {"waiting for workers after the pages": seconds}})
        return sorted(self._written)

    def close(self) -> None:
        self._waiting = []
        self.workers.close()
