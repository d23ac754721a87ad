"""References are declared once, on the models (records/references.py), and every use follows the declaration."""
from __future__ import annotations

import pytest
from helpers import only_problem, write
from pydantic import BaseModel

from banma.records.course import Course
from banma.records.kinds import KINDS
from banma.records.plan import Plan
from banma.records.references import RefersTo, field_target, references_in, target_of
from banma.records.yaml_reader import parse

# Written out by hand: the fields that name another record, and what they name. A new reference field must be
# declared with RefersTo (and added here); a test below fails on a field that looks like one but is not declared.
EXPECTED = {
    ("Landmark", "kind"): "landmark_kinds", ("Landmark", "street"): "streets", ("Landmark", "plan_items"): "plan_items",
    ("CreekPosition", "bridge"): "bridges", ("Stop", "landmark"): "landmarks",
    ("Route", "category"): "route_categories", ("Story", "street"): "streets", ("Story", "tags"): "tags",
    ("Story", "landmarks"): "landmarks", ("Story", "plan_items"): "plan_items", ("PlanItem", "landmarks"): "landmarks",
    ("Length", "from_bridge"): "bridges", ("Length", "to_bridge"): "bridges",
    # sources: every item's list, each fact's own source field, the plan's and the course's
    **{(model, field): "sources" for model, field in [
        ("Landmark", "sources"), ("Landmark", "english_name_source"), ("Landmark", "address_source"),
        ("Landmark", "visit_source"), ("Location", "source"), ("Milestone", "source"), ("CreekPosition", "source"),
        ("Route", "sources"), ("Story", "sources"), ("Plan", "source"), ("Update", "sources"),
        ("Bridge", "sources"), ("Length", "source")]},
    ("Source", "publisher"): "publishers", ("Original", "publisher"): "publishers",
}


def _models(model: type[BaseModel], seen=None):
    seen = seen if seen is not None else {}
    if model.__name__ in seen:
        return seen
    seen[model.__name__] = model
    for info in model.model_fields.values():
        from banma.records.house_style import _nested_model
        nested = _nested_model(info.annotation)
        if nested is not None:
            _models(nested, seen)
    return seen


def _all_models():
    found = {}
    for root in [kind.model for kind in KINDS] + [Plan, Course]:
        found.update(_models(root))
    return found


def test_every_reference_is_declared_with_its_target():
    declared = {(name, field): field_target(model, field)
                for name, model in _all_models().items() for field in model.model_fields
                if field_target(model, field)}
    assert declared == EXPECTED


def test_the_json_schema_carries_the_target_for_the_form():
    schema = KINDS[1].model.model_json_schema()  # routes: stops name landmarks, the category a vocabulary term
    stop = schema["$defs"]["Stop"]["properties"]["landmark"]
    assert stop["x-refers-to"] == "landmarks"
    assert schema["properties"]["category"]["x-refers-to"] == "route_categories"


def test_references_are_found_in_nested_groups_and_lists(project):
    text = (project / "data/routes/route-r.yaml").read_text(encoding="utf-8")
    from banma.records.route import Route
    route = Route.model_validate(parse(text, "r")[0].data)
    found = {(loc, value, target) for loc, value, target, _ in references_in(route)}
    assert (("stops", 0, "landmark"), "station-a", "landmarks") in found
    assert (("category",), "red-culture", "route_categories") in found


def test_an_unknown_target_is_refused():
    with pytest.raises(ValueError):
        RefersTo("nothing")
    assert target_of(str) is None


@pytest.mark.parametrize("file,old,new,field", [
    ("data/routes/route-r.yaml", "category: red-culture", "category: blue-culture", "category"),
    ("data/stories/story-s.yaml", "tags: [river-patrol]", "tags: [river-patrols]", "tags.0"),
    ("data/plan.yaml", "landmarks: [station-a]", "landmarks: [station-z]", "parts.0.items.0.landmarks.0"),
])
def test_each_declared_reference_is_checked(project, file, old, new, field):
    path = project / file
    text = path.read_text(encoding="utf-8")
    assert old in text
    write(project, file, text.replace(old, new, 1))
    problem = only_problem(project)
    assert problem.field == field and "找不到" in problem.zh
