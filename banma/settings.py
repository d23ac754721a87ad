"""The site's settings, built once per build from the environment.

Every value an operator sets (where the site is published, who runs it, how to report
an error, the font share cards are drawn with, how many worker processes a build forks)
lives here; pages, workers and the generators' side read this object, never the
environment themselves (tests/test_architecture.py looks for other readers).
"""
from __future__ import annotations

import logging
import os
from collections.abc import Mapping
from dataclasses import dataclass, fields
from functools import lru_cache
from urllib.parse import urljoin, urlsplit

log = logging.getLogger(__name__)

LOCAL_URL = "http://127.0.0.1:8000/"
SITE_NAME = "半马苏河"
DESCRIPTION = ("普陀区“半马苏河”滨河党建服务体系：苏州河普陀段约21公里岸线上的驿站与地标、线路、"
               "社区故事和2023年基层治理工作计划。")

# Environment variable -> field. Empty values count as unset.
ENVIRONMENT = {
    "SITE_URL": "site_url",
    "SITE_EDIT_URL": "edit_url",
    "SITE_RESPONSIBLE_OFFICE": "responsible_office",
    "SITE_ICP_NUMBER": "icp_number",
    "SITE_WEBSITE_CODE": "website_code",
    "SITE_PSB_NUMBER": "psb_number",
    "SITE_GOV_MARK_URL": "gov_mark_url",
    "SITE_CONTACT": "contact",
    "SITE_DATA_LICENCE": "data_licence",
    "SITE_REPORT_URL": "report_url",
    "SITE_CMS_BACKEND": "cms_backend",
    "SITE_CMS_REPO": "cms_repo",
    "SITE_CMS_BRANCH": "cms_branch",
    "SITE_CMS_BASE_URL": "cms_base_url",
    "SITE_CMS_APP_ID": "cms_app_id",
    "SITE_CMS_API_ROOT": "cms_api_root",
    "SITE_CMS_LOCAL_PORT": "cms_local_port",
    "SITE_CMS_PUBLIC_REPO": "cms_public_repo",
    "SITE_CARD_FONT": "card_font",
    "BANMA_WORKERS": "workers",
}
CMS_BACKENDS = ("github", "gitea", "forgejo")


@dataclass(frozen=True)
class Settings:
    site_url: str = LOCAL_URL  # absolute, ends with "/"
    site_name: str = SITE_NAME
    description: str = DESCRIPTION
    edit_url: str = ""  # e.g. https://github.com/ORG/REPO/edit/main/ ; empty: no edit links
    responsible_office: str = ""  # the footer's 主办单位; empty: not shown
    icp_number: str = ""  # the footer's ICP filing number; empty: not shown
    # What 《政府网站发展指引》 has a Party or government site show at its foot (each only when set):
    website_code: str = ""  # 网站标识码, e.g. 3101070001
    psb_number: str = ""  # 公安机关备案号, e.g. 沪公网安备31010702001234号 (linked to the MPS register by its digits)
    gov_mark_url: str = ""  # the 党政机关网站标识's verification link (from the CONAC registration)
    contact: str = ""  # 联系方式: a phone number or an e-mail address
    data_licence: str = ""  # the open data's licence; empty: "not yet decided"
    report_url: str = ""  # where visitors report an error (mailto: or an issue tracker); empty: not shown
    # The editing page /admin/ (Decap CMS): which Git host it saves to. Empty backend: only a local
    # checkout through decap-server (npx decap-server), for trying it out.
    cms_backend: str = ""  # github | gitea | forgejo
    cms_repo: str = ""  # OWNER/NAME
    cms_branch: str = "main"
    cms_base_url: str = ""  # github: the OAuth client's server; gitea/forgejo: the instance, e.g. https://git.example.org
    cms_app_id: str = ""  # gitea/forgejo: the OAuth2 application's client id (PKCE, not confidential)
    cms_api_root: str = ""  # gitea/forgejo: the API, default <cms_base_url>/api/v1
    cms_local_port: str = "8081"  # the local decap-server's port (scripts/form_server.sh starts it on this port)
    # github: whether the repository is public. Public: the form asks GitHub only for `public_repo` access (Decap's
    # default is the full `repo` scope, every private repository of the editor too); "false" for a private one.
    cms_public_repo: str = "true"
    # How the build runs (no effect on what it writes):
    card_font: str = ""  # the Chinese font file share cards and icons are drawn with; empty: the usual places (cards.py)
    workers: str = ""  # how many worker processes a build forks, "0": none; empty: one per core (banma/workers.py)

    def __post_init__(self):
        if not self.site_url.endswith("/"):
            object.__setattr__(self, "site_url", self.site_url + "/")
        if self.edit_url and not self.edit_url.endswith("/"):
            object.__setattr__(self, "edit_url", self.edit_url + "/")
        for name, schemes in (("site_url", ("http://", "https://")), ("edit_url", ("http://", "https://")),
                              ("report_url", ("http://", "https://", "mailto:"))):
            value = getattr(self, name)
            if value and not value.lower().startswith(schemes):
                raise ValueError(f"{name} 应以 {' 或 '.join(schemes)} 开头：{value!r}。"
                                 f"{name} must start with {' or '.join(schemes)}: {value!r}.")
        if self.workers and not self.workers.isdigit():
            raise ValueError(f"BANMA_WORKERS 应为 0 或正整数，而不是 {self.workers!r}。"
                             f"BANMA_WORKERS must be 0 or a whole number of workers, not {self.workers!r}.")
        self._check_cms()

    def _check_cms(self):
        if not self.cms_local_port.isdigit() or not 0 < int(self.cms_local_port) < 65536:
            raise ValueError(f"SITE_CMS_LOCAL_PORT 应为端口号：{self.cms_local_port!r}。"
                             f"SITE_CMS_LOCAL_PORT must be a port number: {self.cms_local_port!r}.")
        if self.cms_public_repo.lower() not in ("true", "false"):
            raise ValueError(f"SITE_CMS_PUBLIC_REPO 应为 true（公开仓库）或 false（私有仓库）：{self.cms_public_repo!r}。"
                             f"SITE_CMS_PUBLIC_REPO must be true (a public repository) or false (a private one): "
                             f"{self.cms_public_repo!r}.")
        if not self.cms_backend:
            return
        needs = {"github": ("cms_repo", "cms_base_url"), "gitea": ("cms_repo", "cms_base_url", "cms_app_id"),
                 "forgejo": ("cms_repo", "cms_base_url", "cms_app_id")}.get(self.cms_backend)
        if needs is None:
            raise ValueError(f"SITE_CMS_BACKEND 应为 {' / '.join(CMS_BACKENDS)}：{self.cms_backend!r}。"
                             f"SITE_CMS_BACKEND must be one of {', '.join(CMS_BACKENDS)}: {self.cms_backend!r}.")
        missing = [f"SITE_{name.upper()}" for name in needs if not getattr(self, name)]
        if missing:
            raise ValueError(f"SITE_CMS_BACKEND={self.cms_backend} 还需要设置 {'、'.join(missing)}。"
                             f"SITE_CMS_BACKEND={self.cms_backend} also needs {', '.join(missing)}.")
        if "/" not in self.cms_repo.strip("/"):
            raise ValueError(f"SITE_CMS_REPO 应为“所有者/仓库名”：{self.cms_repo!r}。"
                             f"SITE_CMS_REPO must be OWNER/NAME: {self.cms_repo!r}.")
        for name in ("cms_base_url", "cms_api_root"):
            value = getattr(self, name)
            if value and not value.lower().startswith("https://"):
                raise ValueError(f"SITE_{name.upper()} 应以 https:// 开头：{value!r}。"
                                 f"SITE_{name.upper()} must start with https://: {value!r}.")

    @classmethod
    def read(cls, environ: Mapping[str, str] | None = None) -> Settings:
        """The settings, quietly: for a part of the build that needs one of them (the workers, the card font)."""
        environ = os.environ if environ is None else environ
        return cls(**{name: environ[key].strip() for key, name in ENVIRONMENT.items() if environ.get(key, "").strip()})

    @classmethod
    def from_environment(cls, environ: Mapping[str, str] | None = None) -> Settings:
        """The settings, with a warning when the build would not be fit to publish (once per build)."""
        settings = cls.read(environ)
        if settings.is_local:
            log.warning("SITE_URL 未设置：二维码、海报和站点地图指向 %s，不可用于发布。"
                        "SITE_URL is not set: QR codes, posters and the sitemap point at %s; do not publish this build.",
                        settings.site_url, settings.site_url)
        return settings

    def footer(self) -> dict[str, str]:
        """What the theme's footer and about pages show (MkDocs' `extra`)."""
        return {"responsible_office": self.responsible_office, "icp_number": self.icp_number,
                "website_code": self.website_code, "psb_number": self.psb_number,
                "psb_code": "".join(filter(str.isdigit, self.psb_number)),
                "gov_mark_url": self.gov_mark_url if self.gov_mark_url.startswith(("https://", "http://")) else "",
                "contact": self.contact, "data_licence": self.data_licence, "report_url": self.report_url}

    @property
    def is_local(self) -> bool:
        return (urlsplit(self.site_url).hostname or "") in ("127.0.0.1", "localhost", "::1", "")

    def absolute(self, url: str) -> str:
        return _joined(self.site_url, url)

    def edit_link(self, path: str) -> str | None:
        """The Git host's edit page for a file of the repository, or None without SITE_EDIT_URL."""
        return self.edit_url + path if self.edit_url else None

    @property
    def host(self) -> str:
        return urlsplit(self.site_url).hostname or "localhost"

    @property
    def worker_count(self) -> int | None:
        """BANMA_WORKERS as a number, or None when unset (the build decides from the cores)."""
        return int(self.workers) if self.workers else None

    def as_dict(self) -> dict[str, str]:
        return {f.name: getattr(self, f.name) for f in fields(self)}


@lru_cache(maxsize=65_536)
def _joined(base: str, url: str) -> str:
    """urljoin, once per URL: feeds, structured data and CSVs ask for the same page URLs on every build."""
    return urljoin(base, url)
