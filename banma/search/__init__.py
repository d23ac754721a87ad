"""Site search: documents from the records and pages -> a sharded index a phone fetches piece by piece.

tokens.py    how text becomes search tokens (the same rules as the browser's search-worker.js)
documents.py what is searchable: one document per page, item and plan item, with its names
index.py     the files: term shards, name-key (pinyin) shards and document chunks, as JSON
"""

from .documents import SearchDoc, page_document, site_documents  # noqa: E402
from .index import build_index  # noqa: E402


def search_files(site, pages: list[SearchDoc]) -> dict[str, bytes]:
    """The index files for the hand-written pages given and every item of the site."""
    return build_index(pages + site_documents(site))


__all__ = ["SearchDoc", "page_document", "search_files"]
