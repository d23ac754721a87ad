"""Facts about the published site that pages need: its address and name."""
from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urljoin, urlsplit


@dataclass(frozen=True)
class Publication:
    site_url: str  # absolute, ends with "/"
    site_name: str = "半马苏河"
    description: str = ""

    def __post_init__(self):
        if not self.site_url.endswith("/"):
            object.__setattr__(self, "site_url", self.site_url + "/")

    def absolute(self, url: str) -> str:
        return urljoin(self.site_url, url)

    @property
    def host(self) -> str:
        return urlsplit(self.site_url).hostname or "localhost"
