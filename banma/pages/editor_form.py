"""The editing page /admin/ (Decap CMS): its config.yml, generated from the models' JSON Schema.

Every field of every kind becomes a form field: the widget follows the field's type, the label
and hint its description, `required` the model, and the validator's patterns and lengths become
the form's `pattern`; fields that name another record (a vocabulary term, a landmark, a plan item,
a bridge) become choices from the loaded data. Nothing here is written by hand per field, so the
form cannot drift from the models; tests/pages/test_editor_form.py walks the models to check.
"""
from __future__ import annotations

import json
import re
from functools import cached_property
from typing import Any

import yaml
from markupsafe import Markup

from ..memo import Memo, remembered
from ..records.fields import LIMITS, PLACEHOLDER, SLUG_PATTERN, label_of
from ..records.house_style import FIELD_ORDER
from ..records.kinds import BY_FOLDER, KINDS
from ..records.linking import MAX_IMAGE_BYTES
from ..records.references import TARGETS, known_ids
from ..records.site import Site
from ..settings import Settings
from .templating import render


def local_server(settings: Settings) -> str:
    return f"http://127.0.0.1:{settings.cms_local_port}/api/v1"  # decap-server (default port 8081)


# Fields that hold the id of another record say so in their JSON Schema (`x-refers-to`, from the models'
# RefersTo): the form offers the records of that target as choices.
REFERS_TO = "x-refers-to"
MARKDOWN_BUTTONS = ["bold", "italic", "link", "heading-two", "heading-three", "quote", "bulleted-list",
                    "numbered-list"]
ID_HINT = ("新建时填写：小写英文字母、数字和连字符，如 changfeng-park，将成为文件名和网址。已有条目的编号不能在表单中修改"
           "（网址和其他条目的引用都依赖它）。 For a new item: its file name and URL (lowercase ASCII, digits, "
           "hyphens). An existing item's id cannot change here.")


def _length_pattern(schema: dict) -> str | None:
    """The validator's text rules as one JavaScript regular expression (lookahead for the length)."""
    parts = []
    low, high = schema.get("minLength"), schema.get("maxLength")
    if high is not None:
        parts.append(f"(?=[\\s\\S]{{{low or 0},{high}}}$)")
    inner = schema.get("x-text-pattern") or schema.get("pattern")
    if inner:
        parts.append(f"(?:{inner})")
    return "^" + "".join(parts) if parts else None


PATTERN_MESSAGES = {  # what each of the models' text patterns asks for, in the editor's words
    r"^[^\n]*\S[^\n]*$": "须为一行文字，不能只有空格",
    r"^[a-z0-9]+(?:-[a-z0-9]+)*$": "只能用小写英文字母、数字和连字符，如 changfeng-park",
    r"^[1-9][0-9]?-[1-9][0-9]?$": "应为计划条目编号，如 1-1",
    r"^https?://": "须为以 http:// 或 https:// 开头的网址",
    r"^[0-9+()\- ]{5,30}$": "只能含数字、空格和 + - ( )，5 到 30 个字符",
    r"^(?:0|[1-9][0-9]{0,8})$": "应为整数，如 15",
    r"^(?:0|[1-9][0-9]{0,8})(?:\.[0-9]{1,3})?$": "应为数字，最多 3 位小数，如 2.5",
    r"^\d{1,3}\.\d{4,8}$": "应为至少 4 位小数的数字，如 31.2345",
    r"^[^/\\][^\\]*\.(jpe?g|png|webp)$": "应为 JPG、PNG 或 WebP 图片",
}


def _pattern_message(schema: dict) -> str:
    inner = schema.get("x-text-pattern") or schema.get("pattern")
    parts = [PATTERN_MESSAGES.get(inner, "格式不符合要求，见字段说明")] if inner else []
    if schema.get("maxLength"):
        parts.append(f"最多 {schema['maxLength']:,} 个字符")
    return "；".join(parts) + "。"


class FormBuilder:
    def __init__(self, site: Site, definitions: dict):
        self.site = site
        self.definitions = definitions

    def resolve(self, schema: dict) -> dict:
        """The schema without `anyOf [X, null]` (optional fields) and `$ref` (nested groups)."""
        if "anyOf" in schema:
            options = [option for option in schema["anyOf"] if option.get("type") != "null"]
            schema = {**{k: v for k, v in schema.items() if k != "anyOf"}, **options[0]}
        if "$ref" in schema:
            target = self.definitions[schema["$ref"].rsplit("/", 1)[1]]
            schema = {**target, **{k: v for k, v in schema.items() if k != "$ref"}}
        return schema

    def choices(self, target: str | None) -> list[dict[str, str]] | None:
        """Every record a reference to `target` may name, labelled as editors know it."""
        if target is None:
            return None
        if target == "plan_items":
            return [{"label": f"{item.id} {item.title}", "value": item.id}
                    for part in self.site.plan.parts for item in part.items]
        return [{"label": f"{getattr(entry, 'name', entry_id)}（{entry_id}）", "value": entry_id}
                for entry_id, entry in self.known[target].items()]

    @cached_property
    def known(self) -> dict[str, dict]:
        return known_ids(self.site)  # once per kind's form, not once per field that names a record

    def field(self, name: str, schema: dict, required: bool, in_optional_group: bool = False) -> dict[str, Any]:
        schema = self.resolve(schema)
        description = hint = schema.get("description", "")
        if required and in_optional_group:  # Decap checks a group's fields even when the group is left empty
            required, hint = False, "（填写这一组时必填 required when this group is filled）" + description
        field: dict[str, Any] = {"name": name, "label": label_of(description), "hint": hint, "required": required}
        optional_group = in_optional_group or not required
        field.update(self.widget(name, schema, optional_group))
        if field["widget"] == "boolean":
            field["required"] = False

        if field["widget"] == "list" and not required:  # Decap would start an optional list with one empty entry
            field["default"] = []
        return field

    def widget(self, name: str, schema: dict, optional_group: bool = False) -> dict[str, Any]:
        kind = schema.get("type")
        if kind == "array":
            return self.list_widget(name, schema)
        if kind == "object":
            return {"widget": "object", "collapsed": optional_group, "fields": self.fields(schema, optional_group)}
        if kind == "boolean":
            return {"widget": "boolean", "default": schema.get("default", False)}
        if _folder_of(schema.get(REFERS_TO)):
            return self.relation(schema[REFERS_TO], multiple=False)
        options = self.choices(schema.get(REFERS_TO))
        if options is not None:
            return {"widget": "select", "options": options}
        if "enum" in schema:
            return {"widget": "select", "options": [{"label": _enum_label(value, schema.get("description", "")),
                                                     "value": value} for value in schema["enum"]
                                                    if value != PLACEHOLDER]}  # a draft's, not a choice to offer
        if schema.get("format") == "date":
            return {"widget": "datetime", "format": "YYYY-MM-DD", "date_format": "YYYY-MM-DD",
                    "time_format": False, "picker_utc": True, "default": ""}
        if schema.get("contentMediaType") == "text/markdown":
            return {"widget": "markdown", "modes": ["rich_text"], "buttons": MARKDOWN_BUTTONS, "editor_components": ["banma-cite"],
                    "sanitize_preview": True, **self.pattern(schema)}
        if name == "path" and "jpe?g" in schema.get("pattern", ""):  # Decap refuses a larger upload at once
            return {"widget": "image", "choose_url": False, "media_library": {"config": {"max_file_size": MAX_IMAGE_BYTES}},
                    **self.pattern(schema)}
        long_text = (schema.get("maxLength") or 0) > 300 and schema.get("format") != "uri"
        widget = "text" if long_text else "string"
        return {"widget": widget, **self.pattern(schema)}

    def pattern(self, schema: dict) -> dict[str, Any]:
        pattern = _length_pattern(schema)
        return {"pattern": [pattern, _pattern_message(schema)]} if pattern else {}

    def list_widget(self, name: str, schema: dict) -> dict[str, Any]:
        items = self.resolve(schema.get("items", {}))
        extra = {"min": schema["minItems"]} if schema.get("minItems") else {}
        if _folder_of(items.get(REFERS_TO)):
            return {**self.relation(items[REFERS_TO], multiple=True), **extra}
        options = self.choices(items.get(REFERS_TO))
        if options is not None:
            return {"widget": "select", "multiple": True, "options": options, **extra}
        if items.get("type") == "object":
            summary = next(iter(items.get("required", [])), None)
            return {"widget": "list", "collapsed": False, "fields": self.fields(items),
                    **({"summary": "{{fields." + summary + "}}"} if summary else {}), **extra}
        item = self.field(name, items, True)
        item.update(label=label_of(schema.get("description", "")), hint="")
        return {"widget": "list", "field": item, **extra}

    def relation(self, target: str, multiple: bool) -> dict[str, Any]:
        """A search-as-you-type picker over another collection of the form (landmarks, sources …), by name."""
        kind = BY_FOLDER[_folder_of(target)]
        fields = kind.model.model_fields
        search = [kind.title_field, *(["aliases.*"] if "aliases" in fields else []),
                  *(["url"] if "url" in fields else [])]
        return {"widget": "relation", "collection": kind.folder, "value_field": "{{slug}}", "search_fields": search,
                "display_fields": [kind.title_field], "multiple": multiple, "options_length": 100}

    def fields(self, schema: dict, in_optional_group: bool = False) -> list[dict[str, Any]]:
        required = set(schema.get("required", []))
        return [self.field(name, sub, name in required, in_optional_group)
                for name, sub in schema.get("properties", {}).items()]


def _folder_of(target: str | None) -> str | None:
    """The data folder of a reference target whose records are a collection of the form (else None)."""
    folder = TARGETS.get(target, (None, None, None))[2] if target else None
    return folder if folder in BY_FOLDER else None


def _enum_label(value: str, description: str) -> str:
    match = re.search(re.escape(value) + r"\s*([\u3400-\u9fff]+)", description)
    return f"{match.group(1)}（{value}）" if match else value


def collection(kind, site: Site) -> dict[str, Any]:
    schema = kind.model.model_json_schema()
    builder = FormBuilder(site, schema.get("$defs", {}))
    id_rules = {"pattern": SLUG_PATTERN, "minLength": 1, "maxLength": LIMITS["id"]}  # the file name is the id
    # docs/admin/start.js's `banma-id`: required of a new item (and refused when another item has it), shown
    # read-only on an existing one, whose id is its file name and URL and is not in its file (so not `required`
    # here, which would fail every existing entry; the widget checks a new one and labels the field itself).
    id_field = {"name": "id", "label": "编号（文件名）", "hint": ID_HINT, "widget": "banma-id", "required": False,
                **builder.pattern(id_rules)}
    return {
        "name": kind.folder, "label": kind.label, "label_singular": kind.label,
        "folder": f"data/{kind.folder}", "extension": "yaml", "format": f"house-style-{kind.name}",
        "create": True, "delete": False, "slug": "{{fields.id}}", "identifier_field": kind.title_field,
        "summary": "{{" + kind.title_field + "}}", "sortable_fields": [kind.title_field],
        "editor": {"preview": False},
        "fields": [id_field, *builder.fields(schema)],
    }


def backend(settings: Settings) -> dict[str, Any]:
    if not settings.cms_backend:  # try it out against a local checkout: npx decap-server
        return {"name": "proxy", "proxy_url": local_server(settings), "branch": settings.cms_branch}
    config: dict[str, Any] = {"name": settings.cms_backend, "repo": settings.cms_repo,
                              "branch": settings.cms_branch, "base_url": settings.cms_base_url}
    if settings.cms_backend == "github" and settings.cms_public_repo.lower() == "true":
        config["auth_scope"] = "public_repo"  # the token reaches public repositories only (Decap asks for `repo`)
    if settings.cms_backend in ("gitea", "forgejo"):
        config.update({"app_id": settings.cms_app_id,
                       "api_root": settings.cms_api_root or settings.cms_base_url.rstrip("/") + "/api/v1"})
    return config


def editor_config(site: Site, settings: Settings) -> dict[str, Any]:
    config: dict[str, Any] = {
        "locale": "zh_Hans",
        "backend": backend(settings),
        "media_folder": "docs/assets/images",
        "public_folder": "",
        "site_url": settings.site_url,
        "collections": [collection(kind, site) for kind in KINDS],
    }
    if settings.cms_backend in ("github", "forgejo"):  # a branch and a pull request per change
        config["publish_mode"] = "editorial_workflow"
    if settings.cms_backend:
        config["local_backend"] = {"url": local_server(settings), "allowed_hosts": ["127.0.0.1", "localhost"]}
    return config


def config_yaml(site: Site, settings: Settings, memo: Memo | None = None) -> str:
    """`memo`: a preview's (banma/memo.py), keeping the YAML by the configuration itself: PyYAML writes it
    slowly, and an edit seldom changes it."""
    header = "# 由 banma/pages/editor_form.py 根据数据模型生成，请勿手改。 Generated from the models; do not edit.\n"
    config = editor_config(site, settings)
    return header + remembered(memo, ("editor config", repr(config)), _yaml, config)


def _yaml(config: dict[str, Any]) -> str:
    return yaml.safe_dump(config, allow_unicode=True, sort_keys=False, width=120)


def connect_sources(settings: Settings) -> list[str]:
    """The hosts the editing page may talk to: its own, the local decap-server, the configured Git host."""
    port = settings.cms_local_port
    hosts = ["'self'", "blob:", "data:", f"http://127.0.0.1:{port}", f"http://localhost:{port}"]  # blob: uploads
    if settings.cms_backend == "github":
        hosts += ["https://api.github.com", settings.cms_base_url.rstrip("/")]
    elif settings.cms_backend:
        hosts.append(settings.cms_base_url.rstrip("/"))
        if settings.cms_api_root:
            hosts.append(settings.cms_api_root.rstrip("/"))
    return list(dict.fromkeys(hosts))


def script_json(value) -> Markup:
    """For a `<script type="application/json">`, where entities are not decoded: JSON with `<` `>` `&` escaped."""
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    return Markup(text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026"))


def item_names(site: Site) -> dict[str, dict[str, str]]:
    """Every item's id and name, drafts too, by folder: the form refuses a new id that is taken, and shows a
    collapsed stop by its place's name."""
    return {kind.folder: {record_id: getattr(record, kind.title_field)
                          for record_id, record in sorted(site.items_and_drafts(kind.folder).items())}
            for kind in KINDS}


def editor_files(site: Site, settings: Settings, memo: Memo | None = None) -> dict[str, bytes]:
    """The editing page and its config; the scripts it loads are static files in docs/admin/."""
    page = render("admin.html", site_name=settings.site_name, connect_sources=connect_sources(settings),
                  field_orders=script_json(FIELD_ORDER), item_names=script_json(item_names(site)))
    return {"admin/index.html": page.encode("utf-8"), "admin/config.yml": config_yaml(site, settings, memo).encode("utf-8")}
