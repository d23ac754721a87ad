"""Many data files are read in worker processes (banma/records/loader.py): the same records and the same problems,
in the same order, as reading them one by one here."""
from __future__ import annotations

import shutil

import pytest
from helpers import FIXTURE, forked_here_or_in_a_fresh_process, problems_of, write

from banma.records import loader
from banma.records.loader import load_site

ROOT = FIXTURE.parents[2]


@pytest.fixture
def in_workers(monkeypatch):
    """Every load reads its item files in two workers, however few (the threshold is for speed only)."""
    monkeypatch.setattr(loader, "PARALLEL_FROM", 1)
    monkeypatch.setattr(loader, "FILES_PER_JOB", 3)  # several jobs even for a small data set
    monkeypatch.setenv("BANMA_WORKERS", "2")


def _records(site) -> dict:
    return {(folder, key): (record.model_dump(mode="json"), record.id, site.files[(folder, key)])
            for folder, records in site.records.items() for key, record in records.items()}


@pytest.mark.reads_data
def test_the_real_data_loads_the_same_in_workers(monkeypatch, request, in_workers):
    if forked_here_or_in_a_fresh_process(request):
        return
    parallel = load_site(ROOT)
    monkeypatch.setenv("BANMA_WORKERS", "0")
    serial = load_site(ROOT)
    assert _records(parallel) == _records(serial)
    assert len(_records(serial)) > 20


def test_problems_come_in_the_same_order_in_workers(tmp_path, monkeypatch, request, in_workers):
    if forked_here_or_in_a_fresh_process(request):
        return
    project = tmp_path / "project"
    shutil.copytree(FIXTURE, project)
    first = next(iter(sorted((project / "data" / "landmarks").glob("*.yaml"))))
    write(project, "data/landmarks/Bad Name.yaml", "name: x\n")  # a folder entry's problem, among the files
    write(project, "data/landmarks/notes.txt", "x")
    first.write_text(first.read_text(encoding="utf-8") + "unknown_field: 1\n", encoding="utf-8")
    write(project, "data/stories/zz-broken.yaml", "title: [unclosed\n")
    parallel = [problem.format() for problem in problems_of(project)]
    monkeypatch.setenv("BANMA_WORKERS", "0")
    serial = [problem.format() for problem in problems_of(project)]
    assert parallel == serial
    assert len(serial) >= 4
