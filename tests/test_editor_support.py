"""Editors' tools: schema mapping, yamllint, pre-commit, scaffolding."""
import json
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from helpers import problems_of
from banma.records.loader import load_site
from banma.records.scaffold import slug_for

ROOT = Path(__file__).resolve().parents[1]


def test_vscode_maps_every_data_file_to_its_schema():
    settings = json.loads((ROOT / ".vscode" / "settings.json").read_text(encoding="utf-8"))
    mapping = settings["yaml.schemas"]
    for schema, pattern in mapping.items():
        assert (ROOT / schema).is_file(), schema
    mapped = [p for pattern in mapping.values() for p in ROOT.glob(pattern)]
    assert sorted(mapped) == sorted((ROOT / "data").rglob("*.yaml"))


def test_data_passes_yamllint():
    result = subprocess.run([sys.executable, "-m", "yamllint", "--strict", "-c", ".yamllint.yaml", "data/"],
                            cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout


def test_yamllint_catches_what_the_validator_does_not(tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text("name: 甲 \nkind:  museum\nsummary: 乙", encoding="utf-8")  # trailing space, no final newline
    result = subprocess.run([sys.executable, "-m", "yamllint", "-c", str(ROOT / ".yamllint.yaml"), str(bad)],
                            capture_output=True, text=True)
    assert "trailing-spaces" in result.stdout and "new-line-at-end-of-file" in result.stdout


def test_pre_commit_runs_the_validator_and_yamllint():
    hooks = [hook for repo in yaml.safe_load((ROOT / ".pre-commit-config.yaml").read_text())["repos"]
             for hook in repo["hooks"]]
    entries = {hook["id"]: hook["entry"] for hook in hooks}
    assert entries["check-data"] == "python scripts/check_data.py"
    assert entries["yamllint"].startswith("yamllint")


@pytest.mark.parametrize("title,slug", [("知音苑护河队的一天", "zhi-yin-yuan-hu-he-dui-de-yi-tian"),
                                        ("M50创意园", "m50-chuang-yi-yuan"),
                                        ("City Walk 半马苏河", "city-walk-ban-ma-su-he")])
def test_slugs_from_titles(title, slug):
    assert slug_for(title) == slug


@pytest.mark.parametrize("kind,folder", [("landmark", "landmarks"), ("route", "routes"), ("story", "stories")])
def test_scaffolded_files_validate_as_drafts_and_cannot_be_published_unfilled(project, kind, folder):
    result = subprocess.run([sys.executable, str(ROOT / "scripts/new.py"), kind, "新的条目", "--root", str(project)],
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stdout
    path = project / "data" / folder / "xin-de-tiao-mu.yaml"
    text = path.read_text(encoding="utf-8")
    assert text.startswith(f"# yaml-language-server: $schema=../schemas/{kind}.schema.json\n")
    site = load_site(project)  # valid
    assert (folder, "xin-de-tiao-mu") in site.drafts and "xin-de-tiao-mu" not in getattr(site, folder)
    if kind == "story":
        import datetime as dt
        assert f"date: {dt.date.today().isoformat()}" in text
    # every field of the model is there, with a comment above it
    from banma.records.schema_export import SCHEMAS
    lines = text.splitlines()
    for field in SCHEMAS[kind].model_fields:
        index = next(i for i, line in enumerate(lines) if line.startswith(f"{field}:"))
        assert lines[index - 1].startswith("# "), field
    path.write_text(text.replace("draft: true\n", ""), encoding="utf-8")
    assert any("占位文字" in p.zh for p in problems_of(project))
    again = subprocess.run([sys.executable, str(ROOT / "scripts/new.py"), kind, "新的条目", "--root", str(project)],
                           capture_output=True, text=True)
    assert again.returncode == 1 and "没有覆盖" in again.stdout


def test_a_published_item_cannot_point_at_a_draft(project):
    path = project / "data/landmarks/museum-b.yaml"
    path.write_text("draft: true\n" + path.read_text(encoding="utf-8"), encoding="utf-8")
    problems = problems_of(project)
    assert any(p.path == "data/routes/route-r.yaml" and "还是草稿" in p.zh for p in problems)
