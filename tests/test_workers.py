"""Work done in forked workers is the work done in this process (banma/workers.py, banma/rendering.py)."""
from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace

import pytest
from helpers import forked_here_or_in_a_fresh_process
from sitebuild import ROOT, build

from banma.rendering import PAGES_PER_JOB, Rendering
from banma.workers import Later, Workers


def _square_plus(shared, number):
    return shared["offset"] + number * number


def _broken(shared):
    raise ValueError("a broken job")


def test_jobs_in_workers_see_the_shared_data_and_return_what_they_return_here(request):
    if forked_here_or_in_a_fresh_process(request):
        return
    workers = Workers.start({"offset": 10}, processes=2)
    assert workers.processes == 2
    try:
        found = [workers.submit(_square_plus, n) for n in range(40)]
        assert [job.result() for job in found] == [10 + n * n for n in range(40)]
    finally:
        workers.close()
    serial = Workers.serial({"offset": 10})
    assert [serial.submit(_square_plus, n).result() for n in range(40)] == [10 + n * n for n in range(40)]


def test_an_error_in_a_worker_reaches_the_caller(request):
    if forked_here_or_in_a_fresh_process(request):
        return
    workers = Workers.start({}, processes=2)
    try:
        with pytest.raises(ValueError, match="a broken job"):
            workers.submit(_broken).result()
    finally:
        workers.close()


def test_a_serial_job_runs_once_and_only_when_its_result_is_asked_for():
    calls = []
    later = Later(lambda shared, n: calls.append(n) or n * 2, None, (21,))
    assert calls == []
    assert later.result() == 42 and later.result() == 42
    assert calls == [21]


def test_banma_workers_must_be_a_number(monkeypatch):
    monkeypatch.setenv("BANMA_WORKERS", "many")
    with pytest.raises(ValueError, match="BANMA_WORKERS"):
        Workers.start(None)


@pytest.mark.parametrize("wanted, expected", [("0", 0), ("1", 1), ("3", 3)])
def test_banma_workers_sets_the_number_of_workers(monkeypatch, request, wanted, expected):
    if expected and forked_here_or_in_a_fresh_process(request):
        return
    monkeypatch.setenv("BANMA_WORKERS", wanted)
    assert Workers.start(None).processes == expected


class _Page:
    def __init__(self, number: int) -> None:
        self.url, self.source_path, self.number = f"things/{number}/", f"things/{number}.md", number

    @property
    def html(self) -> str:
        return f"<p>page {self.number}</p>"


@pytest.mark.parametrize("parallel", [False, True])
def test_item_pages_come_back_in_any_order_and_again(tmp_path, parallel, request):
    if parallel and forked_here_or_in_a_fresh_process(request):
        return
    count = PAGES_PER_JOB * 5 + 3
    pages = [_Page(n) for n in range(count)]
    plan = SimpleNamespace(pages=pages, drawings=[], site=None)
    rendering = Rendering(plan, tmp_path, parallel=parallel)
    assert bool(rendering.workers.processes) == parallel
    try:
        order = [*range(count // 2, count), *range(count // 2)]  # from the middle, then the start
        assert [rendering.html(pages[n]) for n in order] == [f"<p>page {n}</p>" for n in order]
        assert rendering.html(pages[0]) == "<p>page 0</p>"  # asked for a second time
    finally:
        rendering.finish()


def _tree(folder: Path) -> dict[str, bytes]:
    return {str(path.relative_to(folder)): path.read_bytes() for path in sorted(folder.rglob("*")) if path.is_file()}


@pytest.mark.reads_data
@pytest.mark.slow
def test_the_site_built_with_workers_is_byte_for_byte_the_site_built_without(tmp_path):
    """The whole real site, with empty image caches both times (every card drawn): in workers, and in one process
    (built one after the other: the shared real_site of the run is older than this test's code may be while other
    work goes on in the checkout)."""
    trees = {}
    for workers in ("0", "2"):
        env = {"BANMA_WORKERS": workers, "XDG_CACHE_HOME": str(tmp_path / f"cache-{workers}")}
        result = build(ROOT, tmp_path / f"site-{workers}", env=env)
        assert result.returncode == 0, result.stderr
        assert f"({workers} workers)" in result.stderr  # the build says how it ran
        trees[workers] = _tree(tmp_path / f"site-{workers}")
    assert any(path.startswith("assets/cards/") for path in trees["2"])
    assert any(path.startswith("search/hm/t/") for path in trees["2"])
    assert trees["0"].keys() == trees["2"].keys()
    assert [path for path in trees["0"] if trees["0"][path] != trees["2"][path]] == []


def _frozen_objects(shared):
    import gc
    return gc.get_freeze_count()


def test_workers_leave_what_they_inherit_to_the_build(request):
    """What a worker inherits is frozen for the garbage collector (its collections never walk, and so copy, the
    build's heap), and the build's objects are collectable again once the workers are closed."""
    if forked_here_or_in_a_fresh_process(request):
        return
    import gc
    before = gc.get_freeze_count()
    workers = Workers.start({"a": [object() for _ in range(1000)]}, processes=2)
    try:
        assert workers.submit(_frozen_objects).result() > before + 1000
    finally:
        workers.close()
    assert gc.get_freeze_count() == before
