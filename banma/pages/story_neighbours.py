"""What each generated page shows, as a fingerprint: a preview rebuild re-renders only pages whose fingerprint moved.

A page's fingerprint hashes everything its template reads: its own record, the records it lists or links
(with their content, so a renamed stop changes the route page), the positions of every place on the creek
when it draws the course, and what every page shares (plan, vocabularies, bridges, settings). A
test changes records one at a time and checks that every page whose HTML changed also changed fingerprint.
"""
from __future__ import annotations

import hashlib
from collections.abc import Iterable

from ..records.course_order import place_rank, window
from ..records.kinds import KINDS
from ..records.site import Site
from ..settings import Settings

COURSE = "course-positions"  # pseudo-record: every positioned place and its position
FILTERS = "story-filters"  # pseudo-record: every story's tags and street (the filter bar counts them)


def _digest(parts: Iterable[str]) -> str:
    hasher = hashlib.blake2b(digest_size=16)
    for part in parts:
        hasher.update(part.encode("utf-8"))
        hasher.update(b"\0")
    return hasher.hexdigest()


def record_digests(site: Site, images: dict | None = None) -> dict[str, str]:
    """"landmarks/<id>" (etc.) -> a digest of the record's content and its prepared photos, plus the course
    positions. (A photo belongs to the record that shows it: adding or removing one moves only those pages.)"""
    images = images or {}
    found = {f"{kind.folder}/{record_id}": _digest([record.model_dump_json(),
                                                    *(repr(images.get(image.path)) for image in getattr(record, "images", ()))])
             for kind in KINDS for record_id, record in site.items(kind).items()}
    found[COURSE] = _digest(f"{lid}={site.landmarks[lid].creek.model_dump_json()}" for lid in place_rank(site))
    found[FILTERS] = _digest(f"{sid}={story.tags}={story.street}" for sid, story in sorted(site.stories.items()))
    return found


def shared_digest(site: Site, settings: Settings) -> str:
    """What every page may show: the plan, the vocabularies, the bridges, the settings."""
    return _digest([site.plan.model_dump_json(), site.vocabulary.model_dump_json(), site.course.model_dump_json(),
                    repr(settings)])


def cited(record) -> list[str]:
    """The register entries a page lists at its foot (their titles, publishers and dates are shown)."""
    return [f"sources/{source_id}" for source_id in record.sources]


def item_inputs(site: Site, kind, item_id: str) -> list[str]:
    """A generic item page (item.html) shows its own record and its sources."""
    return [f"{kind.folder}/{item_id}", *cited(site.items(kind)[item_id])]


def landmark_inputs(site: Site, landmark_id: str) -> list[str]:
    keys = [f"landmarks/{landmark_id}", *cited(site.landmarks[landmark_id])]
    keys += [f"routes/{route.id}" for route in site.routes_by_landmark.get(landmark_id, [])]
    keys += [f"stories/{story.id}" for story in site.stories_by_landmark.get(landmark_id, [])]
    if landmark_id in place_rank(site):  # the locator: the places around it, drawn from every position
        keys += [COURSE] + [f"landmarks/{stop.id}" for stop in window(site, landmark_id) if stop.kind == "place"]
    return keys


def route_inputs(site: Site, route_id: str) -> list[str]:
    route = site.routes[route_id]
    return [f"routes/{route_id}", COURSE, *cited(route)] + [f"landmarks/{stop.landmark}" for stop in route.stops]


def story_neighbours(site: Site, story_id: str):
    """(the next newer story, the next older one) in the story list's order, or None at either end."""
    ordered, at = site.story_order, site.story_position[story_id]
    newer = site.stories[ordered[at - 1]] if at > 0 else None
    older = site.stories[ordered[at + 1]] if at + 1 < len(ordered) else None
    return newer, older


def story_inputs(site: Site, story_id: str) -> list[str]:
    # a page shows its neighbours' titles; which stories they are follows from every date (the keys change with them)
    neighbours = [f"stories/{story.id}" for story in story_neighbours(site, story_id) if story]
    story = site.stories[story_id]
    return [f"stories/{story_id}", *cited(story)] + neighbours + [f"landmarks/{lid}" for lid in story.landmarks]


def filter_inputs(site: Site, tag: str | None = None, street: str | None = None) -> list[str]:
    return [FILTERS] + [f"stories/{story.id}" for story in site.stories.values()
                          if (tag and tag in story.tags) or (street and story.street == street)]


def fingerprint(shared: str, digests: dict[str, str], keys: list[str]) -> str:
    # The keys themselves count too: a route that stops listing a place changes that place's page.
    return _digest([shared, *(f"{key}:{digests.get(key, '-')}" for key in keys)])
