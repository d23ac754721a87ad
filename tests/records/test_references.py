"""References are declared once, on the models (records/references.py), and every use follows the declaration."""
from __future__ import annotations

import re

import pytest
import yaml
from helpers import only_problem, problems_of, write
from pydantic import BaseModel

from banma.records.annotations import nested_model
from banma.records.course import Course
from banma.records.kinds import KINDS
from banma.records.loader import load_site
from banma.records.plan import Plan
from banma.records.references import TARGETS, RefersTo, field_target, references_in, target_of
from banma.records.yaml_reader import parse

# A field names another record when it is declared with RefersTo. Two checks keep every such field declared, without
# a second list of them: a text field whose name says it names a record (a target's name or its last word, singular
# or plural: `landmark`, `address_source`, `plan_items` …) must be declared; and every declared reference the small
# fixture uses is checked by the validator (an id that is not there is refused where it is written).


def _models(model: type[BaseModel], seen=None):
    seen = seen if seen is not None else {}
    if model.__name__ in seen:
        return seen
    seen[model.__name__] = model
    for info in model.model_fields.values():
        nested = nested_model(info.annotation)
        if nested is not None:
            _models(nested, seen)
    return seen


def _all_models():
    found = {}
    for root in [kind.model for kind in KINDS] + [Plan, Course]:
        found.update(_models(root))
    return found


def _reference_words() -> set[str]:
    """What a field naming a record is called: each target (`plan_items`), its singular (`plan_item`), their last
    word (`items`, `item`)."""
    words = set()
    for target, (_, english, _) in TARGETS.items():
        for name in (target, english.replace(" ", "_")):
            words |= {name, name.rsplit("_", 1)[-1]}
    return words


def undeclared_references(models: dict[str, type[BaseModel]]) -> list[tuple[str, str]]:
    """Text fields (not a nested group) named like a reference but not declared with RefersTo."""
    words = _reference_words()
    return sorted((name, field) for name, model in models.items() for field, info in model.model_fields.items()
                  if (field in words or field.rsplit("_", 1)[-1] in words) and not field_target(model, field)
                  and nested_model(info.annotation) is None)


def test_every_field_named_like_a_reference_is_declared():
    models = _all_models()
    assert sum(bool(field_target(m, f)) for m in models.values() for f in m.model_fields) >= len(TARGETS)
    assert undeclared_references(models) == []


def test_an_undeclared_reference_is_found():
    class Toy(BaseModel):
        partner_landmark: str = ""  # undeclared: found
        nearby_bridges: list[str] = []  # undeclared: found
        title: str = ""
    assert undeclared_references({"Toy": Toy}) == [("Toy", "nearby_bridges"), ("Toy", "partner_landmark")]


def _used_references(project) -> dict[tuple[str, str], tuple[str, tuple]]:
    """(model, field) -> (file, field path) of the first place the project's records use each declared reference."""
    site, used = load_site(project), {}
    for (folder, key), record in (((f, k), r) for f, records in site.records.items() for k, r in records.items()):
        for loc, _value, _target, listed in references_in(record):
            owner = record
            for part in loc[:-2 if listed else -1]:
                owner = owner[part] if isinstance(part, int) else getattr(owner, part)
            used.setdefault((type(owner).__name__, loc[-2 if listed else -1]), (site.files[(folder, key)], loc))
    return used


def test_every_declared_reference_the_fixture_uses_is_checked(project):
    """Each is broken in turn (its id made one no record has): the validator refuses it where it is written."""
    used = _used_references(project)
    assert {target for model, field in used for target in [field_target(_all_models()[model], field)]} == set(TARGETS)
    for (model, field), (path, loc) in sorted(used.items()):
        original = (project / path).read_text(encoding="utf-8")
        data = parse(original, path)[0].data
        holder = data
        for part in loc[:-1]:
            holder = holder[part]
        value = holder[loc[-1]]  # made an id of the same shape that no record has (plan items: part-item)
        holder[loc[-1]] = "98-99" if re.fullmatch(r"[\d-]+", value) else f"{value}-no-such"
        write(project, path, yaml.safe_dump(data, allow_unicode=True, sort_keys=False))
        dotted = ".".join(map(str, loc))
        found = [p for p in problems_of(project) if p.path == path and p.field == dotted and "找不到" in p.zh]
        assert found, (model, field, path, dotted, [p.format() for p in problems_of(project)][:5])
        write(project, path, original)


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
