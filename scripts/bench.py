"""Build speed, memory and search-index size at scale, against a plain Material site of the same content.

    python scripts/bench.py                 # 100, 1,000 and 5,000 items
    python scripts/bench.py --sizes 1000    # one size
    python scripts/bench.py --quick         # a dozen items over the test fixture, one run: CI's smoke run
    python scripts/bench.py --serve         # also: how fast `mkdocs serve` shows a YAML change

The baseline's Chinese search needs jieba: pip install -r requirements-bench.txt.

For each size it writes a synthetic but valid data set (landmarks, routes with stops, stories with
800-1,500 characters of Chinese, tags and cross-references; every record goes through the real
models before it is written), builds the full site, builds a plain Material site of equivalent
Markdown pages with the same theme settings, and prints wall and CPU time, peak memory, output and
search-index sizes, our own stages, and the targets. Each build runs in its own process.

Builds are measured as CI runs them: each into a new output folder (a CI runner starts from a fresh checkout;
rebuilding into a just-emptied folder is slower on ext4, which avoids reusing inodes freed in the last seconds),
and both warm (the image cache and jieba's dictionary cache kept from an untimed first build) and cold (both
caches empty, as on a fresh runner without the workflow's cache). Ours and the baseline alternate, cold and warm.
"""
from __future__ import annotations

import argparse
import gzip
import importlib.util
import json
import os
import random
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]

from banma.records.landmark import Landmark  # noqa: E402
from banma.records.loader import load_site  # noqa: E402
from banma.records.route import Route  # noqa: E402
from banma.records.source import Source  # noqa: E402
from banma.records.story import Story  # noqa: E402
from banma.settings import Settings  # noqa: E402

DATA = ROOT / "data"
FIXTURE = ROOT / "tests" / "fixtures" / "minimal" / "data"  # what --quick builds on: never today's real data
QUICK_SIZE = 12
# The speed issue's targets (#39): wall time against plain Material, CPU no more than plain Material's, the preview.
TARGETS = {"time_ratio_warm": 0.5, "time_ratio_cold": 0.7, "cpu_ratio": 1.0, "scale_5000": 5.0, "peak_mib_5000": 300,
           "validator_5000_s": 3.0, "serve_s": {1000: 0.5, 5000: 1.5}}


# ---- synthetic data -------------------------------------------------------------------------------

SYNTHETIC_DATE = "2023-03-01"


def sentence_pool(data: Path = DATA) -> list[str]:
    """The plan's Chinese sentences: what synthetic texts are made of (and what their source quotes)."""
    seed = (data / "plan.yaml").read_text(encoding="utf-8")
    text = "".join(re.findall(r"[\u4e00-\u9fff“”《》、,，0-9]+[。；]", seed))
    return [s for s in re.split(r"(?<=[。；])", text) if len(s) > 8]


def chinese(rng: random.Random, pool: list[str], low: int, high: int) -> str:
    target, parts = rng.randint(low, high), []
    while sum(map(len, parts)) < target:
        parts.append(rng.choice(pool))
    paragraphs, current = [], []
    for sentence in parts:
        current.append(sentence)
        if len(current) >= rng.randint(3, 6):
            paragraphs.append("".join(current))
            current = []
    paragraphs.append("".join(current))
    return "\n\n".join(p for p in paragraphs if p)


def synthetic_records(count: int, seed: int = 7, data: Path = DATA) -> dict[str, dict[str, dict]]:
    """count items: 30% landmarks, 10% routes, 60% stories, on top of the records of `data` (a data folder);
    validated by the real models."""
    rng, pool = random.Random(seed), sentence_pool(data)
    site = load_site(data.parent)
    kinds = [t.id for t in site.vocabulary.landmark_kinds]
    streets = [t.id for t in site.vocabulary.streets]
    bridges = [b.id for b in site.course.bridges]
    tags = [t.id for t in site.vocabulary.tags]
    categories = [t.id for t in site.vocabulary.route_categories]
    items = list(site.plan_items)
    places = ["长寿", "宜川", "曹杨", "长风", "甘泉", "石泉", "真如", "万里", "桃浦", "武宁", "中江", "光复"]
    nouns = ["滨河驿站", "党群服务站", "口袋公园", "社区花园", "纪念馆", "展示馆", "码头", "绿地", "创意园", "文化站"]
    source = "bench-synthetic"  # one register entry that every synthetic item cites
    n_landmarks, n_routes = max(2, count * 3 // 10), max(1, count // 10)
    n_stories = max(1, count - n_landmarks - n_routes)
    records = real_records(data)  # the plan refers to real landmarks; synthetic items come on top
    # Its quotes are the sentences the synthetic texts are made of: every figure they state is quoted, as the
    # validator requires of real data; its date is every synthetic story's.
    records["sources"][source] = {"title": "基准测试用合成数据", "publisher": site.vocabulary.publishers[0].id,
                                  "date": SYNTHETIC_DATE, "type": "official", "offline": "scripts/bench.py 生成",
                                  "note": "scripts/bench.py 生成，不是事实", "quotes": list(pool)}
    for i in range(n_landmarks):
        data = {"name": f"{rng.choice(places)}{rng.choice(nouns)}{i + 1}号", "kind": rng.choice(kinds),
                "summary": chinese(rng, pool, 30, 60).replace("\n", ""), "description": chinese(rng, pool, 300, 600),
                "street": rng.choice(streets), "services": rng.sample(["食堂", "卫生服务", "阅览", "休息", "饮水"], 2),
                "sources": [source]}
        if i % 3 == 0:
            data["creek"] = {"bridge": rng.choice(bridges), "side": rng.choice(["upstream", "downstream"]),
                             "bank": rng.choice(["left", "right"]), "wording": "合成位置", "source": source}
        records["landmarks"][f"place-{i + 1}"] = data
    landmark_ids = list(records["landmarks"])
    for i in range(n_routes):
        stops = rng.sample(landmark_ids, k=min(len(landmark_ids), rng.randint(3, 6)))
        records["routes"][f"route-{i + 1}"] = {
            "name": f"{rng.choice(places)}红色寻访线路{i + 1}", "category": rng.choice(categories),
            "theme": "红色文化", "summary": chinese(rng, pool, 30, 60).replace("\n", ""),
            "description": chinese(rng, pool, 200, 400),
            "stops": [{"landmark": s, "note": chinese(rng, pool, 15, 30).replace("\n", "")} for s in stops],
            "sources": [source]}
    for i in range(n_stories):
        records["stories"][f"story-{i + 1}"] = {
            "title": f"{rng.choice(places)}亲河社区故事第{i + 1}篇", "date": SYNTHETIC_DATE,
            "street": rng.choice(streets), "community": f"{rng.choice(places)}小区",
            "summary": chinese(rng, pool, 30, 60).replace("\n", ""), "body": chinese(rng, pool, 800, 1500),
            "tags": rng.sample(tags, 2), "landmarks": rng.sample(landmark_ids, 2),
            "plan_items": [rng.choice(items)], "sources": [source]}
    models = {"landmarks": Landmark, "routes": Route, "stories": Story, "sources": Source}
    for kind, found in records.items():  # every record through the real model, as the loader reads text
        for record in found.values():
            models[kind].model_validate(_as_text(record))
    return records


def real_records(data: Path = DATA) -> dict[str, dict[str, dict]]:
    """Every landmark, route and story of a data folder, as the loader reads them (text values)."""
    from banma.records.yaml_reader import read_yaml
    return {kind: {path.stem: read_yaml(path, path.name)[0].data for path in sorted((data / kind).glob("*.yaml"))}
            for kind in ("landmarks", "routes", "stories", "sources")}


def _as_text(value):
    if isinstance(value, dict):
        return {k: _as_text(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_as_text(v) for v in value]
    return value if value is None or isinstance(value, str) else str(value)


def write_project(target: Path, records: dict, base: Path = DATA) -> Path:
    """The real site (mkdocs.yml, docs/, macros/, banma/) over `records` and the shared files of the data folder
    `base`. The real photos come along only with the real data (beside other data they would be unused)."""
    from banma.records.common import IMAGE_FOLDER
    shutil.copy(ROOT / "mkdocs.yml", target / "mkdocs.yml")
    photos = None if base.resolve() == DATA.resolve() else (ROOT / IMAGE_FOLDER).resolve()
    def ignored(folder: str, names: list[str]) -> list[str]:
        return [n for n in names if n == "__pycache__" or (Path(folder, n).resolve() == photos)]
    for folder in ("docs", "macros", "banma"):
        shutil.copytree(ROOT / folder, target / folder, ignore=ignored)
    data = target / "data"
    data.mkdir()
    for name in ("vocabularies.yaml", "plan.yaml", "course.yaml"):
        shutil.copy(base / name, data / name)
    for kind, found in records.items():
        (data / kind).mkdir()
        for record_id, record in found.items():
            text = yaml.safe_dump(_as_text(record), allow_unicode=True, sort_keys=False, width=10_000)
            (data / kind / f"{record_id}.yaml").write_text(text, encoding="utf-8")
    return target


def write_plain_material(target: Path, records: dict) -> Path:
    """The same content as plain Markdown pages, with the same theme settings and no macros or hooks."""
    config = yaml.safe_load(re.sub(r"!ENV \[[A-Z_]+(, [^\]]*)?\]", "''", (ROOT / "mkdocs.yml").read_text("utf-8")))
    plain = {key: config[key] for key in ("site_name", "theme", "markdown_extensions")}
    plain["site_description"] = Settings().description
    plain["theme"] = {k: v for k, v in config["theme"].items() if k != "custom_dir"}
    plain["plugins"] = [{"search": config["plugins"][0]["search"]}]
    plain["site_url"] = "http://127.0.0.1:8000/"
    (target / "mkdocs.yml").write_text(yaml.safe_dump(plain, allow_unicode=True), encoding="utf-8")
    docs = target / "docs"
    for kind in ("landmarks", "routes", "stories"):
        (docs / kind).mkdir(parents=True)
    (docs / "index.md").write_text("# 半马苏河\n\n基准测试首页。\n", encoding="utf-8")
    def sources(r) -> str:  # the numbered source list every item page ends with, as an expert would write it
        entries = [records["sources"][i] for i in r.get("sources") or []]
        return "\n\n## 信息来源\n\n" + "\n".join(
            f"1. [{e['title']}]({e['url']})" if e.get("url") else f"1. {e['title']}" for e in entries) + "\n"

    for record_id, r in records["landmarks"].items():
        (docs / "landmarks" / f"{record_id}.md").write_text(
            f"# {r['name']}\n\n{r['summary']}\n\n## 介绍\n\n{r.get('description') or ''}\n\n## 服务\n\n"
            + "\n".join(f"- {s}" for s in r.get("services") or []) + sources(r), encoding="utf-8")
    for record_id, r in records["routes"].items():
        stops = "\n".join(f"1. {records['landmarks'][s['landmark']]['name']}：{s.get('note') or ''}" for s in r["stops"])
        (docs / "routes" / f"{record_id}.md").write_text(
            f"# {r['name']}\n\n{r['summary']}\n\n## 站点\n\n{stops}\n\n## 介绍\n\n{r.get('description') or ''}"
            + sources(r), encoding="utf-8")
    for record_id, r in records["stories"].items():
        (docs / "stories" / f"{record_id}.md").write_text(
            f"# {r['title']}\n\n{r['date']} · {r.get('community') or ''}\n\n{r['summary']}\n\n{r['body']}"
            + sources(r), encoding="utf-8")
    return target


def write_strong_material(target: Path, records: dict, search: bool = True) -> Path:
    """The strongest fair baseline: plain Material as an expert would build it — items reached from index
    pages, kept out of the nav (a nav of thousands of pages makes Material's build quadratic), and search
    segmented by jieba with every name of the data in its user dictionary."""
    write_plain_material(target, records)
    config = yaml.safe_load((target / "mkdocs.yml").read_text(encoding="utf-8"))
    config["nav"] = [{"首页": "index.md"}]
    config["not_in_nav"] = "/landmarks/*\n/routes/*\n/stories/*\n"
    if search and importlib.util.find_spec("jieba") is None:
        print("(note) jieba is not installed: the baseline's search does not segment Chinese; "
              "pip install -r requirements-bench.txt for the real baseline", file=sys.stderr)
    elif search:
        names = [r["name"] for r in records["landmarks"].values()] + [r["name"] for r in records["routes"].values()]
        names += [a for r in records["landmarks"].values() for a in r.get("aliases") or []]
        (target / "names.txt").write_text("".join(f"{n} 10\n" for n in sorted(set(names))), encoding="utf-8")
        config["plugins"][0]["search"]["jieba_dict_user"] = str(target / "names.txt")
    if not search:
        config["plugins"] = []
    (target / "mkdocs.yml").write_text(yaml.safe_dump(config, allow_unicode=True), encoding="utf-8")
    return target


# ---- measuring ------------------------------------------------------------------------------------

RUNNER = """
import json, logging, os, resource, sys, time
from mkdocs.__main__ import cli

class Stages(logging.Handler):  # the site plan logs how long its own stages took
    def emit(self, record):
        if hasattr(record, "seconds"):
            print("STAGES", json.dumps(record.seconds), flush=True)

logging.getLogger("banma").addHandler(Stages())
started = time.perf_counter()
try:
    cli(["build", "-q", "-f", sys.argv[1], "-d", sys.argv[2]], standalone_mode=False)
finally:
    wall = time.perf_counter() - started
    me, workers = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = me.ru_utime + me.ru_stime + workers.ru_utime + workers.ru_stime
    print("BENCH", wall, cpu, me.ru_maxrss, workers.ru_maxrss, flush=True)
"""


def measure_build(project: Path, site_dir: Path, caches: Path) -> dict:
    """One build into site_dir (a new folder), with its user cache and temporary files under `caches`."""
    (caches / "tmp").mkdir(parents=True, exist_ok=True)
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "XDG_CACHE_HOME": str(caches), "TMPDIR": str(caches / "tmp")}
    result = subprocess.run([sys.executable, "-c", RUNNER, str(project / "mkdocs.yml"), str(site_dir)],
                            cwd=project, env=env, capture_output=True, text=True)
    line = next((out for out in result.stdout.splitlines() if out.startswith("BENCH")), None)
    if result.returncode or line is None:
        raise SystemExit(f"build failed in {project}:\n{result.stdout[-2000:]}\n{result.stderr[-3000:]}")
    _, wall, cpu, maxrss, worker_maxrss = line.split()
    # The whole search index on disk (Material's one file; ours, every shard): a phone fetches only
    # a few of our shards, which scripts/bench_search.py measures in a browser.
    parts = [p.read_bytes() for p in (site_dir / "search").rglob("*.json")]
    return {"wall": float(wall), "cpu": float(cpu), "peak_mib": int(maxrss) / 1024,
            "worker_peak_mib": int(worker_maxrss) / 1024,  # the largest worker process (forked: shares pages)
            "output_mib": sum(p.stat().st_size for p in site_dir.rglob("*") if p.is_file()) / 2**20,
            "index_raw_kib": sum(map(len, parts)) / 1024,
            "index_gzip_kib": sum(len(gzip.compress(part, 9)) for part in parts) / 1024,
            "stages": json.loads(stages) if (stages := _stages_line(result.stdout)) else {}}


ZENSICAL = Path(sys.executable).with_name("zensical")


def measure_zensical(project: Path, work: Path, caches: Path) -> float | None:
    """The same site built by Zensical (scripts/build_zensical.py: the site plan, the docs folder, zensical build):
    wall seconds, or None where Zensical is not installed (requirements-test.txt pins it)."""
    if not ZENSICAL.is_file():
        print(f"(skipped) Zensical is not installed ({ZENSICAL}): no Zensical build", file=sys.stderr)
        return None
    started = time.perf_counter()
    result = subprocess.run([sys.executable, str(ROOT / "scripts/build_zensical.py"), "--root", str(project),
                             "--keep", str(work / "zensical-project"), "--site", str(work / "site-zensical")],
                            cwd=project, capture_output=True, text=True,
                            env={**os.environ, "XDG_CACHE_HOME": str(caches)})
    if result.returncode:
        raise SystemExit(f"zensical build failed:\n{result.stdout[-2000:]}\n{result.stderr[-3000:]}")
    return time.perf_counter() - started


def _stages_line(stdout: str) -> str | None:
    """Every STAGES line (the site plan's, the search index's), merged into one JSON object."""
    stages = {}
    for line in stdout.splitlines():
        if line.startswith("STAGES "):
            stages.update(json.loads(line.split(" ", 1)[1]))
    return json.dumps(stages) if stages else None


def _range(values: list[float]) -> str:
    return f"{min(values):.1f}–{max(values):.1f}"


def measure_validator(project: Path) -> float:
    started = time.perf_counter()
    result = subprocess.run([sys.executable, str(ROOT / "scripts/check_data.py"), "--root", str(project)],
                            capture_output=True, text=True)
    if result.returncode:
        raise SystemExit("synthetic data did not validate:\n" + result.stdout[-3000:])
    return time.perf_counter() - started


def measure_serve(count: int, port: int = 8123, data: Path = DATA) -> float:
    """Seconds from saving a one-item YAML change to `mkdocs serve` serving it, on `count` synthetic items.

    Live reload stays on: in MkDocs 1.6 `--no-livereload` also stops rebuilding on changes.
    """
    records = synthetic_records(count, data=data)
    landmark_id, landmark = next(iter(records["landmarks"].items()))
    with tempfile.TemporaryDirectory() as temp:
        project = write_project(Path(temp), records, data)
        env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
        server = subprocess.Popen([sys.executable, "-m", "mkdocs", "serve", "--dirty", "-a", f"127.0.0.1:{port}"],
                                  cwd=project, env=env,
                                  stdout=subprocess.DEVNULL, stderr=(project / "serve.log").open("w"))
        url = f"http://127.0.0.1:{port}/landmarks/{landmark_id}/"
        try:
            _wait_for(url, lambda text: landmark["name"] in text, 600, project / "serve.log")
            path = project / f"data/landmarks/{landmark_id}.yaml"
            path.write_text(path.read_text("utf-8").replace("summary: ", "summary: 已更新 "), encoding="utf-8")
            started = time.perf_counter()
            _wait_for(url, lambda text: "已更新" in text, 120, project / "serve.log")
            return time.perf_counter() - started
        finally:
            server.terminate()
            server.wait(10)


_LOCAL = urllib.request.build_opener(urllib.request.ProxyHandler({}))  # never send loopback requests to a proxy


def _wait_for(url: str, ready, limit: float, log: Path) -> None:
    deadline = time.perf_counter() + limit
    while time.perf_counter() < deadline:
        try:
            with _LOCAL.open(url, timeout=2) as response:
                if ready(response.read().decode("utf-8")):
                    return
        except OSError:
            pass
        time.sleep(0.05)
    raise SystemExit(f"timed out waiting for {url}:\n{log.read_text(encoding='utf-8')[-3000:]}")


# ---- report ---------------------------------------------------------------------------------------

def run_size(count: int, repeats: int = 3, old_baseline: bool = False, data: Path = DATA,
             quick: bool = False) -> dict:
    """Our build and the strongest plain Material build of the same content, interleaved, `repeats` times each
    warm and cold; every build into a new folder, all removed at the end. quick: one cold build, then one warm
    build over the caches it filled (no untimed first build): every path taken once, as cheaply as can be."""
    records = synthetic_records(count, data=data)
    with tempfile.TemporaryDirectory() as temp:
        temp = Path(temp)
        for name in ("ours", "plain", "old"):
            (temp / name).mkdir()
        ours = write_project(temp / "ours", records, data)
        plain = write_strong_material(temp / "plain", records)
        validator = measure_validator(ours)
        builds = iter(range(10_000))
        def fresh() -> Path:
            return temp / "out" / str(next(builds))
        if not quick:  # untimed: fills the warm caches (images, jieba's dictionary)
            measure_build(ours, fresh(), temp / "warm")
            measure_build(plain, fresh(), temp / "warm")
        runs = {"warm": [], "cold": []}
        zensical = []
        for _ in range(repeats):
            for mode in ("cold", "warm") if quick else ("warm", "cold"):
                caches = ((lambda: temp / "warm") if mode == "warm" or quick
                          else (lambda: temp / "cold" / str(next(builds))))
                runs[mode].append((measure_build(ours, fresh(), caches()), measure_build(plain, fresh(), caches())))
            zensical.append(measure_zensical(ours, temp, temp / "warm"))
        old = (measure_build(write_plain_material(temp / "old", records), fresh(), temp / "warm")
               if old_baseline else None)
    result = {"count": count, "validator": validator, "old": old, "pages": {k: len(v) for k, v in records.items()},
              "walls": {"zensical": [z for z in zensical if z is not None]}}
    for mode, pairs in runs.items():
        result[mode] = {"ours": _median_run([o for o, _ in pairs]), "plain": _median_run([p for _, p in pairs]),
                        "walls": {"ours": [o["wall"] for o, _ in pairs], "plain": [p["wall"] for _, p in pairs]}}
    return result


def _median_run(runs: list[dict]) -> dict:
    middle = statistics.median(run["wall"] for run in runs)
    return min(runs, key=lambda run: abs(run["wall"] - middle))


def report(results: list[dict], serve: dict[int, float] | None) -> bool:
    print("Baseline: plain Material of the same content, items out of the nav, jieba with the data's names.")
    print("Every build into a new folder; warm: image and jieba caches from an untimed first build; cold: both caches")
    print("empty, as on a fresh CI runner. Times are the median of interleaved runs, with their range; peak memory of")
    print("the build process, and of its largest worker (forked: it shares most of its pages with the build).")
    print(f"{'items':>6} {'caches':>6} {'build s':>8} {'(range)':>11} {'plain s':>8} {'(range)':>11} {'ratio':>6} "
          f"{'cpu s':>6} {'peak MiB':>9} {'worker':>7} {'out MiB':>8} {'index KiB raw/gz':>17} {'plain gz':>9} "
          f"{'validate s':>10}")
    for r in results:
        for mode in ("warm", "cold"):
            m = r[mode]
            o, p = m["ours"], m["plain"]
            mine, theirs = statistics.median(m["walls"]["ours"]), statistics.median(m["walls"]["plain"])
            print(f"{r['count']:>6} {mode:>6} {mine:>8.1f} {_range(m['walls']['ours']):>11} {theirs:>8.1f} "
                  f"{_range(m['walls']['plain']):>11} {mine / theirs:>6.2f} {o['cpu']:>6.1f} {o['peak_mib']:>9.0f} "
                  f"{o['worker_peak_mib']:>7.0f} {o['output_mib']:>8.1f} "
                  f"{o['index_raw_kib']:>8.0f}/{o['index_gzip_kib']:<8.0f} {p['index_gzip_kib']:>9.0f} "
                  f"{r['validator']:>10.2f}")
        warm_plain = statistics.median(r["warm"]["walls"]["plain"])
        if r["old"]:
            print(f"{'':>6} (extra, the old baseline: every item in Material's nav, warm) {r['old']['wall']:.1f} s, "
                  f"ratio {statistics.median(r['warm']['walls']['ours']) / r['old']['wall']:.2f}")
        if r["walls"]["zensical"]:
            z = statistics.median(r["walls"]["zensical"])
            print(f"{'':>6} Zensical, warm (scripts/build_zensical.py: plan, docs folder, zensical build) {z:.1f} s "
                  f"{_range(r['walls']['zensical'])}, {z / warm_plain:.2f}x plain Material")
        for mode in ("warm", "cold"):
            stages = ", ".join(f"{name} {seconds:.2f} s" for name, seconds in r[mode]["ours"]["stages"].items())
            print(f"{'':>6} stages ({mode}): {stages}")
        print(f"{'':>6} (the search index, item pages' HTML and cards are made in workers while MkDocs renders; "
              f"pages {r['pages']})")
    met = True
    by_count = {r["count"]: r for r in results}

    def ratio(count: int, mode: str) -> float:
        walls = by_count[count][mode]["walls"]
        return statistics.median(walls["ours"]) / statistics.median(walls["plain"])
    checks = []
    for count in (1000, 5000):
        if count in by_count:
            for mode in ("warm", "cold"):
                checks.append((f"{count:,} items, {mode}: <= {TARGETS[f'time_ratio_{mode}']}x plain Material's wall",
                               ratio(count, mode), TARGETS[f"time_ratio_{mode}"]))
                runs = by_count[count][mode]
                checks.append((f"{count:,} items, {mode}: CPU <= {TARGETS['cpu_ratio']}x plain Material's",
                               runs["ours"]["cpu"] / runs["plain"]["cpu"], TARGETS["cpu_ratio"]))
    if 1000 in by_count and 5000 in by_count:
        checks.append(("5,000 items in <= 5x the 1,000-item time (warm)",
                       statistics.median(by_count[5000]["warm"]["walls"]["ours"])
                       / statistics.median(by_count[1000]["warm"]["walls"]["ours"]), TARGETS["scale_5000"]))
    if 5000 in by_count:
        peaks = [by_count[5000][mode]["ours"] for mode in ("warm", "cold")]
        checks.append(("peak memory at 5,000 items, build process (MiB) < 300", max(p["peak_mib"] for p in peaks),
                       TARGETS["peak_mib_5000"]))
        checks.append(("peak memory at 5,000 items, largest worker (MiB) < 300",
                       max(p["worker_peak_mib"] for p in peaks), TARGETS["peak_mib_5000"]))
        checks.append(("validator on 5,000 items (s) < 3", by_count[5000]["validator"], TARGETS["validator_5000_s"]))
    for r in results:  # what a phone downloads per query is measured by scripts/bench_search.py
        index = r["warm"]["ours"]["index_gzip_kib"] / r["warm"]["plain"]["index_gzip_kib"]
        print(f"(information) whole search index on disk, gzip, vs plain Material at {r['count']}: {index:.2f}")
    for count, seconds in (serve or {}).items():
        limit = TARGETS["serve_s"].get(count)
        if limit is not None:
            checks.append((f"mkdocs serve shows a one-item YAML change at {count:,} items (s) <= {limit:g}", seconds,
                           limit))
        else:
            print(f"(information) mkdocs serve shows a one-item YAML change at {count:,} items in {seconds:.2f} s")
    print()
    for name, value, limit in checks:
        ok = value <= limit
        met &= ok
        print(f"{'MET    ' if ok else 'NOT MET'} {name}: {value:.2f}")
    return met


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", type=int, nargs="+", default=[100, 1000, 5000])
    parser.add_argument("--quick", action="store_true",
                        help=f"{QUICK_SIZE} items over the test fixture's data, one run (CI smoke run: no target judged)")
    parser.add_argument("--data", type=Path, default=None,
                        help="the data folder synthetic items are added to (default: data/; --quick: the test fixture)")
    parser.add_argument("--serve", action="store_true",
                        help="also time `mkdocs serve` after a one-item YAML change, at each size")
    parser.add_argument("--repeats", type=int, default=3, help="interleaved runs per size (median and range)")
    parser.add_argument("--old-baseline", action="store_true",
                        help="also build the old baseline (every item in the nav): slow, for comparison only")
    args = parser.parse_args()
    sizes, repeats = ([QUICK_SIZE], 1) if args.quick else (args.sizes, args.repeats)
    data = (args.data or (FIXTURE if args.quick else DATA)).resolve()
    results = []
    for count in sizes:
        results.append(run_size(count, repeats, args.old_baseline, data, args.quick))
        print(f"... {count} items done", file=sys.stderr, flush=True)
    serve = {count: measure_serve(count, data=data) for count in sizes} if args.serve else None
    if args.quick:
        print(f"(quick) {QUICK_SIZE} items over {data}: every step ran once; no figure here is a measurement")
    met = report(results, serve)
    return 0 if met or args.quick else 1  # --quick is a smoke run: the targets are set at 1,000 and 5,000 items


if __name__ == "__main__":
    sys.exit(main())
