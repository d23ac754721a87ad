"""The kinds of item editors write, one folder of YAML files each: declared here once.

Everything that handles items in general (loading, drafts, schemas, scaffolding, change
summaries, downloads, pages, the editors' settings) walks this list; a new kind is one
more entry here plus its model and page template.
"""
from __future__ import annotations

from dataclasses import dataclass

from .common import Item
from .landmark import Landmark
from .route import Route
from .story import Story


@dataclass(frozen=True)
class Kind:
    folder: str  # data/<folder>/<id>.yaml, and the URL prefix <folder>/<id>/
    name: str  # singular, for schema files and scripts/new.py: data/schemas/<name>.schema.json
    model: type[Item]
    label: str  # what a visitor calls one (shown on search results and lists)
    title_field: str  # the field that names one item
    template: str  # the page template in banma/pages/templates/


KINDS: tuple[Kind, ...] = (
    Kind("landmarks", "landmark", Landmark, "地点", "name", "landmark.html"),
    Kind("routes", "route", Route, "线路", "name", "route.html"),
    Kind("stories", "story", Story, "故事", "title", "story.html"),
)
BY_FOLDER = {kind.folder: kind for kind in KINDS}
BY_NAME = {kind.name: kind for kind in KINDS}
