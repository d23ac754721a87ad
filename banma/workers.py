"""Work spread over the machine's cores: worker processes forked from the build, seeing its data as it stood.

    workers = Workers.start(plan)      # or Workers.serial(plan): the same calls, done in this process
    done = workers.submit(job, 1, 2)   # job(plan, 1, 2) in a worker; done.result() waits for it
    workers.close()

Forking hands each worker the whole site without copying or pickling it; only the arguments and results of
jobs travel between processes, so jobs take small arguments (page numbers, a folder) and return small
results or write their own files. Where forking is unsafe or pointless (one core, a system other than Linux,
or a process with other threads, such as `mkdocs serve`), the same jobs run in this process when their
result is asked for: the output is the same either way (tests/test_workers.py builds a site both ways). Warnings
belong in the build's own process (site_plan.py): MkDocs counts those for --strict, not a worker's.
"""
from __future__ import annotations

import gc
import multiprocessing
import os
import sys
import threading
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from typing import Any

from .settings import Settings

_SHARED: Any = None  # what every job receives first: set before the workers are forked, read in them


def cores() -> int:
    """The cores this process may run on (a CI runner's or container's share, not the host's)."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # macOS, Windows
        return os.cpu_count() or 1


def can_fork() -> bool:
    """Linux only (macOS libraries may break in a forked child), and only from a process with no other thread (a
    child gets one thread: a lock another held at the fork would never be released)."""
    return sys.platform.startswith("linux") and threading.active_count() == 1


def _run(job: Callable, arguments: tuple) -> Any:
    return job(_SHARED, *arguments)


class Later:
    """A job's result, worked out in this process the first time it is asked for (the serial stand-in of a Future)."""

    def __init__(self, job: Callable, shared: Any, arguments: tuple) -> None:
        self._call = (job, shared, arguments)
        self._value: Any = None

    def result(self) -> Any:
        if self._call is not None:
            job, shared, arguments = self._call
            self._value, self._call = job(shared, *arguments), None
        return self._value


class Workers:
    def __init__(self, shared: Any, processes: int) -> None:
        self.shared = shared
        self.processes = processes  # 0: every job runs in this process
        self._pool: ProcessPoolExecutor | None = None

    @classmethod
    def start(cls, shared: Any, processes: int | None = None) -> Workers:
        """`processes` workers, or BANMA_WORKERS of them, or one per core when there is more than one; none (the
        jobs run here) with 0, or where forking is unsafe."""
        if processes is None:
            wanted = Settings.read().workers  # a bad value is refused there, in both languages
            processes = int(wanted) if wanted else cores() if cores() > 1 else 0
        return cls(shared, processes if can_fork() else 0)

    @classmethod
    def serial(cls, shared: Any) -> Workers:
        return cls(shared, 0)

    def submit(self, job: Callable, *arguments) -> Any:
        """job(shared, *arguments): in a worker (a Future), or here when asked for (a Later)."""
        if not self.processes:
            return Later(job, self.shared, arguments)
        if self._pool is None:
            global _SHARED
            _SHARED = self.shared  # the workers are forked at the first submits and keep what this is then
            # What the workers inherit is never collected in them: without this, each worker's full collections
            # walk (and, by writing to every object, copy) the build's whole heap. Unfrozen at close().
            gc.freeze()
            self._pool = ProcessPoolExecutor(self.processes, mp_context=multiprocessing.get_context("fork"))
        return self._pool.submit(_run, job, arguments)

    def close(self) -> None:
        global _SHARED
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._pool = None
            gc.unfreeze()
        _SHARED = None
