"""The loaded, linked data of the whole site: records plus the indexes pages need."""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from .course import Course
from .kinds import KINDS, Kind
from .landmark import Landmark
from .plan import Plan, PlanItem, PlanPart
from .route import Route
from .source import Source
from .story import Story
from .vocabulary import Term, Vocabulary


@dataclass
class Site:
    vocabulary: Vocabulary
    plan: Plan
    course: Course
    records: dict[str, dict]  # kind folder -> id -> record, for every kind of the registry (records/kinds.py)
    files: dict[tuple[str, str], str] = field(default_factory=dict)  # (kind, id) -> data file path
    drafts: dict[tuple[str, str], object] = field(default_factory=dict)  # (kind, id) -> record, not published
    notices: list = field(default_factory=list)  # problems that do not stop the build (an uncited source)
    page_citations: list = field(default_factory=list)  # the hand-written pages' cite() calls (records/citations.py)
    citing: dict = field(default_factory=dict)  # source id -> who cites it (citation_rules.cited_by), once per load
    quotes: dict = field(default_factory=dict)  # source id -> its quotes, register and markers (evidence.source_quotes)

    # Back-links, filled by build_indexes() once references are known to be valid.
    plan_items: dict[str, tuple[PlanPart, PlanItem]] = field(default_factory=dict)
    routes_by_landmark: dict[str, list[Route]] = field(default_factory=dict)
    stories_by_landmark: dict[str, list[Story]] = field(default_factory=dict)
    plan_items_by_landmark: dict[str, list[PlanItem]] = field(default_factory=dict)
    stories_by_plan_item: dict[str, list[Story]] = field(default_factory=dict)
    landmarks_by_plan_item: dict[str, list[Landmark]] = field(default_factory=dict)
    story_order: list[str] = field(default_factory=list)  # story ids, newest first (the story list's order)
    story_position: dict[str, int] = field(default_factory=dict)  # story id -> its place in story_order

    def set_drafts_aside(self) -> None:
        """Drafts are validated like everything else, then kept out of the published collections."""
        for kind in KINDS:
            records = self.items(kind)
            for record_id in [i for i, record in records.items() if record.draft]:
                self.drafts[(kind.folder, record_id)] = records.pop(record_id)

    def items(self, kind: Kind) -> dict:
        """The published items of one kind, by id."""
        return self.records[kind.folder]

    def items_and_drafts(self, folder: str) -> dict:
        """Every item of one kind, drafts too, by id: what editors have written, published or not."""
        return {**self.records[folder], **{i: r for (f, i), r in self.drafts.items() if f == folder}}

    # The kinds the site's own pages, maps, indexes and source lists are designed around.
    @property
    def landmarks(self) -> dict[str, Landmark]:
        return self.records["landmarks"]

    @property
    def sources(self) -> dict[str, Source]:
        return self.records["sources"]

    @property
    def routes(self) -> dict[str, Route]:
        return self.records["routes"]

    @property
    def stories(self) -> dict[str, Story]:
        return self.records["stories"]

    def build_indexes(self) -> None:
        """The back-links and the story order pages read, once references are known to be valid."""
        self.plan_items = {item.id: (part, item) for part in self.plan.parts for item in part.items}
        # once: every story page shows its neighbours in this order (sorting per page was quadratic)
        self.story_order = [s.id for s in sorted(self.stories.values(), key=lambda s: (s.date, s.id), reverse=True)]
        self.story_position = {story_id: n for n, story_id in enumerate(self.story_order)}
        self.routes_by_landmark = self._routes_by_landmark()
        self.stories_by_landmark, self.stories_by_plan_item = self._stories_by_landmark_and_plan_item()
        landmarks_by_item = self._landmarks_by_plan_item()
        self.plan_items_by_landmark = self._plan_items_by_landmark(landmarks_by_item)
        self.landmarks_by_plan_item = {k: list(v.values()) for k, v in landmarks_by_item.items()}

    def _routes_by_landmark(self) -> dict[str, list[Route]]:
        routes = defaultdict(list)
        for route in self.routes.values():
            for landmark_id in dict.fromkeys(stop.landmark for stop in route.stops):
                routes[landmark_id].append(route)
        return dict(routes)

    def _stories_by_landmark_and_plan_item(self) -> tuple[dict[str, list[Story]], dict[str, list[Story]]]:
        """Newest first."""
        by_landmark, by_item = defaultdict(list), defaultdict(list)
        for story in self.stories_newest_first():
            for landmark_id in story.landmarks:
                by_landmark[landmark_id].append(story)
            for item_id in story.plan_items:
                by_item[item_id].append(story)
        return dict(by_landmark), dict(by_item)

    def _landmarks_by_plan_item(self) -> dict[str, dict[str, Landmark]]:
        """A plan item concerns a landmark when either side says so: the item's landmarks, then the landmarks that
        name the item."""
        landmarks_by_item = defaultdict(dict)
        for part in self.plan.parts:
            for item in part.items:
                for landmark_id in item.landmarks:
                    landmarks_by_item[item.id][landmark_id] = self.landmarks[landmark_id]
        for landmark in self.landmarks.values():
            for item_id in landmark.plan_items:
                landmarks_by_item[item_id][landmark.id] = landmark
        return landmarks_by_item

    def _plan_items_by_landmark(self, landmarks_by_item: dict[str, dict[str, Landmark]]) -> dict[str, list[PlanItem]]:
        """The other way round, each landmark's items in the plan's order."""
        items_by_landmark = defaultdict(list)
        for item_id, landmarks in landmarks_by_item.items():
            for landmark_id in landmarks:
                items_by_landmark[landmark_id].append(self.plan_items[item_id][1])
        order = {item_id: n for n, item_id in enumerate(self.plan_items)}
        return {k: sorted(v, key=lambda i: order[i.id]) for k, v in items_by_landmark.items()}

    def plan_items_for(self, item_ids: list[str]) -> list[PlanItem]:
        return [self.plan_items[item_id][1] for item_id in item_ids]

    def stories_newest_first(self) -> list[Story]:
        return [self.stories[story_id] for story_id in self.story_order]

    def term(self, vocabulary: str, term_id: str | None) -> Term | None:
        for term in getattr(self.vocabulary, vocabulary):
            if term.id == term_id:
                return term
        return None
