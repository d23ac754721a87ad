"""What each generated page read while it rendered, so that a preview rebuild re-renders only the pages whose
reads now give something else (as Hugo records what its templates read).

    recorder = Recorder(site, images)         # only when a preview asks (recording()); a plain build never does
    pages = recorder.recorded(generate_pages(recorder.site, settings, recorder.images))
    ...                                       # pages render: recorder.pages[url] = {read: digest of its value}
    Recorder(new_site, new_images).stale(recorder.pages, urls)  # after an edit: the pages to render again

While a page renders, the site it was given is a recording view. A record reached through it is a thin proxy that
notes each field read (a landmark's name, not its description; a nested model whole with its field); a lookup in
an index notes its key and which records it gave (routes_by_landmark[id]); iterating a kind notes its ids in
order; the plan, vocabularies and course are noted field by field (the tags, the publishers); site.term() and
looked_up() note only their answer. A page's own record, bound when the page was planned, counts whole; its title,
description, kind and data file are compared by the preview itself (banma/preview.py). A value a helper works out
once per site and keeps in `site.__dict__` (records/course_order.py) keeps the reads that went into it, as one
group that counts for every page using it.

A read is evaluated the same way while recording and when checking (Recorder.digest), once per build however many
pages read it. Outside a page's render (while pages are planned) the view reads like the site and notes nothing.
"""
from __future__ import annotations

import dataclasses
import hashlib
from collections.abc import Callable, Iterable, Mapping
from contextlib import contextmanager
from contextvars import ContextVar
from types import MethodType

from pydantic import BaseModel

from ..records.kinds import KINDS
from ..records.site import Site

Read = tuple  # ("field", folder, id, name), ("record", folder, id), ("has", folder, id), ("ids", folder),
#               ("site", attribute), ("part", attribute, field), ("lookup", attribute, key), ("image", path),
#               ("call", function, key)
PageReads = dict  # read -> digest of its value when the page rendered

_requested: ContextVar[bool] = ContextVar("banma_record_reads", default=False)
_reading: ContextVar[dict | None] = ContextVar("banma_page_reads", default=None)  # the rendering page's reads


class _Missing:
    def __repr__(self) -> str:
        return "<missing>"


_MISSING = _Missing()
_RECORD_FOLDER = {kind.model: kind.folder for kind in KINDS}
_COMPUTED: dict[str, Callable] = {}  # looked_up()'s functions by name, to evaluate their reads again


@contextmanager
def recording(on: bool = True):
    """Pages planned inside record what they read (a preview's rebuilds); a plain build never does."""
    token = _requested.set(on)
    try:
        yield
    finally:
        _requested.reset(token)


def requested() -> bool:
    return _requested.get()


def _text(value) -> str:
    """A value as text that changes whenever what a page could show of it does."""
    if isinstance(value, BaseModel):
        return value.model_dump_json()
    if isinstance(value, (list, tuple)):
        return "[" + "\x1f".join(map(_text, value)) + "]"
    if isinstance(value, dict):
        return "{" + "\x1f".join(f"{key!r}:{_text(item)}" for key, item in value.items()) + "}"
    return repr(value)


def _identity(value) -> str:
    """What an index lookup gave: which records (their fields are noted where read), or the value itself."""
    folder = _RECORD_FOLDER.get(type(value))
    if folder is not None:
        return f"{folder}/{value.id}"
    if isinstance(value, (list, tuple)):
        return "[" + "\x1f".join(map(_identity, value)) + "]"
    return _text(value)


def _hashed(text: str) -> bytes:
    return hashlib.blake2b(text.encode("utf-8"), digest_size=16).digest()


class Recorder:
    """One build's recording: the site and photos reads are evaluated against, and what each page read."""

    def __init__(self, site: Site, images: Mapping | None = None) -> None:
        self.real_site, self.real_images = site, images or {}
        self.pages: dict[str, PageReads] = {}  # page URL -> its reads, for the pages rendered in this build
        self._digests: dict[Read, bytes] = {}
        self.site = RecordingSite(site, self)
        self.images = _RecordingImages(self.real_images, self)
        self._owner = {path: ("record", folder, record_id) for (folder, record_id), path in site.files.items()}

    # --- evaluating a read --------------------------------------------------------------------------------
    def digest(self, read: Read) -> bytes:
        found = self._digests.get(read)
        if found is None:
            found = self._digests[read] = _hashed(self._evaluate(read))
        return found

    def _evaluate(self, read: Read) -> str:
        if isinstance(read, _Group):
            return "".join(self.digest(member).hex() for member in read.reads)
        what, *where = read
        if what in ("field", "record", "has", "ids"):
            return self._record_read(what, *where)
        site = self.real_site
        try:
            if what == "call":
                return _identity(_COMPUTED[where[0]](site, where[1]))
        except LookupError:  # asked about what is gone (a deleted story's neighbours)
            return repr(_MISSING)
        if what == "lookup":
            return _identity(getattr(site, where[0]).get(where[1], _MISSING))
        if what == "part":
            return _text(getattr(getattr(site, where[0]), where[1]))
        return repr(self.real_images.get(where[0])) if what == "image" else _text(getattr(site, where[0]))

    def _record_read(self, what: str, folder: str, record_id: str | None = None, field: str | None = None) -> str:
        records = self.real_site.records.get(folder, {})
        if what == "ids":
            return repr(tuple(records))
        record = records.get(record_id, _MISSING)
        if what == "has" or record is _MISSING:
            return repr(record is not _MISSING)
        return _text(record if what == "record" else getattr(record, field, _MISSING))

    def carry(self, previous: Recorder | None) -> None:
        """Take over the previous build's digests of reads of records that are the very same objects now (their
        files unchanged: records/loader.py reuses them in a preview), instead of working them out again."""
        if previous is None:
            return
        old, new = previous.real_site.records, self.real_site.records
        for read, digest in previous._digests.items():
            if isinstance(read, tuple) and read[0] in ("field", "record") and read[1] in new and read[1] in old \
                    and new[read[1]].get(read[2], _MISSING) is old[read[1]].get(read[2]):
                self._digests.setdefault(read, digest)

    def note(self, read: Read) -> None:
        """The rendering page (if any) read this."""
        reads = _reading.get()
        if reads is not None and read not in reads:
            reads[read] = self.digest(read)

    def stale(self, recorded: Mapping[str, PageReads], urls: Iterable[str]) -> set[str]:
        """Of these pages, those to render again: never recorded, or something they read now reads differently."""
        return {url for url in urls if (reads := recorded.get(url)) is None or self._moved(reads)}

    def _moved(self, reads: PageReads) -> bool:
        known = self._digests  # most reads were evaluated for an earlier page: looked up here, not called
        for read, digest in reads.items():
            if (known.get(read) or self.digest(read)) != digest:
                return True
        return False

    # --- recording a page ---------------------------------------------------------------------------------
    def recorded(self, pages: list) -> list:
        """The same pages, each noting what it reads while it renders."""
        return [dataclasses.replace(page, render=self._recording(page.url, page.render, page.edit_path))
                for page in pages]

    def _recording(self, url: str, render: Callable[[], str], edit_path: str | None) -> Callable[[], str]:
        own = self._owner.get(edit_path)  # its own record was bound when the page was planned: read whole

        def render_recording() -> str:
            reads: PageReads = {}
            token = _reading.set(reads)
            try:
                if own:
                    self.note(own)
                html = render()
            finally:
                _reading.reset(token)
            self.pages[url] = reads
            return html
        return render_recording


class RecordingSite:
    """The site as a page sees it while recording: Site's own properties and methods run on this view, so that
    what they read is noted too. Outside a page's render (while pages are planned) it reads like the site."""

    __slots__ = ("_site", "_recorder", "_derived")

    def __init__(self, site: Site, recorder: Recorder) -> None:
        self._site, self._recorder, self._derived = site, recorder, _DerivedValues(recorder)

    def __getattr__(self, name: str):
        if name == "__dict__":  # where helpers keep what they work out once per site (course_order._order)
            return self._derived
        attribute = getattr(type(self._site), name, None)
        if isinstance(attribute, property):
            return attribute.fget(self)
        if name == "term":  # a page reads the term it asks for, not the whole vocabulary it was looked up in
            return lambda vocabulary, term_id: looked_up(self, _term, (vocabulary, term_id))
        if callable(attribute):
            return MethodType(attribute, self)
        value = getattr(self._site, name)
        if _reading.get() is None or name.startswith("_"):
            return value
        if name == "records":
            return _Kinds(value, self._recorder)
        if isinstance(value, dict):
            recorder = self._recorder
            return _NotedMapping(value, recorder, ("lookup", "site", name), lambda v: _wrapped(v, recorder))
        if isinstance(value, BaseModel):  # the plan, vocabularies, course: by part (the tags, the publishers …)
            return _PartsView(name, value, self._recorder)
        self._recorder.note(("site", name))  # the story order: whole
        return value

    def __repr__(self) -> str:
        return f"RecordingSite({self._site!r})"


def looked_up(site, compute: Callable, key):
    """compute(site, key) for a page: while recording, the page reads only the answer (which records, or what
    value), not everything compute looked at to find it (a story's neighbours: not the whole story order)."""
    if not isinstance(site, RecordingSite):
        return compute(site, key)
    name = f"{compute.__module__}.{compute.__qualname__}"
    _COMPUTED[name] = compute
    site._recorder.note(("call", name, key))
    return _wrapped(compute(site._site, key), site._recorder)


def _term(site: Site, key: tuple):
    return site.term(*key)


def _wrapped(value, recorder: Recorder):
    """A value handed out by a lookup: its records as recording proxies."""
    folder = _RECORD_FOLDER.get(type(value))
    if folder is not None:
        return RecordProxy(folder, value, recorder)
    if isinstance(value, list):
        return [_wrapped(item, recorder) for item in value]
    if isinstance(value, tuple):
        return tuple(_wrapped(item, recorder) for item in value)
    return value


class RecordProxy:
    """A record reached through the site while a page renders: each field read is noted (nested models whole);
    a method called on it (model_dump…) reads the record whole."""

    __slots__ = ("_folder", "_record", "_recorder")

    def __init__(self, folder: str, record: BaseModel, recorder: Recorder) -> None:
        self._folder, self._record, self._recorder = folder, record, recorder

    def __getattr__(self, name: str):
        record = self._record
        if name.startswith("_"):  # private: its id (a property over _id), pydantic's own
            return getattr(record, name)
        attribute = getattr(type(record), name, None)
        if isinstance(attribute, property):
            return attribute.fget(self)
        if name in type(record).model_fields:
            if name != "id":  # how the record was reached is noted already
                self._recorder.note(("field", self._folder, record.id, name))
        else:
            self._recorder.note(("record", self._folder, record.id))
        return getattr(record, name)

    @property
    def __class__(self):  # isinstance(proxy, Landmark) holds
        return type(self._record)

    def __eq__(self, other) -> bool:
        return self._record == (other._record if isinstance(other, RecordProxy) else other)

    def __hash__(self) -> int:
        return hash((self._folder, self._record.id))

    def __repr__(self) -> str:
        return f"RecordProxy({self._folder}/{self._record.id})"


class _PartsView:
    """One of the site's single models (vocabularies, plan, course): each of its fields read is noted whole (a
    renamed tag moves the pages that read the tags, not those that read only the publishers)."""

    __slots__ = ("_name", "_model", "_recorder")

    def __init__(self, name: str, model: BaseModel, recorder: Recorder) -> None:
        self._name, self._model, self._recorder = name, model, recorder

    def __getattr__(self, name: str):
        model = self._model
        if not name.startswith("_"):
            fields = type(model).model_fields
            self._recorder.note(("part", self._name, name) if name in fields else ("site", self._name))
        return getattr(model, name)

    @property
    def __class__(self):
        return type(self._model)

    def __eq__(self, other) -> bool:
        return self._model == (other._model if isinstance(other, _PartsView) else other)

    __hash__ = None


class _NotedMapping(Mapping):
    """A mapping whose reads are noted. `notes` is (one key's tag, the whole's tag, the mapping's name): one kind's
    records by id note ("has", folder, id) for a lookup (found or not) and ("ids", folder) for going through them;
    an index of the site (routes_by_landmark, story_position …) notes ("lookup", name, key) and ("site", name). What it
    gives is wrapped by `wrap`, so that reads through it are noted too."""

    def __init__(self, data: dict, recorder: Recorder, notes: tuple[str, str, str], wrap) -> None:
        self._data, self._recorder, self._wrap = data, recorder, wrap
        one, whole, name = notes
        self._one, self._whole = (lambda key: (one, name, key)), (whole, name)

    def __getitem__(self, key):  # (Mapping.get goes through here: noted alike)
        self._recorder.note(self._one(key))
        return self._wrap(self._data[key])

    def __contains__(self, key) -> bool:
        self._recorder.note(self._one(key))
        return key in self._data

    def __iter__(self):
        self._recorder.note(self._whole)
        return iter(self._data)

    def __len__(self) -> int:
        self._recorder.note(self._whole)
        return len(self._data)

    def values(self):
        return [value for _, value in self.items()]

    def items(self):
        self._recorder.note(self._whole)
        return [(key, self._wrap(value)) for key, value in self._data.items()]


class _Kinds(Mapping):
    """site.records: folder -> that kind's records."""

    def __init__(self, records: dict, recorder: Recorder) -> None:
        self._records, self._recorder = records, recorder

    def __getitem__(self, folder: str) -> _NotedMapping:
        records, recorder = self._records[folder], self._recorder
        return _NotedMapping(records, recorder, ("has", "ids", folder), lambda r: RecordProxy(folder, r, recorder))

    def __iter__(self):
        return iter(self._records)

    def __len__(self) -> int:
        return len(self._records)


class _RecordingImages(Mapping):
    """The prepared photos by path: a page that shows one reads its copies (a new crop moves that page only)."""

    def __init__(self, images: Mapping, recorder: Recorder) -> None:
        self._images, self._recorder = images, recorder

    def __getitem__(self, path: str):
        self._recorder.note(("image", path))
        return self._images[path]

    def __contains__(self, path) -> bool:
        self._recorder.note(("image", path))
        return path in self._images

    def __iter__(self):
        return iter(self._images)

    def __len__(self) -> int:
        return len(self._images)


class _DerivedValues(dict):
    """What a helper works out once per site and keeps in `site.__dict__`: the reads made while working a value
    out are kept with it, and every page that later uses the value reads them too. (The helper asks with
    `get(name)`; a miss means it is about to work the value out and store it with `[name] = value`.)"""

    def __init__(self, recorder: Recorder) -> None:
        super().__init__()
        self._recorder = recorder
        self._reads: dict[str, _Group] = {}
        self._outer: dict[str, object] = {}  # name -> the token that restores the page's own reads

    def get(self, name, default=None):
        if name in self:
            self._recorder.note(self._reads[name])
            return dict.__getitem__(self, name)
        self._outer[name] = _reading.set({})  # until the value is stored: its reads, noted even between pages
        return default

    def __getitem__(self, name):
        if name in self._reads:
            self._recorder.note(self._reads[name])
        return dict.__getitem__(self, name)

    def __setitem__(self, name, value) -> None:
        token = self._outer.pop(name, None)
        self._reads[name] = _Group(tuple(_reading.get()) if token is not None else ())
        if token is not None:
            _reading.reset(token)
        dict.__setitem__(self, name, value)
        self._recorder.note(self._reads[name])


class _Group:
    """The reads that went into one value worked out once per site, as one read of every page that uses it
    (hundreds of pages draw the course from the same few hundred positions: checked once, not once per page).
    Compared by identity: a page keeps the very group it read, and a later build evaluates its members."""

    __slots__ = ("reads",)

    def __init__(self, reads: tuple) -> None:
        self.reads = reads

    def __repr__(self) -> str:
        return f"_Group({len(self.reads)} reads)"
