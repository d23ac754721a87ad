"""Write the JSON Schemas and the field tables of data/README.md from the models.

    python scripts/generate_schemas.py          # rewrite what changed
    python scripts/generate_schemas.py --check  # exit 1 if anything is out of date (used by tests/CI)
"""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from banma.cli import project_root
from banma.records.kinds import BY_NAME
from banma.records.schema_export import SCHEMAS, json_schema, readme_sections

START, END = "<!-- fields:start (generated: scripts/generate_schemas.py) -->", "<!-- fields:end -->"


def expected_files(root: Path) -> dict[Path, str]:
    files = {root / "data" / "schemas" / f"{name}.schema.json": json_schema(name) for name in SCHEMAS}
    sections = readme_sections()
    for guide in (root / "data" / "README.md", root / "CONTRIBUTING.md"):
        text = guide.read_text(encoding="utf-8")
        head, _, rest = text.partition(START)
        _, _, tail = rest.partition(END)
        files[guide] = f"{head}{START}\n\n{sections}\n{END}{tail}"
    files[root / ".vscode" / "settings.json"] = vscode_settings(root / ".vscode" / "settings.json")
    return files


def vscode_settings(path: Path) -> str:
    """VS Code's YAML extension: which schema checks which data files (the rest of the file is kept)."""
    settings = json.loads(path.read_text(encoding="utf-8")) if path.exists() else {}
    settings["yaml.schemas"] = {
        f"./data/schemas/{name}.schema.json": f"data/{BY_NAME[name].folder}/*.yaml" if name in BY_NAME
        else f"data/{name}.yaml" for name in SCHEMAS}
    return json.dumps(settings, ensure_ascii=False, indent=2) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--check", action="store_true", help="only report files that are out of date")
    parser.add_argument("--root", type=Path, default=None, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    root = args.root or project_root()
    stale = []
    for path, content in expected_files(root).items():
        current = path.read_text(encoding="utf-8") if path.exists() else None
        if current != content:
            stale.append(path.relative_to(root).as_posix())
            if not args.check:
                path.parent.mkdir(parents=True, exist_ok=True)
                path.write_text(content, encoding="utf-8")
    if stale and args.check:
        print("这些生成文件已过期，请运行 python scripts/generate_schemas.py：\n"
              "These generated files are out of date; run python scripts/generate_schemas.py:\n  "
              + "\n  ".join(stale))
        return 1
    print(("已更新 Updated: " + ", ".join(stale)) if stale else "生成文件都是最新的 Generated files are up to date.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
