"""A browser context at one viewport that records requests and console errors (used by the browser tests)."""
from __future__ import annotations

from urllib.parse import urlsplit

VIEWPORTS = {
    "phone": {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True,
              "device_scale_factor": 2},
    "desktop": {"viewport": {"width": 1280, "height": 900}},
}


class Visit:
    """A browser context at one viewport that records every request and console error."""

    def __init__(self, browser, name: str, base: str, keep_policy: bool = False, profile: dict | None = None):
        """`profile`: a viewport and device other than VIEWPORTS[name]'s."""
        self.name = name
        self.base = base
        self.context = browser.new_context(locale="zh-CN", **(profile or VIEWPORTS[name]),
                                           **({"bypass_csp": False} if keep_policy else {}))
        self.requests: list[str] = []
        self.errors: list[str] = []
        self.context.on("request", lambda request: self.requests.append(request.url))
        self.missing: list[str] = []  # requests answered 4xx/5xx: the site asked for a file it does not have
        self.context.on("response", lambda response: response.status >= 400 and self.missing.append(response.url))
        self.page = self.context.new_page()
        self.page.on("console", lambda message: message.type == "error" and self.errors.append(message.text))
        self.page.on("pageerror", lambda error: self.errors.append(str(error)))

    def open(self, path: str = ""):
        self.page.goto(self.base + path)
        self.page.wait_for_load_state("load")
        return self.page

    def foreign_requests(self) -> list[str]:
        return [url for url in self.requests
                if urlsplit(url).hostname not in ("127.0.0.1",) and not url.startswith(("data:", "blob:"))]
