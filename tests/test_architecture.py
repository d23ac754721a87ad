"""The shape #11 asks for: a data layer without rendering libraries, a site plan without MkDocs,
a thin MkDocs adapter, one validator run for every problem, nothing written into the checkout."""
from __future__ import annotations

import ast
import json
import os
import shutil
import subprocess
import sys
from importlib import metadata
from pathlib import Path

import pytest
import yaml
from helpers import FIXTURE, problems_of, write
from packaging.requirements import Requirement

ROOT = Path(__file__).resolve().parents[1]

# Runs a script with the given top-level modules (installed packages) refused on import.
BLOCKER = """
import importlib.abc, sys, runpy
blocked = set(sys.argv[1].split(","))
class Block(importlib.abc.MetaPathFinder):
    def find_spec(self, name, path=None, target=None):
        if name.split(".")[0] in blocked:
            raise ModuleNotFoundError(f"blocked for this test: {name}", name=name)
        return None
sys.meta_path.insert(0, Block())
sys.argv = sys.argv[2:]
if sys.argv[0] == "-m":  # python -m module
    sys.argv = sys.argv[1:]
    runpy.run_module(sys.argv[0], run_name="__main__", alter_sys=True)
else:
    runpy.run_path(sys.argv[0], run_name="__main__")
"""


def _modules_of(distribution: str, seen: set[str] | None = None) -> set[str]:
    """Top-level import names of a distribution and everything it requires (as installed here)."""
    seen = set() if seen is None else seen
    name = Requirement(distribution).name.lower().replace("_", "-")
    if name in seen:
        return set()
    seen.add(name)
    try:
        dist = metadata.distribution(name)
    except metadata.PackageNotFoundError:
        return set()  # required only on other Pythons
    tops = {Path(str(f)).parts[0].removesuffix(".py") for f in dist.files or []
            if str(f).endswith(".py") and not str(f).startswith(("..", "bin/"))}
    for text in dist.requires or []:
        requirement = Requirement(text)
        if requirement.marker is None or requirement.marker.evaluate({"extra": ""}):
            tops |= _modules_of(str(requirement), seen)
    return {t for t in tops if t.isidentifier()}


def _installed() -> set[str]:
    return {name for dist in metadata.distributions() for name in _modules_of(dist.metadata["Name"])}


def _run_blocked(allowed: set[str], script: str, *args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess:
    """Run a script where only the `allowed` installed packages (and the standard library) can be imported."""
    blocked = _installed() - allowed
    return subprocess.run([sys.executable, "-c", BLOCKER, ",".join(sorted(blocked)), script, *args],
                          cwd=cwd, capture_output=True, text=True, timeout=300)


def test_pre_commit_hooks_run_with_only_their_declared_dependencies():
    config = yaml.safe_load((ROOT / ".pre-commit-config.yaml").read_text(encoding="utf-8"))
    hooks = {hook["id"]: hook for repo in config["repos"] for hook in repo["hooks"]}
    for hook_id in ("check-data", "generated-schemas"):
        hook = hooks[hook_id]
        allowed = set().union(*(_modules_of(d) for d in hook["additional_dependencies"]))
        assert "jinja2" not in allowed and "mkdocs" not in allowed
        # pre-commit runs `python -m banma.cli.…` from the checkout, in an environment with only these packages:
        # the project's own code comes from the checkout, not from an installed copy.
        allowed.add("banma")
        assert hook["entry"].startswith("python -m banma.cli."), hook["entry"]
        script, *args = hook["entry"].split("#")[0].split()[1:]
        result = _run_blocked(allowed, script, *args)
        assert result.returncode == 0, f"{hook_id}:\n{result.stdout[-2000:]}\n{result.stderr[-3000:]}"


def test_the_blocker_does_block():
    """The check above can fail: the site build needs packages (Jinja2, …) that the hooks do not declare."""
    config = yaml.safe_load((ROOT / ".pre-commit-config.yaml").read_text(encoding="utf-8"))
    check = next(hook for repo in config["repos"] for hook in repo["hooks"] if hook["id"] == "check-data")
    allowed = set().union(*(_modules_of(d) for d in check["additional_dependencies"])) | {"banma"}
    result = _run_blocked(allowed, "-m", "banma.cli.build_plan", "/nonexistent")
    assert result.returncode != 0 and "blocked for this test" in result.stderr
    assert "blocked for this test: banma" not in result.stderr  # the project's own code was importable


def test_site_plan_is_written_without_mkdocs(tmp_path):
    allowed = _installed() - {"mkdocs", "material", "mkdocs_macros", "jieba"}
    result = _run_blocked(allowed, "-m", "banma.cli.build_plan", str(tmp_path / "out"))
    assert result.returncode == 0, result.stderr[-3000:]
    summary = json.loads((tmp_path / "out" / "pages.json").read_text(encoding="utf-8"))
    landmarks = sorted(p.stem for p in (ROOT / "data" / "landmarks").glob("*.yaml"))
    published = [p for p in landmarks if "draft: true" not in (ROOT / f"data/landmarks/{p}.yaml").read_text("utf-8")]
    urls = {page["url"] for page in summary["pages"]}
    assert {f"landmarks/{p}/" for p in published} <= urls
    some = published[0]
    html = (tmp_path / "out" / "landmarks" / some / "index.html").read_text(encoding="utf-8")
    assert "<h1" in html or "<h2" in html
    assert "downloads/landmarks.json" in summary["files"]


def test_mkdocs_facing_code_is_at_most_130_lines():
    """Thin: a plugin class with a typed config, File and Page subclasses for what it adds, one method per event.
    (It was 100 lines as a hook that patched MkDocs' objects instead.)"""
    def code_lines(path: Path) -> int:
        source = path.read_text(encoding="utf-8")
        docstrings = {node.body[0].lineno for node in ast.walk(ast.parse(source))
                      if isinstance(node, (ast.Module, ast.FunctionDef, ast.ClassDef)) and node.body
                      and isinstance(node.body[0], ast.Expr) and isinstance(node.body[0].value, ast.Constant)}
        count = 0
        in_docstring = False
        for number, line in enumerate(source.splitlines(), 1):
            stripped = line.strip()
            if number in docstrings or in_docstring:
                quotes = stripped.count('"""')
                in_docstring = (quotes == 1) != in_docstring if (number in docstrings or in_docstring) else False
                continue
            if stripped and not stripped.startswith("#"):
                count += 1
        return count

    total = code_lines(ROOT / "macros/plugin.py") + code_lines(ROOT / "macros/__init__.py")
    assert total <= 130, total


def test_nothing_outside_macros_imports_mkdocs():
    for path in [*(ROOT / "banma").rglob("*.py"), *(ROOT / "scripts").glob("*.py")]:
        if path.name == "bench.py":
            continue  # the benchmark runs MkDocs builds on purpose
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            names = [a.name for a in node.names] if isinstance(node, ast.Import) else \
                [node.module or ""] if isinstance(node, ast.ImportFrom) else []
            assert not any(n.split(".")[0] in ("mkdocs", "material", "macros") for n in names), path


def test_one_run_reports_per_file_and_cross_file_problems_together(tmp_path):
    project = tmp_path / "project"
    shutil.copytree(FIXTURE, project)
    museum = (project / "data/landmarks/museum-b.yaml").read_text(encoding="utf-8")
    write(project, "data/landmarks/museum-b.yaml", museum.replace("summary: 第二个测试地点。\n", ""))
    route = (project / "data/routes/route-r.yaml").read_text(encoding="utf-8")
    write(project, "data/routes/route-r.yaml", route.replace("landmark: station-a", "landmark: station-x"))
    found = {(p.path, p.field) for p in problems_of(project)}
    assert ("data/landmarks/museum-b.yaml", "summary") in found
    assert ("data/routes/route-r.yaml", "stops.0.landmark") in found
    # museum-b exists but has a problem of its own: the route's stop there is not reported as dangling.
    assert ("data/routes/route-r.yaml", "stops.1.landmark") not in found


@pytest.mark.slow
def test_a_build_of_a_fresh_clone_writes_nothing_into_it(tmp_path):
    clone = tmp_path / "clone"
    subprocess.run(["git", "clone", "-q", "--no-hardlinks", str(ROOT), str(clone)], check=True)
    # The working tree under test, not only its last commit.
    for folder in ("banma", "macros", "docs", "data", "scripts"):
        shutil.rmtree(clone / folder, ignore_errors=True)
        shutil.copytree(ROOT / folder, clone / folder, ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(ROOT / "mkdocs.yml", clone / "mkdocs.yml")
    subprocess.run(["git", "add", "-A"], cwd=clone, check=True)
    subprocess.run(["git", "-c", "user.name=t", "-c", "user.email=t@t", "commit", "-q", "-m", "tree", "--allow-empty"],
                   cwd=clone, check=True)
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "PYTHONPYCACHEPREFIX": str(tmp_path / "pycache")}
    result = subprocess.run([sys.executable, "-m", "mkdocs", "build", "-q", "-d", str(tmp_path / "site")],
                            cwd=clone, env=env, capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stderr[-3000:]
    status = subprocess.run(["git", "status", "--ignored", "--porcelain"], cwd=clone, capture_output=True, text=True)
    assert status.stdout == "", status.stdout


def test_the_plugin_keeps_its_state_on_itself_and_adds_no_attribute_to_mkdocs_objects(tmp_path):
    """macros/plugin.py: no module-level state, and every attribute it sets on an object of MkDocs (a page, the
    config, a file, the theme's Jinja environment) is one that object already has; its own subclass aside."""
    from jinja2 import Environment
    from mkdocs.config import load_config
    from mkdocs.structure.files import File
    from mkdocs.structure.pages import Page

    source = (ROOT / "macros/plugin.py").read_text(encoding="utf-8")
    tree = ast.parse(source)
    for node in tree.body:  # module level: imports, classes, functions, constants only
        if isinstance(node, (ast.Assign, ast.AnnAssign)):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            assert all(isinstance(t, ast.Name) and t.id.isupper() for t in targets), ast.unparse(node)
    config = load_config(str(ROOT / "mkdocs.yml"))
    page = Page(None, File("x.md", str(tmp_path), str(tmp_path / "site"), True), config)
    owners = {"config": config, "page": page, "env": Environment()}
    set_on = [(node.value.id, node.attr) for node in ast.walk(tree)
              if isinstance(node, ast.Attribute) and isinstance(node.ctx, ast.Store) and isinstance(node.value, ast.Name)]
    assert set_on, "the check found no assignment at all"
    for owner, attribute in set_on:
        if owner in ("self", "ours"):  # the plugin itself; its own logger
            continue
        if owner == "file":  # only ever PlannedFile, this plugin's own subclass
            assert attribute == "rewrite" and "class PlannedFile(File)" in source
            continue
        assert owner in owners, f"{owner}.{attribute}: an object the test does not know"
        assert hasattr(owners[owner], attribute), f"{owner}.{attribute} is not an attribute MkDocs defines"
