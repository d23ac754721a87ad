"""One Node process per test module for the Python↔JavaScript parity tests: each batch of requests is one JSON line
in, one JSON line out (tests/search/search_worker_node.js, tests/records/*_node.js). Hypothesis calls a test once
per example; starting Node for each cost more than the checks."""
from __future__ import annotations

import json
import select
import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest


class NodeLines:
    """`node script` started on the first call and kept: `session(requests)` returns the script's answer."""

    def __init__(self, script: Path, cwd: Path | None = None, timeout: float = 60):
        self.script, self.cwd, self.timeout = script, cwd, timeout
        self.process: subprocess.Popen | None = None
        self.errors = tempfile.TemporaryFile()

    def __call__(self, requests: list):
        process = self._started()
        process.stdin.write(json.dumps(requests) + "\n")  # (json escapes line breaks: one line per batch)
        process.stdin.flush()
        ready, _, _ = select.select([process.stdout], [], [], self.timeout)
        line = process.stdout.readline() if ready else ""
        if not line.endswith("\n"):
            self.close()
            self.errors.seek(0)
            error = self.errors.read().decode("utf-8", "replace")[-2000:]  # the script's error, e.g. a TypeError
            pytest.fail(f"{self.script.name} gave no answer{'' if ready else f' in {self.timeout} s'}:\n{error}")
        return json.loads(line)

    def _started(self) -> subprocess.Popen:
        if self.process is None or self.process.poll() is not None:
            if not shutil.which("node"):
                pytest.fail("node is missing (scripts/setup.sh --test installs nodejs)")
            self.process = subprocess.Popen(["node", str(self.script)], cwd=self.cwd, stdin=subprocess.PIPE,
                                            stdout=subprocess.PIPE, stderr=self.errors, text=True, encoding="utf-8")
        return self.process

    def close(self) -> None:
        if self.process is not None:
            self.process.stdin.close()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
            self.process = None
