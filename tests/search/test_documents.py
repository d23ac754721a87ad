"""Every published text field of an item reaches its search document: the fields a kind's design reads, and any
other one (a field added to a model is found without an edit to search). Editors' notes never do."""
from __future__ import annotations

from pathlib import Path

import pytest

from banma.pages.kind_adapter import PRIVATE_FIELDS, text_fields
from banma.pages.kind_designs import adapter_of
from banma.records.kinds import KINDS
from banma.records.loader import load_site
from banma.records.schema_export import markdown_fields
from banma.search.documents import _item_document

FIXTURE = Path(__file__).resolve().parents[1] / "fixtures/minimal"
SITE = load_site(FIXTURE)
SEARCHED = [kind for kind in KINDS if kind.has_pages and SITE.items(kind)]


def _document_text(kind, record) -> str:
    doc = _item_document(SITE, kind, record)
    return " ".join([*doc.names, doc.summary, *doc.body, *doc.facets])


@pytest.mark.parametrize("kind", SEARCHED, ids=lambda kind: kind.folder)
def test_a_design_reads_only_fields_its_model_has(kind):
    reads = adapter_of(kind).search_reads
    assert reads is None or reads <= set(kind.model.model_fields), sorted((reads or set()) - set(kind.model.model_fields))


@pytest.mark.parametrize("kind", SEARCHED, ids=lambda kind: kind.folder)
def test_every_published_text_field_is_searched_and_notes_are_not(kind):
    record = next(iter(SITE.items(kind).values()))
    names = [name for name in (*text_fields(kind.model), *markdown_fields(kind.model)) if name != kind.title_field]
    reads = adapter_of(kind).search_reads
    for name in names:
        marker = f"zqx{name.replace('_', '')}qz"
        text = _document_text(kind, record.model_copy(update={name: marker}))
        if name in PRIVATE_FIELDS:
            assert marker not in text, f"{kind.folder}.{name} is private but searched"
        elif reads is None or name not in reads:  # what a design reads it places itself (a label, a name …)
            assert marker in text, f"{kind.folder}.{name} does not reach search"
