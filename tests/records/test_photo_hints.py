"""Photo slips get one problem each, with advice that, followed, makes the data valid: a missing `alt` is not also
an "unused photo"; a name close to a file in the folder (another extension, a case difference, a typo) is asked
about by that file's name, never with advice to delete it; a file copied instead of renamed is told to be deleted."""
import io

import pytest
from helpers import assert_located, only_problem, problems_of, write
from PIL import Image

from banma.records.loader import load_site

LANDMARK = "data/landmarks/museum-b.yaml"
IMAGES = "docs/assets/images"
BASE = "name: 测试博物馆乙\nkind: museum\nsummary: 简介\nsources:\n  - test-source\nimages:\n"


def entry(path: str, alt: bool = True) -> str:
    return f"  - path: {path}\n" + ("    alt: 大门\n" if alt else "") + "    credit: 作者\n"


def uses(project, *entries: str) -> None:
    """museum-b's `images`: the list starts on line 6, the first entry's path is on line 7."""
    write(project, LANDMARK, BASE + "".join(entries))


def photo(seed: int = 40, fmt: str = "JPEG") -> bytes:
    buffer = io.BytesIO()
    Image.effect_noise((800, 600), seed).convert("RGB").save(buffer, fmt)
    return buffer.getvalue()


def no_delete_advice(problem) -> None:
    assert "删除" not in problem.hint_zh and "delete" not in problem.hint_en.lower(), problem.format()


def test_a_missing_alt_is_one_problem_not_also_an_unused_photo(project):
    uses(project, entry("gate.jpg", alt=False))
    write(project, f"{IMAGES}/gate.jpg", photo())
    problem = only_problem(project)
    assert_located(problem, LANDMARK, 7, "images.0.alt", "alt", "alt")
    no_delete_advice(problem)
    uses(project, entry("gate.jpg"))  # the hint followed: nothing else was wrong
    assert load_site(project).landmarks["museum-b"].images[0].path == "gate.jpg"


def test_a_photo_named_by_a_file_that_does_not_load_is_not_called_unused(project):
    write(project, LANDMARK, BASE + entry("gate.jpg") + "  - path: [\n")  # a syntax error below the photo
    write(project, f"{IMAGES}/gate.jpg", photo())
    problems = problems_of(project)
    assert problems and all(p.path == LANDMARK for p in problems), [p.format() for p in problems]


@pytest.mark.parametrize("written,on_disk", [("gate.jpeg", "gate.jpg"),  # the wrong suffix
                                             ("gate.jpg", "gate.jpeg"),
                                             ("gaet.jpg", "gate.jpg"),  # letters swapped
                                             ("river-gate.jpg", "river-gates.jpg"),  # a letter dropped
                                             ("east/gate.jpg", "east/gate.png")])  # another format, in a subfolder
def test_a_near_name_is_asked_about_by_the_files_name(project, written, on_disk):
    uses(project, entry(written))
    write(project, f"{IMAGES}/{on_disk}", photo(fmt="PNG" if on_disk.endswith(".png") else "JPEG"))
    problem = only_problem(project)  # not also "unused" for the file it was meant to name
    assert_located(problem, LANDMARK, 7, "images.0.path", "不存在", "does not exist")
    assert f"是否想写“{on_disk}”" in problem.hint_zh and f"Did you mean '{on_disk}'" in problem.hint_en
    no_delete_advice(problem)
    uses(project, entry(on_disk))  # the hint followed
    assert load_site(project).landmarks["museum-b"].images[0].path == on_disk


def test_a_case_difference_asks_to_rename_the_file_to_a_name_urls_carry(project):
    uses(project, entry("gate.jpg"))
    write(project, f"{IMAGES}/Gate.JPG", photo())
    problem = only_problem(project)
    assert_located(problem, LANDMARK, 7, "images.0.path", "不存在", "does not exist")
    assert "是否想写“Gate.JPG”" in problem.hint_zh and "改名为 gate.jpg" in problem.hint_zh
    assert "rename the file to gate.jpg" in problem.hint_en
    no_delete_advice(problem)
    (project / IMAGES / "Gate.JPG").rename(project / IMAGES / "gate.jpg")  # the hint followed
    assert load_site(project).landmarks["museum-b"].images[0].path == "gate.jpg"


def test_a_used_photo_a_letter_away_is_another_photo_not_a_suggestion(project):
    uses(project, entry("gate-1.jpg"), entry("gate-2.jpg"))
    write(project, f"{IMAGES}/gate-1.jpg", photo())
    problem = only_problem(project)
    assert_located(problem, LANDMARK, 10, "images.1.path", "不存在", "does not exist")
    assert "gate-1.jpg" not in problem.hint_zh and "放进" in problem.hint_zh and "Put the photo" in problem.hint_en
    write(project, f"{IMAGES}/gate-2.jpg", photo(seed=60))  # the hint followed
    assert len(load_site(project).landmarks["museum-b"].images) == 2


def test_an_unrelated_unused_file_is_still_reported_beside_a_missing_one(project):
    uses(project, entry("gate.jpg"))
    write(project, f"{IMAGES}/riverside-walk.jpg", photo())
    problems = sorted(problems_of(project), key=lambda p: p.path)
    assert [p.path for p in problems] == [LANDMARK, f"{IMAGES}/riverside-walk.jpg"], [p.format() for p in problems]
    assert "是否想写" not in problems[0].hint_zh and "没有任何数据文件使用" in problems[1].zh


@pytest.mark.parametrize("old,new", [("gate.jpg", "north-gate.jpg"), ("gate.jpg", "gate.jpeg")])
def test_a_copy_left_behind_is_told_to_be_deleted(project, old, new):
    content = photo()
    uses(project, entry(new))
    write(project, f"{IMAGES}/{old}", content)
    write(project, f"{IMAGES}/{new}", content)  # copied instead of renamed
    problem = only_problem(project)
    assert problem.path == f"{IMAGES}/{old}", problem.format()
    assert new in problem.zh and new in problem.en and "副本" in problem.zh and "copy" in problem.en
    assert f"删除 {IMAGES}/{old}" in problem.hint_zh and f"Delete {IMAGES}/{old}" in problem.hint_en
    assert "改个名字" not in problem.hint_zh and "引用它" not in problem.hint_zh
    (project / IMAGES / old).unlink()  # the hint followed
    assert load_site(project).landmarks["museum-b"].images[0].path == new


def test_an_unused_photo_that_is_no_copy_keeps_the_general_advice(project):
    uses(project, entry("gate.jpg"))
    write(project, f"{IMAGES}/gate.jpg", photo())
    write(project, f"{IMAGES}/another-view.jpg", photo(seed=90))  # same size, other bytes
    problem = only_problem(project)
    assert problem.path == f"{IMAGES}/another-view.jpg" and "副本" not in problem.zh
    assert "引用它，或删除它" in problem.hint_zh
