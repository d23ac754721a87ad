"""What a data file said before it was deleted or renamed, read from git: for hints about dangling references.

When a reference names an id whose file is gone, the validator asks here what that file held; if another
file now holds the same item (the same name or alias, or the same links), the id was renamed, and the hint
names the new id instead of guessing one by spelling. Git is asked only for ids that dangle, so a valid
load never runs it; outside a git checkout every answer is None.
"""
from __future__ import annotations

import subprocess
from pathlib import Path
from typing import Any

from .yaml_reader import parse


class GitHistory:
    def __init__(self, root: Path):
        self.root = root

    def _git(self, *args: str) -> str | None:
        try:
            result = subprocess.run(["git", *args], cwd=self.root, capture_output=True, text=True, timeout=20)
        except (OSError, subprocess.SubprocessError):
            return None
        return result.stdout if result.returncode == 0 else None

    def before_removal(self, relative_path: str) -> dict[str, Any] | None:
        """The data of data/<folder>/<id>.yaml as it last was in git (at HEAD, or just before the commit that
        removed it), or None when git never had it."""
        text = self._git("show", f"HEAD:./{relative_path}")  # ./: relative to the project, wherever its repository is
        if text is None:
            last = (self._git("log", "-1", "--format=%H", "HEAD", "--", relative_path) or "").strip()
            text = self._git("show", f"{last}^:./{relative_path}") if last else None
        if text is None:
            return None
        document, _ = parse(text, relative_path)
        return document.data if document is not None and isinstance(document.data, dict) else None
