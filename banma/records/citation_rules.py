"""What citing a source means, checked across files (run by linking.py; located like every other problem).

1. A fact field's source (visit_source, english_name_source, creek.source, a milestone's source …) is one of the
   item's own `sources`, so the page can number it.
2. A marker in a text names a registered source that is listed on the item; markers are complete, and only in
   Markdown texts (elsewhere they would show as typed).
3. A published item with more than one source cites one in every paragraph (with exactly one source, every
   paragraph is that source's).
4. No claim rests on weak sources alone (records/source.py says which are weak): not a paragraph, a fact field,
   a list of sources, a plan update.
A register entry that nothing cites is only a notice (`unused_sources`): an editor may add a source before the
text that cites it.
"""
from __future__ import annotations

from collections import defaultdict
from functools import partial

from .citations import (
    ASCII_MARKER,
    MARKER,
    OPENING,
    ascii_markers,
    marker,
    misplaced_markers,
    paragraphs,
    quoted_markers,
    unclosed_markers,
)
from .common import fact_sources
from .fields import LIMITS
from .kinds import KINDS
from .problems import Problem
from .rechecks import LookedUp, checked, reads_in
from .references import references_in
from .schema_export import markdown_fields


def check_citations(check, site) -> None:
    register = site.records["sources"]
    for kind in KINDS:
        if "sources" not in kind.model.model_fields:
            continue
        for record_id, record in site.items(kind).items():
            _rechecked(check, (kind.folder, record_id), record, register, partial(_check_item, kind=kind))
    for key, record in ((("plan", ""), site.plan), (("course", ""), site.course)):
        _rechecked(check, key, record, register, _check_groups)


def _rechecked(check, key, record, register, run_check) -> None:
    """run_check(check, key, record, register) through a view of the register that notes what it looks up; in a
    preview rebuild, only when the record or one of those register entries has changed (records/rechecks.py)."""
    def run() -> tuple:
        looked = LookedUp(register)
        run_check(check, key, record, looked)
        return looked.noted()
    checked(check, "citations", key, record, run, reads_in(register))


def _check_groups(check, key, record, register) -> None:
    """The plan's or the course's source groups, and no marker where it would show as typed."""
    _check_weak_groups(check, key, record, register)
    _check_stray_markers(check, key, record, ())


def _check_fact_sources(check, key, record) -> None:
    """Each fact field that is filled in names its source."""
    for name, source_field in fact_sources(type(record)).items():
        if getattr(record, name) and getattr(record, source_field) is None:
            check.add(key, (name,), f"写了 {name}，须在 {source_field} 中写明它的来源编号。",
                      f"{name} needs its source: the id of a source in {source_field}.",
                      f"在 {source_field} 中写上 sources 里的一个来源编号；没有来源就删去 {name}。",
                      f"Write one of the item's source ids in {source_field}; without a source, remove {name}.")


def _check_item(check, key, record, register, kind) -> None:
    listed = list(record.sources)
    _check_fact_sources(check, key, record)
    for loc, source_id, target, _ in references_in(record):
        if target == "sources" and loc[0] != "sources" and source_id in register and source_id not in listed:
            check.add(key, loc, f"来源“{source_id}”没有列在本条目的 sources 中。",
                      f"The source '{source_id}' is not in this item's sources.",
                      f"把 {source_id} 加到 sources 列表里（页面按那里的顺序给来源编号）。",
                      f"Add {source_id} to the sources list (the page numbers sources in its order).")
    _check_weak_groups(check, key, record, register)
    texts = markdown_fields(kind.model)
    _check_stray_markers(check, key, record, texts)
    document = _Located(check.documents, key)
    for name in texts:
        text = getattr(record, name)
        _check_ascii_markers(check, document, (name,), text or "", listed)
        if not text or (OPENING not in text and (len(listed) <= 1 or record.draft)):
            continue  # no marker, and none needed: nothing to parse (most items cite one source)
        for offset in unclosed_markers(text):
            line = text.count("\n", 0, offset)
            check.problems.append(document.text_problem(
                (name,), line, "引用标记不完整：应写成【来源：来源编号】。",
                "An incomplete citation marker: write 【来源：source-id】.",
                f"例如 {marker(listed[0])}（全角方括号，“来源”后加冒号）。",
                f"For example {marker(listed[0])} (full-width brackets, a colon after 来源)."))
        for line in misplaced_markers(text) if OPENING in text else ():
            check.problems.append(document.text_problem(
                (name,), line, "引用标记不能写在链接文字或代码里。",
                "A citation marker cannot go inside a link's text or a code span.",
                "把标记移到链接或代码之后。", "Move the marker after the link or code."))
        for offset, ids, quote in quoted_markers(text):
            _check_marker_quote(check, document, (name,), text.count("\n", 0, offset), ids, quote)
        for paragraph in paragraphs(text):
            _check_paragraph(check, document, (name,), paragraph, record, listed, register)


class _Located:
    """A record's parsed file, read only when a problem must be located in it: most records have none."""

    def __init__(self, documents, key):
        self.documents, self.key = documents, key

    def text_problem(self, *arguments) -> Problem:
        return self.documents[self.key].text_problem(*arguments)


def _check_ascii_markers(check, document, loc, text, listed) -> None:
    """`[来源：id]` (the form writes `\\[来源:id]`): a marker typed with ASCII brackets, published as typed."""
    for offset, typed, meant in ascii_markers(text) if "来源" in text else ():
        example = meant or marker(listed[0] if listed else "来源编号")
        check.problems.append(document.text_problem(
            loc, text.count("\n", 0, offset), f"引用标记“{typed}”用了半角方括号 [ ]，不会被识别，会原样显示在页面上。",
            f"The citation marker '{typed}' is typed with ASCII brackets [ ]: it is not read as a marker and would "
            "be published as typed.",
            f"改用全角方括号（中文输入法下的【 】），写成 {example}。",
            f"Use the full-width brackets 【 】 (a Chinese keyboard types them): {example}."))


def _check_marker_quote(check, document, loc, line, ids, quote) -> None:
    """A quote typed in a marker belongs to the one source the marker names, and is short: a quotation."""
    if len(ids) != 1:
        check.problems.append(document.text_problem(
            loc, line, "带原文摘录的引用标记只能写一个来源。", "A marker carrying a quote names exactly one source.",
            "分成几个标记，每个标记写一个来源和它自己的原文，如【来源：编号｜原文】。",
            "Split it: one marker per source, each with its own words, e.g. 【来源：id｜quote】."))
    if len(quote) > LIMITS["quote"]:
        check.problems.append(document.text_problem(
            loc, line, f"引用标记里的原文摘录太长：{len(quote)} 个字，上限 {LIMITS['quote']} 个。",
            f"The quote in a marker is too long: {len(quote)} characters; the limit is {LIMITS['quote']}.",
            "只摘录说明这句话的那一两句原文。", "Quote only the sentence or two that state the claim."))


def _check_paragraph(check, document, loc, paragraph, record, listed, register) -> None:
    def add(zh, en, hint_zh="", hint_en=""):
        check.problems.append(document.text_problem(loc, paragraph.line, zh, en, hint_zh, hint_en))

    where_zh, where_en = f"段落“{paragraph.opening_words}”", f"The paragraph '{paragraph.opening_words}'"
    for source_id in dict.fromkeys(paragraph.source_ids):
        if source_id not in register:
            add(f"{where_zh}引用的来源“{source_id}”不在来源登记表中。",
                f"{where_en} cites '{source_id}', which is not in the source register.",
                "来源编号是 data/sources/ 下的文件名（不含 .yaml）；新来源先在那里登记。",
                "A source id is a file name in data/sources/ without .yaml; register a new source there first.")
        elif source_id not in listed:
            add(f"{where_zh}引用的来源“{source_id}”没有列在本条目的 sources 中。",
                f"{where_en} cites '{source_id}', which is not in this item's sources.",
                f"把 {source_id} 加到 sources 列表里。", f"Add {source_id} to the sources list.")
    known = [register[i] for i in paragraph.source_ids if i in register]
    if known and all(source.weak for source in known):
        add(f"{where_zh}只引用了较弱的来源（转载未注明原出处、列表或聚合网站）。",
            f"{where_en} cites weak sources only (a repost of unnamed origin, a listing or an aggregator).",
            "同时引用一个可靠来源（官方发布、新闻媒体原文或注明原出处的转载），或删去这句话。",
            "Cite a reliable source beside it (official, press, or a repost naming its original), or drop the claim.")
    if not paragraph.source_ids and len(listed) > 1 and not record.draft and not ASCII_MARKER.search(paragraph.text):
        add(f"{where_zh}没有注明来源：本条目有 {len(listed)} 个来源，每段都要标明依据哪一个。",
            f"{where_en} cites no source: this item has {len(listed)} sources, so each paragraph says which.",
            f"在这一段末尾写上引用标记，如 {marker(listed[0])}。",
            f"End the paragraph with a marker such as {marker(listed[0])}.")


def _check_weak_groups(check, key, record, register) -> None:
    """Each list of sources, and each single source field, holds at least one source that is not weak."""
    groups: dict[tuple, list[str]] = defaultdict(list)
    for loc, source_id, target, in_list in references_in(record):
        if target == "sources" and source_id in register:
            groups[loc[:-1] if in_list else loc].append(source_id)
    for loc, source_ids in groups.items():
        if all(register[i].weak for i in source_ids):
            check.add(key, loc, "只有较弱的来源（转载未注明原出处、列表或聚合网站）：不能单独作为依据。",
                      "Weak sources only (a repost of unnamed origin, a listing or an aggregator): not enough alone.",
                      "加上一个可靠来源（官方发布、新闻媒体原文或注明原出处的转载）。",
                      "Add a reliable source (official, press, or a repost naming its original).")


def _check_stray_markers(check, key, record, markdown: tuple[str, ...]) -> None:
    for loc, text in texts_in(record.model_dump(mode="json")):
        if loc[0] not in markdown and (OPENING in text or MARKER.search(text) or ASCII_MARKER.search(text)):
            check.add(key, loc, "引用标记只能写在正文段落（description、body 等 Markdown 字段）里，这里会原样显示。",
                      "Citation markers belong in Markdown texts (description, body …); here they would show as typed.",
                      "删除标记；这个字段的来源写在它旁边的 source 字段或条目的 sources 中。",
                      "Remove it; name this field's source in its source field or the item's sources.")


def texts_in(value, loc=()):
    """Every text value in a dumped record, with its field path."""
    if isinstance(value, str):
        yield loc, value
    elif isinstance(value, dict):
        for name, item in value.items():
            yield from texts_in(item, (*loc, name))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from texts_in(item, (*loc, index))


def check_page_citations(site, citations) -> list[Problem]:
    """A hand-written page's `cite(...)` that names no registered source."""
    return [Problem(c.path, c.line, 0, "cite", f"引用的来源“{c.source_id}”不在来源登记表中。",
                    f"cite() names '{c.source_id}', which is not in the source register.",
                    "来源编号是 data/sources/ 下的文件名（不含 .yaml）。",
                    "A source id is a file name in data/sources/ without .yaml.")
            for c in citations if c.source_id not in site.records["sources"]]


def cited_by(site) -> dict[str, list[tuple[str, str]]]:
    """Source id -> the (kind folder, id) of every item, drafts too, that cites it (plan and course as ("plan", ""),
    a hand-written page as ("docs", its path))."""
    citing: dict[str, dict[tuple[str, str], None]] = defaultdict(dict)  # an ordered set per source
    records = [(("plan", ""), site.plan), (("course", ""), site.course)]
    records += [((kind.folder, i), r) for kind in KINDS if kind.folder != "sources"
                for i, r in site.items_and_drafts(kind.folder).items()]
    for key, record in records:
        for _, source_id, target, _ in references_in(record):
            if target == "sources":
                citing[source_id][key] = None
    for citation in site.page_citations:
        citing[citation.source_id][("docs", citation.path)] = None
    return {source_id: list(keys) for source_id, keys in citing.items()}


def unused_sources(site, documents) -> list[Problem]:
    """Register entries nothing cites: reported, not refused."""
    citing = site.citing
    notices = []
    for source_id in sorted(site.items_and_drafts("sources")):
        if source_id not in citing:
            notices.append(documents[("sources", source_id)].problem(
                (), "这个来源没有被任何条目引用。", "No item cites this source.",
                "在条目的 sources 中引用它，或删除这个文件。", "Cite it in an item's sources, or delete this file."))
    return notices

