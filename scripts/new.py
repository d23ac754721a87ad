"""Create a new landmark, route or story file with every field explained.

    python scripts/new.py story "知音苑护河队的一天"
    python scripts/new.py landmark "曹杨路桥驿站" --slug caoyang-road-bridge-station

新建数据文件：文件名（编号）由标题的拼音生成，也可用 --slug 指定；已存在的文件不会被覆盖。
新文件是草稿（draft: true），填写完所有“【待填写】”后删除 draft 一行即可发布。
"""
from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from banma.records.fields import SLUG_PATTERN  # noqa: E402
from banma.records.kinds import KINDS  # noqa: E402
from banma.records.loader import load_site  # noqa: E402
from banma.records.problems import DataError  # noqa: E402
from banma.records.scaffold import scaffold, slug_for, target_path  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("kind", choices=[kind.name for kind in KINDS], help="what to create")
    parser.add_argument("title", help="名称或标题 the name or title")
    parser.add_argument("--slug", help="编号（文件名）the id / file name, kebab-case ASCII")
    parser.add_argument("--root", type=Path, default=ROOT, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
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
    path.write_text(scaffold(args.kind, args.title, site), encoding="utf-8")
    print(f"已创建 Created {path.relative_to(args.root)}：填写“【待填写】”处，然后运行 python scripts/check_data.py")
    return 0


if __name__ == "__main__":
    sys.exit(main())
