"""Field rules of the typed models, each with its located, bilingual message."""
import pytest
from helpers import assert_located, only_problem, write

from banma.records.loader import load_site

LANDMARK = "data/landmarks/museum-b.yaml"
STORY = "data/stories/story-s.yaml"
BASE = "name: 测试博物馆乙\nkind: museum\nsummary: 简介\nsources:\n  - test-source\n"
SOURCE = "data/sources/test-source.yaml"
OPEN_SOURCE = "title: 来源\npublisher: test-press\ntype: press\n"  # a register entry: tests add its other fields


def test_unknown_field_suggests_the_closest(project):
    write(project, STORY, (project / STORY).read_text(encoding="utf-8") + "titel: 错字\n")
    problem = only_problem(project)
    assert_located(problem, STORY, 15, "titel", "未知字段“titel”", "Unknown field 'titel'")
    assert "title" in problem.hint_zh and "'title'" in problem.hint_en


def test_unknown_nested_field(project):
    write(project, SOURCE, OPEN_SOURCE + "original:\n  publisher: test-press\n  titel: 原题\n")
    assert_located(only_problem(project), SOURCE, 6, "original.titel", "未知字段", "Unknown field")


def test_missing_required_field(project):
    write(project, LANDMARK, "name: 甲\nkind: museum\nsources:\n  - test-source\n")
    assert_located(only_problem(project), LANDMARK, 1, "summary", "缺少必填字段“summary”", "Required field")


def test_at_least_one_source(project):
    write(project, LANDMARK, "name: 甲\nkind: museum\nsummary: 乙\nsources: []\n")
    assert_located(only_problem(project), LANDMARK, 4, "sources", "至少需要 1 项", "at least 1")


@pytest.mark.parametrize("value", ["2023-02-30", "2023/02/21", "21 Feb 2023", "2023-2-1"])
def test_dates_are_real_calendar_dates(project, value):
    text = (project / STORY).read_text(encoding="utf-8").replace("date: 2024-05-01", f"date: {value}")
    write(project, STORY, text)
    problem = only_problem(project)
    assert_located(problem, STORY, 2, "date", "日期", "date")


@pytest.mark.parametrize("url", ["javascript:alert(1)", "ftp://example.org/x", "www.example.org",
                                 "data:text/html,x", "https://exa mple.org"])
def test_links_are_http_only(project, url):
    write(project, SOURCE, OPEN_SOURCE + f"url: \"{url}\"\n")
    assert_located(only_problem(project), SOURCE, 4, "url", "不是有效的网址", "not a valid link")


@pytest.mark.parametrize("value", ["yes", "NO", "True", "1"])
def test_booleans_are_only_true_or_false(project, value):
    write(project, SOURCE, OPEN_SOURCE + "url: https://example.org\n" + f"title_is_ours: {value}\n")
    assert_located(only_problem(project), SOURCE, 5, "title_is_ours", "true 或 false", "true or false")


def test_wrong_shape_list_expected(project):
    write(project, LANDMARK, BASE + "services: 食堂\n")
    assert_located(only_problem(project), LANDMARK, 6, "services", "应为列表", "Should be a list")


def test_wrong_shape_text_expected(project):
    write(project, LANDMARK, BASE.replace("summary: 简介", "summary:\n  - 简介"))
    assert_located(only_problem(project), LANDMARK, 4, "summary", "应为一段文字", "Should be text")


def test_single_line_fields_refuse_line_breaks(project):
    write(project, LANDMARK, BASE.replace("summary: 简介", "summary: |\n  第一行\n  第二行"))
    assert_located(only_problem(project), LANDMARK, 3, "summary", "一行文字", "single line")


@pytest.mark.parametrize("text,zh,en", [
    ("<script>alert(1)</script>", "HTML", "HTML"),
    ("<img src=x onerror=alert(1)>", "HTML", "HTML"),
    ("[点我](javascript:alert(1))", "不被允许", "not allowed"),
    ("[点我](data:text/html;base64,PHNjcmlwdD4=)", "不被允许", "not allowed"),
    ("![图](https://example.org/a.png)", "images 字段", "images field"),
])
def test_markdown_rejects_html_scripts_and_remote_images(project, text, zh, en):
    write(project, LANDMARK, BASE + f"description: |\n  正文。\n\n  {text}\n")
    assert_located(only_problem(project), LANDMARK, 6, "description", zh, en)


def test_plain_text_rejects_html(project):
    write(project, LANDMARK, BASE.replace("summary: 简介", "summary: 你好<b onmouseover=x>"))
    assert_located(only_problem(project), LANDMARK, 3, "summary", "HTML", "HTML")


def test_jinja_syntax_is_plain_text(project):
    """Editor text is data: `{{ 7*7 }}` is kept as written, never evaluated."""
    write(project, LANDMARK, BASE.replace("summary: 简介", "summary: \"{{ 7*7 }} {% if x %}\""))
    assert load_site(project).landmarks["museum-b"].summary == "{{ 7*7 }} {% if x %}"


POSITION = "creek:\n  bridge: middle-bridge\n  wording: 桥旁\n  source:\n    test-source\n"


@pytest.mark.parametrize("km,ok", [("3", True), ("14.5", True), ("21.2", False), ("-1", False)])
def test_kilometre_mark_on_the_course(project, km, ok):
    write(project, LANDMARK, BASE + POSITION + f"  km: {km}\n")
    if ok:
        assert load_site(project).landmarks["museum-b"].creek.km == float(km)
    else:
        assert_located(only_problem(project), LANDMARK, 11, "creek.km", "", "")


def test_a_position_needs_its_source(project):
    write(project, LANDMARK, BASE + "creek:\n  bridge: middle-bridge\n  wording: 桥旁\n")
    assert_located(only_problem(project), LANDMARK, 7, "creek.source", "缺少必填字段", "Required field")


def test_a_position_names_a_known_bridge(project):
    write(project, LANDMARK, BASE + POSITION.replace("middle-bridge", "midle-bridge"))
    problem = only_problem(project)
    assert_located(problem, LANDMARK, 7, "creek.bridge", "找不到桥梁", "No bridge")
    assert "middle-bridge" in problem.hint_zh


@pytest.mark.parametrize("side,bank", [("beside", None), (None, "north")])
def test_side_and_bank_are_words_of_the_course(project, side, bank):
    text = POSITION + (f"  side: {side}\n" if side else "") + (f"  bank: {bank}\n" if bank else "")
    write(project, LANDMARK, BASE + text)
    assert_located(only_problem(project), LANDMARK, 11, "creek.side" if side else "creek.bank", "", "")


@pytest.mark.parametrize("side,km,ok", [("downstream", "1", True), ("downstream", "2.5", False),
                                        ("upstream", "14", True), ("upstream", "1", False), (None, "16", False)])
def test_kilometres_never_contradict_the_bridge_chain(project, side, km, ok):
    """The fixture's bridges: 东测试桥 at km 2, 中测试桥 unmarked, 西测试桥 at km 15."""
    bridge = "east-bridge" if side == "downstream" else "middle-bridge"
    text = POSITION.replace("middle-bridge", bridge) + (f"  side: {side}\n" if side else "") + f"  km: {km}\n"
    write(project, LANDMARK, BASE + text)
    if ok:
        assert load_site(project).landmarks["museum-b"].creek.km == float(km)
    else:
        assert_located(only_problem(project), LANDMARK, 11 + (side is not None), "creek.km", "与桥梁顺序矛盾",
                       "contradicts the bridge chain")


@pytest.mark.parametrize("name", ["Museum-B", "museum_b", "博物馆", "museum-b-"])
def test_file_names_are_slugs(project, name):
    (project / LANDMARK).rename(project / f"data/landmarks/{name}.yaml")
    problems = __import__("helpers").problems_of(project)
    own = [p for p in problems if p.path == f"data/landmarks/{name}.yaml"]
    assert len(own) == 1
    assert_located(own[0], f"data/landmarks/{name}.yaml", 0, "", "不是有效的编号", "not a valid id")
    # The route that stops at museum-b now points at a file that does not exist under that id.
    assert all(p.path == "data/routes/route-r.yaml" and "museum-b" in p.zh for p in problems if p not in own)


def test_other_files_are_not_silently_ignored(project):
    (project / LANDMARK).rename(project / "data/landmarks/museum-b.yml")
    problems = [p for p in __import__("helpers").problems_of(project) if p.path.endswith(".yml")]
    assert problems and "只能放 .yaml" in problems[0].zh and "Only .yaml" in problems[0].en


def test_images_must_be_raster_and_exist(project):
    write(project, LANDMARK, BASE + "images:\n  - path: a.svg\n    alt: 图\n    credit: 作者\n")
    assert_located(only_problem(project), LANDMARK, 7, "images.0.path", "SVG", "SVG")


def save_image(project, name, size=(800, 600), mode="RGB", fmt=None):
    from PIL import Image
    path = project / "docs/assets/images" / name
    path.parent.mkdir(parents=True, exist_ok=True)
    Image.new(mode, size, "white" if mode == "RGB" else 1).save(path, fmt)
    return path


IMAGE = BASE + "images:\n  - path: a.png\n    alt: 图\n    credit: 作者\n"


def test_image_file_must_exist_and_be_an_image(project):
    write(project, LANDMARK, IMAGE)
    assert_located(only_problem(project), LANDMARK, 7, "images.0.path", "不存在", "does not exist")
    write(project, "docs/assets/images/a.png", "<svg onload=alert(1)>")
    assert_located(only_problem(project), LANDMARK, 7, "images.0.path", "不是可读的", "not a readable")
    save_image(project, "a.png")
    assert load_site(project).landmarks["museum-b"].images[0].alt == "图"


def test_image_content_must_match_its_name(project):
    write(project, LANDMARK, IMAGE)
    save_image(project, "a.png", fmt="JPEG")
    assert_located(only_problem(project), LANDMARK, 7, "images.0.path", "不符", "does not match")


def test_image_too_small_or_too_large(project):
    write(project, LANDMARK, IMAGE)
    save_image(project, "a.png", size=(300, 200))
    assert_located(only_problem(project), LANDMARK, 7, "images.0.path", "太小", "too small")
    save_image(project, "a.png", size=(9000, 6000), mode="1")
    assert_located(only_problem(project), LANDMARK, 7, "images.0.path", "过大", "too large")


def test_image_needs_alt_text(project):
    write(project, LANDMARK, BASE + "images:\n  - path: a.png\n    credit: 作者\n")
    assert_located(only_problem(project), LANDMARK, 7, "images.0.alt", "缺少必填字段", "Required field")


# The fixture's bridges (its places refer to them) plus two more, without the fixture's lengths.
COURSE = ("bridges:\n  - id: a\n    name: 甲桥\n    sources:\n      - test-source\n"
          "  - id: b\n    name: 乙桥\n    sources:\n      - test-source\n"
          "  - id: east-bridge\n    name: 东测试桥\n    sources:\n      - test-source\n"
          "  - id: west-bridge\n    name: 西测试桥\n    sources:\n      - test-source\n")


def test_bridges_must_follow_the_course(project):
    text = COURSE.replace("name: 甲桥\n", "name: 甲桥\n    km: 5\n").replace("name: 乙桥\n", "name: 乙桥\n    km: 3\n")
    write(project, "data/course.yaml", text)
    assert_located(only_problem(project), "data/course.yaml", 9, "bridges.1.km", "沿河顺序", "course order")


def test_a_length_runs_along_the_bridge_chain(project):
    write(project, "data/course.yaml", COURSE + "lengths:\n  - label: 一段\n    km: 1\n    from_bridge: b\n"
                                                "    to_bridge: a\n    source:\n      test-source\n")
    assert_located(only_problem(project), "data/course.yaml", 22, "lengths.0.to_bridge", "桥梁顺序矛盾",
                   "bridge chain")


def test_a_length_names_both_ends_or_neither(project):
    write(project, "data/course.yaml", COURSE + "lengths:\n  - label: 一段\n    km: 1\n    from_bridge: a\n"
                                                "    source:\n      test-source\n")
    assert_located(only_problem(project), "data/course.yaml", 21, "lengths.0.from_bridge", "要么都写", "or neither")


def test_every_bridge_has_a_source(project):
    write(project, "data/course.yaml", COURSE.replace("    sources:\n      - test-source\n", "    sources: []\n", 1))
    assert_located(only_problem(project), "data/course.yaml", 4, "bridges.0.sources", "至少需要 1 项", "at least 1")


@pytest.mark.parametrize("lat,lng,field", [("39.9", "121.4380", "location.lat"), ("31.2390", "116.4", "location.lng"),
                                            ("31.2", "121.4380", "location.lat")])
def test_coordinates_must_be_precise_and_in_shanghai(project, lat, lng, field):
    write(project, LANDMARK, BASE + f"location:\n  lat: \"{lat}\"\n  lng: \"{lng}\"\n  datum: wgs84\n  source:\n    test-source\n")
    assert_located(only_problem(project), LANDMARK, 7 if field.endswith("lat") else 8, field, "上海", "Shanghai")


def test_coordinates_need_a_datum_and_a_source(project):
    write(project, LANDMARK, BASE + "location:\n  lat: \"31.2390\"\n  lng: \"121.4380\"\n  datum: bd09\n")
    fields = {p.field for p in __import__("helpers").problems_of(project)}
    assert fields == {"location.datum", "location.source"}


def test_visitor_facts_need_a_source_of_their_own(project):
    """Hours, admission, phone and transport change: they need a visit_source (shown with its date)."""
    write(project, LANDMARK, BASE + "opening_hours: 9:00-16:00\n")
    problem = only_problem(project)
    assert problem.field == "opening_hours" and "visit_source" in problem.zh and "visit_source" in problem.en
    write(project, LANDMARK, BASE + "opening_hours: 9:00-16:00\nvisit_source: test-source\n")
    load_site(project)


@pytest.mark.parametrize("fact, source_field", [("address: 测试路2号", "address_source"),
                                                ("english_name: Test Museum", "english_name_source"),
                                                ("phone: 021-1234-5678", "visit_source")])
def test_each_fact_names_its_own_source_field(project, fact, source_field):
    write(project, LANDMARK, BASE + fact + "\n")
    problem = only_problem(project)
    assert (problem.line, problem.field) == (6, fact.split(":")[0]) and source_field in problem.zh
    write(project, LANDMARK, BASE + fact + f"\n{source_field}: test-source\n")
    load_site(project)


def test_milestones_are_labelled_by_what_happened(project):
    write(project, LANDMARK, BASE + "milestones:\n  - date: 2024-02-18\n    event: opened-ish\n    source: test-source\n")
    assert only_problem(project).field.startswith("milestones.0.event")
