"""Write every landmark, route and story file in house style (the way the web form writes them).

    python scripts/format_data.py           # rewrite the files that differ
    python scripts/format_data.py --check   # only list them (exit 1 if any)

统一数据文件的写法（字段顺序、引号、空字段），与网页表单保存的格式一致，这样表单修改和手工修改的差异相同。
有注释或有错误的文件不会被改写。
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from banma.cli import project_root
from banma.records.house_style import formatted
from banma.records.kinds import KINDS


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--check", action="store_true", help="只检查，不改写 list, do not rewrite")
    parser.add_argument("--root", type=Path, default=None, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    args.root = args.root or project_root()
    differing = unformattable = 0
    for kind in KINDS:
        for path in sorted((args.root / "data" / kind.folder).glob("*.yaml")):
            shown = path.relative_to(args.root).as_posix()
            text = path.read_text(encoding="utf-8")
            result, why = formatted(kind.name, text, shown)
            if result is None:  # never rewritten; under --check it is not in house style either
                unformattable += 1
                print(f"{shown}: 未改写 left as it is: {why}")
                continue
            if result != text:
                differing += 1
                if args.check:
                    print(f"{shown}: 写法与统一格式不同 not in house style")
                else:
                    path.write_text(result, encoding="utf-8")
                    print(f"{shown}: 已改写 rewritten")
    if args.check and differing:
        print("运行 python scripts/format_data.py 即可统一。 Run python scripts/format_data.py to fix.")
    if unformattable:
        print(f"{unformattable} 个文件需要先按上面的说明处理。 {unformattable} file(s) need the fix named above first.")
    return 1 if (args.check and differing) or unformattable else 0


if __name__ == "__main__":
    sys.exit(main())
