"""What a change to data/ does, in Chinese, for the reviewer of a pull request.

Both sides are loaded by the same loader as the build, so "broken references it would
cause" are exactly the validator's problems on the new side.
"""
from __future__ import annotations

import io
import subprocess
import tarfile
from dataclasses import dataclass, field
from pathlib import Path

from .linking import normalise
from .loader import load_site
from .plan import STATUS_NAMES
from .problems import DataError, Problem
from .site import Site
from .kinds import KINDS as ALL_KINDS

KINDS = {kind.folder: kind.label for kind in ALL_KINDS}
TITLE = {kind.folder: kind.title_field for kind in ALL_KINDS}
SHORT = 40  # characters of context kept around a change in long text


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
            lines += [f"### ❌ 这次修改有 {len(self.problems)} 个数据问题，合并前必须修正", ""]
            lines += [f"- `{p.path}:{p.line}` {p.field or '(文件)'}：{p.zh} {p.hint_zh}".rstrip() for p in self.problems]
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


def _records(site: Site, kind: str) -> dict:
    records = dict(getattr(site, kind))
    records.update({record_id: r for (k, record_id), r in site.drafts.items() if k == kind})
    return records


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
        return "、".join(_one_line(str(v)) for v in value)
    return f"“{_one_line(str(value))}”"


def short_diff(old: str, new: str) -> str:
    """Long texts: only the changed middle, with a little context on each side."""
    if len(old) <= SHORT * 2 and len(new) <= SHORT * 2:
        return f"{_show(old)} → {_show(new)}"
    start = 0
    while start < min(len(old), len(new)) and old[start] == new[start]:
        start += 1
    end = 0
    while end < min(len(old), len(new)) - start and old[-1 - end] == new[-1 - end]:
        end += 1
    begin, keep_after = max(0, start - 10), max(0, end - 10)  # ten characters of context on each side

    def cut(text):
        middle = text[begin:len(text) - keep_after]
        if len(middle) > SHORT * 2:
            middle = middle[:SHORT] + "……" + middle[-SHORT:]
        return _one_line(("…" if begin else "") + middle + ("…" if keep_after else ""))

    return f"“{cut(old)}” → “{cut(new)}”"


def _describe(kind: str, record_id: str, record) -> str:
    draft = "（草稿）" if record.draft else ""
    return f"- {KINDS[kind]} `{record_id}`：{getattr(record, TITLE[kind])}{draft}"


def compare(old: Site, new: Site) -> Summary:
    summary = Summary()
    for kind in KINDS:
        before, after = _records(old, kind), _records(new, kind)
        added = {i: after[i] for i in after.keys() - before.keys()}
        removed = {i: before[i] for i in before.keys() - after.keys()}
        for old_id, old_record in sorted(removed.items()):
            match = next((new_id for new_id, rec in sorted(added.items())
                          if normalise(getattr(rec, TITLE[kind])) == normalise(getattr(old_record, TITLE[kind]))), None)
            if match:
                summary.renamed.append(f"- {KINDS[kind]} `{old_id}` → `{match}`：{getattr(old_record, TITLE[kind])}")
                del added[match]
            else:
                summary.removed.append(_describe(kind, old_id, old_record))
        summary.added += [_describe(kind, i, r) for i, r in sorted(added.items())]
        for record_id in sorted(before.keys() & after.keys()):
            changes = _field_changes(before[record_id].model_dump(mode="json"), after[record_id].model_dump(mode="json"))
            if changes:
                summary.changed.append(_describe(kind, record_id, after[record_id]))
                summary.changed += [f"  - {change}" for change in changes]
    _compare_plan(old, new, summary)
    _compare_vocabulary(old, new, summary)
    return summary


def _field_changes(before: dict, after: dict) -> list[str]:
    old, new = _flatten(before), _flatten(after)
    changes = []
    for path in sorted(old.keys() | new.keys(), key=lambda p: (p.split(".")[0], p)):
        a, b = old.get(path), new.get(path)
        if a == b:
            continue
        if isinstance(a, str) and isinstance(b, str):
            changes.append(f"`{path}`：{short_diff(a, b)}")
        else:
            changes.append(f"`{path}`：{_show(a)} → {_show(b)}")
    return changes


def _compare_plan(old: Site, new: Site, summary: Summary) -> None:
    for item_id, (part, item) in new.plan_items.items():
        label = f"{part.number}{item.number}{item.title}（{item_id}）"
        if item_id not in old.plan_items:
            summary.warnings.append(f"- 计划新增了条目 {label}：计划原文不应增删。")
            continue
        before = old.plan_items[item_id][1]
        if (before.title, before.text) != (item.title, item.text):
            summary.warnings.append(f"- 计划条目 {label} 的原文被修改：{short_diff(before.title + '。' + before.text, item.title + '。' + item.text)}")
        if before.progress.status != item.progress.status:
            summary.progress.append(f"- {label}：状态 {STATUS_NAMES[before.progress.status]} → "
                                    f"{STATUS_NAMES[item.progress.status]}")
        old_updates = {(u.date, u.note) for u in before.progress.updates}
        for update in item.progress.updates:
            if (update.date, update.note) not in old_updates:
                evidence = "；".join(f"[{e.title}]({e.url})" for e in update.evidence)
                summary.progress.append(f"- {label}：新增进展 {update.date}：{update.note}"
                                        + (f"（证明：{evidence}）" if evidence else ""))
        if before.targets != item.targets:
            summary.changed.append(f"- 计划条目 {label} 的可衡量目标有修改")
        if before.landmarks != item.landmarks:
            summary.changed.append(f"- 计划条目 {label} 的相关地标：{_show(before.landmarks)} → {_show(item.landmarks)}")
    for item_id in old.plan_items.keys() - new.plan_items.keys():
        summary.warnings.append(f"- 计划条目 {item_id} 被删除：计划原文不应增删。")


def _compare_vocabulary(old: Site, new: Site, summary: Summary) -> None:
    names = {"landmark_kinds": "地标类型", "route_categories": "线路类别", "streets": "街道", "tags": "标签"}
    for vocabulary, label in names.items():
        before = {t.id: t.name for t in getattr(old.vocabulary, vocabulary)}
        after = {t.id: t.name for t in getattr(new.vocabulary, vocabulary)}
        summary.added += [f"- {label} `{i}`：{after[i]}" for i in sorted(after.keys() - before.keys())]
        summary.removed += [f"- {label} `{i}`：{before[i]}" for i in sorted(before.keys() - after.keys())]
        summary.changed += [f"- {label} `{i}`：{_show(before[i])} → {_show(after[i])}"
                            for i in sorted(before.keys() & after.keys()) if before[i] != after[i]]


def summarise(repo: Path, base: str, head: str, workdir: Path) -> Summary:
    old_site, old_problems = _load(data_at(repo, base, workdir / "base"))
    new_site, new_problems = _load(data_at(repo, head, workdir / "head"))
    if new_site is None:
        summary = Summary(problems=new_problems)
        return summary
    if old_site is None:  # the base was broken: everything counts as new
        summary = Summary(warnings=[f"- 基准版本本身有 {len(old_problems)} 个数据问题，以下按全部新增列出。"])
        summary.added += [_describe(k, i, r) for k in KINDS for i, r in sorted(_records(new_site, k).items())]
        return summary
    return compare(old_site, new_site)
