"""The real data/ is valid, holds the whole seed plan, and its generated files are current."""
import re
import subprocess
import sys
from pathlib import Path

import pytest

from banma.records.loader import load_site

ROOT = Path(__file__).resolve().parents[2]
# The source document, a public government notice as copied from its web page (shared/seed/), kept in the
# repository so that the verbatim-plan test runs on every clone.
SEED = ROOT / "tests" / "fixtures" / "seed" / "000_894ad28a1b28827f.txt"
PAGE_CHROME = {"正文内容区域请使用tab按钮切换浏览", "验证码", "全部评论", "特殊稿件右侧区域内容请使用tab按钮切换浏览"}
pytestmark = pytest.mark.reads_data  # (the editor-path test runs this module on an editor's changes)


@pytest.fixture(scope="module")
def site():
    return load_site(ROOT)


def seed_paragraphs() -> list[str]:
    text = SEED.read_text(encoding="utf-8").replace("““十四五””", "“十四五”")
    return [line.strip() for line in text.splitlines() if line.strip() and line.strip() not in PAGE_CHROME]


def test_real_data_is_valid(site):
    assert len(site.landmarks) >= 14 and len(site.routes) >= 2 and site.stories


def test_validator_command_exits_zero():
    result = subprocess.run([sys.executable, "scripts/check_data.py"], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout
    assert "数据有效" in result.stdout


def test_validator_command_exits_one_with_located_problems(project):
    (project / "data/landmarks/museum-b.yaml").write_text("name: x\nkindd: museum\n", encoding="utf-8")
    result = subprocess.run([sys.executable, "scripts/check_data.py", "--root", str(project), "--github"],
                            cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 1
    assert "data/landmarks/museum-b.yaml:2:1: kindd: 未知字段“kindd”" in result.stdout
    assert "::error file=data/landmarks/museum-b.yaml,line=2,col=1," in result.stdout


def test_every_part_and_item_of_the_seed_is_in_the_plan_with_its_full_text(site):
    paragraphs = seed_paragraphs()
    plan = site.plan
    assert plan.notice_title in paragraphs and plan.title in paragraphs
    assert plan.addressees + ":" in paragraphs and plan.notice in paragraphs and plan.preamble in paragraphs
    assert all(issuer in paragraphs for issuer in plan.issuers)
    assert str(plan.date) == "2023-02-21" and "2023年2月21日" in paragraphs
    heads = [p for p in paragraphs if re.match(r"^[一二三四五六七八九十]、", p)]
    items = [p for p in paragraphs if re.match(r"^\([一二三四五六七八九十]\)", p)]
    assert [f"{part.number}、{part.title}" for part in plan.parts] == heads
    assert [f"{i.number}{i.title}。{i.text}" for part in plan.parts for i in part.items] == items
    for part in plan.parts:
        following = paragraphs[paragraphs.index(f"{part.number}、{part.title}") + 1]
        if part.intro is None:  # part 五 goes straight to its first item
            assert following.startswith("(一)")
        else:
            assert following == part.intro
    assert len(heads) == 5 and len(items) == 16


def test_no_chrome_or_copy_artefacts_left():
    text = (ROOT / "data" / "plan.yaml").read_text(encoding="utf-8")
    assert "““" not in text and "””" not in text
    assert not any(chrome in text for chrome in PAGE_CHROME)


def test_the_plan_is_a_plan_not_a_report(site):
    statuses = {item.progress.status for _, item in site.plan_items.values()}
    assert "done" not in statuses


def test_every_data_file_names_its_schema():
    for path in (ROOT / "data").rglob("*.yaml"):
        first = path.read_text(encoding="utf-8").splitlines()[0]
        assert first.startswith("# yaml-language-server: $schema="), path
        schema = (path.parent / first.split("=", 1)[1]).resolve()
        assert schema.is_file(), path


def test_generated_schemas_and_field_tables_are_current():
    result = subprocess.run([sys.executable, "scripts/generate_schemas.py", "--check"], cwd=ROOT,
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stdout


def test_schemas_accept_the_real_data():
    import json

    import jsonschema

    from banma.records.yaml_reader import read_yaml
    for folder, name in [("landmarks", "landmark"), ("routes", "route"), ("stories", "story")]:
        schema = json.loads((ROOT / f"data/schemas/{name}.schema.json").read_text(encoding="utf-8"))
        for path in (ROOT / "data" / folder).glob("*.yaml"):
            data = read_yaml(path, path.name)[0].data  # every scalar as text, as the loader reads it
            # YAML-typed editors see numbers and booleans; we read text, so type mismatches alone don't count.
            errors = [e for e in jsonschema.Draft202012Validator(schema).iter_errors(data) if not _only_types(e)]
            assert not errors, (path, errors[0].message)


def test_schemas_accept_a_fresh_draft_of_every_kind():
    """What new.py writes passes the validator as a draft; the schemas editors' tools read must accept it too."""
    import json

    import jsonschema

    from banma.records.kinds import KINDS
    from banma.records.scaffold import scaffold
    from banma.records.yaml_reader import parse
    for kind in KINDS:
        schema = json.loads((ROOT / f"data/schemas/{kind.name}.schema.json").read_text(encoding="utf-8"))
        data = parse(scaffold(kind.name, "草稿标题"), "draft.yaml")[0].data
        checker = jsonschema.Draft202012Validator(schema, format_checker=jsonschema.FormatChecker())
        errors = [e for e in checker.iter_errors(data) if not _only_types(e) and e.validator != "format"]
        assert not errors, (kind.name, [(list(e.path), e.message) for e in errors])


def _only_types(error) -> bool:
    """Whether an error comes down to scalar types only (in every branch of an anyOf, at least one)."""
    if error.validator == "type":
        return True
    if error.validator == "anyOf":
        branches = {}
        for sub in error.context:
            branches.setdefault(sub.schema_path[0], []).append(sub)
        return any(all(_only_types(sub) for sub in subs) for subs in branches.values())
    return False


def test_the_seed_in_the_repository_is_the_shared_one():
    """Where the shared reference folder is beside the checkout (developers, CI), the copy must not drift."""
    shared = ROOT.parent / "shared" / "seed" / SEED.name
    if shared.exists():
        assert SEED.read_bytes() == shared.read_bytes()
