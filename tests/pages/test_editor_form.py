"""The editing page's config.yml against the models: every field, its widget, required, choices and patterns.

Expectations come from the models (pydantic's own field list and the validator run on real values), never
from the generator's output, so a model change the form misses fails here.
"""
from __future__ import annotations

import hashlib
import json
import re
import shutil
import subprocess
import types
import typing
from pathlib import Path

import pytest
import real_items
import yaml
from pydantic import BaseModel

from banma.pages.editor_form import config_yaml, connect_sources, editor_config, editor_files
from banma.records.fields import SLUG_PATTERN
from banma.records.kinds import KINDS
from banma.records.references import target_of
from banma.settings import Settings

ROOT = Path(__file__).resolve().parents[2]
SITE = real_items.records()  # data/, loaded once for every module that reads it
CONFIG = editor_config(SITE, Settings())
COLLECTIONS = {c["name"]: c for c in CONFIG["collections"]}
VENDOR = ROOT / "docs/admin/vendor"


def _nested(annotation):
    origin = typing.get_origin(annotation)
    if origin in (typing.Union, types.UnionType, list, typing.Annotated):
        return next((found for arg in typing.get_args(annotation) if (found := _nested(arg))), None)
    return annotation if isinstance(annotation, type) and issubclass(annotation, BaseModel) else None


def _walk(model: type[BaseModel], fields: list[dict], path: str, optional_group: bool):
    """Yield (path, model field info, form field) for every field of the model, nested groups included."""
    by_name = {f["name"]: f for f in fields}
    for name, info in model.model_fields.items():
        assert name in by_name, f"{path}{name} is in the model but not in the form"
        form = by_name[name]
        yield f"{path}{name}", info, form, optional_group
        inner = _nested(info.annotation)
        if inner is not None:
            # An optional group's fields are optional in the form (Decap checks a group even when left empty);
            # a list's entries exist only once added, so their fields are required as the model says.
            is_list = typing.get_origin(info.annotation) is list or "list[" in repr(info.annotation)
            inner_optional = False if is_list else optional_group or not info.is_required()
            yield from _walk(inner, form.get("fields") or [], f"{path}{name}.", inner_optional)
    extra = set(by_name) - set(model.model_fields) - ({"id"} if not path else set())
    assert not extra, f"form fields not in the model: {extra}"


def _all_fields(kind):
    return list(_walk(kind.model, COLLECTIONS[kind.folder]["fields"], "", False))


@pytest.mark.parametrize("kind", KINDS, ids=lambda k: k.name)
def test_one_collection_per_kind_writing_data_kind_id_yaml(kind):
    collection = COLLECTIONS[kind.folder]
    assert collection["folder"] == f"data/{kind.folder}" and collection["extension"] == "yaml"
    assert collection["slug"] == "{{fields.id}}" and collection["format"] == f"house-style-{kind.name}"
    assert collection["fields"][0]["name"] == "id"
    assert re.fullmatch(collection["fields"][0]["pattern"][0].replace("(?=[\\s\\S]{1,80}$)", ""), "changfeng-park")


@pytest.mark.parametrize("kind", KINDS, ids=lambda k: k.name)
def test_every_model_field_is_a_form_field_required_as_the_model_says(kind):
    for path, info, form, optional_group in _all_fields(kind):
        expected = info.is_required() and not optional_group and info.annotation is not bool
        assert form["required"] is expected, path
        assert form["label"] and form["hint"] == (info.description or "") or optional_group, path


@pytest.mark.parametrize("kind", KINDS, ids=lambda k: k.name)
def test_widgets_follow_the_field_types(kind):
    schema = kind.model.model_json_schema()
    text = json.dumps(schema)
    for path, info, form, _ in _all_fields(kind):
        if info.annotation is bool:
            assert form["widget"] == "boolean", path
        elif target_of(info.annotation) in ("landmarks", "sources"):  # items of another collection: a search picker
            assert form["widget"] == "relation" and form["collection"] == target_of(info.annotation), path
        elif target_of(info.annotation):
            assert form["widget"] == "select", path
        elif _nested(info.annotation) is not None:
            assert form["widget"] in ("object", "list") and form.get("fields"), path
    widgets = {path: form["widget"] for path, _, form, _ in _all_fields(kind)}
    if "text/markdown" in text:
        assert "markdown" in widgets.values()
    if '"format": "date"' in text:
        assert "datetime" in widgets.values()


def test_every_field_naming_another_record_offers_choices():
    """A new id-typed field in a model must be given choices here (or it would be free text in the form)."""
    for kind in KINDS:
        for path, info, form, _ in _all_fields(kind):
            patterns = [getattr(m, "json_schema", {}).get("pattern") for m in info.metadata]
            patterns += re.findall(r"'pattern': '([^']+)'", repr(info.annotation))
            if SLUG_PATTERN in patterns or any(p and p.startswith("^[1-9]") for p in patterns):
                assert form["widget"] in ("select", "relation"), f"{path} names a record but is free text"


def test_choices_are_the_loaded_vocabularies_plan_and_bridges():
    landmark = {f["name"]: f for f in COLLECTIONS["landmarks"]["fields"]}
    assert [o["value"] for o in landmark["kind"]["options"]] == [t.id for t in SITE.vocabulary.landmark_kinds]
    assert [o["value"] for o in landmark["street"]["options"]] == [t.id for t in SITE.vocabulary.streets]
    assert [o["value"] for o in landmark["plan_items"]["options"]] == list(SITE.plan_items)
    bridge = {f["name"]: f for f in landmark["creek"]["fields"]}["bridge"]
    assert [o["value"] for o in bridge["options"]] == [b.id for b in SITE.course.bridges]
    story = {f["name"]: f for f in COLLECTIONS["stories"]["fields"]}
    assert story["tags"]["multiple"] is True
    assert [o["value"] for o in story["tags"]["options"]] == [t.id for t in SITE.vocabulary.tags]


def _patterns_with_values():
    """(form field pattern, every value of that field in the real data)."""
    found = []
    for kind in KINDS:
        records = SITE.items(kind)
        for path, _, form, _ in _all_fields(kind):
            field = form.get("field", form)
            if "pattern" not in field:
                continue
            values = []
            for record in records.values():
                values += _values(record.model_dump(mode="json"), path.split("."))
            found.append((f"{kind.name}.{path}", field["pattern"][0], [v for v in values if isinstance(v, str)]))
    return found


def _values(data, parts):
    if data is None:
        return []
    if isinstance(data, list):
        return [v for item in data for v in _values(item, parts)]
    if not parts:
        return [data]
    return _values(data.get(parts[0]) if isinstance(data, dict) else None, parts[1:])


def _node_matches(cases: list[tuple[str, str]]) -> list[bool]:
    if shutil.which("node") is None:
        pytest.fail("node is needed (scripts/setup.sh --test)")
    script = ("let s='';process.stdin.on('data',c=>s+=c).on('end',()=>{process.stdout.write(JSON.stringify("
              "JSON.parse(s).map(([p,v])=>new RegExp(p).test(v))))})")
    result = subprocess.run(["node", "-e", script], input=json.dumps(cases, ensure_ascii=False),
                            capture_output=True, text=True, check=True, timeout=60)
    return json.loads(result.stdout)


def test_form_patterns_accept_every_value_the_validator_accepted():
    cases, names = [], []
    for name, pattern, values in _patterns_with_values():
        for value in values:
            cases.append((pattern, value))
            names.append((name, value))
    assert cases
    refused = [names[i] for i, ok in enumerate(_node_matches(cases)) if not ok]
    assert not refused, refused[:10]


def test_form_patterns_refuse_what_the_validator_refuses():
    fields = {f["name"]: f for f in COLLECTIONS["landmarks"]["fields"]}
    name_pattern = fields["name"]["pattern"][0]
    location = {f["name"]: f for f in fields["location"]["fields"]}
    checks = [(name_pattern, "名" * 61, False), (name_pattern, "一行\n两行", False), (name_pattern, "   ", False),
              (name_pattern, "名" * 60, True), (location["lat"]["pattern"][0], "31.23", False),
              (location["lat"]["pattern"][0], "31.2300", True), (fields["phone"]["pattern"][0], "abc", False)]
    assert _node_matches([(p, v) for p, v, _ in checks]) == [ok for _, _, ok in checks]


def test_backends_from_the_settings():
    local = editor_config(SITE, Settings())
    assert local["backend"]["name"] == "proxy" and "publish_mode" not in local
    github = editor_config(SITE, Settings(cms_backend="github", cms_repo="org/site", cms_base_url="https://auth.org"))
    assert github["backend"] == {"name": "github", "repo": "org/site", "branch": "main", "base_url": "https://auth.org",
                                 "auth_scope": "public_repo"}  # a public repository by default (SITE_CMS_PUBLIC_REPO)
    assert github["publish_mode"] == "editorial_workflow" and github["local_backend"]["url"].startswith("http://127.")
    forgejo = editor_config(SITE, Settings(cms_backend="forgejo", cms_repo="org/site", cms_base_url="https://git.org",
                                           cms_app_id="abc"))
    assert forgejo["backend"]["app_id"] == "abc" and forgejo["backend"]["api_root"] == "https://git.org/api/v1"
    assert "https://git.org" in connect_sources(Settings(cms_backend="gitea", cms_repo="o/r",
                                                         cms_base_url="https://git.org", cms_app_id="x"))
    assert not [h for h in connect_sources(Settings()) if h.startswith("https:")]


@pytest.mark.parametrize("values", [{"cms_backend": "gitlab", "cms_repo": "o/r", "cms_base_url": "https://x"},
                                    {"cms_backend": "github", "cms_repo": "o/r"},
                                    {"cms_backend": "gitea", "cms_repo": "o/r", "cms_base_url": "https://x"},
                                    {"cms_backend": "github", "cms_repo": "norepo", "cms_base_url": "https://x"},
                                    {"cms_backend": "github", "cms_repo": "o/r", "cms_base_url": "http://x"}])
def test_incomplete_or_wrong_backend_settings_are_refused(values):
    with pytest.raises(ValueError, match="SITE_CMS"):
        Settings(**values)


def test_config_file_is_yaml_decap_reads_and_the_page_loads_only_local_scripts():
    files = editor_files(SITE, Settings())
    assert yaml.safe_load(files["admin/config.yml"].decode()) == json.loads(json.dumps(CONFIG))
    page = files["admin/index.html"].decode()
    sources = re.findall(r'<script[^>]* src="([^"]+)"', page)
    assert sources and all(not s.startswith(("http:", "https:", "//")) for s in sources)
    for source in sources:
        assert (ROOT / "docs/admin" / source).is_file(), source
    assert "Content-Security-Policy" in page and 'name="robots" content="noindex' in page
    assert config_yaml(SITE, Settings()).startswith("# ")


def test_vendored_decap_and_js_yaml_are_the_pinned_packages():
    lock = json.loads((ROOT / "package-lock.json").read_text())["packages"]
    decap, js_yaml = lock["node_modules/decap-cms"]["version"], lock["node_modules/js-yaml"]["version"]
    folder = VENDOR / f"decap-cms-{decap}"
    assert (folder / "decap-cms.js").is_file() and (VENDOR / f"js-yaml-{js_yaml}.min.js").is_file()
    installed = ROOT / "node_modules/decap-cms/dist"
    if not installed.exists():
        pytest.fail("npm ci is needed to compare the vendored copy (scripts/setup.sh --test)")
    for path in folder.glob("*.js"):
        assert hashlib.sha256(path.read_bytes()).digest() == hashlib.sha256((installed / path.name).read_bytes()).digest()
    chunks = {p.name for p in installed.glob("*.decap-cms.js")}
    assert chunks <= {p.name for p in folder.iterdir()}, "a lazily loaded chunk is missing from the vendored copy"
