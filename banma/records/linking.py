"""Cross-file checks: every reference resolves, ids and names are unique, plan rules hold."""
from __future__ import annotations

import datetime as dt
import unicodedata
from dataclasses import replace
from functools import partial
from pathlib import Path

from .citation_rules import check_citations, texts_in
from .closeness import edit_distance
from .course import BANK_KM, SIDES
from .evidence import check_evidence
from .fields import PLACEHOLDER
from .images import MAX_IMAGE_BYTES as MAX_IMAGE_BYTES  # the editing form's upload limit (pages/editor_form.py)
from .images import check_image_folder, check_images
from .kinds import KINDS
from .problems import MAX_LISTED_PER_FILE, Problem
from .rechecks import checked
from .references import TARGETS, VOCABULARIES, known_ids, references_in
from .source_links import check_source_links
from .yaml_reader import Document


def normalise(text: str) -> str:
    """What counts as 'the same' id or name: NFKC, case-folded, without spaces."""
    return "".join(unicodedata.normalize("NFKC", text).casefold().split())


def item_names(data: dict) -> set[str]:
    """An item's names (name or title, aliases), normalised: what says two files hold the same item."""
    names = [data.get("name") or data.get("title") or "", *(data.get("aliases") or [])]
    return {normalise(n) for n in names if isinstance(n, str) and n}


def item_links(data: dict) -> set[str]:
    return {s for s in data.get("sources") or [] if isinstance(s, str)}


def same_item(old: dict, new: dict) -> bool:
    """Content that says a record moved to another id: the same name (or alias), or exactly the same sources when
    there are several (one shared source says little: many items cite the same article)."""
    return bool(item_names(old) & item_names(new)) or (len(item_links(old)) > 1 and item_links(old) == item_links(new))


def _is_typo(value: str, known: str) -> bool:
    """A slip of the keyboard, not another item: a couple of letters off, and not a word added or dropped
    (changfeng-park is never "close" to changfeng-park-pier: that is another place)."""
    if set(value.split("-")) < set(known.split("-")) or set(known.split("-")) < set(value.split("-")):
        return False
    return edit_distance(value, known) <= min(2, max(1, len(known) // 5))


def ids_for_names(problems: list[Problem], site) -> list[Problem]:
    """A name written where an id belongs ("长风公园" for changfeng-park): the hint gives that name's id."""
    named = {}
    for entries in known_ids(site).values():
        named.update({name: entry_id for name, entry_id in _ids_by_name(entries).items() if name not in named})
    found = []
    for problem in problems:
        entry_id = named.get(normalise(problem.not_an_id)) if problem.not_an_id else None
        if entry_id:
            hint_zh, hint_en = _write_the_id(problem.not_an_id, entry_id)
            problem = replace(problem, hint_zh=hint_zh, hint_en=hint_en)
        found.append(problem)
    return found


def _ids_by_name(entries: dict) -> dict[str, str]:
    """Each entry's names (its name or title, its aliases), normalised -> its id."""
    named: dict[str, str] = {}
    for entry_id, entry in entries.items():
        for name in [_name_of(entry), *getattr(entry, "aliases", [])]:
            if name:
                named.setdefault(normalise(name), entry_id)
    return named


def _write_the_id(name: str, entry_id: str) -> tuple[str, str]:
    return (f"这里要写编号，不是名称：“{name}”的编号是 {entry_id}。",
            f"Write the id here, not the name: '{name}' has the id {entry_id}.")


def _name_of(entry) -> str:
    return getattr(entry, "name", None) or getattr(entry, "title", None) or ""


def _removed_hint(old: dict, value, known: dict, what_zh, what_en, folder) -> tuple[str, str]:
    """The id's file is gone: renamed (a record that is the same item now has another id) or deleted."""
    after = [i for i, record in known.items() if same_item(old, record.model_dump(mode="json"))]
    if after:
        return (f"data/{folder}/{value}.yaml 已改名为 {after[0]}.yaml（同一{what_zh}“{_name_of(known[after[0]])}”）："
                f"把这里改为 {after[0]}。",
                f"data/{folder}/{value}.yaml was renamed to {after[0]}.yaml (the same {what_en}): "
                f"write {after[0]} here.")
    title = old.get("name") or old.get("title") or value
    return (f"data/{folder}/{value}.yaml（“{title}”）已被删除：删除这一项，或恢复该文件。",
            f"data/{folder}/{value}.yaml ('{title}') was deleted: remove this entry, or restore the file.")


def _where_hint(value, known: dict, folder) -> tuple[str, str]:
    """Where the ids are written, with up to eight ids sharing a word with `value` (all of them, when 20 or fewer
    and none shares one) and what they name."""
    words = set(value.split("-"))
    related = [i for i in sorted(known) if words & set(i.split("-"))][:8] or (sorted(known) if len(known) <= 20
                                                                             else [])
    listed = "、".join(f"{i}（{_name_of(known[i])}）" if _name_of(known[i]) else i for i in related)
    where = f"编号就是 data/{folder}/ 下的文件名（不含 .yaml）" if folder else "编号见 data/vocabularies.yaml"
    where_en = f"an id is a file name in data/{folder}/ without .yaml" if folder else "see data/vocabularies.yaml"
    if related:
        return (f"{where}。相近的有：{listed}。请核对名称后再选。", f"{where_en}. Similar: {', '.join(related)}.")
    return (where + "。", where_en[0].upper() + where_en[1:] + ".")


class _Checker:
    def __init__(self, site, documents: dict[tuple[str, str], Document], root: Path, unreadable=frozenset(),
                 history=None, memo=None):
        self.site = site
        self.memo = memo  # preview rebuilds: one record's problems, kept while nothing it reads changes (rechecks.py)
        self.unreadable = unreadable
        self.site_root = root
        self.documents = documents
        self.history = history  # records/history.py: what a removed file held, for rename hints
        self.problems: list[Problem] = []
        self.found: dict = {}  # problems per file so far: past the ones a file lists, hints are not worked out

    def add(self, key, loc, zh, en, hint_zh="", hint_en=""):
        self.found[key] = self.found.get(key, 0) + 1
        self.problems.append(self.documents[key].problem(loc, zh, en, hint_zh, hint_en))

    def reference(self, key, loc, value, known: dict, what_zh, what_en, folder=None):
        """`known`: id -> the record or term it names (for names in hints)."""
        if value in known or (folder, value) in self.unreadable or value == PLACEHOLDER:
            return  # a placeholder is reported when the item is published (_check_publishable)
        listed = self.found.get(key, 0) < MAX_LISTED_PER_FILE  # a hint may ask git: only for problems listed
        self.add(key, loc, f"找不到{what_zh}“{value}”。", f"No {what_en} '{value}' exists.",
                 *(self._hint(value, known, what_zh, what_en, folder) if listed else ()))

    def _hint(self, value, known: dict, what_zh, what_en, folder) -> tuple[str, str]:
        # 1. The id's file was renamed or deleted: git knows what it held. Never guess by spelling then.
        old = self.history.before_removal(f"data/{folder}/{value}.yaml") if folder and self.history else None
        if old is not None:
            return _removed_hint(old, value, known, what_zh, what_en, folder)
        # 2. A name where the id belongs.
        if entry_id := _ids_by_name(known).get(normalise(value)):
            return _write_the_id(value, entry_id)
        # 3. A typo of one id.
        typos = sorted((i for i in known if _is_typo(value, i)), key=lambda i: edit_distance(value, i))
        if typos:
            return (f"是否想写“{typos[0]}”（{_name_of(known[typos[0]])}）？", f"Did you mean '{typos[0]}'?")
        # 4. Where the ids are, with the ids that share a word with this one and what they name.
        return _where_hint(value, known, folder)

    def unique(self, entries, what_zh, what_en):
        """entries: (key, loc, value). Duplicates after NFKC and case folding are errors."""
        first: dict[str, tuple] = {}
        for key, loc, value in entries:
            norm = normalise(value)
            if norm in first:
                other_key, other_loc, other_value = first[norm]
                where = self.documents[other_key].path
                line = self.documents[other_key].position(other_loc)[0]
                self.add(key, loc, f"{what_zh}“{value}”与 {where} 第 {line} 行的“{other_value}”重复。",
                         f"{what_en} '{value}' duplicates '{other_value}' in {where} line {line}.",
                         "改用不同的名称或编号。", "Use a different name or id.")
            else:
                first[norm] = (key, loc, value)


def link(site, documents: dict[tuple[str, str], Document], root: Path,
         unreadable: set[tuple[str, str]] = frozenset(), history=None, memo=None) -> list[Problem]:
    """Problems across files. `unreadable`: (folder, id) of item files that exist but did not load;
    `history` (records/history.py): what a removed file held, asked only for references that dangle;
    `memo` (preview rebuilds, banma/memo.py): the citation and evidence checks of records unchanged since."""
    check = _Checker(site, documents, root, unreadable, history, memo)
    _check_vocabularies(check, site)
    _check_references(check, site)
    _check_item_images(check, site)
    _check_plan(check, site.plan)
    _check_landmark_names(check, site)
    _check_course_order(check, site)
    _check_routes(check, site)
    _check_stories(check, site)
    _check_publishable(check, site)
    check_citations(check, site)
    check_evidence(check, site)
    check_source_links(check, site)
    check_image_folder(check, site)
    return check.problems


def _check_vocabularies(check, site):
    """Each vocabulary's ids, and its names, are unique."""
    vocab_key = ("vocabularies", "")
    for name in VOCABULARIES:
        entries = getattr(site.vocabulary, name)
        check.unique([(vocab_key, (name, i, "id"), t.id) for i, t in enumerate(entries)], "编号", "Id")
        check.unique([(vocab_key, (name, i, "name"), t.name) for i, t in enumerate(entries)], "名称", "Name")


def _check_item_images(check, site):
    """Each published item's photos (records/images.py)."""
    for kind in KINDS:
        for record_id, record in site.items(kind).items():
            check_images(check, (kind.folder, record_id), getattr(record, "images", []))


def _check_plan(check, plan):
    """Part and item ids are unique, an item's id starts with its part's, targets quote the text, progress holds."""
    plan_key = ("plan", "")
    check.unique([(plan_key, ("parts", i, "id"), p.id) for i, p in enumerate(plan.parts)], "部分编号", "Part id")
    check.unique([(plan_key, ("parts", i, "items", j, "id"), item.id)
                  for i, p in enumerate(plan.parts) for j, item in enumerate(p.items)], "条目编号", "Item id")
    for i, part in enumerate(plan.parts):
        _check_targets(check, plan_key, ("parts", i), part.targets, part.intro or "")
        for j, item in enumerate(part.items):
            loc = ("parts", i, "items", j)
            if item.id.split("-")[0] != part.id:
                check.add(plan_key, (*loc, "id"), f"条目编号“{item.id}”应以所在部分编号“{part.id}-”开头。",
                          f"Item id '{item.id}' should start with its part id '{part.id}-'.")
            _check_targets(check, plan_key, loc, item.targets, item.title + "。" + item.text)
            _check_progress(check, plan_key, loc, item, plan.date)


def _check_landmark_names(check, site):
    """No two landmarks share a name or an alias."""
    check.unique([(("landmarks", lid), ("name",), lm.name) for lid, lm in site.landmarks.items()]
                 + [(("landmarks", lid), ("aliases", i), alias) for lid, lm in site.landmarks.items()
                    for i, alias in enumerate(lm.aliases)], "地标名称", "Landmark name")


def _check_routes(check, site):
    """A route never stops twice in a row at one landmark, its last stop has no leg onwards, its name is unique."""
    for route_id, route in site.routes.items():
        key = ("routes", route_id)
        for index, stop in enumerate(route.stops):
            if index and stop.landmark == route.stops[index - 1].landmark != PLACEHOLDER:
                check.add(key, ("stops", index, "landmark"), "与上一站是同一个地标。",
                          "The same landmark as the stop before.")
        last = route.stops[-1]
        if last.leg_to_next is not None:
            check.add(key, ("stops", len(route.stops) - 1, "leg_to_next"), "最后一站没有下一站。",
                      "The last stop has no next stop.")
    check.unique([(("routes", rid), ("name",), r.name) for rid, r in site.routes.items()], "线路名称", "Route name")


def _check_stories(check, site):
    """A story is not dated in the future, and its title is unique."""
    for story_id, story in site.stories.items():
        key = ("stories", story_id)
        if isinstance(story.date, dt.date) and story.date > dt.date.today():  # a draft's date may be 【待填写】
            check.add(key, ("date",), "日期在未来。", "The date is in the future.")
    check.unique([(("stories", sid), ("title",), s.title) for sid, s in site.stories.items()], "故事标题", "Story title")


def _check_references(check, site):
    """Every field the models declare as a reference (records/references.py) names an existing record, once."""
    known = known_ids(site)
    records = [(("plan", ""), site.plan), (("course", ""), site.course)]
    records += [((kind.folder, record_id), record) for kind in KINDS for record_id, record in site.items(kind).items()]
    for key, record in records:  # in a preview, again only when the record changed or a reference broke
        checked(check, "references", key, record, partial(_check_record_references, check, key, record, known),
                partial(_resolved, check, known))


def _check_record_references(check, key, record, known) -> tuple | None:
    """One record's references; what they named, or None when one is wrong (a problem's hint reads other
    records, so such a record is always checked again)."""
    start, seen, named = len(check.problems), set(), []
    for loc, value, target, in_list in references_in(record):
        what_zh, what_en, folder = TARGETS[target]
        if in_list and (loc[:-1], value) in seen:
            check.add(key, loc, f"“{value}”重复列出。", f"'{value}' is listed twice.",
                      "删除重复的一项。", "Remove the repeated entry.")
        seen.add((loc[:-1], value))
        check.reference(key, loc, value, known[target], what_zh, what_en, folder)
        named.append((target, folder, value))
    return tuple(named) if len(check.problems) == start else None


def _resolved(check, known, named: tuple | None) -> tuple:
    """Whether each reference still resolves as check.reference() resolves it (never equal after a problem)."""
    if named is None:
        return (object(),)
    return tuple(value in known[target] or (folder, value) in check.unreadable or value == PLACEHOLDER
                 for target, folder, value in named)


def _check_publishable(check, site):
    """A published item holds no placeholder and points at no draft (which would be a dead link)."""
    draft_landmarks = frozenset(i for i, lm in site.landmarks.items() if lm.draft)
    for kind in KINDS:
        for record_id, record in site.items(kind).items():
            if not record.draft:  # in a preview, only when the record or the drafts changed (rechecks.py)
                checked(check, "publishable", (kind.folder, record_id), record,
                        partial(_check_published_item, check, (kind.folder, record_id), record, draft_landmarks),
                        lambda _: draft_landmarks)
    for i, part in enumerate(site.plan.parts):
        for j, item in enumerate(part.items):
            for n, landmark_id in enumerate(item.landmarks):
                if landmark_id in draft_landmarks:
                    check.add(("plan", ""), ("parts", i, "items", j, "landmarks", n),
                              f"地标“{landmark_id}”还是草稿。", f"Landmark '{landmark_id}' is still a draft.")


def _check_published_item(check, key, record, draft_landmarks: set[str]):
    """One published item: its placeholders, then its links to draft landmarks."""
    for loc, text in texts_in(record.model_dump(mode="json")):
        if PLACEHOLDER in text:
            check.add(key, loc, f"还有未填写的占位文字“{PLACEHOLDER}”。",
                      f"A placeholder '{PLACEHOLDER}' is still here.",
                      "填写真实内容；尚未写完时请保留 draft: true。",
                      "Fill it in; while unfinished, keep draft: true.")
    linked = [(("stops", n, "landmark"), stop.landmark) for n, stop in enumerate(getattr(record, "stops", []))]
    linked += [(("landmarks", n), i) for n, i in enumerate(getattr(record, "landmarks", []))]
    for loc, landmark_id in linked:
        if landmark_id in draft_landmarks:
            check.add(key, loc, f"地标“{landmark_id}”还是草稿，发布后链接会失效。",
                      f"Landmark '{landmark_id}' is still a draft; the link would be dead.",
                      "先发布该地标，或把本条也设为 draft: true。",
                      "Publish that landmark first, or mark this item draft: true too.")


def _check_course_order(check, site):
    """Bridge ids and references are known; kilometre marks and lengths never run against the bridge chain."""
    bridges = site.course.bridges
    index_of = {bridge.id: i for i, bridge in enumerate(bridges)}
    _check_bridges(check, bridges)
    _check_lengths(check, site.course.lengths, index_of)
    _check_landmark_kilometres(check, site, bridges, index_of)


_COURSE_KEY = ("course", "")


def _check_bridges(check, bridges):
    """Bridge ids are unique, and their kilometre marks grow along the creek."""
    check.unique([(_COURSE_KEY, ("bridges", i, "id"), b.id) for i, b in enumerate(bridges)], "桥梁编号", "Bridge id")
    last = None
    for index, bridge in enumerate(bridges):
        if bridge.km is None:
            continue
        if last is not None and bridge.km <= last[1]:
            check.add(_COURSE_KEY, ("bridges", index, "km"),
                      f"公里数 {bridge.km:g} 不大于前面的“{last[0]}”（{last[1]:g}）：桥梁须按沿河顺序排列。",
                      f"Kilometre {bridge.km:g} is not beyond '{last[0]}' ({last[1]:g}): list bridges in course order.")
        last = (bridge.name, bridge.km)


def _check_lengths(check, lengths, index_of: dict[str, int]):
    """A stretch names both its bridges or neither, downstream one first."""
    for n, length in enumerate(lengths):
        ends = [(name, getattr(length, name)) for name in ("from_bridge", "to_bridge")]
        if (ends[0][1] is None) != (ends[1][1] is None):
            check.add(_COURSE_KEY, ("lengths", n, "from_bridge"), "from_bridge 和 to_bridge 要么都写，要么都不写。",
                      "Give both from_bridge and to_bridge, or neither.")
        elif ends[0][1] in index_of and ends[1][1] in index_of and index_of[ends[0][1]] >= index_of[ends[1][1]]:
            check.add(_COURSE_KEY, ("lengths", n, "to_bridge"),
                      f"“{ends[1][1]}”在桥梁顺序中不在“{ends[0][1]}”之后，与 course.yaml 的桥梁顺序矛盾。",
                      f"'{ends[1][1]}' does not come after '{ends[0][1]}' in the bridge chain of course.yaml.",
                      "from_bridge 写靠起点（下游）的桥。", "Put the bridge nearer the start (downstream) in from_bridge.")


def _check_landmark_kilometres(check, site, bridges, index_of: dict[str, int]):
    """A landmark's kilometre mark lies between the marks of the bridges on either side of it."""
    for landmark_id, landmark in site.landmarks.items():
        creek = landmark.creek
        if creek is None:
            continue
        key = ("landmarks", landmark_id)
        if creek.km is None or creek.bridge not in index_of:
            continue
        low, high = _km_window(bridges, index_of[creek.bridge], creek.side)
        if not low <= creek.km <= high:
            check.add(key, ("creek", "km"),
                      f"公里数 {creek.km:g} 与桥梁顺序矛盾：位于“{creek.bridge}”{SIDES[creek.side].words}的地点应在"
                      f" {low:g} 到 {high:g} 公里之间。",
                      f"Kilometre {creek.km:g} contradicts the bridge chain: a place {creek.side or 'beside'} "
                      f"'{creek.bridge}' lies between km {low:g} and {high:g}.")



def _km_window(bridges, index, side) -> tuple[float, float]:
    """The kilometres a place beside bridge `index` can have, from the nearest bridges with known marks."""
    def known(indices):
        return next((bridges[i].km for i in indices if bridges[i].km is not None), None)
    own = bridges[index].km
    before = known(range(index - 1, -1, -1))
    after = known(range(index + 1, len(bridges)))
    low = own if side == "upstream" and own is not None else (before if before is not None else 0.0)
    high = own if side == "downstream" and own is not None else (after if after is not None else float(BANK_KM))
    return low, high


def _check_targets(check, key, loc, targets, text):
    for k, target in enumerate(targets):
        if target.quote not in text:
            check.add(key, (*loc, "targets", k, "quote"), "这段文字在原文中找不到。",
                      "This quote does not appear in the plan's text.",
                      "从原文中逐字复制。", "Copy the words exactly from the plan's text.")
        if (target.value is None) != (target.comparison == "qualitative"):
            check.add(key, (*loc, "targets", k, "value"), "定性目标（qualitative）不写数值，其他类型必须写数值。",
                      "A qualitative target has no value; every other kind needs one.")
        if (target.value_max is not None) != (target.comparison == "range"):
            check.add(key, (*loc, "targets", k, "value_max"), "只有区间（range）目标写 value_max，且必须写。",
                      "value_max is required for, and only for, a range target.")
        elif target.value_max is not None and target.value is not None and target.value_max < target.value:
            check.add(key, (*loc, "targets", k, "value_max"), "区间上限应不小于目标数值。",
                      "The upper bound must not be below the value.")


def _check_progress(check, key, loc, item, plan_date):
    progress = item.progress
    today = dt.date.today()
    for k, update in enumerate(progress.updates):
        if update.date < plan_date or update.date > today:
            check.add(key, (*loc, "progress", "updates", k, "date"),
                      f"进展日期应在计划印发日（{plan_date}）与今天之间。",
                      f"An update's date must lie between the plan's date ({plan_date}) and today.")
    if progress.status == "done" and not progress.updates:
        check.add(key, (*loc, "progress", "status"), "标为已完成（done）时，至少要有一条附来源的进展记录。",
                  "Marking an item done needs at least one update, with its sources.",
                  "在 updates 中加上一条进展记录。", "Add an update.")
    if progress.status == "not_started" and progress.updates:
        check.add(key, (*loc, "progress", "status"), "已有进展记录，状态却是未开始（not_started）。",
                  "There are updates, but the status is not_started.",
                  "把状态改为 in_progress 或 done。", "Change the status to in_progress or done.")
