"""Summarise, in Chinese, what a change to data/ does: for the reviewer of a pull request.

    python scripts/change_summary.py                    # uncommitted changes against HEAD
    python scripts/change_summary.py BASE HEAD          # two git revisions ('.' = the working tree)

Prints Markdown (CI appends it to the job summary). Exit 1 when the new data has problems.
"""
from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

from banma.cli import project_root
from banma.records.changes import inert, summarise


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("base", nargs="?", default="HEAD", help="the revision before (default HEAD)")
    parser.add_argument("head", nargs="?", default=".", help="the revision after (default: the working tree)")
    parser.add_argument("--repo", type=Path, default=None, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    args.repo = args.repo or project_root()
    with tempfile.TemporaryDirectory() as workdir:
        summary = summarise(args.repo, args.base, args.head, Path(workdir))
    label = "工作区" if args.head == "." else inert(args.head[:12])
    print(summary.markdown(f"数据变更摘要：{inert(args.base[:12])} → {label}"))  # revisions are text too (inert)
    return 1 if summary.problems else 0


if __name__ == "__main__":
    sys.exit(main())
