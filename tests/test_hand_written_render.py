"""macros/hand_written.py renders docs/ pages as MkDocs does: with the Markdown extensions mkdocs.yml names."""
from __future__ import annotations

import markdown

from macros.hand_written import markdown_options, mkdocs_config


def test_the_markdown_extensions_and_their_settings_come_from_mkdocs_yml(tmp_path):
    (tmp_path / "mkdocs.yml").write_text(
        "site_name: !ENV [SITE_NAME, x]\n"
        "markdown_extensions:\n"
        "  - toc:\n"
        "      permalink: true\n"
        "      slugify: !!python/name:markdown.extensions.toc.slugify_unicode\n"
        "  - abbr\n"
        "  - def_list\n", encoding="utf-8")
    options = markdown_options(tmp_path)
    assert options["extensions"] == ["toc", "tables", "fenced_code", "abbr", "def_list"]  # MkDocs' three first
    assert options["extension_configs"] == {"toc": {"permalink": True,
                                                    "slugify": markdown.extensions.toc.slugify_unicode}}
    assert mkdocs_config(tmp_path)["site_name"] == ""  # settings come from banma/settings.py, not from !ENV
    html = markdown.markdown("## 半马 苏河\n\nHTML\n\n*[HTML]: Hyper Text", **options)
    assert 'id="半马-苏河"' in html and '<abbr title="Hyper Text">HTML</abbr>' in html


def test_without_markdown_extensions_mkdocs_own_three_remain(tmp_path):
    (tmp_path / "mkdocs.yml").write_text("site_name: x\n", encoding="utf-8")
    assert markdown_options(tmp_path) == {"extensions": ["toc", "tables", "fenced_code"], "extension_configs": {}}
