"""What a change to data/ does, in Chinese, for the reviewer of a pull request.

Both sides are loaded by the same loader as the build, so "broken references it would
cause" are exactly the validator's problems on the new side.

The summary is Markdown (a pull request's job summary): editor text in it is shown as text, never
as a link, image, HTML, heading, mention or reference (inert(), code()).
"""
from __future__ import annotations

import difflib
import io
import re
import subprocess
import tarfile
from dataclasses import dataclass, field
from pathlib import Path

from .annotations import nested_model
from .fields import label_of
from .house_style import is_empty
from .kinds import BY_FOLDER
from .kinds import KINDS as ALL_KINDS
from .linking import same_item
from .loader import load_site
from .plan import STATUS_NAMES
from .problems import DataError, Problem, total
from .references import TARGETS, field_target
from .site import Site
from .vocabulary import Vocabulary

KINDS = {kind.folder: kind.label for kind in ALL_KINDS}
TITLE = {kind.folder: kind.title_field for kind in ALL_KINDS}
SHORT = 40  # a text up to twice this long, on one line, is shown before → after; a longer one paragraph by paragraph

# Text holding none of these cannot start Markdown (emphasis, code, links, images, HTML, entities, tables, math) nor,
# on GitHub, a mention (@), a reference (#) or a link of its own (http://, www.).
_MARKUP = re.compile(r"[\\`*_\[\]<>&~|@#!$\r\n]|://|www\.", re.IGNORECASE)
_LINKABLE = re.compile(r"https?://[^\s<>`\\\[\]]+")


def code(text: str) -> str:
    """`text` as a code span, on one line: nothing in it is Markdown, a link, a mention or a reference. The fence is
    one backtick longer than the longest run inside; a space pads text that starts or ends with a backtick or a space
    (CommonMark strips one from each side)."""
    text = _one_line(str(text))
    fence = "`" * (max(map(len, re.findall("`+", text)), default=0) + 1)
    pad = " " if text[:1] in ("`", " ") or text[-1:] in ("`", " ") else ""
    return f"{fence}{pad}{text}{pad}{fence}"


def inert(text) -> str:
    """Editor text as the summary shows it: as written when nothing in it can become Markdown, a code span else."""
    text = str(text)
    return code(text) if _MARKUP.search(text) else text


@dataclass
class Summary:
    added: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    renamed: list[str] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)
    progress: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)

    def markdown(self, title: str) -> str:
        lines = [f"## {title}", ""]
        if self.problems:
            lines += [f"### ❌ 这次修改有 {total(self.problems)} 个数据问题，合并前必须修正", ""]
            lines += [f"- {code(f'{p.path}:{p.line}')} {inert(p.field_shown)}：{inert(p.zh)} {inert(p.hint_zh)}".rstrip()
                      for p in self.problems]
            lines.append("")
        sections = [("新增", self.added), ("删除", self.removed), ("改名（编号变了，网址也会变）", self.renamed),
                    ("修改", self.changed), ("计划进展", self.progress), ("⚠️ 请特别留意", self.warnings)]
        for heading, items in sections:
            if items:
                lines += [f"### {heading}", "", *items, ""]
        if len(lines) == 2:
            lines.append("数据没有变化。")
        return "\n".join(lines).rstrip() + "\n"


def data_at(repo: Path, revision: str, target: Path) -> Path:
    """Unpack data/ (and the images it names) of a git revision into target; '.' is the working tree."""
    if revision == ".":
        return repo
    archive = subprocess.run(["git", "archive", "--format=tar", revision, "--", "data", "docs/assets/images"],
                             cwd=repo, capture_output=True, check=False).stdout
    if not archive:  # images folder may not exist at that revision
        archive = subprocess.run(["git", "archive", "--format=tar", revision, "--", "data"], cwd=repo,
                                 capture_output=True, check=True).stdout
    with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
        tar.extractall(target, filter="data")
    return target


def _load(root: Path) -> tuple[Site | None, list[Problem]]:
    try:
        return load_site(root), []
    except DataError as error:
        return None, error.problems


def _flatten(value, prefix="") -> dict[str, object]:
    if isinstance(value, dict):
        out = {}
        for key, item in value.items():
            out.update(_flatten(item, f"{prefix}.{key}" if prefix else key))
        return out
    if isinstance(value, list) and any(isinstance(v, (dict, list)) for v in value):
        out = {}
        for index, item in enumerate(value):
            out.update(_flatten(item, f"{prefix}.{index}"))
        return out
    return {prefix: value}


def _one_line(text: str) -> str:
    return text.replace("\r", "").replace("\n", "↵")


def _show(value) -> str:
    if value is None or value == [] or value == "":
        return "（空）"
    if isinstance(value, list):
        return "、".join(inert(_one_line(str(v))) for v in value)
    return f"“{inert(_one_line(str(value)))}”"


def _paragraphs(text: str) -> list[str]:
    return [part.strip("\n") for part in re.split(r"\n[ \t]*\n", text or "") if part.strip()]


def text_changes(old: str, new: str) -> list[str]:
    """A text's change as the reviewer reads it: a short one-line text as before → after; a longer one by
    paragraph, each added, removed or changed paragraph shown whole (a cut paragraph cannot be reviewed)."""
    if len(old) <= SHORT * 2 and len(new) <= SHORT * 2 and "\n" not in old + new:
        return [f"{_show(old)} → {_show(new)}"]
    before, after = _paragraphs(old), _paragraphs(new)
    changes = []
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, before, after, autojunk=False).get_opcodes():
        if tag == "equal":
            continue
        pairs = min(i2 - i1, j2 - j1)
        changes += [f"修改第 {j1 + k + 1} 段：{_show(before[i1 + k])} → {_show(after[j1 + k])}" for k in range(pairs)]
        changes += [f"删除原第 {i + 1} 段：{_show(before[i])}" for i in range(i1 + pairs, i2)]
        changes += [f"新增第 {j + 1} 段：{_show(after[j])}" for j in range(j1 + pairs, j2)]
    return changes or ["只改了空行或缩进"]


def _describe(kind: str, record_id: str, record) -> str:
    draft = "（草稿）" if record.draft else ""
    return f"- {KINDS[kind]} {code(record_id)}：{inert(getattr(record, TITLE[kind]))}{draft}"


def compare(old: Site, new: Site) -> Summary:
    summary = Summary()
    renamed = _renames(old, new)
    names = _Names(old, new, renamed)
    for kind in KINDS:
        before, after = old.items_and_drafts(kind), new.items_and_drafts(kind)
        gone = {old_id: new_id for (folder, old_id), new_id in renamed.items() if folder == kind}
        for old_id, new_id in sorted(gone.items()):
            summary.renamed.append(f"- {KINDS[kind]} {code(old_id)} → {code(new_id)}："
                                   f"{inert(getattr(after[new_id], TITLE[kind]))}")
            summary.renamed += [f"  - {change}" for change in _field_changes(
                kind, before[old_id].model_dump(mode="json"), after[new_id].model_dump(mode="json"), names)]
        summary.removed += [_describe(kind, i, before[i]) for i in sorted(before.keys() - after.keys() - gone.keys())]
        summary.added += [_describe(kind, i, after[i])
                          for i in sorted(after.keys() - before.keys() - set(gone.values()))]
        for record_id in sorted(before.keys() & after.keys()):
            changes = _field_changes(kind, before[record_id].model_dump(mode="json"),
                                     after[record_id].model_dump(mode="json"), names)
            if changes:
                summary.changed.append(_describe(kind, record_id, after[record_id]))
                summary.changed += [f"  - {change}" for change in changes]
    _compare_plan(old, new, summary)
    _compare_vocabulary(old, new, summary)
    return summary


def _renames(old: Site, new: Site) -> dict[tuple[str, str], str]:
    """(kind folder, old id) -> new id of each item whose file was renamed (linking.same_item says it is the same)."""
    renamed = {}
    for kind in KINDS:
        before, after = old.items_and_drafts(kind), new.items_and_drafts(kind)
        added = {i: after[i].model_dump(mode="json") for i in sorted(after.keys() - before.keys())}
        for old_id in sorted(before.keys() - after.keys()):
            dumped = before[old_id].model_dump(mode="json")
            match = next((new_id for new_id, record in added.items() if same_item(dumped, record)), None)
            if match:
                renamed[(kind, old_id)] = match
                del added[match]
    return renamed


class _Names:
    """Ids of items as readers know them: “名称（id）”, from either side of the change (landmarks by default)."""

    def __init__(self, old: Site, new: Site, renamed: dict[tuple[str, str], str] | None = None):
        self.names = {(kind.folder, i): getattr(r, kind.title_field) for site in (old, new) for kind in ALL_KINDS
                      for i, r in site.items_and_drafts(kind.folder).items()}
        self.renamed = renamed or {}

    def rename(self, old_id, folder: str | None = None):
        """The new id of a renamed item (of `folder`, or of any kind), or None."""
        if not isinstance(old_id, str):
            return None
        folders = [folder] if folder else list(KINDS)
        return next((self.renamed[(f, old_id)] for f in folders if (f, old_id) in self.renamed), None)

    def renamed_text(self, old_id, new_id, folder: str = "landmarks") -> str:
        return f"改名 {self(old_id, folder)} → {self(new_id, folder)}"

    def __call__(self, item_id, folder: str = "landmarks") -> str:
        name = self.names.get((folder, item_id))
        return f"{inert(name)}（{inert(item_id)}）" if name else code(item_id)

    def of(self, model, field: str):
        """How the values of a list field are shown: by name when they name items, as written otherwise."""
        folder = self.folder_of(model, field)
        return (lambda value: self(value, folder)) if folder else inert

    @staticmethod
    def folder_of(model, field: str) -> str | None:
        """The kind folder a field's values name (None when they name no item)."""
        return TARGETS[target][2] if (target := field_target(model, field)) else None


def _label(model, name: str) -> str:
    info = getattr(model, "model_fields", {}).get(name) if model else None
    zh = label_of(info.description or "") if info else ""
    return f"{zh}（{inert(name)}）" if zh and zh != name else code(name)


def _field_changes(kind: str, before: dict, after: dict, names: _Names) -> list[str]:
    """Each changed field of one record, in the model's field order (fields it does not know last, by name)."""
    model = BY_FOLDER[kind].model
    fields = [*model.model_fields, *sorted((before.keys() | after.keys()) - set(model.model_fields))]
    changes: list[str] = []
    for name in fields:
        a, b = before.get(name), after.get(name)
        if a == b or (is_empty(a) and is_empty(b)):
            continue
        changes += _one_field_changes(model, name, a, b, names)
    return changes


def _one_field_changes(model, name: str, a, b, names: _Names) -> list[str]:
    """How one field's change reads, by what it holds: a list of groups, a list of values, a group, a value."""
    label = _label(model, name)
    value = a or b
    if isinstance(value, list):
        a, b = a or [], b or []
        if any(isinstance(v, dict) for v in a + b):
            nested = nested_model(model.model_fields[name].annotation) if name in model.model_fields else None
            return _list_changes(label, a, b, nested, names)
        return _value_list_changes(label, model, name, a, b, names)
    if isinstance(value, dict):
        return [f"{label} 的 {code(path)}：{change}"
                for path, (x, y) in _dict_changes(a or {}, b or {}).items() for change in _pair(x, y, names)]
    return [f"{label}：{change}" for change in _pair(a, b, names)]


def _value_list_changes(label: str, model, name: str, a: list, b: list, names: _Names) -> list[str]:
    """A list of values (ids, words): renamed items first, then the values added, then those removed; when none
    came or went, the new order."""
    show, folder = names.of(model, name), names.folder_of(model, name)
    gone, new = _without(a, b), _without(b, a)
    moved = {v: to for v in gone if (to := names.rename(v, folder)) in new}
    changes = [f"{label}：{names.renamed_text(v, to, folder)}" for v, to in moved.items()]
    gone, new = _without(gone, moved), _without(new, moved.values())
    changes += [f"{label}：新增 {show(v)}" for v in new] + [f"{label}：删除 {show(v)}" for v in gone]
    if not gone and not new:
        changes.append(f"{label}：顺序调整为 " + "、".join(show(v) for v in b))
    return changes


def _without(values: list, others) -> list:
    """`values` not in `others`, in their order."""
    return [v for v in values if v not in others]


def _pair(a, b, names: _Names | None = None) -> list[str]:
    """How one value's change reads: a renamed item as a rename, a text by paragraph, anything else before → after."""
    if names and a and b and names.rename(a) == b:  # b empty: a value removed (rename() is None then), no rename
        folder = next(f for (f, i), to in names.renamed.items() if i == a and to == b)
        return [names.renamed_text(a, b, folder)]
    if isinstance(a, str) and isinstance(b, str):
        return text_changes(a, b)
    return [f"{_show(a)} → {_show(b)}"]


def _dict_changes(a: dict, b: dict) -> dict[str, tuple]:
    old, new = _flatten(a), _flatten(b)
    return {path: (old.get(path), new.get(path)) for path in sorted(old.keys() | new.keys())
            if old.get(path) != new.get(path) and not (is_empty(old.get(path)) and is_empty(new.get(path)))}


# What identifies an entry of a list of groups across an edit: a stop by its landmark, a source by its link, …
IDENTITY = ("landmark", "url", "path", "quote", "title", "date")


def _keys(items: list[dict]) -> list[tuple]:
    seen: dict[tuple, int] = {}
    keys = []
    for item in items:
        field = next((k for k in IDENTITY if item.get(k)), None)
        key = (field, item[field]) if field else ("", repr(sorted(item.items())))
        seen[key] = seen.get(key, 0) + 1
        keys.append((*key, seen[key]))  # the second visit to the same landmark is another stop
    return keys


def _renamed_in(items: list[dict], model, names: _Names) -> tuple[list[dict], dict[int, str]]:
    """The entries with each renamed item's id replaced by its new id (so a stop at a renamed place is the same
    stop), and {index: the old id} of the entries that changed."""
    renamed, was = [], {}
    for index, item in enumerate(items):
        field = next((k for k in IDENTITY if item.get(k)), None)
        folder = names.folder_of(model, field) if field and model is not None else None
        new_id = names.rename(item.get(field), folder) if folder else None
        if new_id:
            was[index] = item[field]
        renamed.append({**item, field: new_id} if new_id else item)
    return renamed, was


def _list_changes(label: str, a: list[dict], b: list[dict], model, names: _Names) -> list[str]:
    """A list of groups (a route's stops, an item's sources): the entries renamed, removed, added and moved, then
    what changed inside each entry kept."""
    a, was = _renamed_in(a, model, names)
    old_keys, new_keys = _keys(a), _keys(b)
    old_at, new_at = dict(zip(old_keys, a, strict=True)), dict(zip(new_keys, b, strict=True))

    def title(key) -> str:
        field, value, _ = key
        item = new_at.get(key) or old_at.get(key)
        if field and model is not None and field_target(model, field) == "landmarks":
            return names(value)
        if field == "url" and item.get("title"):
            return f"“{inert(item['title'])}”（{inert(value)}）"
        return f"“{inert(value)}”" if field else _show(list(item.values()))

    changes = [f"{label}：第 {i + 1} 项 {names.renamed_text(old_id, old_keys[i][1], names.folder_of(model, old_keys[i][0]))}"
               for i, old_id in was.items() if old_keys[i] in new_at]
    changes += [f"{label}：删除 {title(k)}（原第 {old_keys.index(k) + 1} 项）" for k in old_keys if k not in new_at]
    changes += [f"{label}：新增 {title(k)}（第 {new_keys.index(k) + 1} 项）" for k in new_keys if k not in old_at]
    changes += [f"{label}：{title(k)} 移动了位置（第 {old_keys.index(k) + 1} 项 → 第 {new_keys.index(k) + 1} 项）"
                for k in _moved(old_keys, new_keys)]
    for key in [k for k in new_keys if k in old_at]:
        changes += [f"{label} {title(key)} 的 {_label(model, path.split('.')[0])}：{change}"
                    for path, (x, y) in _dict_changes(old_at[key], new_at[key]).items() for change in _pair(x, y, names)]
    return changes


def _moved(old_keys: list[tuple], new_keys: list[tuple]) -> list[tuple]:
    """The entries on both sides that moved, in their new order: those outside the longest run kept in order."""
    on_both = set(old_keys) & set(new_keys)
    common_old, common_new = [k for k in old_keys if k in on_both], [k for k in new_keys if k in on_both]
    kept = set(_longest_common(common_old, common_new, lambda k: old_keys.index(k) == new_keys.index(k)))
    return [k for k in common_new if k not in kept]


def _longest_common(a: list, b: list, stays=lambda key: False) -> list:
    """The longest run of entries kept in the same relative order: whatever is outside it moved. Among runs of
    equal length, the one keeping most entries at their own position (`stays`) wins: that one is what stayed."""
    table = [[(0, 0)] * (len(b) + 1) for _ in range(len(a) + 1)]
    for i in range(len(a) - 1, -1, -1):
        for j in range(len(b) - 1, -1, -1):
            best = max(table[i + 1][j], table[i][j + 1])
            if a[i] == b[j]:
                count, staying = table[i + 1][j + 1]
                best = max(best, (count + 1, staying + stays(a[i])))
            table[i][j] = best
    i = j = 0
    kept = []
    while i < len(a) and j < len(b):
        if a[i] == b[j] and table[i][j] == (table[i + 1][j + 1][0] + 1, table[i + 1][j + 1][1] + stays(a[i])):
            kept.append(a[i])
            i, j = i + 1, j + 1
        elif table[i + 1][j] >= table[i][j + 1]:
            i += 1
        else:
            j += 1
    return kept


def _compare_plan(old: Site, new: Site, summary: Summary) -> None:
    for item_id, (part, item) in new.plan_items.items():
        label = f"{inert(f'{part.number}{item.number}{item.title}')}（{inert(item_id)}）"
        if item_id not in old.plan_items:
            summary.warnings.append(f"- 计划新增了条目 {label}：计划原文不应增删。")
            continue
        before = old.plan_items[item_id][1]
        if (before.title, before.text) != (item.title, item.text):
            changed = text_changes(before.title + "。" + before.text, item.title + "。" + item.text)
            summary.warnings.append(f"- 计划条目 {label} 的原文被修改：" + "；".join(changed))
        if before.progress.status != item.progress.status:
            summary.progress.append(f"- {label}：状态 {STATUS_NAMES[before.progress.status]} → "
                                    f"{STATUS_NAMES[item.progress.status]}")
        old_updates = {(u.date, u.note) for u in before.progress.updates}
        for update in item.progress.updates:
            if (update.date, update.note) not in old_updates:
                cited = "；".join(_source_link(new.sources[i]) if i in new.sources else code(i) for i in update.sources)
                summary.progress.append(f"- {label}：新增进展 {inert(update.date)}：{inert(update.note)}（来源：{cited}）")
        if before.targets != item.targets:
            summary.changed.append(f"- 计划条目 {label} 的可衡量目标有修改")
        if before.landmarks != item.landmarks:
            summary.changed.append(f"- 计划条目 {label} 的相关地标：{_show(before.landmarks)} → {_show(item.landmarks)}")
    for item_id in old.plan_items.keys() - new.plan_items.keys():
        summary.warnings.append(f"- 计划条目 {inert(item_id)} 被删除：计划原文不应增删。")


def _compare_vocabulary(old: Site, new: Site, summary: Summary) -> None:
    """Every vocabulary the model declares (publishers included), each term compared whole (a publisher's domains too)."""
    for vocabulary, info in Vocabulary.model_fields.items():
        label = label_of(info.description or "") or vocabulary
        before = {t.id: t for t in getattr(old.vocabulary, vocabulary)}
        after = {t.id: t for t in getattr(new.vocabulary, vocabulary)}
        summary.added += [f"- {label} {code(i)}：{inert(after[i].name)}" for i in sorted(after.keys() - before.keys())]
        summary.removed += [f"- {label} {code(i)}：{inert(before[i].name)}" for i in sorted(before.keys() - after.keys())]
        for term_id in sorted(before.keys() & after.keys()):
            was, now = before[term_id].model_dump(mode="json"), after[term_id].model_dump(mode="json")
            summary.changed += [f"- {label} {code(term_id)} 的 {_label(type(after[term_id]), name)}："
                                f"{_show(was.get(name))} → {_show(now.get(name))}"
                                for name in now if was.get(name) != now.get(name)]


def summarise(repo: Path, base: str, head: str, workdir: Path) -> Summary:
    old_site, old_problems = _load(data_at(repo, base, workdir / "base"))
    new_site, new_problems = _load(data_at(repo, head, workdir / "head"))
    if new_site is None:
        summary = Summary(problems=new_problems)
        return summary
    if old_site is None:  # the base was broken: everything counts as new
        summary = Summary(warnings=[f"- 基准版本本身有 {total(old_problems)} 个数据问题，以下按全部新增列出。"])
        summary.added += [_describe(k, i, r) for k in KINDS for i, r in sorted(new_site.items_and_drafts(k).items())]
        return summary
    return compare(old_site, new_site)


def _source_link(source) -> str:
    """The source's title, linked to its address when that is a plain http(s) address (the model checks it)."""
    if source.url and _LINKABLE.fullmatch(source.url):
        destination = re.sub(r"([()])", r"\\\1", source.url)  # a parenthesis in it would end the link
        return f"[{inert(source.title)}]({destination})"
    return inert(source.title) + (f"（{inert(source.url)}）" if source.url else "")
