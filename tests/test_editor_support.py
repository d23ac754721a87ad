"""Editors' tools: schema mapping, yamllint, pre-commit, scaffolding."""
import itertools
import json
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from helpers import problems_of, run_command

from banma.records.common import IMAGE_FOLDER
from banma.records.fields import PLACEHOLDER
from banma.records.house_style import dump_item, formatted
from banma.records.kinds import BY_NAME
from banma.records.loader import load_site
from banma.records.references import VOCABULARIES, field_target
from banma.records.scaffold import choices, slug_for
from banma.records.yaml_reader import parse

ROOT = Path(__file__).resolve().parents[1]


@pytest.mark.reads_data
def test_vscode_maps_every_data_file_to_its_schema():
    settings = json.loads((ROOT / ".vscode" / "settings.json").read_text(encoding="utf-8"))
    mapping = settings["yaml.schemas"]
    for schema in mapping:
        assert (ROOT / schema).is_file(), schema
    mapped = [p for pattern in mapping.values() for p in ROOT.glob(pattern)]
    assert sorted(mapped) == sorted((ROOT / "data").rglob("*.yaml"))


@pytest.mark.reads_data
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
    assert entries["check-data"] == "python -m banma.cli.check_data"
    assert entries["yamllint"].startswith("yamllint")


@pytest.mark.parametrize("title,slug", [("知音苑护河队的一天", "zhi-yin-yuan-hu-he-dui-de-yi-tian"),
                                        ("M50创意园", "m50-chuang-yi-yuan"),
                                        ("City Walk 半马苏河", "city-walk-ban-ma-su-he"),
                                        ("长风公园", "chang-feng-gong-yuan"),  # 长 in a place name reads cháng
                                        ("长寿路桥驿站", "chang-shou-lu-qiao-yi-zhan"),
                                        ("长者食堂", "zhang-zhe-shi-tang")])  # ... and zhǎng where a phrase says so
def test_slugs_from_titles(title, slug):
    assert slug_for(title) == slug


def _leaves(value, path=()):
    if isinstance(value, dict):
        for key, item in value.items():
            yield from _leaves(item, (*path, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _leaves(item, (*path, index))
    else:
        yield path, value


def fill(text: str, site) -> str:
    """What the guide asks of an editor: every 【待填写】 replaced by real content of the right kind."""
    document, problems = parse(text, "new.yaml")
    assert not problems
    data = document.data
    landmarks = iter(sorted(site.landmarks))
    reliable = next(i for i, source in sorted(site.sources.items()) if not source.weak)
    choices = {"kind": site.vocabulary.landmark_kinds[0].id, "category": site.vocabulary.route_categories[0].id,
               "publisher": site.vocabulary.publishers[0].id, "type": "press", "date": "2024-05-01"}
    for path, value in list(_leaves(data)):
        if value != PLACEHOLDER:
            continue
        name = path[-1]
        replacement = (choices.get(name) or (next(landmarks) if name == "landmark" else None)
                       or (reliable if path[0] == "sources" else None)
                       or ("https://example.org/new-source" if name == "url" else f"编辑填写的{name}内容"))
        target = data
        for part in path[:-1]:
            target = target[part]
        target[name] = replacement
    data.pop("draft")
    return dump_item(document_kind(text), data)


def document_kind(text: str) -> str:
    return text.split("schemas/", 1)[1].split(".schema", 1)[0]


@pytest.mark.parametrize("kind,folder", [("landmark", "landmarks"), ("route", "routes"), ("story", "stories"),
                                         ("source", "sources")])
def test_a_new_item_is_a_house_style_draft_with_nothing_believable_prefilled(project, kind, folder):
    result = run_command("new", kind, "新的条目", "--root", str(project))
    assert result.returncode == 0, result.stdout
    path = project / "data" / folder / "xin-de-tiao-mu.yaml"
    text = path.read_text(encoding="utf-8")
    assert formatted(kind, text, str(path)) == (text, "")  # exactly what format_data.py and the web form write
    site = load_site(project)  # valid as a draft
    assert (folder, "xin-de-tiao-mu") in site.drafts and "xin-de-tiao-mu" not in getattr(site, folder)
    model = BY_NAME[kind].model
    data = parse(text, "x")[0].data
    assert set(data) == {"draft"} | {n for n, info in model.model_fields.items() if info.is_required()} | (
        {"url"} if "offline" in model.model_fields else set())  # a source: its link (or offline note) to fill
    title_field = BY_NAME[kind].title_field
    for path_, value in _leaves(data):  # nothing a reviewer could mistake for a real choice
        if path_[0] not in ("draft", title_field):  # a date too: never today's, pre-filled
            assert value == PLACEHOLDER, path_
    for name, info in model.model_fields.items():  # the terminal lists every choice of a required choice field
        if info.is_required() and field_target(model, name) in VOCABULARIES:
            terms = getattr(site.vocabulary, field_target(model, name))
            assert terms and all(f"{term.id}  {term.name}" in result.stdout for term in terms)
    path.write_text(text.replace("draft: true\n", ""), encoding="utf-8")
    assert any("占位文字" in p.zh for p in problems_of(project))  # unfilled: not publishable
    path.write_text(fill(text, site), encoding="utf-8")
    published = load_site(project)  # filled as the guide says: valid and published
    assert "xin-de-tiao-mu" in getattr(published, folder)
    filled = path.read_text(encoding="utf-8")
    assert formatted(kind, filled, str(path)) == (filled, "")
    again = run_command("new", kind, "新的条目", "--root", str(project))
    assert again.returncode == 1 and "没有覆盖" in again.stdout


def test_the_new_script_never_overwrites_a_file_and_says_so(project):
    """scripts/new.py itself, as an editor runs it (the other tests call its command in this process)."""
    taken = project / "data/stories/xin-de-tiao-mu.yaml"
    taken.write_text("# an editor's file\n", encoding="utf-8")
    again = subprocess.run([sys.executable, str(ROOT / "scripts/new.py"), "story", "新的条目", "--root", str(project)],
                           capture_output=True, text=True)
    assert again.returncode == 1 and "没有覆盖" in again.stdout, again.stdout + again.stderr
    assert taken.read_text(encoding="utf-8") == "# an editor's file\n"


def test_a_published_item_cannot_point_at_a_draft(project):
    path = project / "data/landmarks/museum-b.yaml"
    path.write_text("draft: true\n" + path.read_text(encoding="utf-8"), encoding="utf-8")
    problems = problems_of(project)
    assert any(p.path == "data/routes/route-r.yaml" and "还是草稿" in p.zh for p in problems)


@pytest.mark.reads_data
def test_the_guides_worked_example_is_a_valid_house_style_file(tmp_path):
    """CONTRIBUTING's example of a new place, filled as it says, passes the validator and house style."""
    guide = (ROOT / "CONTRIBUTING.md").read_text(encoding="utf-8")
    section = guide.split("### 一个例子：新建一个地点", 1)[1]
    command = section.split("```bash\n", 1)[1].split("\n```", 1)[0].strip()
    example = section.split("```yaml\n", 1)[1].split("```", 1)[0]
    assert command == 'python scripts/new.py landmark "长风新驿站"'
    slug = slug_for("长风新驿站")
    assert f"data/landmarks/{slug}.yaml" in section  # the file the guide names is the one new.py makes
    assert formatted("landmark", example, "example.yaml") == (example, "")
    import shutil
    shutil.copytree(ROOT / "data", tmp_path / "data")
    if (ROOT / IMAGE_FOLDER).is_dir():  # the photos the data uses
        shutil.copytree(ROOT / IMAGE_FOLDER, tmp_path / IMAGE_FOLDER)
    (tmp_path / "data/landmarks" / f"{slug}.yaml").write_text(example, encoding="utf-8")
    assert slug in load_site(tmp_path).landmarks


def new_item(project, kind: str, title: str = "新的条目") -> subprocess.CompletedProcess:
    result = run_command("new", kind, title, "--root", str(project))
    assert result.returncode == 0, result.stdout + result.stderr
    return result


# The fixture's records (tests/fixtures/minimal/data), as the terminal should list them: id, two spaces, name.
FIXTURE_CHOICES = {
    "landmarks": ["station-a  测试驿站甲", "museum-b  测试博物馆乙"],
    "sources": ["test-source  测试来源", "test-source-a  测试来源甲"],
    "plan_items": ["1-1  打造新地标", "1-2  讲好故事"],
    "tags": ["river-patrol  护河巡河", "volunteering  志愿服务"],
    "streets": ["yichuan-road  宜川路街道", "changshou-road  长寿路街道"],
    "landmark_kinds": ["museum  博物馆", "service-station  滨河驿站"],
    "route_categories": ["red-culture  红色线路"],
    "publishers": ["test-press  测试报"],
    "bridges": ["east-bridge  东测试桥", "middle-bridge  中测试桥", "west-bridge  西测试桥"],
}
# Every reference field of each kind, as an editor meets it: (field as listed, the records it names).
REFERENCE_FIELDS = {
    "route": [("stops.landmark", "landmarks"), ("category", "route_categories"), ("sources", "sources")],
    "story": [("landmarks", "landmarks"), ("plan_items", "plan_items"), ("tags", "tags"), ("street", "streets"),
              ("sources", "sources")],
    "landmark": [("kind", "landmark_kinds"), ("street", "streets"), ("creek.bridge", "bridges"),
                 ("plan_items", "plan_items"), ("address_source", "sources"), ("sources", "sources")],
    "source": [("publisher", "publishers"), ("original.publisher", "publishers")],
}


@pytest.mark.parametrize("kind", sorted(REFERENCE_FIELDS))
def test_new_lists_the_ids_and_names_of_every_reference_field(project, kind):
    out = new_item(project, kind).stdout
    for field, target in REFERENCE_FIELDS[kind]:
        header = next((line for line in out.splitlines() if "ids（" in line and field in line.split("（", 1)[1]), None)
        assert header, f"{field} is not named above a list of ids:\n{out}"
        under = out.split(header + "\n", 1)[1].splitlines()
        listed = "\n".join(itertools.takewhile(lambda line: line.startswith("      "), under))  # the header's list
        for choice in FIXTURE_CHOICES[target]:
            assert f"      {choice}" in listed, f"{field}: {choice} not listed\n{out}"


def test_a_long_list_shows_its_first_ids_and_where_the_rest_are(project):
    site = load_site(project)
    lines = choices("route", site, shown=1)
    block = "\n".join(lines)
    assert "station-a  测试驿站甲" in block or "museum-b  测试博物馆乙" in block
    assert not ("station-a  测试驿站甲" in block and "museum-b  测试博物馆乙" in block)  # only the first
    rest = [line for line in lines if "共 2 个" in line]
    assert any("data/landmarks/" in line and "1 more" in line for line in rest), block


def test_a_new_story_leaves_its_date_to_fill_and_stays_valid_until_published(project):
    out = new_item(project, "story").stdout
    path = project / "data/stories/xin-de-tiao-mu.yaml"
    text = path.read_text(encoding="utf-8")
    assert f"date: {PLACEHOLDER}\n" in text and "date：" in out
    assert run_command("check_data", "--root", str(project)).returncode == 0  # committed unfilled: still green
    path.write_text(text.replace("draft: true\n", ""), encoding="utf-8")
    assert any(p.path == "data/stories/xin-de-tiao-mu.yaml" and p.field == "date" and "占位文字" in p.zh
               for p in problems_of(project))  # published unfilled: the date is named, nothing crashes


@pytest.mark.parametrize("kind", ["landmark", "route", "story", "source"])
def test_new_prints_only_the_next_steps_that_apply_to_the_kind(project, kind):
    out = new_item(project, kind).stdout
    offline = "offline" in out or "线下来源" in out
    assert offline == (kind == "source"), out  # a printed source without a link is a source's matter only
    assert "日期等已填的值" not in out  # nothing is pre-filled any more
    assert "draft: true" in out and "check_data.py" in out
    if kind != "source":
        assert "url" not in out, out
