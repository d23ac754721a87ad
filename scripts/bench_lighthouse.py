"""Lighthouse 12.2.3 on the home page, an index page and an item page, phone profile, served with gzip.

    python scripts/bench_lighthouse.py            # build the site, then audit
    python scripts/bench_lighthouse.py --site site/

Each page is audited --runs times (default 3) and the median run is reported, as Lighthouse's
documentation advises for its run-to-run variability. Prints each category score and the bytes
transferred (compressed), and whether the targets are met:
performance, accessibility, best practices and SEO all 100; home page under 150 KB in total.
Needs `npm ci` (package.json pins lighthouse) and Debian's chromium.
"""
from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
from static_server import serve  # noqa: E402

PAGES = {"home": "", "landmark index": "landmarks/", "landmark page": "landmarks/gu-zhenghong-memorial/",
         "route page": "routes/huxi-workers-movement/", "plan": "plan/"}
CATEGORIES = ["performance", "accessibility", "best-practices", "seo"]
HOME_BUDGET = 150 * 1024
CHROME_FLAGS = ("--headless=new --no-sandbox --disable-gpu --disable-quic --no-first-run "
                "--disable-background-networking --disable-component-update --disable-sync "
                "--host-resolver-rules=\"MAP * ~NOTFOUND , EXCLUDE 127.0.0.1 , EXCLUDE localhost\"")


def build(site_dir: Path) -> None:
    # --strict refuses the local default address; the audit does not depend on where the site will live.
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "SITE_URL": os.environ.get("SITE_URL") or "https://banma-suhe.test/"}
    subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-q", "-d", str(site_dir)],
                   cwd=ROOT, env=env, check=True)


def audit(url: str, out: Path) -> dict:
    lighthouse = ROOT / "node_modules" / ".bin" / "lighthouse"
    env = {**os.environ, "CHROME_PATH": shutil.which("chromium") or "/usr/bin/chromium"}
    subprocess.run([str(lighthouse), url, "--quiet", "--output=json", f"--output-path={out}",
                    f"--only-categories={','.join(CATEGORIES)}", f"--chrome-flags={CHROME_FLAGS}"],
                   env=env, check=True, timeout=300)
    return json.loads(out.read_text(encoding="utf-8"))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--site", type=Path, help="an already built site folder (default: build one)")
    parser.add_argument("--runs", type=int, default=3, help="audits per page; the median is reported")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as temp:
        site_dir = args.site or Path(temp) / "site"
        if not args.site:
            build(site_dir)
        server = serve(str(site_dir))
        base = f"http://127.0.0.1:{server.server_address[1]}/"
        rows, met = [], True
        for name, path in PAGES.items():
            reports = [audit(base + path, Path(temp) / "report.json") for _ in range(args.runs)]
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
    print(f"median of {args.runs} runs per page")
    print(f"{'page':<16}{'perf':>6}{'a11y':>6}{'best':>6}{'seo':>6}{'KB (gzip)':>11}  failing audits")
    for name, scores, total, failing in rows:
        print(f"{name:<16}" + "".join(f"{scores[c]:>6}" for c in CATEGORIES) + f"{total / 1024:>11.1f}  "
              + (", ".join(failing) or "-"))
    print(f"targets (all 100; home < {HOME_BUDGET // 1024} KB): {'MET' if met else 'NOT MET'}")
    return 0 if met else 1


if __name__ == "__main__":
    sys.exit(main())
