"""Where each item lives on the site. One stable URL per landmark, route, story and plan item."""
from __future__ import annotations

LANDMARKS = "landmarks/"  # the index of all places


def item(folder: str, item_id: str) -> str:
    """Any item's page: <folder>/<id>/ (landmark, route and story below are the same rule)."""
    return f"{folder}/{item_id}/"


def landmark(landmark_id: str) -> str:
    return item("landmarks", landmark_id)


def route(route_id: str) -> str:
    return item("routes", route_id)


def story(story_id: str) -> str:
    return item("stories", story_id)


def story_tag(tag_id: str) -> str:
    return f"stories/tags/{tag_id}/"


def story_street(street_id: str) -> str:
    return f"stories/streets/{street_id}/"


def plan_item(item_id: str) -> str:
    return f"plan/#item-{item_id}"


def plan_part(part_id: str) -> str:
    return f"plan/#part-{part_id}"


def source_file(url: str) -> str:
    """The Markdown file MkDocs serves at a directory URL: 'landmarks/x/' -> 'landmarks/x.md'."""
    return url.rstrip("/") + ".md"


def root_from(page_url: str) -> str:
    """Relative prefix from a page's URL back to the site root ('landmarks/x/' -> '../../')."""
    path = page_url.split("#")[0].split("?")[0]
    segments = [part for part in path.split("/") if part]
    depth = len(segments) if path.endswith("/") or not segments else len(segments) - 1
    return "../" * depth
