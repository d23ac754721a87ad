"""The models' type annotations read one way: the layers of `Optional[…]`, `Annotated[…]` and `list[…]` around
what a field holds.

Every reader of a field's type — the house style's nested groups, the references (`RefersTo`), the validator's
list fields, new.py's required values, the field tables of data/README.md — walks an annotation with `layers`
and the helpers below, so that a new wrapper is learnt in one place.
"""
from __future__ import annotations

import types
import typing
from collections.abc import Iterator
from typing import Any

from pydantic import BaseModel

_UNIONS = (typing.Union, types.UnionType)


def layers(annotation: Any) -> Iterator[Any]:
    """The annotation, then each one inside it, outermost first: through Optional (its first member that is not
    None), Annotated (its type) and list (its items); the last is what the field holds."""
    while True:
        yield annotation
        origin = typing.get_origin(annotation)
        if origin in _UNIONS:
            annotation = next(arg for arg in typing.get_args(annotation) if arg is not type(None))
        elif origin in (list, typing.Annotated):
            annotation = typing.get_args(annotation)[0]
        else:
            return


def innermost(annotation: Any) -> Any:
    """What the field holds, Optional, Annotated and list set aside: `Optional[list[Stop]]` -> Stop."""
    *_, last = layers(annotation)
    return last


def holds_list(annotation: Any) -> bool:
    """Whether a list is among the layers: `Optional[list[str]]` yes, `str` no."""
    return any(typing.get_origin(layer) is list for layer in layers(annotation))


def metadata(annotation: Any) -> Iterator[Any]:
    """The metadata of every Annotated layer, outermost first."""
    for layer in layers(annotation):
        yield from getattr(layer, "__metadata__", ())


def nested_model(annotation: Any) -> type[BaseModel] | None:
    """The group of fields (a model) the field holds, one or a list of them; None for a plain value."""
    inner = innermost(annotation)
    return inner if isinstance(inner, type) and issubclass(inner, BaseModel) else None
