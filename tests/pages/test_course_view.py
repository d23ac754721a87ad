"""The overview stays readable when a stretch of the creek has very many places."""
from banma.pages.course_map import PER_GAP, course_view
from banma.records.loader import load_site

PLACE = ("name: 测试地点{n}\nkind: museum\nsummary: 简介\ncreek:\n  bridge: middle-bridge\n  side: upstream\n"
         "  wording: 桥西\n  source:\n    test-source\nsources:\n  - test-source\n")


def test_crowded_stretches_are_summarised_and_every_place_is_counted(project):
    extra = PER_GAP + 4
    for n in range(extra):
        (project / f"data/landmarks/crowd-{n:02d}.yaml").write_text(PLACE.format(n=n), encoding="utf-8")
    site = load_site(project)
    view = course_view(site)
    positioned = sum(1 for lm in site.landmarks.values() if lm.creek)
    assert view.place_count == positioned
    crowd = [slot for slot in view.places if slot.stop.bridge_index == 1 and slot.stop.side == "upstream"]
    assert len(crowd) == PER_GAP + 1 and crowd[-1].hidden == extra - PER_GAP
    assert crowd[-1].url == "landmarks/"
    assert all(not slot.hidden for slot in crowd[:-1])


def test_routes_and_locators_are_never_summarised(project):
    for n in range(PER_GAP + 4):
        (project / f"data/landmarks/crowd-{n:02d}.yaml").write_text(PLACE.format(n=n), encoding="utf-8")
    site = load_site(project)
    ids = [i for i in site.landmarks if i.startswith("crowd-")]
    view = course_view(site, "route", ids, numbered=True)
    assert len(view.places) == len(ids) and not view.summarised


def test_a_locator_stays_small_however_crowded_its_stretch(project):
    for n in range(40):
        (project / f"data/landmarks/crowd-{n:02d}.yaml").write_text(PLACE.format(n=n), encoding="utf-8")
    site = load_site(project)
    for landmark_id in ("crowd-00", "crowd-20", "crowd-39"):
        view = course_view(site, "locator", highlight=landmark_id)
        assert len(view.slots) <= 17
        assert [slot.stop.id for slot in view.slots if slot.highlight] == [landmark_id]


def test_a_place_is_drawn_and_said_by_its_side_of_the_bridge(project):
    """Downstream of a bridge comes before it, beside it just after, upstream after it; the words say the same."""
    beside = PLACE.format(n="旁").replace("  side: upstream\n", "")
    (project / "data/landmarks/beside-middle.yaml").write_text(beside, encoding="utf-8")
    view = course_view(load_site(project))
    order = [slot.stop.id for slot in view.slots]
    assert order == ["museum-b", "east-bridge", "middle-bridge", "beside-middle", "west-bridge", "station-a"]
    assert {slot.stop.id: slot.where for slot in view.places} == {
        "museum-b": "东测试桥下游一侧，右岸", "beside-middle": "中测试桥旁", "station-a": "西测试桥上游一侧，左岸"}
