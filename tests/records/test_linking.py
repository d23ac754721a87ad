"""References between files resolve; ids and names are unique; plan rules hold."""
from helpers import assert_located, only_problem, problems_of, write

from banma.records.loader import load_site

ROUTE = "data/routes/route-r.yaml"
STORY = "data/stories/story-s.yaml"
PLAN = "data/plan.yaml"


def replace(project, relative, old, new):
    path = project / relative
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")


def test_dangling_route_stop_names_the_closest_id(project):
    replace(project, ROUTE, "landmark: museum-b", "landmark: museum-c")
    problem = only_problem(project)
    assert_located(problem, ROUTE, 8, "stops.1.landmark", "找不到地标“museum-c”", "No landmark 'museum-c'")
    assert "museum-b" in problem.hint_zh and "museum-b" in problem.hint_en


def test_story_references(project):
    replace(project, STORY, "landmarks: [station-a]", "landmarks: [station-x]")
    replace(project, STORY, "plan_items: [1-2]", "plan_items: [1-9]")
    replace(project, STORY, "tags: [river-patrol]", "tags: [river-patrol, river-patrol]")
    fields = {p.field: p for p in problems_of(project)}
    assert set(fields) == {"landmarks.0", "plan_items.0", "tags.1"}
    assert fields["plan_items.0"].line == 12 and "计划条目" in fields["plan_items.0"].zh
    assert "重复" in fields["tags.1"].zh


def test_unknown_vocabulary_term(project):
    replace(project, "data/landmarks/museum-b.yaml", "kind: museum", "kind: musuem")
    problem = only_problem(project)
    assert_located(problem, "data/landmarks/museum-b.yaml", 2, "kind", "地标类型", "landmark kind")
    assert "museum" in problem.hint_en


def test_plan_item_landmark_reference(project):
    replace(project, PLAN, "landmarks: [station-a]", "landmarks: [station-z]")
    assert_located(only_problem(project), PLAN, 26, "parts.0.items.0.landmarks.0", "找不到地标", "No landmark")


def test_duplicate_names_after_nfkc_and_case_folding(project):
    replace(project, "data/landmarks/museum-b.yaml", "name: 测试博物馆乙", "name: 测试驿站甲")
    problem = only_problem(project)
    assert "重复" in problem.zh and "duplicates" in problem.en
    write(project, "data/landmarks/museum-b.yaml",
          "name: ＡＢＣ Museum\nkind: museum\nsummary: x\nsources:\n  - test-source\n")
    write(project, "data/landmarks/other.yaml", "name: abc museum\nkind: museum\nsummary: x\nsources:\n  - test-source\n")
    assert any("重复" in p.zh for p in problems_of(project))


def test_duplicate_vocabulary_ids(project):
    replace(project, "data/vocabularies.yaml", "  - id: volunteering", "  - id: river-patrol")
    problem = only_problem(project)
    assert problem.path == "data/vocabularies.yaml" and problem.field == "tags.1.id"


def test_target_quote_must_be_in_the_text(project):
    replace(project, PLAN, "quote: 培育100家示范点", "quote: 培育200家示范点")
    assert_located(only_problem(project), PLAN, 22, "parts.0.items.0.targets.0.quote", "原文中找不到", "does not appear")


def test_done_needs_a_sourced_update(project):
    replace(project, PLAN, "        landmarks: [station-a]\n",
            "        landmarks: [station-a]\n        progress:\n          status: done\n")
    assert_located(only_problem(project), PLAN, 28, "parts.0.items.0.progress.status", "进展记录", "update")


def test_a_progress_update_names_its_sources(project):
    replace(project, PLAN, "        landmarks: [station-a]\n",
            "        landmarks: [station-a]\n        progress:\n          status: in_progress\n"
            "          updates:\n            - date: 2024-01-01\n              note: 建成\n")
    assert_located(only_problem(project), PLAN, 30, "parts.0.items.0.progress.updates.0.sources", "sources",
                   "sources")


def test_progress_update_dates(project):
    replace(project, PLAN, "        landmarks: [station-a]\n",
            "        landmarks: [station-a]\n        progress:\n          status: in_progress\n"
            "          updates:\n            - date: 2022-01-01\n              note: 太早\n"
            "              sources: [test-source]\n")
    assert_located(only_problem(project), PLAN, 30, "parts.0.items.0.progress.updates.0.date", "之间", "between")


def test_back_links(project):
    site = load_site(project)
    assert [r.id for r in site.routes_by_landmark["station-a"]] == ["route-r"]
    assert [s.id for s in site.stories_by_landmark["station-a"]] == ["story-s"]
    assert [i.id for i in site.plan_items_by_landmark["station-a"]] == ["1-1"]
    assert [s.id for s in site.stories_by_plan_item["1-2"]] == ["story-s"]


def _git(repo, *args):
    import os
    import subprocess
    env = {**os.environ, "GIT_AUTHOR_NAME": "编辑", "GIT_AUTHOR_EMAIL": "e@example.org",
           "GIT_COMMITTER_NAME": "编辑", "GIT_COMMITTER_EMAIL": "e@example.org"}
    subprocess.run(["git", *args], cwd=repo, env=env, check=True, capture_output=True)


def _neighbour_pier(project):
    """A place whose id extends museum-b's by a word: a spelling guess would point the route at it."""
    write(project, "data/landmarks/museum-b-pier.yaml",
          "name: 测试博物馆码头\nkind: museum\nsummary: 另一处地方。\nsources:\n  - test-source\n")


def test_a_renamed_file_is_named_as_a_rename_never_as_another_item(project):
    _neighbour_pier(project)
    _git(project, "init", "-q")
    _git(project, "add", "-A")
    _git(project, "commit", "-qm", "base")
    (project / "data/landmarks/museum-b.yaml").rename(project / "data/landmarks/museum-renamed.yaml")
    for committed in (False, True):  # before and after the editor commits the rename
        if committed:
            _git(project, "add", "-A")
            _git(project, "commit", "-qm", "rename")
        problem = only_problem(project)
        assert_located(problem, ROUTE, 8, "stops.1.landmark", "找不到地标“museum-b”", "No landmark 'museum-b'")
        assert "已改名为 museum-renamed.yaml" in problem.hint_zh and "museum-renamed" in problem.hint_en
        assert "museum-b-pier" not in problem.hint_zh + problem.hint_en
    replace(project, ROUTE, "landmark: museum-b", "landmark: museum-renamed")  # following the hint fixes it
    load_site(project)


def test_a_deleted_file_is_named_as_deleted(project):
    _git(project, "init", "-q")
    _git(project, "add", "-A")
    _git(project, "commit", "-qm", "base")
    (project / "data/landmarks/museum-b.yaml").unlink()
    problem = only_problem(project)
    assert "已被删除" in problem.hint_zh and "测试博物馆乙" in problem.hint_zh and "was deleted" in problem.hint_en


def test_without_history_an_id_a_word_longer_is_not_offered_as_the_one_meant(project):
    _neighbour_pier(project)
    (project / "data/landmarks/museum-b.yaml").rename(project / "data/landmarks/museum-renamed.yaml")
    problem = only_problem(project)  # no git here: nothing says it was renamed
    assert "是否想写" not in problem.hint_zh and "Did you mean" not in problem.hint_en
    # the candidates come with their names, so that the editor can tell a pier from a museum
    assert "museum-b-pier（测试博物馆码头）" in problem.hint_zh and "museum-renamed（测试博物馆乙）" in problem.hint_zh


def test_a_name_where_an_id_belongs_gets_its_id(project):
    replace(project, ROUTE, "landmark: museum-b", "landmark: 测试博物馆乙")
    problem = only_problem(project)
    assert "museum-b" in problem.hint_zh and "编号" in problem.hint_zh and "museum-b" in problem.hint_en
    replace(project, ROUTE, "landmark: 测试博物馆乙", "landmark: museum-b")
    load_site(project)


def test_a_vocabulary_typo_gets_the_term_and_its_name(project):
    replace(project, "data/landmarks/museum-b.yaml", "kind: museum", "kind: museam")
    problem = only_problem(project)
    assert "“museum”" in problem.hint_zh and "'museum'" in problem.hint_en


def test_a_rename_is_recognised_when_the_repository_holds_the_project_in_a_subfolder(project):
    repository = project.parent  # the project is a folder of a larger repository
    _git(repository, "init", "-q")
    _git(repository, "add", "-A")
    _git(repository, "commit", "-qm", "base")
    (project / "data/landmarks/museum-b.yaml").rename(project / "data/landmarks/museum-renamed.yaml")
    assert "已改名为 museum-renamed.yaml" in only_problem(project).hint_zh
