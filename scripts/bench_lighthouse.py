"""Lighthouse 12.2.3 on the home page, an index page and an item page, phone profile, served with gzip.

    python scripts/bench_lighthouse.py            # build the site, then audit
    python scripts/bench_lighthouse.py --site site/
    python scripts/bench_lighthouse.py --quick    # the test fixture's site, home page, one run (CI's smoke run)

Each page is audited --runs times (default 3) and the median run is reported, as Lighthouse's
documentation advises for its run-to-run variability. Prints each category score and the bytes
transferred (compressed), and whether the targets are met:
performance, accessibility, best practices and SEO all 100; home page under 150 KB in total.
Needs `npm ci` (package.json pins lighthouse) and Debian's chromium. --quick judges nothing; without Lighthouse it
still builds and serves the site and fetches the page, and says it skipped the audit.
"""
from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
import bench  # noqa: E402  (beside this file)
from static_server import serve  # noqa: E402

PAGES = {"home": "", "landmark index": "landmarks/", "landmark page": "landmarks/gu-zhenghong-memorial/",
         "route page": "routes/huxi-workers-movement/", "plan": "plan/"}
CATEGORIES = ["performance", "accessibility", "best-practices", "seo"]
HOME_BUDGET = 150 * 1024
CHROME_FLAGS = ("--headless=new --no-sandbox --disable-gpu --disable-quic --no-first-run "
                "--disable-background-networking --disable-component-update --disable-sync "
                "--host-resolver-rules=\"MAP * ~NOTFOUND , EXCLUDE 127.0.0.1 , EXCLUDE localhost\"")


LIGHTHOUSE = ROOT / "node_modules" / ".bin" / "lighthouse"


def build(site_dir: Path, project: Path = ROOT) -> None:
    # --strict refuses the local default address; the audit does not depend on where the site will live.
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "SITE_URL": os.environ.get("SITE_URL") or "https://banma-suhe.test/"}
    subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-q", "-d", str(site_dir)],
                   cwd=project, env=env, check=True)


def fixture_project(target: Path) -> Path:
    """The real site over the test fixture's data: what --quick builds (never today's real data)."""
    target.mkdir(parents=True)
    return bench.write_project(target, bench.real_records(bench.FIXTURE), bench.FIXTURE)


def audit(url: str, out: Path) -> dict:
    lighthouse = LIGHTHOUSE
    env = {**os.environ, "CHROME_PATH": shutil.which("chromium") or "/usr/bin/chromium"}
    subprocess.run([str(lighthouse), url, "--quiet", "--output=json", f"--output-path={out}",
                    f"--only-categories={','.join(CATEGORIES)}", f"--chrome-flags={CHROME_FLAGS}"],
                   env=env, check=True, timeout=300)
    return json.loads(out.read_text(encoding="utf-8"))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--site", type=Path, help="an already built site folder (default: build one)")
    parser.add_argument("--runs", type=int, default=3, help="audits per page; the median is reported")
    parser.add_argument("--quick", action="store_true", help="the test fixture's site, home page, one run (no target)")
    args = parser.parse_args()
    pages, runs = ({"home": ""}, 1) if args.quick else (PAGES, args.runs)
    with tempfile.TemporaryDirectory() as temp:
        site_dir = args.site or Path(temp) / "site"
        if not args.site:
            build(site_dir, fixture_project(Path(temp) / "project") if args.quick else ROOT)
        server = serve(str(site_dir))
        base = f"http://127.0.0.1:{server.server_address[1]}/"
        if not LIGHTHOUSE.is_file():
            return _without_lighthouse(server, base, pages, args.quick)
        rows, met = [], True
        for name, path in pages.items():
            reports = [audit(base + path, Path(temp) / "report.json") for _ in range(runs)]
            reports.sort(key=lambda r: r["categories"]["performance"]["score"] or 0)
            report = reports[len(reports) // 2]  # the median run by performance
            scores = {c: round((report["categories"][c]["score"] or 0) * 100) for c in CATEGORIES}
            total = report["audits"]["total-byte-weight"]["numericValue"]
            failing = [a["id"] for a in report["audits"].values()
                       if a.get("score") is not None and a["score"] < 1 and a.get("scoreDisplayMode") == "binary"]
            metrics = {m: round(report["audits"][a]["numericValue"]) for m, a in
                       (("FCP", "first-contentful-paint"), ("LCP", "largest-contentful-paint"),
                        ("TBT", "total-blocking-time"), ("SI", "speed-index"))}
            rows.append((name, scores, total, failing + [f"{k} {v} ms" for k, v in metrics.items()]))
            met &= all(v == 100 for v in scores.values()) and (name != "home" or total < HOME_BUDGET)
        server.shutdown()
    print(f"median of {runs} runs per page")
    print(f"{'page':<16}{'perf':>6}{'a11y':>6}{'best':>6}{'seo':>6}{'KB (gzip)':>11}  failing audits")
    for name, scores, total, failing in rows:
        print(f"{name:<16}" + "".join(f"{scores[c]:>6}" for c in CATEGORIES) + f"{total / 1024:>11.1f}  "
              + (", ".join(failing) or "-"))
    print(f"targets (all 100; home < {HOME_BUDGET // 1024} KB): {'MET' if met else 'NOT MET'}")
    if args.quick:
        print("(quick) the test fixture's site, one run: no score here is a measurement")
    return 0 if met or args.quick else 1


def _without_lighthouse(server, base: str, pages: dict, quick: bool) -> int:
    """No Lighthouse: each page is still fetched from the gzip server (the site built and served), then skipped."""
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))  # loopback: never through a proxy
    try:
        for name, path in pages.items():
            request = urllib.request.Request(base + path, headers={"Accept-Encoding": "gzip"})
            with opener.open(request, timeout=30) as response:
                print(f"{name:<16} fetched, {len(response.read()) / 1024:.1f} KB "
                      f"({response.headers.get('Content-Encoding') or 'identity'})")
    finally:
        server.shutdown()
    print(f"(skipped) Lighthouse is not installed ({LIGHTHOUSE}; npm ci): no audit", file=sys.stderr)
    return 0 if quick else 1


if __name__ == "__main__":
    sys.exit(main())
