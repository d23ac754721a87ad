"""Site search: documents from the records and pages -> a sharded index a phone fetches piece by piece.

tokens.py    how text becomes search tokens (the same rules as the browser's search-worker.js)
documents.py what is searchable: one document per page, item and plan item, with its names
index.py     the files: term shards, name-key (pinyin) shards and document chunks, as JSON
ranking.py   how results are ranked: the rules and weights (shipped in meta.json), and the Python reference search
query_rules.py  the visitor's words: synonyms, traditional characters, question words
"""

import logging
import time
from pathlib import Path

from ..memo import Memo
from .documents import SearchDoc, hand_written_document, page_document, site_documents
from .index import build_index

log = logging.getLogger(__name__)


def search_files(site, pages: list[SearchDoc], memo: Memo | None = None) -> dict[str, bytes]:
    """The index files for the hand-written pages given and every item of the site. The pages are taken in URL
    order, whatever order a generator rendered them in: any generator gives the same files."""
    return build_index(sorted(pages, key=lambda page: page.url) + site_documents(site), memo)


def write_search_index(site, pages: list[SearchDoc], site_dir, memo: Memo | None = None) -> list[str]:
    """Write the index files into the built site, and log how long it took (the benchmark reads that).
    Returns the paths written."""
    started, files = time.perf_counter(), search_files(site, pages, memo)
    for path, content in files.items():
        target = Path(site_dir, path)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(content)
    seconds = time.perf_counter() - started
    log.info("搜索索引 %d 个文件（%.1f 秒）。Search index: %d files (%.1f s).", len(files), seconds, len(files), seconds,
             extra={"seconds": {"search index": seconds}})
    return sorted(files)


__all__ = ["SearchDoc", "hand_written_document", "page_document", "search_files", "write_search_index"]
