"""Check every file in data/ and list each problem with its file, line and field.

    python scripts/check_data.py            # exit 0 when valid, 1 with the problems otherwise
    python scripts/check_data.py --github   # also print GitHub Actions annotations

校验 data/ 下的全部数据文件：通过时退出码为 0；有问题时逐条列出（文件:行:列: 字段: 说明）并以 1 退出。
"""
from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from banma.cli import project_root
from banma.records.loader import load_site
from banma.records.problems import DataError


def annotation(problem, level: str = "error") -> str:
    """A GitHub Actions workflow command that marks the problem on the changed line."""
    def escape(text: str) -> str:
        return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")

    def escape_property(text: str) -> str:
        return escape(text).replace(":", "%3A").replace(",", "%2C")

    line = max(problem.line, 1)
    column = max(problem.column, 1)
    message = problem.format().split(": ", 1)[1]
    return (f"::{level} file={escape_property(problem.path)},line={line},col={column},"
            f"title={escape_property('数据校验 data check')}::{escape(message)}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--root", type=Path, default=None, help="project folder holding data/")
    parser.add_argument("--github", action="store_true", help="also print GitHub Actions annotations")
    args = parser.parse_args(argv)
    args.root = args.root or project_root()
    started = time.perf_counter()
    try:
        site = load_site(args.root)
    except DataError as error:
        print(error.report())
        if args.github:
            for problem in error.problems:
                print(annotation(problem))
        return 1
    took = time.perf_counter() - started
    items = sum(len(p.items) for p in site.plan.parts)
    print(f"数据有效 Data is valid: {len(site.landmarks)} 个地标 landmarks, {len(site.routes)} 条线路 routes, "
          f"{len(site.stories)} 个故事 stories, {len(site.sources)} 个来源 sources, {items} 个计划条目 plan items "
          f"({took:.2f} s).")
    for notice in site.notices:  # reported, not refused
        print(f"提醒（不影响发布）Notice (does not block): {notice.format()}")
        if args.github:
            print(annotation(notice, "warning"))
    for (kind, record_id), _ in sorted(site.drafts.items()):
        print(f"草稿，暂不发布 Draft, not published: {site.files[(kind, record_id)]}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
