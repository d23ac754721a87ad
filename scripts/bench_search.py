"""Search side by side: this site's search, plain Material's and Pagefind's, on the same content.

    python scripts/bench_search.py                 # 1,000 and 5,000 synthetic items, and the real data's query set
    python scripts/bench_search.py --sizes 1000
    python scripts/bench_search.py --quick         # a dozen items over the test fixture, one run (CI's smoke run)

Needs the bench extras (pip install -r requirements-bench.txt: jieba for Material's Chinese
segmentation, pagefind[extended]) and Debian's chromium. Without the extras, Material's search is not segmented
and Pagefind is skipped, each said on stderr: everything of ours still runs.

The baselines are what an expert would build with each tool:
- plain Material: the same content as Markdown pages, items kept out of the nav, the same theme,
  search segmented by jieba with every name of the data in its user dictionary;
- Pagefind (extended build, which segments Chinese) over that plain site, built without Material's
  search, with Pagefind's default UI on the home page.

Printed per size: seconds each search adds to the build (ours: the search-index stage; Material:
the build with its search plugin minus the build without; Pagefind: its indexer), and what a phone
(390 px, Chromium) downloads to open the home page and see the results of one query, gzip-compressed
as a server would send it. Then recall: the query set of tests/browser/test_search_in_browser.py
(names, aliases, parts, pinyin, initials, plan items) on the real data, found within its first n results.
"""
from __future__ import annotations

import argparse
import functools
import gzip
import importlib.util
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

import bench  # noqa: E402  (beside this file)

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
TARGETS = {"bytes_kib_5000": 300, "bytes_ratio": 0.5, "search_share": 0.2}


# ---- sites ------------------------------------------------------------------------------------

def has_pagefind() -> bool:
    return importlib.util.find_spec("pagefind") is not None


def pagefind(site_dir: Path) -> float:
    started = time.perf_counter()
    subprocess.run([sys.executable, "-m", "pagefind", "--site", str(site_dir)], check=True, capture_output=True)
    seconds = time.perf_counter() - started
    home = site_dir / "index.html"
    ui = ('<link href="pagefind/pagefind-ui.css" rel="stylesheet"><script src="pagefind/pagefind-ui.js"></script>'
          '<div id="pagefind-search"></div><script>new PagefindUI({element: "#pagefind-search"});</script>')
    home.write_text(home.read_text(encoding="utf-8").replace("</article>", ui + "</article>", 1), encoding="utf-8")
    return seconds


# ---- the browser ----------------------------------------------------------------------------------

class _Quiet(SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


def serve(site_dir: Path) -> tuple[ThreadingHTTPServer, str]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(site_dir)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}/"


def first_result_bytes(browser, site_dir: Path, engine: str, query: str) -> dict:
    """Bytes (raw and gzip) a phone fetches to open the home page and see one query's results."""
    server, base = serve(site_dir)
    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)
    fetched: dict[str, bytes] = {}

    def keep(response):
        try:
            fetched[response.url] = response.body()
        except Exception:  # redirects and aborted requests have no body
            pass
    context.on("response", keep)
    page = context.new_page()
    page.goto(base, wait_until="networkidle")
    if engine == "pagefind":
        page.locator(".pagefind-ui__search-input").fill(query)
        page.wait_for_selector(".pagefind-ui__result", timeout=30_000)
    else:
        page.locator("label.md-header__button[for='__search']").click()
        field = page.locator("input.md-search__input")
        field.fill(query)
        field.press("End")  # plain Material searches on key-up only
        page.wait_for_selector(".md-search-result__item", timeout=60_000)
    page.wait_for_load_state("networkidle")
    context.close()
    server.shutdown()
    return {"requests": len(fetched), "raw_kib": sum(map(len, fetched.values())) / 1024,
            "gzip_kib": sum(len(gzip.compress(body, 6)) for body in fetched.values()) / 1024}


# ---- recall on the real data ---------------------------------------------------------------------

def query_set() -> list[tuple[str, str, int]]:
    """The browser tests' query set (tests/browser/test_search_in_browser.py), read where the tests import it."""
    code = "import json, test_search_in_browser as t; print(json.dumps(t.query_set(), ensure_ascii=False))"
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(ROOT / "tests"), str(ROOT / "tests" / "browser")])}
    made = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True, cwd=ROOT)
    return [tuple(case) for case in json.loads(made.stdout)]


def recall(browser, ours_dir: Path, plain_dir: Path, pagefind_dir: Path) -> dict:
    cases = query_set()
    found = {"ours": 0, "material": 0, "pagefind": 0}
    comparable = [c for c in cases if not c[1].startswith("plan/")]  # the plain site has no plan page
    engines = (("ours", ours_dir), ("material", plain_dir)) + ((("pagefind", pagefind_dir),) if has_pagefind() else ())
    for engine, site_dir in engines:
        server, base = serve(site_dir)
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        page.goto(base, wait_until="networkidle")
        for query, url, within in (cases if engine != "material" else comparable):
            urls = _query(page, engine, base, query)
            found[engine] += url in urls[:within]
        page.close()
        server.shutdown()
    return {"cases": len(cases), "comparable": len(comparable), **found}


_PAGEFIND = """async (q) => {
  window.pf = window.pf || await import(new URL("pagefind/pagefind.js", location).href);
  const search = await window.pf.search(q);
  const out = [];
  for (const r of search.results.slice(0, 5)) {
    const d = await r.data();
    out.push(d.url, ...d.sub_results.map(s => s.url));
  }
  return out;
}"""


def _query(page, engine: str, base: str, query: str) -> list[str]:
    if engine == "pagefind":
        urls = page.evaluate(_PAGEFIND, query)
        return [u.lstrip("/").replace("index.html", "") for u in urls]
    field = page.locator("input.md-search__input")
    field.fill("")
    page.wait_for_timeout(50)
    field.fill(query)
    field.press("End")
    try:
        page.wait_for_selector(".md-search-result__item", timeout=3000)
    except Exception:
        return []
    page.wait_for_timeout(250)
    hrefs = page.locator(".md-search-result__item a").evaluate_all("as => as.map(a => a.href)")
    cleaned = []
    for href in hrefs:
        url = href.replace(base, "")
        path, _, anchor = url.partition("#")
        url = path.split("?")[0] + ("#" + anchor if anchor else "")
        if url not in cleaned:
            cleaned.append(url)
    return cleaned


# ---- main -----------------------------------------------------------------------------------------

def run_size(browser, count: int, temp: Path, repeats: int, data: Path = bench.DATA) -> dict:
    records = bench.synthetic_records(count, data=data)
    ours = bench.write_project(_fresh(temp / "ours"), records, data)
    with_search = bench.write_strong_material(_fresh(temp / "plain"), records, search=True)
    without = bench.write_strong_material(_fresh(temp / "plain-bare"), records, search=False)
    timings = {"ours_search": [], "ours_total": [], "material_search": [], "material_total": []}
    for run in range(repeats):  # interleaved; every build into a new folder, with the caches of the first
        sites = {name: _fresh(temp / f"site-{name}-{run}") for name in ("ours", "plain", "bare")}
        o = bench.measure_build(ours, sites["ours"], temp / "caches")
        p = bench.measure_build(with_search, sites["plain"], temp / "caches")
        b = bench.measure_build(without, sites["bare"], temp / "caches")
        timings["ours_search"].append(o["stages"].get("search index", float("nan")))
        timings["ours_total"].append(o["wall"])
        timings["material_search"].append(p["wall"] - b["wall"])
        timings["material_total"].append(p["wall"])
    query = next(iter(records["landmarks"].values()))["name"]
    result = {"count": count, "timings": timings, "pagefind_s": float("nan"), "query": query,
              "bytes": {"ours": first_result_bytes(browser, sites["ours"], "ours", query),
                        "material": first_result_bytes(browser, sites["plain"], "material", query)}}
    if has_pagefind():
        result["pagefind_s"] = pagefind(sites["bare"])
        result["bytes"]["pagefind"] = first_result_bytes(browser, sites["bare"], "pagefind", query)
    else:
        print("(skipped) Pagefind is not installed (pip install -r requirements-bench.txt): no Pagefind figures",
              file=sys.stderr)
    return result


def _fresh(path: Path) -> Path:
    shutil.rmtree(path, ignore_errors=True)
    path.mkdir(parents=True)
    return path


def _spread(values: list[float]) -> str:
    return f"{statistics.median(values):6.2f} ({min(values):.2f}–{max(values):.2f})"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 5000])
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--quick", action="store_true",
                        help=f"{bench.QUICK_SIZE} items over the test fixture, one run, no recall (no target judged)")
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright
    sizes, repeats = ([bench.QUICK_SIZE], 1) if args.quick else (args.sizes, args.repeats)
    data = bench.FIXTURE if args.quick else bench.DATA
    met = True
    with sync_playwright() as playwright, tempfile.TemporaryDirectory() as temp:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        temp = Path(temp)
        print(f"{'items':>6}  {'search s: ours':>24} {'Material':>22} {'Pagefind':>9}   "
              f"{'ours share of build':>19}")
        rows = []
        for count in sizes:
            r = run_size(browser, count, temp, repeats, data)
            rows.append(r)
            t = r["timings"]
            share = [s / w for s, w in zip(t["ours_search"], t["ours_total"], strict=True)]
            print(f"{count:>6}  {_spread(t['ours_search']):>24} {_spread(t['material_search']):>22} "
                  f"{r['pagefind_s']:>9.2f}   {_spread(share):>19}", flush=True)
        print("\nBytes to the first result (home page + one query, phone, Chromium), KiB gzip (raw), requests:")
        for r in rows:
            b = r["bytes"]
            print(f"{r['count']:>6}  " + "  ".join(
                f"{name} {b[name]['gzip_kib']:.0f} ({b[name]['raw_kib']:.0f}) {b[name]['requests']} req"
                for name in ("ours", "material", "pagefind") if name in b) + f"   query {r['query']}")
            ours, material = b["ours"]["gzip_kib"], b["material"]["gzip_kib"]
            if r["count"] >= 5000:
                met &= _check(f"{r['count']} items: ours <= {TARGETS['bytes_kib_5000']} KiB gzip", ours,
                              TARGETS["bytes_kib_5000"])
            if r["count"] >= 1000:
                met &= _check(f"{r['count']} items: ours <= {TARGETS['bytes_ratio']} x Material", ours / material,
                              TARGETS["bytes_ratio"])
                share = statistics.median(s / w for s, w in zip(r["timings"]["ours_search"],
                                                                 r["timings"]["ours_total"], strict=True))
                met &= _check(f"{r['count']} items: search stage <= {TARGETS['search_share']:.0%} of the build",
                              share, TARGETS["search_share"])
        if not args.quick:
            real = _real_sites(temp)
            result = recall(browser, *real)
            print(f"\nRecall on the real data's query set ({result['cases']} queries; Material without the "
                  f"{result['cases'] - result['comparable']} plan-item queries, its plain site has no plan page):")
            pagefind_found = f"{result['pagefind']}/{result['cases']}" if has_pagefind() else "(not installed)"
            print(f"  ours {result['ours']}/{result['cases']}, Pagefind {pagefind_found}, "
                  f"Material {result['material']}/{result['comparable']}")
        browser.close()
    if args.quick:
        print(f"(quick) {bench.QUICK_SIZE} items over the test fixture: every step ran once; no figure here is a "
              "measurement")
    return 0 if met or args.quick else 1


def _check(name: str, value: float, limit: float) -> bool:
    ok = value <= limit
    print(f"{'MET    ' if ok else 'NOT MET'} {name}: {value:.2f}")
    return ok


def _real_sites(temp: Path) -> tuple[Path, Path, Path]:
    """Our real site, plain Material of the real records, and Pagefind over a copy of our real site."""
    ours = temp / "real-ours"
    subprocess.run([sys.executable, "-m", "mkdocs", "build", "-q", "-d", str(ours)], cwd=ROOT, check=True,
                   env={**os.environ, "NO_MKDOCS_2_WARNING": "1"}, capture_output=True)
    plain = bench.write_strong_material(_fresh(temp / "real-plain"), bench.real_records(), search=True)
    bench.measure_build(plain, temp / "real-plain-site", temp / "caches")
    pagefind_site = temp / "real-pagefind"
    shutil.copytree(ours, pagefind_site)
    if has_pagefind():
        pagefind(pagefind_site)
    return ours, temp / "real-plain-site", pagefind_site


if __name__ == "__main__":
    sys.exit(main())
