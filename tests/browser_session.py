"""Browser contexts at one viewport that record requests and console errors (used by the browser tests), and the
pool that lends them out within a test module: a new page costs Chromium as much as three page loads."""
from __future__ import annotations

import json
from urllib.parse import urlsplit

VIEWPORTS = {
    "phone": {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True,
              "device_scale_factor": 2},
    "desktop": {"viewport": {"width": 1280, "height": 900}},
}
ELDER = "localStorage.setItem('hm-elder', '1')"  # elder mode from the first page on, as a visitor who chose it


class Visit:
    """A browser context at one viewport that records every request and console error."""

    def __init__(self, browser, name: str, base: str, keep_policy: bool = False, profile: dict | None = None,
                 **options):
        """`profile`: a viewport and device other than VIEWPORTS[name]'s; `options`: other context options."""
        self.name = name
        self.base = base
        self.context = browser.new_context(locale="zh-CN", **(profile or VIEWPORTS[name]),
                                           **({"bypass_csp": False} if keep_policy else {}), **options)
        self.requests: list[str] = []
        self.errors: list[str] = []
        self.context.on("request", lambda request: self.requests.append(request.url))
        self.missing: list[str] = []  # requests answered 4xx/5xx: the site asked for a file it does not have
        self.context.on("response", lambda response: response.status >= 400 and self.missing.append(response.url))
        self.page = self.context.new_page()
        self.page.on("console", lambda message: message.type == "error" and self.errors.append(message.text))
        self.page.on("pageerror", lambda error: self.errors.append(str(error)))

    def begin(self) -> None:
        """A test starts with this session: nothing recorded yet."""
        for record in (self.requests, self.errors, self.missing):
            record.clear()

    def forget(self) -> None:
        """What a test left behind cleared, so that the next test starts as on a new session: the site's cookies and
        storage (elder mode is remembered there), and the page at about:blank. The HTTP cache stays, as a visitor's."""
        self.page.goto("about:blank")
        origin = "{0.scheme}://{0.netloc}".format(urlsplit(self.base))
        cdp = self.context.new_cdp_session(self.page)  # (cookies, local and session storage, IndexedDB: all of it)
        cdp.send("Storage.clearDataForOrigin", {"origin": origin, "storageTypes": "all"})
        cdp.detach()

    def open(self, path: str = ""):
        self.page.goto(self.base + path)
        self.page.wait_for_load_state("load")
        return self.page

    def foreign_requests(self) -> list[str]:
        return [url for url in self.requests
                if urlsplit(url).hostname not in ("127.0.0.1",) and not url.startswith(("data:", "blob:"))]


class Visits:
    """Visits lent to a module's tests, one per site, viewport, mode and context options, each made once and cleared
    after every test that borrowed it (Visit.forget)."""

    def __init__(self, browser):
        self._browser = browser
        self._made: dict[str, Visit] = {}
        self._lent: list[Visit] = []

    def get(self, base: str, name: str = "desktop", elder: bool = False, profile: dict | None = None,
            **options) -> Visit:
        """A visit of `base` with nothing recorded yet; `elder`: in elder mode from its first page."""
        key = json.dumps([base, name, elder, profile, options], sort_keys=True)
        if key not in self._made:
            self._made[key] = Visit(self._browser, name, base, profile=profile, **options)
            if elder:
                self._made[key].context.add_init_script(ELDER)
        visit = self._made[key]
        if visit not in self._lent:
            visit.begin()
            self._lent.append(visit)
        return visit

    def at_width(self, base: str, width: int, elder: bool = False, height: int = 800, **device) -> Visit:
        """A visit at a width (a phone's when `device` has is_mobile and has_touch), in elder mode or not."""
        return self.get(base, f"{width}", elder, profile={"viewport": {"width": width, "height": height}, **device})

    def give_back(self) -> list[str]:
        """After a test: what its visits recorded that no page may do (a request to another host, a console error),
        and each visit cleared."""
        problems = []
        for visit in self._lent:
            problems += [f"{visit.name}: request to another host: {url}" for url in visit.foreign_requests()]
            problems += [f"{visit.name}: console error: {error}" for error in visit.errors]
            visit.forget()
        self._lent.clear()
        return problems

    def close(self) -> None:
        for visit in self._made.values():
            visit.context.close()
