"""Create a new landmark, route or story file: a draft in house style with every required field to fill.

    python scripts/new.py story "知音苑护河队的一天"
    python scripts/new.py landmark "曹杨路桥驿站" --slug caoyang-road-bridge-station

新建数据文件：文件名（编号）由标题的拼音生成，也可用 --slug 指定；已存在的文件不会被覆盖。
新文件是草稿（draft: true）：把每个“【待填写】”换成真实内容（终端会列出每一项的含义、可填写的编号和名称，
选填字段见 data/README.md），然后删除 draft: true 这一行即可发布。
"""
from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

from banma.cli import project_root
from banma.records.fields import PLACEHOLDER, SLUG_PATTERN
from banma.records.kinds import KINDS
from banma.records.loader import load_site
from banma.records.problems import DataError
from banma.records.scaffold import choices, next_steps, scaffold, slug_for, target_path, to_fill


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("kind", choices=[kind.name for kind in KINDS], help="what to create")
    parser.add_argument("title", help="名称或标题 the name or title")
    parser.add_argument("--slug", help="编号（文件名）the id / file name, kebab-case ASCII")
    parser.add_argument("--root", type=Path, default=None, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    args.root = args.root or project_root()
    slug = args.slug or slug_for(args.title)
    if not re.match(SLUG_PATTERN, slug):
        print(f"编号“{slug}”无效：只能用小写英文字母、数字和连字符。Invalid id '{slug}'.")
        return 1
    path = args.root / target_path(args.kind, slug)
    if path.exists():
        print(f"{path.relative_to(args.root)} 已存在，没有覆盖。请换一个 --slug。"
              f" {path.relative_to(args.root)} exists; nothing was overwritten. Choose another --slug.")
        return 1
    try:
        site = load_site(args.root)
    except DataError as error:
        print("现有数据有问题，请先修正：Fix the existing data first:\n" + error.report())
        return 1
    path.write_text(scaffold(args.kind, args.title), encoding="utf-8")
    print(f"已创建草稿 Created the draft {path.relative_to(args.root)}（编号 id：{slug}）。\n"
          f"请把每个“{PLACEHOLDER}”换成真实内容 Replace every {PLACEHOLDER}:\n" + "\n".join(to_fill(args.kind, site))
          + "\n可填写的编号和名称（与网页表单的选项相同）Ids you can write, with their names (the form's choices):\n"
          + "\n".join(choices(args.kind, site)) + "\n" + "\n".join(next_steps(args.kind)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
