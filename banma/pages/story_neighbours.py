"""A story's neighbours in the story list's order, as its page shows them (and as a preview records the read:
which stories they are, not the whole order, pages/reads.py)."""
from __future__ import annotations

from ..records.site import Site
from .reads import looked_up


def _neighbours(site: Site, story_id: str):
    ordered, at = site.story_order, site.story_position[story_id]
    newer = site.stories[ordered[at - 1]] if at > 0 else None
    older = site.stories[ordered[at + 1]] if at + 1 < len(ordered) else None
    return newer, older


def story_neighbours(site: Site, story_id: str):
    """(the next newer story, the next older one) in the story list's order, or None at either end. A page reads
    which stories they are, not the whole order: adding a story moves only the pages whose neighbours change."""
    return looked_up(site, _neighbours, story_id)

