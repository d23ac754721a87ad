"""Which fields name another record, declared once, on the models: `Annotated[Slug, RefersTo("landmarks")]`.

Everything that treats a field as a reference is derived from that one declaration: the cross-file check that
it resolves (linking.py), the web form's choices (pages/editor_form.py, through the JSON Schema's
`x-refers-to`), the choices new.py lists (scaffold.py) and the names the change summary shows (changes.py).
"""
from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from typing import Any

from pydantic import BaseModel

from .annotations import metadata

VOCABULARIES = ("landmark_kinds", "route_categories", "streets", "tags", "publishers")
# What each target is called in messages (Chinese, English), and the data folder of its files, if it has one.
TARGETS: dict[str, tuple[str, str, str | None]] = {
    "landmarks": ("地标", "landmark", "landmarks"),
    "sources": ("来源", "source", "sources"),
    "plan_items": ("计划条目", "plan item", None),
    "bridges": ("桥梁", "bridge", None),
    "landmark_kinds": ("地标类型", "landmark kind", None),
    "route_categories": ("线路类别", "route category", None),
    "streets": ("街道", "street", None),
    "tags": ("标签", "tag", None),
    "publishers": ("发布者", "publisher", None),
}


@dataclass(frozen=True)
class RefersTo:
    """Annotated metadata: this text is the id of a record of `target` (a key of TARGETS)."""

    target: str

    def __post_init__(self):
        if self.target not in TARGETS:
            raise ValueError(f"unknown reference target {self.target!r}")

    def __get_pydantic_json_schema__(self, core_schema, handler):
        return {**handler(core_schema), "x-refers-to": self.target}  # read by the web form


def target_of(annotation: Any) -> str | None:
    """The target of a field's annotation (Optional, list or not), or None when it names no record."""
    return next((found.target for found in metadata(annotation) if isinstance(found, RefersTo)), None)


@cache  # asked for every field of every record on each load: the answer depends on the model only
def field_target(model: type[BaseModel], name: str) -> str | None:
    info = model.model_fields.get(name)
    if info is None:
        return None
    for found in info.metadata:  # pydantic keeps a field's own Annotated metadata apart from its annotation
        if isinstance(found, RefersTo):
            return found.target
    return target_of(info.annotation)


def references_in(record: BaseModel, loc: tuple = ()) -> Iterator[tuple[tuple, str, str, bool]]:
    """(field path, id, target, in a list) for every reference in a record, nested groups and lists included."""
    for name in type(record).model_fields:
        value = getattr(record, name)
        target = field_target(type(record), name)
        if target and isinstance(value, str):
            yield (*loc, name), value, target, False
        elif target and isinstance(value, list):
            for index, item in enumerate(value):
                yield (*loc, name, index), item, target, True
        elif isinstance(value, BaseModel):
            yield from references_in(value, (*loc, name))
        elif isinstance(value, list):
            for index, item in enumerate(value):
                if isinstance(item, BaseModel):
                    yield from references_in(item, (*loc, name, index))


def known_ids(site) -> dict[str, dict[str, Any]]:
    """Target -> id -> the record or term it names, for resolving references and naming them in hints."""
    known = {"landmarks": dict(site.landmarks), "sources": dict(site.sources), "bridges": {b.id: b for b in site.course.bridges},
             "plan_items": {item.id: item for part in site.plan.parts for item in part.items}}
    known.update({name: {term.id: term for term in getattr(site.vocabulary, name)} for name in VOCABULARIES})
    return known
