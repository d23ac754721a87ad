"""When each file last changed, from git history in one pass (for the sitemap's lastmod).

Falls back to nothing (MkDocs then uses the build date) outside a git checkout.
"""
from __future__ import annotations

import subprocess
from functools import cache
from pathlib import Path


@cache
def last_changed(root: Path) -> dict[str, str]:
    """Path (relative to root, POSIX) -> date of the newest commit touching it, as YYYY-MM-DD."""
    try:
        log = subprocess.run(["git", "log", "--format=%x00%cs", "--name-only", "--no-renames", "--", "."],
                             cwd=root, capture_output=True, text=True, timeout=60, check=True).stdout
    except (OSError, subprocess.SubprocessError):
        return {}
    dates: dict[str, str] = {}
    date = ""
    for line in log.splitlines():
        if line.startswith("\0"):
            date = line[1:]
        elif line and line not in dates:  # newest first: keep the first date seen
            dates[line] = date
    return dates


def newest_under(dates: dict[str, str], folder: str) -> str | None:
    found = [date for path, date in dates.items() if path.startswith(folder.rstrip("/") + "/")]
    return max(found) if found else None
